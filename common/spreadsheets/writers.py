"""Writing rows as csv, xlsx, ods or json that never carry a formula; and the export formats
django-import-export's admin uses to write them.

openpyxl and odfpy (through tablib) are imported inside the functions that need them."""

import csv
import datetime
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import tablib
from import_export.formats import base_formats

from common.spreadsheets.cells import ILLEGAL_XML, clean_text, csv_text

EXPORT_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "json": "application/json",
}


def _iso_moment(value: datetime.datetime) -> str:
    """A time in a text file: ISO 8601 in the government's time zone, with its offset."""
    from django.utils import timezone

    return (timezone.localtime(value) if value.tzinfo else value).isoformat(timespec="minutes")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, datetime.datetime):
        return _iso_moment(value)
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
    Numbers stay numbers, dates and times are date cells. ``widths`` are the columns' widths in
    characters (the file is written as it streams, so they cannot be measured from the rows).
    The header row is bold, frozen, filtered and printed on every page.
    """
    return write_xlsx_book([Sheet(title, headers, rows, widths=widths)])


@dataclass
class Sheet:
    """One sheet of a workbook: a header row, then the rows. A ``table`` sheet's header is bold,
    frozen, filtered and repeated on every printed page; a sheet that is not a table (a title
    block: label, value) has its first column bold instead."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[int] | None = None
    table: bool = True


def _as_sheet(item: "Sheet | tuple", widths: Sequence[int] | None) -> Sheet:
    if isinstance(item, Sheet):
        return item
    title, headers, rows = item
    return Sheet(title, headers, rows, widths=widths)


def _xlsx_value(value):
    """A cell value openpyxl writes as it should: a decimal as a number, a time of day in the
    government's time zone without its offset (a spreadsheet cell has none)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


def write_xlsx_book(
    sheets: Iterable["Sheet | tuple[str, Sequence[str], Iterable[Sequence]]"],
    *,
    widths: Sequence[int] | None = None,
) -> bytes:
    """An xlsx file of several sheets (``Sheet``, or (title, headers, rows) tables), each
    written as write_xlsx does."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sub, starts = ILLEGAL_XML.sub, "="
    bold = Font(bold=True)
    for item in sheets:
        spec = _as_sheet(item, widths)
        sheet = workbook.create_sheet(title=clean_text(spec.title)[:31] or "Sheet1")
        for number, width in enumerate(spec.widths or (), start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        if spec.table:
            # Set before the first row: a write-only sheet writes its views as it starts.
            sheet.freeze_panes = "A2"
            sheet.print_title_rows = "1:1"

        def text_cell(value: str, sheet=sheet, font=None):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            if font is not None:
                cell.font = font
            return cell

        sheet.append([text_cell(clean_text(str(h)), font=bold) for h in spec.headers])
        append = sheet.append
        count = 0
        for row in spec.rows:
            values = []
            for value in row:
                if type(value) is str:
                    value = sub("", value)
                    if value.startswith(starts):
                        value = text_cell(value)
                elif value is not None and type(value) is not int:
                    value = _xlsx_value(value)
                values.append(value)
            if not spec.table and values and type(values[0]) is str:
                values[0] = text_cell(values[0], font=bold)
            append(values)
            count += 1
        if spec.table and spec.headers:
            # Written after the rows (at the end of the sheet), so the range can be counted.
            last = get_column_letter(len(spec.headers))
            sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _ods_value(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


def write_ods(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet1") -> bytes:
    """An ods file; every text cell is typed “string” (odfpy through tablib), never a formula;
    its header row bold, dates as date cells."""
    return write_ods_book([Sheet(title, headers, rows)])


def write_ods_book(sheets: Iterable[Sheet]) -> bytes:
    """An ods file of several sheets, each written as write_ods does."""
    book = tablib.Databook()
    for spec in sheets:
        dataset = tablib.Dataset(
            headers=[clean_text(str(h)) for h in spec.headers], title=clean_text(spec.title)
        )
        for row in spec.rows:
            dataset.append([_ods_value(v) for v in row])
        book.add_sheet(dataset)
    return book.export("ods")


def write_json(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    def plain(value):
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, datetime.datetime):
            return _iso_moment(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

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
