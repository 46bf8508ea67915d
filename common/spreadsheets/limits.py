"""What a file may be before anything parses it: its size, a zip's unpacked size, the columns,
rows and cells of a sheet; the limits and the messages that refuse the rest."""

import io
import zipfile

from django.utils.translation import gettext as _

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


class SpreadsheetError(ValueError):
    """A file that cannot be imported, with a message for the person who uploaded it."""


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


def too_many_rows() -> SpreadsheetError:
    return SpreadsheetError(
        _("The file has more than %(limit)s rows; at most %(limit)s rows can be imported at once. Split it.")
        % {"limit": f"{MAX_ROWS:,}".replace(",", ".")}
    )


def no_rows() -> SpreadsheetError:
    return SpreadsheetError(_("The file has no rows below its header row."))
