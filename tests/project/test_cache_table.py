"""Production without `manage.py createcachetable`: saves work, and the checks say what is missing.

The database cache's table is made by a command, not a migration, so a server can run without
it. On PostgreSQL a failed statement aborts its transaction: a cache call inside a save's
transaction made every later statement of the save fail with "current transaction is aborted".
"""

import io

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.urls import reverse

from awards.models import EvaluationEvent
from results.services import event_withdraw
from tests.helpers import DEMO_SLUG

EVENT_URL = f"/events/{DEMO_SLUG}/"
MISSING = "sca_cache_never_created"


@pytest.fixture
def no_cache_table(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": MISSING}
    }


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return EvaluationEvent.objects.get(slug=DEMO_SLUG)


def cache_errors(databases):
    return [
        (error.id, error.msg, error.hint)
        for error in run_checks(databases=databases, include_deployment_checks=True, tags=["caches"])
    ]


@pytest.mark.django_db
def test_the_deploy_check_names_the_command_that_makes_the_table(no_cache_table, settings):
    missing = cache_errors(["default"])
    without_database = cache_errors(None)  # `check --deploy` alone asks no database
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "made_here"}
    }
    call_command("createcachetable", stdout=io.StringIO())

    assert missing == [
        (
            "common.E001",
            f"The cache table '{MISSING}' of cache 'default' does not exist in database 'default'.",
            "Run `manage.py createcachetable` (deploy/manage.sh createcachetable).",
        )
    ]
    assert without_database == []
    assert cache_errors(["default"]) == []


@pytest.mark.django_db
def test_saves_work_and_pages_render_without_the_cache_table(client, demo, no_cache_table):
    assert client.get(EVENT_URL).status_code == 200

    event_withdraw(event=demo, reason="Uji: hasil ditarik")  # one transaction, cache calls inside

    demo.refresh_from_db()
    assert demo.status == "withdrawn"
    assert client.get(EVENT_URL).status_code == 410


@pytest.mark.django_db
def test_healthz_says_which_command_makes_the_missing_table(client, no_cache_table):
    response = client.get(reverse("healthz"))

    health = response.json()
    assert (response.status_code, health["status"], health["database"]["status"]) == (200, "degraded", "ok")
    assert health["cache"]["status"] == "failed"
    assert health["cache"]["error"] == (
        f"RuntimeError: the cache table '{MISSING}' does not exist: run `manage.py createcachetable`"
    )
