"""Open data: the published results as JSON and CSV files at stable addresses (docs/open-data.md).

Every file is drawn from published versions only (results.selectors), never from the live tables:
a version's file says forever what that version said. The shapes are described by
docs/open-data.schema.json; ``FORMAT`` is raised only for a change a reader must know about
(a field removed or changing meaning), never for a field added.
"""

from django.urls import reverse

from awards.models import EventStatus, RankingLevel
from common.spreadsheets import write_csv
from offices.government import public_address
from offices.names import printed_name
from results.changes import change_words
from results.codes import verify_url
from results.models import PublishedVersion, VersionAward, VersionPlace
from results.selectors import PrintedVersion, event_standings, held_from_rows

FORMAT = 1

LEVELS = {RankingLevel.PLACE: "place", RankingLevel.MENTION: "mention"}

CSV_COLUMNS = (
    "event",
    "version",
    "award",
    "channel",
    "category",
    "level",
    "position",
    "title",
    "shared",
    "office",
    "office_kind",
    "parent",
    "score",
    "citation",
    "code",
    "verify_url",
)


def _absolute(name: str, **kwargs) -> str:
    # Absolute, from the public address certificates print, so a file never depends on the host
    # a request came through (the same file in every cache).
    return public_address() + reverse(name, kwargs=kwargs)


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def event_urls(slug: str) -> dict:
    return {
        "page": _absolute("results:event-detail", slug=slug),
        "json": _absolute("results:open-data-event", slug=slug, fmt="json"),
        "csv": _absolute("results:open-data-event", slug=slug, fmt="csv"),
    }


def version_urls(slug: str, number: int) -> dict:
    return {
        "page": _absolute("results:event-version", slug=slug, number=number),
        "json": _absolute("results:open-data-version", slug=slug, number=number, fmt="json"),
        "csv": _absolute("results:open-data-version", slug=slug, number=number, fmt="csv"),
    }


# ---------------------------------------------------------------------------------------------
# Documents


def index_document(versions: list[PublishedVersion]) -> dict:
    events = []
    for version in versions:
        slug = version.event.slug
        events.append(
            {
                "slug": slug,
                "title": version.title,
                "year": version.year,
                "date": version.held_on.isoformat() if version.held_on else None,
                "city": version.city,
                "status": version.event.status,
                "version": version.number,
                "version_status": version.status,
                "appeal_deadline": _iso(version.appeal_deadline),
                "published_at": _iso(version.published_at),
                "withdrawn_at": _iso(version.withdrawn_at),
                "withdrawn_reason": version.withdrawn_reason or None,
                "urls": event_urls(slug),
                "version_urls": version_urls(slug, version.number),
            }
        )
    return {"format": FORMAT, "events": events}


def _office(place: VersionPlace) -> dict:
    return {
        "name": printed_name(place.office_name, place.kind_prefix),
        "short_name": place.office_short_name,
        "kind": {"code": place.kind_code, "name": place.kind_name},
        "parent": printed_name(place.parent_name, place.parent_prefix) if place.parent_name else None,
    }


def _place(place: VersionPlace, *, certificates: bool) -> dict:
    return {
        "level": LEVELS[place.level],
        "position": place.position,
        "shared": place.is_shared,
        "title": place.title,
        "office": _office(place),
        "score": float(place.score) if place.score is not None else None,
        "citation": place.citation,
        "code": place.code,
        "verify_url": verify_url(place.code),
        "certificate": (
            {
                "png": _absolute("results:place-certificate", pk=place.pk, fmt="png"),
                "pdf": _absolute("results:place-certificate", pk=place.pk, fmt="pdf"),
            }
            if certificates
            else None
        ),
    }


def _channel(award: VersionAward) -> dict | None:
    return {"code": award.channel_code, "name": award.channel_name} if award.channel_id else None


def _changes(changes: list[dict]) -> list[dict]:
    return [{"words": change_words(change), "data": change} for change in changes]


