"""Public pages: results per event, per office and per channel.

Every page is served from the page cache to anonymous visitors (common/pagecache.py);
the committee, who may see drafts, always gets a fresh page.
"""

import json

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.formats import date_format
from django.utils.http import content_disposition_header, parse_http_date_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from awards import selectors
from awards.models import Ranking, sees_drafts
from awards.resources import winner_list_file_of, winner_list_filename, winner_list_rows
from common import ratelimit
from common.pagecache import cached_page, content_etag, keep_until, public_cache_control
from common.security import client_ip
from common.spreadsheets import EXPORT_FORMATS
from results import changes, charts, downloads, open_data
from results import selectors as published
from results.certificates.storage import printed_rendered_response
from results.models import PublishedVersion


def event_description(event: PublishedVersion, summary: str) -> str:
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


def _etag(request, response: HttpResponse, *parts) -> str:
    return content_etag(response, *(str(part) for part in parts), request.LANGUAGE_CODE)


def _validators(response: HttpResponse, request, shown: list[PublishedVersion]) -> HttpResponse:
    """ETag and Last-Modified of a page drawn from these published versions; kept by no cache past
    the end of an appeal window it shows open."""
    keep_until(response, published.changes_by_itself(shown))
    if shown:
        tag, modified = published.validators(shown)
        response["ETag"] = _etag(request, response, tag)
        response["Last-Modified"] = modified
    return response


def _record(versions: list[PublishedVersion]) -> list[dict]:
    """Earlier versions as a later one's corrections section lists them, each with its changes in
    the reader's words."""
    return [
        {**changes.record_entry(version), "words": [changes.change_words(c) for c in version.changes]}
        for version in versions
    ]


@cached_page()
def home(request):
    current = published.current_versions()
    latest = published.printed_version(current[0], signatories=[]) if current else None
    sections = latest.awards if latest else []
    context = {
        "versions": current,
        "latest": latest.version if latest else None,
        "sections": sections,
        "description": event_description(latest.version, selectors.event_summary(sections)) if latest else "",
        "channels": selectors.channels(),
    }
    return _validators(render(request, "results/home.html", context), request, current)


def _page_context(printed: published.PrintedVersion, *, last_changed) -> dict:
    version = printed.version if printed.version.pk else None
    return {
        "event": printed.version.event,
        "printed": printed.version,
        "version": version,
        "record": _record(printed.earlier),
        "changes": [changes.change_words(c) for c in version.changes] if version else [],
        "signatories": printed.signatories,
        "sections": printed.awards,
        "breakdown": printed.breakdown,
        "description": event_description(printed.version, selectors.event_summary(printed.awards)),
        "share_place": printed.places[0] if printed.places else None,
        "last_changed": last_changed,
        # Counted from the places the page has already read: no query of its own.
        "standings": published.event_standings(published.held_from_rows(printed.places)),
    }


def event_page_data(request, slug: str) -> dict:
    """Everything the event page shows: the current version for the public (two queries), the
    live draft beside it, with the differences, for the committee."""
    # The committee sees the live draft; everyone else the current version.
    if not sees_drafts(request.user):
        printed = published.current_printed(slug)
        return _page_context(printed, last_changed=printed.version.published_at)
    event = selectors.event_for_viewer(slug=slug, user=request.user)
    draft = published.draft_printed(event)
    versions = published.versions_of_event(event)
    current = versions.latest
    current_printed = versions.printed(current) if current else None
    # Every service that writes the draft moves the event's updated_at.
    context = _page_context(draft, last_changed=event.updated_at)
    context.update(
        {
            "preview": True,
            "published_version": current,
            "draft_changes": [
                changes.change_words(c) for c in changes.version_changes(current_printed, draft)
            ],
            "share_place": None,
            # Every published version so far.
            "record": _record(versions.versions),
        }
    )
    return context


def _gone(request, version: PublishedVersion) -> HttpResponse:
    context = {"event": version.event, "printed": version, "version": version}
    response = render(request, "results/event_withdrawn.html", context, status=410)
    # Cacheable for as long as a page: nginx replaces the copy it kept of the page with this.
    return public_cache_control(response)


@cached_page()
def event_detail(request, slug: str):
    try:
        context = event_page_data(request, slug)
    except published.Withdrawn as withdrawn:
        return _gone(request, withdrawn.version)
    response = render(request, "results/event_detail.html", context)
    if not context.get("preview"):
        _validators(response, request, [context["version"]])
    return response


@cached_page()
def event_version(request, slug: str, number: int):
    """An earlier (or the current) version at its own stable address, with a banner naming the
    version that replaced it."""
    printed, current = published.numbered_printed(slug, number)
    context = _page_context(printed, last_changed=printed.version.published_at)
    context["current_version"] = current
    context["superseded"] = current.number != printed.version.number
    context["withdrawn"] = current.withdrawn_at is not None
    response = render(request, "results/event_detail.html", context)
    return _validators(response, request, [printed.version, current])


def place_certificate(request, pk: int, fmt: str):
    """The certificate of a published place, as PNG or PDF, drawn from its version."""
    return printed_rendered_response(published.public_place(pk), f"certificate-{fmt}", attachment=True)


def place_card(request, pk: int, shape: str):
    """A published place's share card, drawn from its version."""
    return printed_rendered_response(published.public_place(pk), f"card-{shape}", attachment=False)


