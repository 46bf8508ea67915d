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
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awards.models import Ranking, RankingLevel
from awards.resources import RankingResource, winner_headers, winner_list_file
from common.spreadsheets import import_errors_text, read_sheet, write_sheet
from offices.models import Channel, Office, OfficeKind
from results.services import event_publish, event_withdraw
from tests.factories import (
    AwardFactory,
    CategoryFactory,
    EventFactory,
    OfficeFactory,
    RankingFactory,
    kind,
    make_committee_member,
)

pytestmark = pytest.mark.django_db

HEADERS_EN = [
    "Event",
    "Year",
    "Date",
    "Award",
    "Channel",
    "Category",
    "Level",
    "Position",
    "Printed title",
    "Shared place",
    "Office name",
    "Office kind",
    "Short name",
    "Parent office",
    "Score",
    "Citation",
]
# Column numbers (from 0) of the winner list.
AWARD, CHANNEL, CATEGORY, LEVEL, POSITION, PRINTED, SHARED, OFFICE, KIND = 3, 4, 5, 6, 7, 8, 9, 10, 11
SCORE, CITATION = 14, 15
TITLE = "Evaluasi Smart City Kota Banjarmasin 2021"
W, IG, F = "Terbaik Pengelolaan Website", "Terbaik Pengelolaan Instagram", "Terbaik Pengelolaan Facebook"
DEMO_ROWS = [
    (W, "Website", "SKPD", 1, "Terbaik Pertama", "Bagian Protokol dan Komunikasi Pimpinan"),
    (W, "Website", "SKPD", 2, "Terbaik Kedua", "Dinas Komunikasi, Informatika dan Statistik"),
    (W, "Website", "SKPD", 3, "Terbaik Ketiga", "Dinas Kependudukan dan Pencatatan Sipil"),
    (W, "Website", "Kelurahan", 1, "Terbaik Pertama", "Kelurahan Pelambuan"),
    (W, "Website", "Kelurahan", 2, "Terbaik Kedua", "Kelurahan Pekapuran Raya"),
    (W, "Website", "Kelurahan", 3, "Terbaik Ketiga", "Kelurahan Basirih Selatan"),
    (IG, "Instagram", "SKPD", 1, "Terbaik Pertama", "Dinas Kesehatan"),
    (IG, "Instagram", "SKPD", 2, "Terbaik Kedua", "Bagian Protokol dan Komunikasi Pimpinan"),
    (IG, "Instagram", "SKPD", 3, "Terbaik Ketiga (bersama)", "Dinas Kebudayaan dan Pariwisata"),
    (IG, "Instagram", "Kelurahan", 1, "Terbaik Pertama", "Kelurahan Belitung Utara"),
    (IG, "Instagram", "Kelurahan", 2, "Terbaik Kedua", "Kelurahan Banua Anyar"),
    (IG, "Instagram", "Kelurahan", 3, "Terbaik Ketiga", "Kelurahan Sungai Lulut"),
    (F, "Facebook", "SKPD", 1, "Terbaik Pertama", "Bagian Protokol dan Komunikasi Pimpinan"),
    (F, "Facebook", "SKPD", 2, "Terbaik Kedua", "Dinas Kesehatan"),
    (F, "Facebook", "SKPD", 3, "Terbaik Ketiga", "Dinas Komunikasi, Informatika dan Statistik"),
    (F, "Facebook", "Kelurahan", 1, "Terbaik Pertama", "Kelurahan Kelayan Barat"),
    (F, "Facebook", "Kelurahan", 2, "Terbaik Kedua", "Kelurahan Belitung Selatan"),
    (F, "Facebook", "Kelurahan", 3, "Terbaik Ketiga", "Kelurahan Sungai Baru"),
]
HOSTILE = '=HYPERLINK("http://x","y")'


