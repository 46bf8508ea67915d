"""The public score breakdown: what was decided at finalising, stored as plain data, and the
boards the event page draws from it."""

from dataclasses import dataclass

from awards.models import Award, EvaluationEvent, RankingLevel
from awards.words import ranking_title
from judging.models import (
    Formula,
    Judging,
)
from judging.selectors.leaderboard import CategoryBoard, leaderboard_level
from results.freezing import SCORE_BREAKDOWN

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


def finalised_judging(event: EvaluationEvent) -> dict | None:
    """The event's judging if its places were finalised ({"public_breakdown", "breakdown"}), else
    None: one query per event object, shared by the breakdown and the jury a version freezes."""
    if not hasattr(event, "_finalised_judging"):
        event._finalised_judging = (
            Judging.objects.filter(event=event, finalised_at__isnull=False)
            .values("public_breakdown", "breakdown")
            .first()
        )
    return event._finalised_judging


def live_breakdown(event: EvaluationEvent) -> list | None:
    judging = finalised_judging(event)
    return judging["breakdown"] if judging and judging["public_breakdown"] else None


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
