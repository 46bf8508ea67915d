"""The words of places and dates, in Indonesian whatever language the reader uses.

A place's title is the event's own (“Terbaik Pertama”, “Juara 1”, “Harapan 2”): it is part of the
award, like its title, so pages, winner lists and certificates all print it as the event says it.
Dates and numbers in words are common.words', shared with the official documents.
"""

from typing import TYPE_CHECKING

from common.words import indonesian_date, number_words

if TYPE_CHECKING:
    from awards.models import EvaluationEvent

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


def ordinal_words(position: int) -> str:
    """Pertama, Kedua, Ketiga, … Kesebelas, Kedua Puluh."""
    if position < 1 or position > 999:
        raise ValueError(f"position out of range: {position}")
    if position in _ORDINALS:
        return _ORDINALS[position]
    return ("Ke" + number_words(position)).title()


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
