from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awards.models import Award, Category, EvaluationEvent, Ranking, RankingLevel
from awards.resources import RankingResource, winner_list_file
from common.spreadsheets.importing import import_errors_text
from common.spreadsheets.readers import read_sheet
from offices.models import Office, OfficeFormerName, OfficeKind
from results.services import event_publish
from tests.factories import (
    AwardFactory,
    CategoryFactory,
    EventFactory,
    OfficeFactory,
    kind,
    make_committee_member,
)
from tests.helpers import DEMO_SLUG
from tests.spreadsheets import confirm, csv_bytes, result_errors, upload

pytestmark = pytest.mark.django_db

HEADER = ["Event", "Award", "Category", "Position", "Shared place", "Office name", "Score", "Citation"]
TITLE = "Evaluasi Smart City Kota Banjarmasin 2021"
WEBSITE = "Terbaik Pengelolaan Website"
INSTAGRAM = "Terbaik Pengelolaan Instagram"


@pytest.fixture
def english(committee_client):
    committee_client.cookies["django_language"] = "en"
    return committee_client


def table():
    rankings = Ranking.objects.select_related("category__award__event", "office")
    return sorted(
        (
            r.category.award.event.slug,
            r.category.award.title,
            r.category.title,
            r.office.slug,
            r.level,
            r.position,
            r.is_shared,
            r.score,
            r.citation,
        )
        for r in rankings
    )


def run(rows, *, dry_run=True):
    with translation.override("en"):
        result = RankingResource().import_data(read_sheet(csv_bytes(rows), "csv"), dry_run=dry_run)
        return result, import_errors_text(result)


# --- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "ods"])
def test_round_trip_export_then_import_into_empty_places(committee_client, demo, fmt):
    Ranking.objects.filter(office__name="Dinas Kesehatan").update(
        score=Decimal("91.25"), citation="=1+1 teks"
    )
    before = table()
    content = winner_list_file(Ranking.objects.filter(award__event=demo), fmt)
    Ranking.objects.all().delete()

    preview = upload(committee_client, "awards_ranking", f"pemenang-{DEMO_SLUG}.{fmt}", content)
    assert preview.status_code == 200
    assert result_errors(preview) == []
    assert preview.context["result"].totals["new"] == 18
    assert Ranking.objects.count() == 0
    done = confirm(committee_client, "awards_ranking", preview)

    assert done.status_code == 302
    assert done["Location"] == reverse("admin:awards_ranking_changelist")
    assert table() == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "ods"])
def test_demo_winner_list_reimports_onto_the_demo_with_nothing_to_do(demo, fmt):
    before = table()
    content = winner_list_file(Ranking.objects.filter(award__event=demo), fmt)

    result = RankingResource().import_data(read_sheet(content, fmt), dry_run=False)

    assert import_errors_text(result) == ""
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, 18)
    assert table() == before


def test_reimport_of_unchanged_list_skips_and_changed_score_updates(committee_client, demo):
    rows = [
        HEADER,
        [TITLE, WEBSITE, "SKPD", "1", "tidak", "bagian-protokol-dan-komunikasi-pimpinan", "", ""],  # slug
        [
            DEMO_SLUG,
            "terbaik pengelolaan WEBSITE",
            "kelurahan",
            "1",
            "",
            "  kelurahan   PELAMBUAN ",
            "88,5",
            "Rapi",
        ],
        [DEMO_SLUG, WEBSITE, "Kategori Kelurahan", "Terbaik Kedua", "no", "Pekapuran Raya", "", ""],
    ]

    preview = upload(committee_client, "awards_ranking", "ubah.csv", csv_bytes(rows))
    assert result_errors(preview) == []
    assert [r.import_type for r in preview.context["result"].rows] == ["skip", "update", "skip"]
    confirm(committee_client, "awards_ranking", preview)

    pelambuan = Ranking.objects.get(office__name="Pelambuan", award__channel__code="website")
    assert (pelambuan.position, pelambuan.score, pelambuan.citation) == (1, Decimal("88.50"), "Rapi")
    assert Ranking.objects.count() == 18


