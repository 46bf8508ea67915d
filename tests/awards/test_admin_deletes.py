"""Removing places, categories and awards in the admin goes through the services: under the
event's lock, recorded with the member who removed them, and the event's “last changed” moves."""

import pytest
from django.urls import reverse

from awards.models import Award, Category, EvaluationEvent, Ranking
from tests.factories import AwardFactory, CategoryFactory, OfficeFactory, RankingFactory
from tests.helpers import award_form, award_url

pytestmark = pytest.mark.django_db


def _event_changed_at(event_id):
    return EvaluationEvent.objects.values_list("updated_at", flat=True).get(pk=event_id)


def test_place_removed_on_its_page_is_recorded_with_the_member(committee_client, committee_member):
    place = RankingFactory(office=OfficeFactory(name="Dinas Kesehatan"), position=1)
    event_id = place.award.event_id
    before = _event_changed_at(event_id)

    response = committee_client.post(reverse("admin:awards_ranking_delete", args=[place.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Ranking.objects.filter(pk=place.pk).exists()
    removal = Ranking.history.get(id=place.pk, history_type="-")
    assert removal.history_user == committee_member
    assert _event_changed_at(event_id) > before


def test_places_removed_from_the_list_move_their_events(committee_client, committee_member):
    first = RankingFactory(position=1)
    second = RankingFactory(position=1)
    changed = {place.award.event_id: _event_changed_at(place.award.event_id) for place in (first, second)}

    committee_client.post(
        reverse("admin:awards_ranking_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )

    assert not Ranking.objects.exists()
    assert list(Ranking.history.filter(history_type="-").values_list("history_user", flat=True)) == [
        committee_member.pk,
        committee_member.pk,
    ]
    assert all(_event_changed_at(event_id) > before for event_id, before in changed.items())


def test_category_removed_on_the_award_page_takes_its_places(committee_client, committee_member):
    award = AwardFactory(title="Anugerah Keterbukaan Informasi Publik", channel=None)
    opd = CategoryFactory(award=award, title="OPD", kinds=["skpd"], places=2)
    CategoryFactory(award=award, title="Kecamatan", kinds=["skpd"], places=1)
    RankingFactory(category=opd, office=OfficeFactory(name="Dinas Kesehatan"), position=1)
    before = _event_changed_at(award.event_id)
    data = award_form(award, [])
    data["categories-0-DELETE"] = "on"

    response = committee_client.post(award_url(award), data)

    assert response.status_code == 302
    assert list(Category.objects.values_list("title", flat=True)) == ["Kecamatan"]
    assert not Ranking.objects.exists()
    assert Category.history.get(id=opd.pk, history_type="-").history_user == committee_member
    assert _event_changed_at(award.event_id) > before


def test_award_removed_on_its_page_moves_the_event(committee_client, committee_member):
    award = AwardFactory(title="Anugerah Keterbukaan Informasi Publik", channel=None)
    before = _event_changed_at(award.event_id)

    response = committee_client.post(reverse("admin:awards_award_delete", args=[award.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Award.objects.exists()
    assert Award.history.get(id=award.pk, history_type="-").history_user == committee_member
    assert _event_changed_at(award.event_id) > before
