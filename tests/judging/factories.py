"""Judging's factories in the award shape. (tests/factories.CriterionFactory still has the old
(event, channel) fields; this one replaces it for judging's tests.)"""

import factory

from awards.models import Award
from judging.models import Criterion, CriterionKind
from offices.models import Channel
from tests.factories import EventFactory


def channel_award(event, channel: Channel) -> Award:
    """The event's award tied to this channel (“Terbaik Pengelolaan Instagram”), made when missing,
    without categories (give them with channel_category or CategoryFactory)."""
    award = Award.objects.filter(event=event, channel=channel).order_by("order", "pk").first()
    if award is None:
        award = Award.objects.create(
            event=event, channel=channel, title=f"Terbaik Pengelolaan {channel.name}", order=channel.order
        )
    return award


class CriterionFactory(factory.django.DjangoModelFactory):
    """A criterion of ``award``; or give ``event`` and ``channel`` (Instagram unless given) for
    the event's award tied to that channel, the old tests' shape."""

    class Meta:
        model = Criterion

    class Params:
        event = None
        channel = None

    award = factory.LazyAttribute(
        lambda o: channel_award(o.event or EventFactory(), o.channel or Channel.objects.get(code="instagram"))
    )
    name = factory.Sequence(lambda n: f"Kriteria {n}")
    kind = CriterionKind.JUDGED
    weight = 10
    max_points = 100
