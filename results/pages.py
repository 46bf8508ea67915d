"""A version (or the committee's preview of the draft) as the pages, files and certificates print it.

``page_from`` turns frozen data back into unsaved model instances (Event, Award, Category,
Ranking, Office …), so that the pages, the winner files and the certificates print a version
with the same code that prints the live draft.
"""

import datetime
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from awards.models import (
    Award,
    Category,
    EvaluationEvent,
    EventStatus,
    Ranking,
    Signatory,
)
from awards.selectors import AwardSection, CategorySection
from offices.models import Channel, Office, OfficeKind
from results.freezing import SCORE_BREAKDOWN, Snapshot
from results.models import PublishedVersion, VersionPlace


@dataclass
class PublishedPage:
    """One version as the pages print it: unsaved model instances rebuilt from the record."""

    version: PublishedVersion | None
    event: EvaluationEvent
    signatories: list[Signatory]
    sections: list[AwardSection]
    places: list[Ranking] = field(default_factory=list)
    extras: dict = field(default_factory=dict)

    @property
    def breakdown(self) -> list[dict]:
        """The score breakdown handed in when it was frozen (freezing.SCORE_BREAKDOWN), if any."""
        return self.extras.get(SCORE_BREAKDOWN, [])

    @property
    def record(self) -> list[dict]:
        return self.version.content.get("record", []) if self.version else []


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


def frozen_event(content: dict, stamp, status: str) -> EvaluationEvent:
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
        certificate_design=data.get("certificate_design", "classic"),
        certificate_background=data.get("certificate_background", ""),
        status=status,
        published_at=stamp,
        updated_at=stamp,
        created_at=stamp,
    )
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
    event = frozen_event(content, stamp, status)
    event.version = version
    signatories = [
        Signatory(
            name=s["name"],
            title=s["title"],
            nip=s.get("nip", ""),
            signature=s.get("signature", ""),
            stamp=s.get("stamp", ""),
            updated_at=stamp,
        )
        for s in content["signatories"]
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
        version=version,
        event=event,
        signatories=signatories,
        sections=sections,
        places=rankings,
        extras=content.get("extras", {}),
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
        "office": around("results:office-detail", slug=str(_MARK)),
        "pdf": around("results:place-certificate", pk=_MARK, fmt="pdf"),
        "png": around("results:place-certificate", pk=_MARK, fmt="png"),
        "card": around("results:place-card", pk=_MARK, shape="square"),
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
    """What the results lists (templates/results/_places.html) print of each place, as plain
    attributes: its CSS classes, its office's address, and for a published place (one drawn from
    its version, with an id) the addresses of its certificates and share card (with the card's
    version tag)."""
    # Imported here: it needs the certificates' storage, which imports this module.
    from results.templatetags.results_images import card_tag

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
