"""Reads that span models, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from awards.models import EvaluationEvent, Ranking
from offices.models import Channel, OfficeAccount, OfficeKind


@dataclass
class KindSection:
    kind: str
    label: str
    places: list[Ranking] = field(default_factory=list)


@dataclass
class ChannelSection:
    channel: Channel
    kinds: list[KindSection] = field(default_factory=list)


def event_for_viewer(*, slug: str, user) -> EvaluationEvent:
    """The event with this slug if the viewer may see it (drafts only for the committee)."""
    return get_object_or_404(EvaluationEvent.objects.visible_to(user), slug=slug)


def published_events() -> QuerySet[EvaluationEvent]:
    return EvaluationEvent.objects.published().order_by("-held_on", "title")


def event_places(event: EvaluationEvent) -> QuerySet[Ranking]:
    """An event's places in display order, with offices, parents and accounts loaded."""
    return (
        Ranking.objects.filter(event=event)
        .select_related("channel", "office", "office__parent")
        .prefetch_related(
            Prefetch("office__accounts", queryset=OfficeAccount.objects.select_related("channel"))
        )
        .in_display_order()
    )


def winners_by_category(event: EvaluationEvent) -> list[ChannelSection]:
    """An event's places grouped by channel, then by office kind, in display order."""
    labels = dict(OfficeKind.choices)
    sections: list[ChannelSection] = []
    for ranking in event_places(event):
        if not sections or sections[-1].channel.pk != ranking.channel_id:
            sections.append(ChannelSection(channel=ranking.channel))
        kinds = sections[-1].kinds
        if not kinds or kinds[-1].kind != ranking.office_kind:
            kinds.append(KindSection(kind=ranking.office_kind, label=labels[ranking.office_kind]))
        kinds[-1].places.append(ranking)
    return sections


def event_last_changed(event: EvaluationEvent, sections: list[ChannelSection]) -> datetime.datetime:
    """When the event or any place shown on its page was last changed, without a query.

    Every service that writes places also moves the event's ``updated_at`` (removed places
    included); the places' own times cover the rest, such as an office whose kind was corrected.
    """
    times = [event.updated_at]
    times += [place.updated_at for section in sections for kind in section.kinds for place in kind.places]
    return max(times)
