"""Versions published before certificates printed the government (results 0010-0011) keep the
heading made from their city, today's design, and print no emblem, signature or stamp."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# awards too: the events it makes have no column awards 0016 adds.
BEFORE = [("results", "0009_versions_without_json"), ("awards", "0015_committee_objection_permissions")]
PUBLISHED_AT = datetime.datetime(2021, 11, 3, 2, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("base_data")
def test_old_versions_keep_the_heading_they_printed():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Event = apps.get_model("awards", "EvaluationEvent")
    Version = apps.get_model("results", "PublishedVersion")
    Signatory = apps.get_model("results", "VersionSignatory")
    for slug, city in [("bjm", "Banjarmasin"), ("kp", "Kabupaten  Kulon Progo")]:
        event = Event.objects.create(
            slug=slug,
            title=f"Evaluasi {city}",
            year=2021,
            city=city,
            status="published",
            published_at=PUBLISHED_AT,
        )
        version = Version.objects.create(
            event=event,
            number=1,
            status="final",
            title=event.title,
            year=2021,
            city=city,
            place_word="Terbaik",
            place_numbering="words",
            mention_word="Harapan",
            published_at=PUBLISHED_AT,
        )
        Signatory.objects.create(version=version, name="H. Ibnu Sina", title="Walikota Banjarmasin", order=1)

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)
    apps = executor.loader.project_state(leaves).apps

    Version = apps.get_model("results", "PublishedVersion")
    printed = {
        v.event.slug: (v.heading, v.emblem, v.certificate_design, v.certificate_background)
        for v in Version.objects.select_related("event")
    }
    assert printed == {
        "bjm": ("PEMERINTAH KOTA BANJARMASIN", "", "classic", ""),
        "kp": ("PEMERINTAH KABUPATEN KULON PROGO", "", "classic", ""),
    }
    signatory = apps.get_model("results", "VersionSignatory").objects.get(version__event__slug="bjm")
    assert (signatory.nip, signatory.signature, signatory.stamp) == ("", "", "")
