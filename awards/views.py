"""Public pages: results per event, per office and per channel.

Every page is served from the page cache to anonymous visitors (common/pagecache.py);
the committee, who may see drafts, always gets a fresh page.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from awards import selectors
from awards.certificates.storage import rendered_response
from awards.models import Ranking
from awards.resources import winner_list_file, winner_list_filename
from common.pagecache import cached_page
from common.spreadsheets import EXPORT_FORMATS


def event_description(event, summary: str) -> str:
    """The event's description for search engines and shared links, built from its own awards:
    “Winners of …, 2 November 2021, Banjarmasin: Terbaik Pengelolaan Website … (SKPD, Kelurahan).”
    The year alone when the day is unknown."""
    values = {
        "title": event.title,
        "date": date_format(event.held_on, "j F Y") if event.held_on else str(event.year),
        "city": event.city,
        "awards": summary,
    }
    if not summary:
        return gettext("Winners of %(title)s, %(date)s, %(city)s.") % values
    return gettext("Winners of %(title)s, %(date)s, %(city)s: %(awards)s.") % values


@cached_page()
def home(request):
    events = list(selectors.published_events())
    latest = events[0] if events else None
    sections = selectors.event_sections(latest) if latest else []
    context = {
        "events": events,
        "latest": latest,
        "sections": sections,
        "description": event_description(latest, selectors.event_summary(sections)) if latest else "",
        "channels": selectors.channels(),
    }
    return render(request, "awards/home.html", context)


def event_page_data(request, slug: str) -> dict:
    """Everything the event page shows, read from the database (the page's queries)."""
    event = selectors.event_for_viewer(slug=slug, user=request.user)
    sections = selectors.event_sections(event)
    return {
        "event": event,
        "signatories": selectors.event_signatories(event.pk),
        "sections": sections,
        "description": event_description(event, selectors.event_summary(sections)),
        "share_place": selectors.event_share_place(event, sections),
        "last_changed": selectors.event_last_changed(event, sections),
    }


@cached_page()
def event_detail(request, slug: str):
    return render(request, "awards/event_detail.html", event_page_data(request, slug))


def place_certificate(request, pk: int, fmt: str):
    """The certificate of a place of a published event, as PNG or PDF (drafts: 404 for everyone)."""
    ranking = selectors.place_for_download(pk=pk, published_only=True)
    return rendered_response(ranking, f"certificate-{fmt}", attachment=True)


def place_card(request, pk: int, shape: str):
    """A place's share card; the committee also sees those of drafts, which are never cached."""
    ranking = selectors.place_for_download(pk=pk, user=request.user, published_only=False)
    return rendered_response(ranking, f"card-{shape}", attachment=False)


@cached_page()
def office_detail(request, slug: str):
    office = selectors.office_for_viewer(slug=slug)
    places = selectors.office_places(office=office, user=request.user)
    context = {
        "office": office,
        "accounts": selectors.office_accounts(office),
        "places": places,
        "medals": selectors.medal_count(places),
        "share_place": selectors.office_share_place(office, places),
    }
    return render(request, "awards/office_detail.html", context)


@cached_page()
def channel_detail(request, code: str):
    channel = selectors.channel_for_viewer(code=code)
    context = {
        "channel": channel,
        "tables": selectors.channel_medal_tables(channel),
        "channels": selectors.channels(),
    }
    return render(request, "awards/channel_detail.html", context)


@require_safe
def event_winners_download(request, slug: str, fmt: str):
    """The winner list of a published event (drafts only for the committee) as a file."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    event = selectors.event_for_viewer(slug=slug, user=request.user)
    # A draft's list is an export, as in the admin: the same permission, whatever the format.
    if not event.is_published and not request.user.has_perm("awards.export_ranking"):
        raise PermissionDenied
    content = winner_list_file(Ranking.objects.filter(award__event=event), fmt, title=event.slug)
    return HttpResponse(
        content,
        content_type=EXPORT_FORMATS[fmt],
        headers={"Content-Disposition": content_disposition_header(True, winner_list_filename(event, fmt))},
    )
