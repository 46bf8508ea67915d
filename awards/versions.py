"""Published versions: what the public sees of an event, frozen when it is published.

Three steps, each in one place:

- ``event_snapshot`` freezes the live tables (through the selectors the committee's preview
  uses) into plain data: the event's words, signatories, awards, categories, and each place with
  its office as printed then. Other apps add what they own to ``extras`` through the
  ``version_freezing`` signal (judging adds the published score breakdown), so awards never
  imports them.
- ``page_from`` turns such data back into unsaved model instances (Event, Award, Category,
  Ranking, Office …), so that the pages, the winner files and the certificates print a version
  with the same code that prints the live draft, and a version is printed identically forever.
- ``version_changes`` compares two versions and says what changed, as data that
  ``change_words`` puts in the reader's language (“Kelurahan X: Terbaik Kedua → Terbaik Ketiga”).

Publishing itself (numbering, reasons, the appeal window, withdrawal) is in awards.services.
"""

import datetime
import functools
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.dispatch import Signal
from django.http import Http404
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import http_date
from django.utils.translation import get_language, gettext

from awards import selectors
from awards.models import (
    Award,
    Category,
    EvaluationEvent,
    EventStatus,
    PublishedVersion,
    Ranking,
    RankingLevel,
    Signatory,
    VersionPlace,
)
from awards.selectors import AwardSection, CategorySection, MedalTable
from offices.models import Channel, Office, OfficeKind

# The shape of ``PublishedVersion.content`` and ``VersionPlace.data``; a reader of an older shape
# would branch on it.
CONTENT_SCHEMA = 1

# Sent while a version is frozen, inside the publishing transaction: receivers add what their
# app shows on the public pages to ``extras`` (a dict stored with the version), under their own key.
version_freezing = Signal()  # provides: event, extras

# Verification codes: 8 characters from an alphabet without look-alikes (0/O, 1/I/L), printed as
# XXXX-XXXX; 31**8 ≈ 8.5e11 codes, drawn at random, so a code cannot be guessed from another.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
EVENT_FIELDS = ("title", "venue", "city", "description", "notes")


@dataclass
class Snapshot:
    content: dict
    places: list[dict]


@dataclass
class PublishedPage:
    """One version as the pages print it: unsaved model instances rebuilt from the record."""

    version: PublishedVersion | None
    event: EvaluationEvent
    signatories: list[Signatory]
    sections: list[AwardSection]
    places: list[Ranking] = field(default_factory=list)

    @property
    def record(self) -> list[dict]:
        return self.version.content.get("record", []) if self.version else []


# ---------------------------------------------------------------------------------------------
# Freezing


def _kind_data(kind: OfficeKind) -> dict:
    return {"code": kind.code, "name": kind.name, "prefix": kind.prefix, "order": kind.order}


def _office_data(office: Office) -> dict:
    parent = office.parent
    return {
        "id": office.pk,
        "slug": office.slug,
        "name": office.name,
        "short_name": office.short_name,
        "logo": office.logo.name or "",
        "kind": _kind_data(office.kind),
        "parent": (
            {"id": parent.pk, "slug": parent.slug, "name": parent.name, "kind": _kind_data(parent.kind)}
            if parent
            else None
        ),
    }


def _event_data(event: EvaluationEvent) -> dict:
    return {
        "id": event.pk,
        "slug": event.slug,
        "title": event.title,
        "year": event.year,
        "held_on": event.held_on.isoformat() if event.held_on else None,
        "venue": event.venue,
        "city": event.city,
        "description": event.description,
        "notes": event.notes,
        "place_word": event.place_word,
        "place_numbering": event.place_numbering,
        "mention_word": event.mention_word,
    }


