"""Helpers for tests that go through the admin's import: upload, preview, confirm."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

# The order of SAFE_IMPORT_FORMATS, as the import form numbers them.
FORMAT_INDEX = {"xlsx": "0", "csv": "1", "ods": "2"}


def upload(client, model: str, name: str, content: bytes, fmt: str | None = None):
    """POST a file to the import page of ``model`` ("awards_ranking"); the preview page."""
    fmt = fmt or name.rsplit(".", 1)[-1]
    return client.post(
        reverse(f"admin:{model}_import"),
        {"resource": "0", "format": FORMAT_INDEX[fmt], "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, model: str, preview):
    """Confirm the import previewed on ``preview``."""
    return client.post(reverse(f"admin:{model}_process_import"), preview.context["confirm_form"].initial)


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def form_errors(response) -> list[str]:
    return response.context["form"].errors.get("import_file", [])


def result_errors(response) -> list[str]:
    from common.spreadsheets.importing import import_errors_text

    return import_errors_text(response.context["result"]).splitlines()