def test_shared_places_and_descriptive_columns(demo):
    content = winner_list_file(Ranking.objects.filter(award__event=demo), "xlsx")
    Ranking.objects.filter(award__channel__code="facebook").delete()

    result = RankingResource().import_data(read_sheet(content, "xlsx"), dry_run=False)

    assert import_errors_text(result) == ""
    assert (result.totals["new"], result.totals["skip"]) == (6, 12)
    assert Ranking.objects.get(office__name="Dinas Kebudayaan dan Pariwisata").is_shared is True


# --- errors -----------------------------------------------------------------------------------


def test_every_bad_row_is_reported_and_nothing_is_written(english, demo):
    event = EventFactory(title="Evaluasi 2022", slug="evaluasi-2022")
    award = AwardFactory(event=event, title="Terbaik Website")
    CategoryFactory(award=award, title="SKPD", kinds=[OfficeKind.SKPD], places=2)
    CategoryFactory(award=award, title="Kelurahan", kinds=[OfficeKind.KELURAHAN], places=2)
    other = AwardFactory(event=event, title="Terbaik Instagram")
    CategoryFactory(award=other, title="SKPD", kinds=[OfficeKind.SKPD], places=3)
    rows = [
        HEADER,
        ["Evaluasi 2022", "Terbaik Website", "SKPD", "1", "", "Dinas Kesehatan", "", ""],  # fine
        ["Evaluasi 2099", "Terbaik Website", "SKPD", "2", "", "Dinas Kesehatan", "", ""],
        ["evaluasi-2022", "Terbaik TikTok", "SKPD", "1", "", "Dinas Kesehatan", "", ""],
        ["evaluasi-2022", "Terbaik Instagram", "SKPD", "satu", "", "Dinas Rahasia", "8O", ""],
        ["evaluasi-2022", "Terbaik Instagram", "Kecamatan", "2", "mungkin", "Dinas Kesehatan", "-1", ""],
        ["evaluasi-2022", "Terbaik Website", "SKPD", "3", "", "Dinas Kebudayaan dan Pariwisata", "1.234", ""],
        ["evaluasi-2022", "Terbaik Website", "SKPD", "2", "", "Dinas Kesehatan", "", ""],  # office twice
        [
            "evaluasi-2022",
            "Terbaik Instagram",
            "",
            "1",
            "",
            "Dinas Komunikasi, Informatika dan Statistik",
            "",
            "",
        ],
        [
            "evaluasi-2022",
            "Terbaik Instagram",
            "",
            "1",
            "",
            "Bagian Protokol dan Komunikasi Pimpinan",
            "",
            "",
        ],
        [
            "evaluasi-2022",
            "Terbaik Website",
            "Kelurahan",
            "1",
            "",
            "Dinas Kependudukan dan Pencatatan Sipil",
            "",
            "",
        ],
        ["evaluasi-2022", "Terbaik Website", "", "2", "", "Pelambuan", "", ""],  # two categories
        ["evaluasi-2022", "Terbaik Website", "SKPD", "Harapan 1", "", "Sekretariat Daerah", "", ""],
    ]

    preview = english.post(
        reverse("admin:awards_ranking_import"),
        {"resource": "0", "format": "1", "import_file": _file("salah.csv", csv_bytes(rows))},
    )

    assert result_errors(preview) == [
        "Row 3, column “Event”: No event “Evaluasi 2099” (give its title or its slug).",
        "Row 4, column “Award”: Event Evaluasi 2022 has no award “Terbaik TikTok” (its awards: "
        "“Terbaik Website”, “Terbaik Instagram”). The import does not create awards: enter the award "
        "in the admin first.",
        "Row 5, column “Office name”: No office “Dinas Rahasia”; add it to the offices first.",
        "Row 5, column “Position”: “satu” is not a position; write a number (1), a place in the event's "
        "words (Terbaik Pertama) or an honourable mention (Harapan 1).",
        "Row 5, column “Score”: “8O” is not a number.",
        "Row 6, column “Category”: Award Terbaik Instagram has no category “Kecamatan” (its categories: "
        "“SKPD”). The import does not create categories: enter the category in the admin first.",
        "Row 6, column “Shared place”: “mungkin” is not yes or no (ya/tidak).",
        "Row 6, column “Score”: The score may not be negative.",
        "Row 7, column “Score”: A score has at most two decimals.",
        "Row 7, column “Position”: Position 3 is above the 2 places of category SKPD.",
        "Row 8, column “Office name”: Dinas Kesehatan already holds a place in award Terbaik Website "
        "(row 2).",
        "Row 10, column “Position”: Terbaik Pertama of category SKPD is already held by Dinas Komunikasi, "
        "Informatika dan Statistik. Only if both hold this one place jointly, tick “shared place” on each "
        "of them.",
        "Row 11, column “Office name”: Dinas Kependudukan dan Pencatatan Sipil is of kind SKPD, which "
        "category Kelurahan does not admit.",
        "Row 12, column “Category”: Award Terbaik Website has the categories “SKPD”, “Kelurahan”; name one "
        "in this column.",
        "Row 13, column “Position”: Category SKPD gives no honourable mentions.",
    ]
    assert "confirm_form" not in preview.context
    assert Ranking.objects.filter(award__event=event).count() == 0


