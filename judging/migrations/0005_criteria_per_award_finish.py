"""The last step of moving criteria to awards (see 0003): the old columns go, the new ones become
required."""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("judging", "0004_criteria_per_award_data")]

    operations = [
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
