"""The words of places and dates, in Indonesian whatever language the reader uses.

A place's title is the event's own (“Terbaik Pertama”, “Juara 1”, “Harapan 2”): it is part of the
award, like its title, so pages, winner lists and certificates all print it as the event says it.
Dates do not depend on the machine's locale (which may lack id_ID).
"""

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from awards.models import EvaluationEvent

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

_ORDINALS = {
    1: "Pertama",
    2: "Kedua",
    3: "Ketiga",
    4: "Keempat",
    5: "Kelima",
    6: "Keenam",
    7: "Ketujuh",
    8: "Kedelapan",
    9: "Kesembilan",
    10: "Kesepuluh",
}

_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def indonesian_date(day: datetime.date) -> str:
    """2 November 2021."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _number_words(n: int) -> str:
    # Enough for any number of places an event can plausibly award (below one thousand).
    if n < 10:
        return _UNITS[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[rest]}" if rest else "")
    hundreds, rest = divmod(n, 100)
    head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
    return head + (f" {_number_words(rest)}" if rest else "")


def ordinal_words(position: int) -> str:
    """Pertama, Kedua, Ketiga, … Kesebelas, Kedua Puluh."""
    if position < 1 or position > 999:
        raise ValueError(f"position out of range: {position}")
    if position in _ORDINALS:
        return _ORDINALS[position]
    return ("Ke" + _number_words(position)).title()


def ranking_words(
    *, place_word: str, numbering: str, mention_word: str, level: int, position: int, shared: bool = False
) -> str:
    """A place in an event's words: “Terbaik Pertama”, “Juara 2”, “Harapan 1”, “… (bersama)”.

    Plain values rather than an event, so exports of many rows and the benchmarks use it too.
    """
    from awards.models import PlaceNumbering, RankingLevel

    if level == RankingLevel.MENTION:
        words = f"{mention_word} {position}"
    elif numbering == PlaceNumbering.DIGITS:
        words = f"{place_word} {position}"
    else:
        words = f"{place_word} {ordinal_words(position)}"
    return f"{words} (bersama)" if shared else words


def ranking_title(event: "EvaluationEvent", *, level: int, position: int, shared: bool = False) -> str:
    """A place of ``event`` in the event's own words (they are data: see EvaluationEvent)."""
    return ranking_words(
        place_word=event.place_word,
        numbering=event.place_numbering,
        mention_word=event.mention_word,
        level=level,
        position=position,
        shared=shared,
    )


def event_day(event: "EvaluationEvent") -> str:
    """“2 November 2021”, or the year alone when the day is unknown: never a made-up date."""
    return indonesian_date(event.held_on) if event.held_on else str(event.year)
