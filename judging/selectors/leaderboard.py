"""The leaderboard of an event: every category's offices ranked by their points, with the level
and position each would get; read in a fixed number of queries whatever the number of offices."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from awards.models import Award, Category, EvaluationEvent, RankingLevel
from awards.rules import category_kind_codes
from judging.models import (
    METRIC_FIELDS,
    AccountMetrics,
    Criterion,
    JudgeAssignment,
    Judging,
    Score,
)
from judging.scoring import CriterionSpec, Metrics, Row, ScoreEntry, category_leaderboard
from offices.models import Channel, Office, OfficeAccount


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
