"""Text in a cell: the characters an xlsx or ods file cannot carry, and the ones that make a cell a
formula to a spreadsheet program. Written out by the writers, undone by the importer."""

import re

# Characters XML 1.0 cannot carry (xlsx and ods are XML): removed from every text cell.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A text cell starting with one of these is a formula (or a DDE payload) to some spreadsheet
# program when the file has no cell types (csv). OWASP's CSV-injection list, plus NUL.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")
# The prefix that makes such a cell text in csv; stripped again on import (see import_text).
CSV_TEXT_PREFIX = "'"


def clean_text(value: str) -> str:
    """Text without the control characters that would corrupt an xlsx or ods file."""
    return ILLEGAL_XML.sub("", value)


def csv_text(value: str) -> str:
    """Text for a csv cell: a leading formula character is preceded by an apostrophe."""
    value = clean_text(value)
    if value.startswith(FORMULA_STARTS):
        return CSV_TEXT_PREFIX + value
    return value


def import_text(value) -> str:
    """A cell as text: trimmed, with the csv apostrophe before a formula character removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(str(value)).strip()
    if text.startswith(CSV_TEXT_PREFIX) and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text
