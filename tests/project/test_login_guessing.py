"""Guessing a password: a lock per username and address, a slow path (never a lock) per username."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
PASSWORD = "rahasia-komite-2021"
SLOWED = "signing in with it is slowed down"


@pytest.fixture
def member(db):
    return get_user_model().objects.create_user("sekretaris", password=PASSWORD, is_staff=True)


def _login(client, password, forwarded_for="", address="127.0.0.1"):
    return client.post(
        LOGIN_URL,
        {"username": "sekretaris", "password": password, "next": "/admin/"},
        headers={"Accept-Language": "en", "X-Forwarded-For": forwarded_for},
        REMOTE_ADDR=address,
    )


def _signed_in(client):
    return "_auth_user_id" in client.session


def _move_attempts_back(**delta):
    # The clock is the rows' own: what a lock or a wait is measured from moves back instead.
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= datetime.timedelta(**delta)
        attempt.save(update_fields=["attempt_time"])


def test_no_proxy_is_trusted_unless_configured():
    assert settings.TRUSTED_PROXY_COUNT == 0


def test_rotating_forwarded_for_is_ignored_when_gunicorn_is_reached_directly(client, member):
    failures = [_login(client, "salah", forwarded_for=f"81.2.69.{n}").status_code for n in range(5)]

    locked = _login(client, PASSWORD, forwarded_for="81.2.69.99")

    assert failures == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # The refused attempt was not counted.
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [("127.0.0.1", 5)]


def test_right_user_signs_in_from_another_address_during_a_flood_from_one(client, member):
    flood = [_login(client, "salah", address="203.0.113.7").status_code for _ in range(22)]

    elsewhere = _login(client, PASSWORD, address="198.51.100.20")

    assert flood == [200] * 4 + [429] * 18
    assert elsewhere.status_code == 302
    assert _signed_in(client)


def test_attempts_refused_while_locked_do_not_extend_the_lock(client, member):
    for _ in range(5):
        _login(client, "salah", address="203.0.113.7")
    locked_at = AccessAttempt.objects.get().attempt_time
    # Half an hour of further tries, wrong and right, all refused.
    refused = [
        _login(client, password, address="203.0.113.7").status_code for password in ["salah", PASSWORD] * 3
    ]
    attempt = AccessAttempt.objects.get()
    counted = (attempt.failures_since_start, attempt.attempt_time)

    # 30 minutes after the fifth failure, not after the last refused attempt, the lock ends.
    _move_attempts_back(minutes=30, seconds=1)
    after = _login(client, PASSWORD, address="203.0.113.7")

    assert refused == [429] * 6
    assert counted == (5, locked_at)
    assert after.status_code == 302
    assert _signed_in(client)


def test_still_locked_one_second_before_the_cool_off_ends(client, member):
    for _ in range(5):
        _login(client, "salah", address="203.0.113.7")

    _move_attempts_back(minutes=29, seconds=59)
    response = _login(client, PASSWORD, address="203.0.113.7")

    assert response.status_code == 429
    assert not _signed_in(client)


def test_name_guessed_from_thirty_addresses_still_signs_in_from_a_new_address(client, member):
    guesses = [_login(client, "salah", address=f"203.0.113.{n}").status_code for n in range(1, 31)]

    response = _login(client, PASSWORD, address="198.51.100.20")

    assert guesses == [200] * 30
    assert response.status_code == 302
    assert _signed_in(client)


def test_an_address_that_guessed_a_much_guessed_name_waits_then_signs_in(client, member):
    for n in range(1, 31):
        _login(client, "salah", address=f"203.0.113.{n}")
    before = sorted(AccessAttempt.objects.values_list("ip_address", "failures_since_start", "attempt_time"))

    # An address that has failed for the name is slowed: the form again, with how long to wait,
    # and not a lock (200, no attempt counted, even with the right password).
    slowed = _login(client, PASSWORD, address="203.0.113.5")
    after_slowed = sorted(
        AccessAttempt.objects.values_list("ip_address", "failures_since_start", "attempt_time")
    )
    _move_attempts_back(seconds=settings.LOGIN_SLOW_SECONDS)
    waited = _login(client, PASSWORD, address="203.0.113.5")

    assert settings.LOGIN_SLOW_AFTER == 20
    assert slowed.status_code == 200
    assert SLOWED in slowed.content.decode()
    assert "Wait 30 seconds" in slowed.content.decode()
    assert after_slowed == before
    assert waited.status_code == 302
    assert _signed_in(client)


def test_failures_below_the_slow_path_threshold_do_not_slow(client, member):
    for n in range(1, settings.LOGIN_SLOW_AFTER):
        _login(client, "salah", address=f"203.0.113.{n}")

    response = _login(client, PASSWORD, address="203.0.113.1")

    assert response.status_code == 302


def test_guesses_spread_over_forwarded_addresses_meet_the_slow_path_not_a_lock(client, member, settings):
    # Behind nginx (one trusted proxy) each forwarded address is believed.
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [_login(client, "salah", forwarded_for=f"81.2.{n}.1").status_code for n in range(25)]

    slowed = _login(client, "salah", forwarded_for="81.2.3.1")
    right = _login(client, PASSWORD, forwarded_for="81.2.200.1")

    assert statuses == [200] * 25
    assert SLOWED in slowed.content.decode()
    assert right.status_code == 302
    assert _signed_in(client)
