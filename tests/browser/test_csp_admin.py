"""The Content-Security-Policy holds in a real browser: the admin works, nothing is blocked.

Drives the system Chromium through Playwright while a committee member logs in, edits an
event with its place rows and office autocomplete, opens the history and the import/export
pages, and the public reads the results. Every CSP violation the browser reports fails the test.
"""

import contextlib
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connections
from django.urls import NoReverseMatch, reverse

from awards.models import EvaluationEvent, Ranking
from offices.models import Channel
from results.services import event_publish
from tests.factories import EventFactory, OfficeFactory, RankingFactory, make_committee_member

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "rahasia-komite-2021"

# Committed rows for the live server: transactional tests; the channels and the committee group
# the data migrations make come back through the base_data fixture of tests/conftest.py.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _need_chromium():
    if CHROMIUM.exists():
        return
    message = "Chromium not found at /usr/bin/chromium: apt-get install chromium"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def page(browser):
    # One Playwright (the session's browser from tests/browser/conftest.py): a second sync
    # Playwright in the same thread refuses to start.
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: (
            "Content Security Policy" in msg.text and page.csp_violations.append(f"{page.url}: {msg.text}")
        ),
    )
    page.on("pageerror", lambda exc: page.csp_violations.append(f"page error: {exc}"))
    yield page
    context.close()


@pytest.fixture
def event_with_places(base_data):
    website = Channel.objects.get(code="website")
    event = EventFactory(title="Evaluasi Smart City Kota Banjarmasin 2021", slug="evaluasi-smart-city-2021")
    RankingFactory(
        event=event,
        channel=website,
        office=OfficeFactory(name="Bagian Protokol dan Komunikasi Pimpinan", short_name="Prokompim"),
        position=1,
    )
    RankingFactory(
        event=event,
        channel=website,
        office=OfficeFactory(name="Dinas Komunikasi, Informatika dan Statistik"),
        position=2,
    )
    OfficeFactory(name="Dinas Kependudukan dan Pencatatan Sipil")
    return event


def _db(fn):
    """Run ORM code from a test body that drives the browser, on a connection closed afterwards.

    While Playwright's sync API runs, Django's per-context connection handling gives the test
    body a connection of its own that nothing would close (it then blocks dropping the test
    database). A short-lived thread has a plain context and closes its connection when done.
    """

    def run():
        try:
            return fn()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def committee_member_with_password(base_data):
    return make_committee_member(password=PASSWORD)


@pytest.fixture
def published_event(event_with_places):
    event_publish(event=event_with_places, by=None)
    return EvaluationEvent.objects.get(pk=event_with_places.pk)


def _log_in(page, base, username="sekretaris"):
    page.goto(f"{base}{reverse('admin:login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def test_admin_works_under_the_policy(event_with_places, committee_member_with_password, live_server, page):
    base = live_server.url
    event = event_with_places

    _log_in(page, base)
    page.goto(f"{base}{reverse('admin:awards_evaluationevent_change', args=[event.pk])}")
    assert page.locator("#awards-group").is_visible()
    # The date widget's calendar (admin JavaScript).
    page.click("#calendarlink0")
    assert page.locator("#calendarbox0").is_visible()
    page.keyboard.press("Escape")
    # The award's own page: add a place row and pick its office through the autocomplete
    # (select2, JSON over XHR from the award's own office search).
    page.locator("#awards-group a.award-places-link").first.click()
    page.wait_for_load_state()
    page.locator("#rankings-group").wait_for()
    page.click("#rankings-group .add-row a")
    row = page.locator("#rankings-group tr.dynamic-rankings").last
    row.locator("select[name$='-category']").select_option(label="SKPD")
    row.locator("input[name$='-position']").fill("3")
    row.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("Kependudukan")
    page.locator(".select2-results__option", has_text="Dinas Kependudukan dan Pencatatan Sipil").click()
    page.click("input[name=_continue]")
    page.wait_for_load_state()

    assert page.locator(".messagelist .success").count() == 1, page.content()[:3000]
    assert _db(
        lambda: list(
            Ranking.objects.filter(award__event=event)
            .order_by("position")
            .values_list("office__name", "position")
        )
    ) == [
        ("Bagian Protokol dan Komunikasi Pimpinan", 1),
        ("Dinas Komunikasi, Informatika dan Statistik", 2),
        ("Dinas Kependudukan dan Pencatatan Sipil", 3),
    ]

    # The history page, with each field's before and after.
    page.goto(f"{base}{reverse('admin:awards_evaluationevent_history', args=[event.pk])}")
    assert page.locator("#change-history").is_visible()
    # Changelists with filters, search and the action bar (actions.js).
    page.goto(f"{base}{reverse('admin:awards_ranking_changelist')}")
    page.locator("#action-toggle").check()
    page.goto(f"{base}{reverse('admin:offices_office_changelist')}?q=Dinas")

    assert page.csp_violations == []


def _import_export_urls():
    urls = []
    for name in [
        "admin:offices_office_import",
        "admin:offices_office_export",
        "admin:awards_ranking_import",
        "admin:awards_ranking_export",
    ]:
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(name))
    return urls


