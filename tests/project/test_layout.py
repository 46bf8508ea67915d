"""The arrows of DESIGN.md hold: judging -> results -> awards -> offices -> common, and results ->
documents -> common, never back: in imports, in the URL names code and templates use, and in the
tag libraries and templates a template loads.

Every import in an app's modules is read from its source (also imports inside functions, which a
run-time check would miss), and none may name an app that stands above it. A template belongs to
the app of its folder (``templates/<app>/``, ``templates/admin/<app>/``).
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("common", "offices", "awards", "documents", "results", "judging")

# Each app with the apps and packages it must never import, name the URLs of or load the tags of.
FORBIDDEN = {
    "common": {"offices", "awards", "documents", "results", "judging", "smartcity_awards"},
    "offices": {"awards", "results", "judging"},
    "awards": {"results", "judging"},
    "documents": {"offices", "awards", "results", "judging"},
    "results": {"judging"},
}

URL_NAME = re.compile(r"""(?:\{%\s*url\s+|reverse(?:_lazy)?\(\s*f?)["'](\w+):""")
LOAD = re.compile(r"\{%\s*load\s+([^%]+?)\s*%\}")
TEMPLATE_NAME = re.compile(r"""\{%\s*(?:include|extends)\s+["'](\w+)/""")


def imported_modules(source: str) -> set[str]:
    """The top-level package of every module an import statement in ``source`` names."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def url_apps(source: str) -> set[str]:
    """The namespace of every URL name ``source`` reverses ({% url %}, reverse(), reverse_lazy())."""
    return set(URL_NAME.findall(source))


def tag_library_apps() -> dict[str, str]:
    """Each project tag library with the app that owns it."""
    return {
        path.stem: app
        for app in APPS
        for path in (ROOT / app / "templatetags").glob("*.py")
        if path.name != "__init__.py"
    }


def loaded_apps(source: str, libraries: dict[str, str]) -> set[str]:
    """The apps whose tag libraries or templates a template loads, includes or extends."""
    names = {libraries[name] for match in LOAD.findall(source) for name in match.split() if name in libraries}
    return names | {folder for folder in TEMPLATE_NAME.findall(source) if folder in APPS}


def test_imported_modules_reads_nested_and_from_imports():
    source = (
        "import awards.models\nfrom judging import scoring\ndef f():\n    from offices.models import Office\n"
    )

    assert imported_modules(source) == {"awards", "judging", "offices"}


def test_url_apps_reads_templates_and_code():
    source = (
        "{% url 'results:home' %}{% url \"admin:index\" %}"
        " reverse(\"judging:event\", args=[1]) reverse_lazy('offices:office-list')"
    )

    assert url_apps(source) == {"results", "admin", "judging", "offices"}


def test_loaded_apps_reads_libraries_and_template_names():
    source = (
        '{% load i18n results_images %}{% include "judging/_leaderboard.html" %}'
        '{% include "includes/_og.html" %}'
    )

    assert loaded_apps(source, {"results_images": "results"}) == {"results", "judging"}


def _python_violations(app: str) -> list[str]:
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        named = (imported_modules(source) | url_apps(source)) & FORBIDDEN[app]
        found += [f"{path.relative_to(ROOT)} names {name}" for name in sorted(named)]
    return found


def _template_violations(app: str) -> list[str]:
    libraries = tag_library_apps()
    found = []
    for folder in (ROOT / "templates" / app, ROOT / "templates" / "admin" / app):
        for path in sorted(folder.rglob("*.html")):
            source = path.read_text(encoding="utf-8")
            named = (url_apps(source) | loaded_apps(source, libraries)) & FORBIDDEN[app]
            found += [f"{path.relative_to(ROOT)} names {name}" for name in sorted(named)]
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_imports_no_app_above_it(app):
    assert _python_violations(app) == []


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_templates_name_no_app_above_it(app):
    assert _template_violations(app) == []


def test_project_package_holds_only_configuration():
    modules = sorted(path.name for path in (ROOT / "smartcity_awards").glob("*.py"))

    assert modules == ["__init__.py", "asgi.py", "settings.py", "urls.py", "wsgi.py"]
