import datetime

import pytest

from awards.certificates.words import (
    city_line,
    indonesian_date,
    ordinal_words,
    place_text,
    position_in_words,
    position_words,
)
from offices.models import Channel, Office, OfficeKind
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


def test_position_words_shared_place():
    assert position_words(1) == "Terbaik Pertama"
    assert position_words(3, shared=True) == "Terbaik Ketiga (bersama)"


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        ("Banjarmasin", "PEMERINTAH KOTA BANJARMASIN"),
        ("Kota  Banjarbaru", "PEMERINTAH KOTA BANJARBARU"),
        ("Kabupaten Banjar", "PEMERINTAH KABUPATEN BANJAR"),
    ],
)
def test_city_line(city, expected):
    assert city_line(city) == expected


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
    ("lang", "position", "shared", "words"),
    [
        ("id", 1, False, "Terbaik Pertama"),
        ("id", 2, False, "Terbaik Kedua"),
        ("id", 3, False, "Terbaik Ketiga"),
        ("id", 3, True, "Terbaik Ketiga (bersama)"),
        ("id", 4, False, "Terbaik ke-4"),
        ("en", 1, False, "First place"),
        ("en", 2, False, "Second place"),
        ("en", 3, True, "Third place (shared)"),
        ("en", 5, False, "Place 5"),
    ],
)
def test_position_in_words(lang, position, shared, words):
    from django.utils import translation

    with translation.override(lang):
        assert position_in_words(position, shared=shared) == words


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
