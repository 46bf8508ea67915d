"""What a certificate or share card of one place says, in Indonesian, as plain data."""

from dataclasses import dataclass
from typing import NamedTuple


class Signer(NamedTuple):
    """One signatory as printed: job title, name, NIP ("" when not given), and the storage names
    of the signature and the stamp ("" for none), which the caller opens (``pictures.Pictures``)."""

    name: str
    title: str
    nip: str = ""
    signature: str = ""
    stamp: str = ""


class Design:
    """The certificate's designs: today's gold and navy, a plain formal one, or the committee's
    own background (an A4 picture) under the same words."""

    CLASSIC = "classic"
    FORMAL = "formal"
    BACKGROUND = "background"
    ALL = (CLASSIC, FORMAL, BACKGROUND)


@dataclass(frozen=True)
class PlaceText:
    """Everything a certificate or share card of one place says, already in Indonesian.

    Built by the caller (from the database, or by hand in a test); the drawing code and the
    render's key both read only this, so a change to any word on the picture changes the key.
    ``city_line`` is the heading, the government as it prints itself ("PEMERINTAH KABUPATEN KULON
    PROGO"). ``signatories`` are ``Signer``s in their printed order ((name, job title) pairs are
    taken too). ``logo_name``, ``emblem_name`` and ``background_name`` are storage names: the
    caller opens the pictures and hands them to the drawing; the names go into the render's key,
    and as stored files are never overwritten (their names are random), a name stands for its picture.
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
    # The government's emblem (lambang daerah), the design and the committee's own background.
    emblem_name: str = ""
    design: str = Design.CLASSIC
    background_name: str = ""

    # What a provisional version's picture says of it ("HASIL SEMENTARA — masa sanggah sampai
    # …"); empty for a final version and a draft, and then left out of the render's key.
    provisional: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "signatories", tuple(Signer(*s) for s in self.signatories))
        if self.design not in Design.ALL:
            raise ValueError(f"unknown certificate design {self.design!r}; use one of {Design.ALL}")

    def picture_names(self) -> list[str]:
        """The storage names of every picture a certificate of this text draws but the logo."""
        names = [self.emblem_name, self.background_name if self.design == Design.BACKGROUND else ""]
        names += [name for s in self.signatories for name in (s.signature, s.stamp)]
        return [name for name in names if name]


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
