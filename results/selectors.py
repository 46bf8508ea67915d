"""Public reads of the published record: each in a fixed number of queries, whatever the number
of versions."""

import datetime
import functools
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.http import http_date

from awards.models import (
    EvaluationEvent,
    EventStatus,
    RankingLevel,
)
from awards.selectors import MedalCount, MedalTable
from offices.models import Channel, Office
from results.codes import normalise_code
from results.freezing import (
    PRINTED_EVENT_FIELDS,
    SCORE_BREAKDOWN,
    VersionRows,
    event_snapshot,
    version_rows_build,
    version_unsaved,
)
from results.models import (
    PublishedVersion,
    VersionAward,
    VersionCategory,
    VersionPlace,
    VersionSignatory,
)


class Withdrawn(Exception):
    def __init__(self, version: PublishedVersion) -> None:
        self.version = version


def current_version(slug: str) -> PublishedVersion:
    """The current version of an event, with its event, in one query. 404 for a draft; Withdrawn
    (the view answers 410) for a withdrawn event."""
    version = (
        PublishedVersion.objects.select_related("event")
        .filter(event__slug=slug, is_current=True)
        .exclude(event__status=EventStatus.DRAFT)
        .first()
    )
    if version is None:
        raise Http404
    if version.event.status == EventStatus.WITHDRAWN:
        raise Withdrawn(version)
    return version


@dataclass
class PrintedCategory:
    """A category of a version, with its places then its honourable mentions, as printed."""

    category: VersionCategory
    places: list[VersionPlace] = field(default_factory=list)
    mentions: list[VersionPlace] = field(default_factory=list)


@dataclass
class PrintedAward:
    award: VersionAward
    categories: list[PrintedCategory] = field(default_factory=list)


@dataclass
class PrintedVersion:
    """A version's rows as it printed them, in its order: the shape every page, file and
    certificate of a version reads. The committee's preview has the same shape, of rows built
    from the draft and not saved (``draft_printed``)."""

    # The event's words as printed are the version's own columns (title, year, held_on, …).
    version: PublishedVersion
    signatories: list[VersionSignatory]
    awards: list[PrintedAward]
    # The versions of the event before this one, oldest first (its corrections section).
    earlier: list[PublishedVersion] = field(default_factory=list)

    @property
    def places(self) -> list[VersionPlace]:
        """Every place and honourable mention, in the printed order."""
        return [
            place
            for award in self.awards
            for category in award.categories
            for place in [*category.places, *category.mentions]
        ]

    @property
    def breakdown(self) -> list[dict]:
        """The score breakdown handed in when it was frozen (freezing.SCORE_BREAKDOWN), as data."""
        return self.version.extras.get(SCORE_BREAKDOWN, [])

    def printed_values(self) -> tuple:
        """Everything the version prints, as plain values: equal values, equal pages, files and
        certificates (publishing refuses a version that would print nothing new)."""
        version = self.version
        return (
            tuple(getattr(version, name) for name in PRINTED_EVENT_FIELDS),
            version.held_on,
            version.heading,
            version.emblem,
            version.extras,
            tuple((s.name, s.title, s.nip, s.signature, s.stamp) for s in self.signatories),
            tuple(
                (
                    tuple(getattr(item.award, name) for name in _AWARD_PRINTED),
                    tuple(
                        (
                            tuple(getattr(c.category, name) for name in _CATEGORY_PRINTED),
                            tuple(
                                tuple(getattr(place, name) for name in _PLACE_PRINTED)
                                for place in [*c.places, *c.mentions]
                            ),
                        )
                        for c in item.categories
                    ),
                )
                for item in self.awards
            ),
        )


# What a version's rows print (their ids, order columns and links to the draft aside).
_AWARD_PRINTED = ("award_id", "title", "channel_id", "channel_code", "channel_name", "award_order")
_CATEGORY_PRINTED = ("category_id", "title", "places", "mentions", "category_order")
_PLACE_PRINTED = (
    "office_id",
    "level",
    "position",
    "is_shared",
    "title",
    "score",
    "citation",
    "office_name",
    "office_short_name",
    "office_slug",
    "office_logo",
    "kind_code",
    "kind_name",
    "kind_prefix",
    "kind_order",
    "parent_name",
    "parent_prefix",
    "account_handle",
    "account_url",
    "fingerprint",
)


