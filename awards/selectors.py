"""Reads that span models, each in a fixed number of queries."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from awards.models import (
    EvaluationEvent,
    EventStatus,
    Ranking,
    Signatory,
)
from offices.models import Channel, Office, OfficeAccount


@dataclass
class KindSection:
    kind: str
    label: str
    places: list[Ranking] = field(default_factory=list)


@dataclass
class ChannelSection:
    channel: Channel
    kinds: list[KindSection] = field(default_factory=list)


@dataclass
class MedalCount:
    """How many first, second and third places (and places past the third) an office holds."""

    first: int = 0
    second: int = 0
    third: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.first + self.second + self.third + self.other


@dataclass
class MedalTable:
    kind: str
    label: str
    rows: list[Office] = field(default_factory=list)


def event_for_viewer(*, slug: str, user) -> EvaluationEvent:
    """The event with this slug if the viewer may see it (drafts only for the committee)."""
    return get_object_or_404(EvaluationEvent.objects.visible_to(user), slug=slug)


def published_events() -> QuerySet[EvaluationEvent]:
    return EvaluationEvent.objects.published().order_by("-held_on", "title")


def winners_by_category(event: EvaluationEvent) -> list[ChannelSection]:
    """An event's places grouped by channel, then by office kind, in display order.

    Each place carries ``account_url`` and ``account_handle``: the office's account on that
    place's channel, or empty strings. Two queries; the order is applied here rather than in
    SQL (as RankingQuerySet.in_display_order does) because this is the hot path of the public
    results page, and a Python sort of one event's places costs less than the SQL expression.
    """
    rankings = list(
        Ranking.objects.filter(event=event)
        .select_related("channel", "office__kind", "office__parent__kind")
        .order_by()
    )
    if not rankings:
        return []
    rankings.sort(
        key=lambda r: (
            r.channel.order,
            r.channel.name,
            r.office.kind.order,
            r.office.kind.name,
            r.position,
            r.office.name,
        )
    )
    handles = {
        (office_id, channel_id): handle
        for office_id, channel_id, handle in OfficeAccount.objects.filter(
            office_id__in={r.office_id for r in rankings}
        ).values_list("office_id", "channel_id", "handle")
    }
    sections: list[ChannelSection] = []
    for ranking in rankings:
        ranking.event = event  # the caller's event: spares a join, and the links need it
        ranking.account_handle = handles.get((ranking.office_id, ranking.channel_id), "")
        ranking.account_url = ranking.channel.link_for(ranking.account_handle)
        if not sections or sections[-1].channel.pk != ranking.channel_id:
            sections.append(ChannelSection(channel=ranking.channel))
        kinds = sections[-1].kinds
        if not kinds or kinds[-1].kind != ranking.office_kind:
            kinds.append(KindSection(kind=ranking.office_kind, label=ranking.office.kind.name))
        kinds[-1].places.append(ranking)
    return sections


def place_for_download(*, pk: int, user=None, published_only: bool = True) -> Ranking:
    """A place with its event, channel and office, if its event is public (or the viewer may see it)."""
    events = (
        EvaluationEvent.objects.published() if published_only else EvaluationEvent.objects.visible_to(user)
    )
    return get_object_or_404(
        Ranking.objects.select_related("event", "channel", "office__kind").filter(event__in=events), pk=pk
    )


def event_share_place(event: EvaluationEvent, sections: list[ChannelSection] | None = None) -> Ranking | None:
    """The place whose card stands for the event when its page is shared: the first one shown.

    Pass the page's ``sections`` (from ``winners_by_category``) to spare the queries."""
    if sections is None:
        sections = winners_by_category(event)
    return sections[0].kinds[0].places[0] if sections else None


def office_share_place(office: Office, places: list[Ranking] | None = None) -> Ranking | None:
    """The office's best place in its latest published event, whose card stands for its page.

    Pass the page's ``places`` (from ``office_places``) to spare the query."""
    if places is None:
        places = office_places(office=office, user=None)
    public = [place for place in places if place.event.is_published]
    if not public:
        return None
    best = min(
        public, key=lambda place: (-place.event.held_on.toordinal(), place.position, place.channel.order)
    )
    best.office = office
    return best


def event_certificate_places(event: EvaluationEvent) -> QuerySet[Ranking]:
    """An event's places for its certificates, in display order, with what a certificate prints."""
    return (
        Ranking.objects.filter(event=event)
        .select_related("event", "channel", "office__kind")
        .in_display_order()
    )


def event_signatories(event_id: int) -> list[Signatory]:
    """Who signs an event's certificates, in the order printed (the event page lists them so too)."""
    return list(Signatory.objects.filter(event_id=event_id).order_by("order", "pk"))


def office_for_viewer(*, slug: str) -> Office:
    return get_object_or_404(Office.objects.select_related("kind", "parent__kind"), slug=slug)


def office_accounts(office: Office) -> list[OfficeAccount]:
    return list(
        OfficeAccount.objects.filter(office=office)
        .select_related("channel")
        .order_by("channel__order", "channel__name")
    )


def office_places(*, office: Office, user) -> list[Ranking]:
    """Every place the office won in events the viewer may see, newest event first."""
    return list(
        Ranking.objects.filter(office=office, event__in=EvaluationEvent.objects.visible_to(user))
        .select_related("event", "channel")
        .order_by("-event__held_on", "event__title", "channel__order", "channel__name", "position")
    )


def medal_count(places: list[Ranking]) -> MedalCount:
    counts = Counter(min(place.position, 4) for place in places)
    return MedalCount(first=counts[1], second=counts[2], third=counts[3], other=counts[4])


def channels() -> list[Channel]:
    return list(Channel.objects.order_by("order", "name"))


def channel_for_viewer(*, code: str) -> Channel:
    return get_object_or_404(Channel, code=code)


def channel_medal_tables(channel: Channel) -> list[MedalTable]:
    """The all-time table of a channel per office kind, over published events only.

    Offices are ordered as in an Olympic medal table: by first places, then second, then
    third, then by name. Each office carries ``first``, ``second``, ``third`` and ``places``.
    """
    offices = (
        Office.objects.filter(rankings__channel=channel, rankings__event__status=EventStatus.PUBLISHED)
        .annotate(
            first=Count("rankings", filter=Q(rankings__position=1)),
            second=Count("rankings", filter=Q(rankings__position=2)),
            third=Count("rankings", filter=Q(rankings__position=3)),
            places=Count("rankings"),
        )
        .select_related("kind", "parent__kind")
        .order_by("kind__order", "kind__name", "-first", "-second", "-third", "-places", "name")
    )
    tables: list[MedalTable] = []
    for office in offices:
        if not tables or tables[-1].kind != office.kind_id:
            tables.append(MedalTable(kind=office.kind_id, label=office.kind.name))
        tables[-1].rows.append(office)
    return tables


def event_last_changed(event: EvaluationEvent, sections: list[ChannelSection]) -> datetime.datetime:
    """When the event or any place shown on its page was last changed, without a query.

    Every service that writes places also moves the event's ``updated_at`` (removed places
    included); the places' own times cover the rest, such as an office whose kind was corrected.
    """
    times = [event.updated_at]
    times += [place.updated_at for section in sections for kind in section.kinds for place in kind.places]
    return max(times)