def test_update_onto_a_taken_place_reports_the_clash(english, demo):
    rows = [HEADER, [TITLE, INSTAGRAM, "SKPD", "1", "", "Dinas Kebudayaan dan Pariwisata", "", ""]]

    preview = english.post(
        reverse("admin:awards_ranking_import"),
        {"resource": "0", "format": "1", "import_file": _file("tambah.csv", csv_bytes(rows))},
    )

    # The row updates the office's existing place (3rd, shared) and moves it onto the 1st.
    assert result_errors(preview) == [
        "Row 2, column “Position”: Terbaik Pertama of category SKPD is already held by Dinas Kesehatan. "
        "Only if both hold this one place jointly, tick “shared place” on each of them.",
    ]


def test_errors_in_indonesian_by_default(committee_client, demo):
    rows = [
        ["Acara", "Award", "Category", "Peringkat", "Nama instansi"],
        [TITLE, WEBSITE, "SKPD", "kesatu", "Dinas Kesehatan"],
    ]

    preview = upload(committee_client, "awards_ranking", "salah.csv", csv_bytes(rows))

    [error] = result_errors(preview)
    assert error.startswith("Baris 2, kolom “Peringkat”: ")


def test_wrong_headers_name_what_is_missing(english, demo):
    rows = [["Event", "Award", "Posisi", "Office"], [TITLE, WEBSITE, "1", "Dinas Kesehatan"]]

    preview = english.post(
        reverse("admin:awards_ranking_import"),
        {"resource": "0", "format": "1", "import_file": _file("salah.csv", csv_bytes(rows))},
    )

    [error] = result_errors(preview)
    assert error.startswith("Unknown columns: “Posisi”, “Office”; columns missing: Position, Office name.")
    assert "The columns are: Event, Year, Date, Award, Channel, Category, Level, Position" in error
    assert "Traceback" not in preview.content.decode()


def test_a_column_the_import_does_not_know_refuses_the_file(demo):
    rows = [
        ["Event", "Award", "Kategory", "Position", "Office name"],
        [TITLE, WEBSITE, "SKPD", "1", "Dinas Kesehatan"],
    ]

    _result, errors = run(rows, dry_run=False)

    assert errors == (
        "Unknown columns: “Kategory”. Nothing was imported. The columns are: Event, Year, Date, Award, "
        "Channel, Category, Level, Position, Printed title, Shared place, Office name, Office kind, "
        "Short name, Parent office, Score, Citation."
    )
    assert Ranking.objects.count() == 18


def test_channel_office_kind_and_printed_title_must_agree_with_the_row(demo):
    rows = [
        ["Event", "Award", "Channel", "Category", "Position", "Printed title", "Office name", "Office kind"],
        [TITLE, WEBSITE, "Instagram", "SKPD", "1", "Terbaik Pertama", "Prokompim", "SKPD"],
        [
            TITLE,
            WEBSITE,
            "website",
            "SKPD",
            "2",
            "Terbaik Pertama",
            "Dinas Komunikasi, Informatika dan Statistik",
            "",
        ],
        [TITLE, WEBSITE, "Website", "Kelurahan", "3", "", "Basirih Selatan", "Kecamatan"],
    ]

    _result, errors = run(rows)

    assert errors.splitlines() == [
        "Row 2, column “Channel”: Award Terbaik Pengelolaan Website is given for channel Website, not "
        "“Instagram”.",
        "Row 3, column “Printed title”: “Terbaik Pertama” does not match the place the row gives, which "
        "prints “Terbaik Kedua”.",
        "Row 4, column “Office kind”: Unknown office kind “Kecamatan”; use SKPD or Kelurahan.",
    ]


