"""An office's places over the years as a small chart drawn on the server: an SVG of plain
shapes (sizes as attributes, colours from classes in static/css: the page's CSP allows no inline
style and no script), with the same numbers as a table for a screen reader."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from awards.models import RankingLevel
from awards.selectors import MedalCount

# The kinds a bar is stacked from, bottom first: the medals, other places, honourable mentions.
PARTS = ("first", "second", "third", "other", "mentions")
COLUMN, BAR, UNIT_MAX, PLOT, LABEL, TOP = 44, 28, 16, 112, 18, 16


@dataclass(kw_only=True)
class YearCount(MedalCount):
    """What an office won in one year, in all the published events held that year."""

    year: int


@dataclass(frozen=True)
class Block:
    """One stacked part of a year's bar: a rectangle of the chart and its class."""

    x: int
    y: int
    width: int
    height: int
    part: str


@dataclass
class Column:
    count: YearCount
    x: int
    label_x: int
    total_y: int
    blocks: list[Block] = field(default_factory=list)


@dataclass
class PlacesChart:
    years: list[YearCount]
    columns: list[Column]
    width: int
    height: int
    baseline: int
    year_y: int


def year_counts(places: Iterable) -> list[YearCount]:
    """Per year, from the first year with a place to the last (years between with nothing
    included, so the chart keeps time honestly): firsts, seconds, thirds, other places and
    honourable mentions. ``places`` are VersionPlace rows with their version (no query)."""
    counts: dict[int, YearCount] = {}
    for place in places:
        year = place.version.year
        counts.setdefault(year, YearCount(year=year)).add(
            mention=place.level == RankingLevel.MENTION, position=place.position
        )
    if not counts:
        return []
    return [counts.get(year, YearCount(year=year)) for year in range(min(counts), max(counts) + 1)]


def places_chart(places: Iterable) -> PlacesChart | None:
    """The chart of an office's places over the years, or None when it has none."""
    years = year_counts(places)
    if not years:
        return None
    tallest = max(line.with_mentions for line in years)
    unit = min(UNIT_MAX, PLOT // tallest)
    # As tall as the tallest bar needs, at most PLOT: a small record stays a small chart.
    baseline = TOP + unit * tallest
    columns = []
    for index, line in enumerate(years):
        x = index * COLUMN + (COLUMN - BAR) // 2
        column = Column(count=line, x=x, label_x=index * COLUMN + COLUMN // 2, total_y=0)
        y = baseline
        for part in PARTS:
            number = getattr(line, part)
            if number:
                height = number * unit
                y -= height
                column.blocks.append(Block(x=x, y=y, width=BAR, height=height, part=part))
        column.total_y = y - 4
        columns.append(column)
    return PlacesChart(
        years=years,
        columns=columns,
        width=len(years) * COLUMN,
        height=baseline + LABEL,
        baseline=baseline,
        year_y=baseline + LABEL - 4,
    )
