from django.shortcuts import render

from awards.renders import rendered_response
from awards.selectors import event_for_viewer, place_for_download, published_events, winners_by_category


def home(request):
    events = list(published_events())
    latest = events[0] if events else None
    context = {
        "events": events,
        "latest": latest,
        "sections": winners_by_category(latest) if latest else [],
    }
    return render(request, "awards/home.html", context)


def event_detail(request, slug: str):
    event = event_for_viewer(slug=slug, user=request.user)
    context = {
        "event": event,
        "signatories": list(event.signatories.all()),
        "sections": winners_by_category(event),
    }
    return render(request, "awards/event_detail.html", context)


def place_certificate(request, pk: int, fmt: str):
    """The certificate of a place of a published event, as PNG or PDF (drafts: 404 for everyone)."""
    ranking = place_for_download(pk=pk, published_only=True)
    return rendered_response(ranking, f"certificate-{fmt}", attachment=True)


def place_card(request, pk: int, shape: str):
    """A place's share card; the committee also sees those of drafts, which are never cached."""
    ranking = place_for_download(pk=pk, user=request.user, published_only=False)
    return rendered_response(ranking, f"card-{shape}", attachment=False)
