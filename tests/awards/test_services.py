import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from awards.models import EventStatus, Ranking
from awards.services import event_publish, event_unpublish, ranking_save
from offices.models import Channel
from tests.factories import EventFactory, OfficeFactory, RankingFactory

pytestmark = pytest.mark.django_db


def test_event_publish_sets_status_and_time():
    event = EventFactory()

    event_publish(event=event)

    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.published_at is not None


def test_event_unpublish_returns_to_draft():
    event = EventFactory()
    event_publish(event=event)

    event_unpublish(event=event)

    event.refresh_from_db()
    assert (event.status, event.published_at) == (EventStatus.DRAFT, None)


def test_ranking_save_refuses_position_above_places():
    event = EventFactory(places_per_category=2)
    ranking = Ranking(
        event=event, channel=Channel.objects.get(code="website"), office=OfficeFactory(), position=3
    )

    # The messages are compared in English, the language of the source strings.
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        ranking_save(ranking=ranking)

    assert excinfo.value.message_dict == {
        "position": ["Position 3 is above this event's 2 places per category."]
    }
    assert Ranking.objects.count() == 0


def test_ranking_save_refuses_unshared_holder_beside_shared_one():
    website = Channel.objects.get(code="website")
    first = RankingFactory(channel=website, position=3, is_shared=True)
    ranking = Ranking(event=first.event, channel=website, office=OfficeFactory(name="Dinas B"), position=3)

    # The messages are compared in English, the language of the source strings.
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        ranking_save(ranking=ranking)

    assert excinfo.value.message_dict == {
        "position": [
            f"Position 3 of Website — SKPD is already held by {first.office}. "
            "Tick “shared place” on every holder if it is a joint place."
        ]
    }
    assert Ranking.objects.count() == 1


def test_ranking_save_accepts_joint_place():
    website = Channel.objects.get(code="website")
    first = RankingFactory(channel=website, position=3, is_shared=True)

    ranking_save(
        ranking=Ranking(
            event=first.event, channel=website, office=OfficeFactory(), position=3, is_shared=True
        )
    )

    assert first.event.rankings.count() == 2
