import io
import itertools
import re

import pytest
from django.core.management import call_command
from PIL import Image

from awards.certificates import (
    CERTIFICATE_MARGIN,
    CERTIFICATE_SIZE,
    OG_SIZE,
    SQUARE_SIZE,
    card_draw,
    certificate_draw,
    certificate_pdf,
    certificate_png,
    og_card_png,
    square_card_png,
)
from awards.models import Ranking, Signatory
from awards.text import PlaceText, place_text

SIGNATORIES = (
    ("H. Ibnu Sina", "Walikota Banjarmasin"),
    ("H. Arifin Noor", "Wakil Walikota Banjarmasin"),
    ("Sugito Said", "Plh. Sekretaris Daerah Kota Banjarmasin"),
)
LONG_NAME = (
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak serta Pengendalian Penduduk dan Keluarga "
    "Berencana (DP3AP2KB) Kota Banjarmasin, Kalimantan Selatan."
)
TEXT_ROLES = {
    "city",
    "title",
    "given-to",
    "office",
    "as",
    "category",
    "event",
    "where-when",
    "signatory-title",
    "signatory-name",
}


def make_text(office="Bagian Protokol dan Komunikasi Pimpinan", signatories=SIGNATORIES, **overrides):
    values = {
        "city_line": "PEMERINTAH KOTA BANJARMASIN",
        "office": office,
        "position": "Terbaik Pertama",
        "category": "Terbaik Pertama Pengelolaan Instagram — Kategori SKPD",
        "discipline": "Pengelolaan Instagram — Kategori SKPD",
        "channel": "Instagram",
        "event": "Evaluasi Smart City Kota Banjarmasin 2021",
        "where_when": "Aula Kayuh Baimbai, Banjarmasin, 2 November 2021",
        "date": "2 November 2021",
        "year": "2021",
        "signatories": signatories,
        "logo_name": "",
    }
    values.update(overrides)
    return PlaceText(**values)


def a_logo() -> Image.Image:
    logo = Image.new("RGBA", (256, 128), (0, 0, 0, 0))
    logo.paste((200, 30, 30, 255), (64, 0, 192, 128))
    return logo


def assert_laid_out(drawing, strict):
    """Every box inside the drawing's margins, text inside the strict ones, no two boxes meeting."""
    x0, y0, x1, y1 = drawing.margins
    outside = [box for box in drawing.boxes if not box.inside(x0, y0, x1, y1)]
    assert outside == []
    sx0, sy0, sx1, sy1 = strict
    text_outside = [b for b in drawing.boxes if b.role in TEXT_ROLES and not b.inside(sx0, sy0, sx1, sy1)]
    assert text_outside == []
    overlapping = [(a, b) for a, b in itertools.combinations(drawing.boxes, 2) if a.overlaps(b)]
    assert overlapping == []


CERT_STRICT = (
    CERTIFICATE_MARGIN,
    CERTIFICATE_MARGIN,
    CERTIFICATE_SIZE[0] - CERTIFICATE_MARGIN,
    CERTIFICATE_SIZE[1] - CERTIFICATE_MARGIN,
)


def test_certificate_png_is_a4_landscape_at_150_dpi():
    data = certificate_png(make_text())

    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (1754, 1240), "RGB")
        assert tuple(round(d) for d in image.info["dpi"]) == (150, 150)


def test_certificate_pdf_is_one_a4_landscape_page():
    data = certificate_pdf(make_text())

    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert len(boxes) == 1
    width, height = (float(v) for v in boxes[0])
    # A4 is 841.89 × 595.28 pt; 1754 × 1240 px at 150 dpi is 841.92 × 595.2 pt.
    assert abs(width - 841.89) < 0.5
    assert abs(height - 595.28) < 0.5
    assert len(re.findall(rb"/Type /Page\b", data)) == 1
    assert b"/Count 1" in data


def test_certificate_words_and_their_order():
    drawing = certificate_draw(make_text(office="Kelurahan Pelambuan"))

    text_boxes = [(b.role, b.text) for b in drawing.boxes if b.role in TEXT_ROLES]
    assert text_boxes == [
        ("city", "PEMERINTAH KOTA BANJARMASIN"),
        ("title", "PIAGAM PENGHARGAAN"),
        ("given-to", "diberikan kepada"),
        ("office", "Kelurahan Pelambuan"),
        ("as", "atas prestasinya sebagai"),
        ("category", "Terbaik Pertama Pengelolaan Instagram — Kategori SKPD"),
        ("event", "dalam Evaluasi Smart City Kota Banjarmasin 2021"),
        ("where-when", "Aula Kayuh Baimbai, Banjarmasin, 2 November 2021"),
        ("signatory-title", "Walikota Banjarmasin"),
        ("signatory-name", "H. Ibnu Sina"),
        ("signatory-title", "Wakil Walikota Banjarmasin"),
        ("signatory-name", "H. Arifin Noor"),
        ("signatory-title", "Plh. Sekretaris Daerah Kota"),
        ("signatory-title", "Banjarmasin"),
        ("signatory-name", "Sugito Said"),
    ]
    assert_laid_out(drawing, CERT_STRICT)


