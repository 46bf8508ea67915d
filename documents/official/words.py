"""Dates in words as Indonesian official documents write them, and the head's title.

“Pada hari ini Selasa tanggal dua bulan November tahun dua ribu dua puluh satu”: the numbers
through num2words (its Indonesian is right: tests/documents/test_official_words.py), the day and
month names here (documents/ imports no app, so awards.words' month names are not reachable).
"""

import datetime
import re

from num2words import num2words

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
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
# What the committee fills by hand: a number or a date not known when the document is drawn.
BLANK = "……"


def number_words(n: int) -> str:
    """21 -> “dua puluh satu”, 2021 -> “dua ribu dua puluh satu”."""
    return num2words(n, lang="id")


def day_name(day: datetime.date) -> str:
    return DAYS[day.weekday()]


def date_printed(day: datetime.date | None) -> str:
    """2 November 2021; the blank when the day is unknown."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else BLANK


def day_and_date_words(day: datetime.date | None) -> str:
    """“Selasa tanggal dua bulan November tahun dua ribu dua puluh satu”; blanks when unknown."""
    if day is None:
        return f"{BLANK} tanggal {BLANK} bulan {BLANK} tahun {BLANK}"
    return (
        f"{day_name(day)} tanggal {number_words(day.day)} bulan {MONTHS[day.month - 1]} "
        f"tahun {number_words(day.year)}"
    )


_LEVEL_WORD = re.compile(r"^(kota|kabupaten|provinsi)\s+", re.IGNORECASE)


def head_of(head_title: str, government_name: str) -> str:
    """The head as a decree names them: “Wali Kota” of “Kota Banjarmasin” is “Wali Kota
    Banjarmasin”, “Bupati” of “Kabupaten Kulon Progo” is “Bupati Kulon Progo”; an agency's
    “Kepala Dinas” of “Dinas Kominfo” is “Kepala Dinas Kominfo”, its word not said twice."""
    place = _LEVEL_WORD.sub("", government_name.strip())
    title = head_title.strip()
    last = title.split()[-1] if title else ""
    if last and place.split() and place.split()[0].casefold() == last.casefold():
        place = " ".join(place.split()[1:])
    return " ".join(part for part in (title, place) if part)


def place_name(name: str) -> str:
    """“Kota Banjarmasin” -> “Banjarmasin”: the town as the line above a signature names it."""
    return _LEVEL_WORD.sub("", " ".join(name.split()))
