"""Freezing: an event's draft as the public would see it, in the shape a version keeps.

``event_snapshot`` reads the live tables (through the selectors the committee's preview uses) into
plain data: the event's words, signatories, awards, categories, and each place with its office as
printed then. Other apps add what they own to ``extras`` through the ``version_freezing`` signal
(judging adds the published score breakdown), so results never imports them.

``version_unsaved`` and ``version_rows_build`` turn a snapshot into a version's rows, not saved:
publishing saves them, the committee's preview prints them as they are. One builder, so the
preview shows what publishing keeps.
"""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.dispatch import Signal

from awards import selectors
from awards.models import EvaluationEvent
from awards.words import ranking_words
from documents.certificates.words import city_line
from offices.government import government
from offices.models import Office, OfficeKind
from results.models import PublishedVersion, VersionAward, VersionCategory, VersionPlace, VersionSignatory

# Sent while a version is frozen, inside the publishing transaction: receivers add what their
# app shows on the public pages to ``extras`` (a dict stored with the version), under their own key.
version_freezing = Signal()  # provides: event, extras

# Where a version keeps the score breakdown judging hands in (through ``version_freezing``), as
# plain data the event page prints as it is (templates/results/_score_breakdown.html): a list of
# boards {"caption": str, "criteria": [{"name", "weight", "max_points", "method"}],
# "rows": [{"place": str, "office": str, "points": [number, ...], "total": number}]}.
SCORE_BREAKDOWN = "score_breakdown"

# Where a version keeps the jury judging hands in when the event was judged in the app: a list of
# {"name": str, "title": str}, who sign its berita acara (results/official.py); without it, the
# version's signatories sign.
JURY = "jury"


@dataclass
class Snapshot:
    content: dict
    places: list[dict]


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
        "certificate_design": event.certificate_design,
        "certificate_background": event.certificate_background.name or "",
    }


def _signatory_data(signatory) -> dict:
    # The pictures by their storage names: stored files are never overwritten (a new upload gets
    # a new name), so the version prints these pictures for good.
    return {
        "name": signatory.name,
        "title": signatory.title,
        "nip": signatory.nip,
        "signature": signatory.signature.name or "",
        "stamp": signatory.stamp.name or "",
    }