def test_import_export_pages_work_under_the_policy(committee_member_with_password, live_server, page):
    urls = _import_export_urls()
    if not urls:
        pytest.skip("No import/export admin pages on this branch yet (they come with the spreadsheet work)")
    assert committee_member_with_password.has_perm("offices.import_office")
    base = live_server.url

    _log_in(page, base)
    titles = []
    for url in urls:
        response = page.goto(f"{base}{url}")
        assert response.status == 200, url
        titles.append(page.title())
        toggle = page.locator("input.select-toggle:visible")
        if url.endswith("/export/") and toggle.count():
            # "Select all" is an inline event handler of django-import-export, allowed by its hash.
            fields = page.locator(
                ".selectable-field-export-row:visible input[type=checkbox]:not(.select-toggle)"
            )
            toggle.first.click()
            unchecked = [box.is_checked() for box in fields.all()]
            toggle.first.click()
            checked = [box.is_checked() for box in fields.all()]
            assert unchecked and not any(unchecked) and all(checked), (unchecked, checked)

    assert all(re.search(r"Import|Export", t) for t in titles), titles
    assert page.csp_violations == []


def test_public_pages_work_under_the_policy(published_event, live_server, page):
    base = live_server.url

    page.goto(f"{base}/")
    page.goto(f"{base}{published_event.get_absolute_url()}")
    page.click("a[lang=en]")
    page.wait_for_load_state()

    assert page.locator("h1").inner_text() == "Evaluasi Smart City Kota Banjarmasin 2021"
    assert page.csp_violations == []


def test_second_member_saving_the_same_event_sees_the_conflict(event_with_places, live_server, page):
    _db(lambda: make_committee_member("sekretaris", password=PASSWORD))
    _db(lambda: make_committee_member("anggota", password=PASSWORD))
    base = live_server.url
    url = f"{base}{reverse('admin:awards_evaluationevent_change', args=[event_with_places.pk])}"
    other = page.context.browser.new_context(locale="en-US").new_page()
    other.on(
        "console", lambda msg: "Content Security Policy" in msg.text and page.csp_violations.append(msg.text)
    )

    _log_in(page, base)
    page.goto(url)
    _log_in(other, base, username="anggota")
    other.goto(url)
    page.fill("#id_venue", "Balai Kota Banjarmasin")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    other.fill("#id_venue", "Aula Kayuh Baimbai Lt. 2")
    other.click("input[name=_continue]")
    other.wait_for_load_state()

    assert page.locator(".messagelist .success").count() == 1
    assert other.locator(".errornote").count() == 1
    assert other.locator(".errorlist.nonfield").inner_text() == (
        "This event was changed by someone else since you opened it; reload the page to see their "
        "changes. Nothing was saved."
    )
    assert _db(lambda: EvaluationEvent.objects.get(pk=event_with_places.pk).venue) == "Balai Kota Banjarmasin"
    assert page.csp_violations == []
