import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import make_committee_member


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
    client.force_login(committee_member)
    return client
