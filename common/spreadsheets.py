"""Spreadsheets in and out, safely: writers that never emit a formula, readers that refuse
hostile files before a parser sees them, and the all-or-nothing import base for the apps.

Shared by offices and awards (both import from here, so the one-way arrow holds). openpyxl and
odfpy are imported inside the functions that need them.
"""

import codecs
import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from import_export.forms import ImportForm
from import_export.resources import Resource
from import_export.results import Error, Result, RowResult

# An upload larger than this is refused before it is read: the committee's real lists are a few
# hundred rows (a few kilobytes); 5 MB leaves room for formatting and pictures in a workbook.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# More rows than this are refused with a message: the preview page of the admin shows every row,
# and a file this long is almost always a mistake (a whole database dump, a runaway formula).
MAX_ROWS = 20_000
# xlsx and ods are zip files. Their declared uncompressed sizes are checked before any parser
# opens them: a zip bomb (a few kilobytes that unpack to gigabytes) is refused by its ratio or its
# total. Python's zipfile never inflates a member past its declared size, so the declared sizes
# bound what the parser can read. 50 MB is more than twice the XML of a 20,000-row sheet, and ods
# is read as one document tree (odfpy), so the total bounds its memory as well.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 1_000
# Width and size, checked before rows are built (every row is padded to the header's width):
# our widest import has 8 columns plus one per channel; 50 leaves room and bounds a row. A sheet
# that declares more columns (xlsx's dimension, a csv header) is refused, not read.
MAX_COLUMNS = 50
# Rows x columns as read: 20,000 rows of 25 cells. Bounds the Python objects a file becomes.
MAX_CELLS = 500_000
# ods is read as one document tree (odfpy), tens of bytes of memory per byte of XML: its
# content.xml is bounded apart (about 9,000 rows of 8 cells as LibreOffice writes them).
MAX_ODS_CONTENT_BYTES = 8 * 1024 * 1024

# Characters XML 1.0 cannot carry (xlsx and ods are XML): removed from every text cell.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A text cell starting with one of these is a formula (or a DDE payload) to some spreadsheet
# program when the file has no cell types (csv). OWASP's CSV-injection list, plus NUL.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")
# The prefix that makes such a cell text in csv; stripped again on import (see import_text).
CSV_TEXT_PREFIX = "'"

EXPORT_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "json": "application/json",
}


class SpreadsheetError(ValueError):
    """A file that cannot be imported, with a message for the person who uploaded it."""


# ---------------------------------------------------------------------------------------------
# Writing


def clean_text(value: str) -> str:
    """Text without the control characters that would corrupt an xlsx or ods file."""
    return _ILLEGAL_XML.sub("", value)


def csv_text(value: str) -> str:
    """Text for a csv cell: a leading formula character is preceded by an apostrophe."""
    value = clean_text(value)
    if value.startswith(FORMULA_STARTS):
        return CSV_TEXT_PREFIX + value
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    return value


def write_csv(headers: Sequence[str], rows: Iterable[Sequence], *, bom: bool = True) -> bytes:
    """UTF-8 csv; ``bom=False`` for files read by programs (open data), which a BOM only trips."""
    out = io.StringIO()
    # QUOTE_MINIMAL quotes cells with separators or line breaks; the apostrophe prefix, not
    # quoting, is what keeps a cell from being read as a formula.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_text(str(h)) for h in headers])
    writer.writerows([_csv_value(v) for v in row] for row in rows)
    # A byte-order mark so that Excel reads the file as UTF-8 (Indonesian names, “quotes”).
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    title: str = "Sheet1",
    widths: Sequence[int] | None = None,
) -> bytes:
    """An xlsx file written row by row (openpyxl's write-only mode).

    openpyxl treats any string starting with “=” as a formula; such cells are written as cells
    typed “string”, so the text arrives in Excel and LibreOffice exactly as it was, as text.
    Numbers stay numbers. ``widths`` are the columns' widths in characters (the file is written
    as it streams, so they cannot be measured from the rows).
    """
    return write_xlsx_book([(title, headers, rows)], widths=widths)


