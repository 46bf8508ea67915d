"""What the app tells the caches in front of it (nginx, a CDN): errors and withdrawals are kept
as briefly as pages, stale copies have an age limit, validators change with anything a page shows
and with each release, and a visitor's query string never enters the page everyone is served."""

import pytest
from django.test import Client

from common import pagecache
from common import release as release_module
from offices.models import Channel
from results.services import event_withdraw
from tests.helpers import DEMO_SLUG

pytestmark = pytest.mark.django_db

EVENT_URL = f"/events/{DEMO_SLUG}/"
PAGE_CONTROL = "max-age=0, public, s-maxage=5, stale-if-error=60, stale-while-revalidate=5"


def _control(response) -> str:
    return ", ".join(sorted(part.strip() for part in response["Cache-Control"].split(",")))


def test_a_public_page_says_how_long_a_stale_copy_may_be_served(client, demo):
    response = client.get(EVENT_URL)

    assert response.status_code == 200
    assert _control(response) == PAGE_CONTROL


def test_a_withdrawn_event_answers_410_cacheable_as_briefly_as_its_page(client, demo):
    event_withdraw(event=demo, reason="Penilaian diulang")

    response = client.get(EVENT_URL)

    assert response.status_code == 410
    assert _control(response) == PAGE_CONTROL


def test_a_public_404_is_cacheable_as_briefly_as_a_page(client, db):
    response = client.get("/events/tidak-ada/")

    assert response.status_code == 404
    assert _control(response) == PAGE_CONTROL


def test_a_signed_in_404_is_not_public(committee_client, db):
    response = committee_client.get("/events/tidak-ada/")

    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


def test_a_renamed_channel_changes_the_home_pages_etag(client, demo):
    before = client.get("/")
    Channel.objects.filter(code="instagram").update(name="Instagram Resmi")
    # .update() sends no signal: the page cache is told as every bulk write tells it.
    pagecache.pages_changed()

    after = client.get("/", HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "Instagram Resmi" in after.content.decode()


def test_a_new_release_changes_the_etag_and_the_cached_page(client, demo, monkeypatch):
    before = client.get(EVENT_URL)

    # A release starts new processes: no worker copy survives it, only the shared cache.
    pagecache._WORKER_PAGES.clear()
    monkeypatch.setenv("APP_RELEASE", "2026.12.2")
    release_module.release.cache_clear()
    try:
        after = Client().get(EVENT_URL, HTTP_IF_NONE_MATCH=before["ETag"])
    finally:
        monkeypatch.delenv("APP_RELEASE")
        release_module.release.cache_clear()

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_the_same_page_keeps_its_etag_and_answers_304(client, demo):
    first = client.get(EVENT_URL)

    again = Client().get(EVENT_URL, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


def test_a_visitors_query_string_never_enters_the_shared_pages_og_url(client, demo):
    shared = client.get(EVENT_URL + "?utm_campaign=bocor")
    plain = Client().get(EVENT_URL)

    for response in (shared, plain):
        assert f'<meta property="og:url" content="http://testserver{EVENT_URL}">' in response.content.decode()
        assert "bocor" not in response.content.decode()