# --- the shapes of other governments ----------------------------------------------------------


@pytest.fixture
def ppid():
    """An award without a channel, one category “OPD” open to SKPD and Kelurahan, 3 places and 3
    honourable mentions, given in digits (Juara 1); the day unknown."""
    event = EventFactory(
        title="Anugerah Keterbukaan Informasi 2023",
        slug="keterbukaan-2023",
        year=2023,
        held_on=None,
        place_word="Juara",
        place_numbering="digits",
    )
    award = AwardFactory(event=event, title="Anugerah Keterbukaan Informasi Publik", channel=None)
    CategoryFactory(
        award=award, title="OPD", kinds=[OfficeKind.SKPD, OfficeKind.KELURAHAN], places=3, mentions=3
    )
    return event


def test_award_without_channel_mixed_category_and_honourable_mentions(ppid):
    offices = [OfficeFactory(name=f"Dinas PPID {n}") for n in range(5)]
    Office.objects.create(name="Pelambuan", kind=kind(OfficeKind.KELURAHAN))
    award = "Anugerah Keterbukaan Informasi Publik"
    rows = [
        ["Event", "Award", "Channel", "Level", "Position", "Office name", "Shared place"],
        [ppid.slug, award, "", "", "Juara 1", "Kelurahan Pelambuan", ""],
        [ppid.slug, award, "", "", "2", offices[0].name, ""],
        [ppid.slug, award, "", "Juara", "3", offices[1].name, ""],
        [ppid.slug, award, "", "", "Harapan 1", offices[2].name, ""],
        [ppid.slug, award, "", "Harapan", "2", offices[3].name, "ya"],
        [ppid.slug, award, "", "Honourable mention", "Harapan 2 (bersama)", offices[4].name, ""],
    ]

    result, errors = run(rows, dry_run=False)

    assert errors == ""
    assert result.totals["new"] == 6
    placed = Ranking.objects.filter(award__event=ppid).in_display_order().select_related("office")
    assert [(r.office.display_name, r.level, r.position, r.is_shared, r.title) for r in placed] == [
        ("Kelurahan Pelambuan", RankingLevel.PLACE, 1, False, "Juara 1"),
        (offices[0].name, RankingLevel.PLACE, 2, False, "Juara 2"),
        (offices[1].name, RankingLevel.PLACE, 3, False, "Juara 3"),
        (offices[2].name, RankingLevel.MENTION, 1, False, "Harapan 1"),
        (offices[3].name, RankingLevel.MENTION, 2, True, "Harapan 2 (bersama)"),
        (offices[4].name, RankingLevel.MENTION, 2, True, "Harapan 2 (bersama)"),
    ]


def test_shared_mention_needs_every_holder_shared_and_mentions_are_bounded(ppid):
    offices = [OfficeFactory(name=f"Dinas PPID {n}") for n in range(3)]
    award = "Anugerah Keterbukaan Informasi Publik"
    rows = [
        ["Event", "Award", "Position", "Office name"],
        [ppid.slug, award, "Harapan 2", offices[0].name],
        [ppid.slug, award, "Harapan 2 (bersama)", offices[1].name],
        [ppid.slug, award, "Harapan 4", offices[2].name],
    ]

    _result, errors = run(rows)

    assert errors.splitlines() == [
        "Row 3, column “Position”: Harapan 2 of category OPD is already held by Dinas PPID 0. Only if both "
        "hold this one place jointly, tick “shared place” on each of them.",
        "Row 4, column “Position”: Honourable mention 4 is above the 3 honourable mentions of category OPD.",
    ]


def test_level_column_that_contradicts_the_position_is_an_error(ppid):
    office = OfficeFactory()
    rows = [
        ["Event", "Award", "Level", "Position", "Office name"],
        [ppid.slug, "Anugerah Keterbukaan Informasi Publik", "Juara", "Harapan 1", office.name],
        [ppid.slug, "Anugerah Keterbukaan Informasi Publik", "Runner-up", "1", office.name],
    ]

    _result, errors = run(rows)

    assert errors.splitlines() == [
        "Row 2, column “Position”: “Harapan 1” is not of the level “Juara” the row gives.",
        "Row 3, column “Level”: “Runner-up” is not a level; write “Juara” for a place or “Harapan” for an "
        "honourable mention.",
    ]


