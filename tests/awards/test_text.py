import pytest
from django.utils import translation

from awards.text import position_in_words
from offices.models import Office, OfficeKind


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
    assert Office(name=name, kind=kind).initials == initials
