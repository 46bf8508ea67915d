"""Winner lists out, places in: the spreadsheet shapes of awards.

One shape serves both directions: the winner list a committee member downloads can be imported
again (the extra columns, such as the position in words, are ignored on import).
"""

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import EvaluationEvent, Ranking
from awards.services import PlacesConflict, places_check, rankings_import_save
from common.spreadsheets import (
    AllOrNothingResource,
    Column,
    RowOutcome,
    SpreadsheetError,
    import_text,
    in_both_languages,
    write_sheet,
)
from offices.models import Channel, office_display_name
from offices.resources import OfficeLookup, kind_parser, name_key

# (key, header); the headers are translated when a file is written or read.
WINNER_COLUMNS = [
    ("event", gettext_lazy("Event")),
    ("year", gettext_lazy("Year")),
    ("channel", gettext_lazy("Channel")),
    ("office_kind", gettext_lazy("Office kind")),
    ("position", gettext_lazy("Position")),
    ("position_words", gettext_lazy("Position in words")),
    ("shared", gettext_lazy("Shared place")),
    ("office", gettext_lazy("Office name")),
    ("short_name", gettext_lazy("Short name")),
    ("parent", gettext_lazy("Parent office")),
    ("score", gettext_lazy("Score")),
    ("citation", gettext_lazy("Citation")),
]
REQUIRED_ON_IMPORT = {"event", "channel", "office", "position"}
# Column widths of the xlsx winner list, in characters: long enough for the seed's longest names.
WINNER_WIDTHS = {
    "event": 42,
    "year": 7,
    "channel": 12,
    "office_kind": 12,
    "position": 9,
    "position_words": 24,
    "shared": 12,
    "office": 48,
    "short_name": 14,
    "parent": 40,
    "score": 8,
    "citation": 40,
}

_WINNER_VALUES = (
    "event__title",
    "event__year",
    "channel__name",
    "office__kind__name",
    "office__kind__prefix",
    "position",
    "is_shared",
    "office__name",
    "office__short_name",
    "office__parent__name",
    "office__parent__kind__prefix",
    "score",
    "citation",
)


def winner_headers() -> list[str]:
    return [str(header) for _key, header in WINNER_COLUMNS]


def winner_queryset(rankings: QuerySet[Ranking]) -> QuerySet:
    """The places as value rows in winner-list order: event, channel order, office kind, position."""
    return rankings.order_by(
        "-event__held_on",
        "event_id",
        "channel__order",
        "channel__name",
        "office__kind__order",
        "office_kind",
        "position",
        "office__name",
    ).values_list(*_WINNER_VALUES)


def winner_rows(rankings: QuerySet[Ranking]) -> Iterator[tuple]:
    """The winner list's rows, in one query whatever their number, read in chunks."""
    yes, no = _("yes"), _("no")
    words: dict[int, str] = {}
    for (
        title,
        year,
        channel,
        kind,
        prefix,
        position,
        shared,
        name,
        short_name,
        parent_name,
        parent_prefix,
        score,
        citation,
    ) in winner_queryset(rankings).iterator(chunk_size=2000):
        if position not in words:
            words[position] = position_in_words(position)
        yield (
            title,
            year,
            channel,
            kind,
            position,
            words[position],
            yes if shared else no,
            office_display_name(name, prefix),
            short_name,
            office_display_name(parent_name, parent_prefix or "") if parent_name else "",
            score,
            citation,
        )


def winner_list_filename(event: EvaluationEvent | None, fmt: str) -> str:
    return f"pemenang-{event.slug if event else 'semua'}.{fmt}"


def winner_list_file(rankings: QuerySet[Ranking], fmt: str, *, title: str = "") -> bytes:
    """The winner list of these places as a file in one of the export formats."""
    widths = [WINNER_WIDTHS[key] for key, _header in WINNER_COLUMNS]
    return write_sheet(
        fmt, winner_headers(), winner_rows(rankings), title=title or str(_("Winners")), widths=widths
    )


# ---------------------------------------------------------------------------------------------
# Import


_key = name_key


_TRUE = {"1", "x", "v", "✓", "true", "yes", "y", "ya", "benar", "bersama"}
_FALSE = {"", "0", "false", "no", "n", "tidak", "salah", "-"}


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = import_text(value).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("“%(value)s” is not yes or no (ya/tidak).") % {"value": import_text(value)})


def parse_position(value) -> int:
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = import_text(value)
        if not text:
            raise ValueError(_("A position is needed."))
        if not text.isdigit():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        number = int(text)
    if number < 1:
        raise ValueError(_("The position must be 1 or more."))
    if number > 32767:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": number})
    return number


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


