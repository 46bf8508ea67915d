"""Plain data of official documents for the tests that need no database."""

import datetime
import io

from docx import Document

from documents.official.data import Government, OfficialData, Person, Row, Section


def sample_data(**overrides) -> OfficialData:
    values = {
        "government": Government(
            name="Kota Banjarmasin", heading="PEMERINTAH KOTA BANJARMASIN", head_title="Wali Kota"
        ),
        "event_title": "Evaluasi Media Kota Banjarmasin 2021",
        "year": 2021,
        "held_on": datetime.date(2021, 11, 2),
        "venue": "Hotel Rattan Inn",
        "city": "Banjarmasin",
        "version_number": 1,
        "is_final": True,
        "sections": (
            Section(
                "Terbaik Pengelolaan Website",
                "SKPD",
                (
                    Row(1, "Dinas Kebudayaan & Pariwisata", "Terbaik Pertama"),
                    Row(2, "Dinas <Sosial>", "Terbaik Kedua"),
                ),
            ),
        ),
        "jury": (Person("Ir. H. Ikhsan Budiman", "Ketua"),),
    }
    return OfficialData(**{**values, **overrides})


def docx_with(*lines: str) -> bytes:
    """A DOCX whose paragraphs are ``lines`` (a committee's template, as Word would save it)."""
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """Every paragraph's text of a DOCX (tabs as "\\t"), tables included, in document order."""
    document = Document(io.BytesIO(data))
    return "\n".join(
        "".join(
            node.text or "" if node.tag == f"{W}t" else "\t"
            for run in paragraph.iter(f"{W}r")
            for node in run
            if node.tag in (f"{W}t", f"{W}tab")
        )
        for paragraph in document.element.body.iter(f"{W}p")
    )
