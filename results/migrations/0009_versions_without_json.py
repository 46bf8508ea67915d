"""A version is its rows: the JSON it was kept in before (``PublishedVersion.content``,
``VersionPlace.data``) goes, once every version is shown to hold in its rows what the JSON says.

Step 0 proves it: for every version, the event's words, the extras (the score breakdown), the
signatories, awards, categories and places of its JSON against its rows and columns (0004-0006
filled them). A version that differs stops the migration, naming it, before anything is dropped.
Backwards, the JSON is written again from the rows, in the shape results read before.

On historical models and on the data alone."""

from decimal import Decimal

from django.db import migrations, models

EVENT_WORDS = ("title", "year", "venue", "city", "description", "notes")
EVENT_WORDING = ("place_word", "place_numbering", "mention_word")


def _score(value):
    return None if value is None else Decimal(value)


def _differences(version, Signatory, Award, Category, Place) -> list[str]:
    """What the rows of ``version`` lack or say otherwise than its JSON."""
    content = version.content or {}
    event = content.get("event", {})
    found = []
    for name in (*EVENT_WORDS, *EVENT_WORDING):
        if (event.get(name) or ("" if name != "year" else 0)) != getattr(version, name):
            found.append(f"the event's {name}")
    if (version.held_on.isoformat() if version.held_on else None) != event.get("held_on"):
        found.append("the event's date")
    if content.get("extras", {}) != version.extras:
        found.append("what was handed in when frozen (extras)")
    signatories = list(
        Signatory.objects.filter(version=version).order_by("order").values_list("name", "title")
    )
    if signatories != [(s["name"], s["title"]) for s in content.get("signatories", [])]:
        found.append("the signatories")
    awards = list(
        Award.objects.filter(version=version)
        .order_by("order")
        .values_list("award_id", "title", "channel_id", "channel_name", "award_order")
    )
    expected = [
        (
            a["id"],
            a["title"],
            a["channel"]["id"] if a["channel"] else None,
            a["channel"]["name"] if a["channel"] else "",
            a["order"],
        )
        for a in content.get("awards", [])
    ]
    if awards != expected:
        found.append("the awards")
    categories = list(
        Category.objects.filter(award__version=version)
        .order_by("award__order", "order")
        .values_list("award__award_id", "category_id", "title", "places", "mentions", "category_order")
    )
    expected = [
        (a["id"], c["id"], c["title"], c["places"], c["mentions"], c["order"])
        for a in content.get("awards", [])
        for c in a["categories"]
    ]
    if categories != expected:
        found.append("the categories")
    for place in Place.objects.filter(version=version).select_related("category__award").order_by("order"):
        data = place.data or {}
        office = data.get("office", {})
        kind = office.get("kind", {})
        parent = office.get("parent")
        row = (
            place.category.award.award_id,
            place.category.category_id,
            place.level,
            place.position,
            place.is_shared,
            place.score,
            place.citation,
            place.account_handle,
            place.account_url,
            place.office_id,
            place.office_name,
            place.office_short_name,
            place.office_slug,
            place.office_logo,
            place.kind_code,
            place.kind_name,
            place.kind_prefix,
            place.kind_order,
            place.parent_name,
            place.parent_prefix,
        )
        said = (
            data.get("award_id"),
            data.get("category_id"),
            data.get("level"),
            data.get("position"),
            data.get("is_shared"),
            _score(data.get("score")),
            data.get("citation"),
            data.get("account_handle", ""),
            data.get("account_url", ""),
            office.get("id"),
            office.get("name"),
            office.get("short_name", ""),
            office.get("slug"),
            office.get("logo", ""),
            kind.get("code"),
            kind.get("name"),
            kind.get("prefix"),
            kind.get("order"),
            parent["name"] if parent else "",
            parent["kind"]["prefix"] if parent else "",
        )
        if row != said or not place.title:
            found.append(f"place {place.order} (code {place.code})")
    return found


def prove_rows_filled(apps, schema_editor):
    Version = apps.get_model("results", "PublishedVersion")
    Signatory = apps.get_model("results", "VersionSignatory")
    Award = apps.get_model("results", "VersionAward")
    Category = apps.get_model("results", "VersionCategory")
    Place = apps.get_model("results", "VersionPlace")
    problems = []
    for version in Version.objects.select_related("event").order_by("pk").iterator():
        differences = _differences(version, Signatory, Award, Category, Place)
        if differences:
            problems.append(
                f"version {version.number} of “{version.event.slug}” (id {version.pk}): {', '.join(differences)}"
            )
    if problems:
        raise RuntimeError(
            "Not dropping the versions' JSON: these versions' rows do not hold what their JSON says "
            "(run results 0005 again, or correct the rows): " + "; ".join(problems)
        )


