"""Pure computation of the judging leaderboard: no database queries.

The selectors load plain values into the dataclasses below in a fixed number of queries; the
functions here turn them into points, totals and places. Kinds, formulas, normalisations and
tie-breaks are the models' enums (their values compare equal to the stored strings). The
committee's explanation of every formula is docs/judging.md; keep the two in step.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from judging.models import CriterionKind, Formula, Normalisation, TieBreak

# Totals are compared after rounding, so that 0.1 + 0.2 and 0.3 count as the same score.
_COMPARE_DIGITS = 6


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    channel_id: int
    name: str
    kind: str  # a CriterionKind
    formula: str  # a Formula for measured criteria, "" for judged ones
    weight: float
    max_points: float
    order: int = 0


@dataclass(frozen=True)
class Metrics:
    """An account's measurements: the fields are judging.models.METRIC_FIELDS (a test holds it)."""

    followers_start: int = 0
    followers_end: int = 0
    posts: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    replies: int = 0
    days_since_update: int | None = None
    has_public_info_pages: bool = False


@dataclass(frozen=True)
class ScoreEntry:
    judge_id: int
    criterion_id: int
    office_id: int
    points: float


@dataclass
class Row:
    """One office's line on a category's leaderboard."""

    office_id: int
    points: dict[int, float] = field(default_factory=dict)  # criterion id -> points (0..max)
    judges: dict[int, int] = field(default_factory=dict)  # judged criterion id -> judges counted
    total: float = 0.0  # out of 100
    position: int = 0
    is_shared: bool = False

    @property
    def is_complete(self) -> bool:
        """Every judged criterion has at least one judge's points."""
        return all(self.judges.values())


# --- measured criteria -------------------------------------------------------------------------


def measured_raw(formula: str, metrics: Metrics | None, period_days: int) -> float:
    """The raw value of a measured criterion for one account (higher is better).

    An account with no recorded metrics measures 0 on every formula.
    """
    if metrics is None:
        return 0.0
    m = metrics
    if formula == Formula.POSTS_PER_WEEK:
        return m.posts / (period_days / 7) if period_days > 0 else 0.0
    if formula == Formula.ENGAGEMENT:
        if m.posts == 0 or m.followers_end == 0:
            return 0.0
        return (m.likes + m.comments + m.shares) / m.posts / (m.followers_end / 1000)
    if formula == Formula.FOLLOWER_GROWTH:
        if m.followers_start == 0:
            return 0.0
        return (m.followers_end - m.followers_start) / m.followers_start * 100
    if formula == Formula.RESPONSE_RATE:
        return m.replies / m.comments if m.comments else 0.0
    if formula == Formula.FRESHNESS:
        return 0.0 if m.days_since_update is None else 1 / (1 + m.days_since_update)
    if formula == Formula.PUBLIC_INFO:
        return 1.0 if m.has_public_info_pages else 0.0
    raise ValueError(f"Unknown formula {formula!r}")


def scale_to_best(raw: dict[int, float], max_points: float) -> dict[int, float]:
    """Points in proportion to the best raw value of the category: the best gets full points.

    Negative values (a shrinking follower count) count as 0; if nobody is above 0, all get 0.
    """
    best = max((v for v in raw.values()), default=0.0)
    if best <= 0:
        return dict.fromkeys(raw, 0.0)
    return {key: max(value, 0.0) / best * max_points for key, value in raw.items()}