def test_five_places_beside_three_in_one_event():
    event = EventFactory(title="Evaluasi Inovasi 2022", slug="inovasi-2022")
    five = AwardFactory(event=event, title="Inovasi Daerah")
    CategoryFactory(award=five, title="SKPD", kinds=[OfficeKind.SKPD], places=5)
    three = AwardFactory(event=event, title="Pelayanan Publik")
    CategoryFactory(award=three, title="SKPD", kinds=[OfficeKind.SKPD], places=3)
    office = OfficeFactory(name="Dinas Pekerjaan Umum")
    rows = [
        ["Event", "Award", "Position", "Office name"],
        [event.slug, "Inovasi Daerah", "Terbaik Kelima", office.name],
        [event.slug, "Pelayanan Publik", "5", office.name],
    ]

    _result, errors = run(rows)
    assert errors == "Row 3, column “Position”: Position 5 is above the 3 places of category SKPD."

    _result, errors = run(rows[:2], dry_run=False)
    assert errors == ""
    assert Ranking.objects.get(award=five).position == 5


def test_two_categories_of_one_kind_in_one_award_and_kapanewon_offices():
    event = EventFactory(title="Penghargaan Sleman 2022", slug="sleman-2022", held_on=None)
    award = AwardFactory(event=event, title="Anugerah Inovasi")
    opd = CategoryFactory(award=award, title="OPD", kinds=[OfficeKind.SKPD], places=3)
    kapanewon = CategoryFactory(award=award, title="Kapanewon", kinds=[OfficeKind.SKPD], places=3)
    kalurahan_award = AwardFactory(event=event, title="Anugerah Kalurahan")
    kalurahan = CategoryFactory(award=kalurahan_award, title="Kalurahan", kinds=["kalurahan"], places=3)
    dinas = OfficeFactory(name="Dinas Kesehatan")
    depok = OfficeFactory(name="Kapanewon Depok")
    caturtunggal = Office.objects.create(name="Caturtunggal", kind=kind("kalurahan"))
    rows = [
        ["Event", "Award", "Category", "Position", "Office name"],
        [event.title, "Anugerah Inovasi", "OPD", "1", "Dinas Kesehatan"],
        [event.title, "Anugerah Inovasi", "Kapanewon", "1", "Kapanewon Depok"],
        [event.title, "Anugerah Kalurahan", "", "Terbaik Pertama", "Kalurahan Caturtunggal"],
    ]

    result, errors = run(rows, dry_run=False)

    assert errors == ""
    assert result.totals["new"] == 3
    assert {
        (r.category, r.office, r.position, r.is_shared) for r in Ranking.objects.filter(award__event=event)
    } == {
        (opd, dinas, 1, False),
        (kapanewon, depok, 1, False),
        (kalurahan, caturtunggal, 1, False),
    }
    content = winner_list_file(Ranking.objects.filter(award__event=event), "csv").decode("utf-8-sig")
    assert "Kalurahan Caturtunggal" in content
    assert "Kalurahan Kalurahan" not in content


def test_office_found_by_short_name_and_former_name_and_renamed_office_keeps_its_places(demo):
    dinas = Office.objects.get(name="Dinas Komunikasi, Informatika dan Statistik")
    OfficeFormerName.objects.create(office=dinas, name="Dinas Komunikasi dan Informatika")
    rows = [
        HEADER,
        [TITLE, WEBSITE, "SKPD", "1", "", "Prokompim", "", ""],
        [TITLE, WEBSITE, "SKPD", "2", "", "Dinas Komunikasi dan Informatika", "90", ""],
    ]

    result, errors = run(rows, dry_run=False)

    assert errors == ""
    assert [r.import_type for r in result.rows] == ["skip", "update"]
    assert Ranking.objects.get(office=dinas, award__title=WEBSITE).score == Decimal("90.00")