def write_xlsx_book(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]],
    *,
    widths: Sequence[int] | None = None,
) -> bytes:
    """An xlsx file of several sheets (title, headers, rows), each written as write_xlsx does."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sub, starts = _ILLEGAL_XML.sub, "="
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=clean_text(title)[:31] or "Sheet1")
        for number, width in enumerate(widths or (), start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width

        def text_cell(value: str, sheet=sheet):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell

        sheet.append([text_cell(clean_text(str(h))) for h in headers])
        append = sheet.append
        for row in rows:
            values = []
            for value in row:
                if type(value) is str:
                    value = sub("", value)
                    if value.startswith(starts):
                        value = text_cell(value)
                elif isinstance(value, Decimal):
                    value = float(value)
                values.append(value)
            append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_ods(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet1") -> bytes:
    """An ods file; every text cell is typed “string” (odfpy through tablib), never a formula."""
    dataset = tablib.Dataset(headers=[clean_text(str(h)) for h in headers], title=clean_text(title))
    for row in rows:
        dataset.append([clean_text(v) if isinstance(v, str) else v for v in row])
    return dataset.export("ods")


def write_json(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    def plain(value):
        return float(value) if isinstance(value, Decimal) else value

    keys = [str(h) for h in headers]
    data = [dict(zip(keys, (plain(v) for v in row), strict=True)) for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def write_sheet(
    fmt: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    title: str = "",
    widths: Sequence[int] | None = None,
) -> bytes:
    """The rows as a file in one of EXPORT_FORMATS (``widths``: xlsx column widths, in characters)."""
    if fmt == "xlsx":
        return write_xlsx(headers, rows, title=title or "Sheet1", widths=widths)
    if fmt == "ods":
        return write_ods(headers, rows, title=title or "Sheet1")
    if fmt == "csv":
        return write_csv(headers, rows)
    if fmt == "json":
        return write_json(headers, rows)
    raise ValueError(f"Unknown export format {fmt!r}")


class SafeExportFormatMixin:
    """Admin export formats whose files are written by write_sheet, never by tablib's xlsx/csv."""

    extension = ""

    def get_extension(self):
        return self.extension

    def get_content_type(self):
        return EXPORT_FORMATS[self.extension]

    def export_data(self, dataset, **kwargs):
        return write_sheet(self.extension, dataset.headers, dataset, title=dataset.title or "")


class ExportXLSX(SafeExportFormatMixin, base_formats.XLSX):
    extension = "xlsx"


class ExportCSV(SafeExportFormatMixin, base_formats.CSV):
    extension = "csv"

    def is_binary(self):
        # write_csv returns UTF-8 bytes; the admin must not encode them again.
        return True


class ExportODS(SafeExportFormatMixin, base_formats.ODS):
    extension = "ods"

    def is_binary(self):
        return True


class ExportJSON(SafeExportFormatMixin, base_formats.JSON):
    extension = "json"

    def is_binary(self):
        return True


SAFE_EXPORT_FORMATS = [ExportXLSX, ExportCSV, ExportODS, ExportJSON]


# ---------------------------------------------------------------------------------------------
# Reading


