"""Reads of judging that span models: the leaderboard, the committee's progress and coverage
lists, what a judge sees, and the public score breakdown. Each in a fixed number of queries
whatever the number of offices and judges."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from awards.models import EvaluationEvent
from judging.models import (
    METRIC_FIELDS,
    AccountMetrics,
    Criterion,
    CriterionKind,
    Formula,
    JudgeAssignment,
    Judging,
    Score,
)
from judging.scoring import CriterionSpec, Metrics, Row, ScoreEntry, category_leaderboard
from offices.models import Channel, Office, OfficeAccount, OfficeKind


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
    """The event's judging, or None; no query when the event was loaded with select_related("judging")."""
    try:
        return event.judging
    except Judging.DoesNotExist:
        return None


def event_is_finalised(*, event_id: int | None) -> bool:
    """Whether the event's places were finalised from its judging (its data is then frozen)."""
    return Judging.objects.filter(event_id=event_id, finalised_at__isnull=False).exists()


def counted_scores(event: EvaluationEvent) -> QuerySet[Score]:
    """The event's scores that count: by a judge assigned to the office without a conflict."""
    counted = JudgeAssignment.objects.filter(
        event=event, judge=OuterRef("judge"), office=OuterRef("office"), has_conflict=False
    )
    return Score.objects.filter(criterion__event=event).filter(Exists(counted))


def event_leaderboard(*, event: EvaluationEvent) -> list[CategoryBoard]:
    """Every category's computed leaderboard, in channel then kind order, best first.

    Five queries whatever the size: judging (none if loaded with the event), criteria, accounts
    with their offices, metrics, scores.
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
        .select_related("office__kind")
        .order_by("office__name")
    )
    metrics = {
        m["account_id"]: Metrics(**{k: v for k, v in m.items() if k != "account_id"})
        for m in AccountMetrics.objects.filter(event=event).values("account_id", *METRIC_FIELDS)
    }
    scores = [
        ScoreEntry(judge_id=j, criterion_id=c, office_id=o, points=float(p))
        for j, c, o, p in counted_scores(event)
        .order_by("pk")
        .values_list("judge_id", "criterion_id", "office_id", "points")
    ]
    kinds = _kinds_in_order(a.office.kind for a in accounts)
    channel_of = {c.pk: c.channel_id for c in criteria}
    scores_by_channel: dict[int, list[ScoreEntry]] = {}
    for s in scores:
        scores_by_channel.setdefault(channel_of[s.criterion_id], []).append(s)
    accounts_by_category: dict[tuple[int, str], dict[int, OfficeAccount]] = {}
    for a in accounts:
        accounts_by_category.setdefault((a.channel_id, a.office.kind_id), {})[a.office_id] = a
    boards = []
    for channel_id, channel in channels.items():
        channel_criteria = [c for c in criteria if c.channel_id == channel_id]
        specs = [_spec(c) for c in channel_criteria]
        channel_scores = scores_by_channel.get(channel_id, [])
        for kind, label in kinds.items():
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
                    label=label,
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


# The public score breakdown: stored on the judging row when the places are finalised, so that
# it always agrees with them (an office set inactive later, a renamed criterion, a new one cannot
# change what was decided). Plain JSON: names as they were, numbers rounded as shown.


def stored_breakdown(*, boards: list[CategoryBoard], places: int) -> list[dict]:
    """The winners' lines of every category, as JSON for Judging.breakdown."""
    return [
        {
            "channel": board.channel.name,
            "kind": board.kind,
            "label": board.label,
            "criteria": [
                {
                    "name": c.name,
                    "weight": str(c.weight),
                    "max_points": str(c.max_points),
                    "formula": c.formula,
                }
                for c in board.criteria
            ],
            "rows": [
                {
                    "office": row.office.display_name,
                    "position": row.position,
                    "is_shared": row.is_shared,
                    "points": [round(points, 2) for _criterion, points in row.cells],
                    "total": round(row.total, 2),
                }
                for row in board.rows
                if row.position <= places
            ],
        }
        for board in boards
    ]