def printed_from_rows(
    version: PublishedVersion,
    *,
    signatories: list[VersionSignatory],
    awards: list[VersionAward],
    categories: list[VersionCategory],
    places: list[VersionPlace],
    earlier: list[PublishedVersion] = (),
) -> PrintedVersion:
    """Rows (saved or not) grouped as printed: each category under its award, each place under
    its category. Categories and places name theirs by the object they hold, so rows built and
    not saved (no ids yet) group as saved rows do."""
    printed = [PrintedAward(award=award) for award in awards]
    by_award = {id(item.award): item for item in printed}
    by_category: dict[int, PrintedCategory] = {}
    for category in categories:
        by_category[id(category)] = PrintedCategory(category=category)
        by_award[id(category.award)].categories.append(by_category[id(category)])
    for place in places:
        item = by_category[id(place.category)]
        (item.mentions if place.is_mention else item.places).append(place)
    return PrintedVersion(version=version, signatories=signatories, awards=printed, earlier=list(earlier))


def draft_printed(event: EvaluationEvent) -> PrintedVersion:
    """The committee's preview: the version the draft would publish now, as rows built and not
    saved (no codes, no certificate links), in the shape of a published one."""
    snapshot = event_snapshot(event)
    version = version_unsaved(event=event, snapshot=snapshot)
    rows = version_rows_build(version=version, content=snapshot.content, places=snapshot.places)
    return built_printed(version, rows)


def built_printed(version: PublishedVersion, rows: VersionRows) -> PrintedVersion:
    """Rows built from a snapshot (saved or not), grouped as a published version's are printed."""
    return printed_from_rows(
        version,
        signatories=rows.signatories,
        awards=rows.awards,
        categories=rows.categories,
        places=rows.places,
    )


# A version's awards, categories and places in one query: LEFT JOINs from its awards, so an award
# without categories and a category without places are printed too.
_TREE = ((VersionAward, ""), (VersionCategory, "categories__"), (VersionPlace, "categories__given__"))


@functools.cache
def _tree_query() -> QuerySet:
    # Built once: resolving some fifty columns through their joins costs more than the query.
    columns = [f"{prefix}{f.attname}" for model, prefix in _TREE for f in model._meta.concrete_fields]
    return VersionAward.objects.order_by(
        "order", "categories__order", "categories__given__order"
    ).values_list(*columns)


@functools.cache
def _tree_slices() -> list[tuple[slice, int]]:
    """Where each model's columns are in a row of _tree_query, and where its id is."""
    found, start = [], 0
    for model, _prefix in _TREE:
        names = [f.attname for f in model._meta.concrete_fields]
        found.append((slice(start, start + len(names)), start + names.index(model._meta.pk.attname)))
        start += len(names)
    return found


def _tree_rows(version: PublishedVersion) -> tuple[list, list, list]:
    """A version's awards, categories and places, each a row as the database has it (one query),
    each holding its award, category and version, so that printing them asks nothing more."""
    rows = _tree_query().filter(version=version)
    (award_at, award_pk), (category_at, category_pk), (place_at, place_pk) = _tree_slices()
    awards: dict[int, VersionAward] = {}
    categories: dict[int, VersionCategory] = {}
    places: list[VersionPlace] = []
    db = VersionAward.objects.db
    for row in rows:
        award = awards.get(row[award_pk])
        if award is None:
            award = awards[row[award_pk]] = VersionAward.from_db(db, None, row[award_at])
            award.version = version
        if row[category_pk] is None:
            continue
        category = categories.get(row[category_pk])
        if category is None:
            category = categories[row[category_pk]] = VersionCategory.from_db(db, None, row[category_at])
            category.award = award
        if row[place_pk] is not None:
            place = VersionPlace.from_db(db, None, row[place_at])
            place.version = version
            place.category = category
            places.append(place)
    return list(awards.values()), list(categories.values()), places


def printed_version(
    version: PublishedVersion,
    *,
    signatories: list[VersionSignatory] | None = None,
    earlier: list[PublishedVersion] = (),
) -> PrintedVersion:
    """A version's rows grouped as printed: one query, and one more for its signatories when the
    caller does not have them (``EventVersions`` reads them with the versions)."""
    awards, categories, places = _tree_rows(version)
    if signatories is None:
        signatories = list(VersionSignatory.objects.filter(version=version).order_by("order"))
    return printed_from_rows(
        version, signatories=signatories, awards=awards, categories=categories, places=places, earlier=earlier
    )


