"""The verification code on certificates and share cards: its QR code, its words, its place."""

import io
from dataclasses import replace

import pytest
import segno
from PIL import Image

from documents.certificates.drawing import (
    card_draw,
    certificate_draw,
    certificate_png,
    og_card_png,
    square_card_png,
)
from documents.certificates.layout import NAVY, card_layout, certificate_layout, scaled
from tests.documents.pages import (
    OG,
    SQUARE,
    assert_card_laid_out,
    assert_certificate_laid_out,
    mm_to_px,
)
from tests.helpers import LONG_NAME, make_place_text, red_logo

CODE = "K7QM-3XPA"
URL = "https://awards.example.go.id/verify/K7QM-3XPA/"
# The longest office name of the seed.
LONGEST_SEED_OFFICE = "Dinas Komunikasi, Informatika dan Statistik"
BLACK, WHITE = (0, 0, 0), (255, 255, 255)


def coded(**overrides):
    return replace(make_place_text(**overrides), code=CODE, verify_url=URL)


def expected_modules(url):
    """The symbol a scanner must read: QR code, level M, quiet zone of 4; True for dark."""
    qr = segno.make_qr(url, error="m", boost_error=False, mask=2)
    assert qr.error == "M"
    return [[bool(module) for module in row] for row in qr.matrix_iter(border=4)]


def read_modules(symbol, count):
    """The modules of a square picture of a QR code, read at the centre pixel of each (True for
    dark), and the pixels per module."""
    side = symbol.width
    assert symbol.size == (side, side)
    assert side % count == 0, "not a whole number of pixels per module"
    scale = side // count
    centres = [i * scale + scale // 2 for i in range(count)]
    pixels = [[symbol.getpixel((x, y)) for x in centres] for y in centres]
    assert {pixel for row in pixels for pixel in row} <= {BLACK, WHITE}
    return [[pixel == BLACK for pixel in row] for row in pixels], scale


def the_box(drawing, role):
    [box] = [b for b in drawing.boxes if b.role == role]
    return box


def assert_qr_reads(data, drawing, region, least_symbol):
    """The PNG's QR code, in its box inside the layout's region, holds the address's modules."""
    box = the_box(drawing, "qr")
    assert box.inside(region.x0, region.y0, region.x1, region.y1)
    expected = expected_modules(URL)
    with Image.open(io.BytesIO(data)) as image:
        symbol = image.convert("RGB").crop((box.x0, box.y0, box.x1, box.y1))

    modules, scale = read_modules(symbol, len(expected))

    assert modules == expected
    # Crisp: only black and white in the whole symbol, no grey of resampling.
    assert {colour for _count, colour in symbol.getcolors(1 << 20)} == {BLACK, WHITE}
    assert (len(expected) - 8) * scale >= least_symbol


def test_certificate_png_qr_code_holds_the_verify_address():
    text = coded()

    data = certificate_png(text)

    # The picture is drawn at 300 dpi: the plan's regions and the least symbol twice as large.
    layout = scaled(certificate_layout(text, logo=False), 2)
    # 2.5 cm, the least a phone reads from a printed page.
    assert_qr_reads(data, certificate_draw(text, scale=2), layout.qr.region, mm_to_px(25) * 2)


@pytest.mark.parametrize(("render", "size"), [(square_card_png, SQUARE), (og_card_png, OG)])
def test_share_card_qr_code_holds_the_verify_address(render, size):
    text = coded()

    data = render(text)

    layout = card_layout(text, size, logo=False)
    assert_qr_reads(data, card_draw(text, size), layout.qr.region, 160)


def test_certificate_code_and_address_drawn_inside_the_page_apart():
    drawing = certificate_draw(coded())

    words = [(b.role, b.text) for b in drawing.boxes if b.role in ("code", "address")]
    assert words == [
        ("code", "Kode verifikasi: K7QM-3XPA"),
        ("address", "awards.example.go.id/verify/K7QM-3XPA/"),
    ]
    # Inside the A4 page's text area, meeting no other box, and holding ink.
    assert_certificate_laid_out(drawing)


@pytest.mark.parametrize("size", [SQUARE, OG])
def test_share_card_code_and_address_drawn_inside_the_card_apart(size):
    drawing = card_draw(coded(), size)

    words = [(b.role, b.text) for b in drawing.boxes if b.role in ("code", "address")]
    assert words == [
        ("code", "Kode verifikasi: K7QM-3XPA"),
        ("address", "awards.example.go.id/verify/K7QM-3XPA/"),
    ]
    assert_card_laid_out(drawing, size)


@pytest.mark.parametrize("size", [None, SQUARE, OG])
def test_qr_code_meets_no_words_and_no_logo(size):
    text = coded(office=LONGEST_SEED_OFFICE)

    drawing = certificate_draw(text, red_logo()) if size is None else card_draw(text, size, red_logo())

    qr = the_box(drawing, "qr")
    others = [b for b in drawing.boxes if b.role != "qr"]
    assert {"logo", "seal", "office", "code", "address"} <= {b.role for b in others}
    assert [b for b in others if b.overlaps(qr)] == []
    if size is None:
        assert_certificate_laid_out(drawing)
    else:
        assert_card_laid_out(drawing, size)


@pytest.mark.parametrize("size", [None, SQUARE, OG])
def test_qr_code_beside_the_longest_words_and_five_signatories(size):
    people = tuple(
        (f"Dr. H. Nama Penandatangan Yang Panjang {i}", "Plh. " + "Sekretaris Daerah " * 4) for i in range(5)
    )
    text = coded(
        office=LONG_NAME,
        signatories=people,
        event="Rapat Koordinasi Evaluasi Smart City Kota Banjarmasin " * 3,
        where_when="Aula Kayuh Baimbai, Balai Kota Banjarmasin, Jalan RE Martadinata No. 1, 2 November 2021",
    )

    drawing = certificate_draw(text, red_logo()) if size is None else card_draw(text, size, red_logo())

    assert " ".join(b.text for b in drawing.boxes if b.role == "office") == LONG_NAME
    if size is None:
        assert_certificate_laid_out(drawing)
    else:
        assert_card_laid_out(drawing, size)


def test_no_code_draws_no_qr_code_and_leaves_its_place_as_it_was():
    text = make_place_text(office=LONGEST_SEED_OFFICE)
    assert (text.code, text.verify_url) == ("", "")
    certificate_region = certificate_layout(coded(), logo=True).qr.region

    certificate = certificate_draw(text, red_logo())

    assert certificate_layout(text, logo=True).qr is None
    assert {b.role for b in certificate.boxes} & {"qr", "code", "address"} == set()
    # The corner holds only what it held before: the paper and the last signatory's words
    # (dark ink on cream), none of the QR code's black or white.
    crop = certificate.image.crop(
        (certificate_region.x0, certificate_region.y0, certificate_region.x1, certificate_region.y1)
    )
    colours = {colour for _count, colour in crop.getcolors(1 << 20)}
    assert colours & {BLACK, WHITE} == set()
    for size in (SQUARE, OG):
        region = card_layout(coded(), size, logo=True).qr.region
        card = card_draw(text, size, red_logo())
        assert card_layout(text, size, logo=True).qr is None
        assert {b.role for b in card.boxes} & {"qr", "code", "address"} == set()
        blank = card.image.crop((region.x0, region.y0, region.x1, region.y1)).getcolors(1 << 20)
        assert [colour for _count, colour in blank] == [NAVY]
