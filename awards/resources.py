"""Winner lists out, places in: the spreadsheet shapes of awards.

One shape serves both directions: the winner list a committee member downloads can be imported
again. Its columns that only describe (year, date, channel, printed title, office kind, short
name, parent) are read on import only to check them or ignored; awards and categories are never
created by an import (they are entered in the admin).
"""

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import (
    RANKING_ORDER,
    Award,
    Category,
    EvaluationEvent,
    Ranking,
    RankingLevel,
)
from awards.rules import category_kind_codes
from awards.services import (
    PlacesConflict,
    PlacesLocked,
    event_places_check,
    event_rankings,
    places_locked_message,
    places_locks,
    rankings_import_save,
)
from awards.words import ordinal_words, ranking_words
from common.spreadsheets.cells import import_text
from common.spreadsheets.importing import (
    AllOrNothingResource,
    Column,
    RowOutcome,
    in_both_languages,
)
from common.spreadsheets.limits import SpreadsheetError
from common.spreadsheets.writers import write_sheet
from offices.lookup import OfficeLookup, kind_parser
from offices.models import Office
from offices.names import normalize_name, printed_name

# (key, header); the headers are translated when a file is written or read.
WINNER_COLUMNS = [
    ("event", gettext_lazy("Event")),
    ("year", gettext_lazy("Year")),
    ("date", gettext_lazy("Date")),
    ("award", gettext_lazy("Award")),
    ("channel", gettext_lazy("Channel")),
    ("category", gettext_lazy("Category")),
    ("level", gettext_lazy("Level")),
    ("position", gettext_lazy("Position")),
    ("title", gettext_lazy("Printed title")),
    ("shared", gettext_lazy("Shared place")),
    ("office", gettext_lazy("Office name")),
    ("office_kind", gettext_lazy("Office kind")),
    ("short_name", gettext_lazy("Short name")),
    ("parent", gettext_lazy("Parent office")),
    ("score", gettext_lazy("Score")),
    ("citation", gettext_lazy("Citation")),
]
REQUIRED_ON_IMPORT = {"event", "award", "office", "position"}
# Read on import only to be checked against what the row names (channel, office kind, printed
# title) or not at all (the rest): they describe, the other columns decide.
DESCRIPTIVE_COLUMNS = {"year", "date", "short_name", "parent"}
# Column widths of the xlsx winner list, in characters: long enough for the seed's longest names.
WINNER_WIDTHS = {
    "event": 42,
    "year": 7,
    "date": 11,
    "award": 34,
    "channel": 12,
    "category": 14,
    "level": 12,
    "position": 9,
    "title": 24,
    "shared": 12,
    "office": 48,
    "office_kind": 12,
    "short_name": 14,
    "parent": 40,
    "score": 8,
    "citation": 40,
}

_WINNER_VALUES = (
    "award__event__title",
    "award__event__year",
    "award__event__held_on",
    "award__event__place_word",
    "award__event__place_numbering",
    "award__event__mention_word",
    "award__title",
    "award__channel__name",
    "category__title",
    "level",
    "position",
    "is_shared",
    "office__name",
    "office__kind__name",
    "office__kind__prefix",
    "office__short_name",
    "office__parent__name",
    "office__parent__kind__prefix",
    "score",
    "citation",
)


def winner_headers() -> list[str]:
    return [str(header) for _key, header in WINNER_COLUMNS]


def winner_queryset(rankings: QuerySet[Ranking]) -> QuerySet:
    """The places as value rows in winner-list order: events newest first, then RANKING_ORDER."""
    # EVENT_ORDER's directions, applied to the event of each place.
    event_order = [
        F("award__event__year").desc(),
        F("award__event__held_on").desc(nulls_last=True),
        F("award__event__title").asc(),
    ]
    return rankings.order_by(*event_order, "award__event_id", *RANKING_ORDER).values_list(*_WINNER_VALUES)


