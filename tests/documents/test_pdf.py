"""The certificate PDF drawn with ReportLab from a PlaceText made by hand: no database."""

import io
from dataclasses import replace

import pytest
from PIL import Image, ImageDraw

from documents.certificates.drawing import certificate_draw
from documents.certificates.pdf import certificate_pdf
from documents.certificates.pictures import Pictures
from documents.certificates.words import Design, Signer
from tests.documents import pdfs
from tests.documents.pages import assert_certificate_laid_out
from tests.helpers import make_place_text, red_logo

CODE, URL = "K7QM-3XPA", "https://awards.example.go.id/verify/K7QM-3XPA/"
NIP = "197001011990031001"


def _png(size, colour, *, alpha=True) -> bytes:
    image = Image.new("RGBA" if alpha else "RGB", size, (0, 0, 0, 0) if alpha else (240, 235, 220))
    ImageDraw.Draw(image).ellipse((4, 4, size[0] - 5, size[1] - 5), fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


STORED = {
    "emblems/lambang.png": _png((600, 700), (20, 110, 60, 255)),
    "certificates/signatures/a.png": _png((900, 300), (10, 10, 90, 255)),
    "certificates/stamps/a.png": _png((500, 500), (120, 20, 160, 200)),
    "certificates/signatures/b.png": _png((800, 260), (10, 10, 120, 255)),
    "certificates/backgrounds/bg.png": _png((1754, 1240), (200, 180, 120), alpha=False),
}


def _pictures() -> Pictures:
    return Pictures(read=STORED.get)


def _signed(count: int) -> tuple[Signer, ...]:
    people = [
        Signer(
            "H. Ibnu Sina",
            "Walikota Banjarmasin",
            NIP,
            "certificates/signatures/a.png",
            "certificates/stamps/a.png",
        ),
        Signer("H. Arifin Noor", "Wakil Walikota Banjarmasin", "", "certificates/signatures/b.png"),
        Signer("Sugito Said", "Plh. Sekretaris Daerah Kota Banjarmasin", "196805121990031005"),
    ]
    return tuple(people[:count])


def _text(**overrides):
    values = {
        "city_line": "PEMERINTAH KABUPATEN KULON PROGO",
        "office": "Kapanewon Wates",
        "code": CODE,
        "verify_url": URL,
        "emblem_name": "emblems/lambang.png",
        "signatories": _signed(3),
    }
    values.update(overrides)
    return make_place_text(**values)


def test_pdf_words_are_text_a_reader_finds():
    data = certificate_pdf(_text(), red_logo(), _pictures())

    words = pdfs.words(data)
    for expected in [
        "PEMERINTAH KABUPATEN KULON PROGO",
        "PIAGAM PENGHARGAAN",
        "Kapanewon Wates",
        "Terbaik Pertama Pengelolaan Instagram — Kategori SKPD",
        "dalam Evaluasi Smart City Kota Banjarmasin 2021",
        "Walikota Banjarmasin H. Ibnu Sina NIP. 197001011990031001",
        "Wakil Walikota Banjarmasin H. Arifin Noor",
        "NIP. 196805121990031005",
        "Kode verifikasi: K7QM-3XPA",
        "awards.example.go.id/verify/K7QM-3XPA/",
    ]:
        assert expected in words
    # The second signatory has no NIP: none is printed for them.
    assert words.count("NIP.") == 2


def test_pdf_is_one_a4_landscape_page_with_its_fonts_embedded():
    data = certificate_pdf(_text(), red_logo(), _pictures())

    assert pdfs.is_a4_landscape(data)
    fonts = pdfs.fonts(data)
    assert {name.split("+")[-1] for name in fonts} >= {"DejaVuSerif-Bold", "DejaVuSans", "DejaVuSerif-Italic"}
    assert all(fonts.values()), fonts


def test_pdf_carries_emblem_logo_signatures_and_stamp_as_images():
    data = certificate_pdf(_text(), red_logo(), _pictures())

    # Each kept at the size it prints (documents.certificates.pictures.PRINTED_SIDE): the emblem
    # 240 × 280, the logo its 256 × 128, two signatures and a stamp; the stamp's and the
    # transparent pictures' alpha as soft masks beside them.
    sizes = pdfs.images(data)
    assert (240, 280) in sizes
    assert (256, 128) in sizes
    assert (440, 147) in sizes and (440, 143) in sizes
    assert (200, 200) in sizes


def test_pdf_without_pictures_draws_no_image():
    data = certificate_pdf(
        _text(emblem_name="", signatories=(("Kustini", "Bupati Sleman"),)), None, _pictures()
    )

    assert pdfs.images(data) == []
    assert "Bupati Sleman Kustini" in pdfs.words(data)


def test_pdf_of_the_same_text_is_the_same_bytes():
    first = certificate_pdf(_text(), red_logo(), _pictures())

    again = certificate_pdf(_text(), red_logo(), Pictures(read=STORED.get))

    assert first == again
    assert b"/CreationDate" not in first or b"D:20000101000000" in first


def test_pdf_of_a_missing_picture_is_drawn_without_it():
    data = certificate_pdf(_text(emblem_name="emblems/gone.png", signatories=_signed(1)), None, _pictures())

    assert (240, 280) not in pdfs.images(data)
    assert "H. Ibnu Sina" in pdfs.words(data)


@pytest.mark.parametrize("design", Design.ALL)
def test_every_design_prints_the_same_words(design):
    classic = pdfs.words(certificate_pdf(_text(), red_logo(), _pictures()))

    text = _text(design=design, background_name="certificates/backgrounds/bg.png")
    data = certificate_pdf(text, red_logo(), _pictures())

    # The same words; only today's design has the seal, which prints the year.
    assert pdfs.words(data) == (classic if design == Design.CLASSIC else classic.removeprefix("2021 "))
    sizes = pdfs.images(data)
    # The committee's background is one image filling the page, carried as a JPEG.
    assert ((1754, 1240) in sizes) == (design == Design.BACKGROUND)


def test_formal_design_has_no_seal_and_black_words():
    drawing = certificate_draw(_text(design=Design.FORMAL), red_logo(), _pictures())

    assert [b for b in drawing.boxes if b.role == "seal"] == []
    [title] = [b for b in drawing.boxes if b.role == "title"]
    colours = {c for _n, c in drawing.image.crop((title.x0, title.y0, title.x1, title.y1)).getcolors(1 << 16)}
    assert (33, 37, 41) in colours and (28, 42, 74) not in colours
    assert_certificate_laid_out(drawing)


@pytest.mark.parametrize("count", [1, 2, 3])
def test_one_to_three_signatories_with_signatures_and_stamps_fit_the_page(count):
    text = _text(signatories=_signed(count))

    drawing = certificate_draw(text, red_logo(), _pictures())

    roles = [b.role for b in drawing.boxes]
    assert roles.count("signatory-name") == count
    assert roles.count("signature") == min(count, 2)
    assert roles.count("stamp") == 1
    assert roles.count("emblem") == 1
    assert_certificate_laid_out(drawing)
    # Each signature sits between its signatory's title and name.
    titles = [b for b in drawing.boxes if b.role == "signatory-title"]
    names = [b for b in drawing.boxes if b.role == "signatory-name"]
    for signature in [b for b in drawing.boxes if b.role == "signature"]:
        assert any(t.y1 <= signature.y0 and signature.y1 <= n.y0 for t, n in zip(titles, names, strict=True))


def test_a_plain_pair_is_a_signer_without_nip_or_pictures():
    text = replace(_text(), signatories=(("Kustini", "Bupati Sleman"),))

    assert text.signatories == (Signer("Kustini", "Bupati Sleman", "", "", ""),)
    with pytest.raises(ValueError, match="unknown certificate design"):
        replace(text, design="gold")
