import datetime
from dataclasses import asdict

import pytest

from awards.models import Signatory
from awards.words import ordinal_words
from common.words import indonesian_date
from offices.models import Channel, Government, Office, OfficeKind
from offices.services import office_save
from results.certificates.place_text import place_text
from tests.factories import EventFactory, OfficeFactory, RankingFactory


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2021, 11, 2), "2 November 2021"),
        (datetime.date(2022, 1, 31), "31 Januari 2022"),
        (datetime.date(2022, 2, 1), "1 Februari 2022"),
        (datetime.date(2022, 3, 9), "9 Maret 2022"),
        (datetime.date(2022, 5, 17), "17 Mei 2022"),
        (datetime.date(2022, 6, 1), "1 Juni 2022"),
        (datetime.date(2022, 7, 1), "1 Juli 2022"),
        (datetime.date(2022, 8, 17), "17 Agustus 2022"),
        (datetime.date(2022, 10, 28), "28 Oktober 2022"),
        (datetime.date(2022, 12, 25), "25 Desember 2022"),
    ],
)
def test_indonesian_date(day, expected):
    assert indonesian_date(day) == expected


def test_indonesian_date_does_not_follow_active_language():
    from django.utils import translation

    with translation.override("en"):
        assert indonesian_date(datetime.date(2021, 8, 17)) == "17 Agustus 2021"


def test_ordinal_words():
    assert [ordinal_words(n) for n in (1, 2, 3, 4, 5, 10, 11, 12, 20, 21, 100)] == [
        "Pertama",
        "Kedua",
        "Ketiga",
        "Keempat",
        "Kelima",
        "Kesepuluh",
        "Kesebelas",
        "Kedua Belas",
        "Kedua Puluh",
        "Kedua Puluh Satu",
        "Keseratus",
    ]


def test_ordinal_words_out_of_range():
    with pytest.raises(ValueError, match="position out of range: 0"):
        ordinal_words(0)


@pytest.mark.django_db
def test_place_text_of_kelurahan_place():
    event = EventFactory(title="Evaluasi Smart City Kota Banjarmasin 2021")
    office = OfficeFactory(name="Pelambuan", kind=OfficeKind.KELURAHAN)
    ranking = RankingFactory(
        event=event, office=office, channel=Channel.objects.get(code="instagram"), position=2
    )

    text = place_text(ranking, [])

    assert text.office == "Kelurahan Pelambuan"
    assert text.category == "Terbaik Kedua Pengelolaan Instagram — Kategori Kelurahan"
    assert text.discipline == "Pengelolaan Instagram — Kategori Kelurahan"
    assert text.where_when == "Aula Kayuh Baimbai, Banjarmasin, 2 November 2021"
    assert text.city_line == "PEMERINTAH KOTA BANJARMASIN"
    assert (text.year, text.signatories, text.logo_name) == ("2021", (), "")


@pytest.mark.parametrize(
    ("name", "kind", "initials"),
    [
        ("Dinas Kesehatan", OfficeKind.SKPD, "DK"),
        ("Bagian Protokol dan Komunikasi Pimpinan", OfficeKind.SKPD, "BP"),
        ("Pelambuan", OfficeKind.KELURAHAN, "PE"),
        ("Pekapuran Raya", OfficeKind.KELURAHAN, "PR"),
        ("Kelurahan Sungai Baru", OfficeKind.KELURAHAN, "SB"),
    ],
)
def test_office_initials(name, kind, initials):
    assert Office(name=name, kind_id=kind).initials == initials


# --- the shapes of issue 13 (tests/awards/certificates/conftest.py)


def _texts(shapes, event):
    return {name: place_text(ranking, []) for name, ranking in shapes.places(event).items()}


def test_award_without_channel_prints_no_channel(shapes):
    texts = _texts(shapes, shapes.ppid)

    first = texts["Dinas Komunikasi dan Informatika"]
    assert first.position == "Juara 1"
    assert first.category == "Juara 1 Anugerah Keterbukaan Informasi Publik — Kategori OPD"
    assert first.discipline == "Anugerah Keterbukaan Informasi Publik — Kategori OPD"
    assert {text.channel for text in texts.values()} == {""}
    assert not any("None" in str(value) for text in texts.values() for value in asdict(text).values())


def test_event_without_date_prints_its_year_only(shapes):
    texts = _texts(shapes, shapes.ppid)

    assert {(text.date, text.where_when, text.year) for text in texts.values()} == {
        ("2023", "Kabupaten Sleman, 2023", "2023")
    }
    words = " ".join(str(value) for text in texts.values() for value in asdict(text).values())
    assert "Januari" not in words
    assert "2000" not in words


