"""Words for places, shared by the public pages, winner lists and certificates.

Pages and winner lists speak the reader's language (``position_in_words``, through gettext).
Certificates are Indonesian documents whatever language the viewer reads the site in, so their
words (``position_words``, ``place_text``) are written out here instead of going through gettext,
and dates do not depend on the machine's locale (which may lack id_ID).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext, pgettext

if TYPE_CHECKING:
    from awards.models import Ranking, Signatory

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


def position_words(position: int, *, shared: bool = False) -> str:
    """The place as it is written on a certificate: “Terbaik Pertama”, “Terbaik Ketiga (bersama)”."""
    words = f"Terbaik {ordinal_words(position)}"
    return f"{words} (bersama)" if shared else words


@dataclass(frozen=True)
class PlaceText:
    """Everything a certificate or share card of one place says, already in Indonesian.

    Built from the database once; the drawing code and the cache key both read only this, so a
    change to any word on the picture changes the key.
    """

    city_line: str
    office: str
    position: str
    category: str
    discipline: str
    channel: str
    event: str
    where_when: str
    date: str
    year: str
    signatories: tuple[tuple[str, str], ...]
    logo_name: str


def city_line(city: str) -> str:
    """PEMERINTAH KOTA BANJARMASIN (a city already called “Kabupaten …” or “Kota …” keeps that)."""
    city = " ".join(city.split())
    if not city.lower().startswith(("kota ", "kabupaten ", "provinsi ")):
        city = f"Kota {city}"
    return f"Pemerintah {city}".upper()


def place_text(ranking: "Ranking", signatories: Sequence["Signatory"]) -> PlaceText:
    """The words of one place; ``ranking`` comes with its event, channel and office loaded."""
    event, office = ranking.event, ranking.office
    place = position_words(ranking.position, shared=ranking.is_shared)
    kind = office.kind.name
    date = indonesian_date(event.held_on)
    discipline = f"Pengelolaan {ranking.channel.name} — Kategori {kind}"
    where = [event.venue.strip()]
    if event.city.strip().lower() not in event.venue.lower():
        where.append(event.city.strip())
    return PlaceText(
        city_line=city_line(event.city),
        office=office.display_name,
        position=place,
        category=f"{place} {discipline}",
        discipline=discipline,
        channel=ranking.channel.name,
        event=event.title,
        where_when=", ".join([w for w in where if w] + [date]),
        date=date,
        year=str(event.year),
        signatories=tuple((s.name, s.title) for s in signatories),
        logo_name=office.logo.name or "",
    )


_UI_ORDINALS = {
    1: lambda: pgettext("place", "First place"),
    2: lambda: pgettext("place", "Second place"),
    3: lambda: pgettext("place", "Third place"),
}


def position_in_words(position: int, *, shared: bool = False) -> str:
    """A position in the reader's language: “Terbaik Pertama”, “First place”.

    Positions past the third, which an event with more places per category gives, read
    “Terbaik ke-4” / “Place 4”. A shared place says so: “Terbaik Ketiga (bersama)”.
    """
    words = (
        _UI_ORDINALS[position]()
        if position in _UI_ORDINALS
        else gettext("Place %(position)d") % {"position": position}
    )
    if shared:
        return gettext("%(place)s (shared)") % {"place": words}
    return words
