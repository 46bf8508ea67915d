from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from awards.models import Ranking
from awards.resources import winner_list_file, winner_list_filename
from awards.selectors import event_for_viewer, published_events, winners_by_category
from smartcity_awards.spreadsheets import EXPORT_FORMATS


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


@require_GET
def event_winners_download(request, slug: str, fmt: str):
    """The winner list of a published event (drafts only for the committee) as a file."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    event = event_for_viewer(slug=slug, user=request.user)
    content = winner_list_file(Ranking.objects.filter(event=event), fmt, title=event.slug)
    response = HttpResponse(content, content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{winner_list_filename(event, fmt)}"'
    return response
