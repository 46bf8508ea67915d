"""Versions published before the government was data printed a heading made from the event's
city (“PEMERINTAH KOTA BANJARMASIN”): they keep that heading, whatever the government's row says
now, so their certificates are drawn as they were. Their design is today's (the field's default),
and they printed no emblem, signature or stamp (the fields' empty defaults)."""

from django.db import migrations


def _city_heading(city: str) -> str:
    # The rule of documents.certificates.words.city_line when these versions were printed, copied
    # here: a migration keeps the meaning of its own time, whatever that function becomes.
    city = " ".join(city.split())
    if not city.lower().startswith(("kota ", "kabupaten ", "provinsi ")):
        city = f"Kota {city}"
    return f"Pemerintah {city}".upper()


def headings_as_printed(apps, schema_editor):
    PublishedVersion = apps.get_model("results", "PublishedVersion")
    versions = list(PublishedVersion.objects.filter(heading="").only("pk", "city"))
    for version in versions:
        version.heading = _city_heading(version.city)
    PublishedVersion.objects.bulk_update(versions, ["heading"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("results", "0010_version_prints_certificates")]

    operations = [migrations.RunPython(headings_as_printed, migrations.RunPython.noop)]
