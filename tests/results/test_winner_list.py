"""The public winner list fit for a report (results.downloads): real date cells, a bold frozen
filtered header, widths that fit, the government and the version in the file, columns named for
what they hold and none empty for the whole event; the same words in every format."""

import csv
import datetime
import io
import json
import re
import subprocess
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Ranking, RankingLevel
from awards.services import event_places_save
from results.services import event_publish
from tests.factories import AwardFactory, CategoryFactory, EventFactory, OfficeFactory, RankingFactory

pytestmark = pytest.mark.django_db


def download(client, slug: str, fmt: str):
    response = client.get(reverse("results:event-winners-download", kwargs={"slug": slug, "fmt": fmt}))
    assert response.status_code == 200
    return response.content


def book(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def facts(workbook) -> dict:
    sheet = workbook["Keterangan"]
    return dict(sheet.iter_rows(min_row=2, values_only=True))


def test_xlsx_has_a_date_cell_a_bold_frozen_filtered_header_and_fitting_widths(client, demo):
    workbook = book(download(client, demo.slug, "xlsx"))

    sheet = workbook["Pemenang"]
    assert workbook.sheetnames == ["Pemenang", "Keterangan"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:O19"
    assert sheet.print_title_rows == "$1:$1"
    assert [cell.font.b for cell in sheet[1]] == [True] * 15
    assert [cell.font.b for cell in sheet[2]] == [False] * 15
    date = sheet["B2"]
    assert (sheet["B1"].value, date.data_type, date.is_date, date.value) == (
        "Tanggal",
        "d",
        True,
        datetime.datetime(2021, 11, 2),
    )
    rows = list(sheet.iter_rows(values_only=True))
    for number, column in enumerate(zip(*rows, strict=True), start=1):
        letter = openpyxl.utils.get_column_letter(number)
        longest = max(
            len(str(value))
            for value in column
            if value is not None and not isinstance(value, datetime.datetime)
        )
        # Two characters of margin; one more where a kind word and its space might have been.
        assert longest <= sheet.column_dimensions[letter].width <= max(longest + 3, 12), (letter, column[0])


def test_xlsx_names_the_government_and_the_final_version(client, demo):
    workbook = book(download(client, demo.slug, "xlsx"))

    about = facts(workbook)
    assert workbook["Keterangan"]["A1"].value == "Daftar pemenang"
    assert workbook["Keterangan"]["A2"].font.b is True
    published = about.pop("Diumumkan pada")
    assert isinstance(published, datetime.datetime)
    assert about == {
        "Pemerintah": "Pemerintah Kota Banjarmasin",
        "Acara": "Evaluasi Smart City Kota Banjarmasin 2021",
        "Tanggal": datetime.datetime(2021, 11, 2),
        "Tempat": "Aula Kayuh Baimbai",
        "Versi": 1,
        "Status": "Final",
        "Alamat": "http://127.0.0.1:8000/events/evaluasi-smart-city-2021/v1/",
    }


def test_a_correction_says_when_and_why_in_the_file(client, demo):
    first, second = Ranking.objects.filter(
        award__event=demo, award__channel__code="website", category__title="SKPD"
    ).order_by("position")[:2]
    first.position, second.position = 2, 1
    event_places_save(event=demo, changed=[first, second])
    version = event_publish(event=demo, reason="Ralat: urutan terbaik pertama dan kedua tertukar")

    about = facts(book(download(client, demo.slug, "xlsx")))

    assert about["Versi"] == 2
    assert about["Tanggal ralat"] == datetime.datetime.combine(
        timezone.localtime(version.published_at).date(), datetime.time()
    )
    assert about["Alasan ralat"] == "Ralat: urutan terbaik pertama dan kedua tertukar"


def test_a_provisional_version_says_so_and_until_when_in_every_format(client, demo):
    deadline = timezone.make_aware(datetime.datetime(2031, 11, 9, 23, 59))
    event_publish(event=demo, reason="Masa sanggah dibuka", final=False, appeal_deadline=deadline)

    workbook = book(download(client, demo.slug, "xlsx"))
    rows = list(workbook["Pemenang"].iter_rows(values_only=True))
    text = list(csv.reader(io.StringIO(download(client, demo.slug, "csv").decode("utf-8-sig"))))
    data = json.loads(download(client, demo.slug, "json"))
    ods = zipfile.ZipFile(io.BytesIO(download(client, demo.slug, "ods"))).read("content.xml").decode()

    assert rows[0][-3:] == ("Versi", "Status versi", "Sanggahan sampai")
    assert {row[-3:] for row in rows[1:]} == {(2, "sementara", datetime.datetime(2031, 11, 9, 23, 59))}
    assert text[0][-3:] == ["Versi", "Status versi", "Sanggahan sampai"]
    assert {tuple(row[-3:]) for row in text[1:]} == {("2", "sementara", "2031-11-09T23:59+08:00")}
    assert {(row["Status versi"], row["Sanggahan sampai"]) for row in data} == {
        ("sementara", "2031-11-09T23:59+08:00")
    }
    assert 'office:date-value="2031-11-09T23:59:00"' in ods
    about = facts(workbook)
    assert (
        about["Status"]
        == "Sementara: sanggahan dapat diajukan kepada panitia sampai 9 November 2031, 23:59 WITA."
    )
    assert about["Sanggahan sampai"] == datetime.datetime(2031, 11, 9, 23, 59)


def test_columns_follow_what_the_places_fill(client):
    """An award without a channel, honourable mentions, scores and citations, no known day: the
    year stands for the date, "Harapan" is said on the mentions only, channel and short name and
    parent are left out (no place fills them)."""
    event = EventFactory(title="Anugerah KIP 2023", slug="kip-2023", year=2023, held_on=None)
    award = AwardFactory(event=event, title="Anugerah Keterbukaan Informasi Publik", channel=None)
    opd = CategoryFactory(award=award, title="OPD", places=1, mentions=1)
    RankingFactory(
        category=opd,
        office=OfficeFactory(name="Dinas Kesehatan"),
        position=1,
        score="91.50",
        citation="Lengkap",
    )
    RankingFactory(
        category=opd, office=OfficeFactory(name="Dinas Pendidikan"), position=1, level=RankingLevel.MENTION
    )
    event_publish(event=event)

    data = json.loads(download(client, event.slug, "json"))

    assert [list(row) for row in data] == [
        [
            "Acara",
            "Tahun",
            "Penghargaan",
            "Kategori",
            "Peringkat",
            "Urutan",
            "Harapan",
            "Kantor",
            "Jenis kantor",
            "Nilai",
            "Pertimbangan",
            "Kode verifikasi",
            "Versi",
            "Status versi",
        ]
    ] * 2
    assert [
        (row["Peringkat"], row["Urutan"], row["Harapan"], row["Nilai"], row["Pertimbangan"]) for row in data
    ] == [
        ("Terbaik Pertama", 1, "", 91.5, "Lengkap"),
        ("Harapan 1", 1, "ya", None, ""),
    ]


def soffice_convert(source, to: str, outdir) -> None:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{outdir}/profile",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


@pytest.mark.slow
def test_libreoffice_reads_a_date_cell_a_bold_header_and_a_filter(client, demo, tmp_path):
    source = tmp_path / "pemenang.xlsx"
    source.write_bytes(download(client, demo.slug, "xlsx"))

    # Every sheet as csv (the last option, -1: one file per sheet, named after it), and the book
    # as LibreOffice's own ods, to read which cells it took for dates and which for bold.
    soffice_convert(
        source, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", tmp_path
    )
    soffice_convert(source, "ods", tmp_path)

    table = list(csv.reader((tmp_path / "pemenang-Pemenang.csv").read_text(encoding="utf-8").splitlines()))
    about = list(csv.reader((tmp_path / "pemenang-Keterangan.csv").read_text(encoding="utf-8").splitlines()))
    assert table[0][:3] == ["Acara", "Tanggal", "Penghargaan"]
    assert table[1][:3] == [
        "Evaluasi Smart City Kota Banjarmasin 2021",
        "2021-11-02",
        "Terbaik Pengelolaan Website",
    ]
    assert len(table) == 19
    assert ["Pemerintah", "Pemerintah Kota Banjarmasin"] in about
    assert ["Versi", "1"] in about
    content = zipfile.ZipFile(tmp_path / "pemenang.ods").read("content.xml").decode()
    assert content.count('office:value-type="date" office:date-value="2021-11-02"') == 18 + 1
    assert (
        'table:target-range-address="Pemenang.A1:Pemenang.O19" table:display-filter-buttons="true"' in content
    )
    header_style = re.search(
        r'<table:table-cell table:style-name="(\w+)"[^>]*><text:p>Acara</text:p>', content
    ).group(1)
    style = re.search(rf'<style:style style:name="{header_style}".*?</style:style>', content).group(0)
    assert 'fo:font-weight="bold"' in style
