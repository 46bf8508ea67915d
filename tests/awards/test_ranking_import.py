from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awards.models import EvaluationEvent, Ranking
from awards.resources import RankingResource, winner_list_file
from common.spreadsheets import import_errors_text, read_sheet
from offices.models import Office, OfficeKind
from tests.factories import EventFactory, OfficeFactory, make_committee_member
from tests.spreadsheets import confirm, csv_bytes, result_errors, upload

pytestmark = pytest.mark.django_db

HEADER = ["Event", "Channel", "Office kind", "Position", "Shared place", "Office name", "Score", "Citation"]
TITLE = "Evaluasi Smart City Kota Banjarmasin 2021"


@pytest.fixture
def demo():
    call_command("load_demo")
    return EvaluationEvent.objects.get(slug="evaluasi-smart-city-2021")


@pytest.fixture
def english(committee_client):
    committee_client.cookies["django_language"] = "en"
    return committee_client


def table():
    rankings = Ranking.objects.select_related("event", "channel", "office").order_by("pk")
    return sorted(
        (
            r.event.slug,
            r.channel.code,
            r.office.slug,
            r.office_kind,
            r.position,
            r.is_shared,
            r.score,
            r.citation,
        )
        for r in rankings
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "ods"])
def test_round_trip_export_then_import_into_empty_places(committee_client, demo, fmt):
    Ranking.objects.filter(office__name="Dinas Kesehatan").update(
        score=Decimal("91.25"), citation="=1+1 teks"
    )
    before = table()
    content = winner_list_file(Ranking.objects.filter(event=demo), fmt)
    Ranking.objects.all().delete()

    preview = upload(committee_client, "awards_ranking", f"pemenang-evaluasi-smart-city-2021.{fmt}", content)
    assert preview.status_code == 200
    assert result_errors(preview) == []
    assert preview.context["result"].totals["new"] == 18
    assert Ranking.objects.count() == 0
    done = confirm(committee_client, "awards_ranking", preview)

    assert done.status_code == 302
    assert done["Location"] == reverse("admin:awards_ranking_changelist")
    assert table() == before


def test_reimport_of_unchanged_list_skips_and_changed_score_updates(committee_client, demo):
    rows = [HEADER, [TITLE, "website", "SKPD", "1", "tidak", "Prokompim-less name", "", ""]]
    rows[1][5] = "bagian-protokol-dan-komunikasi-pimpinan"  # by slug
    rows.append(
        [demo.slug, "Website", "kelurahan", "1", "", "  kelurahan   PELAMBUAN ", "88,5", "Situs rapi"]
    )
    rows.append([demo.slug, "WEBSITE", "Kelurahan", "2", "no", "Pekapuran Raya", "", ""])

    preview = upload(committee_client, "awards_ranking", "ubah.csv", csv_bytes(rows))
    assert result_errors(preview) == []
    assert [r.import_type for r in preview.context["result"].rows] == ["skip", "update", "skip"]
    confirm(committee_client, "awards_ranking", preview)

    pelambuan = Ranking.objects.get(office__name="Pelambuan", channel__code="website")
    assert (pelambuan.position, pelambuan.score, pelambuan.citation) == (1, Decimal("88.50"), "Situs rapi")
    assert Ranking.objects.count() == 18


