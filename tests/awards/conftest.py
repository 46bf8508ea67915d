import datetime
import io

import pytest
from django.core.management import call_command

from awards.models import Award, Category, EvaluationEvent, Ranking
from offices.models import Channel, Office, OfficeAccount, OfficeKind
from results.services import event_publish
from tests.helpers import DEMO_SLUG, PROKOMPIM_SLUG

# Large enough that every count of the seed differs (events, awards, categories, offices, accounts)
# and the admin's lists run past their first page of 100; 2,000 places proved no more and took
# 1.5 s per test (ten publications).
BIG_EVENTS, BIG_CHANNELS = 4, 8


def make_big_data() -> EvaluationEvent:
    """4 published events x 8 awards (one per channel) x 2 categories (SKPD, Kelurahan) x 5
    places, accounts everywhere."""
    for n in range(BIG_CHANNELS - Channel.objects.count()):
        Channel.objects.create(code=f"channel-{n}", name=f"Channel {n}", order=10 + n)
    channels = list(Channel.objects.all())
    offices = [
        Office.objects.create(name=f"Dinas Contoh {n}", kind_id=OfficeKind.SKPD, short_name=f"DC{n}")
        for n in range(5)
    ] + [Office.objects.create(name=f"Contoh {n}", kind_id=OfficeKind.KELURAHAN) for n in range(5)]
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
        )
        for n in range(BIG_EVENTS)
    ]
    awards = Award.objects.bulk_create(
        Award(event=event, channel=channel, title=f"Terbaik Pengelolaan {channel.name}", order=channel.order)
        for event in events
        for channel in channels
    )
    kinds = {kind.code: kind for kind in OfficeKind.objects.all()}
    categories = Category.objects.bulk_create(
        Category(award=award, title=kinds[code].name, places=5, order=order)
        for award in awards
        for order, code in enumerate([OfficeKind.SKPD, OfficeKind.KELURAHAN], start=1)
    )
    Category.kinds.through.objects.bulk_create(
        Category.kinds.through(category=category, officekind=kinds[code])
        for category, code in zip(
            categories, [OfficeKind.SKPD, OfficeKind.KELURAHAN] * len(awards), strict=True
        )
    )
    by_award_kind = {
        (category.award_id, code): category
        for category, code in zip(
            categories, [OfficeKind.SKPD, OfficeKind.KELURAHAN] * len(awards), strict=True
        )
    }
    Ranking.objects.bulk_create(
        Ranking(
            category=by_award_kind[(award.pk, office.kind_id)],
            award=award,
            office=office,
            position=(i % 5) + 1,
        )
        for award in awards
        for i, office in enumerate(offices)
    )
    for event in events:
        event_publish(event=event)
    return events[-1]


@pytest.fixture(params=["seed", "big"])
def data_size(request, db):
    """Two data sizes for query budgets: the seed event, and 4 events of 320 places in all."""
    if request.param == "seed":
        call_command("load_demo", stdout=io.StringIO())
        return {"event": DEMO_SLUG, "office": PROKOMPIM_SLUG, "places": 18}
    event = make_big_data()
    return {"event": event.slug, "office": "dinas-contoh-0", "places": BIG_EVENTS * BIG_CHANNELS * 10}
