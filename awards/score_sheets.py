"""Score sheets of an event as spreadsheets: totals per category and every judge's points.

Plain openpyxl and csv, kept apart from the django-import-export resources of the winner
lists. openpyxl is imported inside the function that writes xlsx (house style: heavy libraries
stay out of models and views).
"""

import csv
import io

from django.utils.translation import gettext as _

from awards.models import EvaluationEvent
from awards.selectors import event_leaderboard, judge_score_rows

# A cell starting with one of these is a formula to Excel and LibreOffice; text never may be.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")


def _csv_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def totals_rows(*, event: EvaluationEvent) -> tuple[list[str], list[list]]:
    """One row per office and category: place, total, then each criterion's points."""
    boards = event_leaderboard(event=event)
    width = max((len(b.criteria) for b in boards), default=0)
    header = [_("Channel"), _("Office kind"), _("Position"), _("Shared"), _("Office"), _("Total (of 100)")]
    for i in range(1, width + 1):
        header += [_("Criterion %(n)d") % {"n": i}, _("Points %(n)d") % {"n": i}]
    rows = []
    for board in boards:
        for line in board.rows:
            row = [
                board.channel.name,
                str(board.label),
                line.position,
                _("yes") if line.is_shared else "",
                line.office.display_name,
                round(line.total, 2),
            ]
            for criterion, points in line.cells:
                row += [criterion.name, round(points, 2)]
            rows.append(row)
    return header, rows


def judge_rows(*, event: EvaluationEvent) -> tuple[list[str], list[list]]:
    """One row per score: judge, channel, office, criterion, points, note."""
    header = [
        _("Judge"),
        _("Channel"),
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
            s.criterion.channel.name,
            s.office.get_kind_display(),
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
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_text(v) if isinstance(v, str) else v for v in row])
    # The byte-order mark makes Excel read the file as UTF-8 (office names carry “ ” and —).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def score_sheets_xlsx(*, event: EvaluationEvent) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, (header, rows) in (
        (_("Totals"), totals_rows(event=event)),
        (_("Per judge"), judge_rows(event=event)),
    ):
        sheet = workbook.create_sheet(title=title)
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text as typed, never evaluated as a formula
        return cell
    return value
