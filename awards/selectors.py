"""Reads that span models, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.text import get_text_list
from django.utils.translation import gettext

from awards.models import (
    Award,
    Category,
    EvaluationEvent,
    Ranking,
    RankingLevel,
    Signatory,
)
from offices.models import Channel, Office, OfficeAccount, OfficeKind


@dataclass
class CategorySection:
    """One ranking of an award on a page: its places, then its honourable mentions, in order."""

    category: Category
    places: list[Ranking] = field(default_factory=list)
    mentions: list[Ranking] = field(default_factory=list)


@dataclass
class AwardSection:
    award: Award
    categories: list[CategorySection] = field(default_factory=list)

    @property
    def channel(self) -> Channel | None:
        return self.award.channel


@dataclass
class MedalCount:
    """How many first, second and third places (and places past the third) an office holds, and
    apart from them its honourable mentions, which are never medals."""

    first: int = 0
    second: int = 0
    third: int = 0
    other: int = 0
    mentions: int = 0

    @property
    def total(self) -> int:
        """Every place, medal or not; honourable mentions are not places."""
        return self.first + self.second + self.third + self.other

    @property
    def with_mentions(self) -> int:
        return self.total + self.mentions

    def add(self, *, mention: bool, position: int) -> None:
        """Counts one place at ``position``, or one honourable mention."""
        if mention:
            self.mentions += 1
        elif position == 1:
            self.first += 1
        elif position == 2:
            self.second += 1
        elif position == 3:
            self.third += 1
        else:
            self.other += 1


@dataclass
class MedalTable:
    kind: OfficeKind
    rows: list[Office] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.kind.name


def event_for_viewer(*, slug: str, user) -> EvaluationEvent:
    """The event with this slug if the viewer may see it (drafts only for the committee)."""
    return get_object_or_404(EvaluationEvent.objects.visible_to(user), slug=slug)


def event_sections(event: EvaluationEvent) -> list[AwardSection]:
    """An event's awards, each with its categories and their places, in display order.

    Awards and categories without places are shown too (“no places entered yet” is true of them).
    Each place carries ``account_url`` and ``account_handle``: the office's account on the award's
    channel, or empty strings. Four queries whatever the number of places.
    """
    awards = list(Award.objects.filter(event=event).select_related("channel").order_by("order", "pk"))
    if not awards:
        return []
    sections = {award.pk: AwardSection(award=award) for award in awards}
    by_category: dict[int, CategorySection] = {}
    for category in Category.objects.filter(award__event=event).order_by("order", "pk"):
        category.award = sections[category.award_id].award
        by_category[category.pk] = CategorySection(category=category)
        sections[category.award_id].categories.append(by_category[category.pk])
    rankings = list(
        Ranking.objects.filter(award__event=event)
        .select_related("office__kind", "office__parent__kind")
        .order_by("level", "position", "office__name")
    )
    handles = {
        (office_id, channel_id): handle
        for office_id, channel_id, handle in OfficeAccount.objects.filter(
            office_id__in={r.office_id for r in rankings}
        ).values_list("office_id", "channel_id", "handle")
    }
    event_awards = {award.pk: award for award in awards}
    for award in awards:
        award.event = event  # the caller's event: spares a join, and the links and words need it
    for ranking in rankings:
        section = by_category[ranking.category_id]
        ranking.category = section.category
        channel = event_awards[ranking.award_id].channel
        ranking.account_handle = handles.get((ranking.office_id, channel.pk), "") if channel else ""
        ranking.account_url = channel.link_for(ranking.account_handle) if channel else ""
        (section.mentions if ranking.is_mention else section.places).append(ranking)
    return list(sections.values())


def sections_places(sections: list[AwardSection]) -> list[Ranking]:
    """Every place and mention of a page's sections, in display order."""
    return [
        ranking
        for section in sections
        for category in section.categories
        for ranking in [*category.places, *category.mentions]
    ]


def event_channels(sections: list[AwardSection]) -> list[Channel]:
    """The channels the event's awards judge, once each, in the awards' order (for descriptions)."""
    seen: dict[int, Channel] = {}
    for section in sections:
        if section.channel is not None:
            seen.setdefault(section.channel.pk, section.channel)
    return list(seen.values())


def event_summary(sections: list[AwardSection]) -> str:
    """The event's awards in words, for its page's description: “Terbaik Pengelolaan Website,
    Terbaik Pengelolaan Instagram dan Terbaik Pengelolaan Facebook (SKPD, Kelurahan)”."""
    titles = [section.award.title for section in sections]
    if not titles:
        return ""
    kinds: list[str] = []
    for section in sections:
        for category in section.categories:
            if category.category.title not in kinds:
                kinds.append(category.category.title)
    words = get_text_list(titles, gettext("and"))
    return f"{words} ({', '.join(kinds)})" if kinds else words


def event_certificate_places(event: EvaluationEvent) -> QuerySet[Ranking]:
    """An event's places for its certificates, in display order, with what a certificate prints."""
    return (
        Ranking.objects.filter(award__event=event)
        .select_related("category__award__event", "category__award__channel", "office__kind")
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


def medal_count(places: list[Ranking]) -> MedalCount:
    count = MedalCount()
    for place in places:
        count.add(mention=place.is_mention, position=place.position)
    return count


def channels() -> list[Channel]:
    return list(Channel.objects.order_by("order", "name"))


def channel_for_viewer(*, code: str) -> Channel:
    return get_object_or_404(Channel, code=code)


def event_last_changed(event: EvaluationEvent, sections: list[AwardSection]) -> datetime.datetime:
    """When the event or any place shown on its page was last changed, without a query.

    Every service that writes places also moves the event's ``updated_at`` (removed places
    included); the places' own times cover the rest, such as an office whose kind was corrected.
    """
    times = [event.updated_at]
    times += [section.award.updated_at for section in sections]
    times += [category.category.updated_at for section in sections for category in section.categories]
    times += [place.updated_at for place in sections_places(sections)]
    return max(times)


@dataclass(frozen=True)
class TrailEntry:
    """One saved state of a place, from its history: who saved it, when, and what it then was."""

    at: datetime.datetime
    change: str  # "+" entered, "~" changed, "-" deleted (simple_history's history_type)
    by: str  # the account's username; "" for an import or a script
    level: int
    position: int
    is_shared: bool
    score: Decimal | None

    @property
    def level_name(self) -> str:
        return RankingLevel(self.level).label


def place_trust_trail(*, ranking_id: int) -> list[TrailEntry]:
    """Every saved state of a place, oldest first: what a committee member answers a question
    about a place with (one query)."""
    records = (
        Ranking.history.filter(id=ranking_id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return [
        TrailEntry(
            at=record.history_date,
            change=record.history_type,
            by=record.history_user.get_username() if record.history_user else "",
            level=record.level,
            position=record.position,
            is_shared=record.is_shared,
            score=record.score,
        )
        for record in records
    ]
