"""Reads of judging that span models, each in a fixed number of queries whatever the number of
offices and judges:

- ``leaderboard``: every category's offices ranked by their points;
- ``breakdown``: the public score breakdown, stored at finalising;
- ``progress``: the committee's progress and coverage lists;
- ``judge_sheets``: what a judge sees and scores.

The names are re-exported so that ``from judging.selectors import event_leaderboard`` works.
"""

from judging.selectors.breakdown import (
    BreakdownBoard,
    BreakdownCriterion,
    BreakdownOffice,
    BreakdownRow,
    event_score_breakdown,
    freeze_breakdown,
    live_breakdown,
    stored_breakdown,
)
from judging.selectors.judge_sheets import (
    SheetAward,
    SheetLine,
    events_for_judge,
    judge_assignments,
    judge_score_rows,
    judge_sheet,
)
from judging.selectors.leaderboard import (
    CategoryBoard,
    LeaderRow,
    counted_scores,
    event_is_finalised,
    event_leaderboard,
    judging_for,
    leaderboard_level,
)
from judging.selectors.progress import Coverage, ProgressLine, judging_coverage, judging_progress

__all__ = [
    "BreakdownBoard",
    "BreakdownCriterion",
    "BreakdownOffice",
    "BreakdownRow",
    "CategoryBoard",
    "Coverage",
    "LeaderRow",
    "ProgressLine",
    "SheetAward",
    "SheetLine",
    "counted_scores",
    "event_is_finalised",
    "event_leaderboard",
    "event_score_breakdown",
    "events_for_judge",
    "freeze_breakdown",
    "judge_assignments",
    "judge_score_rows",
    "judge_sheet",
    "judging_coverage",
    "judging_for",
    "judging_progress",
    "leaderboard_level",
    "live_breakdown",
    "stored_breakdown",
]