@cached_page()
def office_detail(request, slug: str):
    office = selectors.office_for_viewer(slug=slug)
    places = published.public_places(Q(office=office))
    context = {
        "office": office,
        "accounts": selectors.office_accounts(office),
        "places": places,
        "medals": selectors.medal_count(places),
        "share_place": published.best_place(places),
        # Drawn from the places the page has read already: no query of its own.
        "chart": charts.places_chart(places),
    }
    return render(request, "results/office_detail.html", context)


@cached_page()
def channel_detail(request, code: str):
    channel = selectors.channel_for_viewer(code=code)
    context = {
        "channel": channel,
        "tables": published.channel_medal_tables(channel),
        "channels": selectors.channels(),
    }
    return render(request, "results/channel_detail.html", context)


@require_safe
def event_winners_download(request, slug: str, fmt: str):
    """The winner list of an event's current version as a file; the committee, with the export
    permission, gets the live draft's."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    if request.user.has_perm("awards.export_ranking"):
        event = selectors.event_for_viewer(slug=slug, user=request.user)
        rows = winner_list_rows(Ranking.objects.filter(award__event=event))
        response = HttpResponse(
            winner_list_file_of(rows, fmt, title=event.slug), content_type=EXPORT_FORMATS[fmt]
        )
        patch_cache_control(response, private=True, no_store=True)
    else:
        try:
            version = published.current_version(slug)
        except published.Withdrawn as withdrawn:
            return _gone(request, withdrawn.version)
        event = version.event
        content = downloads.winner_list_file(downloads.version_winner_list(version), fmt)
        response = _validators(HttpResponse(content, content_type=EXPORT_FORMATS[fmt]), request, [version])
        public_cache_control(response)
    response["Content-Disposition"] = content_disposition_header(True, winner_list_filename(event, fmt))
    return response


def verify(request, code: str):
    """What a certificate's code stands for: the place, the event and version that gave it, and
    whether it still stands (a later correction or a withdrawal says so, with date and reason).

    An address that tries many codes no certificate has is refused for a while: a reader checks
    the codes in hand, only a guesser meets the limit."""
    misses = f"verify-miss:{client_ip(request)}"
    if ratelimit.exceeded(misses, limit=settings.VERIFY_MISSES_LIMIT):
        response = render(request, "results/verify_limited.html", {"code": code}, status=429)
        response["Retry-After"] = str(settings.VERIFY_MISSES_WINDOW)
        return response
    context = published.verification(code)
    if not context["found"]:
        ratelimit.count(misses, window=settings.VERIFY_MISSES_WINDOW)
    status = 200 if context["found"] else 404
    return render(request, "results/verify.html", context, status=status)


# ---------------------------------------------------------------------------------------------
# Open data (docs/open-data.md): plain views, not the page cache: each file is five queries at
# most, and the page cache would not keep the CORS and Content-Disposition headers of a stored
# response.

OPEN_DATA_TYPES = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8"}
# PublishedVersion.number is a PositiveSmallIntegerField: a larger number is no version.
MAX_VERSION_NUMBER = 32767


def _open_data_response(
    request, content: bytes, fmt: str, *, of: list, parts: tuple = (), status: int = 200, filename: str = ""
) -> HttpResponse:
    response = HttpResponse(content, content_type=OPEN_DATA_TYPES[fmt], status=status)
    tag, modified = published.validators(of, "od", *parts, fmt)
    response["ETag"] = _etag(request, response, tag)
    if modified:
        response["Last-Modified"] = modified
    # Public data, read by other sites' pages (a city portal's widget): any origin may read it.
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = content_disposition_header(False, filename)
    public_cache_control(response)
    if request.method != "GET":
        return response
    # The 304 answered here rather than by ConditionalGetMiddleware, which keeps only Django's
    # list of headers: a portal's page revalidating the file across origins needs this one too.
    answer = get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=modified and parse_http_date_safe(modified),
        response=response,
    )
    answer["Access-Control-Allow-Origin"] = "*"
    return answer


def _json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _version_file(
    request, printed: published.PrintedVersion, current: PublishedVersion, fmt: str, *, numbered: bool
):
    version = printed.version
    if fmt == "csv":
        content = open_data.version_csv(printed)
    else:
        content = _json(open_data.version_document(printed, current=current))
    number, slug = version.number, version.event.slug
    # A numbered file also names the current version (superseded_by): a correction changes it.
    of = [version, current] if current.number != number else [version]
    return _open_data_response(
        request,
        content,
        fmt,
        of=of,
        parts=(f"v{number}" if numbered else "current",),
        filename=f"{slug}-v{number}.{fmt}" if numbered else f"{slug}.{fmt}",
    )


@require_safe
def open_data_index(request):
    """Every event ever published, with its current version and the addresses of its files."""
    current = published.current_versions(withdrawn=True)
    return _open_data_response(
        request, _json(open_data.index_document(current)), "json", of=current, parts=("index",)
    )


@require_safe
def open_data_event(request, slug: str, fmt: str):
    """The current version of an event; a withdrawn event answers 410 with the withdrawal."""
    versions = published.event_versions(slug)
    try:
        version = versions.current
    except published.Withdrawn as withdrawn:
        body = _json(open_data.withdrawn_document(withdrawn.version))
        return _open_data_response(request, body, "json", of=[withdrawn.version], parts=("gone",), status=410)
    return _version_file(request, versions.printed(version), version, fmt, numbered=False)


@require_safe
def open_data_version(request, slug: str, number: int, fmt: str):
    """Version ``number`` of an event, forever (also after a correction or a withdrawal)."""
    if not 1 <= number <= MAX_VERSION_NUMBER:
        raise Http404
    versions = published.event_versions(slug)
    version, current = versions.numbered(number)
    return _version_file(request, versions.printed(version), current, fmt, numbered=True)
