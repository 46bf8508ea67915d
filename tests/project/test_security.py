"""Headers, cookies and the login lockout as a browser meets them in production."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse

from results.services import event_publish
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
PASSWORD = "rahasia-komite-2021"

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(header: str) -> dict[str, str]:
    # django-csp writes the directives in no fixed order.
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.fixture
def production(settings):
    """The values settings.py sets when DJANGO_DEBUG is off (tests run with it on)."""
    settings.DEBUG = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    return settings


@pytest.fixture
def member(db):
    return get_user_model().objects.create_user("sekretaris", password=PASSWORD, is_staff=True)


@pytest.fixture(autouse=True)
def _behind_nginx(settings):
    # The documented setup (deploy/env.example): one nginx in front, DJANGO_TRUSTED_PROXY_COUNT=1.
    settings.TRUSTED_PROXY_COUNT = 1


def _login(client, password, forwarded_for=None):
    headers = {"Accept-Language": "en"}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    return client.post(
        LOGIN_URL,
        {"username": "sekretaris", "password": password, "next": "/admin/"},
        headers=headers,
        REMOTE_ADDR="127.0.0.1",
    )


def test_public_page_carries_security_headers(production, client):
    event = EventFactory()
    event_publish(event=event)

    response = client.get(event.get_absolute_url(), secure=True)

    assert response.status_code == 200
    assert {
        name: response.headers.get(name)
        for name in [
            "Strict-Transport-Security",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Cross-Origin-Opener-Policy",
        ]
    } == {
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    assert _policy(response.headers["Content-Security-Policy"]) == CSP


def test_admin_pages_carry_the_same_policy_but_attribute_hashes(production, client):
    response = client.get(LOGIN_URL, secure=True)

    policy = _policy(response.headers["Content-Security-Policy"])
    hashed = {"style-src", "script-src"}
    assert response.status_code == 200
    assert {k: v for k, v in policy.items() if k not in hashed} == {
        k: v for k, v in CSP.items() if k not in hashed
    }
    assert policy["style-src"].split()[:2] == ["'self'", "'unsafe-hashes'"]
    assert len(policy["style-src"].split()) == 5
    assert policy["script-src"].split()[:2] == ["'self'", "'unsafe-hashes'"]
    assert len(policy["script-src"].split()) == 3


def test_plain_http_is_redirected_to_https(production, client):
    response = client.get("/events/", headers={"X-Forwarded-Proto": "http"})

    assert (response.status_code, response.url) == (301, "https://testserver/events/")


def test_session_and_csrf_cookies_are_secure_and_httponly(production, client, member):
    login_page = client.get(LOGIN_URL, secure=True)
    response = client.post(
        LOGIN_URL,
        {"username": "sekretaris", "password": PASSWORD, "next": "/admin/"},
        secure=True,
    )

    csrf, session = login_page.cookies["csrftoken"], response.cookies["sessionid"]
    assert response.status_code == 302
    assert (bool(csrf["secure"]), bool(csrf["httponly"])) == (True, True)
    assert (bool(session["secure"]), bool(session["httponly"])) == (True, True)


def test_fifth_failure_locks_out_even_the_right_password(client, member):
    failures = [_login(client, "salah", forwarded_for="81.2.69.142").status_code for _ in range(5)]

    locked = _login(client, PASSWORD, forwarded_for="81.2.69.142")

    assert failures == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "<h1>Sign-in locked</h1>" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The attempt refused while locked is not counted (it would move the lock's end).
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == [
        ("sekretaris", "81.2.69.142", 5)
    ]


def test_four_failures_then_success_resets_the_count(client, member):
    for _ in range(4):
        _login(client, "salah", forwarded_for="81.2.69.142")

    response = _login(client, PASSWORD, forwarded_for="81.2.69.142")

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.session["_auth_user_id"] == str(member.pk)
    assert list(AccessAttempt.objects.all()) == []


def test_client_sent_forwarded_for_cannot_lift_the_lockout(client, member):
    # Our proxy appends the address it saw; whatever stands left of it came from the client.
    for n in range(5):
        _login(client, "salah", forwarded_for=f"10.0.0.{n}, 81.2.69.142")

    spoofed = _login(client, PASSWORD, forwarded_for="81.2.69.160, 81.2.69.142")

    assert spoofed.status_code == 429
    assert "_auth_user_id" not in client.session
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["81.2.69.142"]


def test_client_sent_forwarded_for_cannot_blame_another_address(client, member):
    for _ in range(5):
        _login(client, "salah", forwarded_for="81.2.69.160, 81.2.69.142")

    recorded = list(AccessAttempt.objects.values_list("ip_address", flat=True))
    other = _login(client, PASSWORD, forwarded_for="81.2.69.160")

    assert recorded == ["81.2.69.142"]
    assert (other.status_code, other["Location"]) == (302, "/admin/")
    assert client.session["_auth_user_id"] == str(member.pk)
    # Only the pair is locked: the guessing address stays locked after the owner signs in.
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [
        ("81.2.69.142", 5)
    ]


def test_lockout_ends_after_cool_off(client, member, settings):
    for _ in range(5):
        _login(client, "salah", forwarded_for="81.2.69.142")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME
    )

    response = _login(client, PASSWORD, forwarded_for="81.2.69.142")

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.session["_auth_user_id"] == str(member.pk)


def test_without_proxy_forwarded_for_is_ignored(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        _login(client, "salah", forwarded_for=f"81.2.69.{n}")

    response = _login(client, PASSWORD, forwarded_for="81.2.69.200")

    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["127.0.0.1"]


@pytest.mark.parametrize(
    ("count", "forwarded_for", "remote", "expected"),
    [
        (1, "81.2.69.160, 81.2.69.142", "127.0.0.1", "81.2.69.142"),
        (1, "", "127.0.0.1", "127.0.0.1"),
        (1, "81.2.69.160, not-an-address", "127.0.0.1", "127.0.0.1"),
        (1, "2001:db8::1", "127.0.0.1", "2001:db8::1"),
        (2, "81.2.69.160, 81.2.69.142, 10.0.0.2", "10.0.0.3", "81.2.69.142"),
        (2, "81.2.69.142", "10.0.0.3", "10.0.0.3"),
        (0, "81.2.69.160", "81.2.69.142", "81.2.69.142"),
    ],
)
def test_client_ip_is_taken_from_the_trusted_end(settings, rf, count, forwarded_for, remote, expected):
    from common.security import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/admin/login/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip(request) == expected
