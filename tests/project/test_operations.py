"""What the load balancer and the public see when something is wrong."""

import json
import logging

import pytest
from django.urls import reverse
from django.utils.translation import override


def without_times(health: dict) -> dict:
    """The health answer with each part's milliseconds checked to be a number and left out."""
    parts = {}
    for name, part in health.items():
        if isinstance(part, dict):
            assert isinstance(part.pop("ms"), float), name
        parts[name] = part
    return parts


@pytest.mark.django_db
def test_healthz_reports_database_and_cache_ok(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert without_times(response.json()) == {
        "status": "ok",
        "database": {"status": "ok"},
        "cache": {"status": "ok", "breaker": "closed"},
    }
    assert response.headers["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_healthz_reports_a_cache_that_is_down_as_degraded_not_down(client, settings):
    # A Redis that nobody listens on: the connection is refused. Pages still render from the
    # database, so the load balancer must keep sending visitors here.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/5",
        }
    }

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert without_times(response.json()) == {
        "status": "degraded",
        "database": {"status": "ok"},
        "cache": {
            "status": "failed",
            "error": "ConnectionError: Error 111 connecting to 127.0.0.1:1. Connection refused.",
            "breaker": "open",
        },
    }


def test_healthz_reports_503_when_database_is_unreachable(client):
    # Without the db fixture pytest-django refuses every connection, as a dead server would.
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    health = without_times(response.json())
    assert health["database"]["error"].startswith("RuntimeError: Database access not allowed")
    assert (health["status"], health["database"]["status"], health["cache"]) == (
        "down",
        "failed",
        {"status": "ok", "breaker": "closed"},
    )


def test_healthz_needs_no_login_and_is_exempt_from_https_redirect(client, settings, db):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "heading"),
    [("", "Halaman tidak ditemukan"), ("/en", "Page not found")],
)
def test_missing_page_shows_custom_404_in_both_languages(client, settings, prefix, heading):
    settings.DEBUG = False

    response = client.get(f"{prefix}/events/tidak-ada/")

    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.project.urls_with_error")
@pytest.mark.parametrize(
    ("prefix", "heading"),
    [("", "Terjadi kesalahan di pihak kami"), ("/en", "Something went wrong on our side")],
)
def test_error_shows_custom_500_without_details(client, settings, caplog, prefix, heading):
    settings.DEBUG = False
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(f"{prefix}/broken/")

    body = response.content.decode()
    assert response.status_code == 500
    assert f"<h1>{heading}</h1>" in body
    assert "secret detail" not in body
    assert "Traceback" not in body
    assert [(r.name, r.levelname, r.status_code, r.request.path) for r in caplog.records] == [
        ("django.request", "ERROR", 500, f"{prefix}/broken/")
    ]


@pytest.mark.django_db
def test_json_log_line_carries_path_and_status_not_the_request():
    from django.test import RequestFactory

    from common.logs import JsonFormatter

    request = RequestFactory().get("/broken/", HTTP_COOKIE="sessionid=rahasia")
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/broken/",), None
    )
    record.status_code = 500
    record.request = request
    formatter = JsonFormatter("%(levelname)s %(name)s %(message)s")

    with override("en"):
        line = formatter.format(record)

    assert json.loads(line) == {
        "levelname": "ERROR",
        "name": "django.request",
        "message": "Internal Server Error: /broken/",
        "status_code": 500,
        "path": "/broken/",
        "method": "GET",
    }