def test_office_matched_within_the_kinds_the_category_admits():
    event = EventFactory()
    award = AwardFactory(event=event, title="Terbaik Website")
    CategoryFactory(award=award, title="Kelurahan", kinds=[OfficeKind.KELURAHAN])
    mixed = AwardFactory(event=event, title="Terbaik Umum")
    CategoryFactory(award=mixed, title="Umum", kinds=[OfficeKind.SKPD, OfficeKind.KELURAHAN])
    skpd = Office.objects.create(name="Pelambuan", kind=kind(OfficeKind.SKPD))
    kelurahan = Office.objects.create(name="Pelambuan", kind=kind(OfficeKind.KELURAHAN))
    rows = [
        ["Event", "Award", "Position", "Office name"],
        [event.slug, "Terbaik Website", "1", "Pelambuan"],
        [event.slug, "Terbaik Umum", "1", "pelambuan"],
    ]

    result, errors = run(rows)

    assert result.rows[0].instance.office == kelurahan
    assert errors == (
        "Row 3, column “Office name”: “pelambuan” names more than one office "
        f"({kelurahan.slug}, {skpd.slug}); write the slug instead."
    )


def test_event_without_a_date_round_trips():
    event = EventFactory(title="Evaluasi 2019", slug="evaluasi-2019", year=2019, held_on=None)
    award = AwardFactory(event=event, title="Terbaik Website")
    CategoryFactory(award=award, title="SKPD", kinds=[OfficeKind.SKPD])
    OfficeFactory(name="Dinas Kesehatan")
    rows = [
        ["Event", "Award", "Position", "Office name"],
        [event.slug, "Terbaik Website", "1", "Dinas Kesehatan"],
    ]
    run(rows, dry_run=False)

    with translation.override("en"):
        content = winner_list_file(Ranking.objects.filter(award__event=event), "csv")
    dataset = read_sheet(content, "csv")
    assert dataset.dict[0]["Date"] == ""
    assert dataset.dict[0]["Year"] == "2019"
    assert "2000" not in content.decode("utf-8-sig")
    result = RankingResource().import_data(dataset, dry_run=True)
    assert (import_errors_text(result), result.totals["skip"]) == ("", 1)


# --- admin, queries, history ------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 40])
def test_import_queries_do_not_grow_with_rows(django_assert_num_queries, count):
    event = EventFactory()
    award = AwardFactory(event=event, title="Terbaik Website")
    CategoryFactory(award=award, title="SKPD", kinds=[OfficeKind.SKPD], places=count)
    offices = [OfficeFactory() for _ in range(count)]
    rows = [HEADER] + [
        [event.slug, award.title, "SKPD", str(n), "", o.name, "", ""] for n, o in enumerate(offices, 1)
    ]
    dataset = read_sheet(csv_bytes(rows), "csv")

    # Dry run: savepoints; events; the named events; awards and their categories; the categories'
    # kinds; the office kinds; offices and former names (one query); the offices named; the
    # event's places; the locks on finalised places of the named awards; rollback.
    # event_places_check is given the categories and kinds read above, so it reads none again.
    # Literal at both sizes.
    with django_assert_num_queries(13):
        dry = RankingResource().import_data(dataset, dry_run=True)
    # Confirm: the same reads (the events locked), one INSERT per batch and one of its history
    # records, the event's “last changed” time, three small final checks, the savepoints, and the
    # locks on finalised places twice (the rows' check, then the bulk write's own guard).
    with django_assert_num_queries(23):
        done = RankingResource().import_data(dataset, dry_run=False)

    assert (dry.totals["new"], done.totals["new"]) == (count, count)
    assert Ranking.objects.count() == count


def test_import_without_permission_is_403(client, demo):
    user = make_committee_member(username="tanpa-impor")
    user.groups.clear()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="awards").exclude(codename="import_ranking")
    )
    client.force_login(user)

    page = client.get(reverse("admin:awards_ranking_import"))
    post = upload(client, "awards_ranking", "x.csv", csv_bytes([HEADER]))
    process = client.post(reverse("admin:awards_ranking_process_import"), {})

    assert (page.status_code, post.status_code, process.status_code) == (403, 403, 403)
    assert Ranking.objects.count() == 18


