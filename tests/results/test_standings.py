"""The event's overall standings (rekap perolehan): on its page and in its open data."""

import re

import pytest
from django.urls import reverse

from awards.models import RankingLevel
from results.models import PublishedVersion, VersionPlace
from results.selectors import Held, event_standings, held_from_rows
from tests.helpers import DEMO_SLUG, PROKOMPIM_SLUG

pytestmark = pytest.mark.django_db


def lines(tables) -> list:
    return [
        (
            table.kind_name,
            [(s.rank, s.office_name, s.first, s.second, s.third, s.places, s.mentions) for s in table.rows],
        )
        for table in tables
    ]


SEED_STANDINGS = [
    (
        "SKPD",
        [
            (1, "Bagian Protokol dan Komunikasi Pimpinan", 2, 1, 0, 3, 0),
            (2, "Dinas Kesehatan", 1, 1, 0, 2, 0),
            (3, "Dinas Komunikasi, Informatika dan Statistik", 0, 1, 1, 2, 0),
            (4, "Dinas Kebudayaan dan Pariwisata", 0, 0, 1, 1, 0),
            (4, "Dinas Kependudukan dan Pencatatan Sipil", 0, 0, 1, 1, 0),
        ],
    ),
    (
        "Kelurahan",
        [
            (1, "Kelurahan Belitung Utara", 1, 0, 0, 1, 0),
            (1, "Kelurahan Kelayan Barat", 1, 0, 0, 1, 0),
            (1, "Kelurahan Pelambuan", 1, 0, 0, 1, 0),
            (4, "Kelurahan Banua Anyar", 0, 1, 0, 1, 0),
            (4, "Kelurahan Belitung Selatan", 0, 1, 0, 1, 0),
            (4, "Kelurahan Pekapuran Raya", 0, 1, 0, 1, 0),
            (7, "Kelurahan Basirih Selatan", 0, 0, 1, 1, 0),
            (7, "Kelurahan Sungai Baru", 0, 0, 1, 1, 0),
            (7, "Kelurahan Sungai Lulut", 0, 0, 1, 1, 0),
        ],
    ),
]


def test_demo_standings_put_prokompim_first_among_skpd(demo):
    version = PublishedVersion.objects.get(event=demo, is_current=True)

    tables = event_standings(held_from_rows(VersionPlace.objects.filter(version=version)))

    assert lines(tables) == SEED_STANDINGS


def held(
    office: int, position: int, level: int = RankingLevel.PLACE, kind: str = "SKPD", order: int = 1
) -> Held:
    return Held(
        office_id=office,
        office_slug=f"office-{office}",
        office_name=f"Dinas {office}",
        kind_code=kind.lower(),
        kind_name=kind,
        kind_order=order,
        level=level,
        position=position,
    )


def test_mentions_are_counted_apart_and_break_ties_only_after_places():
    given = [
        held(1, 4),  # a fourth place: a place, not a medal
        held(2, 1, RankingLevel.MENTION),  # Harapan 1: never a first place
        held(3, 1, RankingLevel.MENTION),
        held(3, 2, RankingLevel.MENTION),
        held(4, 3),
        held(5, 1, kind="Kecamatan", order=0),
    ]

    tables = event_standings(given)

    assert lines(tables) == [
        ("Kecamatan", [(1, "Dinas 5", 1, 0, 0, 1, 0)]),
        (
            "SKPD",
            [
                (1, "Dinas 4", 0, 0, 1, 1, 0),
                (2, "Dinas 1", 0, 0, 0, 1, 0),
                (3, "Dinas 3", 0, 0, 0, 0, 2),
                (4, "Dinas 2", 0, 0, 0, 0, 1),
            ],
        ),
    ]


def test_no_places_no_standings():
    assert event_standings([]) == []


def standings_rows(html: str) -> list[tuple]:
    section = re.search(r'<section class="standings".*?</section>\s*</section>', html, re.S).group(0)
    return [
        tuple(
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        )
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", section, re.S)
    ]


def test_event_page_shows_the_standings(client, demo):
    response = client.get(reverse("results:event-detail", kwargs={"slug": DEMO_SLUG}))

    html = response.content.decode()
    rows = standings_rows(html)
    assert len(rows) == 1 + 5 + 1 + 9  # a header row per kind, then its offices
    assert rows[1] == ("1", "Bagian Protokol dan Komunikasi Pimpinan", "2", "1", "0", "3", "0")
    assert rows[7] == ("1", "Kelurahan Belitung Utara", "1", "0", "0", "1", "0")
    assert lines(response.context["standings"]) == SEED_STANDINGS
    office = reverse("results:office-detail", kwargs={"slug": PROKOMPIM_SLUG})
    assert f'<th scope="row"><a href="{office}">Bagian Protokol dan Komunikasi Pimpinan</a></th>' in html


def test_committee_preview_counts_the_draft(committee_client, demo):
    response = committee_client.get(reverse("results:event-detail", kwargs={"slug": DEMO_SLUG}))

    assert lines(response.context["standings"]) == SEED_STANDINGS


def test_open_data_carries_the_standings(client, demo):
    document = client.get(
        reverse("results:open-data-event", kwargs={"slug": DEMO_SLUG, "fmt": "json"})
    ).json()

    skpd = document["standings"][0]
    assert skpd["kind"] == {"code": "skpd", "name": "SKPD"}
    assert skpd["offices"][0] == {
        "rank": 1,
        "office": {
            "name": "Bagian Protokol dan Komunikasi Pimpinan",
            "slug": "bagian-protokol-dan-komunikasi-pimpinan",
        },
        "first": 2,
        "second": 1,
        "third": 0,
        "places": 3,
        "mentions": 0,
    }
    assert [(t["kind"]["name"], len(t["offices"])) for t in document["standings"]] == [
        ("SKPD", 5),
        ("Kelurahan", 9),
    ]
