"""The admin side of spreadsheets: django-import-export's import (upload, preview, confirm) and
export views, with our safe readers and writers and clear messages."""

from django.core.exceptions import PermissionDenied
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm

from common.spreadsheets import (
    SAFE_EXPORT_FORMATS,
    SAFE_IMPORT_FORMATS,
    SizeLimitedImportForm,
    SpreadsheetError,
)


class SafeSpreadsheetMixin(ImportExportMixin):
    """Import and export of a model admin through our safe readers and writers: the size, row and
    zip limits, formulas written as text, and clear messages for a file that cannot be read."""

    import_formats = SAFE_IMPORT_FORMATS
    export_formats = SAFE_EXPORT_FORMATS
    import_form_class = SizeLimitedImportForm
    import_template_name = "admin/spreadsheets/import.html"

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)


class SpreadsheetAdminMixin(SafeSpreadsheetMixin):
    """As SafeSpreadsheetMixin, and the export has one fixed shape: subclasses write their file in
    ``export_file``."""

    # No per-column checkboxes.
    export_form_class = ExportForm

    def export_file(self, queryset, fmt: str) -> bytes:
        raise NotImplementedError

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        return self.export_file(queryset, file_format.get_extension())
