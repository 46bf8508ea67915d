"""Reads that span models, each in a fixed number of queries."""

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
        .select_related("event", "channel", "office", "office__parent")
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


def place_for_download(*, pk: int, user=None, published_only: bool = True) -> Ranking:
    """A place with its event, channel and office, if its event is public (or the viewer may see it)."""
    events = (
        EvaluationEvent.objects.published() if published_only else EvaluationEvent.objects.visible_to(user)
    )
    return get_object_or_404(
        Ranking.objects.select_related("event", "channel", "office").filter(event__in=events), pk=pk
    )


def event_share_place(event: EvaluationEvent) -> Ranking | None:
    """The place whose card stands for the event when its page is shared: the first in display order."""
    return event_places(event).first()


def office_share_place(office) -> Ranking | None:
    """The office's best place in its latest published event, for the card of its page."""
    return (
        Ranking.objects.filter(office=office, event__in=EvaluationEvent.objects.published())
        .select_related("event", "channel", "office")
        .order_by("-event__held_on", "position", "channel__order")
        .first()
    )


def event_certificate_places(event: EvaluationEvent) -> QuerySet[Ranking]:
    """An event's places for its certificates, in display order, with what a certificate prints."""
    return Ranking.objects.filter(event=event).select_related("event", "channel", "office").in_display_order()
