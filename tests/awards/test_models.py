import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from awards.models import EvaluationEvent, EventStatus, Ranking
from offices.models import Channel, OfficeKind
from tests.factories import EventFactory, OfficeFactory, RankingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def website():
    return Channel.objects.get(code="website")


def test_ranking_one_place_per_office_and_channel_rejected_by_database(website):
    first = RankingFactory(channel=website, position=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Ranking.objects.create(event=first.event, channel=website, office=first.office, position=2)


def test_ranking_position_zero_rejected_by_database(website):
    ranking = RankingFactory(channel=website)

    with pytest.raises(IntegrityError), transaction.atomic():
        Ranking.objects.filter(pk=ranking.pk).update(position=0)


def test_ranking_position_unique_in_category_rejected_by_database(website):
    first = RankingFactory(channel=website, position=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Ranking.objects.create(event=first.event, channel=website, office=OfficeFactory(), position=1)


def test_ranking_shared_position_allowed_in_database(website):
    first = RankingFactory(channel=website, position=3, is_shared=True)

    Ranking.objects.create(
        event=first.event, channel=website, office=OfficeFactory(), position=3, is_shared=True
    )

    assert list(first.event.rankings.values_list("position", "is_shared")) == [(3, True), (3, True)]


def test_ranking_same_position_in_other_kind_allowed(website):
    first = RankingFactory(channel=website, position=1)

    other = Ranking.objects.create(
        event=first.event,
        channel=website,
        office=OfficeFactory(name="Pelambuan", kind=OfficeKind.KELURAHAN),
        position=1,
    )

    assert (first.office_kind, other.office_kind) == ("skpd", "kelurahan")


def test_ranking_negative_score_rejected_by_database(website):
    ranking = RankingFactory(channel=website)

    with pytest.raises(IntegrityError), transaction.atomic():
        Ranking.objects.filter(pk=ranking.pk).update(score=-1)


def test_ranking_position_above_places_rejected_by_validation(website):
    event = EventFactory(places_per_category=3)
    ranking = Ranking(event=event, channel=website, office=OfficeFactory(), position=4)

    # The messages are compared in English, the language of the source strings.
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        ranking.full_clean()

    assert excinfo.value.message_dict == {
        "position": ["Position 4 is above this event's 3 places per category."]
    }


def test_ranking_office_kind_follows_office_kind_change(website):
    ranking = RankingFactory(channel=website)

    ranking.office.kind_id = OfficeKind.KELURAHAN
    ranking.office.save()

    ranking.refresh_from_db()
    assert ranking.office_kind == OfficeKind.KELURAHAN


def test_event_published_without_date_rejected_by_database():
    event = EventFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationEvent.objects.filter(pk=event.pk).update(status=EventStatus.PUBLISHED)


def test_event_zero_places_rejected_by_database():
    event = EventFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationEvent.objects.filter(pk=event.pk).update(places_per_category=0)