@dataclass
class EventVersions:
    """Every published version of an event, oldest first, each with its event and signatories."""

    versions: list[PublishedVersion]
    signatories: dict[int, list[VersionSignatory]]

    @property
    def current(self) -> PublishedVersion:
        """The version the public sees. Withdrawn (the view answers 410) for a withdrawn event."""
        current = next((v for v in self.versions if v.is_current), None)
        if current is None:
            raise Http404
        if current.event.status == EventStatus.WITHDRAWN:
            raise Withdrawn(current)
        return current

    @property
    def latest(self) -> PublishedVersion | None:
        """The current version, or the one the public saw last (withdrawn); None before the first."""
        return next((v for v in self.versions if v.is_current), None)

    def numbered(self, number: int) -> tuple[PublishedVersion, PublishedVersion]:
        """Version ``number`` and the current version (also of a withdrawn event)."""
        asked = next((v for v in self.versions if v.number == number), None)
        current = next((v for v in self.versions if v.is_current), None)
        if asked is None or current is None:
            raise Http404
        return asked, current

    def printed(self, version: PublishedVersion) -> PrintedVersion:
        """One of these versions as printed (one query: its awards, categories and places)."""
        return printed_version(
            version,
            signatories=self.signatories[version.pk],
            earlier=[v for v in self.versions if v.number < version.number],
        )


@functools.cache
def _versions_query() -> QuerySet[PublishedVersion]:
    # Built once, as _tree_query.
    return (
        PublishedVersion.objects.select_related("event")
        .annotate(
            **{
                f"signatory_{f.attname}": F(f"signatories__{f.attname}")
                for f in VersionSignatory._meta.concrete_fields
            }
        )
        .order_by("number", "signatories__order")
    )


def _event_versions(filters: Q) -> EventVersions:
    fields = VersionSignatory._meta.concrete_fields
    rows = _versions_query().filter(filters)
    found: dict[int, PublishedVersion] = {}
    signatories: dict[int, list[VersionSignatory]] = {}
    db = VersionSignatory.objects.db
    for row in rows:
        version = found.setdefault(row.pk, row)
        signatories.setdefault(row.pk, [])
        values = [getattr(row, f"signatory_{f.attname}") for f in fields]
        if values[0] is not None:
            signatory = VersionSignatory.from_db(db, None, values)
            signatory.version = version
            signatories[row.pk].append(signatory)
    return EventVersions(versions=list(found.values()), signatories=signatories)


def event_versions(slug: str) -> EventVersions:
    """Every version of a published (or withdrawn) event with its event and its signatories, in
    one query: a LEFT JOIN of the signatories (a few rows a version); 404 for a draft."""
    versions = _event_versions(Q(event__slug=slug) & ~Q(event__status=EventStatus.DRAFT))
    if not versions.versions:
        raise Http404
    return versions


def versions_of_event(event: EvaluationEvent) -> EventVersions:
    """Every version of an event, whatever its status (for the committee), as event_versions."""
    return _event_versions(Q(event=event))


def current_printed(slug: str) -> PrintedVersion:
    """The public page of an event: its current version as printed, in two queries."""
    versions = event_versions(slug)
    return versions.printed(versions.current)


def numbered_printed(slug: str, number: int) -> tuple[PrintedVersion, PublishedVersion]:
    """Version ``number`` of an event as printed, and its current version (two queries)."""
    versions = event_versions(slug)
    asked, current = versions.numbered(number)
    return versions.printed(asked), current


def _event_sort_key(event: EvaluationEvent | PublishedVersion) -> tuple:
    day = event.held_on.toordinal() if event.held_on else 0
    return (-event.year, -day, event.title)


def current_versions(*, withdrawn: bool = False) -> list[PublishedVersion]:
    """The current version of every published event (and of every withdrawn one, for the
    open-data index, when ``withdrawn``), in the events' order (EVENT_ORDER). One query."""
    statuses = [EventStatus.PUBLISHED, EventStatus.WITHDRAWN] if withdrawn else [EventStatus.PUBLISHED]
    versions = list(
        PublishedVersion.objects.filter(is_current=True, event__status__in=statuses).select_related("event")
    )
    versions.sort(key=_event_sort_key)
    return versions


def _version_tag(version: PublishedVersion) -> str:
    # A withdrawal changes what the pages and files of that version say, without a new number.
    return f"{version.event_id}.{version.number}" + ("w" if version.withdrawn_at else "")


def _version_moment(version: PublishedVersion):
    return max(filter(None, [version.published_at, version.withdrawn_at]))


