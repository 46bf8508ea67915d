"""Makes the shipped DOCX templates (templates/*.docx) with python-docx.

Run it after changing the layout and commit both this script and the files it writes:
    .venv/bin/python -m documents.official.make_templates
The placeholders are docxtpl's: ``{{ … }}`` for a text, ``{%p … %}`` around paragraphs (and the
tables between them), ``{%tr … %}`` around a table's rows. Every name is one of
documents.official.context.PLACEHOLDERS, the same names a committee's own template uses.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from documents.official.data import DocumentKind

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _document() -> Document:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(0)
    return document


def _line(document, text: str = "", *, bold=False, centre=False, indent_cm: float = 0, after: float = 0):
    paragraph = document.add_paragraph()
    if text:
        paragraph.add_run(text).bold = bold
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent_cm:
        paragraph.paragraph_format.left_indent = Cm(indent_cm)
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _table(document, headings: list[str], cells: list[str], loop: str, widths: list[float]):
    """A table: a heading row, then one row per item of ``loop`` (docxtpl's {%tr %} rows)."""
    table = document.add_table(rows=4, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, heading in enumerate(headings):
        table.cell(0, column).paragraphs[0].add_run(heading).bold = True
    table.cell(1, 0).paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    for column, text in enumerate(cells):
        table.cell(2, column).paragraphs[0].add_run(text)
    table.cell(3, 0).paragraphs[0].add_run("{%tr endfor %}")
    for row in table.rows:
        for column, width in enumerate(widths):
            row.cells[column].width = Cm(width)
    return table


def _results(document) -> None:
    """One table per award and category."""
    _line(document, "{%p for section in sections %}")
    _line(document, "{{ section.heading }}", bold=True, after=4)
    _table(
        document,
        ["No.", "Nama Peserta", "Peringkat"],
        ["{{ row.number }}", "{{ row.office }}", "{{ row.place }}"],
        "row in section.rows",
        [1.3, 10, 4.7],
    )
    _line(document, "", after=6)
    _line(document, "{%p endfor %}")


def sk_annex() -> Document:
    document = _document()
    indent = 8.5
    _line(document, "LAMPIRAN", indent_cm=indent)
    _line(document, "KEPUTUSAN {{ government.head_of_upper }}", indent_cm=indent)
    # Label, tab, colon and value: the colons line up whatever the font (a hanging indent wraps
    # a long “TENTANG” under its value).
    for label, value, after in (
        ("NOMOR", "{{ decree.number }}", 0),
        ("TANGGAL", "{{ decree.date }}", 0),
        ("TENTANG", "{{ decree.about }}", 18),
    ):
        paragraph = _line(document, f"{label}\t: {value}", indent_cm=indent + 2.6, after=after)
        paragraph.paragraph_format.first_line_indent = Cm(-2.6)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(indent + 2.3))
    _line(document, "DAFTAR PEMENANG", bold=True, centre=True)
    _line(document, "{{ event.title_upper }}", bold=True, centre=True, after=12)
    _results(document)
    _line(document, "{{ government.head_of_upper }},", indent_cm=indent, after=60)
    _line(document, "{{ government.head_name }}", bold=True, indent_cm=indent)
    return document


def berita_acara() -> Document:
    document = _document()
    _line(document, "{{ government.heading }}", bold=True, centre=True, after=12)
    _line(document, "BERITA ACARA PENETAPAN PEMENANG", bold=True, centre=True)
    _line(document, "{{ event.title_upper }}", bold=True, centre=True)
    _line(document, "NOMOR: {{ decree.number }}", centre=True, after=12)
    body = _line(
        document,
        "Pada hari ini {{ event.day_and_date }}, bertempat di {{ event.venue }}, kami yang bertanda "
        "tangan di bawah ini, {{ jury_word }} {{ event.title }}, telah menetapkan pemenang "
        "{{ event.title }} sebagai berikut:",
        after=8,
    )
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _results(document)
    _line(
        document,
        "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.",
        after=12,
    )
    _line(document, "{{ event.place_and_date }}", indent_cm=8.5)
    _line(document, "{{ jury_word }},", indent_cm=8.5, after=8)
    _table(
        document,
        ["No.", "Nama", "Jabatan", "Tanda Tangan"],
        ["{{ person.number }}", "{{ person.name }}", "{{ person.title }}", ""],
        "person in jury",
        [1.3, 6, 5, 3.7],
    )
    return document


def main() -> None:
    TEMPLATES.mkdir(exist_ok=True)
    sk_annex().save(TEMPLATES / f"{DocumentKind.SK_ANNEX.value}.docx")
    berita_acara().save(TEMPLATES / f"{DocumentKind.BERITA_ACARA.value}.docx")


if __name__ == "__main__":
    main()
