from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="judging",
            name="breakdown",
            field=models.JSONField(
                blank=True, default=list, editable=False, verbose_name="score breakdown at finalising"
            ),
        ),
    ]
