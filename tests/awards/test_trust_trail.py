"""A place's trust trail: its saved states and the published versions that gave it, as plain data
(awards.selectors) shown on the place's admin page (templates/admin/awards/ranking/_trust_trail.html)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from awards.models import RankingLevel
from awards.selectors import place_trust_trail
from awards.services import ranking_save
from results.models import VersionPlace
from results.selectors import place_published_versions
from results.services import event_publish
from tests.factories import EventFactory, OfficeFactory, RankingFactory, make_committee_member
from tests.helpers import correct_a_citation

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    event = EventFactory(slug="anugerah-2023")
    place = RankingFactory(event=event, office=OfficeFactory(name="Dinas Kesehatan"), position=1)
    place.score = Decimal("87.50")
    place.is_shared = True
    ranking_save(ranking=place, by=make_committee_member("juru-tulis"))
    return place


def test_trail_lists_every_saved_state_with_who_saved_it(place):
    trail = place_trust_trail(ranking_id=place.pk)

    assert [(e.change, e.by, e.level, e.position, e.is_shared, e.score) for e in trail] == [
        ("+", "", RankingLevel.PLACE, 1, False, None),
        ("~", "juru-tulis", RankingLevel.PLACE, 1, True, Decimal("87.50")),
    ]


def test_published_versions_of_a_place_with_their_codes(place):
    event_publish(event=place.award.event)
    correct_a_citation(place.award.event, "Catatan diperbarui")
    event_publish(event=place.award.event, reason="Ralat")
    codes = list(
        VersionPlace.objects.filter(ranking_id=place.pk)
        .order_by("version__number")
        .values_list("code", flat=True)
    )

    appearances = place_published_versions(ranking_id=place.pk)

    assert [(a.number, a.url, a.level, a.position, a.code, a.score) for a in appearances] == [
        (1, "/events/anugerah-2023/v1/", RankingLevel.PLACE, 1, codes[0], "87.50"),
        (2, "/events/anugerah-2023/v2/", RankingLevel.PLACE, 1, codes[1], "87.50"),
    ]


def test_place_page_shows_the_trail(committee_client, place):
    event_publish(event=place.award.event)
    code = VersionPlace.objects.get(ranking_id=place.pk).code

    page = committee_client.get(
        reverse("admin:awards_ranking_change", args=[place.pk]), headers={"Accept-Language": "en"}
    ).content.decode()

    entries = [
        re.sub(r"\s+", " ", item)
        for item in re.findall(r"<li>(.*?)</li>", page[page.index('class="trust-trail"') :], re.S)
    ]
    assert [re.sub(r"^\S+ \S+ — ", "", entry) for entry in entries[:2]] == [
        "entered — (no account: import or script): Place 1",
        "changed — juru-tulis: Place 1 (shared), score 87.50",
    ]
    assert re.sub(r" \(\S+ \S+\) ", " ", entries[2]) == (
        f'<a href="/en/events/anugerah-2023/v1/">version 1</a> — Place 1 · code {code} · score 87.50'
    )