def winner_list_rows(rankings: QuerySet[Ranking]) -> Iterator[tuple]:
    """The winner list's rows, in one query whatever their number, read in chunks."""
    levels = {value: str(label) for value, label in RankingLevel.choices}
    yes, no = _("yes"), _("no")
    for (
        event,
        year,
        held_on,
        place_word,
        numbering,
        mention_word,
        award,
        channel,
        category,
        level,
        position,
        shared,
        name,
        kind_name,
        prefix,
        short_name,
        parent_name,
        parent_prefix,
        score,
        citation,
    ) in winner_queryset(rankings).iterator(chunk_size=2000):
        yield (
            event,
            year,
            held_on.isoformat() if held_on else "",
            award,
            channel or "",
            category,
            levels.get(level, str(level)),
            position,
            ranking_words(
                place_word=place_word,
                numbering=numbering,
                mention_word=mention_word,
                level=level,
                position=position,
                shared=shared,
            ),
            yes if shared else no,
            printed_name(name, prefix),
            kind_name,
            short_name,
            printed_name(parent_name, parent_prefix) if parent_name else "",
            score,
            citation,
        )


def winner_list_filename(event: EvaluationEvent | None, fmt: str) -> str:
    return f"pemenang-{event.slug if event else 'semua'}.{fmt}"


def winner_list_file(rankings: QuerySet[Ranking], fmt: str, *, title: str = "") -> bytes:
    """The winner list of these places as a file in one of the export formats."""
    return winner_list_file_of(winner_list_rows(rankings), fmt, title=title)


def winner_list_file_of(rows: Iterable[tuple], fmt: str, *, title: str = "") -> bytes:
    """A winner list's rows (``winner_list_rows``, or results.downloads' of a version) as a file."""
    widths = [WINNER_WIDTHS[key] for key, _header in WINNER_COLUMNS]
    return write_sheet(fmt, winner_headers(), rows, title=title or str(_("Winners")), widths=widths)


# ---------------------------------------------------------------------------------------------
# Import


def _cell_key(text) -> str:
    """A cell or a name as the import compares it: trimmed, inner spaces folded, case ignored."""
    if isinstance(text, str) and len(text) <= _KEPT_KEY_LENGTH:
        return _text_key(text)
    return normalize_name(import_text(text)).casefold()


# A file repeats its event, award and category on every row: their keys are made once. Long
# cells (a hostile file's) are not kept.
_KEPT_KEY_LENGTH = 200


@functools.lru_cache(maxsize=4096)
def _text_key(text: str) -> str:
    return normalize_name(import_text(text)).casefold()


_TRUE = {"1", "x", "v", "✓", "true", "yes", "y", "ya", "benar", "bersama"}
_FALSE = {"", "0", "false", "no", "n", "tidak", "salah", "-"}
_SHARED_MARK = re.compile(r"\s*\(\s*bersama\s*\)\s*$", re.IGNORECASE)


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = import_text(value).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("“%(value)s” is not yes or no (ya/tidak).") % {"value": import_text(value)})