def _standings(printed: PrintedVersion) -> list[dict]:
    rows = [
        place
        for section in printed.awards
        for item in section.categories
        for place in [*item.places, *item.mentions]
    ]
    return [
        {
            "kind": {"code": table.kind_code, "name": table.kind_name},
            "offices": [
                {
                    "rank": line.rank,
                    "office": {"name": line.office_name, "slug": line.office_slug},
                    "first": line.first,
                    "second": line.second,
                    "third": line.third,
                    "places": line.places,
                    "mentions": line.mentions,
                }
                for line in table.rows
            ],
        }
        for table in event_standings(held_from_rows(rows))
    ]


def version_document(printed: PrintedVersion, *, current: PublishedVersion) -> dict:
    """One published version of an event, from its rows; ``current`` is the event's current
    version (itself when the version asked is the current one)."""
    version = printed.version
    slug = version.event.slug
    withdrawn = current.event.status == EventStatus.WITHDRAWN
    superseded = version.number != current.number
    return {
        "format": FORMAT,
        "status": current.event.status,
        "event": {
            "slug": slug,
            "title": version.title,
            "year": version.year,
            "date": version.held_on.isoformat() if version.held_on else None,
            "venue": version.venue,
            "city": version.city,
            "description": version.description,
            "notes": version.notes,
            "urls": event_urls(slug),
        },
        "version": {
            "number": version.number,
            "status": version.status,
            "appeal_deadline": _iso(version.appeal_deadline),
            "published_at": _iso(version.published_at),
            "reason": version.reason,
            "changes": _changes(version.changes),
            "current": not superseded,
            # Versions are numbered one after another (results.services.event_publish).
            "superseded_by": version.number + 1 if superseded else None,
            "current_version": current.number,
            "withdrawn_at": _iso(version.withdrawn_at),
            "withdrawn_reason": version.withdrawn_reason or None,
            "urls": version_urls(slug, version.number),
        },
        "earlier_versions": [
            {
                "number": earlier.number,
                "status": earlier.status,
                "published_at": _iso(earlier.published_at),
                "reason": earlier.reason,
                "urls": version_urls(slug, earlier.number),
            }
            for earlier in printed.earlier
        ],
        "signatories": [{"name": s.name, "title": s.title} for s in printed.signatories],
        "awards": [
            {
                "title": section.award.title,
                "channel": _channel(section.award),
                "categories": [
                    {
                        "title": item.category.title,
                        "places_awarded": item.category.places,
                        "mentions_awarded": item.category.mentions,
                        "places": [
                            # A withdrawn event's certificates are no longer served.
                            _place(place, certificates=not withdrawn)
                            for place in [*item.places, *item.mentions]
                        ],
                    }
                    for item in section.categories
                ],
            }
            for section in printed.awards
        ],
        "standings": _standings(printed),
    }


def withdrawn_document(version: PublishedVersion) -> dict:
    """What the current address of a withdrawn event answers (410 Gone)."""
    slug = version.event.slug
    return {
        "format": FORMAT,
        "status": EventStatus.WITHDRAWN,
        "slug": slug,
        "withdrawn_at": _iso(version.withdrawn_at),
        "reason": version.withdrawn_reason,
        "version_urls": version_urls(slug, version.number),
    }


def version_csv(printed: PrintedVersion) -> bytes:
    """One row per place (honourable mentions included), in the page's order; UTF-8, no BOM."""
    slug, number = printed.version.event.slug, printed.version.number
    rows = []
    for section in printed.awards:
        award = section.award
        for item in section.categories:
            for place in [*item.places, *item.mentions]:
                rows.append(
                    [
                        slug,
                        number,
                        award.title,
                        award.channel_code if award.channel_id else "",
                        item.category.title,
                        LEVELS[place.level],
                        place.position,
                        place.title,
                        "yes" if place.is_shared else "no",
                        printed_name(place.office_name, place.kind_prefix),
                        place.kind_code,
                        printed_name(place.parent_name, place.parent_prefix) if place.parent_name else "",
                        str(place.score) if place.score is not None else "",
                        place.citation,
                        place.code,
                        verify_url(place.code),
                    ]
                )
    return write_csv(CSV_COLUMNS, rows, bom=False)
