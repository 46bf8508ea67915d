"""The words of certificates and cards that need no place: city line, award title, verification."""

import pytest

from documents.certificates.words import address_without_scheme, award_after_place, city_line, code_line


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


@pytest.mark.parametrize(
    ("title", "word", "after"),
    [
        ("Terbaik Pengelolaan Website", "Terbaik", "Pengelolaan Website"),
        ("terbaik pengelolaan website", "Terbaik", "pengelolaan website"),
        ("Anugerah PPID", "Terbaik", "Anugerah PPID"),
        ("Terbaiknya Website", "Terbaik", "Terbaiknya Website"),
        ("Juara Inovasi Daerah", "Juara", "Inovasi Daerah"),
    ],
)
def test_award_after_place_drops_only_a_leading_place_word(title, word, after):
    assert award_after_place(title, word) == after


def test_code_line_and_address_without_scheme():
    assert code_line("K7QM-3XPA") == "Kode verifikasi: K7QM-3XPA"
    assert address_without_scheme("https://awards.example.go.id/verify/K7QM-3XPA/") == (
        "awards.example.go.id/verify/K7QM-3XPA/"
    )