def event_snapshot(event: EvaluationEvent, *, _send_freezing: bool = True) -> Snapshot:
    """The event as the public would see it if it were published now (read from the live tables).

    (``_send_freezing=False`` only for awards' data migration: judging's own migration adds its
    part to the versions that migration makes, at judging's schema of the time.)"""
    sections = selectors.event_sections(event)
    awards = []
    for section in sections:
        award, channel = section.award, section.award.channel
        awards.append(
            {
                "id": award.pk,
                "title": award.title,
                "order": award.order,
                "channel": {"id": channel.pk, "code": channel.code, "name": channel.name}
                if channel
                else None,
                "categories": [
                    {
                        "id": item.category.pk,
                        "title": item.category.title,
                        "places": item.category.places,
                        "mentions": item.category.mentions,
                        "order": item.category.order,
                    }
                    for item in section.categories
                ],
            }
        )
    content = {
        "schema": CONTENT_SCHEMA,
        "event": _event_data(event),
        "signatories": [{"name": s.name, "title": s.title} for s in selectors.event_signatories(event.pk)],
        "awards": awards,
        "extras": {},
    }
    if _send_freezing:
        version_freezing.send(sender=EvaluationEvent, event=event, extras=content["extras"])
    places = [
        {
            "ranking_id": ranking.pk,
            "award_id": ranking.award_id,
            "category_id": ranking.category_id,
            "level": ranking.level,
            "position": ranking.position,
            "is_shared": ranking.is_shared,
            "score": str(ranking.score) if ranking.score is not None else None,
            "citation": ranking.citation,
            "account_handle": ranking.account_handle,
            "account_url": ranking.account_url,
            "office": _office_data(ranking.office),
        }
        for ranking in selectors.sections_places(sections)
    ]
    return Snapshot(content=content, places=places)