def test_honourable_mentions_print_harapan_never_a_fourth_place(shapes):
    ppid, media = _texts(shapes, shapes.ppid), _texts(shapes, shapes.media)

    assert ppid["Kapanewon Kalasan"].category == (
        "Harapan 1 Anugerah Keterbukaan Informasi Publik — Kategori Kapanewon"
    )
    # A category named like its award is not printed twice.
    assert ppid["Sekretariat DPRD"].category == "Harapan 1 Anugerah PPID"
    assert ppid["Sekretariat DPRD"].position == "Harapan 1"
    assert media["Kelurahan Sungai Baru"].category == "Harapan 2 Pengelolaan Website — Kategori Kelurahan"
    mentions = [
        place_text(place, []).category
        for event in (shapes.ppid, shapes.media)
        for place in shapes.places(event).values()
        if place.is_mention
    ]
    assert len(mentions) == 3
    assert all(words.startswith("Harapan ") and "Keempat" not in words for words in mentions)


def test_two_categories_of_one_award_and_a_place_in_digits(shapes):
    texts = _texts(shapes, shapes.ppid)

    assert (
        texts["Kapanewon Depok"].category
        == "Juara 2 Anugerah Keterbukaan Informasi Publik — Kategori Kapanewon"
    )
    assert texts["Kapanewon Mlati"].position == "Juara 1"
    assert texts["Dinas Pendidikan"].position == texts["Dinas Pariwisata"].position == "Juara 3 (bersama)"
    assert texts["Dinas Perhubungan"].position == "Juara 5"


def test_category_open_to_two_kinds_in_one_ranking(shapes):
    places = list(shapes.places(shapes.ppid).values())
    mixed = [
        (p.office.display_name, place_text(p, []).position)
        for p in places
        if p.award.title == "Anugerah PPID"
    ]

    assert mixed == [
        ("Kalurahan Caturtunggal", "Juara 1"),
        ("Dinas Sosial", "Juara 2"),
        ("Dinas Pertanian", "Juara 3"),
        ("Sekretariat DPRD", "Harapan 1"),
    ]


def test_kind_prefix_printed_once(shapes):
    texts = _texts(shapes, shapes.ppid)

    assert texts["Kalurahan Caturtunggal"].office == "Kalurahan Caturtunggal"
    assert texts["Kapanewon Depok"].office == "Kapanewon Depok"
    assert not any(
        text.office.count("Kalurahan") > 1 or text.office.count("Kapanewon") > 1 for text in texts.values()
    )
    assert _texts(shapes, shapes.media)["Kelurahan Pelambuan"].office == "Kelurahan Pelambuan"


def test_five_places_beside_three_in_one_event(shapes):
    texts = _texts(shapes, shapes.media)

    assert texts["Dinas Contoh Lima 5"].category == "Terbaik Kelima Pengelolaan Website — Kategori SKPD"
    assert texts["Kelurahan Pelambuan"].category == "Terbaik Pertama Pengelolaan Website — Kategori Kelurahan"
    assert texts["Kelurahan Pelambuan"].channel == "Website"
    assert texts["Kelurahan Pelambuan"].where_when == "Aula Kayuh Baimbai, Banjarmasin, 1 Desember 2022"


def test_renamed_office_keeps_its_place_under_its_new_name(shapes):
    place = shapes.places(shapes.ppid)["Dinas Komunikasi dan Informatika"]
    office = place.office
    office.name = "Dinas Komunikasi, Informatika dan Persandian"
    office_save(office=office)

    renamed = shapes.places(shapes.ppid)

    assert "Dinas Komunikasi dan Informatika" not in renamed
    again = renamed["Dinas Komunikasi, Informatika dan Persandian"]
    assert again.pk == place.pk
    assert place_text(again, []).office == "Dinas Komunikasi, Informatika dan Persandian"
    assert list(office.former_names.values_list("name", flat=True)) == ["Dinas Komunikasi dan Informatika"]


@pytest.mark.django_db
def test_place_text_signatories_in_their_order(shapes):
    Signatory.objects.create(event=shapes.ppid, name="Kustini", title="Bupati Sleman", order=1)
    Signatory.objects.create(event=shapes.ppid, name="Danang", title="Wakil Bupati Sleman", order=2)
    # The heading is the government's (offices.Government), left empty: “PEMERINTAH” and its name.
    Government.objects.filter(pk=1).update(name="Kabupaten Sleman", heading="")
    place = shapes.places(shapes.ppid)["Kapanewon Depok"]

    text = place_text(place, list(shapes.ppid.signatories.order_by("order")))

    assert [s[:2] for s in text.signatories] == [
        ("Kustini", "Bupati Sleman"),
        ("Danang", "Wakil Bupati Sleman"),
    ]
    assert text.city_line == "PEMERINTAH KABUPATEN SLEMAN"
