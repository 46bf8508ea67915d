import importlib

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import make_committee_member
from tests.helpers import login_verified


@pytest.fixture(autouse=True)
def _default_language():
    # A request to an /en/ page leaves English active in this thread, and reverse() would then
    # give the next test /en/ addresses: every test starts in the default language.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploads made by a test land in its own folder, never in the project's media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # The local-memory cache lives as long as the process: no test may see another's pages.
    cache.clear()
    yield
    cache.clear()


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
    from django.contrib.contenttypes.models import ContentType

    # The flush also emptied django_content_type; ids cached in this process from earlier tests
    # would make new admin log and history rows point at rows that are gone.
    ContentType.objects.clear_cache()
    importlib.import_module("offices.migrations.0002_channels").create_channels(_migration_apps, None)
    importlib.import_module("offices.migrations.0006_office_kinds_as_data").create_kinds(
        _migration_apps, None
    )
    importlib.import_module("awards.migrations.0002_committee_group").create_group(_migration_apps, None)
    importlib.import_module("awards.migrations.0004_judging").create_groups(
        _migration_apps, None, app_label="judging"
    )
    importlib.import_module("awards.migrations.0008_committee_office_kinds").grant(_migration_apps, None)
    importlib.import_module("awards.migrations.0010_committee_award_permissions").grant_permissions(
        _migration_apps, None
    )
