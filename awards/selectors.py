"""Reads that span models, each in a fixed number of queries."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from awards.models import (
    AccountMetrics,
    Criterion,
    CriterionKind,
    EvaluationEvent,
    EventStatus,
    JudgeAssignment,
    Judging,
    Ranking,
    Score,
    Signatory,
)
from awards.scoring import CriterionSpec, Metrics, Row, ScoreEntry, category_leaderboard
from offices.models import Channel, Office, OfficeAccount, OfficeKind


@dataclass
class KindSection:
    kind: str
    label: str
    places: list[Ranking] = field(default_factory=list)


@dataclass
class ChannelSection:
    channel: Channel
    kinds: list[KindSection] = field(default_factory=list)


@dataclass
class MedalCount:
    """How many first, second and third places (and places past the third) an office holds."""

    first: int = 0
    second: int = 0
    third: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.first + self.second + self.third + self.other


@dataclass
class MedalTable:
    kind: str
    label: str
    rows: list[Office] = field(default_factory=list)


def event_for_viewer(*, slug: str, user) -> EvaluationEvent:
    """The event with this slug if the viewer may see it (drafts only for the committee), with its
    judging settings (if any) in the same query."""
    return get_object_or_404(EvaluationEvent.objects.visible_to(user).select_related("judging"), slug=slug)


def published_events() -> QuerySet[EvaluationEvent]:
    return EvaluationEvent.objects.published().order_by("-held_on", "title")


def winners_by_category(event: EvaluationEvent) -> list[ChannelSection]:
    """An event's places grouped by channel, then by office kind, in display order.

    Each place carries ``account_url`` and ``account_handle``: the office's account on that
    place's channel, or empty strings. Two queries; the order is applied here rather than in
    SQL (as RankingQuerySet.in_display_order does) because this is the hot path of the public
    results page, and a Python sort of one event's places costs less than the SQL expression.
    """
    rankings = list(
        Ranking.objects.filter(event=event).select_related("channel", "office", "office__parent").order_by()
    )
    if not rankings:
        return []
    kind_order = {kind: i for i, kind in enumerate(OfficeKind.values)}
    rankings.sort(
        key=lambda r: (
            r.channel.order,
            r.channel.name,
            kind_order.get(r.office_kind, 99),
            r.position,
            r.office.name,
        )
    )
    handles = {
        (office_id, channel_id): handle
        for office_id, channel_id, handle in OfficeAccount.objects.filter(
            office_id__in={r.office_id for r in rankings}
        ).values_list("office_id", "channel_id", "handle")
    }
    labels = dict(OfficeKind.choices)
    sections: list[ChannelSection] = []
    for ranking in rankings:
        ranking.event = event  # the caller's event: spares a join, and the links need it
        ranking.account_handle = handles.get((ranking.office_id, ranking.channel_id), "")
        ranking.account_url = ranking.channel.link_for(ranking.account_handle)
        if not sections or sections[-1].channel.pk != ranking.channel_id:
            sections.append(ChannelSection(channel=ranking.channel))
        kinds = sections[-1].kinds
        if not kinds or kinds[-1].kind != ranking.office_kind:
            kinds.append(KindSection(kind=ranking.office_kind, label=labels[ranking.office_kind]))
        kinds[-1].places.append(ranking)
    return sections


def place_for_download(*, pk: int, user=None, published_only: bool = True) -> Ranking:
    """A place with its event, channel and office, if its event is public (or the viewer may see it)."""
    events = (
        EvaluationEvent.objects.published() if published_only else EvaluationEvent.objects.visible_to(user)
    )
    return get_object_or_404(
        Ranking.objects.select_related("event", "channel", "office").filter(event__in=events), pk=pk
    )


def event_share_place(event: EvaluationEvent, sections: list[ChannelSection] | None = None) -> Ranking | None:
    """The place whose card stands for the event when its page is shared: the first one shown.

    Pass the page's ``sections`` (from ``winners_by_category``) to spare the queries."""
    if sections is None:
        sections = winners_by_category(event)
    return sections[0].kinds[0].places[0] if sections else None


def office_share_place(office: Office, places: list[Ranking] | None = None) -> Ranking | None:
    """The office's best place in its latest published event, whose card stands for its page.

    Pass the page's ``places`` (from ``office_places``) to spare the query."""
    if places is None:
        places = office_places(office=office, user=None)
    public = [place for place in places if place.event.is_published]
    if not public:
        return None
    best = min(
        public, key=lambda place: (-place.event.held_on.toordinal(), place.position, place.channel.order)
    )
    best.office = office
    return best


def event_certificate_places(event: EvaluationEvent) -> QuerySet[Ranking]:
    """An event's places for its certificates, in display order, with what a certificate prints."""
    return Ranking.objects.filter(event=event).select_related("event", "channel", "office").in_display_order()


