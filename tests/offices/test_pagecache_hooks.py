"""Offices hooks its own models for the page cache (offices/signals.py, from its own ready())."""

import pytest

from common import pagecache
from offices.models import OfficeFormerName, OfficeKind
from tests.factories import ChannelFactory, OfficeAccountFactory, OfficeFactory

pytestmark = pytest.mark.django_db

MAKE = {
    "kind": lambda: OfficeKind.objects.create(code="kapanewon", name="Kapanewon", prefix="Kapanewon"),
    "office": OfficeFactory,
    "former-name": lambda: OfficeFormerName.objects.create(office=OfficeFactory(), name="Dinas Lama"),
    "channel": ChannelFactory,
    "account": OfficeAccountFactory,
}


@pytest.mark.parametrize("row", list(MAKE))
def test_saving_and_deleting_an_offices_row_makes_pages_stale(row):
    before = pagecache.generation()
    made = MAKE[row]()
    after_save = pagecache.generation()
    made.delete()
    after_delete = pagecache.generation()

    assert before != after_save != after_delete
