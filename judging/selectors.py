"""Reads of judging that span models: the leaderboard, the committee's progress and coverage
lists, what a judge sees, and the public score breakdown. Each in a fixed number of queries
whatever the number of offices and judges."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from awards.models import EVENT_ORDER, Award, Category, EvaluationEvent, RankingLevel
from awards.rules import category_kind_codes
from awards.words import ranking_title
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
from offices.models import Channel, Office, OfficeAccount
from results.freezing import SCORE_BREAKDOWN


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
    """The leaderboard of one category of a judged award: its offices, best first."""

    award: Award
    category: Category
    criteria: list[Criterion]
    rows: list[LeaderRow]

    @property
    def channel(self) -> Channel | None:
        return self.award.channel

    @property
    def label(self) -> str:
        return self.category.title

    @property
    def caption(self) -> str:
        return f"{self.award.title} — {self.category.title}"


def _spec(criterion: Criterion) -> CriterionSpec:
    return CriterionSpec(
        id=criterion.pk,
        channel_id=criterion.award.channel_id,
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
    return Score.objects.filter(criterion__award__event=event).filter(Exists(counted))


def leaderboard_level(rank: int, category: Category) -> tuple[int | None, int | None]:
    """What a leaderboard rank gives in a category: (PLACE, rank) within its places, then
    (MENTION, rank - places) within its honourable mentions, else (None, None). A tie reaching
    past the last place skips numbers as places do (ranks 1, 2, 2, 4: with 2 places the fourth
    office is Harapan 2)."""
    if rank <= category.places:
        return RankingLevel.PLACE, rank
    if rank - category.places <= category.mentions:
        return RankingLevel.MENTION, rank - category.places
    return None, None


def _judged_awards(event: EvaluationEvent) -> tuple[list[Criterion], dict[int, Award]]:
    criteria = list(
        Criterion.objects.filter(award__event=event)
        .select_related("award__channel", "award__event")
        .order_by("award__order", "award_id", "order", "pk")
    )
    return criteria, {c.award_id: c.award for c in criteria}


def _participants(
    event: EvaluationEvent, awards: dict[int, Award]
) -> tuple[dict[int, list[OfficeAccount]], list[Office]]:
    """The offices that enter the judged awards: on an award with a channel, the active offices
    with an account there (one query); on an award without one, the active offices assigned to
    a judge in the event (one query, only if such an award is judged)."""
    channel_ids = {award.channel_id for award in awards.values() if award.channel_id is not None}
    accounts: dict[int, list[OfficeAccount]] = {}
    if channel_ids:
        for account in (
            OfficeAccount.objects.filter(channel_id__in=channel_ids, office__is_active=True)
            .select_related("office__kind")
            .order_by("office__name", "pk")
        ):
            accounts.setdefault(account.channel_id, []).append(account)
    assigned: list[Office] = []
    if any(award.channel_id is None for award in awards.values()):
        assigned = list(
            Office.objects.filter(is_active=True, judge_assignments__event=event)
            .select_related("kind")
            .distinct()
            .order_by("name", "pk")
        )
    return accounts, assigned


def event_leaderboard(*, event: EvaluationEvent) -> list[CategoryBoard]:
    """Every category's computed leaderboard, in award then category order, best first.

    A category ranks the offices taking part in its award whose kind it admits, kinds mixed
    (a category open to SKPD and Kelurahan ranks them together). A fixed number of queries
    whatever the size: judging (none if loaded with the event), criteria, categories, their
    kinds, accounts, assigned offices (only for an award without channel), metrics, scores.
    """
    judging = judging_for(event)
    if judging is None:
        return []
    criteria, awards = _judged_awards(event)
    if not criteria:
        return []
    categories = list(
        Category.objects.filter(award_id__in=awards).order_by("award__order", "award_id", "order", "pk")
    )
    kind_codes = category_kind_codes(categories)
    accounts, assigned = _participants(event, awards)
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
    award_of = {c.pk: c.award_id for c in criteria}
    scores_by_award: dict[int, list[ScoreEntry]] = {}
    for s in scores:
        scores_by_award.setdefault(award_of[s.criterion_id], []).append(s)
    boards = []
    for category in categories:
        award = awards[category.award_id]
        category.award = award
        award_criteria = [c for c in criteria if c.award_id == award.pk]
        admitted = kind_codes.get(category.pk, set())
        if award.channel_id is not None:
            members = {
                a.office_id: (a.office, a.pk)
                for a in accounts.get(award.channel_id, [])
                if a.office.kind_id in admitted
            }
        else:
            members = {o.pk: (o, None) for o in assigned if o.kind_id in admitted}
        if not members:
            continue
        rows = category_leaderboard(
            criteria=[_spec(c) for c in award_criteria],
            offices=members,
            metrics={oid: metrics[acc] for oid, (_o, acc) in members.items() if acc in metrics},
            scores=scores_by_award.get(award.pk, []),
            period_days=judging.period_days,
            normalisation=judging.normalisation,
            tie_break=judging.tie_break,
        )
        boards.append(
            CategoryBoard(
                award=award,
                category=category,
                criteria=award_criteria,
                rows=[
                    LeaderRow(
                        office=members[r.office_id][0],
                        row=r,
                        cells=[(c, r.points[c.pk]) for c in award_criteria],
                    )
                    for r in rows
                ],
            )
        )
    return boards


# The public score breakdown: stored on the judging row when the places are finalised, so that
# it always agrees with them (an office set inactive later, a renamed criterion, a new one cannot
# change what was decided). Plain JSON: names as they were, numbers rounded as shown; a row's
# level and position are those of the place it was given (its words are the event's, at display).


def stored_breakdown(*, boards: list[CategoryBoard]) -> list[dict]:
    """The lines of every category that were given a place or honourable mention, as JSON for
    Judging.breakdown."""
    stored = []
    for board in boards:
        rows = []
        for row in board.rows:
            level, position = leaderboard_level(row.position, board.category)
            if level is None:
                continue
            rows.append(
                {
                    "office": row.office.display_name,
                    "level": int(level),
                    "position": position,
                    "is_shared": row.is_shared,
                    "points": [round(points, 2) for _criterion, points in row.cells],
                    "total": round(row.total, 2),
                }
            )
        stored.append(
            {
                "award": board.award.title,
                "category": board.category.title,
                "channel": board.award.channel.name if board.award.channel_id else "",
                "criteria": [
                    {
                        "name": c.name,
                        "weight": str(c.weight),
                        "max_points": str(c.max_points),
                        "formula": c.formula,
                    }
                    for c in board.criteria
                ],
                "rows": rows,
            }
        )
    return stored


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
    level: int
    position: int
    is_shared: bool
    cells: list[tuple[BreakdownCriterion, float]]
    total: float
    title: str = ""
    is_complete: bool = True


@dataclass
class BreakdownBoard:
    """A stored category breakdown, with the attributes the leaderboard template reads."""

    award: str
    label: str
    criteria: list[BreakdownCriterion]
    rows: list[BreakdownRow]

    @property
    def caption(self) -> str:
        return f"{self.award} — {self.label}"


def live_breakdown(event: EvaluationEvent) -> list | None:
    return (
        Judging.objects.filter(event=event, public_breakdown=True, finalised_at__isnull=False)
        .values_list("breakdown", flat=True)
        .first()
    )


def freeze_breakdown(sender, *, event: EvaluationEvent, extras: dict, **kwargs) -> None:
    """Receiver of results.freezing.version_freezing: the breakdown the event shows, if any, as
    the plain data a version keeps (results.freezing.SCORE_BREAKDOWN), printed as it is then."""
    boards = event_score_breakdown(event=event)
    if boards:
        extras[SCORE_BREAKDOWN] = [
            {
                "caption": board.caption,
                "criteria": [
                    {
                        "name": c.name,
                        "weight": c.weight,
                        "max_points": c.max_points,
                        "method": str(c.get_formula_display()),
                    }
                    for c in board.criteria
                ],
                "rows": [
                    {
                        "place": row.title,
                        "office": row.office.display_name,
                        "points": [points for _criterion, points in row.cells],
                        "total": row.total,
                    }
                    for row in board.rows
                ],
            }
            for board in boards
        ]


def event_score_breakdown(*, event: EvaluationEvent, award: Award | None = None) -> list[BreakdownBoard]:
    """The winners' score breakdown stored at finalising, if the event opts in; only the boards
    of ``award`` when given (the event page shows it per award). One query per event object."""
    # Once per event object: the judging pages ask per award.
    if not hasattr(event, "_judging_breakdown"):
        event._judging_breakdown = live_breakdown(event)
    boards = []
    for board in event._judging_breakdown or []:
        if award is not None and board["award"].casefold() != award.title.casefold():
            continue
        criteria = [BreakdownCriterion(**c) for c in board["criteria"]]
        boards.append(
            BreakdownBoard(
                award=board["award"],
                label=board["category"],
                criteria=criteria,
                rows=[
                    BreakdownRow(
                        office=BreakdownOffice(display_name=row["office"]),
                        level=row.get("level", RankingLevel.PLACE),
                        position=row["position"],
                        is_shared=row["is_shared"],
                        cells=list(zip(criteria, row["points"], strict=True)),
                        total=row["total"],
                        title=ranking_title(
                            event,
                            level=row.get("level", RankingLevel.PLACE),
                            position=row["position"],
                            shared=row["is_shared"],
                        ),
                    )
                    for row in board["rows"]
                ],
            )
        )
    return boards


@dataclass
class ProgressLine:
    judge: object
    award: Award
    entered: int
    expected: int

    @property
    def is_done(self) -> bool:
        return self.entered >= self.expected


def _takes_part(
    office: Office, award: Award, channels_of: dict[int, set[int]], kinds_of: dict[int, set[str]]
) -> bool:
    if award.channel_id is not None:
        return award.channel_id in channels_of.get(office.pk, set())
    return office.kind_id in kinds_of.get(award.pk, set())


def judging_progress(*, event: EvaluationEvent) -> list[ProgressLine]:
    """Scores entered per judge and judged award, against the scores expected from the
    assignments (an assigned office takes part in an award through its account on the award's
    channel, or, for an award without one, through a category admitting its kind)."""
    judged = list(
        Criterion.objects.filter(award__event=event, kind=CriterionKind.JUDGED)
        .select_related("award")
        .order_by("award__order", "award_id")
    )
    per_award: dict[int, int] = {}
    awards: dict[int, Award] = {}
    for criterion in judged:
        per_award[criterion.award_id] = per_award.get(criterion.award_id, 0) + 1
        awards[criterion.award_id] = criterion.award
    assignments = list(
        event.judge_assignments.filter(has_conflict=False)
        .select_related("judge", "office__kind")
        .order_by("judge__username")
    )
    channels_of: dict[int, set[int]] = {}
    channel_ids = {a.channel_id for a in awards.values() if a.channel_id is not None}
    for office_id, channel_id in OfficeAccount.objects.filter(
        office__judge_assignments__event=event, channel_id__in=channel_ids
    ).values_list("office_id", "channel_id"):
        channels_of.setdefault(office_id, set()).add(channel_id)
    kinds_of: dict[int, set[str]] = {}
    for award_id, code in Category.kinds.through.objects.filter(category__award_id__in=awards).values_list(
        "category__award_id", "officekind__code"
    ):
        kinds_of.setdefault(award_id, set()).add(code)
    entered = {
        (row["judge_id"], row["criterion__award_id"]): row["n"]
        for row in counted_scores(event)
        .filter(criterion__kind=CriterionKind.JUDGED)
        .values("judge_id", "criterion__award_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    expected: dict[tuple[int, int], int] = {}
    judges: dict[int, object] = {}
    for a in assignments:
        judges[a.judge_id] = a.judge
        for award_id, award in awards.items():
            if _takes_part(a.office, award, channels_of, kinds_of):
                key = (a.judge_id, award_id)
                expected[key] = expected.get(key, 0) + per_award[award_id]
    award_order = list(awards)
    return [
        ProgressLine(judge=judges[j], award=awards[w], entered=entered.get((j, w), 0), expected=n)
        for (j, w), n in sorted(
            expected.items(), key=lambda item: (judges[item[0][0]].username, award_order.index(item[0][1]))
        )
    ]


@dataclass
class Coverage:
    award: Award
    channel: Channel
    without_account: list[Office]
    without_metrics: list[OfficeAccount]
    without_posts: list[OfficeAccount]


def _kinds_in_order(kinds) -> dict[str, str]:
    """The names of these office kinds by code, in the kinds' order (no query: rows are loaded)."""
    found = {kind.code: kind for kind in kinds}
    return {code: kind.name for code, kind in sorted(found.items(), key=lambda i: (i[1].order, i[1].name))}


