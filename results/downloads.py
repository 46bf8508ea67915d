"""Files the public downloads of a published version, read straight from its rows."""

from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from awards.models import RankingLevel
from awards.resources import printed_name
from awards.words import ranking_words
from results.models import PublishedVersion, VersionPlace

# Rows fetched per round trip while a winner list is written: a 50,000-place version in 25.
CHUNK = 2000


def version_winner_rows(version: PublishedVersion) -> Iterator[tuple]:
    """The winner list of a version in the columns and words of the committee's
    (awards.resources.winner_list_rows): its places as stored, one query, streamed. No model
    instance per place: a list of 50,000 places is written at the pace of the writer."""
    content = version.content
    event = content["event"]
    awards = {award["id"]: award for award in content["awards"]}
    categories = {item["id"]: item["title"] for award in content["awards"] for item in award["categories"]}
    levels = {value: str(label) for value, label in RankingLevel.choices}
    yes, no = _("yes"), _("no")
    held_on = event["held_on"] or ""
    titles: dict[tuple, str] = {}
    places = (
        VersionPlace.objects.filter(version=version)
        .order_by("order")
        .values_list("data", flat=True)
        .iterator(chunk_size=CHUNK)
    )
    for place in places:
        award, office = awards[place["award_id"]], place["office"]
        level, position, shared = place["level"], place["position"], place["is_shared"]
        key = (level, position, shared)
        if key not in titles:
            titles[key] = ranking_words(
                place_word=event["place_word"],
                numbering=event["place_numbering"],
                mention_word=event["mention_word"],
                level=level,
                position=position,
                shared=shared,
            )
        parent = office["parent"]
        yield (
            event["title"],
            event["year"],
            held_on,
            award["title"],
            award["channel"]["name"] if award["channel"] else "",
            categories[place["category_id"]],
            levels.get(level, str(level)),
            position,
            titles[key],
            yes if shared else no,
            printed_name(office["name"], office["kind"]["prefix"]),
            office["kind"]["name"],
            office.get("short_name", ""),
            printed_name(parent["name"], parent["kind"]["prefix"]) if parent else "",
            Decimal(place["score"]) if place["score"] is not None else None,
            place["citation"],
        )
