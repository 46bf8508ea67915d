"""Events published before versions existed get their version 1 (awards 0012, judging 0006),
run on a database in the old shape."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("awards", "0010_committee_award_permissions"), ("judging", "0005_criteria_per_award_finish")]
PUBLISHED_AT = datetime.datetime(2021, 11, 3, 2, 0, tzinfo=datetime.UTC)


def _old_events(apps):
    Office = apps.get_model("offices", "Office")
    Channel = apps.get_model("offices", "Channel")
    Event = apps.get_model("awards", "EvaluationEvent")
    Award = apps.get_model("awards", "Award")
    Category = apps.get_model("awards", "Category")
    Ranking = apps.get_model("awards", "Ranking")
    Judging = apps.get_model("judging", "Judging")
    office = Office.objects.create(name="Pelambuan", kind_id="kelurahan", slug="kelurahan-pelambuan")
    published = Event.objects.create(
        slug="lama",
        title="Evaluasi Lama",
        year=2021,
        held_on=datetime.date(2021, 11, 2),
        city="Banjarmasin",
        status="published",
        published_at=PUBLISHED_AT,
    )
    draft = Event.objects.create(slug="draf", title="Draf", year=2022, city="Banjarmasin")
    for event in (published, draft):
        award = Award.objects.create(
            event=event, title="Terbaik Pengelolaan Website", channel=Channel.objects.get(code="website")
        )
        category = Category.objects.create(award=award, title="Kelurahan", places=3)
        category.kinds.add(apps.get_model("offices", "OfficeKind").objects.get(code="kelurahan"))
        Ranking.objects.create(category=category, award=award, office=office, position=2, citation="Aktif")
    Judging.objects.create(
        event=published,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 10, 31),
        public_breakdown=True,
        scores_locked_at=PUBLISHED_AT,
        finalised_at=PUBLISHED_AT,
        breakdown=[
            {
                "award": "Terbaik Pengelolaan Website",
                "category": "Kelurahan",
                "criteria": [
                    {"name": "Aktivitas", "weight": "60", "max_points": "60", "formula": "posts_per_week"}
                ],
                "rows": [
                    {
                        "office": "Kelurahan Pelambuan",
                        "level": 1,
                        "position": 2,
                        "is_shared": False,
                        "points": [45.5],
                        "total": 75.83,
                    }
                ],
            }
        ],
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("base_data")
def test_published_event_gets_version_1_of_what_it_showed_and_drafts_none():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    _old_events(executor.loader.project_state(BEFORE).apps)

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)
    apps = executor.loader.project_state(leaves).apps
    Version = apps.get_model("results", "PublishedVersion")
    Event = apps.get_model("awards", "EvaluationEvent")

    version = Version.objects.get(event__slug="lama")
    place = version.places.get()
    assert (version.number, version.status, version.is_current, version.published_at) == (
        1,
        "final",
        True,
        PUBLISHED_AT,
    )
    assert Event.objects.get(slug="lama").published_at == PUBLISHED_AT
    # As rows (results 0004-0006 made them from the JSON, 0008 dropped the JSON).
    assert (place.position, place.citation, place.office_name, place.title) == (
        2,
        "Aktif",
        "Pelambuan",
        "Terbaik Kedua",
    )
    assert version.title == "Evaluasi Lama"
    assert version.extras == {
        "score_breakdown": [
            {
                "caption": "Terbaik Pengelolaan Website — Kelurahan",
                "criteria": [{"name": "Aktivitas", "weight": "60", "max_points": "60", "method": ""}],
                "rows": [{"place": "2", "office": "Kelurahan Pelambuan", "points": [45.5], "total": 75.83}],
            }
        ]
    }
    assert not Version.objects.filter(event__slug="draf").exists()