def place_fingerprint(content: dict, place: dict) -> str:
    """A digest of everything a place's certificate prints: equal digests, equal certificates."""
    award = next(a for a in content["awards"] if a["id"] == place["award_id"])
    category = next(c for c in award["categories"] if c["id"] == place["category_id"])
    office = place["office"]
    printed = {
        "event": {
            k: v for k, v in content["event"].items() if k not in ("id", "slug", "description", "notes")
        },
        "signatories": content["signatories"],
        "award": [award["title"], award["channel"]["name"] if award["channel"] else ""],
        "category": category["title"],
        "place": [place["level"], place["position"], place["is_shared"]],
        "office": [office["name"], office["kind"]["prefix"], office["kind"]["name"], office["logo"]],
    }
    return hashlib.sha256(json.dumps(printed, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def new_code(taken: set[str]) -> str:
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        if code not in taken:
            taken.add(code)
            return code


def normalise_code(text: str) -> str:
    """What a reader typed (“k7qm3xpa”, “K7QM 3XPA”) as the printed code, or "" if it cannot be one."""
    raw = "".join(ch for ch in str(text).upper() if ch.isalnum())
    if len(raw) != 8 or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return f"{raw[:4]}-{raw[4:]}"


def verify_url(code: str) -> str:
    """The absolute address a certificate prints for its code (settings.PUBLIC_BASE_URL)."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("awards:verify", kwargs={"code": code})


# ---------------------------------------------------------------------------------------------
# Reading a version back as model instances


class _Shared:
    """The office kinds and parent offices of one page, built once each: a page of 18 places
    names two or three kinds and a few parents, and a model instance costs more than the rest of
    its place's rebuilding. They are read-only on a page, so places may share them."""

    def __init__(self, stamp) -> None:
        self.stamp = stamp
        self.kinds: dict[tuple, OfficeKind] = {}
        self.parents: dict[tuple, Office] = {}

    def kind(self, data: dict) -> OfficeKind:
        key = (data["code"], data["name"], data["prefix"], data["order"])
        if key not in self.kinds:
            self.kinds[key] = OfficeKind(
                code=data["code"],
                name=data["name"],
                prefix=data["prefix"],
                order=data["order"],
                updated_at=self.stamp,
            )
        return self.kinds[key]

    def parent(self, data: dict) -> Office:
        kind = self.kind(data["kind"])
        key = (data["id"], data["slug"], data["name"], kind.code)
        if key not in self.parents:
            self.parents[key] = Office(pk=data["id"], slug=data["slug"], name=data["name"], kind=kind)
        return self.parents[key]


def _office(data: dict, shared: _Shared) -> Office:
    parent = data.get("parent")
    return Office(
        pk=data["id"],
        slug=data["slug"],
        name=data["name"],
        short_name=data.get("short_name", ""),
        logo=data.get("logo", ""),
        kind=shared.kind(data["kind"]),
        parent=shared.parent(parent) if parent else None,
        updated_at=shared.stamp,
    )


def _event(content: dict, stamp, status: str) -> EvaluationEvent:
    data = content["event"]
    event = EvaluationEvent(
        pk=data["id"],
        slug=data["slug"],
        title=data["title"],
        year=data["year"],
        held_on=datetime.date.fromisoformat(data["held_on"]) if data["held_on"] else None,
        venue=data["venue"],
        city=data["city"],
        description=data["description"],
        notes=data["notes"],
        place_word=data["place_word"],
        place_numbering=data["place_numbering"],
        mention_word=data["mention_word"],
        status=status,
        published_at=stamp,
        updated_at=stamp,
        created_at=stamp,
    )
    # What other apps froze with the version (judging's breakdown); their template tags read it.
    event.frozen_extras = content.get("extras", {})
    return event


def page_from(
    content: dict,
    places: list[tuple[int | None, str, dict]],
    *,
    version: PublishedVersion | None = None,
    stamp=None,
    status: str = EventStatus.PUBLISHED,
) -> PublishedPage:
    """Rebuild a page from frozen data. ``places`` are (public id, verification code, data); the
    public id is the VersionPlace's (None in a preview, which links no certificate)."""
    stamp = stamp or (version.published_at if version else None)
    event = _event(content, stamp, status)
    event.version = version
    signatories = [
        Signatory(name=s["name"], title=s["title"], updated_at=stamp) for s in content["signatories"]
    ]
    sections: list[AwardSection] = []
    categories: dict[int, CategorySection] = {}
    awards: dict[int, Award] = {}
    for data in content["awards"]:
        channel = data["channel"]
        award = Award(
            pk=data["id"],
            event=event,
            title=data["title"],
            order=data["order"],
            channel=Channel(pk=channel["id"], code=channel["code"], name=channel["name"], updated_at=stamp)
            if channel
            else None,
            updated_at=stamp,
        )
        awards[award.pk] = award
        section = AwardSection(award=award)
        for item in data["categories"]:
            category = Category(
                pk=item["id"],
                award=award,
                title=item["title"],
                places=item["places"],
                mentions=item["mentions"],
                order=item["order"],
                updated_at=stamp,
            )
            categories[category.pk] = CategorySection(category=category)
            section.categories.append(categories[category.pk])
        sections.append(section)
    rankings = []
    shared = _Shared(stamp)
    for public_id, code, data in places:
        section = categories[data["category_id"]]
        ranking = Ranking(
            pk=public_id,
            category=section.category,
            award=awards[data["award_id"]],
            office=_office(data["office"], shared),
            level=data["level"],
            position=data["position"],
            is_shared=data["is_shared"],
            score=Decimal(data["score"]) if data["score"] is not None else None,
            citation=data["citation"],
            updated_at=stamp,
        )
        ranking.account_handle = data["account_handle"]
        ranking.account_url = data["account_url"]
        ranking.code = code
        ranking.entered_id = data["ranking_id"]
        ranking.frozen_signatories = signatories
        # Pictures of a version are stored apart from the committee's drafts of live places.
        ranking.render_folder = f"published/{public_id}" if public_id else ""
        (section.mentions if ranking.is_mention else section.places).append(ranking)
        rankings.append(ranking)
    _prepare_for_lists(rankings, published=event.is_published)
    return PublishedPage(
        version=version, event=event, signatories=signatories, sections=sections, places=rankings
    )


# An id no row has, reversed once and then replaced by each place's own.
_MARK = 987654321


@functools.lru_cache(maxsize=64)
def _list_addresses(urlconf: str, script_prefix: str, language: str) -> dict[str, tuple[str, str]]:
    """The addresses a results list links per place, before and after the place of their id.

    Reversed once per address, language and URL configuration (the arguments are the key: the
    reversing reads them), then completed per place: a reverse per place and link cost as much
    as the rest of the place's markup.
    """

    def around(name: str, **kwargs) -> tuple[str, str]:
        before, after = reverse(name, urlconf=urlconf, kwargs=kwargs).split(str(_MARK))
        return before, after

    return {
        "office": around("awards:office-detail", slug=str(_MARK)),
        "pdf": around("awards:place-certificate", pk=_MARK, fmt="pdf"),
        "png": around("awards:place-certificate", pk=_MARK, fmt="png"),
        "card": around("awards:place-card", pk=_MARK, shape="square"),
    }


def place_classes(place: Ranking) -> tuple[str, str]:
    """The CSS classes of a place's item and medal: gold, silver and bronze only for the first three
    places; an honourable mention has its own (it is never a medal, whatever its number)."""
    if place.is_mention:
        return f"mention mention-{place.position}", "medal-mention"
    if place.position <= 3:
        return f"place-{place.position}", f"medal-{place.position}"
    return f"place-{place.position}", "medal-other"


def _prepare_for_lists(places: list[Ranking], *, published: bool) -> None:
    """What the results lists (templates/awards/_places.html) print of each place, as plain
    attributes: its CSS classes, its office's address, and for a published place (one drawn from
    its version, with an id) the addresses of its certificates and share card (with the card's
    version tag)."""
    # Imported here: it needs the certificates' storage, which imports this module.
    from awards.templatetags.awards_images import card_tag

    urls = _list_addresses(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())
    office, pdf, png, card = urls["office"], urls["pdf"], urls["png"], urls["card"]
    for place in places:
        place.place_class, place.medal_class = place_classes(place)
        place.office_url = f"{office[0]}{place.office.slug}{office[1]}"
        if published and place.pk is not None:
            place.certificate_pdf_url = f"{pdf[0]}{place.pk}{pdf[1]}"
            place.certificate_png_url = f"{png[0]}{place.pk}{png[1]}"
            place.card_url = f"{card[0]}{place.pk}{card[1]}?v={card_tag(place, 'card-square')}"
        else:
            place.certificate_pdf_url = place.certificate_png_url = place.card_url = ""


def version_page(version: PublishedVersion, rows: list[VersionPlace] | None = None) -> PublishedPage:
    """A version as a page; ``rows`` are its VersionPlace rows when the caller has them already."""
    if rows is None:
        # Tuples, not model instances: the page needs these three columns and makes its own.
        places = list(
            VersionPlace.objects.filter(version=version).order_by("order").values_list("pk", "code", "data")
        )
    else:
        places = [(row.pk, row.code, row.data) for row in rows]
    return page_from(version.content, places, version=version)


def snapshot_page(snapshot: Snapshot, event: EvaluationEvent) -> PublishedPage:
    """A live snapshot as a page (the committee's preview): no codes, no certificate links."""
    return page_from(
        snapshot.content,
        [(None, "", data) for data in snapshot.places],
        stamp=event.updated_at,
        status=event.status,
    )


# ---------------------------------------------------------------------------------------------
# Public reads: each in a fixed number of queries, whatever the number of versions


class Withdrawn(Exception):
    def __init__(self, version: PublishedVersion) -> None:
        self.version = version


def current_page(slug: str) -> PublishedPage:
    """The public page of an event: its current version, in two queries. 404 for a draft;
    Withdrawn (the view answers 410) for a withdrawn event."""
    version = (
        PublishedVersion.objects.select_related("event")
        .filter(event__slug=slug, is_current=True)
        .exclude(event__status=EventStatus.DRAFT)
        .first()
    )
    if version is None:
        raise Http404
    if version.event.status == EventStatus.WITHDRAWN:
        raise Withdrawn(version)
    return version_page(version)


def numbered_page(slug: str, number: int) -> tuple[PublishedPage, PublishedVersion]:
    """Version ``number`` of an event, and its current version (three queries)."""
    versions = list(
        PublishedVersion.objects.select_related("event")
        .filter(event__slug=slug)
        .filter(Q(number=number) | Q(is_current=True))
        .exclude(event__status=EventStatus.DRAFT)
    )
    asked = next((v for v in versions if v.number == number), None)
    current = next((v for v in versions if v.is_current), None)
    if asked is None or current is None:
        raise Http404
    return version_page(asked), current


def _event_sort_key(event: EvaluationEvent) -> tuple:
    day = event.held_on.toordinal() if event.held_on else 0
    return (-event.year, -day, event.title)


def current_versions(*, withdrawn: bool = False) -> list[PublishedVersion]:
    """The current version of every published event (and of every withdrawn one, for the
    open-data index, when ``withdrawn``), in the events' order (EVENT_ORDER). One query."""
    statuses = [EventStatus.PUBLISHED, EventStatus.WITHDRAWN] if withdrawn else [EventStatus.PUBLISHED]
    versions = list(
        PublishedVersion.objects.filter(is_current=True, event__status__in=statuses).select_related("event")
    )
    for version in versions:
        version.frozen_event = _event(version.content, version.published_at, version.event.status)
    versions.sort(key=lambda v: _event_sort_key(v.frozen_event))
    return versions


def _version_tag(version: PublishedVersion) -> str:
    # A withdrawal changes what the pages and files of that version say, without a new number.
    return f"{version.event_id}.{version.number}" + ("w" if version.withdrawn_at else "")


def _version_moment(version: PublishedVersion):
    return max(filter(None, [version.published_at, version.withdrawn_at]))


def validators(shown: list[PublishedVersion], *parts: str) -> tuple[str, str | None]:
    """The tag (without quotes or language) and the Last-Modified date of a page or file drawn
    from these versions: every public response's ETag comes from here."""
    tag = "-".join([*parts, *(_version_tag(v) for v in shown)])
    moment = max((_version_moment(v) for v in shown), default=None)
    return tag, http_date(moment.timestamp()) if moment else None


def record_entry(version: PublishedVersion) -> dict:
    """A version as the record of a later one lists it (its corrections section)."""
    return {
        "number": version.number,
        "status": version.status,
        "published_at": version.published_at.isoformat(),
        "appeal_deadline": version.appeal_deadline.isoformat() if version.appeal_deadline else None,
        "reason": version.reason,
        "changes": version.changes,
        "withdrawn_at": version.withdrawn_at.isoformat() if version.withdrawn_at else None,
        "withdrawn_reason": version.withdrawn_reason,
    }


def public_places(filters: Q) -> list[Ranking]:
    """Places of the current versions of published events matching ``filters``, newest event
    first, each with its version's event (one query)."""
    rows = list(
        VersionPlace.objects.filter(
            filters, version__is_current=True, version__event__status=EventStatus.PUBLISHED
        )
        .select_related("version")
        .order_by("version_id", "order")
    )
    pages: dict[int, PublishedPage] = {}
    by_version: dict[int, list[VersionPlace]] = {}
    for row in rows:
        by_version.setdefault(row.version_id, []).append(row)
    for version_id, version_rows in by_version.items():
        pages[version_id] = version_page(version_rows[0].version, version_rows)
    places = [place for page in pages.values() for place in page.places]
    places.sort(key=lambda p: _event_sort_key(p.category.award.event))
    return places


def best_place(places: list[Ranking]) -> Ranking | None:
    """The place whose card stands for an office's page: its best in its latest published event."""
    if not places:
        return None
    return min(
        places,
        key=lambda p: (_event_sort_key(p.category.award.event), p.level, p.position, p.category.award.order),
    )


def public_place(pk: int) -> Ranking:
    """One published place (any version of an event that is not withdrawn), for its certificate."""
    row = (
        VersionPlace.objects.select_related("version")
        .filter(pk=pk, version__event__status=EventStatus.PUBLISHED)
        .first()
    )
    if row is None:
        raise Http404
    return version_page(row.version, [row]).places[0]


def channel_medal_tables(channel: Channel) -> list[MedalTable]:
    """The all-time table of a channel per office kind, from the current versions of published
    events. Offices are ordered as in an Olympic medal table: by first places, then second, then
    third, then by name. Each office carries ``first``, ``second``, ``third``, ``places`` (all
    places, medals or not) and ``mentions`` (honourable mentions: shown apart, never counted as
    places). Two queries: the offices, and their kinds."""
    held = Q(
        published_places__channel=channel,
        published_places__version__is_current=True,
        published_places__version__event__status=EventStatus.PUBLISHED,
    )
    place = held & Q(published_places__level=RankingLevel.PLACE)
    offices = (
        Office.objects.filter(held)
        .annotate(
            first=Count("published_places", filter=place & Q(published_places__position=1)),
            second=Count("published_places", filter=place & Q(published_places__position=2)),
            third=Count("published_places", filter=place & Q(published_places__position=3)),
            places=Count("published_places", filter=place),
            mentions=Count("published_places", filter=held & Q(published_places__level=RankingLevel.MENTION)),
        )
        .select_related("kind", "parent__kind")
        .order_by("kind__order", "kind__name", "-first", "-second", "-third", "-places", "-mentions", "name")
    )
    tables: list[MedalTable] = []
    for office in offices:
        if not tables or tables[-1].kind.pk != office.kind.pk:
            tables.append(MedalTable(kind=office.kind))
        tables[-1].rows.append(office)
    return tables


# ---------------------------------------------------------------------------------------------
# Differences between two versions (or a version and the live draft)


def _place_key(place: Ranking) -> tuple:
    # One ranking per office per award (a database rule): the office and the award name a place.
    return (place.award.pk, place.office.pk)


def _where(place: Ranking) -> str:
    return f"{place.award.title}, {place.category.title}"


def version_changes(before: PublishedPage | None, after: PublishedPage) -> list[dict]:
    """What changed from ``before`` to ``after``, as data (stored with the version)."""
    if before is None:
        return []
    changes: list[dict] = []
    old_event, new_event = before.event, after.event
    for name in EVENT_FIELDS:
        if getattr(old_event, name) != getattr(new_event, name):
            changes.append(
                {
                    "type": "event",
                    "field": name,
                    "before": getattr(old_event, name),
                    "after": getattr(new_event, name),
                }
            )
    if old_event.date_or_year != new_event.date_or_year:
        changes.append(
            {
                "type": "event",
                "field": "held_on",
                "before": old_event.date_or_year,
                "after": new_event.date_or_year,
            }
        )
    old_signatories = [f"{s.name}, {s.title}" for s in before.signatories]
    new_signatories = [f"{s.name}, {s.title}" for s in after.signatories]
    if old_signatories != new_signatories:
        changes.append(
            {"type": "signatories", "before": "; ".join(old_signatories), "after": "; ".join(new_signatories)}
        )
    old = {_place_key(p): p for p in before.places}
    new = {_place_key(p): p for p in after.places}
    for key, place in new.items():
        office = place.office.display_name
        if key not in old:
            changes.append({"type": "added", "office": office, "where": _where(place), "after": place.title})
            continue
        was = old[key]
        if (was.title, _where(was), was.office.display_name) != (place.title, _where(place), office):
            changes.append(
                {
                    "type": "changed",
                    "office": office,
                    "where": _where(place),
                    "before": f"{was.title} ({_where(was)})" if _where(was) != _where(place) else was.title,
                    "after": place.title,
                }
            )
            if was.office.display_name != office:
                changes[-1]["before_office"] = was.office.display_name
    for key, place in old.items():
        if key not in new:
            changes.append(
                {
                    "type": "removed",
                    "office": place.office.display_name,
                    "where": _where(place),
                    "before": place.title,
                }
            )
    return changes


FIELD_WORDS = {
    "title": lambda: gettext("Title"),
    "venue": lambda: gettext("Venue"),
    "city": lambda: gettext("City"),
    "description": lambda: gettext("Description"),
    "notes": lambda: gettext("Notes on the results"),
    "held_on": lambda: gettext("Date"),
}


def change_words(change: dict) -> str:
    """One change in the reader's language: “Kelurahan X: Terbaik Kedua → Terbaik Ketiga”."""
    kind = change["type"]
    if kind == "event":
        label = FIELD_WORDS.get(change["field"], lambda: change["field"])()
        return f"{label}: {change['before'] or '—'} → {change['after'] or '—'}"
    if kind == "signatories":
        return gettext("Signatories: %(before)s → %(after)s") % {
            "before": change["before"] or "—",
            "after": change["after"] or "—",
        }
    if kind == "added":
        return gettext("%(office)s added as %(after)s (%(where)s)") % change
    if kind == "removed":
        return gettext("%(office)s removed: was %(before)s (%(where)s)") % change
    words = gettext("%(office)s (%(where)s): %(before)s → %(after)s") % change
    if change.get("before_office"):
        words += " " + gettext("(formerly printed “%(name)s”)") % {"name": change["before_office"]}
    return words


# ---------------------------------------------------------------------------------------------
# Verification of a certificate's code


def verification(code: str) -> dict:
    """What /verify/<code>/ shows (three queries at most): the place as its certificate printed it
    (the first version that gave the code), the versions that kept it, and whether it stands in
    the current version; if not, the correction or withdrawal that ended it, with date and reason."""
    typed, code = str(code)[:40], normalise_code(code)
    rows = (
        list(
            VersionPlace.objects.filter(code=code)
            .exclude(version__event__status=EventStatus.DRAFT)
            .select_related("version")
            .order_by("version__number")
        )
        if code
        else []
    )
    if not rows:
        return {"found": False, "code": code or typed}
    first, last = rows[0], rows[-1]
    place = version_page(first.version, [first]).places[0]
    event_id = first.version.event_id
    later = list(
        PublishedVersion.objects.filter(event_id=event_id, number__gt=last.version.number)
        .defer("content")
        .order_by("number")
    )
    current = later[-1] if later else last.version
    ended_by = later[0] if later else None
    now_place = None
    if ended_by is not None:
        # The same office in the same award in the current version: changed, not removed.
        now_row = (
            VersionPlace.objects.filter(
                version=current, office_id=first.office_id, data__award_id=first.data["award_id"]
            )
            .select_related("version")
            .first()
        )
        if now_row is not None:
            now_place = version_page(now_row.version, [now_row]).places[0]
    withdrawn = current.withdrawn_at is not None
    stands = ended_by is None and not withdrawn
    return {
        "found": True,
        "code": code,
        "place": place,
        "event": place.category.award.event,
        "first_version": first.version,
        "versions": [row.version.number for row in rows],
        "current_version": current,
        "stands": stands,
        "ended_by": ended_by,
        "now_place": now_place,
        "withdrawn": withdrawn,
    }