# --- judged criteria ---------------------------------------------------------------------------


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _sd(values: Sequence[float]) -> float:
    """Population standard deviation: the judge's own spread, not an estimate of a larger one."""
    mean = _mean(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def normalise(entries: Sequence[ScoreEntry], method: str, max_points: float) -> list[float]:
    """Normalise one criterion's points within one category, judge by judge.

    ``entries`` are all judges' points on one criterion for the offices of one category. Returns
    the normalised points in the same order. A judge whose points do not vary (or who scored a
    single office) says nothing about order; their points are kept as given.

    - ``zscore``: p' = mean + sd * (p - mean_j) / sd_j, where mean and sd are over all judges'
      points on the criterion and mean_j, sd_j over this judge's; clamped to 0..max.
    - ``minmax``: p' = (p - min_j) / (max_j - min_j) * max: each judge's lowest gets 0, highest max.
    """
    points = [e.points for e in entries]
    if method == Normalisation.NONE or not entries:
        return points
    by_judge: dict[int, list[float]] = defaultdict(list)
    for e in entries:
        by_judge[e.judge_id].append(e.points)
    mean_all, sd_all = _mean(points), _sd(points)
    # Each judge's mean, spread, lowest and highest, computed once per judge.
    stats = {judge: (_mean(own), _sd(own), min(own), max(own)) for judge, own in by_judge.items()}
    result = []
    for e in entries:
        mean_j, sd_j, low, high = stats[e.judge_id]
        if method == Normalisation.ZSCORE:
            value = e.points if sd_j == 0 else mean_all + sd_all * (e.points - mean_j) / sd_j
        elif method == Normalisation.MINMAX:
            value = e.points if high == low else (e.points - low) / (high - low) * max_points
        else:
            raise ValueError(f"Unknown normalisation {method!r}")
        result.append(min(max(value, 0.0), max_points))
    return result


# --- totals and places ------------------------------------------------------------------------


def weighted_total(points: dict[int, float], criteria: Sequence[CriterionSpec]) -> float:
    """Total out of 100: each criterion's share of its maximum, weighted, over the sum of weights."""
    weights = sum(c.weight for c in criteria)
    if weights <= 0:
        return 0.0
    return sum(c.weight * points.get(c.id, 0.0) / c.max_points for c in criteria) / weights * 100


def _tie_key(row: Row, criteria: Sequence[CriterionSpec], tie_break: str) -> tuple[float, ...]:
    if tie_break == TieBreak.HEAVIEST_CRITERION:
        ordered = sorted(criteria, key=lambda c: (-c.weight, c.order, c.id))
        return tuple(round(row.points.get(c.id, 0.0) / c.max_points, _COMPARE_DIGITS) for c in ordered)
    if tie_break == TieBreak.JUDGED_FIRST:
        judged = [c for c in criteria if c.kind == CriterionKind.JUDGED]
        return (
            round(sum(c.weight * row.points.get(c.id, 0.0) / c.max_points for c in judged), _COMPARE_DIGITS),
        )
    if tie_break == TieBreak.NONE:
        return ()
    raise ValueError(f"Unknown tie-break {tie_break!r}")


def assign_places(rows: list[Row], criteria: Sequence[CriterionSpec], tie_break: str) -> list[Row]:
    """Sort rows best first and number them; rows still equal after the tie-break share a place.

    Shared places skip the following numbers (1, 1, 3), as in sport: the third office is third.
    """
    keyed = [((round(r.total, _COMPARE_DIGITS), *_tie_key(r, criteria, tie_break)), r) for r in rows]
    # Best first; among complete equals the office id keeps the order stable and reproducible.
    keyed.sort(key=lambda kr: (tuple(-v for v in kr[0]), kr[1].office_id))
    previous = None
    for index, (key, row) in enumerate(keyed):
        if previous is not None and key == previous[0]:
            row.position = previous[1].position
            row.is_shared = previous[1].is_shared = True
        else:
            row.position = index + 1
        previous = (key, row)
    return [row for _key, row in keyed]


def category_leaderboard(
    *,
    criteria: Sequence[CriterionSpec],
    offices: Iterable[int],
    metrics: dict[int, Metrics],
    scores: Sequence[ScoreEntry],
    period_days: int,
    normalisation: str = Normalisation.NONE,
    tie_break: str = TieBreak.HEAVIEST_CRITERION,
) -> list[Row]:
    """The leaderboard of one category (one channel, one office kind).

    ``offices`` are the category's participants (offices with an account on the channel),
    ``metrics`` their accounts' metrics by office id, ``scores`` the counted judges' points
    (conflicts of interest already left out) on this channel's judged criteria.
    """
    rows = {office_id: Row(office_id=office_id) for office_id in offices}
    by_criterion: dict[int, list[ScoreEntry]] = defaultdict(list)
    for s in scores:
        if s.office_id in rows:
            by_criterion[s.criterion_id].append(s)
    for criterion in criteria:
        if criterion.kind == CriterionKind.MEASURED:
            raw = {oid: measured_raw(criterion.formula, metrics.get(oid), period_days) for oid in rows}
            for oid, pts in scale_to_best(raw, criterion.max_points).items():
                rows[oid].points[criterion.id] = pts
            continue
        entries = by_criterion.get(criterion.id, [])
        by_office: dict[int, list[float]] = defaultdict(list)
        for entry, pts in zip(entries, normalise(entries, normalisation, criterion.max_points), strict=True):
            by_office[entry.office_id].append(pts)
        for oid, row in rows.items():
            given = by_office.get(oid, [])
            row.points[criterion.id] = _mean(given) if given else 0.0
            row.judges[criterion.id] = len(given)
    for row in rows.values():
        row.total = weighted_total(row.points, criteria)
    return assign_places(list(rows.values()), criteria, tie_break)
