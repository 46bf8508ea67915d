"""The all-or-nothing import: a whole file checked (each problem named by row, column and reason)
before a service writes any of it, in one transaction."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export.resources import Resource
from import_export.results import Error, Result, RowResult

from common.spreadsheets.limits import MAX_ROWS, SpreadsheetError, no_rows, too_many_rows


def in_both_languages(text) -> list[str]:
    """A lazily translated text in the active language, then Indonesian, then English."""
    from django.utils import translation

    found = [str(text)]
    for language in ("id", "en"):
        with translation.override(language):
            found.append(str(text))
    return list(dict.fromkeys(found))


def header_key(value) -> str:
    return " ".join(str(value or "").split()).casefold()


@dataclass
class Column:
    """A column of an import: its key, its header in every language, and whether it is needed."""

    key: str
    headers: Sequence[str]
    required: bool = False


@dataclass
class RowOutcome:
    """What one row of a file becomes: errors by column header, or an instance to save."""

    number: int
    values: dict
    errors: dict[str, list[str]] = field(default_factory=dict)
    import_type: str = RowResult.IMPORT_TYPE_NEW
    instance: object = None

    def error(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(message)


class _VisibleField:
    def __init__(self, column_name: str):
        self.column_name = column_name


class AllOrNothingResource(Resource):
    """A django-import-export resource that checks a whole file before writing any of it.

    The library's row-by-row import runs queries per row and saves row by row; here a file is
    read into lookups made with a fixed number of queries, every row is checked (each error
    names its row number as the spreadsheet shows it, its column and the reason), and only a
    clean file is written, by a service, in one transaction.
    """

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def check_rows(self, rows: list[RowOutcome], *, lock: bool) -> None:
        """Check the rows, recording errors on them or setting import_type and instance."""
        raise NotImplementedError

    def save(self, rows: list[RowOutcome], *, user) -> None:
        raise NotImplementedError

    def diff_headers(self) -> list[str]:
        return [column.headers[0] for column in self.columns()]

    @classmethod
    def get_display_name(cls):
        return getattr(cls, "display_name", cls.__name__)

    def get_user_visible_fields(self):
        return [_VisibleField(f"{c.headers[0]}{' *' if c.required else ''}") for c in self.columns()]

    def column_map(self, headers: Sequence) -> tuple[dict[str, int], list[str]]:
        """Which file column holds each key, and the headers that are required but missing.

        A column the import does not know refuses the file: a misspelt “Category” or “Parent
        office” would otherwise be ignored, and the places or parents the file gives dropped.
        """
        index = {header_key(h): i for i, h in enumerate(headers) if header_key(h)}
        found: dict[str, int] = {}
        missing = []
        for column in self.columns():
            for header in column.headers:
                if header_key(header) in index:
                    found[column.key] = index[header_key(header)]
                    break
            else:
                if column.required:
                    missing.append(column.headers[0])
        known = {header_key(h) for column in self.columns() for h in column.headers}
        unknown = [str(h) for h in headers if header_key(h) and header_key(h) not in known]
        if unknown:
            expected = ", ".join(c.headers[0] for c in self.columns())
            names = ", ".join(f"“{h}”" for h in unknown)
            if missing:
                raise SpreadsheetError(
                    _(
                        "Unknown columns: %(unknown)s; columns missing: %(missing)s. Nothing was "
                        "imported. The columns are: %(expected)s."
                    )
                    % {"unknown": names, "missing": ", ".join(missing), "expected": expected}
                )
            raise SpreadsheetError(
                _("Unknown columns: %(unknown)s. Nothing was imported. The columns are: %(expected)s.")
                % {"unknown": names, "expected": expected}
            )
        return found, missing

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        from django.db import transaction

        result = Result()
        result.diff_headers = self.diff_headers()
        try:
            with transaction.atomic():
                self._import(dataset, result, dry_run=dry_run, user=kwargs.get("user"))
                if dry_run:
                    transaction.set_rollback(True)
        except SpreadsheetError as exc:
            result.append_base_error(Error(exc))
        if raise_errors and (result.has_errors() or result.has_validation_errors()):
            raise SpreadsheetError(import_errors_text(result))
        return result

    def _import(self, dataset, result: Result, *, dry_run: bool, user) -> None:
        headers = list(dataset.headers or [])
        found, missing = self.column_map(headers)
        if missing:
            expected = ", ".join(c.headers[0] for c in self.columns())
            raise SpreadsheetError(
                _("Columns missing: %(missing)s. The first row must name the columns: %(expected)s.")
                % {"missing": ", ".join(missing), "expected": expected}
            )
        if len(dataset) > MAX_ROWS:
            raise too_many_rows()
        if len(dataset) == 0:
            raise no_rows()
        keys = list(found)
        positions = [found[k] for k in keys]
        rows = []
        # Row 1 of the sheet is the header, so the first data row is row 2, as the program shows.
        for number, raw in enumerate(dataset, start=2):
            values = {key: raw[i] for key, i in zip(keys, positions, strict=True)}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                continue
            rows.append(RowOutcome(number=number, values=values))
        if not rows:
            raise no_rows()
        self.check_rows(rows, lock=not dry_run)
        self._fill_result(result, rows)
        if not dry_run and not result.has_validation_errors():
            self.save(rows, user=user)
            for row_result, row in zip(result.rows, rows, strict=True):
                # The admin's log entries read the instance; its text is made there, once.
                row_result.object_id = getattr(row.instance, "pk", None)
                row_result.instance = row.instance

    def _fill_result(self, result: Result, rows: list[RowOutcome]) -> None:
        headers = self.diff_headers()
        by_key = {c.key: c.headers[0] for c in self.columns()}
        for row in rows:
            shown = {by_key[k]: ("" if v is None else v) for k, v in row.values.items()}
            row_result = RowResult()
            if row.errors:
                row_result.import_type = RowResult.IMPORT_TYPE_INVALID
                result.append_invalid_row(row.number, shown, ValidationError(row.errors))
            else:
                row_result.import_type = row.import_type
                row_result.diff = [shown.get(h, "") for h in headers]
                row_result.instance = row.instance
            result.increment_row_result_total(row_result)
            result.append_row_result(row_result)
        result.total_rows = len(rows)


def import_errors_text(result: Result) -> str:
    """Every problem of an import as lines of text (for messages, logs and tests)."""
    lines = [str(error.error) for error in result.base_errors]
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            for message in messages:
                if column == NON_FIELD_ERRORS:
                    lines.append(_("Row %(row)s: %(message)s") % {"row": row.number, "message": message})
                else:
                    lines.append(
                        _("Row %(row)s, column “%(column)s”: %(message)s")
                        % {"row": row.number, "column": column, "message": message}
                    )
    return "\n".join(lines)