def test_import_page_for_committee_lists_columns(committee_client):
    response = committee_client.get(reverse("admin:awards_ranking_import"))

    assert response.status_code == 200
    [(name, columns)] = response.context["fields_list"]
    assert name == "Peringkat (daftar pemenang)"
    assert columns == [
        "Acara *",
        "Tahun",
        "Tanggal",
        "Penghargaan *",
        "Kanal",
        "Kategori",
        "Tingkat",
        "Peringkat *",
        "Sebutan tercetak",
        "Peringkat bersama",
        "Nama instansi *",
        "Jenis instansi",
        "Nama singkat",
        "Instansi induk",
        "Nilai",
        "Keterangan",
    ]


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_import_can_swap_two_places(committee_client, demo):
    rows = [
        HEADER,
        [TITLE, WEBSITE, "SKPD", "2", "", "Bagian Protokol dan Komunikasi Pimpinan", "", ""],
        [TITLE, WEBSITE, "SKPD", "1", "", "Dinas Komunikasi, Informatika dan Statistik", "", ""],
    ]

    preview = upload(committee_client, "awards_ranking", "tukar.csv", csv_bytes(rows))
    assert result_errors(preview) == []
    confirm(committee_client, "awards_ranking", preview)

    website_skpd = Ranking.objects.filter(award__title=WEBSITE, category__title="SKPD").order_by("position")
    assert [(r.position, r.office.name, r.is_shared) for r in website_skpd] == [
        (1, "Dinas Komunikasi, Informatika dan Statistik", False),
        (2, "Bagian Protokol dan Komunikasi Pimpinan", False),
        (3, "Dinas Kependudukan dan Pencatatan Sipil", False),
    ]


def test_import_is_recorded_in_history(committee_client, committee_member, demo):
    content = winner_list_file(Ranking.objects.filter(award__event=demo), "csv")
    Ranking.objects.filter(office__name="Kelayan Barat").delete()

    preview = upload(committee_client, "awards_ranking", "pemenang.csv", content)
    confirm(committee_client, "awards_ranking", preview)

    place = Ranking.objects.get(office__name="Kelayan Barat")
    records = list(
        place.history.values_list("history_type", "history_user__username", "history_change_reason")
    )
    assert records == [("+", committee_member.username, "import")]


def test_import_is_shown_on_the_public_page(committee_client, demo):
    public = Client()
    event_page = demo.get_absolute_url()
    content = winner_list_file(Ranking.objects.filter(award__event=demo), "csv")
    Ranking.objects.filter(office__name="Kelayan Barat").delete()
    before = public.get(event_page).content.decode()  # now in the page cache, without the place

    event_publish(event=demo, reason="Uji: tanpa Kelayan Barat")
    before = public.get(event_page).content.decode()  # now in the page cache, without the place

    preview = upload(committee_client, "awards_ranking", "pemenang.csv", content)
    confirm(committee_client, "awards_ranking", preview)
    # The import changes the draft; the public sees it once the correction is published.
    assert "Kelurahan Kelayan Barat</a>" not in public.get(event_page).content.decode()
    event_publish(event=demo, reason="Ralat: Kelayan Barat dari daftar pemenang")

    assert "Kelurahan Kelayan Barat</a>" not in before
    assert "Kelurahan Kelayan Barat</a>" in public.get(event_page).content.decode()


def test_awards_and_categories_are_never_created_by_the_import(demo):
    counts = (Award.objects.count(), Category.objects.count(), EvaluationEvent.objects.count())
    rows = [HEADER, [TITLE, "Terbaik Pengelolaan YouTube", "SKPD", "1", "", "Dinas Kesehatan", "", ""]]

    _result, errors = run(rows, dry_run=False)

    assert "enter the award in the admin first" in errors
    assert (Award.objects.count(), Category.objects.count(), EvaluationEvent.objects.count()) == counts


def test_a_channel_given_for_an_award_without_one_is_an_error(ppid):
    office = OfficeFactory()
    rows = [
        ["Event", "Award", "Channel", "Position", "Office name"],
        [ppid.slug, "Anugerah Keterbukaan Informasi Publik", "Website", "1", office.name],
    ]

    _result, errors = run(rows)

    assert errors == (
        "Row 2, column “Channel”: Award Anugerah Keterbukaan Informasi Publik has no channel; leave the "
        "column empty (not “Website”)."
    )