def changes_by_itself(shown: list[PublishedVersion]):
    """When a page drawn from these versions changes with no write: the earliest end of an appeal
    window still open (common.pagecache.keep_until), or None."""
    return min((v.appeal_deadline for v in shown if v.appeal_open), default=None)


def validators(shown: list[PublishedVersion], *parts: str) -> tuple[str, str | None]:
    """The tag (without quotes or language) and the Last-Modified date of a page or file drawn
    from these versions: every public response's ETag comes from here."""
    tag = "-".join([*parts, *(_version_tag(v) for v in shown)])
    moment = max((_version_moment(v) for v in shown), default=None)
    return tag, http_date(moment.timestamp()) if moment else None


def public_places(filters: Q) -> list[VersionPlace]:
    """Places of the current versions of published events matching ``filters``, as printed, newest
    event first, each with its category, award and version (one query)."""
    rows = list(
        VersionPlace.objects.filter(
            filters, version__is_current=True, version__event__status=EventStatus.PUBLISHED
        )
        .select_related("category__award", "version__event")
        .order_by("version_id", "order")
    )
    # Stable: within an event the places keep their version's order.
    rows.sort(key=lambda row: _event_sort_key(row.version))
    return rows


def best_place(places: list[VersionPlace]) -> VersionPlace | None:
    """The place whose card stands for an office's page: its best in its latest published event."""
    if not places:
        return None
    return min(
        places,
        key=lambda p: (_event_sort_key(p.version), p.level, p.position, p.category.award.award_order),
    )


def public_place(pk: int) -> VersionPlace:
    """One published place (any version of an event that is not withdrawn), for its certificate
    and card: its row with its category, award, version and event (one query)."""
    row = (
        VersionPlace.objects.select_related("category__award__version__event")
        .filter(pk=pk, version__event__status=EventStatus.PUBLISHED)
        .first()
    )
    if row is None:
        raise Http404
    return row


def channel_medal_tables(channel: Channel) -> list[MedalTable]:
    """The all-time table of a channel per office kind, from the current versions of published
    events. Offices are ordered as in an Olympic medal table: by first places, then second, then
    third, then by name. Each office carries ``first``, ``second``, ``third``, ``places`` (all
    places, medals or not) and ``mentions`` (honourable mentions: shown apart, never counted as
    places). Two queries: the offices, and their kinds."""
    held = Q(
        published_places__channel=channel,
        published_places__version__is_current=True,
        published_places__version__event__status=EventStatus.PUBLISHED,
    )
    place = held & Q(published_places__level=RankingLevel.PLACE)
    offices = (
        Office.objects.filter(held)
        .annotate(
            first=Count("published_places", filter=place & Q(published_places__position=1)),
            second=Count("published_places", filter=place & Q(published_places__position=2)),
            third=Count("published_places", filter=place & Q(published_places__position=3)),
            places=Count("published_places", filter=place),
            mentions=Count("published_places", filter=held & Q(published_places__level=RankingLevel.MENTION)),
        )
        .select_related("kind", "parent__kind")
        .order_by("kind__order", "kind__name", "-first", "-second", "-third", "-places", "-mentions", "name")
    )
    tables: list[MedalTable] = []
    for office in offices:
        if not tables or tables[-1].kind.pk != office.kind.pk:
            tables.append(MedalTable(kind=office.kind))
        tables[-1].rows.append(office)
    return tables


@dataclass(frozen=True)
class Held:
    """One place or honourable mention an office held in an event, as the standings count it."""

    office_id: int
    office_slug: str
    office_name: str
    kind_code: str
    kind_name: str
    kind_order: int
    level: int
    position: int


def held_from_rows(rows) -> list[Held]:
    """What each of a version's VersionPlace rows counts for in the standings."""
    return [
        Held(
            office_id=row.office_id,
            office_slug=row.office_slug,
            office_name=row.office_display_name,
            kind_code=row.kind_code,
            kind_name=row.kind_name,
            kind_order=row.kind_order,
            level=row.level,
            position=row.position,
        )
        for row in rows
    ]


@dataclass(kw_only=True)
class Standing(MedalCount):
    """An office's line in an event's overall standings (rekap perolehan)."""

    office_id: int
    office_slug: str
    office_name: str
    rank: int = 0

    @property
    def places(self) -> int:
        return self.total

    @property
    def counts(self) -> tuple[int, int, int, int, int]:
        return (self.first, self.second, self.third, self.places, self.mentions)


