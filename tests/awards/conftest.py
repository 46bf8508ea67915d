import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from awards.models import CriterionKind, EvaluationEvent, EventStatus, Formula, Ranking
from awards.services import score_save
from offices.models import Channel, Office, OfficeAccount, OfficeKind
from tests.factories import (
    AccountMetricsFactory,
    CriterionFactory,
    JudgeAssignmentFactory,
    JudgingFactory,
    OfficeAccountFactory,
    OfficeFactory,
    make_judge,
)

DEMO_SLUG = "evaluasi-smart-city-2021"
PROKOMPIM_SLUG = "bagian-protokol-dan-komunikasi-pimpinan"


@pytest.fixture
def demo(db):
    """The 2021 Banjarmasin event of the seed report: 1 event, 3 channels, 18 places."""
    call_command("load_demo", stdout=io.StringIO())
    return EvaluationEvent.objects.get(slug=DEMO_SLUG)


def make_big_data() -> EvaluationEvent:
    """10 published events x 20 channels x 10 places (5 SKPD, 5 kelurahan), accounts everywhere."""
    for n in range(17):
        Channel.objects.create(code=f"channel-{n}", name=f"Channel {n}", order=10 + n)
    channels = list(Channel.objects.all())
    offices = [
        Office.objects.create(name=f"Dinas Contoh {n}", kind=OfficeKind.SKPD, short_name=f"DC{n}")
        for n in range(5)
    ] + [Office.objects.create(name=f"Contoh {n}", kind=OfficeKind.KELURAHAN) for n in range(5)]
    OfficeAccount.objects.bulk_create(
        OfficeAccount(office=office, channel=channel, handle=f"@{office.slug}")
        for office in offices
        for channel in channels
    )
    events = [
        EvaluationEvent.objects.create(
            title=f"Evaluasi Smart City {2015 + n}",
            slug=f"evaluasi-{2015 + n}",
            year=2015 + n,
            held_on=datetime.date(2015 + n, 11, 2),
            city="Banjarmasin",
            places_per_category=5,
            status=EventStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        for n in range(10)
    ]
    Ranking.objects.bulk_create(
        Ranking(
            event=event,
            channel=channel,
            office=office,
            office_kind=office.kind,
            position=(i % 5) + 1,
        )
        for event in events
        for channel in channels
        for i, office in enumerate(offices)
    )
    return events[-1]


@pytest.fixture(params=["seed", "big"])
def data_size(request, db):
    """Two data sizes for query budgets: the seed event, and 10 events of 2000 places in all."""
    if request.param == "seed":
        call_command("load_demo", stdout=io.StringIO())
        return {"event": DEMO_SLUG, "office": PROKOMPIM_SLUG, "places": 18}
    event = make_big_data()
    return {"event": event.slug, "office": "dinas-contoh-0", "places": 2000}


# Fixtures of the judging tests: a small Instagram judging of three kelurahan.


@pytest.fixture
def judged_event():
    """Instagram, three kelurahan, posts per week (measured, weight 40) and content quality
    (judged, weight 60), two judges assigned to all three offices. 28-day period."""
    instagram = Channel.objects.get(code="instagram")
    judging = JudgingFactory()
    event = judging.event
    offices = {
        name: OfficeFactory(name=name, kind=OfficeKind.KELURAHAN)
        for name in ("Belitung Utara", "Banua Anyar", "Sungai Lulut")
    }
    accounts = {name: OfficeAccountFactory(office=o, channel=instagram) for name, o in offices.items()}
    posts = CriterionFactory(
        event=event,
        channel=instagram,
        name="Frekuensi unggahan",
        kind=CriterionKind.MEASURED,
        formula=Formula.POSTS_PER_WEEK,
        weight=40,
        order=1,
    )
    quality = CriterionFactory(event=event, channel=instagram, name="Kualitas konten", weight=60, order=2)
    judges = [make_judge("juri-a"), make_judge("juri-b")]
    for judge in judges:
        for office in offices.values():
            JudgeAssignmentFactory(event=event, judge=judge, office=office)
    return {
        "event": event,
        "judging": judging,
        "channel": instagram,
        "offices": offices,
        "accounts": accounts,
        "posts": posts,
        "quality": quality,
        "judges": judges,
    }


def enter_all(judged_event, points_a, points_b, posts):
    """Give posts (metrics) and both judges' quality points per office, in office-name order."""
    names = ("Belitung Utara", "Banua Anyar", "Sungai Lulut")
    for name, pa, pb, p in zip(names, points_a, points_b, posts, strict=True):
        office = judged_event["offices"][name]
        AccountMetricsFactory(event=judged_event["event"], account=judged_event["accounts"][name], posts=p)
        for judge, pts in zip(judged_event["judges"], (pa, pb), strict=True):
            score_save(judge=judge, criterion=judged_event["quality"], office=office, points=Decimal(pts))