def event_signatories(event_id: int) -> list[Signatory]:
    """Who signs an event's certificates, in the order printed (the event page lists them so too)."""
    return list(Signatory.objects.filter(event_id=event_id).order_by("order", "pk"))


def office_for_viewer(*, slug: str) -> Office:
    return get_object_or_404(Office.objects.select_related("parent"), slug=slug)


def office_accounts(office: Office) -> list[OfficeAccount]:
    return list(
        OfficeAccount.objects.filter(office=office)
        .select_related("channel")
        .order_by("channel__order", "channel__name")
    )


def office_places(*, office: Office, user) -> list[Ranking]:
    """Every place the office won in events the viewer may see, newest event first."""
    return list(
        Ranking.objects.filter(office=office, event__in=EvaluationEvent.objects.visible_to(user))
        .select_related("event", "channel")
        .order_by("-event__held_on", "event__title", "channel__order", "channel__name", "position")
    )


def medal_count(places: list[Ranking]) -> MedalCount:
    counts = Counter(min(place.position, 4) for place in places)
    return MedalCount(first=counts[1], second=counts[2], third=counts[3], other=counts[4])


def channels() -> list[Channel]:
    return list(Channel.objects.order_by("order", "name"))


def channel_for_viewer(*, code: str) -> Channel:
    return get_object_or_404(Channel, code=code)


def channel_medal_tables(channel: Channel) -> list[MedalTable]:
    """The all-time table of a channel per office kind, over published events only.

    Offices are ordered as in an Olympic medal table: by first places, then second, then
    third, then by name. Each office carries ``first``, ``second``, ``third`` and ``places``.
    """
    offices = (
        Office.objects.filter(rankings__channel=channel, rankings__event__status=EventStatus.PUBLISHED)
        .annotate(
            first=Count("rankings", filter=Q(rankings__position=1)),
            second=Count("rankings", filter=Q(rankings__position=2)),
            third=Count("rankings", filter=Q(rankings__position=3)),
            places=Count("rankings"),
        )
        .select_related("parent")
        .order_by(OfficeKind.order_by(), "-first", "-second", "-third", "-places", "name")
    )
    labels = dict(OfficeKind.choices)
    tables: list[MedalTable] = []
    for office in offices:
        if not tables or tables[-1].kind != office.kind:
            tables.append(MedalTable(kind=office.kind, label=labels[office.kind]))
        tables[-1].rows.append(office)
    return tables


def event_last_changed(event: EvaluationEvent, sections: list[ChannelSection]) -> datetime.datetime:
    """When the event or any place shown on its page was last changed, without a query.

    Every service that writes places also moves the event's ``updated_at`` (removed places
    included); the places' own times cover the rest, such as an office whose kind was corrected.
    """
    times = [event.updated_at]
    times += [place.updated_at for section in sections for kind in section.kinds for place in kind.places]
    return max(times)


# ---------------------------------------------------------------------------------------------
# Judging (issue 7): the leaderboard, the committee's progress and coverage lists, and what a
# judge sees. Each in a fixed number of queries whatever the number of offices and judges.


@dataclass
class LeaderRow:
    """An office's line on a leaderboard, with its points in the category's criteria order."""

    office: Office
    row: Row
    cells: list[tuple[Criterion, float]]

    @property
    def total(self) -> float:
        return self.row.total

    @property
    def position(self) -> int:
        return self.row.position

    @property
    def is_shared(self) -> bool:
        return self.row.is_shared

    @property
    def is_complete(self) -> bool:
        return self.row.is_complete


@dataclass
class CategoryBoard:
    channel: Channel
    kind: str
    label: str
    criteria: list[Criterion]
    rows: list[LeaderRow]


def _spec(criterion: Criterion) -> CriterionSpec:
    return CriterionSpec(
        id=criterion.pk,
        channel_id=criterion.channel_id,
        name=criterion.name,
        kind=criterion.kind,
        formula=criterion.formula,
        weight=float(criterion.weight),
        max_points=float(criterion.max_points),
        order=criterion.order,
    )


def judging_for(event: EvaluationEvent) -> Judging | None:
    # An event loaded with select_related("judging") answers without a query.
    if "judging" in event._state.fields_cache:
        return event._state.fields_cache["judging"]
    return Judging.objects.filter(event=event).first()


def counted_scores(event: EvaluationEvent) -> QuerySet[Score]:
    """The event's scores that count: by a judge assigned to the office without a conflict."""
    counted = JudgeAssignment.objects.filter(
        event=event, judge=OuterRef("judge"), office=OuterRef("office"), has_conflict=False
    )
    return Score.objects.filter(criterion__event=event).filter(Exists(counted))


