"""Files the public downloads of a published version, read straight from its rows: the winner
list, fit for a report (a table on its first sheet, what it is on the second).

The table's columns are named for what they hold and are the same words in every format (xlsx,
ods, csv, json); a column no place of the version fills (no channel, no short name, no score …)
is left out, and "shared" or "honourable mention" is said on the rows it is true of only. The
version it is (number, final or provisional and until when) is on every row; the xlsx and ods add
a second sheet naming the government, the event and the correction.
"""

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q
from django.db.models.functions import Length
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from awards.models import RankingLevel
from common.spreadsheets import Sheet, write_csv, write_json, write_ods_book, write_xlsx_book
from documents.certificates.words import government_of
from offices.names import printed_name
from results.models import PublishedVersion, VersionPlace

# Rows fetched per round trip while a winner list is written: a 50,000-place version in 25.
CHUNK = 2000
# Widths of the xlsx columns, in characters: measured from the longest text, within these bounds.
MIN_WIDTH, MAX_WIDTH = 6, 60
DATE_WIDTH, MOMENT_WIDTH = len("yyyy-mm-dd"), len("yyyy-mm-dd h:mm:ss")

# The headers' translation context is written out at each call: makemessages reads only literals.
# (key, header): every column a winner list may have, in its order. The place's printed words
# ("Terbaik Pertama", "Harapan 1") and its position (1, 2 …) are two columns of their own.
COLUMNS = [
    ("event", pgettext_lazy("winner list column", "Event")),
    ("date", pgettext_lazy("winner list column", "Date held")),
    ("year", pgettext_lazy("winner list column", "Year")),
    ("award", pgettext_lazy("winner list column", "Award")),
    ("channel", pgettext_lazy("winner list column", "Channel")),
    ("category", pgettext_lazy("winner list column", "Category")),
    ("place", pgettext_lazy("winner list column", "Place")),
    ("position", pgettext_lazy("winner list column", "Position")),
    ("mention", pgettext_lazy("winner list column", "Honourable mention")),
    ("shared", pgettext_lazy("winner list column", "Shared place")),
    ("office", pgettext_lazy("winner list column", "Office")),
    ("office_kind", pgettext_lazy("winner list column", "Office kind")),
    ("short_name", pgettext_lazy("winner list column", "Short name")),
    ("parent", pgettext_lazy("winner list column", "Part of")),
    ("score", pgettext_lazy("winner list column", "Score")),
    ("citation", pgettext_lazy("winner list column", "Citation")),
    ("code", pgettext_lazy("winner list column", "Verification code")),
    ("version", pgettext_lazy("winner list column", "Version")),
    ("version_status", pgettext_lazy("winner list column", "Version status")),
    ("appeal_deadline", pgettext_lazy("winner list column", "Objections until")),
]
KEYS = [key for key, _header in COLUMNS]


def government_name(version: PublishedVersion) -> str:
    """The government whose list this is ("Pemerintah Kota Banjarmasin"): the heading the version
    printed on its certificates (the government's, offices.Government, when it was published), in
    a sentence's capitals; a version without one, from its city as its certificates made it."""
    return version.heading.title() if version.heading else government_of(version.city)


def status_words(version: PublishedVersion) -> str:
    """The version's status in a cell: "final", or "provisional" (the deadline is a column)."""
    return (
        pgettext("version status", "final") if version.is_final else pgettext("version status", "provisional")
    )


@dataclass
class WinnerList:
    """A version's winner list: its columns, its rows (streamed, one query), the xlsx widths and
    the facts of its second sheet as (label, value) pairs."""

    version: PublishedVersion
    keys: list[str]
    rows: Iterator[tuple]
    widths: list[int]
    about: list[tuple[str, object]] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        names = dict(COLUMNS)
        return [str(names[key]) for key in self.keys]


def _filled(version: PublishedVersion) -> dict:
    """Which optional columns any place of the version fills, and the longest text of each text
    column (for the widths): one query, whatever the number of places."""
    return VersionPlace.objects.filter(version=version).aggregate(
        has_channel=Count("pk", filter=~Q(category__award__channel_name="")),
        has_mention=Count("pk", filter=Q(level=RankingLevel.MENTION)),
        has_shared=Count("pk", filter=Q(is_shared=True)),
        has_short_name=Count("pk", filter=~Q(office_short_name="")),
        has_parent=Count("pk", filter=~Q(parent_name="")),
        has_score=Count("score"),
        has_citation=Count("pk", filter=~Q(citation="")),
        award_len=Max(Length("category__award__title")),
        channel_len=Max(Length("category__award__channel_name")),
        category_len=Max(Length("category__title")),
        place_len=Max(Length("title")),
        office_len=Max(Length("office_name") + Length("kind_prefix")),
        office_kind_len=Max(Length("kind_name")),
        short_name_len=Max(Length("office_short_name")),
        parent_len=Max(Length("parent_name") + Length("parent_prefix")),
        citation_len=Max(Length("citation")),
    )


OPTIONAL = ("channel", "mention", "shared", "short_name", "parent", "score", "citation")


def _keys(version: PublishedVersion, filled: dict) -> list[str]:
    left_out = {key for key in OPTIONAL if not filled[f"has_{key}"]}
    left_out.add("year" if version.held_on else "date")
    if version.is_final:
        left_out.add("appeal_deadline")
    return [key for key in KEYS if key not in left_out]