def download(client, slug, fmt):
    return client.get(reverse("results:event-winners-download", kwargs={"slug": slug, "fmt": fmt}))


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_public_xlsx_has_demo_winners_in_display_order(client, demo):
    response = download(client, demo.slug, "xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pemenang-evaluasi-smart-city-2021.xlsx"'
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = xlsx_rows(response.content)
    with translation.override("id"):
        assert rows[0] == winner_headers()
    assert rows[0][:2] == ["Acara", "Tahun"]
    assert [
        (r[AWARD], r[CHANNEL], r[CATEGORY], r[POSITION], r[PRINTED], r[OFFICE]) for r in rows[1:]
    ] == DEMO_ROWS
    with translation.override("id"):
        place = str(RankingLevel.PLACE.label)
    assert rows[1] == [
        TITLE,
        2021,
        "2021-11-02",
        W,
        "Website",
        "SKPD",
        place,
        1,
        "Terbaik Pertama",
        "tidak",
        "Bagian Protokol dan Komunikasi Pimpinan",
        "SKPD",
        "Prokompim",
        "Sekretariat Daerah",
        None,
        None,
    ]
    assert [r[SHARED] for r in rows[1:]].count("ya") == 1
    assert rows[9][SHARED] == "ya"


def test_public_csv_in_english(client, demo):
    # Public addresses carry their language: English under /en/.
    with translation.override("en"):
        url = reverse("results:event-winners-download", kwargs={"slug": demo.slug, "fmt": "csv"})

    response = client.get(url)

    assert url.startswith("/en/")
    assert response["Content-Disposition"] == 'attachment; filename="pemenang-evaluasi-smart-city-2021.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS_EN
    assert rows[4] == [
        TITLE,
        "2021",
        "2021-11-02",
        W,
        "Website",
        "Kelurahan",
        "Place",
        "1",
        "Terbaik Pertama",
        "no",
        "Kelurahan Pelambuan",
        "Kelurahan",
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
    with translation.override("id"):
        headers, place = winner_headers(), str(RankingLevel.PLACE.label)
    assert data[0] == dict(
        zip(
            headers,
            [
                TITLE,
                2021,
                "2021-11-02",
                W,
                "Website",
                "SKPD",
                place,
                1,
                "Terbaik Pertama",
                "tidak",
                "Bagian Protokol dan Komunikasi Pimpinan",
                "SKPD",
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
    event_withdraw(event=demo, reason="Uji: hasil ditarik")

    public = download(Client(), demo.slug, "xlsx")
    committee = download(committee_client, demo.slug, "xlsx")

    # Withdrawn: gone (410) for the public, with its reason; the committee still exports it.
    assert public.status_code == 410
    assert committee.status_code == 200
    assert len(xlsx_rows(committee.content)) == 19


def test_public_download_unknown_format_is_404(client, demo):
    assert download(client, demo.slug, "exe").status_code == 404


def test_event_page_links_to_downloads(client, demo):
    response = client.get(demo.get_absolute_url())

    links = re.findall(r'href="(/events/[^"]+/pemenang\.\w+)"', response.content.decode())
    assert links == [f"/events/{demo.slug}/pemenang.{fmt}" for fmt in ("xlsx", "ods", "csv", "json")]


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_demo_winner_list_imports_onto_the_demo_with_nothing_to_do(demo, fmt):
    content = winner_list_file(Ranking.objects.filter(award__event=demo), fmt)

    result = RankingResource().import_data(read_sheet(content, fmt), dry_run=False)

    assert import_errors_text(result) == ""
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, 18)


def test_winner_list_of_other_shapes():
    """An award without a channel whose one category admits two kinds, with honourable mentions,
    digits for places, and no known day; a Kalurahan, whose word is printed once."""
    event = EventFactory(
        title="Anugerah KIP 2023",
        slug="kip-2023",
        year=2023,
        held_on=None,
        place_word="Juara",
        place_numbering="digits",
    )
    award = AwardFactory(event=event, title="Anugerah Keterbukaan Informasi Publik", channel=None)
    opd = CategoryFactory(
        award=award, title="OPD", kinds=[OfficeKind.SKPD, "kalurahan"], places=3, mentions=3
    )
    kalurahan = Office.objects.create(name="Caturtunggal", kind=kind("kalurahan"))
    dinas = [OfficeFactory(name=f"Dinas {n}") for n in range(3)]
    Ranking.objects.create(category=opd, office=kalurahan, position=1)
    Ranking.objects.create(category=opd, office=dinas[0], position=2)
    Ranking.objects.create(category=opd, office=dinas[1], position=1, level=RankingLevel.MENTION)
    Ranking.objects.create(category=opd, office=dinas[2], position=3)

    with translation.override("en"):
        rows = list(
            csv.reader(
                io.StringIO(winner_list_file(event.awards.first().rankings.all(), "csv").decode("utf-8-sig"))
            )
        )

    assert [
        (r[2], r[CHANNEL], r[CATEGORY], r[LEVEL], r[POSITION], r[PRINTED], r[OFFICE], r[KIND])
        for r in rows[1:]
    ] == [
        ("", "", "OPD", "Place", "1", "Juara 1", "Kalurahan Caturtunggal", "Kalurahan"),
        ("", "", "OPD", "Place", "2", "Juara 2", "Dinas 0", "SKPD"),
        ("", "", "OPD", "Place", "3", "Juara 3", "Dinas 2", "SKPD"),
        ("", "", "OPD", "Honourable mention", "1", "Harapan 1", "Dinas 1", "SKPD"),
    ]
    assert rows[1][1] == "2023"


def test_rows_follow_events_newest_first_then_the_display_order():
    old = EventFactory(year=2019, held_on=None, title="Lama")
    new = EventFactory(year=2022, title="Baru")
    for event in (old, new):
        late = AwardFactory(event=event, title="B", order=2)
        early = AwardFactory(event=event, title="A", order=1)
        CategoryFactory(award=late, title="SKPD", kinds=[OfficeKind.SKPD])
        CategoryFactory(award=early, title="SKPD", kinds=[OfficeKind.SKPD])
        for award in (late, early):
            Ranking.objects.create(category=award.categories.get(), office=OfficeFactory(), position=1)

    with translation.override("en"):
        rows = list(
            csv.reader(io.StringIO(winner_list_file(Ranking.objects.all(), "csv").decode("utf-8-sig")))
        )

    assert [(r[0], r[AWARD]) for r in rows[1:]] == [
        ("Baru", "A"),
        ("Baru", "B"),
        ("Lama", "A"),
        ("Lama", "B"),
    ]


def test_export_query_count_is_fixed(django_assert_num_queries, data_size):
    rankings = Ranking.objects.all()

    # One query for all the places, whatever their number.
    with django_assert_num_queries(1):
        content = winner_list_file(rankings, "csv")

    assert len(content.decode("utf-8-sig").splitlines()) == data_size["places"] + 1


@pytest.mark.parametrize("count", [3, 30])
def test_public_export_query_count_is_fixed(client, django_assert_num_queries, count):
    event = EventFactory()
    parent = OfficeFactory(name="Sekretariat Daerah")
    for position in range(1, count + 1):
        RankingFactory(event=event, office=OfficeFactory(parent=parent), position=position, places=count)
    event_publish(event=event)

    # The current version with its event, and its places.
    with django_assert_num_queries(2):
        response = download(client, event.slug, "xlsx")

    assert len(xlsx_rows(response.content)) == count + 1


@pytest.fixture
def hostile_event():
    event = EventFactory()
    website = Channel.objects.get(code="website")
    # NUL cannot be stored on PostgreSQL; the writers' handling of it is tested on its own below.
    names = [HOSTILE, "=" + HOSTILE, "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rCarriage"]
    for position, name in enumerate(names[:5], start=1):
        office = Office.objects.create(name=name, kind=kind(OfficeKind.SKPD))
        RankingFactory(
            event=event,
            channel=website,
            office=office,
            position=position,
            places=5,
            score=Decimal("87.50"),
            citation=name,
        )
    instagram = Channel.objects.get(code="instagram")
    for position, name in enumerate(names[5:], start=1):
        # The office's name cannot start with white space (it is trimmed); the citation can.
        office = Office.objects.create(name=f"Dinas {position}", kind=kind(OfficeKind.SKPD))
        RankingFactory(event=event, channel=instagram, office=office, position=position, citation=name)
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
    content = winner_list_file(Ranking.objects.filter(award__event=hostile_event), "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [(row[OFFICE].value, row[OFFICE].data_type) for row in rows[:5]] == [
        (HOSTILE, "s"),
        ("=" + HOSTILE, "s"),
        ("+1+2", "s"),
        ("-2+3", "s"),
        ("@SUM(A1)", "s"),
    ]
    # Without lxml, XML turns a carriage return into a line feed when the file is read; with lxml
    # (python-docx brings it) openpyxl keeps it as _x000D_. It is text either way.
    assert [(row[CITATION].value.replace("\r", "\n"), row[CITATION].data_type) for row in rows] == [
        (c.replace("\r", "\n"), "s") for c in CITATIONS
    ]
    assert [(row[POSITION].value, row[POSITION].data_type) for row in rows[:3]] == [
        (1, "n"),
        (2, "n"),
        (3, "n"),
    ]
    assert (rows[0][SCORE].value, rows[0][SCORE].data_type) == (87.5, "n")
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def test_ods_formula_text_stays_text(hostile_event):
    content = winner_list_file(Ranking.objects.filter(award__event=hostile_event), "ods")

    xml = zipfile.ZipFile(io.BytesIO(content)).read("content.xml").decode()
    assert "formula" not in xml
    rows = ods_rows(xml)
    assert [rows[n][OFFICE] for n in range(1, 6)] == [
        ("string", HOSTILE),
        ("string", "=" + HOSTILE),
        ("string", "+1+2"),
        ("string", "-2+3"),
        ("string", "@SUM(A1)"),
    ]
    assert [row[CITATION] for row in rows[1:]] == [("string", c.replace("\r", "\n")) for c in CITATIONS]
    assert (rows[1][POSITION], rows[1][SCORE]) == (("float", "1"), ("float", "87.50"))


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
    content = winner_list_file(Ranking.objects.filter(award__event=hostile_event), "csv")

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert [row[OFFICE] for row in rows[1:6]] == [
        "'" + HOSTILE,
        "'=" + HOSTILE,
        "'+1+2",
        "'-2+3",
        "'@SUM(A1)",
    ]
    assert [row[CITATION] for row in rows[1:]] == ["'" + c for c in CITATIONS]
    assert [(row[POSITION], row[SCORE]) for row in rows[1:3]] == [("1", "87.50"), ("2", "87.50")]


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
    instagram = demo.awards.get(channel__code="instagram")
    url = (
        reverse("admin:awards_ranking_export")
        + f"?award__event__id__exact={demo.pk}&award__id__exact={instagram.pk}"
    )

    response = committee_client.post(url, {"format": "0", "resource": "0"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pemenang-evaluasi-smart-city-2021.xlsx"'
    rows = xlsx_rows(response.content)
    assert [r[OFFICE] for r in rows[1:]] == [r[5] for r in DEMO_ROWS if r[1] == "Instagram"]


def test_ranking_admin_export_without_permission_is_403(client, demo):
    client.force_login(staff_without("export_ranking"))

    page = client.get(reverse("admin:awards_ranking_export"))
    post = client.post(reverse("admin:awards_ranking_export"), {"format": "0", "resource": "0"})
    event_file = client.get(reverse("admin:awards_evaluationevent_winners", args=[demo.pk, "xlsx"]))

    assert (page.status_code, post.status_code, event_file.status_code) == (403, 403, 403)


def test_event_admin_download_includes_drafts(committee_client, demo):
    event_withdraw(event=demo, reason="Uji: hasil ditarik")

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
    event = EventFactory()
    for position in range(1, count + 1):
        RankingFactory(event=event, position=position, places=count)
    url = reverse("admin:awards_ranking_export") + f"?award__event__id__exact={event.pk}"

    # Session, user, permissions (2), the list's event and channel filters, the places, the file
    # name's event.
    with django_assert_num_queries(8):
        response = committee_client.post(url, {"format": "1", "resource": "0"})

    assert len(response.content.decode("utf-8-sig").splitlines()) == count + 1


def test_download_answers_head_as_link_checkers_ask(client, demo):
    url = reverse("results:event-winners-download", kwargs={"slug": demo.slug, "fmt": "xlsx"})

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
