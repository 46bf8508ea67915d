"""One builder gives a version's rows: publishing saves them, the preview prints them unsaved."""

import pytest

from results.freezing import event_snapshot, version_rows_build
from results.models import PublishedVersion, VersionPlace
from results.services import event_publish
from tests.results.certificates.shapes import make_shapes

pytestmark = pytest.mark.django_db

PLACE_FIELDS = (
    "ranking_id",
    "office_id",
    "channel_id",
    "level",
    "position",
    "is_shared",
    "title",
    "office_name",
)


def test_rows_built_from_the_draft_are_the_rows_publishing_saves(django_assert_num_queries):
    shapes = make_shapes()
    snapshot = event_snapshot(shapes.ppid)
    unsaved = PublishedVersion(event=shapes.ppid, number=1)

    with django_assert_num_queries(0):
        built = version_rows_build(version=unsaved, content=snapshot.content, places=snapshot.places)

    version = event_publish(event=shapes.ppid)
    saved = list(VersionPlace.objects.filter(version=version).order_by("order"))
    assert [tuple(getattr(p, f) for f in PLACE_FIELDS) for p in built.places] == [
        tuple(getattr(p, f) for f in PLACE_FIELDS) for p in saved
    ]
    assert [(p.order, p.fingerprint, p.category.title) for p in built.places] == [
        (p.order, p.fingerprint, p.category.title) for p in saved
    ]
    assert [(a.title, a.order) for a in built.awards] == list(version.awards.values_list("title", "order"))
    assert all(p.pk is None and p.code == "" for p in built.places)
    assert len(built.places) == len(saved) > 0