def event_leaderboard(*, event: EvaluationEvent) -> list[CategoryBoard]:
    """Every category's computed leaderboard, in channel then kind order, best first.

    Six queries whatever the size: judging, criteria, accounts with offices, metrics, scores.
    """
    judging = judging_for(event)
    if judging is None:
        return []
    criteria = list(event.criteria.select_related("channel").order_by("channel__order", "order", "pk"))
    if not criteria:
        return []
    channels = {c.channel_id: c.channel for c in criteria}
    accounts = list(
        OfficeAccount.objects.filter(channel_id__in=channels, office__is_active=True)
        .select_related("office")
        .order_by("office__name")
    )
    metrics = {
        m["account_id"]: Metrics(**{k: v for k, v in m.items() if k != "account_id"})
        for m in AccountMetrics.objects.filter(event=event).values("account_id", *_METRIC_FIELDS)
    }
    scores = [
        ScoreEntry(judge_id=j, criterion_id=c, office_id=o, points=float(p))
        for j, c, o, p in counted_scores(event)
        .order_by("pk")
        .values_list("judge_id", "criterion_id", "office_id", "points")
    ]
    labels = dict(OfficeKind.choices)
    channel_of = {c.pk: c.channel_id for c in criteria}
    scores_by_channel: dict[int, list[ScoreEntry]] = {}
    for s in scores:
        scores_by_channel.setdefault(channel_of[s.criterion_id], []).append(s)
    accounts_by_category: dict[tuple[int, str], dict[int, OfficeAccount]] = {}
    for a in accounts:
        accounts_by_category.setdefault((a.channel_id, a.office.kind), {})[a.office_id] = a
    boards = []
    for channel_id, channel in channels.items():
        channel_criteria = [c for c in criteria if c.channel_id == channel_id]
        specs = [_spec(c) for c in channel_criteria]
        channel_scores = scores_by_channel.get(channel_id, [])
        for kind in OfficeKind.values:
            members = accounts_by_category.get((channel_id, kind), {})
            if not members:
                continue
            rows = category_leaderboard(
                criteria=specs,
                offices=members,
                metrics={oid: metrics[a.pk] for oid, a in members.items() if a.pk in metrics},
                scores=channel_scores,
                period_days=judging.period_days,
                normalisation=judging.normalisation,
                tie_break=judging.tie_break,
            )
            boards.append(
                CategoryBoard(
                    channel=channel,
                    kind=kind,
                    label=labels[kind],
                    criteria=channel_criteria,
                    rows=[
                        LeaderRow(
                            office=members[r.office_id].office,
                            row=r,
                            cells=[(c, r.points[c.pk]) for c in channel_criteria],
                        )
                        for r in rows
                    ],
                )
            )
    return boards


_METRIC_FIELDS = [
    "followers_start",
    "followers_end",
    "posts",
    "likes",
    "comments",
    "shares",
    "replies",
    "days_since_update",
    "has_public_info_pages",
]


def event_score_breakdown(*, event: EvaluationEvent) -> list[CategoryBoard]:
    """The winners' score breakdown for the public page, if the event opts in and is finalised."""
    judging = judging_for(event)
    if judging is None or not judging.public_breakdown or judging.finalised_at is None:
        return []
    boards = event_leaderboard(event=event)
    for board in boards:
        board.rows = [r for r in board.rows if r.position <= event.places_per_category]
    return boards


@dataclass
class ProgressLine:
    judge: object
    channel: Channel
    kind: str
    label: str
    entered: int
    expected: int

    @property
    def is_done(self) -> bool:
        return self.entered >= self.expected


