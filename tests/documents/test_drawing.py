"""Certificates and share cards drawn from a PlaceText made by hand: no database (documents)."""

import ast
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from documents.certificates.drawing import (
    card_draw,
    certificate_draw,
    certificate_pdf,
    certificate_png,
    og_card_png,
    square_card_png,
)
from tests.documents.pages import (
    A4_LANDSCAPE,
    OG,
    SQUARE,
    TEXT_ROLES,
    assert_card_laid_out,
    assert_certificate_laid_out,
)
from tests.helpers import LONG_NAME, make_place_text, red_logo


def test_certificate_png_is_a4_landscape_at_300_dpi():
    data = certificate_png(make_place_text())

    # Drawn at print resolution: twice the plan's 150 dpi.
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size, image.mode) == (
            "PNG",
            (2 * A4_LANDSCAPE[0], 2 * A4_LANDSCAPE[1]),
            "RGB",
        )
        assert A4_LANDSCAPE == (1754, 1240)
        assert tuple(round(d) for d in image.info["dpi"]) == (300, 300)


def test_certificate_pdf_is_one_a4_landscape_page():
    data = certificate_pdf(make_place_text())

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
    drawing = certificate_draw(make_place_text(office="Kelurahan Pelambuan"))

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
        ("signatory-title", "Plh. Sekretaris Daerah Kota Banjarmasin"),
        ("signatory-name", "Sugito Said"),
    ]
    assert_certificate_laid_out(drawing)


def test_certificate_150_character_name_wraps_inside_margins():
    assert len(LONG_NAME) == 150

    drawing = certificate_draw(make_place_text(office=LONG_NAME), red_logo())

    office_lines = [b.text for b in drawing.boxes if b.role == "office"]
    assert office_lines == [
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak serta Pengendalian",
        "Penduduk dan Keluarga Berencana (DP3AP2KB) Kota Banjarmasin,",
        "Kalimantan Selatan.",
    ]
    assert_certificate_laid_out(drawing)


def test_certificate_unbroken_long_word_is_cut_not_overflowing():
    word = "Pelambuan" * 20

    drawing = certificate_draw(make_place_text(office=word))

    assert "".join(b.text for b in drawing.boxes if b.role == "office") == word
    assert_certificate_laid_out(drawing)


def test_certificate_long_titles_and_five_signatories_stay_apart():
    people = tuple(
        (f"Dr. H. Nama Penandatangan Yang Panjang {i}", "Plh. " + "Sekretaris Daerah " * 4) for i in range(5)
    )
    text = make_place_text(
        office=LONG_NAME,
        signatories=people,
        event="Rapat Koordinasi Evaluasi Smart City Kota Banjarmasin " * 3,
        where_when="Aula Kayuh Baimbai, Balai Kota Banjarmasin, Jalan RE Martadinata No. 1, 2 November 2021",
        category="Terbaik Kesebelas (bersama) Pengelolaan Website dan Media Sosial — Kategori Kelurahan",
    )

    drawing = certificate_draw(text, red_logo())

    names = " ".join(b.text for b in drawing.boxes if b.role == "signatory-name")
    assert names == " ".join(name for name, _title in people)
    assert_certificate_laid_out(drawing)


def test_certificate_logo_drawn_at_top_right():
    drawing = certificate_draw(make_place_text(), red_logo())

    [logo_box] = [b for b in drawing.boxes if b.role == "logo"]
    centre = ((logo_box.x0 + logo_box.x1) // 2, (logo_box.y0 + logo_box.y1) // 2)
    assert drawing.image.getpixel(centre) == (200, 30, 30)
    # Mirroring the seal: as far from the right edge as the seal is from the left.
    [seal_box] = [b for b in drawing.boxes if b.role == "seal"]
    assert abs((A4_LANDSCAPE[0] - logo_box.x1) - seal_box.x0) <= 10
    assert_certificate_laid_out(drawing)


def test_certificate_without_logo_draws_none():
    drawing = certificate_draw(make_place_text())

    assert [b for b in drawing.boxes if b.role == "logo"] == []


@pytest.mark.parametrize(("render", "size"), [(square_card_png, (1080, 1080)), (og_card_png, (1200, 630))])
def test_share_card_sizes(render, size):
    with Image.open(io.BytesIO(render(make_place_text()))) as image:
        assert (image.format, image.size, image.mode) == ("PNG", size, "RGB")


@pytest.mark.parametrize("size", [SQUARE, OG])
def test_share_card_long_name_inside_margins(size):
    drawing = card_draw(
        make_place_text(office=LONG_NAME, position="Terbaik Ketiga (bersama)"), size, red_logo()
    )

    assert " ".join(b.text for b in drawing.boxes if b.role == "office") == LONG_NAME
    assert [b.text for b in drawing.boxes if b.role in ("position", "category")] == [
        "Terbaik Ketiga (bersama)",
        "Pengelolaan Instagram — Kategori SKPD",
    ]
    assert_card_laid_out(drawing, size)


def test_pillow_and_segno_imported_at_module_level_only_by_the_drawing_module():
    importers = set()
    for app in ("awards", "documents"):
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
            for node in ast.parse(path.read_text()).body:
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                module = node.module or "" if isinstance(node, ast.ImportFrom) else ""
                for top in {module.split(".")[0], *(n.split(".")[0] for n in names)} & {"PIL", "segno"}:
                    importers.add((str(path.relative_to(settings.BASE_DIR)), top))

    assert importers == {
        ("documents/certificates/drawing.py", "PIL"),
        ("documents/certificates/pictures.py", "PIL"),
        ("documents/certificates/drawing.py", "segno"),
    }


def _role_text(drawing, role):
    return " ".join(b.text for b in drawing.boxes if b.role == role)


@pytest.mark.parametrize("size", [None, SQUARE, OG])
def test_longest_titles_the_models_allow_still_fit(size):
    # An award title of 200 characters and a category of 120, the most the admin accepts.
    award = "Anugerah " + "Keterbukaan Informasi Publik dan Inovasi Pelayanan " * 4
    award = award[:200].strip()
    category = ("Kapanewon dan Kemantren " * 6)[:120].strip()
    text = make_place_text(
        office=LONG_NAME,
        position="Harapan 99",
        category=f"Harapan 99 {award} — Kategori {category}",
        discipline=f"{award} — Kategori {category}",
        channel="",
    )

    drawing = certificate_draw(text, red_logo()) if size is None else card_draw(text, size, red_logo())

    role = "category"
    expected = text.category if size is None else text.discipline
    assert _role_text(drawing, role) == expected
    if size is None:
        assert_certificate_laid_out(drawing)
    else:
        assert_card_laid_out(drawing, size)