def test_every_bad_row_is_reported_and_nothing_is_written(english, demo):
    event = EventFactory(title="Evaluasi 2022", slug="evaluasi-2022", places_per_category=2)
    rows = [
        HEADER,
        ["Evaluasi 2022", "website", "SKPD", "1", "", "Dinas Kesehatan", "", ""],  # fine
        ["Evaluasi 2099", "website", "SKPD", "2", "", "Dinas Kesehatan", "", ""],
        ["evaluasi-2022", "tiktok", "SKPD", "1", "", "Dinas Kesehatan", "", ""],
        ["evaluasi-2022", "instagram", "SKPD", "satu", "", "Dinas Rahasia", "8O", ""],
        [
            "evaluasi-2022",
            "instagram",
            "Kecamatan",
            "2",
            "mungkin",
            "Dinas Kependudukan dan Pencatatan Sipil",
            "-1",
            "",
        ],
        ["evaluasi-2022", "instagram", "SKPD", "3", "", "Dinas Kesehatan", "1.234", ""],
        ["evaluasi-2022", "website", "SKPD", "2", "", "Dinas Kesehatan", "", ""],  # office twice
        [
            "evaluasi-2022",
            "website",
            "SKPD",
            "1",
            "",
            "Dinas Kebudayaan dan Pariwisata",
            "",
            "",
        ],  # place taken
        ["evaluasi-2022", "facebook", "Kelurahan", "1", "", "Dinas Kesehatan", "", ""],  # wrong kind
    ]

    preview = english.post(
        reverse("admin:awards_ranking_import"),
        {"resource": "0", "format": "1", "import_file": _file("salah.csv", csv_bytes(rows))},
    )

    assert result_errors(preview) == [
        "Row 3, column “Event”: No event “Evaluasi 2099” (give its title or its slug).",
        "Row 4, column “Channel”: No channel “tiktok”; known: Facebook, Instagram, Website.",
        "Row 5, column “Position”: “satu” is not a whole number.",
        "Row 5, column “Score”: “8O” is not a number.",
        "Row 5, column “Office name”: No office “Dinas Rahasia”; add it to the offices first.",
        "Row 6, column “Shared place”: “mungkin” is not yes or no (ya/tidak).",
        "Row 6, column “Score”: The score may not be negative.",
        "Row 6, column “Office kind”: Unknown office kind “Kecamatan”; use SKPD or Kelurahan.",
        "Row 7, column “Score”: A score has at most two decimals.",
        "Row 7, column “Position”: Position 3 is above this event's 2 places per category.",
        "Row 8, column “Office name”: Dinas Kesehatan already holds a place in Website in this event "
        "(row 2).",
        "Row 9, column “Position”: Position 1 of Website — SKPD is already held by Dinas Kesehatan. "
        "Tick “shared place” on every holder if it is a joint place.",
        "Row 10, column “Office kind”: Dinas Kesehatan is a SKPD office.",
    ]
    assert "confirm_form" not in preview.context
    assert event.rankings.count() == 0


def test_update_onto_a_taken_place_reports_the_clash(english, demo):
    rows = [HEADER, [TITLE, "Instagram", "SKPD", "1", "", "Dinas Kebudayaan dan Pariwisata", "", ""]]

    preview = english.post(
        reverse("admin:awards_ranking_import"),
        {"resource": "0", "format": "1", "import_file": _file("tambah.csv", csv_bytes(rows))},
    )

    # The row updates the office's existing place (3rd, shared) and moves it onto the 1st.
    assert result_errors(preview) == [
        "Row 2, column “Position”: Position 1 of Instagram — SKPD is already held by Dinas Kesehatan. "
        "Tick “shared place” on every holder if it is a joint place.",
    ]


def test_errors_in_indonesian_by_default(committee_client, demo):
    rows = [
        ["Acara", "Kanal", "Peringkat", "Nama instansi"],
        [TITLE, "Website", "pertama", "Dinas Kesehatan"],
    ]

    preview = upload(committee_client, "awards_ranking", "salah.csv", csv_bytes(rows))

    assert result_errors(preview) == ["Baris 2, kolom “Peringkat”: “pertama” bukan bilangan bulat."]


def test_wrong_headers_name_what_is_missing(english, demo):
    rows = [["Event", "Kanal", "Posisi", "Office"], [TITLE, "Website", "1", "Dinas Kesehatan"]]

    preview = english.post(
        reverse("admin:awards_ranking_import"),
        {"resource": "0", "format": "1", "import_file": _file("salah.csv", csv_bytes(rows))},
    )

    assert result_errors(preview) == [
        "Columns missing: Position, Office name. The first row must name the columns: Event, Channel, "
        "Office kind, Position, Shared place, Office name, Score, Citation."
    ]
    assert "Traceback" not in preview.content.decode()


def test_shared_places_and_position_words_column_ignored(committee_client, demo):
    content = winner_list_file(Ranking.objects.filter(event=demo), "xlsx")
    Ranking.objects.filter(channel__code="facebook").delete()
    dataset = read_sheet(content, "xlsx")

    result = RankingResource().import_data(dataset, dry_run=False)

    assert import_errors_text(result) == ""
    assert result.totals["new"] == 6
    assert result.totals["skip"] == 12
    assert Ranking.objects.get(office__name="Dinas Kebudayaan dan Pariwisata").is_shared is True