def judging_coverage(*, event: EvaluationEvent) -> list[Coverage]:
    """Per judged award tied to a channel: active offices with no account there, accounts with
    no metrics recorded, and accounts with no post in the period. Four queries: awards, offices,
    accounts, metrics."""
    awards = list(
        Award.objects.filter(event=event, channel__isnull=False, criteria__isnull=False)
        .select_related("channel")
        .distinct()
        .order_by("order", "pk")
    )
    offices = list(
        Office.objects.active().select_related("kind").order_by("kind__order", "kind__name", "name")
    )
    accounts = list(
        OfficeAccount.objects.filter(channel_id__in={a.channel_id for a in awards}, office__is_active=True)
        .select_related("office__kind", "channel")
        .order_by("office__kind__order", "office__kind__name", "office__name")
    )
    posts = dict(AccountMetrics.objects.filter(event=event).values_list("account_id", "posts"))
    result = []
    for award in awards:
        mine = [a for a in accounts if a.channel_id == award.channel_id]
        with_account = {a.office_id for a in mine}
        result.append(
            Coverage(
                award=award,
                channel=award.channel,
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
        .order_by(*EVENT_ORDER)
    )


def judge_assignments(*, event: EvaluationEvent, judge) -> list[JudgeAssignment]:
    """A judge's offices in an event, each with how many of its judged scores they entered."""
    mine = Score.objects.filter(criterion__award__event=event, judge=judge, office=OuterRef("office"))
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
class SheetAward:
    """The judged criteria of one award on a judge's sheet; the office's account on the award's
    channel, if the award has one."""

    award: Award
    account: OfficeAccount | None
    lines: list[SheetLine]


def judge_sheet(*, event: EvaluationEvent, judge, office: Office) -> list[SheetAward]:
    """A judge's own score sheet for one office: the judged criteria of each award the office
    takes part in (an account on the award's channel, or a category of an award without channel
    admitting its kind), with the judge's points so far. Never another judge's points."""
    accounts = {a.channel_id: a for a in office.accounts.select_related("channel")}
    criteria = list(
        Criterion.objects.filter(award__event=event, kind=CriterionKind.JUDGED)
        .filter(
            Q(award__channel_id__in=accounts)
            | Q(award__channel__isnull=True, award__categories__kinds__code=office.kind_id)
        )
        .select_related("award__channel")
        .distinct()
        .order_by("award__order", "award_id", "order", "pk")
    )
    scores = {
        s.criterion_id: s
        for s in Score.objects.filter(criterion__award__event=event, office=office, judge=judge)
    }
    sheet: list[SheetAward] = []
    for criterion in criteria:
        if not sheet or sheet[-1].award.pk != criterion.award_id:
            sheet.append(
                SheetAward(award=criterion.award, account=accounts.get(criterion.award.channel_id), lines=[])
            )
        sheet[-1].lines.append(SheetLine(criterion=criterion, score=scores.get(criterion.pk)))
    return sheet


def judge_score_rows(*, event: EvaluationEvent) -> QuerySet[Score]:
    """Every score of an event for the score-sheet export, by judge, award, office, criterion."""
    return (
        Score.objects.filter(criterion__award__event=event)
        .select_related("judge", "office__kind", "criterion__award__channel")
        .order_by("judge__username", "criterion__award__order", "office__name", "criterion__order", "pk")
    )
