"""How office names are written and compared.

“Pelambuan” and “Kelurahan Pelambuan” of kind Kelurahan are one office. A kind may print a word
before its offices' names (its ``OfficeKind.prefix``: “Kelurahan”, “Kalurahan”, “Kapanewon”, or
none); the name is stored without that word and shown with it, and every comparison (the import,
the admin's duplicate check, the lookups of the winner-list import, the search) goes through
``name_key``. These functions take the word itself, not the kind: the kinds are rows, and a caller
that handles many names reads them once.
"""

import re

_SPACES = re.compile(r"\s+")


def normalize_name(value: str) -> str:
    """Trim a name and fold inner runs of white space, as people mean the same name."""
    return _SPACES.sub(" ", value or "").strip()


def bare_name(name: str, word: str | None) -> str:
    """The name without its kind's printed word: “Kelurahan  Pelambuan” → “Pelambuan”.

    A name that is nothing but the word is kept as it is (it is not empty, only odd).
    """
    name = normalize_name(name)
    word = normalize_name(word or "")
    if word and name.casefold().startswith(word.casefold() + " "):
        rest = name[len(word) :].strip()
        if rest:
            return rest
    return name


def printed_name(name: str, word: str | None) -> str:
    """The printed name of an office, the one function that makes it: its kind's word once, then
    the name (“Kelurahan Pelambuan”). ``Office.display_name`` calls it; a list of many rows calls
    it on values (``name``, ``kind__prefix``) without building model instances."""
    name = bare_name(name, word)
    word = normalize_name(word or "")
    return f"{word} {name}" if word else name


def name_key(text: str, word: str | None = "") -> str:
    """How names are compared: without the kind's printed word (when given), trimmed, inner
    spaces folded, letter case ignored."""
    return bare_name(text, word).casefold()


def initials(name: str) -> str:
    """Two letters that stand in for a missing logo: “DK” (Dinas Kesehatan), “PR” (Pekapuran Raya).

    Taken from the name without the word “Kelurahan”, which every kelurahan would share.
    """
    words = [w for w in re.split(r"[\s,]+", name) if w[:1].isupper()]
    if words[:1] == ["Kelurahan"] and len(words) > 1:
        words = words[1:]
    if len(words) == 1:
        return words[0][:2].upper()
    return "".join(w[0] for w in words[:2]).upper() or "?"


_SHORT_NAME_AFTER = re.compile(r"^(?P<name>.*\S)\s*\((?P<short>[^()]+)\)$")


def name_and_short_name(text: str) -> tuple[str, str]:
    """A name as a report writes it, with its short name in brackets after it:
    “Dinas Lingkungan Hidup (DLH)” → (“Dinas Lingkungan Hidup”, “DLH”); no brackets, no short name."""
    text = normalize_name(text)
    found = _SHORT_NAME_AFTER.match(text)
    if found is None:
        return text, ""
    return normalize_name(found["name"]), normalize_name(found["short"])