def _whole_number(value) -> int:
    """A cell as a whole number of 1 to 99; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = import_text(value)
        if not text.isdigit():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        number = int(text)
    if number < 1:
        raise ValueError(_("The position must be 1 or more."))
    if number > 99:
        raise ValueError(_("The position must be between 1 and 99."))
    return number


# Words that say “a place” or “an honourable mention” in any event, beside the event's own.
_PLACE_WORDS = {"juara", "terbaik", "peringkat", "place", "ke", "ke-"}
_MENTION_WORDS = {"harapan", "honourable mention", "mention"}
_ORDINALS = {ordinal_words(n).casefold(): n for n in range(1, 100)}


class PositionReader:
    """Reads a place in an event's words: “1”, “Terbaik Kedua”, “Juara 1”, “Harapan 2”, “Ketiga”,
    with “(bersama)” after it for a shared place; and a level column's “Juara”, “Harapan”, or the
    level's label in either language."""

    def __init__(self):
        self.level_names: dict[str, int] = {}
        for value, label in RankingLevel.choices:
            self.level_names[str(value)] = value
            for text in in_both_languages(label):
                self.level_names[text.casefold()] = value
        for word in _PLACE_WORDS:
            self.level_names.setdefault(word, RankingLevel.PLACE)
        for word in _MENTION_WORDS:
            self.level_names.setdefault(word, RankingLevel.MENTION)

    def level(self, value, event: EvaluationEvent) -> int | None:
        text = _cell_key(value)
        if not text:
            return None
        if text == event.place_word.casefold():
            return RankingLevel.PLACE
        if text == event.mention_word.casefold():
            return RankingLevel.MENTION
        if text in self.level_names:
            return self.level_names[text]
        raise ValueError(
            _(
                "“%(value)s” is not a level; write “%(place)s” for a place or “%(mention)s” for an "
                "honourable mention."
            )
            % {"value": import_text(value), "place": event.place_word, "mention": event.mention_word}
        )

    def position(self, value, event: EvaluationEvent) -> tuple[int | None, int, bool]:
        """(level it says, or None when it is a bare number; position; whether it says shared)."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return None, _whole_number(value), False
        raw = import_text(value)
        if not raw:
            raise ValueError(_("A position is needed."))
        text, shared = _SHARED_MARK.subn("", normalize_name(raw))
        text = text.casefold()
        if text.isdigit():
            return None, _whole_number(text), bool(shared)
        mention_words = {event.mention_word.casefold(), *_MENTION_WORDS}
        place_words = {event.place_word.casefold(), *_PLACE_WORDS}
        for words, level in ((mention_words, RankingLevel.MENTION), (place_words, RankingLevel.PLACE)):
            for word in sorted(words, key=len, reverse=True):
                if text.startswith(word) and (len(text) == len(word) or not text[len(word)].isalpha()):
                    rest = text[len(word) :].strip().lstrip("-").strip()
                    number = self._number(rest, allow_words=level == RankingLevel.PLACE)
                    if number is not None:
                        return level, number, bool(shared)
        number = self._number(text, allow_words=True)
        if number is not None:
            return RankingLevel.PLACE, number, bool(shared)
        raise ValueError(
            _(
                "“%(value)s” is not a position; write a number (1), a place in the event's words "
                "(%(place)s) or an honourable mention (%(mention)s)."
            )
            % {
                "value": raw,
                "place": ranking_words(
                    place_word=event.place_word,
                    numbering=event.place_numbering,
                    mention_word=event.mention_word,
                    level=RankingLevel.PLACE,
                    position=1,
                ),
                "mention": f"{event.mention_word} 1",
            }
        )

    @staticmethod
    def _number(text: str, *, allow_words: bool) -> int | None:
        if text.isdigit():
            return _whole_number(text)
        if allow_words and text in _ORDINALS:
            return _ORDINALS[text]
        return None


def parse_score(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int | float):
        # Spreadsheet programs store 87.5 as a binary fraction; round to the score's two places.
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = import_text(value).replace(" ", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")  # Indonesian decimal comma: 87,5
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": import_text(value)}) from None
    if not number.is_finite():
        raise ValueError(_("“%(value)s” is not a number.") % {"value": import_text(value)})
    if number < 0:
        raise ValueError(_("The score may not be negative."))
    # The bound first: quantize() of 1e400 exceeds the decimal context and raises.
    if number >= Decimal("100000"):
        raise ValueError(_("A score is at most 99999.99."))
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(_("A score has at most two decimals."))
    return number.quantize(Decimal("0.01"))


def _category_key(text: str) -> str:
    key = _cell_key(text)
    return key.removeprefix("kategori ").strip() if key.startswith("kategori ") else key


@dataclass
class _FileLookups:
    """What the cells of a places file are read against, read once per file."""

    events: dict[int, EvaluationEvent]  # the named events, locked when the import writes
    awards: dict[int, dict[str, Award]]  # by event, then by the award's key
    categories: list[Category]
    category_keys: dict[int, dict[str, Category]]  # by award (see _category_keys)
    kind_codes: dict[int, set[str]]  # the kinds each category admits
    offices: OfficeLookup
    read_kind: Callable
    positions: "PositionReader"


class RankingResource(AllOrNothingResource):
    """Places of events, from a winner list or any sheet with the same columns."""

    display_name = gettext_lazy("Places (winner list)")

    class Meta:
        model = Ranking

    def columns(self) -> list[Column]:
        return [
            Column(key, in_both_languages(header), required=key in REQUIRED_ON_IMPORT)
            for key, header in WINNER_COLUMNS
        ]

    def check_rows(self, rows: list[RowOutcome], *, lock: bool) -> None:
        """Read what the file names (events, awards, categories, offices) in a fixed number of
        queries, read every cell of every row, then check the places as they will stand."""
        headers = {c.key: c.headers[0] for c in self.columns()}
        row_events = self._find_events(rows, headers)
        file = self._read_lookups(sorted({event.pk for event in row_events.values()}), lock=lock)
        parsed: list[tuple[RowOutcome, dict]] = []
        for row in rows:
            if row.number in row_events:
                event = file.events[row_events[row.number].pk]
                fields = self._read_row(row, event, file, headers)
                if fields is not None:
                    # A row with other errors still takes part in the check of places, so that
                    # the user sees all of its problems at once.
                    parsed.append((row, fields))
        # The offices the file names, with their kinds, in one query.
        office_rows = Office.objects.select_related("kind").in_bulk(sorted({f["office"] for _r, f in parsed}))
        self._check_places(
            parsed,
            office_rows,
            file.events,
            headers,
            categories={category.pk: category for category in file.categories},
            kind_codes=file.kind_codes,
        )
        self._check_titles(parsed, headers)

    @staticmethod
    def _find_events(rows: list[RowOutcome], headers: dict[str, str]) -> dict[int, EvaluationEvent]:
        """The event each row names (by title or slug), by row number; one query."""
        events = list(EvaluationEvent.objects.order_by("pk"))
        by_slug = {event.slug.casefold(): event for event in events}
        by_title: dict[str, list[EvaluationEvent]] = {}
        for event in events:
            by_title.setdefault(_cell_key(event.title), []).append(event)
        found_events: dict[int, EvaluationEvent] = {}
        for row in rows:
            text = import_text(row.values.get("event"))
            key = _cell_key(text)
            found = by_title.get(key) or ([by_slug[key]] if key in by_slug else [])
            if not key:
                row.error(headers["event"], _("An event is needed."))
            elif not found:
                row.error(
                    headers["event"], _("No event “%(name)s” (give its title or its slug).") % {"name": text}
                )
            elif len(found) > 1:
                row.error(
                    headers["event"],
                    _("More than one event is called “%(name)s”; write the slug.") % {"name": text},
                )
            else:
                found_events[row.number] = found[0]
        return found_events

    def _read_lookups(self, event_ids: list[int], *, lock: bool) -> "_FileLookups":
        """The named events (locked when the import will write, so that what is checked is what
        is written), their awards and categories, and everything a cell is read against."""
        locked = EvaluationEvent.objects.filter(pk__in=event_ids).order_by("pk")
        if lock:
            locked = locked.select_for_update()
        events = {event.pk: event for event in locked}
        award_list = list(
            Award.objects.filter(event_id__in=event_ids)
            .select_related("channel")
            .prefetch_related("categories")
            .order_by("event_id", "order", "pk")
        )
        awards: dict[int, dict[str, Award]] = {pk: {} for pk in event_ids}
        categories = []
        for award in award_list:
            award.event = events[award.event_id]
            awards[award.event_id][_cell_key(award.title)] = award
            for category in award.categories.all():
                category.award = award
                categories.append(category)
        return _FileLookups(
            events=events,
            awards=awards,
            categories=categories,
            category_keys={award.pk: self._category_keys(award) for award in award_list},
            kind_codes=category_kind_codes(categories),
            offices=OfficeLookup.of_all_offices(),
            read_kind=kind_parser(),
            positions=PositionReader(),
        )

    def _read_row(self, row: RowOutcome, event, file: "_FileLookups", headers) -> dict | None:
        """A row's cells as the fields of a place (errors recorded on the row); None when the
        row names no category, office or place to check against the others."""
        values = row.values
        award = self._award(row, headers, file.awards[event.pk], event, values)
        category = (
            self._category(row, headers, award, values, file.category_keys[award.pk]) if award else None
        )
        if award is not None:
            self._check_channel(row, headers, award)
        office = self._read_office(row, headers, file, file.kind_codes.get(category.pk) if category else None)
        place, said_shared = self._read_place(row, headers, event, file.positions)
        fields: dict = {"event": event, "office": office, "category": category}
        if place is not None:
            fields["level"], fields["position"] = place
        self._read_shared(row, headers, fields, said_shared)
        self._read_score_and_citation(row, headers, fields)
        if office is None or place is None or category is None:
            return None
        return fields

    @staticmethod
    def _check_channel(row: RowOutcome, headers, award: Award) -> None:
        """A channel cell must be the award's channel (a row copied under the wrong award)."""
        given = import_text(row.values.get("channel"))
        if not given:
            return
        if award.channel is None:
            if _cell_key(given):
                row.error(
                    headers["channel"],
                    _("Award %(award)s has no channel; leave the column empty (not “%(given)s”).")
                    % {"award": award.title, "given": given},
                )
        elif _cell_key(given) not in {_cell_key(award.channel.name), award.channel.code.casefold()}:
            row.error(
                headers["channel"],
                _("Award %(award)s is given for channel %(channel)s, not “%(given)s”.")
                % {"award": award.title, "channel": award.channel.name, "given": given},
            )

    @staticmethod
    def _read_office(row: RowOutcome, headers, file: "_FileLookups", admitted: set[str] | None) -> int | None:
        """The pk of the office the row names (of its kind cell's kind, when given)."""
        kind = None
        try:
            kind = file.read_kind(row.values.get("office_kind"))
        except ValueError as exc:
            row.error(headers["office_kind"], str(exc))
        try:
            return file.offices.find(
                row.values.get("office"), kind=kind.code if kind else None, admitted=admitted
            ).pk
        except ValueError as exc:
            row.error(headers["office"], str(exc))
            return None

    @staticmethod
    def _read_place(
        row: RowOutcome, headers, event, positions: "PositionReader"
    ) -> tuple[tuple | None, bool]:
        """((level, position) in the event's words, or None when the level or the position cannot
        be read or they disagree; whether the position cell says shared). Both cells are read, so
        that both problems show at once."""
        values = row.values
        level, readable = None, True
        if "level" in values:
            try:
                level = positions.level(values["level"], event)
            except ValueError as exc:
                row.error(headers["level"], str(exc))
                readable = False
        try:
            said_level, position, said_shared = positions.position(values.get("position"), event)
        except ValueError as exc:
            row.error(headers["position"], str(exc))
            return None, False
        if said_level is not None and level is not None and said_level != level:
            row.error(
                headers["position"],
                _("“%(value)s” is not of the level “%(level)s” the row gives.")
                % {"value": import_text(values.get("position")), "level": import_text(values["level"])},
            )
            readable = False
        place = (said_level or level or RankingLevel.PLACE, position) if readable else None
        return place, said_shared

    @staticmethod
    def _read_shared(row: RowOutcome, headers, fields: dict, said_shared: bool) -> None:
        """Shared by the “Shared place” cell, else by “(bersama)” in the position or the title."""
        shared_text = import_text(row.values.get("shared"))
        if shared_text:
            try:
                fields["shared"] = parse_bool(row.values["shared"])
            except ValueError as exc:
                row.error(headers["shared"], str(exc))
        else:
            title_shared = bool(_SHARED_MARK.search(import_text(row.values.get("title"))))
            fields["shared"] = said_shared or title_shared

    @staticmethod
    def _read_score_and_citation(row: RowOutcome, headers, fields: dict) -> None:
        try:
            fields["score"] = parse_score(row.values.get("score"))
        except ValueError as exc:
            row.error(headers["score"], str(exc))
        fields["citation"] = import_text(row.values.get("citation"))
        if len(fields["citation"]) > 300:
            row.error(headers["citation"], _("A citation has at most 300 characters."))

    @staticmethod
    def _award(row, headers, awards: dict[str, Award], event, values) -> Award | None:
        text = import_text(values.get("award"))
        if not text:
            row.error(headers["award"], _("An award is needed."))
            return None
        award = awards.get(_cell_key(text))
        if award is None:
            known = ", ".join(f"“{a.title}”" for a in awards.values()) or _("none yet")
            row.error(
                headers["award"],
                _(
                    "Event %(event)s has no award “%(name)s” (its awards: %(known)s). The import does "
                    "not create awards: enter the award in the admin first."
                )
                % {"event": event.title, "name": text, "known": known},
            )
        return award

    @staticmethod
    def _category(row, headers, award: Award, values, by_key: dict[str, Category]) -> Category | None:
        """The category a row names among ``by_key`` (``_category_keys`` of its award)."""
        text = import_text(values.get("category"))
        if text and (found := by_key.get(_category_key(text))) is not None:
            return found
        categories = list(award.categories.all())
        known = ", ".join(f"“{c.title}”" for c in categories) or _("none yet")
        if not text:
            if len(categories) == 1:
                return categories[0]
            row.error(
                headers["category"],
                _("Award %(award)s has the categories %(known)s; name one in this column.")
                % {"award": award.title, "known": known}
                if categories
                else _(
                    "Award %(award)s has no category yet. The import does not create categories: "
                    "enter the category in the admin first."
                )
                % {"award": award.title},
            )
            return None
        row.error(
            headers["category"],
            _(
                "Award %(award)s has no category “%(name)s” (its categories: %(known)s). The import "
                "does not create categories: enter the category in the admin first."
            )
            % {"award": award.title, "name": text, "known": known},
        )
        return None

    @staticmethod
    def _category_keys(award: Award) -> dict[str, Category]:
        """An award's categories by the key a row may name them with; the first of a key wins."""
        by_key: dict[str, Category] = {}
        for category in award.categories.all():
            by_key.setdefault(_category_key(category.title), category)
        return by_key

    def _check_places(self, parsed, office_rows, events, headers, *, categories, kind_codes) -> None:
        """Check each event's places as they will stand after the import (saved + file), with
        the events' categories and their kinds as ``check_rows`` read them under the locks."""
        existing: dict[int, dict[tuple[int, int], Ranking]] = {}
        for event_id in sorted({fields["event"].pk for _row, fields in parsed}):
            existing[event_id] = {
                (r.award_id, r.office_id): r for r in event_rankings(events[event_id]).order_by("pk")
            }
        # Awards whose places were finalised from the judging: a row that would add or change one
        # of their places is refused on its award cell (read under the events' locks).
        locks = places_locks(category.award_id for category in categories.values())
        seen: dict[tuple[int, int], RowOutcome] = {}
        entries: dict[int, dict[tuple[int, int], tuple[object, Ranking]]] = {
            event_id: {key: (("saved", r.pk), r) for key, r in saved.items()}
            for event_id, saved in existing.items()
        }
        for row, fields in parsed:
            category, office = fields["category"], office_rows[fields["office"]]
            key = (category.award_id, office.pk)
            event_id = fields["event"].pk
            if key in seen:
                row.error(
                    headers["office"],
                    _("%(office)s already holds a place in award %(award)s (row %(row)s).")
                    % {"office": office.display_name, "award": category.award.title, "row": seen[key].number},
                )
                continue
            seen[key] = row
            old = existing[event_id].get(key)
            values = (
                category.pk,
                fields["level"],
                fields["position"],
                fields.get("shared", False),
                fields.get("score"),
            )
            if old is not None:
                same = (old.category_id, old.level, old.position, old.is_shared, old.score, old.citation) == (
                    *values,
                    fields["citation"],
                )
                row.import_type = "skip" if same else "update"
                ranking = old
            else:
                row.import_type = "new"
                ranking = Ranking()
            ranking.category, ranking.office = category, office
            ranking.level, ranking.position, ranking.is_shared = (
                fields["level"],
                fields["position"],
                fields.get("shared", False),
            )
            ranking.score, ranking.citation = fields.get("score"), fields["citation"]
            ranking.copy_award()
            row.instance = ranking
            entries[event_id][key] = (row, ranking)
            if row.import_type != "skip" and category.award_id in locks:
                row.error(headers["award"], places_locked_message(locks[category.award_id]))

        field_headers = {
            "position": headers["position"],
            "office": headers["office"],
            "level": headers["position"],
        }
        for event_id, event_entries in entries.items():
            rows = list(event_entries.values())
            problems = event_places_check(
                events[event_id], rows, categories=categories, kind_codes=kind_codes
            )
            for problem in problems:
                if isinstance(problem.key, RowOutcome):
                    column = field_headers.get(problem.field, problem.field)
                    if problem.field == "level" and "level" in problem.key.values:
                        column = headers["level"]
                    problem.key.error(column, problem.message)

    @staticmethod
    def _check_titles(parsed, headers) -> None:
        """A printed title in the file must be what the place prints (a stale list is caught)."""
        for row, _fields in parsed:
            given = import_text(row.values.get("title"))
            if not given or row.errors or row.instance is None:
                continue
            printed = row.instance.title
            if _cell_key(given) != _cell_key(printed):
                row.error(
                    headers["title"],
                    _("“%(given)s” does not match the place the row gives, which prints “%(printed)s”.")
                    % {"given": given, "printed": printed},
                )

    def save(self, rows: list[RowOutcome], *, user) -> None:
        new = [row.instance for row in rows if row.import_type == "new"]
        changed = [row.instance for row in rows if row.import_type == "update"]
        try:
            rankings_import_save(new=new, changed=changed, by=user)
        except PlacesConflict as exc:
            raise SpreadsheetError(str(exc)) from exc
        except PlacesLocked as exc:
            raise SpreadsheetError(" ".join(exc.messages)) from exc
