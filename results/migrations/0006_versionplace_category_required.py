"""Every place names its category (0005 filled it for the versions made before)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("results", "0005_versions_as_rows_data")]

    operations = [
        migrations.AlterField(
            model_name="versionplace",
            name="category",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="given",
                to="results.versioncategory",
                verbose_name="category",
            ),
        ),
    ]
