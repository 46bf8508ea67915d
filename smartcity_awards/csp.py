"""The Content-Security-Policy, with the one allowance the admin's third-party pages need."""

import base64
import hashlib
from dataclasses import replace

from csp.middleware import CSPMiddleware as _CSPMiddleware

# Inline style attributes in third-party admin templates, word for word:
# simple_history/object_history_list.html and import_export/export.html. Styles only: no
# script is allowed inline anywhere. Each is allowed by its hash, and only under /admin/;
# tests/project/test_csp.py fails if a library upgrade changes one of them.
ADMIN_STYLE_ATTRIBUTES = ("border-top: 0", "padding: 0;", "font-weight: bold;")
ADMIN_PREFIX = "/admin/"


def style_hash(value: str) -> str:
    digest = hashlib.sha256(value.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


class CSPMiddleware(_CSPMiddleware):
    """django-csp's middleware; on admin pages, the listed style attributes are allowed too."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PREFIX) and parts.update is None:
            parts = replace(
                parts,
                update={"style-src": ["'unsafe-hashes'", *(style_hash(v) for v in ADMIN_STYLE_ATTRIBUTES)]},
            )
        return parts
