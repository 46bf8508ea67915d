"""Spreadsheets in and out, safely, shared by every app (so the one-way arrows hold):

- ``limits``: what a file may be before a parser sees it (size, zip, columns, rows, cells);
- ``cells``: the text of a cell (no XML-illegal characters, no formulas; undone on import);
- ``readers``: csv, xlsx and ods into a dataset, and the admin's import formats;
- ``writers``: rows into csv, xlsx, ods or json, and the admin's export formats;
- ``importing``: the all-or-nothing import base (columns, rows, messages).

The names below are re-exported so that ``from common.spreadsheets import write_csv`` keeps working.
"""

from common.spreadsheets.cells import CSV_TEXT_PREFIX, FORMULA_STARTS, clean_text, csv_text, import_text
from common.spreadsheets.importing import (
    AllOrNothingResource,
    Column,
    RowOutcome,
    header_key,
    import_errors_text,
    in_both_languages,
)
from common.spreadsheets.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_ODS_CONTENT_BYTES,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_MEMBERS,
    SpreadsheetError,
    check_upload_size,
)
from common.spreadsheets.readers import (
    SAFE_IMPORT_FORMATS,
    read_csv,
    read_ods,
    read_sheet,
    read_xlsx,
)
from common.spreadsheets.writers import (
    EXPORT_FORMATS,
    SAFE_EXPORT_FORMATS,
    Sheet,
    write_csv,
    write_json,
    write_ods,
    write_ods_book,
    write_sheet,
    write_xlsx,
    write_xlsx_book,
)

__all__ = [
    "CSV_TEXT_PREFIX",
    "EXPORT_FORMATS",
    "FORMULA_STARTS",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_COMPRESSION_RATIO",
    "MAX_ODS_CONTENT_BYTES",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MAX_ZIP_MEMBERS",
    "SAFE_EXPORT_FORMATS",
    "SAFE_IMPORT_FORMATS",
    "AllOrNothingResource",
    "Column",
    "RowOutcome",
    "Sheet",
    "SpreadsheetError",
    "check_upload_size",
    "clean_text",
    "csv_text",
    "header_key",
    "import_errors_text",
    "import_text",
    "in_both_languages",
    "read_csv",
    "read_ods",
    "read_sheet",
    "read_xlsx",
    "write_csv",
    "write_json",
    "write_ods",
    "write_ods_book",
    "write_sheet",
    "write_xlsx",
    "write_xlsx_book",
]
