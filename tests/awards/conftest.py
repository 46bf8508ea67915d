import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from awards.models import EvaluationEvent, EventStatus, Ranking
from offices.models import Channel, Office, OfficeAccount, OfficeKind
from tests.helpers import DEMO_SLUG, PROKOMPIM_SLUG


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