@pytest.mark.parametrize("count", [10, 40])
def test_import_queries_do_not_grow_with_rows(django_assert_num_queries, count):
    event = EventFactory(places_per_category=count)
    offices = [OfficeFactory() for _ in range(count)]
    rows = [HEADER] + [
        [event.slug, "website", "SKPD", str(n), "", o.name, "", ""] for n, o in enumerate(offices, 1)
    ]
    dataset = read_sheet(csv_bytes(rows), "csv")

    # Dry run: a savepoint; events, channels, offices; the events again and their places; the
    # savepoint rolled back and released (8).
    with django_assert_num_queries(8):
        dry = RankingResource().import_data(dataset, dry_run=True)
    # Confirm: a savepoint and the same five reads (the events locked); two nested savepoints
    # around one INSERT per batch, one of its history records and the event's “last changed”
    # time; two small final checks; the three savepoints released (16).
    with django_assert_num_queries(16):
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
    assert response.context["fields_list"] == [
        (
            "Peringkat (daftar pemenang)",
            [
                "Acara *",
                "Kanal *",
                "Jenis instansi",
                "Peringkat *",
                "Peringkat bersama",
                "Nama instansi *",
                "Nilai",
                "Keterangan",
            ],
        )
    ]


def test_office_matched_by_display_name_within_kind():
    event = EventFactory()
    skpd = Office.objects.create(name="Pelambuan", kind_id=OfficeKind.SKPD)
    kelurahan = Office.objects.create(name="Pelambuan", kind_id=OfficeKind.KELURAHAN)
    rows = [
        HEADER,
        [event.slug, "website", "Kelurahan", "1", "", "Pelambuan", "", ""],
        [event.slug, "instagram", "", "1", "", "Kelurahan Pelambuan", "", ""],
        [event.slug, "facebook", "", "1", "", "pelambuan", "", ""],
    ]

    with translation.override("en"):
        result = RankingResource().import_data(read_sheet(csv_bytes(rows), "csv"), dry_run=True)
        errors = import_errors_text(result)

    assert [r.instance.office for r in result.rows[:2]] == [kelurahan, kelurahan]
    assert errors == (
        "Row 4, column “Office name”: “pelambuan” names more than one office "
        f"({kelurahan.slug}, {skpd.slug}); write the slug instead."
    )


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_round_trip_through_office_register_and_winner_list_into_empty_tables(committee_client, demo):
    from offices.resources import office_register_file

    before = table()
    register = office_register_file(Office.objects.all(), "ods")
    winners = winner_list_file(Ranking.objects.filter(event=demo), "xlsx")
    Ranking.objects.all().delete()
    Office.objects.filter(parent__isnull=False).delete()
    Office.objects.all().delete()

    offices = upload(committee_client, "offices_office", "instansi.ods", register)
    assert result_errors(offices) == []
    confirm(committee_client, "offices_office", offices)
    places = upload(committee_client, "awards_ranking", "pemenang.xlsx", winners)
    assert result_errors(places) == []
    confirm(committee_client, "awards_ranking", places)

    assert table() == before
    assert Office.objects.get(short_name="Prokompim").parent.name == "Sekretariat Daerah"


def test_import_can_swap_two_places(committee_client, demo):
    rows = [
        HEADER,
        [TITLE, "Website", "SKPD", "2", "", "Bagian Protokol dan Komunikasi Pimpinan", "", ""],
        [TITLE, "Website", "SKPD", "1", "", "Dinas Komunikasi, Informatika dan Statistik", "", ""],
    ]

    preview = upload(committee_client, "awards_ranking", "tukar.csv", csv_bytes(rows))
    assert result_errors(preview) == []
    confirm(committee_client, "awards_ranking", preview)

    website_skpd = Ranking.objects.filter(channel__code="website", office_kind="skpd").order_by("position")
    assert [(r.position, r.office.name, r.is_shared) for r in website_skpd] == [
        (1, "Dinas Komunikasi, Informatika dan Statistik", False),
        (2, "Bagian Protokol dan Komunikasi Pimpinan", False),
        (3, "Dinas Kependudukan dan Pencatatan Sipil", False),
    ]


def test_import_is_recorded_in_history_and_shown_on_the_public_page(committee_client, committee_member, demo):
    public = Client()
    event_page = demo.get_absolute_url()
    content = winner_list_file(Ranking.objects.filter(event=demo), "csv")
    Ranking.objects.filter(office__name="Kelayan Barat").delete()
    before = public.get(event_page).content.decode()  # now in the page cache, without the place

    preview = upload(committee_client, "awards_ranking", "pemenang.csv", content)
    confirm(committee_client, "awards_ranking", preview)

    place = Ranking.objects.get(office__name="Kelayan Barat")
    records = list(
        place.history.values_list("history_type", "history_user__username", "history_change_reason")
    )
    assert records == [("+", committee_member.username, "import")]
    assert "Kelurahan Kelayan Barat" not in before
    assert "Kelurahan Kelayan Barat" in public.get(event_page).content.decode()
