"""A ranking pasted as a news report writes it, read into places and offices.

“1. Bappeda / 2. Dinas Lingkungan Hidup (DLH) / 3. …”, one place a line or separated by “/”;
“Harapan 1. …” (the event's word for an honourable mention) is a mention, “Juara 2 …” (its
word for a place) a place. The office each line
names is found by the one office lookup (offices.lookup), among the kinds its category admits;
a name no office has becomes a new office of the category's kind, made only when the places are
saved (awards.services.event_places_save), never while they are shown for checking.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from awards.models import RankingLevel
from offices.lookup import NAME, SHORT_NAME, OfficeLookup
from offices.models import Office, OfficeKind
from offices.names import name_and_short_name, name_key, normalize_name

# A place starts a line, or follows a “/” before its number (“… Bappeda / 2. DLH”): a slash
# inside a name (“Dinas Pekerjaan Umum/Penataan Ruang”) is left alone.
_PLACES_APART = re.compile(r"\n|/(?=\s*(?:\d+|[A-Za-z]+\s+\d+)\s*[.):\-]\s*\S)")
_NUMBERED = re.compile(r"^(?:(?P<word>[^\W\d_]+)\s+)?(?P<number>\d{1,2})\s*[.):\-]?\s+(?P<name>\S.*)$")


@dataclass(frozen=True)
class PastedPlace:
    level: str
    position: int
    text: str


def pasted_places(text: str, *, place_word: str = "", mention_word: str = "Harapan") -> list[PastedPlace]:
    """The places of a pasted ranking, in its order. A line without a number takes the next
    place; a number names the place (“3. …”, “Juara 3 …” in the event's word for a place)."""
    places: list[PastedPlace] = []
    next_place = 1
    mention = name_key(mention_word or "Harapan")
    place = name_key(place_word)
    for part in _PLACES_APART.split(text or ""):
        line = normalize_name(part).strip(" /")
        if not line:
            continue
        found = _NUMBERED.match(line)
        word = name_key(found["word"]) if found and found["word"] else ""
        if found and word and word not in (mention, place):
            found = None  # “Kapanewon 2 …” is a name, not a numbered place
        if found is None:
            places.append(PastedPlace(RankingLevel.PLACE, next_place, line))
            next_place += 1
            continue
        position = int(found["number"])
        if word == mention:
            places.append(PastedPlace(RankingLevel.MENTION, position, found["name"]))
        else:
            places.append(PastedPlace(RankingLevel.PLACE, position, found["name"]))
            next_place = position + 1
    return places


class OfficesByText:
    """Which office a written name means in a category, or the new office it asks for.

    Reads every office once (one query), so a pasted ranking of fifteen lines is not fifteen
    lookups; the new offices it makes are shared, so two rows naming one new office name one."""

    def __init__(self, kinds: Iterable[OfficeKind] | None = None):
        self.lookup = OfficeLookup.of_all_offices()
        self.kinds = {kind.code: kind for kind in (OfficeKind.objects.all() if kinds is None else kinds)}
        self.made: dict[tuple[str, str], Office] = {}

    def found(self, text: str, admitted: Sequence[str]) -> tuple[int | None, str]:
        """(pk of the office ``text`` names among the ``admitted`` kinds, or None; the text a new
        office would be made from). ValueError when ``text`` names several."""
        name, short_name = name_and_short_name(text)
        for tried, tiers in ((text, None), (name, None), (short_name, (NAME, SHORT_NAME))):
            if not tried:
                continue
            matches, _tier = self.lookup.match(
                tried, admitted=admitted, **({"tiers": tiers} if tiers else {})
            )
            matches = [office for office in matches if office.kind_id in admitted]
            if len(matches) == 1:
                return matches[0].pk, ""
            if len(matches) > 1:
                raise ValueError(
                    _("“%(name)s” names more than one office (%(offices)s); choose it in the list.")
                    % {"name": tried, "offices": ", ".join(sorted(office.name for office in matches))}
                )
        return None, normalize_name(text)

    def new_office(self, text: str, admitted: Sequence[str]) -> Office:
        """The office to make for ``text`` (“Dinas Lingkungan Hidup (DLH)”: its name and short
        name) of the one kind the category admits; ValueError when the category admits several."""
        if len(admitted) != 1:
            raise ValueError(
                _(
                    "“%(name)s” is not an office yet, and this category admits several kinds "
                    "(%(kinds)s): add it on the offices' page with its kind, then choose it here."
                )
                % {
                    "name": text,
                    "kinds": ", ".join(
                        sorted(self.kinds[code].name for code in admitted if code in self.kinds)
                    ),
                }
            )
        kind = self.kinds[next(iter(admitted))]
        name, short_name = name_and_short_name(text)
        key = (kind.code, name_key(name, kind.prefix))
        if key not in self.made:
            self.made[key] = Office(name=name, short_name=short_name, kind=kind)
        return self.made[key]