def _widths(version: PublishedVersion, keys: list[str], filled: dict) -> list[int]:
    names = dict(COLUMNS)
    measured = {
        "event": len(version.title),
        "date": DATE_WIDTH,
        "appeal_deadline": MOMENT_WIDTH,
        "code": 9,
        "version_status": len(status_words(version)),
        # A printed name has a space between the kind's word and the name.
        "office": (filled["office_len"] or 0) + 1,
        "parent": (filled["parent_len"] or 0) + 1,
    }
    widths = []
    for key in keys:
        longest = measured.get(key, filled.get(f"{key}_len") or 0)
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, len(str(names[key])) + 2, longest + 2)))
    return widths


def _about(version: PublishedVersion) -> list[tuple[str, object]]:
    """The second sheet: what the list is, whose, which version, and the correction's date and
    reason when it is one."""
    url = settings.PUBLIC_BASE_URL.rstrip("/") + version.get_absolute_url()
    facts: list[tuple[str, object]] = [
        (_("Government"), government_name(version)),
        (_("Event"), version.title),
        (_("Date held"), version.held_on) if version.held_on else (_("Year"), version.year),
    ]
    if version.venue:
        facts.append((_("Venue"), version.venue))
    facts.append((pgettext("winner list column", "Version"), version.number))
    if version.is_final:
        facts.append((_("Status"), _("Final")))
    else:
        deadline = localtime(version.appeal_deadline)
        facts.append(
            (
                _("Status"),
                _("Provisional: objections (sanggahan) may be sent to the committee until %(deadline)s.")
                % {"deadline": date_format(deadline, "j F Y, H:i T")},
            )
        )
        facts.append((pgettext("winner list column", "Objections until"), version.appeal_deadline))
    facts.append((_("Published at"), version.published_at))
    if version.number > 1:
        facts.append((_("Corrected on"), localtime(version.published_at).date()))
        facts.append((_("Reason for the correction"), version.reason))
    facts.append((_("Address"), url))
    return facts


def version_winner_list(version: PublishedVersion) -> WinnerList:
    """The winner list of a version (two queries: which columns it fills, then its places)."""
    filled = _filled(version)
    keys = _keys(version, filled)
    return WinnerList(
        version=version,
        keys=keys,
        rows=_rows(version, keys),
        widths=_widths(version, keys, filled),
        about=_about(version),
    )


def _rows(version: PublishedVersion, keys: list[str]) -> Iterator[tuple]:
    """The rows of the columns ``keys``, in the version's order: one values_list() query read in
    chunks, no model instance per place, so 50,000 places are written at the writer's pace."""
    yes = pgettext("winner list column", "yes")
    status = status_words(version)
    pick: Callable = operator.itemgetter(*[KEYS.index(key) for key in keys])
    names: dict[tuple, str] = {}
    places = (
        VersionPlace.objects.filter(version=version)
        .order_by("order")
        .values_list(
            "category__award__title",
            "category__award__channel_name",
            "category__title",
            "level",
            "position",
            "title",
            "is_shared",
            "office_name",
            "kind_prefix",
            "kind_name",
            "office_short_name",
            "parent_name",
            "parent_prefix",
            "score",
            "citation",
            "code",
        )
        .iterator(chunk_size=CHUNK)
    )
    title, held_on, year, number, deadline = (
        version.title,
        version.held_on,
        version.year,
        version.number,
        version.appeal_deadline,
    )
    mention = RankingLevel.MENTION
    for (
        award,
        channel,
        category,
        level,
        position,
        place,
        shared,
        name,
        prefix,
        kind,
        short_name,
        parent,
        parent_prefix,
        score,
        citation,
        code,
    ) in places:
        office = names.get((name, prefix))
        if office is None:
            office = names[(name, prefix)] = printed_name(name, prefix)
        yield pick(
            (
                title,
                held_on,
                year,
                award,
                channel,
                category,
                place,
                position,
                yes if level == mention else "",
                yes if shared else "",
                office,
                kind,
                short_name,
                printed_name(parent, parent_prefix) if parent else "",
                score,
                citation,
                code,
                number,
                status,
                deadline,
            )
        )


def winner_list_file(winners: WinnerList, fmt: str) -> bytes:
    """The winner list as a file: xlsx and ods with the table first and the facts on a second
    sheet; csv and json the table alone (each row names its version and status)."""
    table_title, about_title = _("Winners"), _("About this list")
    if fmt in ("xlsx", "ods"):
        about_widths = [max(len(str(label)) for label, _value in winners.about) + 2, MAX_WIDTH]
        about = Sheet(
            about_title,
            [_("Winner list"), winners.version.title],
            winners.about,
            widths=about_widths,
            table=False,
        )
        table = Sheet(table_title, winners.headers, winners.rows, widths=winners.widths)
        return write_xlsx_book([table, about]) if fmt == "xlsx" else write_ods_book([table, about])
    if fmt == "csv":
        return write_csv(winners.headers, winners.rows)
    if fmt == "json":
        return write_json(winners.headers, winners.rows)
    raise ValueError(f"Unknown export format {fmt!r}")
