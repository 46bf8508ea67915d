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
    ]
