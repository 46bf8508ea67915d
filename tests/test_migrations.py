"""Migrations: none missing, and none depends on the live models of today's code.

A data migration that imports the app's models or services runs them against the schema of its
own time; as soon as a later migration adds a field, the live model asks for a column that is
not there yet and ``migrate`` from zero fails (``no such column``). The test adds a field to every
model of the project, as the next migration would, and migrates an old database through.
"""

import contextlib
import datetime

import pytest
from django.apps import apps as live_apps
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

PROJECT_APPS = ("offices", "awards", "judging")
BEFORE_VERSIONS = [("awards", "0011_published_versions"), ("judging", "0005_criteria_per_award_finish")]
AFTER_VERSIONS = [("awards", "0012_published_versions_data"), ("judging", "0006_breakdown_in_versions")]
PUBLISHED_AT = datetime.datetime(2021, 11, 3, 2, 0, tzinfo=datetime.UTC)
FIELD = "added_by_a_later_migration"


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    # Exits with SystemExit(1) when makemigrations would write a file.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@contextlib.contextmanager
def _a_new_field_on_every_model():
    """Every concrete model of the project gets a column that no migration has made yet."""
    changed = [
        model
        for app in PROJECT_APPS
        for model in live_apps.get_app_config(app).get_models()
        if not model._meta.proxy and not model._meta.abstract
    ]
    for model in changed:
        models.CharField(max_length=20, default="", blank=True).contribute_to_class(model, FIELD)
        model._meta._expire_cache()
    try:
        yield changed
    finally:
        for model in changed:
            field = model._meta.get_field(FIELD)
            model._meta.local_fields.remove(field)
            delattr(model, FIELD)
            model._meta._expire_cache()
        live_apps.clear_cache()


def _published_before_versions(apps):
    Office = apps.get_model("offices", "Office")
    Channel = apps.get_model("offices", "Channel")
    Event = apps.get_model("awards", "EvaluationEvent")
    Award = apps.get_model("awards", "Award")
    Category = apps.get_model("awards", "Category")
    Ranking = apps.get_model("awards", "Ranking")
    office = Office.objects.create(name="Pelambuan", kind_id="kelurahan", slug="kelurahan-pelambuan")
    event = Event.objects.create(
        slug="lama",
        title="Evaluasi Lama",
        year=2021,
        city="Banjarmasin",
        status="published",
        published_at=PUBLISHED_AT,
    )
    award = Award.objects.create(
        event=event, title="Terbaik Pengelolaan Website", channel=Channel.objects.get(code="website")
    )
    category = Category.objects.create(award=award, title="Kelurahan", places=3)
    Ranking.objects.create(category=category, award=award, office=office, position=1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("base_data")
def test_data_migrations_run_when_later_migrations_add_fields_to_the_models():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE_VERSIONS)
    _published_before_versions(executor.loader.project_state(BEFORE_VERSIONS).apps)

    with _a_new_field_on_every_model() as changed:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER_VERSIONS)
        apps = executor.loader.project_state(AFTER_VERSIONS).apps
        version = apps.get_model("awards", "PublishedVersion").objects.get(event__slug="lama")
        places = list(version.places.values_list("position", "data__office__name"))
        MigrationExecutor(connection).migrate(leaves)

    assert len(changed) > 20
    assert (version.number, version.published_at, places) == (1, PUBLISHED_AT, [(1, "Pelambuan")])
    assert all(FIELD not in {f.name for f in model._meta.get_fields()} for model in changed)
