"""Score sheets of an event as spreadsheets: totals per category and every judge's points.

Written by the shared writers of common/spreadsheets/writers.py, which keep formulas as text and remove
the control characters an xlsx file cannot carry (a judge's note may hold anything).
"""

from django.utils.translation import gettext as _

from awards.models import EvaluationEvent
from awards.words import ranking_title
from common.spreadsheets.writers import write_csv, write_xlsx_book
from judging.selectors.judge_sheets import judge_score_rows
from judging.selectors.leaderboard import event_leaderboard, leaderboard_level


def totals_rows(*, event: EvaluationEvent) -> tuple[list[str], list[list]]:
    """One row per office and category: rank, the place it gives (in the event's words), total,
    then each criterion's points."""
    boards = event_leaderboard(event=event)
    width = max((len(b.criteria) for b in boards), default=0)
    header = [
        _("Award"),
        _("Category"),
        _("Position"),
        _("Shared"),
        _("Place"),
        _("Office"),
        _("Office kind"),
        _("Total (of 100)"),
    ]
    for i in range(1, width + 1):
        header += [_("Criterion %(n)d") % {"n": i}, _("Points %(n)d") % {"n": i}]
    rows = []
    for board in boards:
        for line in board.rows:
            level, position = leaderboard_level(line.position, board.category)
            place = (
                ranking_title(event, level=level, position=position, shared=line.is_shared)
                if level is not None
                else ""
            )
            row = [
                board.award.title,
                board.category.title,
                line.position,
                _("yes") if line.is_shared else "",
                place,
                line.office.display_name,
                line.office.kind.name,
                round(line.total, 2),
            ]
            for criterion, points in line.cells:
                row += [criterion.name, round(points, 2)]
            rows.append(row)
    return header, rows


def judge_rows(*, event: EvaluationEvent) -> tuple[list[str], list[list]]:
    """One row per score: judge, award, office, criterion, points, note."""
    header = [
        _("Judge"),
        _("Award"),
        _("Office kind"),
        _("Office"),
        _("Criterion"),
        _("Points"),
        _("Maximum"),
        _("Note"),
    ]
    rows = [
        [
            s.judge.get_full_name() or s.judge.get_username(),
            s.criterion.award.title,
            s.office.kind.name,
            s.office.display_name,
            s.criterion.name,
            float(s.points),
            float(s.criterion.max_points),
            s.note,
        ]
        for s in judge_score_rows(event=event)
    ]
    return header, rows


def score_sheets_csv(*, event: EvaluationEvent, sheet: str) -> bytes:
    header, rows = totals_rows(event=event) if sheet == "totals" else judge_rows(event=event)
    return write_csv(header, rows)


def score_sheets_xlsx(*, event: EvaluationEvent) -> bytes:
    return write_xlsx_book(
        [
            (_("Totals"), *totals_rows(event=event)),
            (_("Per judge"), *judge_rows(event=event)),
        ]
    )
