"""A PlaceText written out by hand, drawn as a certificate (PNG and PDF) and as both cards.

No database and no storage: what the drawing needs comes in as plain data and a picture.
"""

import io
import re

import pytest
from PIL import Image

from documents.certificates.drawing import (
    DRAW,
    card_draw,
    certificate_draw,
    certificate_files,
    certificate_pdf,
    certificate_png,
    og_card_png,
    square_card_png,
)
from documents.certificates.words import PlaceText
from tests.documents.pages import A4_LANDSCAPE, OG, SQUARE, assert_card_laid_out, assert_certificate_laid_out
from tests.helpers import red_logo

TEXT = PlaceText(
    city_line="PEMERINTAH KABUPATEN SLEMAN",
    office="Kalurahan Caturtunggal",
    position="Juara 1",
    category="Juara 1 Anugerah PPID",
    discipline="Anugerah PPID",
    channel="",
    event="Anugerah Keterbukaan Informasi Publik Kabupaten Sleman 2023",
    where_when="Kabupaten Sleman, 2023",
    date="2023",
    year="2023",
    signatories=(("Kustini Sri Purnomo", "Bupati Sleman"),),
    # A name no storage holds: the drawing never opens it, the caller hands the picture in.
    logo_name="logos/not-in-any-storage.png",
    code="K7QM-3XPA",
    verify_url="https://awards.example.go.id/verify/K7QM-3XPA/",
)


def _words(drawing):
    return [(b.role, b.text) for b in drawing.boxes if b.text]


def test_certificate_of_a_hand_made_place_text():
    drawing = certificate_draw(TEXT, red_logo())

    assert drawing.image.size == A4_LANDSCAPE == (1754, 1240)
    assert _words(drawing) == [
        ("city", "PEMERINTAH KABUPATEN SLEMAN"),
        ("title", "PIAGAM PENGHARGAAN"),
        ("given-to", "diberikan kepada"),
        ("office", "Kalurahan Caturtunggal"),
        ("as", "atas prestasinya sebagai"),
        ("category", "Juara 1 Anugerah PPID"),
        ("event", "dalam Anugerah Keterbukaan Informasi Publik Kabupaten Sleman 2023"),
        ("where-when", "Kabupaten Sleman, 2023"),
        ("signatory-title", "Bupati Sleman"),
        ("signatory-name", "Kustini Sri Purnomo"),
        ("code", "Kode verifikasi: K7QM-3XPA"),
        ("address", "awards.example.go.id/verify/K7QM-3XPA/"),
    ]
    assert [b.role for b in drawing.boxes if not b.text] == ["seal", "logo", "rule", "qr", "signature-line"]
    # The 256 × 128 logo scaled into its 140 × 140 region at the top right (the government's
    # emblem takes the top centre), keeping its shape.
    [logo] = [b for b in drawing.boxes if b.role == "logo"]
    assert (logo.x0, logo.y0, logo.x1, logo.y1) == (1479, 135, 1619, 205)
    assert drawing.image.getpixel(((logo.x0 + logo.x1) // 2, (logo.y0 + logo.y1) // 2)) == (200, 30, 30)
    assert_certificate_laid_out(drawing)


def test_certificate_png_and_pdf_of_a_hand_made_place_text():
    files = certificate_files(TEXT, red_logo())

    assert files["certificate-png"] == certificate_png(TEXT, red_logo())
    with Image.open(io.BytesIO(files["certificate-png"])) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (3508, 2480), "RGB")
        assert tuple(round(d) for d in image.info["dpi"]) == (300, 300)
    pdf = files["certificate-pdf"]
    assert pdf.startswith(b"%PDF-")
    # A4 landscape, 297 × 210 mm in points.
    assert re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf) == [(b"841.8898", b"595.2756")]
    assert b"/Count 1" in pdf
    # The same words and logo give the same bytes: no date, no random id in the file.
    assert pdf == certificate_pdf(TEXT, red_logo())


@pytest.mark.parametrize(("render", "size"), [(square_card_png, SQUARE), (og_card_png, OG)])
def test_cards_of_a_hand_made_place_text(render, size):
    drawing = card_draw(TEXT, size, red_logo())

    words = {
        role: " ".join(b.text for b in drawing.boxes if b.role == role)
        for role in ("position", "category", "office")
    }
    assert words == {"position": "Juara 1", "category": "Anugerah PPID", "office": "Kalurahan Caturtunggal"}
    assert {b.role for b in drawing.boxes} >= {"seal", "logo", "qr", "code", "address", "date"}
    assert_card_laid_out(drawing, size)
    with Image.open(io.BytesIO(render(TEXT, red_logo()))) as image:
        assert (image.format, image.size, image.mode) == ("PNG", size, "RGB")


def test_without_a_picture_no_logo_is_drawn_whatever_its_name():
    for drawing in (certificate_draw(TEXT), card_draw(TEXT, SQUARE), card_draw(TEXT, OG)):
        assert "logo" not in {b.role for b in drawing.boxes}


def test_every_kind_draws_the_same_bytes_twice():
    for kind, draw in DRAW.items():
        if kind != "certificate-pdf":
            assert draw(TEXT, red_logo()) == draw(TEXT, red_logo()), kind
