"""The data step of moving criteria to awards (see 0003): its own migration, so that on
PostgreSQL the rows it writes are committed before 0005 alters the tables."""

from django.db import migrations


def forward(apps, schema_editor):
    Criterion = apps.get_model("judging", "Criterion")
    Judging = apps.get_model("judging", "Judging")
    JudgeAssignment = apps.get_model("judging", "JudgeAssignment")
    Award = apps.get_model("awards", "Award")
    Category = apps.get_model("awards", "Category")
    Channel = apps.get_model("offices", "Channel")
    Office = apps.get_model("offices", "Office")
    OfficeKind = apps.get_model("offices", "OfficeKind")

    kinds = {kind.code: kind for kind in OfficeKind.objects.all()}
    awards: dict[tuple[int, int], object] = {}
    for event_id, channel_id in (
        Criterion.objects.order_by("event_id", "channel_id").values_list("event_id", "channel_id").distinct()
    ):
        award = (
            Award.objects.filter(event_id=event_id, channel_id=channel_id).order_by("order", "pk").first()
        )
        if award is None:
            channel = Channel.objects.get(pk=channel_id)
            last = Award.objects.filter(event_id=event_id).order_by("-order").values_list("order", flat=True)
            award = Award.objects.create(
                event_id=event_id,
                title=f"Terbaik Pengelolaan {channel.name}",
                channel=channel,
                order=(last.first() or 0) + 1,
            )
            office_ids = JudgeAssignment.objects.filter(event_id=event_id).values_list("office_id", flat=True)
            codes = set(Office.objects.filter(pk__in=office_ids).values_list("kind_id", flat=True))
            ordered = sorted(codes, key=lambda code: (kinds[code].order, kinds[code].name))
            for order, code in enumerate(ordered, start=1):
                category = Category.objects.create(award=award, title=kinds[code].name, places=3, order=order)
                category.kinds.add(kinds[code])
        awards[(event_id, channel_id)] = award
    for (event_id, channel_id), award in awards.items():
        Criterion.objects.filter(event_id=event_id, channel_id=channel_id).update(award=award)

    for judging in Judging.objects.exclude(breakdown=[]):
        boards = []
        for board in judging.breakdown:
            award = (
                Award.objects.filter(event_id=judging.event_id, channel__name=board.get("channel"))
                .order_by("order", "pk")
                .first()
            )
            kind = kinds.get(board.get("kind"))
            category = None
            if award is not None and kind is not None:
                category = Category.objects.filter(award=award, kinds=kind).order_by("order", "pk").first()
            boards.append(
                {
                    "award": award.title if award else board.get("channel", ""),
                    "category": category.title if category else (kind.name if kind else board.get("kind", "")),
                    "channel": board.get("channel", ""),
                    "criteria": board["criteria"],
                    "rows": [{**row, "level": 1} for row in board["rows"]],
                }
            )
        judging.breakdown = boards
        judging.save(update_fields=["breakdown"])


def backward(apps, schema_editor):
    Criterion = apps.get_model("judging", "Criterion")
    Judging = apps.get_model("judging", "Judging")
    if Criterion.objects.filter(award__channel__isnull=True).exists():
        raise RuntimeError("A criterion of an award without a channel has no place in the old shape.")
    for criterion in Criterion.objects.select_related("award"):
        Criterion.objects.filter(pk=criterion.pk).update(
            event_id=criterion.award.event_id, channel_id=criterion.award.channel_id
        )
    for judging in Judging.objects.exclude(breakdown=[]):
        judging.breakdown = [
            {
                "channel": board.get("channel", ""),
                "kind": board.get("category", "").lower(),
                "criteria": board["criteria"],
                "rows": [
                    {k: v for k, v in row.items() if k != "level"} for row in board["rows"] if row.get("level", 1) == 1
                ],
            }
            for board in judging.breakdown
        ]
        judging.save(update_fields=["breakdown"])


class Migration(migrations.Migration):
    dependencies = [("judging", "0003_criteria_per_award")]

    operations = [migrations.RunPython(forward, backward)]
