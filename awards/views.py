from django.shortcuts import render

from awards.selectors import event_for_viewer, event_last_changed, published_events, winners_by_category


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
    sections = winners_by_category(event)
    context = {
        "event": event,
        "signatories": list(event.signatories.all()),
        "sections": sections,
        "last_changed": event_last_changed(event, sections),
    }
    return render(request, "awards/event_detail.html", context)
