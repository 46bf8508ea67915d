import csv
import io
import json
import re
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awards.certificates.words import position_in_words
from awards.models import EvaluationEvent, Ranking
from awards.resources import winner_list_file
from awards.services import event_unpublish
from common.spreadsheets import write_sheet
from offices.models import Channel, Office, OfficeKind
from tests.factories import EventFactory, OfficeFactory, RankingFactory, make_committee_member

pytestmark = pytest.mark.django_db

HEADERS_ID = [
    "Acara",
    "Tahun",
    "Kanal",
    "Jenis instansi",
    "Peringkat",
    "Predikat",
    "Peringkat bersama",
    "Nama instansi",
    "Nama singkat",
    "Instansi induk",
    "Nilai",
    "Keterangan",
]
HEADERS_EN = [
    "Event",
    "Year",
    "Channel",
    "Office kind",
    "Position",
    "Position in words",
    "Shared place",
    "Office name",
    "Short name",
    "Parent office",
    "Score",
    "Citation",
]
TITLE = "Evaluasi Smart City Kota Banjarmasin 2021"
DEMO_ROWS = [
    ("Website", "SKPD", 1, "Terbaik Pertama", "Bagian Protokol dan Komunikasi Pimpinan"),
    ("Website", "SKPD", 2, "Terbaik Kedua", "Dinas Komunikasi, Informatika dan Statistik"),
    ("Website", "SKPD", 3, "Terbaik Ketiga", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("Website", "Kelurahan", 1, "Terbaik Pertama", "Kelurahan Pelambuan"),
    ("Website", "Kelurahan", 2, "Terbaik Kedua", "Kelurahan Pekapuran Raya"),
    ("Website", "Kelurahan", 3, "Terbaik Ketiga", "Kelurahan Basirih Selatan"),
    ("Instagram", "SKPD", 1, "Terbaik Pertama", "Dinas Kesehatan"),
    ("Instagram", "SKPD", 2, "Terbaik Kedua", "Bagian Protokol dan Komunikasi Pimpinan"),
    ("Instagram", "SKPD", 3, "Terbaik Ketiga", "Dinas Kebudayaan dan Pariwisata"),
    ("Instagram", "Kelurahan", 1, "Terbaik Pertama", "Kelurahan Belitung Utara"),
    ("Instagram", "Kelurahan", 2, "Terbaik Kedua", "Kelurahan Banua Anyar"),
    ("Instagram", "Kelurahan", 3, "Terbaik Ketiga", "Kelurahan Sungai Lulut"),
    ("Facebook", "SKPD", 1, "Terbaik Pertama", "Bagian Protokol dan Komunikasi Pimpinan"),
    ("Facebook", "SKPD", 2, "Terbaik Kedua", "Dinas Kesehatan"),
    ("Facebook", "SKPD", 3, "Terbaik Ketiga", "Dinas Komunikasi, Informatika dan Statistik"),
    ("Facebook", "Kelurahan", 1, "Terbaik Pertama", "Kelurahan Kelayan Barat"),
    ("Facebook", "Kelurahan", 2, "Terbaik Kedua", "Kelurahan Belitung Selatan"),
    ("Facebook", "Kelurahan", 3, "Terbaik Ketiga", "Kelurahan Sungai Baru"),
]
HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.fixture
def demo():
    call_command("load_demo")
    return EvaluationEvent.objects.get(slug="evaluasi-smart-city-2021")


def download(client, slug, fmt):
    return client.get(reverse("awards:event-winners-download", kwargs={"slug": slug, "fmt": fmt}))


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_position_words_in_both_languages():
    with translation.override("id"):
        indonesian = [position_in_words(n) for n in (1, 2, 3, 4)]
    with translation.override("en"):
        english = [position_in_words(n) for n in (1, 2, 3, 4)]

    assert indonesian == ["Terbaik Pertama", "Terbaik Kedua", "Terbaik Ketiga", "Terbaik ke-4"]
    assert english == ["First place", "Second place", "Third place", "Place 4"]


def test_public_xlsx_has_demo_winners_in_display_order(client, demo):
    response = download(client, demo.slug, "xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pemenang-evaluasi-smart-city-2021.xlsx"'
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = xlsx_rows(response.content)
    assert rows[0] == HEADERS_ID
    assert [(r[2], r[3], r[4], r[5], r[7]) for r in rows[1:]] == DEMO_ROWS
    assert rows[1] == [
        TITLE,
        2021,
        "Website",
        "SKPD",
        1,
        "Terbaik Pertama",
        "tidak",
        "Bagian Protokol dan Komunikasi Pimpinan",
        "Prokompim",
        "Sekretariat Daerah",
        None,
        None,
    ]
    assert [r[6] for r in rows[1:]].count("ya") == 1
    assert rows[9][6] == "ya"


def test_public_csv_in_english(client, demo):
    # Public addresses carry their language: English under /en/.
    with translation.override("en"):
        url = reverse("awards:event-winners-download", kwargs={"slug": demo.slug, "fmt": "csv"})

    response = client.get(url)

    assert url.startswith("/en/")
    assert response["Content-Disposition"] == 'attachment; filename="pemenang-evaluasi-smart-city-2021.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS_EN
    assert rows[4] == [
        TITLE,
        "2021",
        "Website",
        "Kelurahan",
        "1",
        "First place",
        "no",
        "Kelurahan Pelambuan",
        "",
        "",
        "",
        "",
    ]
    assert len(rows) == 19


def test_public_json_and_ods(client, demo):
    data = json.loads(download(client, demo.slug, "json").content)
    ods = download(client, demo.slug, "ods")

    assert len(data) == 18
    assert data[0] == dict(
        zip(
            HEADERS_ID,
            [
                TITLE,
                2021,
                "Website",
                "SKPD",
                1,
                "Terbaik Pertama",
                "tidak",
                "Bagian Protokol dan Komunikasi Pimpinan",
                "Prokompim",
                "Sekretariat Daerah",
                None,
                "",
            ],
            strict=True,
        )
    )
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    content = zipfile.ZipFile(io.BytesIO(ods.content)).read("content.xml").decode()
    assert "Kelurahan Sungai Baru" in content


def test_public_download_of_draft_is_404_for_public_but_not_committee(committee_client, demo):
    event_unpublish(event=demo)

    public = download(Client(), demo.slug, "xlsx")
    committee = download(committee_client, demo.slug, "xlsx")

    assert public.status_code == 404
    assert committee.status_code == 200
    assert len(xlsx_rows(committee.content)) == 19


def test_public_download_unknown_format_is_404(client, demo):
    assert download(client, demo.slug, "exe").status_code == 404


def test_event_page_links_to_downloads(client, demo):
    response = client.get(demo.get_absolute_url())

    links = re.findall(r'href="(/events/[^"]+/pemenang\.\w+)"', response.content.decode())
    assert links == [f"/events/{demo.slug}/pemenang.{fmt}" for fmt in ("xlsx", "ods", "csv", "json")]


@pytest.mark.parametrize("count", [3, 30])
def test_export_query_count_is_fixed(client, django_assert_num_queries, count):
    event = EventFactory(places_per_category=count, status="published", published_at="2021-11-02T10:00Z")
    parent = OfficeFactory(name="Sekretariat Daerah")
    for position in range(1, count + 1):
        RankingFactory(event=event, office=OfficeFactory(parent=parent), position=position)

    # One query for the event, one for all its places.
    with django_assert_num_queries(2):
        response = download(client, event.slug, "xlsx")

    assert len(xlsx_rows(response.content)) == count + 1


@pytest.fixture
def hostile_event():
    event = EventFactory(places_per_category=5)
    website = Channel.objects.get(code="website")
    # NUL cannot be stored on PostgreSQL; the writers' handling of it is tested on its own below.
    names = [HOSTILE, "=" + HOSTILE, "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rCarriage"]
    for position, name in enumerate(names[:5], start=1):
        office = Office.objects.create(name=name, kind_id=OfficeKind.SKPD)
        Ranking.objects.create(
            event=event,
            channel=website,
            office=office,
            position=position,
            score=Decimal("87.50"),
            citation=name,
        )
    instagram = Channel.objects.get(code="instagram")
    for position, name in enumerate(names[5:], start=1):
        # The office's name cannot start with white space (it is trimmed); the citation can.
        office = Office.objects.create(name=f"Dinas {position}", kind_id=OfficeKind.SKPD)
        Ranking.objects.create(
            event=event, channel=instagram, office=office, position=position, citation=name
        )
    return event


CITATIONS = [
    HOSTILE,
    "=" + HOSTILE,
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "\rCarriage",
]


def test_xlsx_formula_text_stays_text_and_numbers_stay_numbers(hostile_event):
    content = winner_list_file(Ranking.objects.filter(event=hostile_event), "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [(row[7].value, row[7].data_type) for row in rows[:5]] == [
        (HOSTILE, "s"),
        ("=" + HOSTILE, "s"),
        ("+1+2", "s"),
        ("-2+3", "s"),
        ("@SUM(A1)", "s"),
    ]
    # XML turns a carriage return into a line feed when the file is read; it is text either way.
    assert [(row[11].value, row[11].data_type) for row in rows] == [
        (c.replace("\r", "\n"), "s") for c in CITATIONS
    ]
    assert [(row[4].value, row[4].data_type) for row in rows[:3]] == [(1, "n"), (2, "n"), (3, "n")]
    assert (rows[0][10].value, rows[0][10].data_type) == (87.5, "n")
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def test_ods_formula_text_stays_text(hostile_event):
    content = winner_list_file(Ranking.objects.filter(event=hostile_event), "ods")

    xml = zipfile.ZipFile(io.BytesIO(content)).read("content.xml").decode()
    assert "formula" not in xml
    rows = ods_rows(xml)
    assert [rows[n][7] for n in range(1, 6)] == [
        ("string", HOSTILE),
        ("string", "=" + HOSTILE),
        ("string", "+1+2"),
        ("string", "-2+3"),
        ("string", "@SUM(A1)"),
    ]
    assert [row[11] for row in rows[1:]] == [("string", c.replace("\r", "\n")) for c in CITATIONS]
    assert (rows[1][4], rows[1][10]) == (("float", "1"), ("float", "87.50"))


def ods_rows(xml: str) -> list[list[tuple[str, str]]]:
    """Each cell of an ods sheet as (value type, value or text)."""
    ns = {
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    }
    value_type = f"{{{ns['office']}}}value-type"
    value = f"{{{ns['office']}}}value"
    rows = []
    for row in ElementTree.fromstring(xml).iterfind(".//table:table-row", ns):
        cells = []
        for cell in row.iterfind("table:table-cell", ns):
            text = (
                "".join(cell.find("text:p", ns).itertext()) if cell.find("text:p", ns) is not None else None
            )
            cells.append((cell.get(value_type), cell.get(value) if cell.get(value) is not None else text))
        rows.append(cells)
    return rows


def test_csv_formula_text_is_prefixed_numbers_are_not(hostile_event):
    content = winner_list_file(Ranking.objects.filter(event=hostile_event), "csv")

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert [row[7] for row in rows[1:6]] == ["'" + HOSTILE, "'=" + HOSTILE, "'+1+2", "'-2+3", "'@SUM(A1)"]
    assert [row[11] for row in rows[1:]] == ["'" + c for c in CITATIONS]
    assert [(row[4], row[10]) for row in rows[1:3]] == [("1", "87.50"), ("2", "87.50")]


# --- the admin ----------------------------------------------------------------------------------


def staff_without(codename):
    user = make_committee_member(username=f"tanpa-{codename}")
    user.groups.clear()
    perms = Permission.objects.filter(content_type__app_label__in=["awards", "offices"]).exclude(
        codename=codename
    )
    user.user_permissions.set(perms)
    return user


def test_ranking_admin_export_respects_filters(committee_client, demo):
    other = EventFactory()
    RankingFactory(event=other)
    url = reverse("admin:awards_ranking_export") + f"?event__id__exact={demo.pk}&channel__id__exact="
    url += str(Channel.objects.get(code="instagram").pk)

    response = committee_client.post(url, {"format": "0", "resource": "0"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pemenang-evaluasi-smart-city-2021.xlsx"'
    rows = xlsx_rows(response.content)
    assert [r[7] for r in rows[1:]] == [r[4] for r in DEMO_ROWS if r[0] == "Instagram"]


def test_ranking_admin_export_without_permission_is_403(client, demo):
    client.force_login(staff_without("export_ranking"))

    page = client.get(reverse("admin:awards_ranking_export"))
    post = client.post(reverse("admin:awards_ranking_export"), {"format": "0", "resource": "0"})
    event_file = client.get(reverse("admin:awards_evaluationevent_winners", args=[demo.pk, "xlsx"]))

    assert (page.status_code, post.status_code, event_file.status_code) == (403, 403, 403)


def test_event_admin_download_includes_drafts(committee_client, demo):
    event_unpublish(event=demo)

    response = committee_client.get(reverse("admin:awards_evaluationevent_winners", args=[demo.pk, "ods"]))
    page = committee_client.get(reverse("admin:awards_evaluationevent_change", args=[demo.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pemenang-evaluasi-smart-city-2021.ods"'
    assert f'/admin/awards/evaluationevent/{demo.pk}/winners.csv"' in page.content.decode()


def test_nul_and_control_characters_never_reach_a_file():
    rows = [["\x00=cmd", 1], ["a\x01b", 2]]

    xlsx = openpyxl.load_workbook(io.BytesIO(write_sheet("xlsx", ["t", "n"], rows))).active
    ods = ods_rows(
        zipfile.ZipFile(io.BytesIO(write_sheet("ods", ["t", "n"], rows))).read("content.xml").decode()
    )
    text = write_sheet("csv", ["t", "n"], rows).decode("utf-8-sig")

    assert [(c.value, c.data_type) for c in xlsx["A"]] == [("t", "s"), ("=cmd", "s"), ("ab", "s")]
    assert [row[0] for row in ods] == [("string", "t"), ("string", "=cmd"), ("string", "ab")]
    assert text == "t,n\r\n'=cmd,1\r\nab,2\r\n"


@pytest.mark.parametrize("count", [3, 30])
def test_ranking_admin_export_query_count_is_fixed(committee_client, django_assert_num_queries, count):
    event = EventFactory(places_per_category=count)
    for position in range(1, count + 1):
        RankingFactory(event=event, position=position)
    url = reverse("admin:awards_ranking_export") + f"?event__id__exact={event.pk}"

    # Session, user, permissions (2), the list's event and channel filters, the places, the file
    # name's event.
    with django_assert_num_queries(8):
        response = committee_client.post(url, {"format": "1", "resource": "0"})

    assert len(response.content.decode("utf-8-sig").splitlines()) == count + 1


def test_download_answers_head_as_link_checkers_ask(client, demo):
    url = reverse("awards:event-winners-download", kwargs={"slug": demo.slug, "fmt": "xlsx"})

    head, post = client.head(url), client.post(url)

    assert head.status_code == 200
    assert head["Content-Disposition"] == 'attachment; filename="pemenang-evaluasi-smart-city-2021.xlsx"'
    assert post.status_code == 405


def test_xlsx_columns_are_wide_enough_for_the_names(client, demo):
    response = download(client, demo.slug, "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = xlsx_rows(response.content)
    office = rows[0].index("Nama instansi")
    letter = openpyxl.utils.get_column_letter(office + 1)
    longest = max(len(row[office]) for row in rows[1:])
    assert sheet.column_dimensions[letter].width >= longest
