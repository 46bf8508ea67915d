"""DJANGO_TASKS_BACKEND: the queue of background tasks chosen by the environment (settings.py)."""

import configparser
import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow


def check(**environment: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "smartcity_awards.settings"}
    env.pop("DJANGO_TASKS_BACKEND", None)
    env.pop("TASKS_REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_database_queue_is_the_default():
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert check().returncode == 0


def test_unknown_backend_refused_with_the_choices():
    result = check(DJANGO_TASKS_BACKEND="celery")

    assert result.returncode == 1
    assert "DJANGO_TASKS_BACKEND is 'celery'; it must be “database” (the default) or “rq”." in result.stderr


@pytest.mark.skipif(find_spec("django_tasks_rq") is not None, reason="the RQ packages are installed here")
def test_rq_without_its_packages_says_what_to_install():
    result = check(DJANGO_TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6379/0")

    assert result.returncode == 1
    assert "DJANGO_TASKS_BACKEND=rq needs the packages django-tasks-rq and django-rq" in result.stderr
    assert "deploy/requirements-rq.txt" in result.stderr


def _unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(settings.BASE_DIR / "deploy" / name)
    return unit


def test_worker_unit_runs_db_worker_as_the_app_runs():
    app = _unit("smartcity-awards.service")["Service"]
    worker = _unit("smartcity-awards-worker.service")["Service"]

    for key in ("User", "Group", "WorkingDirectory", "EnvironmentFile", "ProtectSystem"):
        assert worker[key] == app[key]
    assert worker["ExecStart"].split()[1:4] == ["manage.py", "db_worker", "--no-reload"]
    assert worker["ExecStart"].split()[0] == str(Path(app["ExecStart"].split()[0]).parent / "python")
    # The media folder only: the drawn certificates.
    assert worker["ReadWritePaths"] == app["ReadWritePaths"].split()[0]
    assert worker["KillSignal"] == "SIGTERM"