@dataclass
class BreakdownCriterion:
    name: str
    weight: str
    max_points: str
    formula: str

    def get_formula_display(self) -> str:
        return Formula(self.formula).label if self.formula else ""


@dataclass
class BreakdownOffice:
    display_name: str


@dataclass
class BreakdownRow:
    office: BreakdownOffice
    position: int
    is_shared: bool
    cells: list[tuple[BreakdownCriterion, float]]
    total: float
    is_complete: bool = True


@dataclass
class BreakdownBoard:
    """A stored category breakdown, with the attributes the leaderboard template reads."""

    channel: dict
    label: str
    criteria: list[BreakdownCriterion]
    rows: list[BreakdownRow]


def event_score_breakdown(*, event: EvaluationEvent) -> list[BreakdownBoard]:
    """The winners' score breakdown stored at finalising, if the event opts in. One query."""
    judging = (
        Judging.objects.filter(event=event, public_breakdown=True, finalised_at__isnull=False)
        .values_list("breakdown", flat=True)
        .first()
    )
    boards = []
    # Breakdowns stored before kinds were rows carry no label: the kinds' names, read once.
    names = None
    if any("label" not in board for board in judging or []):
        names = dict(OfficeKind.objects.values_list("code", "name"))
    for board in judging or []:
        criteria = [BreakdownCriterion(**c) for c in board["criteria"]]
        boards.append(
            BreakdownBoard(
                channel={"name": board["channel"]},
                label=board["label"] if "label" in board else names.get(board["kind"], board["kind"]),
                criteria=criteria,
                rows=[
                    BreakdownRow(
                        office=BreakdownOffice(display_name=row["office"]),
                        position=row["position"],
                        is_shared=row["is_shared"],
                        cells=list(zip(criteria, row["points"], strict=True)),
                        total=row["total"],
                    )
                    for row in board["rows"]
                ],
            )
        )
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
        .select_related("judge", "office__kind")
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
    kinds = _kinds_in_order(a.office.kind for a in assignments)
    labels = dict(kinds)
    expected: dict[tuple[int, int, str], int] = {}
    judges: dict[int, object] = {}
    for a in assignments:
        judges[a.judge_id] = a.judge
        for channel_id in office_channels.get(a.office_id, ()):
            key = (a.judge_id, channel_id, a.office.kind_id)
            expected[key] = expected.get(key, 0) + per_channel[channel_id]
    channel_order = list(channels)
    kind_order = list(kinds)
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


def _kinds_in_order(kinds) -> dict[str, str]:
    """The names of these office kinds by code, in the kinds' order (no query: rows are loaded)."""
    found = {kind.code: kind for kind in kinds}
    return {code: kind.name for code, kind in sorted(found.items(), key=lambda i: (i[1].order, i[1].name))}


def judging_coverage(*, event: EvaluationEvent) -> list[Coverage]:
    """Per judged channel: active offices with no account there, accounts with no metrics
    recorded, and accounts with no post in the period. Five queries: criteria, channels, offices,
    accounts, metrics."""
    channel_ids = set(event.criteria.values_list("channel_id", flat=True))
    channels = list(Channel.objects.filter(pk__in=channel_ids).order_by("order", "name"))
    offices = list(
        Office.objects.active().select_related("kind").order_by("kind__order", "kind__name", "name")
    )
    accounts = list(
        OfficeAccount.objects.filter(channel__in=channels, office__is_active=True)
        .select_related("office__kind", "channel")
        .order_by("office__kind__order", "office__kind__name", "office__name")
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
        .select_related("office__kind")
        .annotate(
            entered=Coalesce(
                Subquery(mine.order_by().values("office").annotate(n=Count("pk")).values("n")[:1]), 0
            )
        )
        .order_by("office__kind__order", "office__kind__name", "office__name")
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
        .select_related("judge", "office__kind", "criterion", "criterion__channel")
        .order_by("judge__username", "criterion__channel__order", "office__name", "criterion__order", "pk")
    )
