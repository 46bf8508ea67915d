"""Published versions move from awards to results (awards 0013, results 0001-0002) with every row,
every permission and every group's rights kept, on a database in the old shape."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.results.test_migration_rows import CONTENT, _place

BEFORE = [("awards", "0012_published_versions_data"), ("judging", "0006_breakdown_in_versions")]
AFTER = [("results", "0002_content_types")]
PUBLISHED_AT = datetime.datetime(2021, 11, 3, 2, 0, tzinfo=datetime.UTC)


def _old_version(apps) -> None:
    Office = apps.get_model("offices", "Office")
    Event = apps.get_model("awards", "EvaluationEvent")
    Version = apps.get_model("awards", "PublishedVersion")
    Place = apps.get_model("awards", "VersionPlace")
    parent = Office.objects.create(name="Kecamatan Banjarmasin Barat", kind_id="skpd", slug="kec-barat")
    office = Office.objects.create(
        name="Pelambuan", kind_id="kelurahan", slug="kelurahan-pelambuan", parent=parent
    )
    event = Event.objects.create(
        slug="lama",
        title="Evaluasi Lama",
        year=2021,
        city="Banjarmasin",
        status="published",
        published_at=PUBLISHED_AT,
    )
    version = Version.objects.create(
        event=event,
        number=1,
        status="final",
        # The shape awards 0012 froze (results 0005 reads it into rows on the way to the leaves).
        content=_content(event),
        published_at=PUBLISHED_AT,
        published_by_name="sekretaris",
    )
    Place.objects.create(
        version=version,
        office=office,
        level=1,
        position=2,
        order=1,
        code="ABCD-EFGH",
        fingerprint="f" * 64,
        data=_place(office, parent, level=1, position=2, shared=False, score="87.50"),
    )


def _content(event) -> dict:
    content = {**CONTENT, "event": {**CONTENT["event"], "id": event.pk}}
    content["awards"] = [{**CONTENT["awards"][0], "channel": None}]
    return content


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("base_data")
def test_versions_move_to_results_with_their_rows_and_permissions():
    from django.contrib.auth.models import Group, Permission

    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    _old_version(executor.loader.project_state(BEFORE).apps)
    ContentType = executor.loader.project_state(BEFORE).apps.get_model("contenttypes", "ContentType")
    old_type = ContentType.objects.get_or_create(app_label="awards", model="publishedversion")[0]
    view = Permission.objects.get_or_create(
        content_type_id=old_type.pk, codename="view_publishedversion", defaults={"name": "Can view"}
    )[0]
    Group.objects.create(name="Pembaca").permissions.add(view)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Version = apps.get_model("results", "PublishedVersion")

    version = Version.objects.select_related("event").get()
    place = version.places.get()
    assert (
        version.event.slug,
        version.number,
        version.status,
        version.published_at,
        version.published_by_name,
    ) == (
        "lama",
        1,
        "final",
        PUBLISHED_AT,
        "sekretaris",
    )
    assert version.content["event"]["title"] == "Evaluasi Lama"
    assert (place.office.slug, place.level, place.position, place.code) == (
        "kelurahan-pelambuan",
        1,
        2,
        "ABCD-EFGH",
    )
    assert list(
        Group.objects.get(name="Pembaca").permissions.values_list("content_type__app_label", "codename")
    ) == [("results", "view_publishedversion")]
    executor = MigrationExecutor(connection)
    executor.migrate(leaves)
