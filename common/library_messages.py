"""The texts of django-import-export that the committee sees, so that makemessages keeps them.

django-import-export ships no Indonesian. Django merges every "django" catalog and ours
(LOCALE_PATHS) wins, so locale/id/LC_MESSAGES/django.po translates these texts, which must be
written exactly as in the library (its templates and .py files; the full list is in its
locale/*/LC_MESSAGES/django.po). makemessages runs with --no-obsolete and would drop any text not
found in our sources: this module is where it finds them. Nothing imports it at run time.

tests/project/test_import_export_language.py fails when the library brings a text that is in
none of MESSAGES, PLURAL_MESSAGES and LEFT_OUT, and when one of MESSAGES has no Indonesian.
"""

from django.utils.translation import gettext_noop, ngettext

MESSAGES: tuple[str, ...] = (
    # Change list buttons, page titles, breadcrumbs.
    gettext_noop("Import"),
    gettext_noop("Export"),
    # The import and export forms.
    gettext_noop("File to import"),
    gettext_noop("Format"),
    gettext_noop("Submit"),
    gettext_noop("This importer will import the following fields: "),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    # The preview.
    gettext_noop(
        "Below is a preview of data to be imported. "
        "If you are satisfied with the results, click 'Confirm import'"
    ),
    gettext_noop("Confirm import"),
    gettext_noop("Preview"),
    gettext_noop("New"),
    gettext_noop("Skipped"),
    gettext_noop("Update"),
    # Errors in the file.
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. "
        "Ensure you have chosen the correct format for the file."
    ),
    gettext_noop("No valid data to import. Ensure your file has the correct headers or data for import."),
    gettext_noop("Errors"),
    gettext_noop("Line number"),
    gettext_noop("Some rows failed to validate"),
    gettext_noop(
        "Please correct these errors in your data where possible, then reupload it using the form above."
    ),
    gettext_noop("Row"),
    gettext_noop("Non field specific"),
    # The message after the import; the library puts the numbers in with str.format.
    gettext_noop("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    # The change message of each imported row in the admin's history (account metrics). The
    # library fills in the kind of change before translating: "%s through import_export" % "new".
    gettext_noop("new through import_export"),
    gettext_noop("update through import_export"),
    gettext_noop("delete through import_export"),
)

PLURAL_MESSAGES: tuple[tuple[str, str], ...] = (
    # The export page opened from an object's page ("Export" under its form).
    ("Export %(len)s selected item.", "Export %(len)s selected items."),
)

# Texts of the library left out here, and why: most never reach the committee.
LEFT_OUT: dict[str, str] = {
    "The following fields are declared in 'import_id_fields' but are not present in the file headers: %s": (
        "shown when an account metrics file lacks its event or channel column, but the library "
        "fills in %s before translating (resources.py), so no catalog entry can match it"
    ),
    "%s through import_export": "looked up with %s already filled in: see MESSAGES",
    "Export selected %(verbose_name_plural)s": "no admin has the export action (ExportActionMixin)",
    "Resource": "the resource choice is a hidden field: each admin has one resource",
    "Home": "Django's admin catalog already has it (Beranda)",
    "Delete": (
        "Django's admin catalog already has it (Hapus), for the admin's own Delete button; a preview "
        "row is marked Delete only by a resource that deletes rows, and none does"
    ),
    "Value could not be parsed.": "raised only by DurationWidget; no resource has a duration",
    "export failed due to IllegalCharacterError": (
        "places and offices are written by our own writer; metrics hold numbers and slugs only"
    ),
    "The following fields are declared in 'import_id_fields' but "
    "are not present in the resource fields: %s": ("a mistake in a resource's code, not in a file"),
    "call to force_str() on instance failed: %s": "a mistake in a model's __str__",
    "Form is not validated, call `is_valid` first": "a mistake in code",
    "use_natural_foreign_keys and key_is_id cannot both be True": "a mistake in a resource's code",
}


def _for_makemessages() -> None:
    # Never called. Django has no ngettext_noop, and makemessages extracts a plural text only from
    # an ngettext call: this one keeps PLURAL_MESSAGES in locale/*/LC_MESSAGES/django.po.
    ngettext("Export %(len)s selected item.", "Export %(len)s selected items.", 1)
