"""An office's places over the years: a small server-drawn SVG, and the same numbers as a table
for a screen reader; no script, no inline style; the office page keeps its query budget."""

import datetime
import re

import pytest
from django.urls import reverse

from awards.models import RankingLevel
from results.charts import places_chart, year_counts
from results.models import VersionPlace
from results.services import event_publish
from tests.factories import EventFactory, OfficeFactory, RankingFactory
from tests.helpers import PROKOMPIM_SLUG

pytestmark = pytest.mark.django_db


def counts(lines) -> list[tuple]:
    return [(c.year, c.first, c.second, c.third, c.other, c.mentions) for c in lines]


def chart_table(html: str) -> list[tuple]:
    section = re.search(r'<section class="places-chart".*?</section>', html, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", section, re.S).group(1)
    return [
        tuple(re.findall(r"<t[hd][^>]*>(\d+)</t[hd]>", row))
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_prokompim_2021_two_firsts_and_a_second(client, demo):
    html = client.get(reverse("results:office-detail", kwargs={"slug": PROKOMPIM_SLUG})).content.decode()

    section = re.search(r'<section class="places-chart".*?</section>', html, re.S).group(0)
    assert chart_table(html) == [("2021", "2", "1", "0", "0", "0")]
    assert re.findall(r'<rect class="chart-(\w+)" x="8" y="(\d+)" width="28" height="(\d+)"/>', section) == [
        ("first", "32", "32"),
        ("second", "16", "16"),
    ]
    assert '<text class="chart-total" x="22" y="12">3</text>' in section
    assert '<text class="chart-year" x="22" y="78">2021</text>' in section
    assert 'aria-hidden="true"' in section.split("<svg", 1)[1].split(">", 1)[0]
    assert '<div class="visually-hidden"><table>' in section
    assert "style=" not in section and "<script" not in section


def place(event, office, position, level=RankingLevel.PLACE):
    return RankingFactory(event=event, office=office, position=position, level=level, places=5)


def test_years_between_are_kept_and_mentions_are_apart(db):
    office = OfficeFactory(name="Dinas Kesehatan")
    old = EventFactory(year=2019, held_on=datetime.date(2019, 10, 1))
    place(old, office, 4)
    event_publish(event=old)
    new = EventFactory(year=2022, held_on=datetime.date(2022, 10, 1))
    RankingFactory(event=new, office=office, position=1, level=RankingLevel.MENTION, places=3)
    event_publish(event=new)
    rows = list(VersionPlace.objects.filter(office=office).select_related("version"))

    chart = places_chart(rows)

    assert counts(year_counts(rows)) == [
        (2019, 0, 0, 0, 1, 0),
        (2020, 0, 0, 0, 0, 0),
        (2021, 0, 0, 0, 0, 0),
        (2022, 0, 0, 0, 0, 1),
    ]
    assert (chart.width, chart.height) == (4 * 44, 16 + 16 + 18)
    assert [[(b.part, b.height) for b in column.blocks] for column in chart.columns] == [
        [("other", 16)],
        [],
        [],
        [("mentions", 16)],
    ]


def test_no_places_no_chart(client, db):
    office = OfficeFactory(name="Dinas Pendidikan")

    html = client.get(reverse("results:office-detail", kwargs={"slug": office.slug})).content.decode()

    assert places_chart([]) is None
    assert "places-chart" not in html


def test_a_tall_year_is_scaled_into_the_plot():
    class Row:
        def __init__(self, year, position):
            self.version = type("V", (), {"year": year})()
            self.level, self.position = RankingLevel.PLACE, position

    chart = places_chart([Row(2021, 1) for _ in range(20)])

    assert [(b.part, b.y, b.height) for b in chart.columns[0].blocks] == [("first", 16, 100)]


@pytest.mark.parametrize("events", [1, 6])
def test_office_page_with_chart_keeps_its_query_budget(client, django_assert_num_queries, events):
    office = OfficeFactory(name="Dinas Komunikasi, Informatika dan Statistik")
    for n in range(events):
        event = EventFactory(year=2015 + 2 * n, held_on=datetime.date(2015 + 2 * n, 11, 2))
        place(event, office, 1 + n % 4)
        event_publish(event=event)

    # The office, its places (with their versions and events), its accounts, its former names.
    with django_assert_num_queries(5):
        html = client.get(reverse("results:office-detail", kwargs={"slug": office.slug})).content.decode()

    assert len(chart_table(html)) == 1 + 2 * (events - 1)
