"""Guessing a password: bounded per username and address, and per username from any address."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
PASSWORD = "rahasia-komite-2021"


@pytest.fixture
def member(db):
    return get_user_model().objects.create_user("sekretaris", password=PASSWORD, is_staff=True)


def _login(client, password, forwarded_for):
    return client.post(
        LOGIN_URL,
        {"username": "sekretaris", "password": password, "next": "/admin/"},
        headers={"Accept-Language": "en", "X-Forwarded-For": forwarded_for},
        REMOTE_ADDR="127.0.0.1",
    )


def test_no_proxy_is_trusted_unless_configured():
    assert settings.TRUSTED_PROXY_COUNT == 0


def test_rotating_forwarded_for_is_ignored_when_gunicorn_is_reached_directly(client, member):
    failures = [_login(client, "salah", forwarded_for=f"81.2.69.{n}").status_code for n in range(5)]

    locked = _login(client, PASSWORD, forwarded_for="81.2.69.99")

    assert failures == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [("127.0.0.1", 6)]


def test_guesses_spread_over_addresses_lock_the_username(client, member, settings):
    # Behind nginx each address is believed; an attacker with many addresses still meets the
    # per-username limit (20), higher than the per-address one (5) so one office cannot lock
    # everyone out by mistyping.
    settings.TRUSTED_PROXY_COUNT = 1
    limit = settings.AXES_USERNAME_FAILURE_LIMIT
    statuses = [_login(client, "salah", forwarded_for=f"81.2.{n}.1").status_code for n in range(limit)]

    locked = _login(client, PASSWORD, forwarded_for="81.2.200.1")

    assert limit == 20
    assert statuses == [200] * (limit - 1) + [429]
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_few_failures_from_many_addresses_do_not_lock(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_USERNAME_FAILURE_LIMIT - 2):
        _login(client, "salah", forwarded_for=f"81.2.{n}.1")

    response = _login(client, PASSWORD, forwarded_for="81.2.200.1")
    signed_in_as = client.session["_auth_user_id"]
    admin_index = client.get(response["Location"])

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert signed_in_as == str(member.pk)
    assert (admin_index.status_code, admin_index.context["user"]) == (200, member)
