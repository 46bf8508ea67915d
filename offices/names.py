"""How office names are written and compared: the one home of the printed word of a kind.

“Pelambuan” and “Kelurahan Pelambuan” of kind Kelurahan are one office. A kind may print a word
before its offices' names (“Kelurahan”; later “Kalurahan”, “Kecamatan”, … when kinds become
data); the name is stored without that word and shown with it, and every comparison (the import,
the admin's duplicate check, the lookups of the winner-list import, the search) goes through
``name_key``.
"""

import re

_SPACES = re.compile(r"\s+")

# The word printed before the names of a kind's offices, by kind code. Kinds not listed print
# none. Kept here alone so that moving it to the kind's own row later changes one function.
_PRINTED_WORDS = {"kelurahan": "Kelurahan"}


def normalize_name(value: str) -> str:
    """Trim a name and fold inner runs of white space, as people mean the same name."""
    return _SPACES.sub(" ", value or "").strip()


def kind_word(kind: str | None) -> str:
    """The word printed before the names of this kind's offices (“Kelurahan”), or ""."""
    return _PRINTED_WORDS.get(str(kind or ""), "")


def kind_words() -> dict[str, str]:
    """Every kind that prints a word, with its word."""
    return dict(_PRINTED_WORDS)


def bare_name(name: str, kind: str | None) -> str:
    """The name without its kind's printed word: “Kelurahan  Pelambuan” → “Pelambuan”.

    A name that is nothing but the word is kept as it is (it is not empty, only odd).
    """
    name = normalize_name(name)
    word = kind_word(kind)
    if word and name.casefold().startswith(word.casefold() + " "):
        rest = name[len(word) :].strip()
        if rest:
            return rest
    return name


def display_name(name: str, kind: str | None) -> str:
    """The name as it is printed: the kind's word, then the name (“Kelurahan Pelambuan”)."""
    name = bare_name(name, kind)
    word = kind_word(kind)
    return f"{word} {name}" if word else name


def name_key(text: str, kind: str | None = None) -> str:
    """How names are compared: without the kind's printed word (when the kind is given), trimmed,
    inner spaces folded, letter case ignored."""
    return bare_name(text, kind).casefold()
