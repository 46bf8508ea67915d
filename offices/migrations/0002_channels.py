"""Creates the three channels judged since 2021; the committee may add more in the admin."""

from django.db import migrations

CHANNELS = [
    ("website", "Website", 10, ""),
    ("instagram", "Instagram", 20, "https://www.instagram.com/{handle}/"),
    ("facebook", "Facebook", 30, "https://www.facebook.com/{handle}"),
]


def create_channels(apps, schema_editor):
    Channel = apps.get_model("offices", "Channel")
    for code, name, order, url_template in CHANNELS:
        Channel.objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "url_template": url_template}
        )


def remove_channels(apps, schema_editor):
    Channel = apps.get_model("offices", "Channel")
    Channel.objects.filter(code__in=[code for code, *_rest in CHANNELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]

    operations = [migrations.RunPython(create_channels, remove_channels)]
