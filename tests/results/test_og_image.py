import io
import re
from dataclasses import replace

import pytest
from PIL import Image

from documents.certificates.drawing import card_draw, og_card_png
from documents.certificates.layout import OG_SIZE, SQUARE_SIZE
from results.certificates.place_text import place_text
from results.codes import verify_url
from results.models import VersionPlace
from results.services import event_publish
from tests.results.certificates.shapes import make_shapes

pytestmark = pytest.mark.django_db


def _og_image(html: str) -> str:
    found = re.findall(r'<meta property="og:image" content="([^"]+)">', html)
    assert len(found) == 1
    return found[0]


def test_event_page_shares_the_card_of_its_first_place(client, demo):
    html = client.get("/events/evaluasi-smart-city-2021/").content.decode()

    url = _og_image(html)
    assert re.fullmatch(r"http://testserver/places/\d+/card-og\.png\?v=[0-9a-f]{12}", url)
    card = client.get(url.removeprefix("http://testserver"))
    assert (card.status_code, card["Content-Type"]) == (200, "image/png")
    assert 'content="Bagian Protokol dan Komunikasi Pimpinan — Terbaik Pertama"' in html


def test_office_page_shares_its_best_place_and_none_without_places(client, demo):
    prokompim = client.get("/offices/bagian-protokol-dan-komunikasi-pimpinan/").content.decode()
    setda = client.get("/offices/sekretariat-daerah/").content.decode()

    assert 'content="Bagian Protokol dan Komunikasi Pimpinan — Terbaik Pertama"' in prokompim
    assert _og_image(prokompim).startswith("http://testserver/places/")
    assert 'property="og:image"' not in setda


# --- the shapes of issue 13 (tests/awards/certificates/shapes.py)


def _card_words(text, size):
    drawing = card_draw(text, size)
    return {
        role: " ".join(b.text for b in drawing.boxes if b.role == role)
        for role in ("city", "position", "category", "office", "event", "date")
    }


@pytest.fixture
def shapes():
    shapes = make_shapes()
    event_publish(event=shapes.ppid)
    event_publish(event=shapes.media)
    return shapes


def test_card_of_an_honourable_mention_of_an_award_without_channel(client, shapes):
    place = shapes.places(shapes.ppid)["Sekretariat DPRD"]

    published = VersionPlace.objects.get(version__is_current=True, ranking_id=place.pk)
    card = client.get(f"/places/{published.pk}/card-og.png")

    content = b"".join(card.streaming_content)
    assert (card.status_code, card["Content-Type"]) == (200, "image/png")
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == OG_SIZE
    # The picture served is the one drawn from these words, with the place's verification code.
    text = replace(place_text(place, []), code=published.code, verify_url=verify_url(published.code))
    assert content == og_card_png(text)
    assert _card_words(text, OG_SIZE) == {
        # The installation's government (offices.Government), not the event's place.
        "city": "PEMERINTAH KOTA BANJARMASIN",
        "position": "Harapan 1",
        "category": "Anugerah PPID",
        "office": "Sekretariat DPRD",
        "event": "Anugerah Keterbukaan Informasi Publik Kabupaten Sleman 2023",
        "date": "Kabupaten Sleman, 2023",
    }


@pytest.mark.parametrize("size", [OG_SIZE, SQUARE_SIZE])
def test_card_of_a_place_in_digits_of_a_second_category(shapes, size):
    text = place_text(shapes.places(shapes.ppid)["Kapanewon Depok"], [])

    words = _card_words(text, size)

    assert (words["position"], words["category"], words["office"]) == (
        "Juara 2",
        "Anugerah Keterbukaan Informasi Publik — Kategori Kapanewon",
        "Kapanewon Depok",
    )


def test_card_of_a_mixed_category_prints_the_prefix_once(shapes):
    text = place_text(shapes.places(shapes.ppid)["Kalurahan Caturtunggal"], [])

    words = _card_words(text, OG_SIZE)

    assert (words["position"], words["category"], words["office"]) == (
        "Juara 1",
        "Anugerah PPID",
        "Kalurahan Caturtunggal",
    )


def test_card_of_a_fifth_place_beside_three(shapes):
    text = place_text(shapes.places(shapes.media)["Dinas Contoh Lima 5"], [])

    words = _card_words(text, SQUARE_SIZE)

    assert (words["position"], words["category"], words["date"]) == (
        "Terbaik Kelima",
        "Pengelolaan Website — Kategori SKPD",
        "Aula Kayuh Baimbai, Banjarmasin, 1 Desember 2022",
    )


def test_card_link_of_a_draft_is_refused_to_the_public(client, shapes):
    from results.services import event_withdraw

    event_withdraw(event=shapes.ppid, reason="Uji: hasil ditarik")
    place = shapes.places(shapes.ppid)["Kapanewon Depok"]

    assert client.get(f"/places/{place.pk}/card-og.png").status_code == 404
