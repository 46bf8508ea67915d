"""Which release of the code is running: part of every cached page's key and every ETag.

A template, a translation or a fix in a release changes what a page shows without any data
changing; the shared cache and nginx must not go on serving (or confirming with 304) what the
previous release rendered. APP_RELEASE (e.g. the deployed commit) names it; without it, a digest
of the files a page is made from, the same on every app server that runs the same files.
"""

import functools
import hashlib
import os
from pathlib import Path

import django
from django.conf import settings

# What a page is made from: code, templates, translations, static files.
SOURCE_SUFFIXES = {".py", ".html", ".mo", ".css", ".js", ".svg"}
# Not part of the running app: the virtualenv, uploads, collected copies, tests and benchmarks.
SKIPPED_FOLDERS = {".venv", ".git", "media", "staticfiles", "tests", "bench", "node_modules", "__pycache__"}


def _source_files(root: Path) -> list[Path]:
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(
            name for name in folders if name not in SKIPPED_FOLDERS and not name.startswith(".")
        )
        found += [Path(folder, name) for name in sorted(files) if Path(name).suffix in SOURCE_SUFFIXES]
    return found


@functools.cache
def release() -> str:
    """A short name of the running release (once per process: the files do not change under it)."""
    named = os.environ.get("APP_RELEASE", "").strip()
    if named:
        return hashlib.sha256(named.encode()).hexdigest()[:10]
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256(django.get_version().encode())
    for path in _source_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]
