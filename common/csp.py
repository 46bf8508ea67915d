"""The Content-Security-Policy, with the one allowance the admin's third-party pages need."""

import base64
import hashlib
from dataclasses import replace

from csp.middleware import CSPMiddleware as _CSPMiddleware

# Inline attributes in third-party admin templates, word for word: three style attributes
# (simple_history/object_history_list.html, import_export/export.html) and the one event handler
# of import_export/export.html (its "select all" box). Each is allowed by its hash through
# 'unsafe-hashes', which admits exactly these attribute values and nothing else, and only under
# /admin/; no <script> block is allowed inline anywhere. tests/project/test_csp.py fails if a
# library upgrade changes one of them (then update the list, or drop it if the library stops
# needing it).
ADMIN_STYLE_ATTRIBUTES = ("border-top: 0", "padding: 0;", "font-weight: bold;")
ADMIN_SCRIPT_ATTRIBUTES = ("onSelectToggleChange(event)",)
ADMIN_PREFIX = "/admin/"


def attribute_hash(value: str) -> str:
    digest = hashlib.sha256(value.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


class CSPMiddleware(_CSPMiddleware):
    """django-csp's middleware; on admin pages, the listed attributes are allowed too."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PREFIX) and parts.update is None:
            parts = replace(
                parts,
                update={
                    "style-src": ["'unsafe-hashes'", *map(attribute_hash, ADMIN_STYLE_ATTRIBUTES)],
                    "script-src": ["'unsafe-hashes'", *map(attribute_hash, ADMIN_SCRIPT_ATTRIBUTES)],
                },
            )
        return parts
