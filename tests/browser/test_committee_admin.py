"""A committee secretary enters an event, an award without a channel, its category and places in
the admin through the browser, in the two steps of the flow, and sees them saved."""

import io
import re

import pytest
from django.core.management import call_command

from awards.models import Ranking, RankingLevel
from tests.factories import make_committee_member

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "rahasia-komite-2021"
PPID = "Anugerah Keterbukaan Informasi Publik"


def _log_in(page, live_server, next_url):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", "sekretaris")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def _pick_office(admin, row: int, typed: str, name: str):
    # The office is picked with the admin's autocomplete: type part of the name, choose.
    admin.click(f"#id_rankings-{row}-office + .select2 .select2-selection")
    admin.fill(".select2-container--open .select2-search__field", typed)
    admin.click(f".select2-results__option >> text={name}")


def test_secretary_enters_an_award_without_channel_its_category_and_places(live_server, new_page, base_data):
    call_command("load_demo", stdout=io.StringIO())
    make_committee_member(password=PASSWORD)
    admin = new_page(locale="en-US")  # the admin follows the browser's language
    _log_in(admin, live_server, "/admin/awards/evaluationevent/add/")

    # Step 1: the event (its day unknown: left empty) and its award, without a channel.
    admin.fill("#id_title", "Anugerah Keterbukaan Informasi Publik 2023")
    admin.fill("#id_year", "2023")
    admin.fill("#id_city", "Sleman")
    admin.fill("#id_slug", "anugerah-kip-2023")  # after the title: the admin prefills it
    admin.locator("#awards-group .add-row a").click()
    admin.fill("#id_awards-0-title", PPID)
    admin.click("input[name=_save]")
    messages = admin.locator(".messagelist").inner_text()
    assert "was added successfully" in messages
    assert f"The award “{PPID}” was added." in messages

    # Step 2: the message leads to the award's page: its category, then its places.
    admin.click(".messagelist a >> text=Enter its categories and places")
    admin.locator("#categories-group .add-row a").click()
    admin.fill("#id_categories-0-title", "OPD")
    admin.locator("#id_categories-0-kinds label", has_text="SKPD").locator("input").check()
    admin.fill("#id_categories-0-places", "2")
    admin.fill("#id_categories-0-mentions", "1")
    admin.click("input[name=_continue]")
    assert "was changed successfully" in admin.locator(".messagelist").inner_text()

    for row, (typed, office, level, position) in enumerate(
        [
            ("prokom", "Bagian Protokol dan Komunikasi Pimpinan", "Place", "1"),
            ("kependudukan", "Dinas Kependudukan dan Pencatatan Sipil", "Place", "2"),
            ("kesehatan", "Dinas Kesehatan", "Mention", "1"),
        ]
    ):
        admin.locator("#rankings-group .add-row a").click()
        admin.select_option(f"#id_rankings-{row}-category", label="OPD")
        _pick_office(admin, row, typed, office)
        admin.select_option(f"#id_rankings-{row}-level", label=level)
        admin.fill(f"#id_rankings-{row}-position", position)
    admin.click("input[name=_continue]")

    assert "was changed successfully" in admin.locator(".messagelist").inner_text()
    rows = admin.locator("#rankings-group tbody tr.has_original")
    assert rows.count() == 3
    assert [
        (r.office.name, r.level, r.position, r.title)
        for r in Ranking.objects.in_display_order()
        .filter(award__title=PPID)
        .select_related("office", "category__award__event")
    ] == [
        ("Bagian Protokol dan Komunikasi Pimpinan", RankingLevel.PLACE, 1, "Terbaik Pertama"),
        ("Dinas Kependudukan dan Pencatatan Sipil", RankingLevel.PLACE, 2, "Terbaik Kedua"),
        ("Dinas Kesehatan", RankingLevel.MENTION, 1, "Harapan 1"),
    ]

    # Back on the event page the award is listed with its category and its places.
    admin.goto(live_server.url + "/admin/awards/evaluationevent/")
    admin.locator("#result_list a", has_text="Anugerah Keterbukaan Informasi Publik 2023").click()
    award_row = admin.locator("#awards-group tbody tr.has_original").first
    assert "OPD (SKPD: 2 places, 1 honourable mention)" in award_row.inner_text()
    assert re.search(r"\b3\b", award_row.locator("td.field-places_entered").inner_text())


@pytest.mark.parametrize("language", ["id-ID", "en-US"])
def test_award_page_places_fit_a_laptop_screen(live_server, new_page, base_data, language):
    call_command("load_demo", stdout=io.StringIO())
    make_committee_member(password=PASSWORD)
    admin = new_page(width=1280, height=800, locale=language)
    _log_in(admin, live_server, "/admin/awards/evaluationevent/")
    admin.locator("#result_list a", has_text="Evaluasi Smart City").first.click()
    admin.locator("#awards-group a.award-places-link").first.click()
    admin.wait_for_load_state()
    admin.locator("#rankings-group").wait_for()

    width = admin.evaluate("document.documentElement.scrollWidth")
    last_column = admin.locator("#rankings-group tbody tr.form-row").first.locator("td").last.bounding_box()

    assert width <= 1280
    assert last_column["x"] + last_column["width"] <= 1280
