"""Every version's JSON (``content`` and each place's ``data``) copied into the rows of 0004:
the event's words onto the version, its signatories, awards and categories as rows, and each
place's words and office as columns, exactly as the JSON says they were printed.

On historical models and on the data alone. A place's words are computed here as the words rule
(awards.words.ranking_words) stood when this was written, frozen into the migration as Django
advises: a later change of that rule must not change what an old version printed."""

from decimal import Decimal

from django.db import migrations

_ORDINALS = {
    1: "Pertama",
    2: "Kedua",
    3: "Ketiga",
    4: "Keempat",
    5: "Kelima",
    6: "Keenam",
    7: "Ketujuh",
    8: "Kedelapan",
    9: "Kesembilan",
    10: "Kesepuluh",
}
_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
MENTION, DIGITS = 2, "digits"


def _number_words(n: int) -> str:
    if n < 10:
        return _UNITS[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    tens, rest = divmod(n, 10)
    return f"{_UNITS[tens]} puluh" + (f" {_UNITS[rest]}" if rest else "")


def _ordinal(position: int) -> str:
    return _ORDINALS.get(position) or ("Ke" + _number_words(position)).title()


def place_words(event: dict, *, level: int, position: int, shared: bool) -> str:
    if level == MENTION:
        words = f"{event['mention_word']} {position}"
    elif event["place_numbering"] == DIGITS:
        words = f"{event['place_word']} {position}"
    else:
        words = f"{event['place_word']} {_ordinal(position)}"
    return f"{words} (bersama)" if shared else words


def _held_on(text):
    import datetime

    return datetime.date.fromisoformat(text) if text else None


def forwards(apps, schema_editor):
    Version = apps.get_model("results", "PublishedVersion")
    Signatory = apps.get_model("results", "VersionSignatory")
    Award = apps.get_model("results", "VersionAward")
    Category = apps.get_model("results", "VersionCategory")
    Place = apps.get_model("results", "VersionPlace")
    for version in Version.objects.order_by("pk").iterator():
        content = version.content
        event = content["event"]
        for name in ("title", "year", "venue", "city", "description", "notes"):
            setattr(version, name, event[name] or ("" if name != "year" else 0))
        version.held_on = _held_on(event["held_on"])
        version.place_word = event["place_word"]
        version.place_numbering = event["place_numbering"]
        version.mention_word = event["mention_word"]
        version.extras = content.get("extras", {})
        version.save()
        Signatory.objects.bulk_create(
            Signatory(version=version, name=s["name"], title=s["title"], order=n)
            for n, s in enumerate(content["signatories"], start=1)
        )
        categories = {}
        for n, data in enumerate(content["awards"], start=1):
            channel = data["channel"]
            award = Award.objects.create(
                version=version,
                award_id=data["id"],
                title=data["title"],
                channel_id=channel["id"] if channel else None,
                channel_code=channel["code"] if channel else "",
                channel_name=channel["name"] if channel else "",
                award_order=data["order"],
                order=n,
            )
            for m, item in enumerate(data["categories"], start=1):
                categories[(data["id"], item["id"])] = Category.objects.create(
                    award=award,
                    category_id=item["id"],
                    title=item["title"],
                    places=item["places"],
                    mentions=item["mentions"],
                    category_order=item["order"],
                    order=m,
                )
        places = list(Place.objects.filter(version=version))
        for place in places:
            data = place.data
            office, kind, parent = data["office"], data["office"]["kind"], data["office"].get("parent")
            place.category = categories[(data["award_id"], data["category_id"])]
            place.is_shared = data["is_shared"]
            place.title = place_words(event, level=data["level"], position=data["position"], shared=data["is_shared"])
            place.score = Decimal(data["score"]) if data["score"] is not None else None
            place.citation = data["citation"]
            place.account_handle = data.get("account_handle", "")
            place.account_url = data.get("account_url", "")
            place.office_name = office["name"]
            place.office_short_name = office.get("short_name", "")
            place.office_slug = office["slug"]
            place.office_logo = office.get("logo", "")
            place.kind_code = kind["code"]
            place.kind_name = kind["name"]
            place.kind_prefix = kind["prefix"]
            place.kind_order = kind["order"]
            place.parent_name = parent["name"] if parent else ""
            place.parent_prefix = parent["kind"]["prefix"] if parent else ""
        Place.objects.bulk_update(
            places,
            [
                "category",
                "is_shared",
                "title",
                "score",
                "citation",
                "account_handle",
                "account_url",
                "office_name",
                "office_short_name",
                "office_slug",
                "office_logo",
                "kind_code",
                "kind_name",
                "kind_prefix",
                "kind_order",
                "parent_name",
                "parent_prefix",
            ],
            batch_size=500,
        )


def backwards(apps, schema_editor):
    # The JSON is still there (0004 added beside it): the rows go, the JSON stands.
    apps.get_model("results", "VersionPlace").objects.update(category=None)
    apps.get_model("results", "VersionAward").objects.all().delete()
    apps.get_model("results", "VersionSignatory").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("results", "0004_versions_as_rows")]

    operations = [migrations.RunPython(forwards, backwards)]
