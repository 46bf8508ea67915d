"""The move to awards and categories (awards 0007–0009), run on a database in the old shape."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from awards import demo

BEFORE = [("awards", "0006_judging_moves_out"), ("offices", "0005_names_without_kind_word")]
AFTER = [("awards", "0009_awards_and_categories_finish")]


def _old_demo(apps):
    """The 2021 demo event as the old code stored it: places per (event, channel, kind)."""
    Office = apps.get_model("offices", "Office")
    Channel = apps.get_model("offices", "Channel")
    EvaluationEvent = apps.get_model("awards", "EvaluationEvent")
    Ranking = apps.get_model("awards", "Ranking")
    HistoricalRanking = apps.get_model("awards", "HistoricalRanking")
    offices = {}
    for n, (name, kind, short_name, _parent) in enumerate(demo.OFFICES):
        offices[name] = Office.objects.create(name=name, kind=kind, short_name=short_name, slug=f"o{n}")
    event = EvaluationEvent.objects.create(
        slug=demo.EVENT["slug"],
        title=demo.EVENT["title"],
        year=2021,
        held_on=datetime.date(2021, 11, 2),
        city="Banjarmasin",
        notes=demo.EVENT["notes"],
        places_per_category=3,
        status="published",
        published_at=datetime.datetime(2021, 11, 3, tzinfo=datetime.UTC),
    )
    small = EvaluationEvent.objects.create(
        slug="lain",
        title="Lain",
        year=2022,
        held_on=datetime.date(2022, 1, 5),
        city="X",
        places_per_category=5,
    )
    channels = {channel.code: channel for channel in Channel.objects.all()}
    for code, kind, position, name, shared in demo.PLACES:
        ranking = Ranking.objects.create(
            event=event,
            channel=channels[code],
            office=offices[name],
            office_kind=kind,
            position=position,
            is_shared=shared,
            score=Decimal("90.50") if position == 1 else None,
            citation="Sangat aktif" if position == 1 else "",
        )
        HistoricalRanking.objects.create(
            id=ranking.pk,
            event_id=event.pk,
            channel_id=ranking.channel_id,
            office_id=ranking.office_id,
            office_kind=kind,
            position=position,
            is_shared=shared,
            created_at=ranking.created_at,
            updated_at=ranking.updated_at,
            history_date=ranking.updated_at,
            history_type="+",
        )
    Ranking.objects.create(
        event=small,
        channel=channels["instagram"],
        office=offices["Pelambuan"],
        office_kind="kelurahan",
        position=5,
    )


@pytest.mark.usefixtures("empty_database")
def test_the_demo_event_becomes_three_awards_of_two_categories_of_three_places():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    _old_demo(executor.loader.project_state(BEFORE).apps)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Award = apps.get_model("awards", "Award")
    Ranking = apps.get_model("awards", "Ranking")
    HistoricalRanking = apps.get_model("awards", "HistoricalRanking")
    EvaluationEvent = apps.get_model("awards", "EvaluationEvent")
    event = EvaluationEvent.objects.get(slug=demo.EVENT["slug"])
    awards = [
        (
            award.title,
            award.channel.code,
            [
                (c.title, c.places, c.mentions, [k.code for k in c.kinds.all()])
                for c in award.categories.order_by("order")
            ],
        )
        for award in Award.objects.filter(event=event).order_by("order")
    ]
    places = sorted(
        (
            r.category.award.channel.code,
            r.category.kinds.get().code,
            r.position,
            r.office.name,
            r.is_shared,
            r.level,
        )
        for r in Ranking.objects.filter(category__award__event=event)
    )
    firsts = sorted(
        (r.score, r.citation) for r in Ranking.objects.filter(category__award__event=event, position=1)
    )
    other = [
        (r.category.award.title, r.category.title, r.category.places, r.position)
        for r in Ranking.objects.filter(category__award__event__slug="lain")
    ]
    history = sorted(
        (
            h.category_id == Ranking.objects.get(pk=h.id).category_id,
            h.award_id == Ranking.objects.get(pk=h.id).award_id,
        )
        for h in HistoricalRanking.objects.filter(
            id__in=Ranking.objects.filter(category__award__event=event).values("pk")
        )
    )
    notes = event.notes

    kinds = [("SKPD", 3, 0, ["skpd"]), ("Kelurahan", 3, 0, ["kelurahan"])]
    assert awards == [
        ("Terbaik Pengelolaan Website", "website", kinds),
        ("Terbaik Pengelolaan Instagram", "instagram", kinds),
        ("Terbaik Pengelolaan Facebook", "facebook", kinds),
    ]
    assert places == sorted((c, k, p, n, s, 1) for c, k, p, n, s in demo.PLACES)
    assert firsts == [(Decimal("90.50"), "Sangat aktif")] * 6
    assert other == [("Terbaik Pengelolaan Instagram", "Kelurahan", 5, 5)]
    assert history == [(True, True)] * 18
    assert notes == demo.EVENT["notes"]