def test_certificate_150_character_name_wraps_inside_margins():
    assert len(LONG_NAME) == 150

    drawing = certificate_draw(make_text(office=LONG_NAME), a_logo())

    office_lines = [b.text for b in drawing.boxes if b.role == "office"]
    assert " ".join(office_lines) == LONG_NAME
    assert 2 <= len(office_lines) <= 3
    assert_laid_out(drawing, CERT_STRICT)


def test_certificate_unbroken_long_word_is_cut_not_overflowing():
    word = "Pelambuan" * 20

    drawing = certificate_draw(make_text(office=word))

    assert "".join(b.text for b in drawing.boxes if b.role == "office") == word
    assert_laid_out(drawing, CERT_STRICT)


def test_certificate_long_titles_and_five_signatories_stay_apart():
    people = tuple(
        (f"Dr. H. Nama Penandatangan Yang Panjang {i}", "Plh. " + "Sekretaris Daerah " * 4) for i in range(5)
    )
    text = make_text(
        office=LONG_NAME,
        signatories=people,
        event="Rapat Koordinasi Evaluasi Smart City Kota Banjarmasin " * 3,
        where_when="Aula Kayuh Baimbai, Balai Kota Banjarmasin, Jalan RE Martadinata No. 1, 2 November 2021",
        category="Terbaik Kesebelas (bersama) Pengelolaan Website dan Media Sosial — Kategori Kelurahan",
    )

    drawing = certificate_draw(text, a_logo())

    names = " ".join(b.text for b in drawing.boxes if b.role == "signatory-name")
    assert names == " ".join(name for name, _title in people)
    assert_laid_out(drawing, CERT_STRICT)


@pytest.mark.django_db
def test_certificate_every_seed_place_inside_margins():
    call_command("load_demo", verbosity=0)
    rankings = list(Ranking.objects.select_related("event", "channel", "office").in_display_order())
    signatories = list(Signatory.objects.order_by("order"))

    for ranking in rankings:
        text = place_text(ranking, signatories)
        drawing = certificate_draw(text)
        office = " ".join(b.text for b in drawing.boxes if b.role == "office")
        assert office == ranking.office.display_name
        assert_laid_out(drawing, CERT_STRICT)
        for size in (SQUARE_SIZE, OG_SIZE):
            card = card_draw(text, size)
            assert_laid_out(card, card.margins)

    assert len(rankings) == 18


def test_certificate_logo_drawn_at_top_centre():
    drawing = certificate_draw(make_text(), a_logo())

    [logo_box] = [b for b in drawing.boxes if b.role == "logo"]
    centre = ((logo_box.x0 + logo_box.x1) // 2, (logo_box.y0 + logo_box.y1) // 2)
    assert drawing.image.getpixel(centre) == (200, 30, 30)
    assert abs(centre[0] - CERTIFICATE_SIZE[0] // 2) <= 1
    assert_laid_out(drawing, CERT_STRICT)


def test_certificate_without_logo_draws_none():
    drawing = certificate_draw(make_text())

    assert [b for b in drawing.boxes if b.role == "logo"] == []


@pytest.mark.parametrize(("render", "size"), [(square_card_png, (1080, 1080)), (og_card_png, (1200, 630))])
def test_share_card_sizes(render, size):
    with Image.open(io.BytesIO(render(make_text()))) as image:
        assert (image.format, image.size, image.mode) == ("PNG", size, "RGB")


@pytest.mark.parametrize("size", [SQUARE_SIZE, OG_SIZE])
def test_share_card_long_name_inside_margins(size):
    drawing = card_draw(make_text(office=LONG_NAME, position="Terbaik Ketiga (bersama)"), size, a_logo())

    assert " ".join(b.text for b in drawing.boxes if b.role == "office") == LONG_NAME
    assert [b.text for b in drawing.boxes if b.role in ("position", "category")] == [
        "Terbaik Ketiga (bersama)",
        "Pengelolaan Instagram — Kategori SKPD",
    ]
    assert_laid_out(drawing, drawing.margins)
