import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _og_image(html: str) -> str:
    found = re.findall(r'<meta property="og:image" content="([^"]+)">', html)
    assert len(found) == 1
    return found[0]


def test_event_page_shares_the_card_of_its_first_place(client):
    call_command("load_demo")

    html = client.get("/events/evaluasi-smart-city-2021/").content.decode()

    url = _og_image(html)
    assert re.fullmatch(r"http://testserver/places/\d+/card-og\.png\?v=[0-9a-f]{12}", url)
    card = client.get(url.removeprefix("http://testserver"))
    assert (card.status_code, card["Content-Type"]) == (200, "image/png")
    assert 'content="Bagian Protokol dan Komunikasi Pimpinan — Terbaik Pertama"' in html


def test_office_page_shares_its_best_place_and_none_without_places(client):
    call_command("load_demo")

    prokompim = client.get("/offices/bagian-protokol-dan-komunikasi-pimpinan/").content.decode()
    setda = client.get("/offices/sekretariat-daerah/").content.decode()

    assert 'content="Bagian Protokol dan Komunikasi Pimpinan — Terbaik Pertama"' in prokompim
    assert _og_image(prokompim).startswith("http://testserver/places/")
    assert 'property="og:image"' not in setda