def _government_data() -> dict:
    found = government()
    return {"heading": found.printed_heading, "emblem": found.emblem.name or ""}


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
        "event": _event_data(event),
        "signatories": [_signatory_data(s) for s in selectors.event_signatories(event.pk)],
        "government": _government_data(),
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
    event = content["event"]
    printed = {
        "event": {
            k: v
            for k, v in event.items()
            if k not in ("id", "slug", "description", "notes", "certificate_design", "certificate_background")
        },
        "signatories": [{"name": s["name"], "title": s["title"]} for s in content["signatories"]],
        "award": [award["title"], award["channel"]["name"] if award["channel"] else ""],
        "category": category["title"],
        "place": [place["level"], place["position"], place["is_shared"]],
        "office": [office["name"], office["kind"]["prefix"], office["kind"]["name"], office["logo"]],
    }
    # What certificates print since they print the government, designs and signatures, counted
    # only where it differs from what they printed before: a version published before keeps its
    # places' fingerprints (and codes) when republished unchanged.
    government = content.get("government", {})
    looks = {
        "heading": government.get("heading", "")
        if government.get("heading") != city_line(event["city"])
        else "",
        "emblem": government.get("emblem", ""),
        "design": event.get("certificate_design", "classic")
        if event.get("certificate_design") != "classic"
        else "",
        "background": event.get("certificate_background", ""),
        "signing": [
            [s.get("nip", ""), s.get("signature", ""), s.get("stamp", "")]
            for s in content["signatories"]
            if s.get("nip") or s.get("signature") or s.get("stamp")
        ],
    }
    if any(looks.values()):
        printed["looks"] = looks
    return hashlib.sha256(json.dumps(printed, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# The event's words a version prints, copied onto it as they are at publishing.
PRINTED_EVENT_FIELDS = (
    "title",
    "year",
    "venue",
    "city",
    "description",
    "notes",
    "place_word",
    "place_numbering",
    "mention_word",
    "certificate_design",
    "certificate_background",
)


def version_unsaved(*, event: EvaluationEvent, snapshot: Snapshot) -> PublishedVersion:
    """The version a snapshot would publish, not saved and not numbered: the event's words as
    printed, and what other apps handed in (``extras``)."""
    printed = snapshot.content["event"]
    return PublishedVersion(
        event=event,
        **{name: printed[name] for name in PRINTED_EVENT_FIELDS},
        held_on=event.held_on,
        heading=snapshot.content["government"]["heading"],
        emblem=snapshot.content["government"]["emblem"],
        extras=snapshot.content["extras"],
    )


@dataclass
class VersionRows:
    """A version's rows built from a snapshot, not saved: publishing saves them; the committee's
    preview prints them as they are (one builder, so the preview shows what publishing keeps)."""

    signatories: list[VersionSignatory]
    awards: list[VersionAward]
    categories: list[VersionCategory]
    # Without their verification codes: publishing gives each its code.
    places: list[VersionPlace]


def version_rows_build(*, version: PublishedVersion, content: dict, places: list[dict]) -> VersionRows:
    """The rows of ``version`` (saved or not) from frozen ``content`` and ``places``, in the
    frozen order; nothing is written."""
    signatories = [
        VersionSignatory(
            version=version,
            name=s["name"],
            title=s["title"],
            nip=s.get("nip", ""),
            signature=s.get("signature", ""),
            stamp=s.get("stamp", ""),
            order=n,
        )
        for n, s in enumerate(content["signatories"], start=1)
    ]
    awards = [
        VersionAward(
            version=version,
            award_id=data["id"],
            title=data["title"],
            channel_id=data["channel"]["id"] if data["channel"] else None,
            channel_code=data["channel"]["code"] if data["channel"] else "",
            channel_name=data["channel"]["name"] if data["channel"] else "",
            award_order=data["order"],
            order=n,
        )
        for n, data in enumerate(content["awards"], start=1)
    ]
    categories = [
        VersionCategory(
            award=award,
            category_id=item["id"],
            title=item["title"],
            places=item["places"],
            mentions=item["mentions"],
            category_order=item["order"],
            order=m,
        )
        for award, data in zip(awards, content["awards"], strict=True)
        for m, item in enumerate(data["categories"], start=1)
    ]
    by_category = {category.category_id: category for category in categories}
    event = content["event"]
    rows = []
    for order, data in enumerate(places, start=1):
        category = by_category[data["category_id"]]
        office, kind, parent = data["office"], data["office"]["kind"], data["office"]["parent"]
        rows.append(
            VersionPlace(
                version=version,
                category=category,
                ranking_id=data["ranking_id"],
                office_id=office["id"],
                channel_id=category.award.channel_id,
                level=data["level"],
                position=data["position"],
                is_shared=data["is_shared"],
                title=ranking_words(
                    place_word=event["place_word"],
                    numbering=event["place_numbering"],
                    mention_word=event["mention_word"],
                    level=data["level"],
                    position=data["position"],
                    shared=data["is_shared"],
                ),
                score=Decimal(data["score"]) if data["score"] is not None else None,
                citation=data["citation"],
                office_name=office["name"],
                office_short_name=office["short_name"],
                office_slug=office["slug"],
                office_logo=office["logo"],
                kind_code=kind["code"],
                kind_name=kind["name"],
                kind_prefix=kind["prefix"],
                kind_order=kind["order"],
                parent_name=parent["name"] if parent else "",
                parent_prefix=parent["kind"]["prefix"] if parent else "",
                account_handle=data["account_handle"],
                account_url=data["account_url"],
                order=order,
                fingerprint=place_fingerprint(content, data),
            )
        )
    return VersionRows(signatories=signatories, awards=awards, categories=categories, places=rows)
