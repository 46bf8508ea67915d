"""Where judging's rules live: one list of metric fields, and the arrows judging -> awards ->
offices -> common (no app imports one to its left)."""

import ast
import dataclasses
from pathlib import Path

import pytest

from judging.models import METRIC_FIELDS, AccountMetrics
from judging.scoring import Metrics

ROOT = Path(__file__).resolve().parents[2]
# Each app and what it must never import.
FORBIDDEN = {
    "common": {"offices", "awards", "judging"},
    "offices": {"awards", "judging"},
    "awards": {"judging"},
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_metric_fields_are_the_models_and_the_computations():
    model_fields = [
        f.name
        for f in AccountMetrics._meta.concrete_fields
        if f.name not in {"id", "created_at", "updated_at", "event", "account"}
    ]

    assert model_fields == list(METRIC_FIELDS)
    assert [f.name for f in dataclasses.fields(Metrics)] == list(METRIC_FIELDS)


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_no_app_imports_one_that_depends_on_it(app):
    offending = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & FORBIDDEN[app])
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) & FORBIDDEN[app]
    }

    assert offending == {}
