"""Files the public downloads of a published version, read straight from its rows."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from awards.models import RankingLevel
from awards.resources import printed_name
from results.models import PublishedVersion, VersionPlace

# Rows fetched per round trip while a winner list is written: a 50,000-place version in 25.
CHUNK = 2000


def version_winner_rows(version: PublishedVersion) -> Iterator[tuple]:
    """The winner list of a version in the columns and words of the committee's
    (awards.resources.winner_list_rows): its rows as printed, one query, streamed. No model
    instance per place: a list of 50,000 places is written at the pace of the writer."""
    levels = {value: str(label) for value, label in RankingLevel.choices}
    yes, no = _("yes"), _("no")
    held_on = version.held_on.isoformat() if version.held_on else ""
    names: dict[tuple, str] = {}
    places = (
        VersionPlace.objects.filter(version=version)
        .order_by("order")
        .values_list(
            "category__award__title",
            "category__award__channel_name",
            "category__title",
            "level",
            "position",
            "title",
            "is_shared",
            "office_name",
            "kind_prefix",
            "kind_name",
            "office_short_name",
            "parent_name",
            "parent_prefix",
            "score",
            "citation",
        )
        .iterator(chunk_size=CHUNK)
    )
    for (
        award,
        channel,
        category,
        level,
        position,
        title,
        shared,
        name,
        prefix,
        kind,
        short_name,
        parent,
        parent_prefix,
        score,
        citation,
    ) in places:
        office = names.get((name, prefix))
        if office is None:
            office = names[(name, prefix)] = printed_name(name, prefix)
        yield (
            version.title,
            version.year,
            held_on,
            award,
            channel,
            category,
            levels.get(level, str(level)),
            position,
            title,
            yes if shared else no,
            office,
            kind,
            short_name,
            printed_name(parent, parent_prefix) if parent else "",
            score,
            citation,
        )
