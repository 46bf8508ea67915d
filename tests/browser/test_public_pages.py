"""The public pages in a real browser: reading, language, accessibility, keyboard, phone width."""

import io
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

EVENT = "/events/evaluasi-smart-city-2021/"
PUBLIC_PAGES = [
    "/",
    EVENT,
    "/offices/",
    "/offices/bagian-protokol-dan-komunikasi-pimpinan/",
    "/channels/website/",
]


def texts(page, selector: str) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(selector).all_text_contents()]


@pytest.fixture
def demo(base_data):
    call_command("load_demo", stdout=io.StringIO())


def test_public_reads_seed_event_and_finds_prokompims_three_awards(live_server, new_page, demo):
    page = new_page()

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Evaluasi Smart City Kota Banjarmasin 2021").first.click()
    page.get_by_role("link", name="Bagian Protokol dan Komunikasi Pimpinan").first.click()

    assert page.locator("h1").inner_text() == "Bagian Protokol dan Komunikasi Pimpinan (Prokompim)"
    assert texts(page, ".office-places li") == [
        "1 Terbaik Pertama — Terbaik Pengelolaan Website, Kategori SKPD",
        "2 Terbaik Kedua — Terbaik Pengelolaan Instagram, Kategori SKPD",
        "1 Terbaik Pertama — Terbaik Pengelolaan Facebook, Kategori SKPD",
    ]
    assert texts(page, ".medal-count li") == [
        "1 Terbaik Pertama: 2",
        "2 Terbaik Kedua: 1",
        "3 Terbaik Ketiga: 0",
    ]


def test_language_switch_works_without_javascript(live_server, new_page, demo):
    page = new_page(javascript=False)
    page.goto(live_server.url + EVENT)
    assert page.locator("section.award h2").first.inner_text() == "Terbaik Pengelolaan Website"
    assert page.locator("section.category h3").first.inner_text() == "Kategori SKPD"

    page.get_by_role("link", name="English").click()

    assert page.url == live_server.url + "/en" + EVENT
    assert page.locator("html").get_attribute("lang") == "en"
    # The award's title is the event's own words; the page's own words are English.
    assert page.locator("section.award h2").first.inner_text() == "Terbaik Pengelolaan Website"
    assert page.locator("section.category h3").first.inner_text() == "Category SKPD"
    assert page.get_by_role("link", name="English").get_attribute("aria-current") == "true"

    page.get_by_role("link", name="Bahasa Indonesia").click()

    assert page.url == live_server.url + EVENT
    assert page.locator("html").get_attribute("lang") == "id"


@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_axe_violation(live_server, new_page, demo, language, path):
    page = new_page()
    page.goto(live_server.url + language + path)

    results = Axe().run(page)

    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_keyboard_skip_link_then_content_and_language(live_server, new_page, demo):
    page = new_page()
    page.goto(live_server.url + EVENT)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Langsung ke isi"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")

    page.goto(live_server.url + EVENT)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "English":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/en" + EVENT)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_phone_width_has_no_horizontal_scroll(live_server, new_page, demo, path):
    page = new_page(width=360, height=740)

    page.goto(live_server.url + path)

    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_event_page_screenshots(live_server, new_page, demo, tmp_path):
    # SCREENSHOT_DIR=docs refreshes the pictures the README shows; otherwise they go to tmp_path.
    folder = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    shots = {"event-page-phone.png": 360, "event-page-desktop.png": 1280}

    for name, width in shots.items():
        page = new_page(width=width, height=800)
        page.goto(live_server.url + EVENT)
        page.screenshot(path=folder / name, full_page=True)

    assert all((folder / name).stat().st_size > 10_000 for name in shots)
