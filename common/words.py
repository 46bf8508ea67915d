"""Indonesian dates and numbers in words, whatever the reader's language and the machine's locale
(which may lack id_ID): the certificates, the winner lists and the official documents print them
alike."""

import datetime

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def indonesian_date(day: datetime.date) -> str:
    """2 November 2021."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def number_words(n: int) -> str:
    """21 -> “dua puluh satu”, 2021 -> “dua ribu dua puluh satu” (num2words: its Indonesian is
    right, tests/documents/test_official.py)."""
    # Imported here: num2words loads every language it knows, and most requests print no number.
    from num2words import num2words

    return num2words(n, lang="id")
