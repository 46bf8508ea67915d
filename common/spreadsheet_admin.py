"""The admin side of spreadsheets: django-import-export's import (upload, preview, confirm) and
export views, with our safe readers and writers and clear messages."""

import time

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm

from common.spreadsheets.importing import import_errors_text
from common.spreadsheets.limits import SpreadsheetError, check_upload_size
from common.spreadsheets.readers import SAFE_IMPORT_FORMATS
from common.spreadsheets.writers import SAFE_EXPORT_FORMATS

# django-import-export's folder in its storage ("import_export" in settings.STORAGES).
IMPORT_FOLDER = "django-import-export"


class SizeLimitedImportForm(ImportForm):
    """The admin's import form, refusing an empty or oversized file before anything reads it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_upload_size(upload.size)
        except SpreadsheetError as exc:
            raise ValidationError(str(exc)) from exc
        return upload


def import_files_remove_stale(*, older_than_seconds: int = 24 * 3600) -> list[str]:
    """Remove the files of import previews never confirmed; returns their names."""
    storage = storages["import_export"]
    if not storage.exists(IMPORT_FOLDER):
        return []
    limit = time.time() - older_than_seconds
    removed = []
    for name in storage.listdir(IMPORT_FOLDER)[1]:
        path = f"{IMPORT_FOLDER}/{name}"
        if storage.get_modified_time(path).timestamp() < limit:
            storage.delete(path)
            removed.append(name)
    return sorted(removed)


class SafeSpreadsheetMixin(ImportExportMixin):
    """Import and export of a model admin through our safe readers and writers: the size, row and
    zip limits, formulas written as text, and clear messages for a file that cannot be read."""

    import_formats = SAFE_IMPORT_FORMATS
    export_formats = SAFE_EXPORT_FORMATS
    import_form_class = SizeLimitedImportForm
    import_template_name = "admin/spreadsheets/import.html"

    def export_action(self, request):
        # The export reads the changelist's filters from the address; a parameter the list does not
        # know (a hand-edited or old link: ?format=9) is not a server error.
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            messages.warning(
                request,
                _(
                    "The address asked for a filter this list does not have; it was left out. "
                    "Choose the format again."
                ),
            )
            return HttpResponseRedirect(request.path)

    def _import_page(self):
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))

    def process_import(self, request, **kwargs):
        # The preview's file, removed whatever the outcome: the library removes it only after
        # a successful import.
        name = request.POST.get("import_file_name", "")
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            messages.error(
                request,
                _(
                    "The previewed file is no longer on the server (imported already, or left for "
                    "more than a day). Upload it again."
                ),
            )
            return self._import_page()
        finally:
            if name and "/" not in name and "\\" not in name and not name.startswith("."):
                storage = storages["import_export"]
                path = f"{IMPORT_FOLDER}/{name}"
                if storage.exists(path):
                    storage.delete(path)

    def process_result(self, result, request):
        # Rows the preview accepted can fail at confirmation (someone took the place meanwhile).
        # The import was rolled back: say so with the reasons, and log no change that was not made.
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _("Nothing was imported: the file has errors now.") + "\n" + import_errors_text(result),
            )
            return self._import_page()
        return super().process_result(result, request)

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
