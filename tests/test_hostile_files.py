"""Broken and hostile uploads get a clear message on the import page and change nothing."""

import io
import zipfile

import openpyxl
import pytest

from awards.models import Ranking
from common.spreadsheets.limits import MAX_ROWS
from offices.models import Office
from tests.spreadsheets import csv_bytes, form_errors, result_errors, upload

pytestmark = pytest.mark.django_db

HEADER = ["Event", "Award", "Position", "Office name"]
NOT_XLSX = "The file is not a valid Excel (.xlsx) file. Save it again as Excel (.xlsx) and retry."


@pytest.fixture
def english(committee_client, demo):
    committee_client.cookies["django_language"] = "en"
    return committee_client


def unchanged():
    return (Ranking.objects.count(), Office.objects.count()) == (18, 15)


def zip_bomb() -> bytes:
    """A valid zip named like a workbook whose sheet inflates to 20 MB from about 20 KB (a real bomb
    goes to gigabytes; the ratio is what gives it away)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(20):
                sheet.write(chunk)
    return out.getvalue()


def test_empty_file(english):
    response = upload(english, "awards_ranking", "kosong.csv", b"")

    assert response.status_code == 200
    # Django's own check of file fields comes first and says the same in its words.
    assert form_errors(response) == ["The submitted file is empty."]
    assert unchanged()


def test_header_only_file(english):
    response = upload(english, "awards_ranking", "judul.csv", csv_bytes([HEADER]))

    assert form_errors(response) == ["The file has no rows below its header row."]
    assert unchanged()


def test_empty_workbook(english):
    workbook = openpyxl.Workbook()
    out = io.BytesIO()
    workbook.save(out)

    response = upload(english, "awards_ranking", "kosong.xlsx", out.getvalue())

    assert form_errors(response) == ["The file is empty."]
    assert unchanged()


def test_wrong_headers(english):
    response = upload(
        english, "offices_office", "instansi.csv", csv_bytes([["Nama", "Alamat"], ["Dinas X", "y"]])
    )

    assert result_errors(response) == [
        "Unknown columns: “Alamat”; columns missing: Office kind. Nothing was imported. The columns are: "
        "Name, Short name, Office kind, Parent office, Slug, Website, Instagram, Facebook."
    ]
    assert unchanged()


def test_binary_file_named_xlsx(english):
    response = upload(english, "awards_ranking", "pemenang.xlsx", bytes(range(256)) * 40)

    assert form_errors(response) == [NOT_XLSX]
    assert unchanged()


def test_zip_that_is_not_a_workbook(english):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "bukan lembar kerja")

    response = upload(english, "awards_ranking", "pemenang.xlsx", out.getvalue())

    assert form_errors(response) == [NOT_XLSX]
    assert unchanged()


# Every admin that imports files reads them through the same guarded readers.
IMPORTING_ADMINS = ["awards_ranking", "offices_office", "judging_accountmetrics"]


@pytest.mark.parametrize("model", IMPORTING_ADMINS)
@pytest.mark.parametrize("name", ["bom.xlsx", "bom.ods"])
def test_zip_bomb_is_not_opened(english, name, model):
    content = zip_bomb()
    assert len(content) < 1024 * 1024

    response = upload(english, model, name, content)

    assert form_errors(response) == [
        "The file unpacks to far more data than a spreadsheet holds (a “zip bomb”); it was not opened."
    ]
    assert unchanged()


@pytest.mark.parametrize("model", IMPORTING_ADMINS)
def test_file_over_5_mb_is_refused_before_reading(english, model):
    content = b"Event,Channel,Position,Office name\n" + b"x" * (5 * 1024 * 1024)

    response = upload(english, model, "besar.csv", content)

    assert form_errors(response) == ["The file is 5.0 MB; files of at most 5 MB can be imported."]
    assert unchanged()


def test_100000_rows_are_refused_with_the_limit(english):
    rows = [HEADER] + [["e", "Terbaik Pengelolaan Website", "1", f"Dinas {n}"] for n in range(100_000)]

    response = upload(english, "awards_ranking", "banyak.csv", csv_bytes(rows))

    assert MAX_ROWS == 20_000
    assert form_errors(response) == [
        "The file has more than 20.000 rows; at most 20.000 rows can be imported at once. Split it."
    ]
    assert unchanged()


def test_text_with_nul_bytes_is_not_csv(english):
    response = upload(english, "awards_ranking", "data.csv", b"\x00\x01\x02binary")

    assert form_errors(response) == ["The file is not a text (csv) file."]
    assert unchanged()


# Memory bombs (issue 12): each is refused with a message before its rows are built.


def wide_xlsx() -> bytes:
    """One cell at XFD1 and 20,000 rows: the sheet declares A1:XFD20001, 16,384 columns."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet["XFD1"] = "x"
    for n in range(20_000):
        sheet.cell(row=n + 2, column=1, value=f"e{n}")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def wide_csv() -> bytes:
    return (",".join(f"c{n}" for n in range(50_000)) + "\n" + "a,b\n").encode()


def big_content_ods() -> bytes:
    """An ods whose content.xml is 9 MB of barely compressible text: it passes the zip-ratio
    check (about 4:1) and would still become a document tree many times its size."""
    import random

    text = "".join(random.Random(12).choices("abcd", k=9 * 1024 * 1024)).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", b"<office:document-content>" + text)
    return out.getvalue()


def test_xlsx_declaring_16384_columns_is_refused(english):
    response = upload(english, "awards_ranking", "lebar.xlsx", wide_xlsx())

    assert form_errors(response) == [
        "The sheet has 16.384 columns; at most 50 can be imported. Delete the columns not needed."
    ]
    assert unchanged()


def test_csv_with_50000_columns_is_refused(english):
    response = upload(english, "awards_ranking", "lebar.csv", wide_csv())

    assert form_errors(response) == [
        "The sheet has 50.000 columns; at most 50 can be imported. Delete the columns not needed."
    ]
    assert unchanged()


def test_ods_with_huge_content_is_refused(english):
    response = upload(english, "awards_ranking", "besar.ods", big_content_ods())

    assert form_errors(response) == [
        "The sheet unpacks to 9 MB of data; OpenDocument (.ods) sheets of at most 8 MB can be imported. "
        "Save it as Excel (.xlsx) or split it."
    ]
    assert unchanged()


def test_utf16_csv_is_read(english):
    text = "Event,Channel\r\nx,y\r\n"

    with_bom = upload(english, "awards_ranking", "utf16.csv", text.encode("utf-16"))
    without_bom = upload(english, "awards_ranking", "utf16.csv", text.encode("utf-16-le"))

    assert form_errors(with_bom) == []
    assert result_errors(with_bom)[0].startswith("Columns missing")
    assert form_errors(without_bom) == [
        "The file is text in the UTF-16 encoding without a byte-order mark. Save it as CSV UTF-8 and retry."
    ]


@pytest.mark.parametrize("score", ["1e400", "-1e400", "1e-400", "9" * 60])
def test_huge_score_is_a_row_error(english, score):
    rows = [
        ["Event", "Award", "Category", "Position", "Shared place", "Office name", "Score", "Citation"],
        [
            "evaluasi-smart-city-2021",
            "Terbaik Pengelolaan Website",
            "SKPD",
            "1",
            "",
            "Dinas Kesehatan",
            score,
            "",
        ],
    ]

    response = upload(english, "awards_ranking", "skor.csv", csv_bytes(rows))

    errors = [e for e in result_errors(response) if "Score" in e]
    assert len(errors) == 1
    assert unchanged()
