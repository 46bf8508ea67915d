"""Reading csv, xlsx and ods uploads into a dataset, each bounded by the limits before a parser
sees the file; and the import formats django-import-export's admin uses to read them.

openpyxl is imported inside the function that needs it."""

import codecs
import csv
import io

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from common.spreadsheets.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    SpreadsheetError,
    check_cells,
    check_columns,
    check_ods_content,
    check_upload_size,
    check_zip,
    no_rows,
    too_many_rows,
)


def _dataset(headers: list, rows: list) -> tablib.Dataset:
    # Trailing blank rows (left by spreadsheet programs) are dropped; blank rows inside are kept
    # so that row numbers in messages match what the user sees.
    while rows and all(v is None or v == "" for v in rows[-1]):
        rows.pop()
    if not rows:
        raise no_rows()
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
                raise too_many_rows()
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
                    raise too_many_rows()
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
        raise too_many_rows()
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
