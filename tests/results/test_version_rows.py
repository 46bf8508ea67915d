"""One builder gives a version's rows: publishing saves them, the preview prints them unsaved."""

import pytest

from awards.models import Ranking, RankingLevel
from results.freezing import event_snapshot, version_rows_build
from results.models import PublishedVersion, VersionPlace
from results.services import event_publish
from tests.factories import AwardFactory, CategoryFactory, EventFactory, OfficeFactory
from tests.results.certificates.shapes import make_shapes
from tests.results.test_demo_page import visible_lines

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


def test_a_version_prints_its_award_without_categories_and_category_without_places(
    client, django_assert_num_queries
):
    """The version's awards, categories and places come in one query of LEFT JOINs: what has
    nothing under it is printed too, as the preview prints it."""
    event = EventFactory(slug="rows-empty", title="Evaluasi Baris")
    filled = AwardFactory(event=event, title="Terbaik Pengelolaan Website", order=1)
    category = CategoryFactory(award=filled, title="Kelurahan", kinds=["kelurahan"])
    CategoryFactory(award=filled, title="SKPD", kinds=["skpd"])
    AwardFactory(event=event, title="Terbaik Pengelolaan Instagram", order=2)
    pelambuan = OfficeFactory(name="Pelambuan", kind="kelurahan")
    Ranking.objects.create(category=category, office=pelambuan, position=1, level=RankingLevel.PLACE)
    event_publish(event=event)

    # The version with its event, its awards, categories and places (LEFT JOINs), the government.
    with django_assert_num_queries(3):
        response = client.get(f"/en/events/{event.slug}/")

    lines = visible_lines(response.content.decode())
    # After the jump navigation (the two awards' titles), the awards as printed.
    start = lines.index("Terbaik Pengelolaan Website", lines.index("Terbaik Pengelolaan Instagram"))
    # Then the event's overall standings (results/_standings.html), read by their own tests.
    end = lines.index("Overall standings")
    assert lines[start:end] == [
        "Terbaik Pengelolaan Website",
        "Category Kelurahan",
        "1",
        "PE",
        "Terbaik Pertama",
        "Kelurahan Pelambuan",
        "Certificate (PDF)",
        "Certificate (PNG)",
        "Share image",
        "Category SKPD",
        "No places have been entered for this category yet.",
        "Terbaik Pengelolaan Instagram",
        "No categories have been entered for this award yet.",
    ]


def test_a_renamed_parent_office_is_a_correction(demo):
    """The nothing-new check compares everything the rows print, the parent office's name too."""
    place = (
        Ranking.objects.filter(award__event=demo, office__parent__isnull=False)
        .select_related("office__parent")
        .first()
    )
    parent = place.office.parent
    parent.name = f"{parent.name} Baru"
    parent.save()

    version = event_publish(event=demo, reason="Nama kecamatan diperbarui")

    assert version.number == 2
    assert VersionPlace.objects.filter(version=version, parent_name=parent.name).exists()
