"""A committee member enters a place in the admin through the browser, publishes, and the public sees it."""

import io
import re

import pytest
from django.core.management import call_command

from tests.factories import make_committee_member

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "rahasia-komite-2021"


def test_committee_enters_place_publishes_and_public_sees_it(live_server, new_page, base_data):
    call_command("load_demo", stdout=io.StringIO())
    make_committee_member(password=PASSWORD)
    admin = new_page(locale="en-US")  # the admin follows the browser's language
    public = new_page()

    admin.goto(live_server.url + "/admin/login/?next=/admin/awards/evaluationevent/add/")
    admin.fill("#id_username", "sekretaris")
    admin.fill("#id_password", PASSWORD)
    admin.click("input[type=submit]")
    admin.fill("#id_title", "Evaluasi Smart City Kota Banjarmasin 2022")
    admin.fill("#id_year", "2022")
    admin.fill("#id_held_on", "2022-11-01")
    admin.fill("#id_city", "Banjarmasin")
    admin.fill("#id_slug", "evaluasi-smart-city-2022")  # after the title: the admin prefills it
    admin.locator("#rankings-group .add-row a").click()
    admin.select_option("#id_rankings-0-channel", label="Instagram")
    # The office is picked with the admin's autocomplete: type part of the short name, choose.
    admin.click("#id_rankings-0-office + .select2 .select2-selection")
    admin.fill(".select2-container--open .select2-search__field", "prokom")
    admin.click(".select2-results__option >> text=Bagian Protokol dan Komunikasi Pimpinan")
    admin.fill("#id_rankings-0-position", "1")
    admin.click("input[name=_save]")
    assert "was added successfully" in admin.locator(".messagelist").inner_text()

    # A draft: the committee previews it, the public does not find it.
    admin.goto(live_server.url + "/events/evaluasi-smart-city-2022/")
    assert admin.locator(".draft-banner").inner_text().startswith("DRAF")
    response = public.goto(live_server.url + "/events/evaluasi-smart-city-2022/")
    assert response.status == 404
    public.goto(live_server.url + "/")  # cached before publishing: must not stay stale

    admin.goto(live_server.url + "/admin/awards/evaluationevent/")
    admin.get_by_role("row", name=re.compile("Evaluasi Smart City Kota Banjarmasin 2022")).locator(
        "input[name=_selected_action]"
    ).check()
    admin.select_option("select[name=action]", "publish")
    admin.click("button[name=index]")
    assert admin.locator(".messagelist").inner_text() == "1 event published."

    response = public.goto(live_server.url + "/events/evaluasi-smart-city-2022/")
    assert response.status == 200
    assert public.locator(".draft-banner").count() == 0
    instagram_skpd = public.locator("section.kind", has=public.locator("#channel-instagram-skpd"))
    assert [" ".join(t.split()) for t in instagram_skpd.locator(".place").all_text_contents()] == [
        "1 BP Terbaik Pertama Bagian Protokol dan Komunikasi Pimpinan (Prokompim) Sekretariat Daerah "
        "Piagam (PDF) Piagam (PNG) Gambar untuk dibagikan"
    ]
    public.goto(live_server.url + "/")
    assert public.locator(".latest-event a").inner_text() == "Evaluasi Smart City Kota Banjarmasin 2022"


@pytest.mark.parametrize("language", ["id-ID", "en-US"])
def test_event_page_places_fit_a_laptop_screen(live_server, new_page, base_data, language):
    call_command("load_demo", stdout=io.StringIO())
    make_committee_member(password=PASSWORD)
    admin = new_page(width=1280, height=800, locale=language)
    admin.goto(live_server.url + "/admin/login/?next=/admin/awards/evaluationevent/")
    admin.fill("#id_username", "sekretaris")
    admin.fill("#id_password", PASSWORD)
    admin.click("input[type=submit]")
    admin.locator("#result_list a", has_text="Evaluasi Smart City").first.click()

    width = admin.evaluate("document.documentElement.scrollWidth")
    last_column = admin.locator("#rankings-group tbody tr.form-row").first.locator("td").last.bounding_box()

    assert width <= 1280
    assert last_column["x"] + last_column["width"] <= 1280
