import pytest
from django.core.cache import cache

from tests.factories import make_committee_member


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
