"""The official documents of a published version, for the three shapes of award of issue 21: every
winner in order in the DOCX (opened and converted by LibreOffice) and in our own PDF."""

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from documents.official.data import DocumentKind
from results.official import version_document, version_official_data

pytestmark = pytest.mark.django_db

SOFFICE = "/usr/bin/soffice"


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def assert_in_order(text: str, names: list[str]) -> None:
    """Each name is found after the one before it."""
    at = 0
    for name in names:
        found = text.find(name, at)
        assert found >= 0, f"{name!r} is missing after position {at}"
        at = found + len(name)


def test_official_data_lists_every_winner_in_the_printed_order(shape):
    data = version_official_data(shape.version)

    assert data.winners == shape.winners
    assert [person.name for person in data.jury] == ["Ir. H. Ikhsan Budiman", "Windiasti Kartika"]
    assert data.jury_word == "Tim Penilai"


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_own_pdf_text_holds_every_winner_in_order(shape, kind):
    document = version_document(shape.version, kind, "pdf")

    text = pdf_text(document.content)

    assert document.content.startswith(b"%PDF")
    assert_in_order(text, shape.winners)
    assert document.filename == f"{kind.value}-{shape.event.slug}-v1.pdf"


def test_berita_acara_pdf_says_the_day_in_words_and_names_the_signatories(shape):
    text = pdf_text(version_document(shape.version, DocumentKind.BERITA_ACARA, "pdf").content)

    if shape.event.held_on is None:
        assert "Pada hari ini …… tanggal …… bulan …… tahun ……" in text
    else:
        assert shape.event.held_on.isoformat() in ("2022-12-01", "2021-11-02")
        day = {
            "2022-12-01": "Kamis tanggal satu bulan Desember tahun dua ribu dua puluh dua",
            "2021-11-02": "Selasa tanggal dua bulan November tahun dua ribu dua puluh satu",
        }[shape.event.held_on.isoformat()]
        assert f"Pada hari ini {day}, bertempat di Aula Kayuh Baimbai" in text
    assert_in_order(text, ["Ir. H. Ikhsan Budiman", "Sekretaris Daerah", "Windiasti Kartika"])


@pytest.mark.slow
def test_libreoffice_opens_both_docx_and_its_pdf_holds_every_winner_in_order(shape, tmp_path):
    names = []
    for kind in DocumentKind:
        document = version_document(shape.version, kind, "docx")
        with zipfile.ZipFile(io.BytesIO(document.content)) as archive:
            assert "word/document.xml" in archive.namelist()
        (tmp_path / document.filename).write_bytes(document.content)
        names.append(document.filename)

    # One LibreOffice for both files, with a profile of its own (tests may run side by side).
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            *(str(tmp_path / name) for name in names),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    for name in names:
        text = pdf_text((tmp_path / "out" / Path(name).with_suffix(".pdf").name).read_bytes())
        assert_in_order(text, shape.winners)
        assert "Kategori" in text or "Anugerah" in text
