"""Production mode, started as a server would start it: in a fresh process with its own environment."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_SECRET_KEY": "x" * 60}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_ALLOWED_HOSTS": "example.org"}, "DJANGO_SECRET_KEY"),
    ],
)
def test_production_mode_refuses_to_start_without_secrets(env, missing):
    result = _run_manage("check", **env)

    assert result.returncode == 1
    assert (
        f"ImproperlyConfigured: Production mode (DJANGO_DEBUG unset or false) needs {missing}."
        in result.stderr
    )


def test_migrations_check_runs_without_production_configuration():
    # It only compares the models with the migrations; `check` and servers still refuse (above).
    result = _run_manage("makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_production_mode_passes_deploy_check_with_zero_issues():
    result = _run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_production_mode_logs_json_lines():
    result = _run_manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('sca').error('disk full', extra={'status_code': 500})",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="example.org",
    )

    lines = [json.loads(line) for line in result.stderr.splitlines() if "disk full" in line]
    assert [(x["levelname"], x["name"], x["message"], x["status_code"]) for x in lines] == [
        ("ERROR", "sca", "disk full", 500)
    ]


def test_production_mode_hashes_passwords_with_djangos_slow_default():
    # The suite runs with tests/settings.py's MD5 hasher for speed; a server never does.
    result = _run_manage(
        "shell",
        "-c",
        "from django.conf import settings; from django.contrib.auth.hashers import make_password; "
        "print(settings.SETTINGS_MODULE, settings.PASSWORD_HASHERS[0], make_password('x').split('$')[0])",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="example.org",
    )

    assert result.returncode == 0, result.stderr
    # The shell's first line counts the objects it imported for convenience.
    assert result.stdout.splitlines()[-1].split() == [
        "smartcity_awards.settings",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "pbkdf2_sha256",
    ]
