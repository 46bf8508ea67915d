"""Which office a cell of an imported file means, and which office kind: one lookup for every
import (the office register, the places of a winner list, judging's account metrics), with one
precedence and one set of messages.

An office is named, ignoring case and spacing, by (in this order):
1. its name, with or without its kind's printed word (“Pelambuan”, “Kelurahan Pelambuan”);
2. its short name (“Diskominfo”);
3. a former name (a list made before a renaming);
4. its slug (what the register exports, and what a file writes when a name is ambiguous).
The first of these that names offices decides: one office is the answer, several are an error
that asks for the slug. When the caller knows the kinds that may apply (a category admits
kelurahan only), the offices of those kinds are tried first, then every office.
"""

from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.db.models import Value
from django.utils.translation import gettext as _

from common.spreadsheets.cells import import_text
from offices.models import Office, OfficeFormerName, OfficeKind
from offices.names import name_key, normalize_name, printed_name

NAME, SHORT_NAME, FORMER_NAME, SLUG = "name", "short_name", "former_name", "slug"
PRECEDENCE = (NAME, SHORT_NAME, FORMER_NAME, SLUG)


class OfficeEntry(NamedTuple):
    """An office as the lookup reads it (plain values: a city may keep thousands of offices and a
    file names a few)."""

    pk: int
    name: str
    short_name: str
    slug: str
    kind_id: str
    prefix: str


class OfficeLookup:
    """Offices by the ways a file may name them (see the module). Holds Office instances when the
    caller already read them (the register import, which changes them), or plain entries."""

    def __init__(self, offices: Iterable = (), former: Iterable[tuple[object, str]] = ()):
        self._by: dict[str, dict[str, list]] = {tier: {} for tier in PRECEDENCE}
        for office in offices:
            self.add(office)
        for office, name in former:
            self.add_former_name(office, name)

    @classmethod
    def of_all_offices(cls) -> "OfficeLookup":
        """Every office and former name, as plain entries, in one query."""
        current = Office.objects.order_by().values_list(
            "pk", "name", "short_name", "slug", "kind_id", "kind__prefix", Value(False)
        )
        former = OfficeFormerName.objects.order_by().values_list(
            "office_id",
            "name",
            "office__short_name",
            "office__slug",
            "office__kind_id",
            "office__kind__prefix",
            Value(True),
        )
        lookup = cls()
        offices: dict[int, OfficeEntry] = {}
        former_names = []
        for *values, is_former in current.union(former, all=True):
            entry = OfficeEntry(*values)
            if is_former:
                former_names.append(entry)
            else:
                offices[entry.pk] = entry
                lookup.add(entry)
        for entry in former_names:
            lookup.add_former_name(offices.get(entry.pk, entry), entry.name)
        return lookup

    @staticmethod
    def _name_keys(name: str, prefix: str | None) -> set[str]:
        # The stored name and the printed one: a name stored with its kind's word still matches
        # the bare name, and the other way round.
        return {name_key(name), name_key(name, prefix), name_key(printed_name(name, prefix))}

    def _put(self, tier: str, key: str, office) -> None:
        found = self._by[tier].setdefault(key, [])
        if key and office not in found:
            found.append(office)

    def add(self, office) -> None:
        """An office (an Office or an OfficeEntry); once more after it is renamed, new or changed."""
        prefix = office.kind.prefix if isinstance(office, Office) else office.prefix
        for key in self._name_keys(office.name, prefix):
            self._put(NAME, key, office)
        if office.short_name:
            self._put(SHORT_NAME, name_key(office.short_name), office)
        if office.slug:
            self._put(SLUG, office.slug.casefold(), office)

    def add_former_name(self, office, name: str) -> None:
        prefix = office.kind.prefix if isinstance(office, Office) else office.prefix
        for key in self._name_keys(name, prefix):
            self._put(FORMER_NAME, key, office)

    def named(self, text: str, *, kind: str | None = None) -> list:
        """The offices whose current name is ``text`` (of ``kind`` when given)."""
        return [o for o in self._by[NAME].get(name_key(text), []) if kind is None or o.kind_id == kind]

    def match(
        self,
        text: str,
        *,
        kind: str | None = None,
        admitted: Iterable[str] | None = None,
        tiers: Iterable[str] = PRECEDENCE,
    ) -> tuple[list, str | None]:
        """The offices ``text`` names by the first way that names any (see the module), and that
        way; ([], None) when none does. ``kind`` (a code) is a must; ``admitted`` (codes) is tried
        first."""
        key = name_key(import_text(text))
        tiers = tuple(tiers)
        for allowed in (set(admitted), None) if admitted else (None,):
            for tier in tiers:
                found = [
                    office
                    for office in self._by[tier].get(key, [])
                    if (kind is None or office.kind_id == kind)
                    and (allowed is None or office.kind_id in allowed)
                ]
                if found:
                    return found, tier
        return [], None

    def find(self, text: str, *, kind: str | None = None, admitted: Iterable[str] | None = None):
        """The one office ``text`` names; ValueError with the reason for the person otherwise."""
        text = normalize_name(import_text(text))
        if not name_key(text):
            raise ValueError(_("An office is needed."))
        found, _tier = self.match(text, kind=kind, admitted=admitted)
        if not found:
            raise ValueError(_("No office “%(name)s”; add it to the offices first.") % {"name": text})
        if len(found) > 1:
            raise ValueError(ambiguous_office_message(text, found))
        return found[0]


def ambiguous_office_message(text: str, offices: Iterable) -> str:
    return _("“%(name)s” names more than one office (%(slugs)s); write the slug instead.") % {
        "name": text,
        "slugs": ", ".join(sorted(o.slug or o.name for o in offices)),
    }


def kind_parser(kinds: Iterable[OfficeKind] | None = None) -> Callable[[object], OfficeKind | None]:
    """A function reading an office kind as its code, its name or its printed word, in any letter
    case (“SKPD”, “kelurahan”, “Kapanewon”): the kind, None for an empty cell, ValueError for a
    kind that is not one.

    The kinds are read once per import (one query), not once per row.
    """
    kinds = sorted(OfficeKind.objects.all() if kinds is None else kinds, key=lambda k: (k.order, k.name))
    by_word: dict[str, OfficeKind] = {}
    # Codes last, so that a code or a name is never shadowed by another kind's printed word.
    for attribute in ("prefix", "name", "code"):
        for kind in kinds:
            word = name_key(getattr(kind, attribute))
            if word:
                by_word[word] = kind

    def parse(value) -> OfficeKind | None:
        text = normalize_name(import_text(value))
        if not text:
            return None
        try:
            return by_word[text.casefold()]
        except KeyError:
            choices = _(" or ").join(kind.name for kind in kinds)
            raise ValueError(
                _("Unknown office kind “%(value)s”; use %(kinds)s.") % {"value": text, "kinds": choices}
            ) from None

    return parse