def _kind(code, name, prefix, order):
    return {"code": code, "name": name, "prefix": prefix, "order": order}


def json_from_rows(apps, schema_editor):
    """Backwards: each version's JSON again, from its rows (the shape results 0001-0007 read)."""
    Version = apps.get_model("results", "PublishedVersion")
    Signatory = apps.get_model("results", "VersionSignatory")
    Award = apps.get_model("results", "VersionAward")
    Category = apps.get_model("results", "VersionCategory")
    Place = apps.get_model("results", "VersionPlace")
    Office = apps.get_model("offices", "Office")
    for version in Version.objects.select_related("event").order_by("event_id", "number").iterator():
        awards = []
        for award in Award.objects.filter(version=version).order_by("order"):
            awards.append(
                {
                    "id": award.award_id,
                    "title": award.title,
                    "order": award.award_order,
                    "channel": (
                        {"id": award.channel_id, "code": award.channel_code, "name": award.channel_name}
                        if award.channel_id
                        else None
                    ),
                    "categories": [
                        {
                            "id": c.category_id,
                            "title": c.title,
                            "places": c.places,
                            "mentions": c.mentions,
                            "order": c.category_order,
                        }
                        for c in Category.objects.filter(award=award).order_by("order")
                    ],
                }
            )
        earlier = Version.objects.filter(event_id=version.event_id, number__lt=version.number).order_by(
            "number"
        )
        version.content = {
            "schema": 1,
            "event": {
                "id": version.event_id,
                "slug": version.event.slug,
                **{name: getattr(version, name) for name in (*EVENT_WORDS, *EVENT_WORDING)},
                "held_on": version.held_on.isoformat() if version.held_on else None,
            },
            "signatories": [
                {"name": s.name, "title": s.title}
                for s in Signatory.objects.filter(version=version).order_by("order")
            ],
            "awards": awards,
            "extras": version.extras,
            "record": [
                {
                    "number": e.number,
                    "status": e.status,
                    "published_at": e.published_at.isoformat(),
                    "appeal_deadline": e.appeal_deadline.isoformat() if e.appeal_deadline else None,
                    "reason": e.reason,
                    "changes": e.changes,
                    "withdrawn_at": e.withdrawn_at.isoformat() if e.withdrawn_at else None,
                    "withdrawn_reason": e.withdrawn_reason,
                }
                for e in earlier
            ],
        }
        version.save(update_fields=["content"])
        places = list(Place.objects.filter(version=version).select_related("category__award"))
        offices = {o.pk: o for o in Office.objects.filter(pk__in={p.office_id for p in places})}
        for place in places:
            # The rows keep the parent as printed (its name and kind's word), which is all the pages
            # read of it; its id and address are the office's parent of today.
            parent = offices[place.office_id].parent if place.parent_name else None
            place.data = {
                "ranking_id": place.ranking_id,
                "award_id": place.category.award.award_id,
                "category_id": place.category.category_id,
                "level": place.level,
                "position": place.position,
                "is_shared": place.is_shared,
                "score": str(place.score) if place.score is not None else None,
                "citation": place.citation,
                "account_handle": place.account_handle,
                "account_url": place.account_url,
                "office": {
                    "id": place.office_id,
                    "slug": place.office_slug,
                    "name": place.office_name,
                    "short_name": place.office_short_name,
                    "logo": place.office_logo,
                    "kind": _kind(place.kind_code, place.kind_name, place.kind_prefix, place.kind_order),
                    "parent": (
                        {
                            "id": parent.pk if parent else None,
                            "slug": parent.slug if parent else "",
                            "name": place.parent_name,
                            "kind": _kind("", "", place.parent_prefix, 0),
                        }
                        if place.parent_name
                        else None
                    ),
                },
            }
        Place.objects.bulk_update(places, ["data"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0006_office_kinds_as_data"),
        ("results", "0008_event_tasks"),
    ]

    # Nullable first: backwards, the columns come back empty, json_from_rows fills them, and only
    # then are they required again.
    operations = [
        migrations.AlterField(
            model_name="publishedversion",
            name="content",
            field=models.JSONField(null=True, verbose_name="content"),
        ),
        migrations.AlterField(
            model_name="versionplace",
            name="data",
            field=models.JSONField(null=True, verbose_name="place as published"),
        ),
        migrations.RunPython(prove_rows_filled, json_from_rows),
        migrations.RemoveField(model_name="publishedversion", name="content"),
        migrations.RemoveField(model_name="versionplace", name="data"),
    ]
