"""Public pages: results per event, per office and per channel.

Every page is served from the page cache to anonymous visitors (smartcity_awards/pagecache.py);
the committee, who may see drafts, always gets a fresh page.
"""

from django.shortcuts import render

from awards import selectors
from smartcity_awards.pagecache import cached_page


@cached_page
def home(request):
    events = list(selectors.published_events())
    latest = events[0] if events else None
    context = {
        "events": events,
        "latest": latest,
        "sections": selectors.winners_by_category(latest) if latest else [],
        "channels": selectors.channels(),
    }
    return render(request, "awards/home.html", context)


@cached_page
def event_detail(request, slug: str):
    event = selectors.event_for_viewer(slug=slug, user=request.user)
    context = {
        "event": event,
        "signatories": list(event.signatories.all()),
        "sections": selectors.winners_by_category(event),
    }
    return render(request, "awards/event_detail.html", context)


@cached_page
def office_detail(request, slug: str):
    office = selectors.office_for_viewer(slug=slug)
    places = selectors.office_places(office=office, user=request.user)
    context = {
        "office": office,
        "accounts": selectors.office_accounts(office),
        "places": places,
        "medals": selectors.medal_count(places),
    }
    return render(request, "awards/office_detail.html", context)


@cached_page
def channel_detail(request, code: str):
    channel = selectors.channel_for_viewer(code=code)
    context = {
        "channel": channel,
        "tables": selectors.channel_medal_tables(channel),
        "channels": selectors.channels(),
    }
    return render(request, "awards/channel_detail.html", context)