@dataclass
class StandingsTable:
    """The overall standings of one kind of office in an event."""

    kind_code: str
    kind_name: str
    rows: list[Standing] = field(default_factory=list)


def event_standings(held: list[Held]) -> list[StandingsTable]:
    """An event's overall standings (rekap perolehan, juara umum): per kind of office (in the
    kinds' order), offices by first places, then second, then third, then all places, then
    honourable mentions, then name, as the all-time tables order them (channel_medal_tables).
    Offices level on every count share a rank. No query: counted from the places given."""
    by_office: dict[int, Standing] = {}
    kinds: dict[int, tuple] = {}
    for item in held:
        line = by_office.get(item.office_id)
        if line is None:
            line = by_office[item.office_id] = Standing(
                office_id=item.office_id, office_slug=item.office_slug, office_name=item.office_name
            )
            kinds[item.office_id] = (item.kind_order, item.kind_name, item.kind_code)
        line.add(mention=item.level == RankingLevel.MENTION, position=item.position)
    tables: dict[tuple, StandingsTable] = {}
    for office_id in sorted(by_office, key=lambda pk: kinds[pk]):
        order, name, code = kinds[office_id]
        if (order, name, code) not in tables:
            tables[(order, name, code)] = StandingsTable(kind_code=code, kind_name=name)
        tables[(order, name, code)].rows.append(by_office[office_id])
    for table in tables.values():
        table.rows.sort(key=lambda line: (tuple(-n for n in line.counts), line.office_name))
        for index, line in enumerate(table.rows):
            before = table.rows[index - 1] if index else None
            line.rank = before.rank if before and before.counts == line.counts else index + 1
    return list(tables.values())


def verification(code: str) -> dict:
    """What /verify/<code>/ shows (three queries at most): the place as its certificate printed it
    (the first version that gave the code), the versions that kept it, and whether it stands in
    the current version; if not, the correction or withdrawal that ended it, with date and reason."""
    typed, code = str(code)[:40], normalise_code(code)
    rows = (
        list(
            VersionPlace.objects.filter(code=code)
            .exclude(version__event__status=EventStatus.DRAFT)
            .select_related("version__event", "category__award")
            .order_by("version__number")
        )
        if code
        else []
    )
    if not rows:
        return {"found": False, "code": code or typed}
    first, last = rows[0], rows[-1]
    place = first
    event_id = first.version.event_id
    later = list(
        PublishedVersion.objects.filter(event_id=event_id, number__gt=last.version.number).order_by("number")
    )
    current = later[-1] if later else last.version
    ended_by = later[0] if later else None
    now_place = None
    if ended_by is not None:
        # The same office in the same award in the current version: changed, not removed.
        now_row = (
            VersionPlace.objects.filter(
                version=current,
                office_id=first.office_id,
                category__award__award_id=first.category.award.award_id,
            )
            .select_related("category__award")
            .first()
        )
        if now_row is not None:
            now_place = now_row
    withdrawn = current.withdrawn_at is not None
    stands = ended_by is None and not withdrawn
    return {
        "found": True,
        "code": code,
        "place": place,
        # The event as that version printed it; its addresses are the event's own.
        "printed": first.version,
        "event": first.version.event,
        "first_version": first.version,
        "versions": [row.version.number for row in rows],
        "current_version": current,
        "stands": stands,
        "ended_by": ended_by,
        "now_place": now_place,
        "withdrawn": withdrawn,
    }


@dataclass(frozen=True)
class PublishedAppearance:
    """A published version that gave a place, with what it printed."""

    number: int
    url: str
    published_at: datetime.datetime
    level: int
    position: int
    code: str
    score: str | None

    @property
    def level_name(self) -> str:
        return RankingLevel(self.level).label


def place_published_versions(*, ranking_id: int) -> list[PublishedAppearance]:
    """The published versions a place appeared in, oldest first (one query). Kept apart from
    the trail: it reads the published record, whose owner hands it to the place's page."""
    places = (
        VersionPlace.objects.filter(ranking_id=ranking_id)
        .select_related("version")
        .order_by("version__number")
    )
    return [
        PublishedAppearance(
            number=place.version.number,
            url=place.version.get_absolute_url(),
            published_at=place.version.published_at,
            level=place.level,
            position=place.position,
            code=place.code,
            score=str(place.score) if place.score is not None else None,
        )
        for place in places
    ]
