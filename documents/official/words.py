"""Dates in words as Indonesian official documents write them, and the head's title.

“Pada hari ini Selasa tanggal dua bulan November tahun dua ribu dua puluh satu”: the numbers and
the months as common.words writes them for every printed date, the names of the days here.
"""

import datetime
import re

from common.words import MONTHS, indonesian_date, number_words

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
# What the committee fills by hand: a number or a date not known when the document is drawn.
BLANK = "……"


def day_name(day: datetime.date) -> str:
    return DAYS[day.weekday()]


def date_printed(day: datetime.date | None) -> str:
    """2 November 2021; the blank when the day is unknown."""
    return indonesian_date(day) if day else BLANK


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
