"""The official documents as PDF with a text layer, drawn with ReportLab (docs/decisions.md: it
draws a 500-place annex in well under a second inside the request, where LibreOffice converting
the DOCX takes seconds of a separate process).

The same words, in the same order, as the shipped DOCX templates (make_templates.py): a reader of
either finds every winner in the same order. The fonts are the project's DejaVu faces, embedded.
"""

import io
from functools import cache
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from documents.official.context import document_context
from documents.official.data import DocumentKind, OfficialData

FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "dejavu"
REGULAR, BOLD = "OfficialSerif", "OfficialSerif-Bold"
WIDTH = A4[0] - 5 * cm


@cache
def _fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSerif-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


@cache
def _styles() -> dict[str, ParagraphStyle]:
    _fonts()
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=10.5, leading=14)
    return {
        "base": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=12.5),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=10, leading=12.5),
        "centre": ParagraphStyle("centre", parent=base, fontName=BOLD, alignment=TA_CENTER),
        "body": ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY),
        # A heading is never left alone at the foot of a page.
        "section": ParagraphStyle(
            "section", parent=base, fontName=BOLD, spaceBefore=8, spaceAfter=4, keepWithNext=1
        ),
        "annex": ParagraphStyle("annex", parent=base, leftIndent=8.5 * cm),
    }


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), _styles()[style])


TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
)


def _table(headings: list[str], rows: list[list[str]], widths: list[float]) -> LongTable:
    data = [[_p(text, "head") for text in headings]]
    data += [[_p(text, "cell") for text in row] for row in rows]
    # The heading row repeats on every page a long table runs onto.
    return LongTable(data, colWidths=[w * cm for w in widths], repeatRows=1, style=TABLE_STYLE)


def _results(context: dict) -> list:
    flowables = []
    for section in context["sections"]:
        rows = [[row["number"], row["office"], row["place"]] for row in section["rows"]]
        table = _table(["No.", "Nama Peserta", "Peringkat"], rows, [1.3, 10, 4.7])
        flowables += [_p(section["heading"], "section"), table]
        flowables.append(Spacer(1, 6))
    return flowables


def _emblem(data: OfficialData) -> list:
    if not data.emblem:
        return []
    picture = ImageReader(io.BytesIO(data.emblem))
    width, height = picture.getSize()
    return [Image(io.BytesIO(data.emblem), width=2 * cm * width / height, height=2 * cm), Spacer(1, 4)]


def _decree_fields(decree: dict) -> LongTable:
    """NOMOR, TANGGAL, TENTANG with their colons lined up, at the annex's indent."""
    rows = [
        [_p(label, "cell"), _p(":", "cell"), _p(value, "cell")]
        for label, value in (
            ("NOMOR", decree["number"]),
            ("TANGGAL", decree["date"]),
            ("TENTANG", decree["about"]),
        )
    ]
    table = LongTable(rows, colWidths=[2.1 * cm, 0.4 * cm, WIDTH - 8.5 * cm - 2.5 * cm], hAlign="RIGHT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _sk_annex(context: dict, data: OfficialData) -> list:
    government, decree, event = context["government"], context["decree"], context["event"]
    return [
        _p("LAMPIRAN", "annex"),
        _p(f"KEPUTUSAN {government['head_of_upper']}", "annex"),
        _decree_fields(decree),
        Spacer(1, 18),
        _p("DAFTAR PEMENANG", "centre"),
        _p(event["title_upper"], "centre"),
        Spacer(1, 12),
        *_results(context),
        Spacer(1, 12),
        KeepTogether(
            [
                _p(f"{government['head_of_upper']},", "annex"),
                Spacer(1, 60),
                _p(government["head_name"], "annex"),
            ]
        ),
    ]


def _berita_acara(context: dict, data: OfficialData) -> list:
    government, event, decree = context["government"], context["event"], context["decree"]
    jury = [[person["number"], person["name"], person["title"], ""] for person in context["jury"]]
    opening = (
        f"Pada hari ini {event['day_and_date']}, bertempat di {event['venue']}, kami yang bertanda tangan "
        f"di bawah ini, {context['jury_word']} {event['title']}, telah menetapkan pemenang {event['title']} "
        "sebagai berikut:"
    )
    signatures = _table(["No.", "Nama", "Jabatan", "Tanda Tangan"], jury, [1.3, 6, 5, 3.7])
    signatures.setStyle(TableStyle([("BOTTOMPADDING", (0, 1), (-1, -1), 18)]))
    return [
        *_emblem(data),
        _p(government["heading"], "centre"),
        Spacer(1, 12),
        _p("BERITA ACARA PENETAPAN PEMENANG", "centre"),
        _p(event["title_upper"], "centre"),
        _p(f"NOMOR: {decree['number']}", "centre"),
        Spacer(1, 12),
        _p(opening, "body"),
        Spacer(1, 8),
        *_results(context),
        _p(
            "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.",
            "body",
        ),
        Spacer(1, 12),
        KeepTogether(
            [
                _p(event["place_and_date"], "annex"),
                _p(f"{context['jury_word']},", "annex"),
                Spacer(1, 8),
                signatures,
            ]
        ),
    ]


def pdf_render(kind: DocumentKind, data: OfficialData) -> bytes:
    """The document as an A4 PDF with its words as text."""
    context = document_context(data)
    story = (_sk_annex if kind == DocumentKind.SK_ANNEX else _berita_acara)(context, data)
    out = io.BytesIO()
    title = "Lampiran Keputusan" if kind == DocumentKind.SK_ANNEX else "Berita Acara Penetapan Pemenang"
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=f"{title} — {data.event_title}",
        author=data.government.name,
    )
    document.build(story)
    return out.getvalue()