class RankingResource(AllOrNothingResource):
    """Places of events, from a winner list or any sheet with the same columns."""

    display_name = gettext_lazy("Places (winner list)")

    class Meta:
        model = Ranking

    def columns(self) -> list[Column]:
        return [
            Column(key, in_both_languages(header), required=key in REQUIRED_ON_IMPORT)
            for key, header in WINNER_COLUMNS
            if key not in {"position_words", "year", "short_name", "parent"}
        ]

    def prepare(self, rows: list[RowOutcome], *, lock: bool) -> None:
        headers = {c.key: c.headers[0] for c in self.columns()}
        # Lookups: a fixed number of queries whatever the number of rows.
        events = list(EvaluationEvent.objects.all())
        event_by_slug = {e.slug.casefold(): e for e in events}
        event_by_title: dict[str, list[EvaluationEvent]] = {}
        for event in events:
            event_by_title.setdefault(_key(event.title), []).append(event)
        channels = {}
        for channel in Channel.objects.all():
            channels[channel.code.casefold()] = channel
            channels[_key(channel.name)] = channel
        offices = OfficeLookup.of_all_offices()
        parse_kind = kind_parser()

        def find_event(text: str) -> EvaluationEvent:
            key = _key(text)
            found = event_by_title.get(key) or ([event_by_slug[key]] if key in event_by_slug else [])
            if not key:
                raise ValueError(_("An event is needed."))
            if not found:
                raise ValueError(_("No event “%(name)s” (give its title or its slug).") % {"name": text})
            if len(found) > 1:
                raise ValueError(
                    _("More than one event is called “%(name)s”; write the slug.") % {"name": text}
                )
            return found[0]

        parsers = (
            ("event", lambda v: find_event(import_text(v))),
            ("channel", self._channel_finder(channels)),
            ("position", parse_position),
            ("shared", parse_bool),
            ("score", parse_score),
            ("office_kind", lambda v: parse_kind(v).code if import_text(v) else None),
        )
        parsed: list[tuple[RowOutcome, Ranking]] = []
        for row in rows:
            values = row.values
            fields = {}
            failed = set()
            for key, parse in parsers:
                if key not in values:
                    continue
                try:
                    fields[key] = parse(values[key])
                except ValueError as exc:
                    row.error(headers[key], str(exc))
                    failed.add(key)
            try:
                fields["office"] = offices.find(import_text(values.get("office")), fields.get("office_kind"))
            except ValueError as exc:
                row.error(headers["office"], str(exc))
                failed.add("office")
            citation = import_text(values.get("citation"))
            if len(citation) > 300:
                row.error(headers["citation"], _("A citation has at most 300 characters."))
            office, kind = fields.get("office"), fields.get("office_kind")
            if office is not None and kind and office.kind_id != kind:
                row.error(
                    headers["office_kind"],
                    _("%(office)s is a %(kind)s office.")
                    % {"office": office.display_name, "kind": office.kind.name},
                )
            if failed & {"event", "channel", "office", "position"}:
                continue
            # A row with other errors still takes part in the check of places, so that the
            # user sees all of its problems at once.
            ranking = Ranking(
                event=fields["event"],
                channel=fields["channel"],
                office=office,
                office_kind=office.kind_id,
                position=fields["position"],
                is_shared=fields.get("shared", False),
                score=fields.get("score"),
                citation=citation,
            )
            parsed.append((row, ranking))

        self._check_places(parsed, headers, lock=lock)

    @staticmethod
    def _channel_finder(channels: dict[str, Channel]):
        def find(value) -> Channel:
            text = import_text(value)
            if not text:
                raise ValueError(_("A channel is needed."))
            try:
                return channels[_key(text)]
            except KeyError:
                raise ValueError(
                    _("No channel “%(name)s”; known: %(known)s.")
                    % {"name": text, "known": ", ".join(sorted({c.name for c in channels.values()}))}
                ) from None

        return find

    def _check_places(self, parsed, headers, *, lock: bool) -> None:
        """Check each event's places as they will stand after the import (existing + file)."""
        event_ids = sorted({ranking.event_id for _row, ranking in parsed})
        events = EvaluationEvent.objects.filter(pk__in=event_ids).order_by("pk")
        if lock:
            # The import will write: lock the events first, so what is checked is what is written.
            events = events.select_for_update()
        events = {event.pk: event for event in events}
        existing: dict[tuple[int, int, int], Ranking] = {
            (r.event_id, r.channel_id, r.office_id): r
            for r in Ranking.objects.filter(event_id__in=event_ids).select_related("office__kind", "channel")
        }
        per_event: dict[int, dict[tuple, tuple[object, Ranking]]] = {
            pk: {(k[1], k[2]): (("db", r.pk), r) for k, r in existing.items() if k[0] == pk} for pk in events
        }
        seen: dict[tuple[int, int, int], RowOutcome] = {}
        for row, ranking in parsed:
            key = (ranking.event_id, ranking.channel_id, ranking.office_id)
            ranking.event = events[ranking.event_id]
            if key in seen:
                row.error(
                    headers["office"],
                    _("%(office)s already holds a place in %(channel)s in this event (row %(row)s).")
                    % {"office": ranking.office, "channel": ranking.channel, "row": seen[key].number},
                )
                continue
            seen[key] = row
            old = existing.get(key)
            if old is not None:
                ranking.pk, ranking.created_at = old.pk, old.created_at
                same = (old.position, old.is_shared, old.score, old.citation) == (
                    ranking.position,
                    ranking.is_shared,
                    ranking.score,
                    ranking.citation,
                )
                row.import_type = "skip" if same else "update"
            else:
                row.import_type = "new"
            row.instance = ranking
            per_event[ranking.event_id][key[1:]] = (row, ranking)

        field_headers = {"position": headers["position"], "office": headers["office"]}
        for event_id, entries in per_event.items():
            problems = places_check(places=events[event_id].places_per_category, rows=list(entries.values()))
            for problem in problems:
                if isinstance(problem.key, RowOutcome):
                    problem.key.error(field_headers.get(problem.field, problem.field), problem.message)

    def save(self, rows: list[RowOutcome], *, user) -> None:
        new = [row.instance for row in rows if row.import_type == "new"]
        changed = [row.instance for row in rows if row.import_type == "update"]
        try:
            rankings_import_save(new=new, changed=changed, by=user)
        except PlacesConflict as exc:
            raise SpreadsheetError(str(exc)) from exc
