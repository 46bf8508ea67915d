import contextlib
import fcntl
import importlib
import io
import os
import sqlite3

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.utils import translation

from tests.factories import make_committee_member
from tests.helpers import DEMO_SLUG, login_verified

# Whether the session's demo rows are in the test database (see `demo`).
_DEMO = {"loaded": False}


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


def _reads_session_demo(item) -> bool:
    return "demo" in getattr(item, "fixturenames", ()) and not _is_transactional(item)


# Whole files that take seconds per test: servers, subprocesses, fuzzing, a real browser.
SLOW_FILES = {"test_fuzz.py", "test_production_settings.py", "test_nginx_config.py", "test_nginx_edge.py"}


def pytest_itemcollected(item) -> None:
    # By file, here rather than in each file: a developer leaves them out with
    # `-m "not slow"` (migration tests are slow too); CI runs everything.
    path = item.path
    if path.name.startswith("test_migration"):
        item.add_marker(pytest.mark.migrations)
        item.add_marker(pytest.mark.slow)
    elif path.name in SLOW_FILES or path.parent.name == "browser":
        item.add_marker(pytest.mark.slow)
    if item.get_closest_marker("timed"):
        # One worker runs them all, in a row (`_timed_tests_alone`).
        item.add_marker(pytest.mark.xdist_group("timed"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests that read the session's demo run last of the database tests (pytest-django has
    put those first): no test before them sees the demo, and it is gone before the first
    transactional test (`_no_session_demo_in_transactional_tests`)."""
    readers = [item for item in items if _reads_session_demo(item)]
    if not readers:
        return
    chosen = set(readers)
    rest = [item for item in items if item not in chosen]
    first_after_db = next(
        (
            n
            for n, item in enumerate(rest)
            if _is_transactional(item)
            or not (item.get_closest_marker("django_db") or "db" in getattr(item, "fixturenames", ()))
        ),
        len(rest),
    )
    items[:] = rest[:first_after_db] + readers + rest[first_after_db:]


_LOCKS = pytest.StashKey()


@pytest.fixture(autouse=True)
def _timed_tests_alone(request, tmp_path_factory):
    """A test marked `timed` asserts how long something takes: while it runs, the run's other
    workers (make test runs one per core) wait between their tests instead of taking its core.

    Every other test holds a shared lock from its setup to its teardown; a timed test takes the
    lock alone for its call only (`pytest_runtest_call` below): its servers start, and its
    session's fixtures are made, while the other workers go on. Before it waits, it closes the
    gate that every other test passes first, so the tests that keep coming do not starve it.
    The timed tests are one xdist group (`make test` runs `--dist loadgroup`): one worker runs
    them in a row, first, while the other workers' tests are the short ones at the top of the
    suite.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    folder = tmp_path_factory.getbasetemp().parent
    gate, lock = folder / "timed-tests.gate", folder / "timed-tests.lock"
    if request.node.get_closest_marker("timed") is not None:
        if request.config.getvalue("loadgroup") and not request.node.nodeid.endswith("@timed"):
            # pytest 9.2 broke xdist's groups (pytest-xdist#1386); requirements-dev.txt keeps 9.1.
            pytest.fail("pytest-xdist did not put this timed test in the group 'timed'")
        request.node.stash[_LOCKS] = (gate, lock)
        yield
        return
    with gate.open("a") as gate_file:
        fcntl.flock(gate_file, fcntl.LOCK_EX)
        fcntl.flock(gate_file, fcntl.LOCK_UN)
    with lock.open("a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_SH)
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    if _LOCKS not in item.stash:
        return (yield)
    gate, lock = item.stash[_LOCKS]
    with gate.open("a") as gate_file, lock.open("a") as lock_file:
        fcntl.flock(gate_file, fcntl.LOCK_EX)
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        return (yield)


@pytest.fixture(autouse=True)
def _default_language():
    # A request to an /en/ page leaves English active in this thread, and reverse() would then
    # give the next test /en/ addresses: every test starts in the default language.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploads made by a test land in its own folder, never in the project's media; so do the
    # spreadsheets waiting between an import's preview and its confirmation (the tests run in
    # parallel processes, and a folder of the checkout would be shared between them).
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "import_export": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "import-tmp"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # The local-memory cache lives as long as the process: no test may see another's pages.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def _session_demo(django_db_setup, django_db_blocker):
    # Committed once into the test database: each test reads it inside its own transaction, and
    # what a test writes to it is rolled back with the rest of the test.
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
    _DEMO["loaded"] = True


@pytest.fixture
def demo(request, _session_demo):
    """The 2021 Banjarmasin event of the seed report: 1 event, 3 channels, 18 places.

    Loaded once per session for the database tests (load_demo took a quarter of a second in each
    of ~100 tests); a transactional test, whose rows are committed and flushed, loads its own.
    Session fixtures are set up before a test's transaction begins, so the session's rows are
    committed, outside any test.
    """
    from awards.models import EvaluationEvent

    if _is_transactional(request.node):
        request.getfixturevalue("transactional_db")
        call_command("load_demo", stdout=io.StringIO())
    else:
        request.getfixturevalue("db")
    return EvaluationEvent.objects.get(slug=DEMO_SLUG)


@pytest.fixture(autouse=True)
def _no_session_demo_in_transactional_tests(request, django_db_blocker):
    # The first transactional test would otherwise start with the demo's committed rows; it
    # starts as it would without them: the rows of the data migrations and nothing else.
    if _DEMO["loaded"] and _is_transactional(request.node):
        apps = request.getfixturevalue("_migration_apps")
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
            _make_migration_rows(apps)
        _DEMO["loaded"] = False


@pytest.fixture
def committee_member(db):
    return make_committee_member()


@pytest.fixture
def committee_client(client, committee_member):
    # Signed in with the code too: publishing asks for it (common/otp.py).
    login_verified(client, committee_member)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    # pytest-django's, with the code a superuser needs before any admin page (common/otp.py).
    login_verified(client, admin_user)
    return client


@pytest.fixture(scope="session")
def _migration_apps(django_db_setup, django_db_blocker):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    with django_db_blocker.unblock():
        return MigrationExecutor(connection).loader.project_state().apps


@pytest.fixture
def base_data(transactional_db, _migration_apps):
    """The rows the data migrations make (channels, the committee group), as on a fresh database.

    Browser and concurrency tests need committed rows, so they run with transactional_db, whose
    flush after each test empties every table, including what the migrations put there. Django's
    serialized_rollback should restore those rows but proved unreliable once the live server had
    answered requests, so the migrations' own functions make them again.
    """
    _make_migration_rows(_migration_apps)


def _make_migration_rows(apps) -> None:
    from django.contrib.contenttypes.models import ContentType

    # The flush also emptied django_content_type; ids cached in this process from earlier tests
    # would make new admin log and history rows point at rows that are gone.
    ContentType.objects.clear_cache()
    importlib.import_module("offices.migrations.0002_channels").create_channels(apps, None)
    importlib.import_module("offices.migrations.0006_office_kinds_as_data").create_kinds(apps, None)
    importlib.import_module("offices.migrations.0007_government").government_create(apps, None)
    importlib.import_module("awards.migrations.0002_committee_group").create_group(apps, None)
    importlib.import_module("awards.migrations.0004_judging").create_groups(apps, None, app_label="judging")
    importlib.import_module("awards.migrations.0008_committee_office_kinds").grant(apps, None)
    importlib.import_module("awards.migrations.0010_committee_award_permissions").grant_permissions(
        apps, None
    )
    importlib.import_module("awards.migrations.0015_committee_objection_permissions").grant(apps, None)


@pytest.fixture
def empty_database(db):
    """An empty database stands in for the test database while the test runs.

    A migration test migrates it from zero to the old shape it needs, as an installation of that
    time was made, and on from there. Nothing it does reaches the test database, so the test need
    not walk back to the leaves afterwards; and migrating forward from zero is cheaper than
    unapplying: Django re-renders every related historical model at each step back (a third of
    the suite's CPU time went to walking the test database back and forth).

    PostgreSQL: a database of its own, dropped afterwards. SQLite: a database in this connection's
    memory.
    """
    from django.contrib.contenttypes.models import ContentType

    original = connections["default"]
    name = ":memory:"
    if original.vendor == "postgresql":
        name = f"{original.settings_dict['NAME']}_empty"
        with original._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    ContentType.objects.clear_cache()
    try:
        with _standing_in(name):
            yield
    finally:
        ContentType.objects.clear_cache()
        if original.vendor == "postgresql":
            with original._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@contextlib.contextmanager
def _standing_in(name: str):
    """A connection to the database ``name`` serves as "default" until the block ends; then the
    connection to the test database comes back."""
    original = connections["default"]
    stand_in = original.__class__({**original.settings_dict, "NAME": name}, "default")
    connections["default"] = stand_in
    try:
        yield
    finally:
        # The driver's own close: Django ignores close() on a database in memory.
        if stand_in.connection is not None:
            stand_in.connection.close()
        connections["default"] = original


def _database_url(alias: str = "default") -> str:
    settings_dict = connections[alias].settings_dict
    user, password = settings_dict["USER"], settings_dict["PASSWORD"]
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    return f"postgres://{auth}{settings_dict['HOST']}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"


@pytest.fixture
def worker_database(base_data, tmp_path):
    """A DATABASE_URL that another process (a task worker, a server) shares with this test.

    The test's rows are committed (transactional_db, with the data migrations' rows: base_data).

    PostgreSQL: the test database itself. SQLite's test database lives in this process's memory:
    it is copied (schema and rows) into a file, and this test's connection is pointed at the file
    until the test ends, when the connection to the memory database comes back.
    """
    connection = connections["default"]
    if connection.vendor == "postgresql":
        yield _database_url()
        return
    if not connection.is_in_memory_db():
        yield f"sqlite:///{connection.settings_dict['NAME']}"
        return
    path = tmp_path / "test.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    with _standing_in(str(path)):
        yield f"sqlite:///{path}"
