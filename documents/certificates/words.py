"""What a certificate or share card of one place says, in Indonesian, as plain data."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PlaceText:
    """Everything a certificate or share card of one place says, already in Indonesian.

    Built by the caller (from the database, or by hand in a test); the drawing code and the
    render's key both read only this, so a change to any word on the picture changes the key.
    ``signatories`` are (name, job title) pairs in their printed order. ``logo_name`` is the
    logo's storage name, which only goes into the render's key: the caller opens the logo and
    hands the picture to the drawing.
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
    # What a provisional version's picture says of it ("HASIL SEMENTARA — masa sanggah sampai
    # …"); empty for a final version and a draft, and then left out of the render's key.
    provisional: str = ""


def government_of(city: str) -> str:
    """Pemerintah Kota Banjarmasin (a city already called “Kabupaten …” or “Kota …” keeps that)."""
    city = " ".join(city.split())
    if not city.lower().startswith(("kota ", "kabupaten ", "provinsi ")):
        city = f"Kota {city}"
    return f"Pemerintah {city}"


def city_line(city: str) -> str:
    """PEMERINTAH KOTA BANJARMASIN: the government as a certificate's heading prints it."""
    return government_of(city).upper()


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
