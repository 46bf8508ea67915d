"""Published versions leave awards for results (results 0001 takes them over, tables and rows
untouched): only the state forgets them here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0012_published_versions_data"),
        ("results", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="VersionPlace"),
                migrations.DeleteModel(name="PublishedVersion"),
            ],
        ),
    ]
