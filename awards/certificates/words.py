"""What a certificate or share card of one place says, in Indonesian (awards.words)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from awards.words import event_day

if TYPE_CHECKING:
    from awards.models import Ranking, Signatory


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
    # A published place's verification code ("K7QM-3XPA") and the absolute address of its
    # /verify/<code>/ page, filled in by the caller with dataclasses.replace; a draft has neither,
    # and a picture without a code carries no QR code.
    code: str = ""
    verify_url: str = ""


def city_line(city: str) -> str:
    """PEMERINTAH KOTA BANJARMASIN (a city already called “Kabupaten …” or “Kota …” keeps that)."""
    city = " ".join(city.split())
    if not city.lower().startswith(("kota ", "kabupaten ", "provinsi ")):
        city = f"Kota {city}"
    return f"Pemerintah {city}".upper()


def award_after_place(title: str, place_word: str) -> str:
    """The award's title as it reads after a place: “Terbaik Pengelolaan Website” after “Terbaik
    Pertama” drops its own “Terbaik” (never “Terbaik Pertama Terbaik Pengelolaan …”)."""
    word = place_word.strip()
    if word and title.casefold().startswith(word.casefold() + " "):
        return title[len(word) :].strip()
    return title


def code_line(code: str) -> str:
    """Kode verifikasi: K7QM-3XPA"""
    return f"Kode verifikasi: {code}"


def address_without_scheme(url: str) -> str:
    """awards.example.go.id/verify/K7QM-3XPA/ for https://awards.example.go.id/verify/K7QM-3XPA/:
    the printed address, the shortest a reader can type."""
    return url.split("://", 1)[-1]


def place_text(ranking: "Ranking", signatories: Sequence["Signatory"]) -> PlaceText:
    """The words of one place; ``ranking`` comes with its category, award, event and office loaded.

    “Terbaik Pertama Pengelolaan Website — Kategori SKPD”: the place in the event's words, the
    award's title (without its own leading place word), and the category (unless it is named
    like its award). “Harapan 1 Anugerah PPID — Kategori OPD” for an honourable mention; the
    date is the year alone when the event's day is unknown; ``channel`` is "" for an award
    without one. ``code`` and ``verify_url`` stay empty: the caller that knows the place's code adds
    them (``dataclasses.replace``).
    """
    category = ranking.category
    award = category.award
    event, office = award.event, ranking.office
    place = ranking.title
    date = event_day(event)
    discipline = award_after_place(award.title, event.place_word)
    if category.title and category.title.casefold() != award.title.casefold():
        discipline = f"{discipline} — Kategori {category.title}"
    where = [event.venue.strip()]
    if event.city.strip().lower() not in event.venue.lower():
        where.append(event.city.strip())
    return PlaceText(
        city_line=city_line(event.city),
        office=office.display_name,
        position=place,
        category=f"{place} {discipline}",
        discipline=discipline,
        channel=award.channel.name if award.channel_id else "",
        event=event.title,
        where_when=", ".join([w for w in where if w] + [date]),
        date=date,
        year=str(event.year),
        signatories=tuple((s.name, s.title) for s in signatories),
        logo_name=office.logo.name or "",
    )
