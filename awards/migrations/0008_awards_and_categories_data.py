"""Every event's places move into awards and categories, keeping what each place meant.

Until now a category was (event, channel, office kind) and an event gave the same number of places
in each. Each event now gets one award per channel its places are in (“Terbaik Pengelolaan
Website”, tied to its channel, in the channels' order), each with one category per office kind its
places are in (“SKPD”, “Kelurahan”, admitting that kind alone, in the kinds' order), giving the
event's number of places. Every place keeps its office, position, shared flag, score and citation;
its level is “place” (honourable mentions did not exist). The history of places is mapped too, so
“who changed what” keeps pointing at the right category. The event's notes are untouched.
"""

from django.db import migrations


def forward(apps, schema_editor):
    EvaluationEvent = apps.get_model("awards", "EvaluationEvent")
    Award = apps.get_model("awards", "Award")
    Category = apps.get_model("awards", "Category")
    Ranking = apps.get_model("awards", "Ranking")
    HistoricalRanking = apps.get_model("awards", "HistoricalRanking")
    Channel = apps.get_model("offices", "Channel")
    OfficeKind = apps.get_model("offices", "OfficeKind")

    channels = {channel.pk: channel for channel in Channel.objects.all()}
    kinds = {kind.code: kind for kind in OfficeKind.objects.all()}
    categories: dict[tuple[int, int, str], object] = {}
    for event in EvaluationEvent.objects.order_by("pk"):
        pairs = set(Ranking.objects.filter(event=event).values_list("channel_id", "office_kind"))
        # Past versions of places count too: a category whose places were all removed later still
        # gets its row, so that their history keeps its meaning.
        pairs |= set(HistoricalRanking.objects.filter(event_id=event.pk).values_list("channel_id", "office_kind"))
        pairs = {(channel_id, kind) for channel_id, kind in pairs if channel_id in channels}
        channel_ids = sorted({c for c, _kind in pairs}, key=lambda c: (channels[c].order, channels[c].name))
        for order, channel_id in enumerate(channel_ids, start=1):
            channel = channels[channel_id]
            award = Award.objects.create(
                event=event, title=f"Terbaik Pengelolaan {channel.name}", channel=channel, order=order
            )
            event_kinds = sorted(
                {kind for c, kind in pairs if c == channel_id},
                key=lambda code: (kinds[code].order, kinds[code].name) if code in kinds else (999, code),
            )
            for category_order, code in enumerate(event_kinds, start=1):
                kind = kinds.get(code) or OfficeKind.objects.create(code=code, name=code.title(), order=100)
                kinds[code] = kind
                category = Category.objects.create(
                    award=award, title=kind.name, places=event.places_per_category, order=category_order
                )
                category.kinds.add(kind)
                categories[(event.pk, channel_id, code)] = category

    for ranking in Ranking.objects.all().iterator():
        category = categories[(ranking.event_id, ranking.channel_id, ranking.office_kind)]
        Ranking.objects.filter(pk=ranking.pk).update(category=category, award=category.award_id, level=1)
    for record in HistoricalRanking.objects.all().iterator():
        category = categories.get((record.event_id, record.channel_id, record.office_kind))
        if category is not None:
            HistoricalRanking.objects.filter(pk=record.pk).update(
                category_id=category.pk, award_id=category.award_id, level=1
            )


def backward(apps, schema_editor):
    """Back to (event, channel, kind): possible while every award has a channel and every category
    admits one kind; honourable mentions cannot go back and stop the migration."""
    EvaluationEvent = apps.get_model("awards", "EvaluationEvent")
    Award = apps.get_model("awards", "Award")
    Category = apps.get_model("awards", "Category")
    Ranking = apps.get_model("awards", "Ranking")
    HistoricalRanking = apps.get_model("awards", "HistoricalRanking")

    if Ranking.objects.filter(level=2).exists():
        raise RuntimeError("Honourable mentions have no place in the old shape; remove them first.")
    if Award.objects.filter(channel__isnull=True, categories__rankings__isnull=False).exists():
        raise RuntimeError("An award without a channel has places; the old shape cannot hold them.")
    for ranking in Ranking.objects.select_related("category__award", "office").iterator():
        award = ranking.category.award
        Ranking.objects.filter(pk=ranking.pk).update(
            event_id=award.event_id, channel_id=award.channel_id, office_kind=ranking.office.kind_id
        )
    for category in Category.objects.select_related("award"):
        HistoricalRanking.objects.filter(category_id=category.pk).update(
            event_id=category.award.event_id, channel_id=category.award.channel_id
        )
    for event in EvaluationEvent.objects.all():
        places = Category.objects.filter(award__event=event).order_by("-places").values_list("places", flat=True)
        event.places_per_category = places.first() or 3
        event.save(update_fields=["places_per_category"])
    Award.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0007_awards_and_categories"),
        ("offices", "0006_office_kinds_as_data"),
    ]

    operations = [migrations.RunPython(forward, backward)]
