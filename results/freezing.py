"""Freezing: an event's draft as the public would see it, in the shape a version keeps.

``event_snapshot`` reads the live tables (through the selectors the committee's preview uses) into
plain data: the event's words, signatories, awards, categories, and each place with its office as
printed then. Other apps add what they own to ``extras`` through the ``version_freezing`` signal
(judging adds the published score breakdown), so results never imports them.
"""

import hashlib
import json
from dataclasses import dataclass

from django.dispatch import Signal

from awards import selectors
from awards.models import (
    EvaluationEvent,
)
from offices.models import Office, OfficeKind

# The shape of ``PublishedVersion.content`` and ``VersionPlace.data``; a reader of an older shape
# would branch on it.
CONTENT_SCHEMA = 1

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