def judging_progress(*, event: EvaluationEvent) -> list[ProgressLine]:
    """Scores entered per judge and category, against the scores expected from the assignments."""
    judged = list(
        event.criteria.filter(kind=CriterionKind.JUDGED).select_related("channel").order_by("channel__order")
    )
    per_channel: dict[int, int] = {}
    channels: dict[int, Channel] = {}
    for criterion in judged:
        per_channel[criterion.channel_id] = per_channel.get(criterion.channel_id, 0) + 1
        channels[criterion.channel_id] = criterion.channel
    assignments = list(
        event.judge_assignments.filter(has_conflict=False)
        .select_related("judge", "office")
        .order_by("judge__username")
    )
    office_channels: dict[int, set[int]] = {}
    for office_id, channel_id in OfficeAccount.objects.filter(
        office__judge_assignments__event=event, channel_id__in=channels
    ).values_list("office_id", "channel_id"):
        office_channels.setdefault(office_id, set()).add(channel_id)
    entered = {
        (row["judge_id"], row["criterion__channel_id"], row["office__kind"]): row["n"]
        for row in counted_scores(event)
        .filter(criterion__kind=CriterionKind.JUDGED)
        .values("judge_id", "criterion__channel_id", "office__kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    labels = dict(OfficeKind.choices)
    expected: dict[tuple[int, int, str], int] = {}
    judges: dict[int, object] = {}
    for a in assignments:
        judges[a.judge_id] = a.judge
        for channel_id in office_channels.get(a.office_id, ()):
            key = (a.judge_id, channel_id, a.office.kind)
            expected[key] = expected.get(key, 0) + per_channel[channel_id]
    channel_order = list(channels)
    kind_order = OfficeKind.values
    return [
        ProgressLine(
            judge=judges[j],
            channel=channels[c],
            kind=k,
            label=labels[k],
            entered=entered.get((j, c, k), 0),
            expected=n,
        )
        for (j, c, k), n in sorted(
            expected.items(),
            key=lambda item: (
                judges[item[0][0]].username,
                channel_order.index(item[0][1]),
                kind_order.index(item[0][2]),
            ),
        )
    ]


@dataclass
class Coverage:
    channel: Channel
    without_account: list[Office]
    without_metrics: list[OfficeAccount]
    without_posts: list[OfficeAccount]


def judging_coverage(*, event: EvaluationEvent) -> list[Coverage]:
    """Per judged channel: active offices with no account there, accounts with no metrics
    recorded, and accounts with no post in the period. Four queries."""
    channel_ids = set(event.criteria.values_list("channel_id", flat=True))
    channels = list(Channel.objects.filter(pk__in=channel_ids).order_by("order", "name"))
    offices = list(Office.objects.active().order_by(OfficeKind.order_by(), "name"))
    accounts = list(
        OfficeAccount.objects.filter(channel__in=channels, office__is_active=True)
        .select_related("office", "channel")
        .order_by(OfficeKind.order_by("office__kind"), "office__name")
    )
    posts = dict(AccountMetrics.objects.filter(event=event).values_list("account_id", "posts"))
    result = []
    for channel in channels:
        mine = [a for a in accounts if a.channel_id == channel.pk]
        with_account = {a.office_id for a in mine}
        result.append(
            Coverage(
                channel=channel,
                without_account=[o for o in offices if o.pk not in with_account],
                without_metrics=[a for a in mine if a.pk not in posts],
                without_posts=[a for a in mine if posts.get(a.pk) == 0],
            )
        )
    return result


def events_for_judge(*, judge) -> QuerySet[EvaluationEvent]:
    """Events in which this user is assigned to score at least one office."""
    return (
        EvaluationEvent.objects.filter(judge_assignments__judge=judge, judging__isnull=False)
        .select_related("judging")
        .distinct()
        .order_by("-held_on", "title")
    )


def judge_assignments(*, event: EvaluationEvent, judge) -> list[JudgeAssignment]:
    """A judge's offices in an event, each with how many of its judged scores they entered."""
    mine = Score.objects.filter(criterion__event=event, judge=judge, office=OuterRef("office"))
    return list(
        event.judge_assignments.filter(judge=judge)
        .select_related("office")
        .annotate(
            entered=Coalesce(
                Subquery(mine.order_by().values("office").annotate(n=Count("pk")).values("n")[:1]), 0
            )
        )
        .order_by(OfficeKind.order_by("office__kind"), "office__name")
    )


@dataclass
class SheetLine:
    criterion: Criterion
    score: Score | None


@dataclass
class SheetChannel:
    channel: Channel
    account: OfficeAccount
    lines: list[SheetLine]


def judge_sheet(*, event: EvaluationEvent, judge, office: Office) -> list[SheetChannel]:
    """A judge's own score sheet for one office: the judged criteria of each channel on which the
    office has an account, with the judge's points so far. Never another judge's points."""
    accounts = {a.channel_id: a for a in office.accounts.select_related("channel")}
    criteria = list(
        event.criteria.filter(kind=CriterionKind.JUDGED, channel_id__in=accounts)
        .select_related("channel")
        .order_by("channel__order", "order", "pk")
    )
    scores = {
        s.criterion_id: s for s in Score.objects.filter(criterion__event=event, office=office, judge=judge)
    }
    sheet: list[SheetChannel] = []
    for criterion in criteria:
        if not sheet or sheet[-1].channel.pk != criterion.channel_id:
            sheet.append(
                SheetChannel(channel=criterion.channel, account=accounts[criterion.channel_id], lines=[])
            )
        sheet[-1].lines.append(SheetLine(criterion=criterion, score=scores.get(criterion.pk)))
    return sheet


def judge_score_rows(*, event: EvaluationEvent) -> QuerySet[Score]:
    """Every score of an event for the score-sheet export, by judge, channel, office, criterion."""
    return (
        Score.objects.filter(criterion__event=event)
        .select_related("judge", "office", "criterion", "criterion__channel")
        .order_by("judge__username", "criterion__channel__order", "office__name", "criterion__order", "pk")
    )
