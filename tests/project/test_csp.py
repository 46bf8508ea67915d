"""The admin's one CSP allowance matches the library templates it was made for, and no more."""

from pathlib import Path

import import_export
import pytest
import simple_history
from django.urls import reverse

from common.csp import ADMIN_SCRIPT_ATTRIBUTES, ADMIN_STYLE_ATTRIBUTES, attribute_hash

TEMPLATES = [
    Path(simple_history.__file__).parent / "templates/simple_history/object_history_list.html",
    Path(import_export.__file__).parent / "templates/admin/import_export/export.html",
]


def test_every_allowed_attribute_is_in_a_library_template():
    text = "".join(path.read_text() for path in TEMPLATES)

    assert [f'style="{value}"' in text for value in ADMIN_STYLE_ATTRIBUTES] == [True, True, True]
    assert [f'onchange="{value}"' in text for value in ADMIN_SCRIPT_ATTRIBUTES] == [True]


def test_attribute_hash_is_the_browsers_sha256():
    # printf 'border-top: 0' | openssl dgst -sha256 -binary | base64
    assert attribute_hash("border-top: 0") == "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"


@pytest.mark.django_db
def test_admin_policy_adds_only_the_attribute_hashes(client):
    admin = client.get(reverse("admin:login")).headers["Content-Security-Policy"]
    public = client.get("/").headers["Content-Security-Policy"]

    admin_styles = next(p for p in admin.split("; ") if p.startswith("style-src "))
    public_styles = next(p for p in public.split("; ") if p.startswith("style-src "))
    assert public_styles == "style-src 'self'"
    assert admin_styles == "style-src 'self' 'unsafe-hashes' " + " ".join(
        attribute_hash(v) for v in ADMIN_STYLE_ATTRIBUTES
    )
    assert "unsafe-inline" not in admin + public
    assert next(p for p in admin.split("; ") if p.startswith("script-src ")) == (
        "script-src 'self' 'unsafe-hashes' " + attribute_hash("onSelectToggleChange(event)")
    )
    assert next(p for p in public.split("; ") if p.startswith("script-src ")) == "script-src 'self'"
