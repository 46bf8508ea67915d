"""Criteria belong to an award instead of (event, channel), keeping what each one meant.

A criterion of (event, channel) goes to the event's award tied to that channel (the first in the
award order if there are several). An event without such an award gets one, titled
“Terbaik Pengelolaan {channel}” and tied to the channel, with one category per kind of the
event's judged offices (assigned to a judge), admitting that kind, giving 3 places: the shape the
places migration (awards 0008) gives. A stored score breakdown (judging 0002) gets the award and
category of each of its boards, and its rows their level (all places: mentions did not exist).
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


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
    dependencies = [
        ("judging", "0002_judging_breakdown"),
        ("awards", "0009_awards_and_categories_finish"),
        ("offices", "0006_office_kinds_as_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="criterion",
            name="award",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="criteria",
                to="awards.award",
                verbose_name="award",
            ),
        ),
        migrations.AlterField(
            model_name="criterion",
            name="event",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="awards.evaluationevent",
                verbose_name="event",
            ),
        ),
        migrations.AlterField(
            model_name="criterion",
            name="channel",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="offices.channel",
                verbose_name="channel",
            ),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveConstraint(model_name="criterion", name="criterion_name_unique_per_channel"),
        migrations.AlterModelOptions(
            name="criterion",
            options={
                "ordering": ["award__event_id", "award__order", "award_id", "order", "name"],
                "verbose_name": "criterion",
                "verbose_name_plural": "criteria",
            },
        ),
        migrations.RemoveField(model_name="criterion", name="event"),
        migrations.RemoveField(model_name="criterion", name="channel"),
        migrations.AlterField(
            model_name="criterion",
            name="award",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="criteria",
                to="awards.award",
                verbose_name="award",
            ),
        ),
        migrations.AlterField(
            model_name="criterion",
            name="formula",
            field=models.CharField(
                blank=True,
                choices=[
                    ("posts_per_week", "Posts (or articles) per week"),
                    ("engagement", "Engagement per post per 1,000 followers"),
                    ("follower_growth", "Follower growth in the period (%)"),
                    ("response_rate", "Replies to the public per comment"),
                    ("freshness", "Website freshness: 1 / (1 + days since last update)"),
                    ("public_info", "Required public-information pages present"),
                ],
                help_text=(
                    "Only for measured criteria, and only in an award tied to a channel: how the "
                    "account metrics become points."
                ),
                max_length=20,
                verbose_name="formula",
            ),
        ),
        migrations.AddConstraint(
            model_name="criterion",
            constraint=models.UniqueConstraint(
                models.F("award"),
                django.db.models.functions.text.Lower("name"),
                name="criterion_name_unique_per_award",
                violation_error_message="This award already has a criterion of this name.",
            ),
        ),
    ]