def check_upload_size(size: int) -> None:
    if size == 0:
        raise SpreadsheetError(_("The file is empty."))
    if size > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(
            _("The file is %(size).1f MB; files of at most %(limit)d MB can be imported.")
            % {"size": size / 1024 / 1024, "limit": MAX_UPLOAD_BYTES // 1024 // 1024}
        )


def check_zip(data: bytes, kind: str) -> None:
    """Refuse what is not a zip, or a zip that would unpack to far more than it weighs."""
    not_valid = _("The file is not a valid %(kind)s file. Save it again as %(kind)s and retry.") % {
        "kind": kind
    }
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise SpreadsheetError(not_valid) from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise SpreadsheetError(not_valid)
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_UNCOMPRESSED_BYTES or (
            member.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO
        ):
            raise SpreadsheetError(
                _(
                    "The file unpacks to far more data than a spreadsheet holds (a “zip bomb”); "
                    "it was not opened."
                )
            )


def check_columns(count: int) -> None:
    if count > MAX_COLUMNS:
        raise SpreadsheetError(
            _(
                "The sheet has %(count)s columns; at most %(limit)s can be imported. "
                "Delete the columns not needed."
            )
            % {"count": f"{count:,}".replace(",", "."), "limit": MAX_COLUMNS}
        )


def check_cells(rows: int, columns: int) -> None:
    if rows * columns > MAX_CELLS:
        raise SpreadsheetError(
            _("The sheet has more than %(limit)s cells; split it into smaller files.")
            % {"limit": f"{MAX_CELLS:,}".replace(",", ".")}
        )


def check_ods_content(data: bytes) -> None:
    """The sheet's XML of an ods, bounded before odfpy builds its tree (check_zip ran first)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            size = archive.getinfo("content.xml").file_size
        except KeyError:
            return  # not an ods: the reader says so
    if size > MAX_ODS_CONTENT_BYTES:
        raise SpreadsheetError(
            _(
                "The sheet unpacks to %(size)d MB of data; OpenDocument (.ods) sheets of at most "
                "%(limit)d MB can be imported. Save it as Excel (.xlsx) or split it."
            )
            % {"size": size // 1024 // 1024, "limit": MAX_ODS_CONTENT_BYTES // 1024 // 1024}
        )


def _too_many_rows() -> SpreadsheetError:
    return SpreadsheetError(
        _("The file has more than %(limit)s rows; at most %(limit)s rows can be imported at once. Split it.")
        % {"limit": f"{MAX_ROWS:,}".replace(",", ".")}
    )


def _no_rows() -> SpreadsheetError:
    return SpreadsheetError(_("The file has no rows below its header row."))


def _dataset(headers: list, rows: list) -> tablib.Dataset:
    # Trailing blank rows (left by spreadsheet programs) are dropped; blank rows inside are kept
    # so that row numbers in messages match what the user sees.
    while rows and all(v is None or v == "" for v in rows[-1]):
        rows.pop()
    if not rows:
        raise _no_rows()
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        row = list(row[:width]) + [None] * (width - len(row))
        dataset.append(row)
    return dataset


def read_csv(data: bytes) -> tablib.Dataset:
    check_upload_size(len(data))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # "Unicode text" from Excel: UTF-16 with a byte-order mark. A text file, only wider.
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise SpreadsheetError(
                _("The file says it is UTF-16 text but is not readable as such. Save it as CSV UTF-8.")
            ) from exc
    elif b"\x00" in data[:8192]:
        if (
            data[1:8192:2].count(b"\x00") > len(data[1:8192:2]) // 2
            or data[0:8192:2].count(b"\x00") > len(data[0:8192:2]) // 2
        ):
            raise SpreadsheetError(
                _(
                    "The file is text in the UTF-16 encoding without a byte-order mark. "
                    "Save it as CSV UTF-8 and retry."
                )
            )
        raise SpreadsheetError(_("The file is not a text (csv) file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    headers = next(reader, None)
    if not headers or not any(h.strip() for h in headers):
        raise SpreadsheetError(_("The file is empty."))
    while headers and not headers[-1].strip():
        headers.pop()
    check_columns(len(headers))
    width = len(headers)
    rows = []
    for row in reader:
        if len(rows) >= MAX_ROWS:
            if any(v.strip() for v in row):
                raise _too_many_rows()
            continue
        check_cells(len(rows) + 1, width)
        rows.append(row[:width])
    return _dataset(headers, rows)


def read_xlsx(data: bytes) -> tablib.Dataset:
    check_upload_size(len(data))
    check_zip(data, "Excel (.xlsx)")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The declared dimension (A1:XFD20000) would pad every row to its width: refused first,
        # and no row is ever read wider than the limit.
        check_columns(sheet.max_column or 0)
        rows_iter = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        headers = list(next(rows_iter, None) or [])
        while headers and headers[-1] in (None, ""):
            headers.pop()
        check_columns(len(headers))
        rows = []
        for row in rows_iter:
            check_cells(len(rows) + 1, len(headers))
            if len(rows) >= MAX_ROWS:
                if any(v is not None and v != "" for v in row):
                    raise _too_many_rows()
                continue
            rows.append(list(row[: len(headers)]))
        workbook.close()
    except SpreadsheetError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise SpreadsheetError(
            _("The file is not a valid %(kind)s file. Save it again as %(kind)s and retry.")
            % {"kind": "Excel (.xlsx)"}
        ) from exc
    while headers and headers[-1] in (None, ""):
        headers.pop()
    if not headers:
        raise SpreadsheetError(_("The file is empty."))
    return _dataset(headers, rows)


def read_ods(data: bytes) -> tablib.Dataset:
    check_upload_size(len(data))
    check_zip(data, "OpenDocument (.ods)")
    check_ods_content(data)
    try:
        dataset = tablib.Dataset().load(io.BytesIO(data), format="ods")
    except Exception as exc:
        raise SpreadsheetError(
            _("The file is not a valid %(kind)s file. Save it again as %(kind)s and retry.")
            % {"kind": "OpenDocument (.ods)"}
        ) from exc
    headers = list(dataset.headers or [])
    while headers and headers[-1] in (None, ""):
        headers.pop()
    if not headers:
        raise SpreadsheetError(_("The file is empty."))
    check_columns(len(headers))
    check_cells(len(dataset), len(headers))
    rows = [list(r) for r in dataset]
    if len(rows) > MAX_ROWS:
        raise _too_many_rows()
    return _dataset(headers, rows)


class ImportCSV(base_formats.CSV):
    def is_binary(self):
        # Read as bytes: the reader detects the encoding (UTF-8, or Excel's Windows-1252).
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return read_csv(in_stream if isinstance(in_stream, bytes) else in_stream.encode("utf-8"))


class ImportXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        return read_xlsx(in_stream)


class ImportODS(base_formats.ODS):
    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return read_ods(in_stream)


SAFE_IMPORT_FORMATS = [ImportXLSX, ImportCSV, ImportODS]


def read_sheet(data: bytes, ext: str) -> tablib.Dataset:
    return {"xlsx": read_xlsx, "csv": read_csv, "ods": read_ods}[ext](data)


class SizeLimitedImportForm(ImportForm):
    """The admin's import form, refusing an empty or oversized file before anything reads it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_upload_size(upload.size)
        except SpreadsheetError as exc:
            raise ValidationError(str(exc)) from exc
        return upload


def import_text(value) -> str:
    """A cell as text: trimmed, with the csv apostrophe before a formula character removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(str(value)).strip()
    if text.startswith(CSV_TEXT_PREFIX) and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text


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


# ---------------------------------------------------------------------------------------------
# All-or-nothing import


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

    def prepare(self, rows: list[RowOutcome], *, lock: bool) -> None:
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
        """Which file column holds each key, and the headers that are required but missing."""
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
            raise _too_many_rows()
        if len(dataset) == 0:
            raise _no_rows()
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
            raise _no_rows()
        self.prepare(rows, lock=not dry_run)
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
