"""The plain data of an official document: what results reads from a version and hands in."""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum


class DocumentKind(StrEnum):
    """The two documents, by the name of their shipped template and their download."""

    SK_ANNEX = "sk-annex"
    BERITA_ACARA = "berita-acara"


@dataclass(frozen=True)
class Person:
    """One who signs: a name and what they sign as (may be empty)."""

    name: str
    title: str = ""


@dataclass(frozen=True)
class Row:
    """One line of a results table: its number in the table, the office as printed, the place."""

    number: int
    office: str
    place: str


@dataclass(frozen=True)
class Section:
    """One table: an award's category (``category`` is "" when it is named like its award)."""

    award: str
    category: str
    rows: tuple[Row, ...]

    @property
    def heading(self) -> str:
        return f"{self.award} — Kategori {self.category}" if self.category else self.award


@dataclass(frozen=True)
class Government:
    """The government as the documents print it."""

    name: str
    heading: str
    head_title: str
    head_name: str = ""


@dataclass(frozen=True)
class OfficialData:
    """Everything either document prints. ``held_on`` None leaves the day and date blank for the
    committee to fill; ``jury`` signs the berita acara (the judges, or the committee's signatories);
    ``emblem`` is the government's emblem as PNG bytes, or empty."""

    government: Government
    event_title: str
    year: int
    held_on: datetime.date | None
    venue: str
    city: str
    version_number: int
    is_final: bool
    sections: tuple[Section, ...]
    jury: tuple[Person, ...] = ()
    jury_word: str = "Tim Penilai"
    emblem: bytes = field(default=b"", repr=False)

    @property
    def winners(self) -> list[str]:
        """Every office in the printed order (what a reader of either document finds, in order)."""
        return [row.office for section in self.sections for row in section.rows]
