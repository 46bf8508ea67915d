"""A session cookie that names no signed-in session does not cost a visitor the page cache."""

import io

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command

from common import pagecache
from tests.helpers import DEMO_SLUG

pytestmark = pytest.mark.django_db

EVENT_URL = f"/events/{DEMO_SLUG}/"
# The shape of a real key (32 letters and digits), naming no session.
MADE_UP = "k3x9qv2mz8w7r6t5y4u3i2o1p0a9s8d7"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _no_remembered_keys():
    pagecache._ANONYMOUS_SESSION_KEYS.clear()
    yield
    pagecache._ANONYMOUS_SESSION_KEYS.clear()


def get_with_cookie(client, url: str, value: str):
    # Sent on every request as a client that ignores the server's Set-Cookie would send it.
    client.cookies["sessionid"] = value
    return client.get(url)


def test_a_made_up_session_cookie_is_served_like_no_cookie(client, demo, django_assert_num_queries):
    page = client.get(EVENT_URL).content
    with django_assert_num_queries(0):
        client.get(EVENT_URL)  # the cached path without a cookie: this worker's copy
    with django_assert_num_queries(1):
        first = get_with_cookie(client, EVENT_URL, MADE_UP)  # the session is read once

    with django_assert_num_queries(0):
        again = [get_with_cookie(client, EVENT_URL, MADE_UP) for _ in range(3)]
    with django_assert_num_queries(0):
        with_query = get_with_cookie(client, EVENT_URL + "?utm_source=wa", MADE_UP)

    assert [r.content for r in (first, *again, with_query)] == [page] * 5
    # The worker's copy, answered before sessions: no Vary or cookie from the session added.
    assert again[0].cookies == {}


def test_a_session_that_signs_in_gets_a_new_key_and_a_fresh_page(client, demo, committee_member):
    client.get(EVENT_URL)
    get_with_cookie(client, EVENT_URL, MADE_UP)
    assert MADE_UP in pagecache._ANONYMOUS_SESSION_KEYS

    client.force_login(committee_member)  # login() gives the session a new key
    response = client.get(EVENT_URL)

    assert client.cookies["sessionid"].value not in pagecache._ANONYMOUS_SESSION_KEYS
    assert response.context is not None  # rendered for the committee, not the cached copy
    assert response.context["user"] == committee_member


def test_a_session_naming_an_inactive_user_is_not_remembered(client, demo, committee_member):
    client.force_login(committee_member)
    committee_member.is_active = False
    committee_member.save()
    key = client.cookies["sessionid"].value

    client.get(EVENT_URL)  # anonymous now: the public page
    committee_member.is_active = True
    committee_member.save()
    response = get_with_cookie(client, EVENT_URL, key)

    assert SessionStore(key).get(SESSION_KEY) == str(committee_member.pk)
    assert key not in pagecache._ANONYMOUS_SESSION_KEYS
    assert response.context is not None and response.context["user"] == committee_member


def test_remembered_keys_are_bounded(client, demo, monkeypatch):
    monkeypatch.setattr(pagecache, "ANONYMOUS_SESSION_KEYS_LIMIT", 2)
    for value in ("one" * 8, "two" * 8, "three" * 8):
        get_with_cookie(client, EVENT_URL, value)

    assert {"three" * 8} == pagecache._ANONYMOUS_SESSION_KEYS  # emptied when full, then the newest
