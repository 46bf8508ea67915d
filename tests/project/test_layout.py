"""The arrows of DESIGN.md hold: judging -> awards -> offices -> common, never back.

Every import in an app's modules is read from its source (also imports inside functions, which a
run-time check would miss), and none may name an app that stands above it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each app with the apps and packages it must never import.
FORBIDDEN = {
    "common": {"offices", "awards", "judging", "smartcity_awards"},
    "offices": {"awards", "judging"},
    "awards": {"judging"},
    "documents": {"offices", "awards", "judging", "results"},
}


def imported_modules(source: str) -> set[str]:
    """The top-level package of every module an import statement in ``source`` names."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_imported_modules_reads_nested_and_from_imports():
    source = (
        "import awards.models\nfrom judging import scoring\ndef f():\n    from offices.models import Office\n"
    )

    assert imported_modules(source) == {"awards", "judging", "offices"}


def _violations(app: str) -> list[str]:
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        bad = imported_modules(path.read_text(encoding="utf-8")) & FORBIDDEN[app]
        found += [f"{path.relative_to(ROOT)} imports {name}" for name in sorted(bad)]
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_imports_no_app_above_it(app):
    assert _violations(app) == []


def test_project_package_holds_only_configuration():
    modules = sorted(path.name for path in (ROOT / "smartcity_awards").glob("*.py"))

    assert modules == ["__init__.py", "asgi.py", "settings.py", "urls.py", "wsgi.py"]
