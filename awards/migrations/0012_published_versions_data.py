"""Every event published before versions existed gets its version 1: what its page showed then.

Only historical models and the code in this file: a migration that ran the app's models and
services would break as soon as a later migration added a field to one of them (the live model
would ask for a column this schema does not have yet). The freeze below is a copy of what
awards.versions.event_snapshot and awards.services.event_publish did for a first version when
this migration was written (December 2026, content schema 1); it must never import them.
judging's 0006 then adds the published score breakdowns, at judging's schema.

The event rows are left as they are: they are published already and keep their publication time,
which is also their version 1's.
"""

import hashlib
import json
import secrets

from django.db import migrations

CONTENT_SCHEMA = 1
PLACE, MENTION = 1, 2
# Verification codes: 8 characters without look-alikes (0/O, 1/I/L), printed as XXXX-XXXX.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _kind_data(kind):
    return {"code": kind.code, "name": kind.name, "prefix": kind.prefix, "order": kind.order}


def _office_data(office):
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


def _event_data(event):
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


def _account_link(channel, handle):
    handle = (handle or "").strip()
    if not handle or handle.startswith(("http://", "https://")):
        return handle
    if not channel.url_template:
        return f"https://{handle}"
    link = channel.url_template.replace("{handle}", handle.lstrip("@"))
    return link if link.startswith(("http://", "https://")) else ""


def _snapshot(apps, event):
    """The event's content and its places in display order, as the public page printed them."""
    Award = apps.get_model("awards", "Award")
    Category = apps.get_model("awards", "Category")
    Ranking = apps.get_model("awards", "Ranking")
    Signatory = apps.get_model("awards", "Signatory")
    OfficeAccount = apps.get_model("offices", "OfficeAccount")

    awards = list(Award.objects.filter(event=event).select_related("channel").order_by("order", "pk"))
    categories = {award.pk: [] for award in awards}
    sections = {}  # category pk -> (places, mentions)
    for category in Category.objects.filter(award__event=event).order_by("order", "pk"):
        categories[category.award_id].append(category)
        sections[category.pk] = ([], [])
    rankings = list(
        Ranking.objects.filter(award__event=event)
        .select_related("office__kind", "office__parent__kind")
        .order_by("level", "position", "office__name")
    )
    handles = {
        (office_id, channel_id): handle
        for office_id, channel_id, handle in OfficeAccount.objects.filter(
            office_id__in={r.office_id for r in rankings}
        ).values_list("office_id", "channel_id", "handle")
    }
    channels = {award.pk: award.channel for award in awards}
    for ranking in rankings:
        channel = channels[ranking.award_id]
        ranking.account_handle = handles.get((ranking.office_id, channel.pk), "") if channel else ""
        ranking.account_url = _account_link(channel, ranking.account_handle) if channel else ""
        places, mentions = sections[ranking.category_id]
        (mentions if ranking.level == MENTION else places).append(ranking)

    content = {
        "schema": CONTENT_SCHEMA,
        "event": _event_data(event),
        "signatories": [
            {"name": s.name, "title": s.title}
            for s in Signatory.objects.filter(event_id=event.pk).order_by("order", "pk")
        ],
        "awards": [
            {
                "id": award.pk,
                "title": award.title,
                "order": award.order,
                "channel": (
                    {"id": award.channel.pk, "code": award.channel.code, "name": award.channel.name}
                    if award.channel
                    else None
                ),
                "categories": [
                    {
                        "id": category.pk,
                        "title": category.title,
                        "places": category.places,
                        "mentions": category.mentions,
                        "order": category.order,
                    }
                    for category in categories[award.pk]
                ],
            }
            for award in awards
        ],
        "extras": {},
        "record": [],
    }
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
        for award in awards
        for category in categories[award.pk]
        for ranking in [*sections[category.pk][0], *sections[category.pk][1]]
    ]
    return content, places


def _fingerprint(content, place):
    """A digest of everything a place's certificate prints (awards.versions.place_fingerprint)."""
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


def _new_code(taken):
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        if code not in taken:
            taken.add(code)
            return code


def freeze_published(apps, schema_editor):
    Event = apps.get_model("awards", "EvaluationEvent")
    Version = apps.get_model("awards", "PublishedVersion")
    Place = apps.get_model("awards", "VersionPlace")

    for event in Event.objects.filter(status="published", versions__isnull=True):
        content, places = _snapshot(apps, event)
        # The record keeps the day it was really published.
        version = Version.objects.create(
            event=event,
            number=1,
            status="final",
            appeal_deadline=None,
            reason="",
            changes=[],
            content=content,
            published_at=event.published_at,
            published_by=None,
            published_by_name="",
            is_current=True,
        )
        awards = {award["id"]: award for award in content["awards"]}
        taken = set()
        Place.objects.bulk_create(
            Place(
                version=version,
                ranking_id=data["ranking_id"],
                office_id=data["office"]["id"],
                channel_id=(awards[data["award_id"]]["channel"] or {}).get("id"),
                level=data["level"],
                position=data["position"],
                order=order,
                code=_new_code(taken),
                fingerprint=_fingerprint(content, data),
                data=data,
            )
            for order, data in enumerate(places, start=1)
        )


def unfreeze(apps, schema_editor):
    Event = apps.get_model("awards", "EvaluationEvent")
    Version = apps.get_model("awards", "PublishedVersion")
    Place = apps.get_model("awards", "VersionPlace")
    Place.objects.all().delete()
    Version.objects.all().delete()
    # A withdrawn event was not public: before versions it was a draft.
    Event.objects.filter(status="withdrawn").update(status="draft", published_at=None)


class Migration(migrations.Migration):
    dependencies = [("awards", "0011_published_versions")]

    operations = [migrations.RunPython(freeze_published, unfreeze)]
