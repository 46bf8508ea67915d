"""What the database itself holds of the awards' rules (constraints), and the words of a place."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from awards.models import EvaluationEvent, EventStatus, PlaceNumbering, Ranking, RankingLevel
from tests.factories import AwardFactory, CategoryFactory, EventFactory, OfficeFactory, RankingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return CategoryFactory(title="SKPD", kinds=["skpd"], places=3, mentions=2)


def test_one_ranking_per_office_and_award_rejected_by_database(category):
    first = RankingFactory(category=category, position=1)
    other = CategoryFactory(award=category.award, title="Gabungan", kinds=["skpd"])

    with pytest.raises(IntegrityError), transaction.atomic():
        Ranking.objects.create(category=other, office=first.office, position=2)


def test_the_same_office_may_hold_places_in_two_awards(category):
    first = RankingFactory(category=category, position=1)
    other = CategoryFactory(award=AwardFactory(event=category.award.event), kinds=["skpd"])

    second = Ranking.objects.create(category=other, office=first.office, position=1)

    assert second.award_id == other.award_id != first.award_id


def test_position_unique_in_category_and_level_rejected_by_database(category):
    RankingFactory(category=category, position=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Ranking.objects.create(category=category, office=OfficeFactory(), position=1)


def test_a_place_and_a_mention_of_the_same_number_are_two_positions(category):
    RankingFactory(category=category, position=1)

    mention = Ranking.objects.create(
        category=category, office=OfficeFactory(), position=1, level=RankingLevel.MENTION
    )

    assert mention.title == "Harapan 1"


def test_two_categories_of_one_kind_in_one_award_each_have_a_first_place(category):
    kapanewon = CategoryFactory(award=category.award, title="Kapanewon", kinds=["skpd"])
    RankingFactory(category=category, position=1)

    other = Ranking.objects.create(category=kapanewon, office=OfficeFactory(), position=1)

    assert other.title == "Terbaik Pertama"


def test_shared_position_allowed_in_database(category):
    RankingFactory(category=category, position=3, is_shared=True)

    Ranking.objects.create(category=category, office=OfficeFactory(), position=3, is_shared=True)

    assert list(category.rankings.values_list("position", "is_shared")) == [(3, True), (3, True)]


@pytest.mark.parametrize("field, value", [("position", 0), ("position", 100), ("level", 3), ("score", -1)])
def test_impossible_values_rejected_by_database(category, field, value):
    ranking = RankingFactory(category=category)

    with pytest.raises(IntegrityError), transaction.atomic():
        Ranking.objects.filter(pk=ranking.pk).update(**{field: value})


@pytest.mark.parametrize("field, value", [("places", 0), ("places", 100), ("mentions", 100)])
def test_impossible_category_numbers_rejected_by_database(category, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        type(category).objects.filter(pk=category.pk).update(**{field: value})


def test_award_titles_unique_in_an_event_whatever_the_case():
    award = AwardFactory(title="Anugerah Keterbukaan Informasi Publik")

    with pytest.raises(IntegrityError), transaction.atomic():
        AwardFactory(event=award.event, title="anugerah keterbukaan informasi publik")


def test_the_award_of_a_ranking_is_copied_from_its_category(category):
    ranking = RankingFactory(category=category)
    other = CategoryFactory(award=AwardFactory(event=category.award.event), kinds=["skpd"])

    ranking.category = other
    ranking.save()

    ranking.refresh_from_db()
    assert ranking.award_id == other.award_id


def test_place_titles_follow_the_events_words():
    words = EventFactory()
    digits = EventFactory(place_word="Juara", place_numbering=PlaceNumbering.DIGITS, mention_word="Harapan")
    titles = []
    for event in (words, digits):
        category = CategoryFactory(award=AwardFactory(event=event), kinds=["skpd"], places=5, mentions=3)
        titles += [
            RankingFactory(category=category, position=2).title,
            RankingFactory(category=category, position=5, is_shared=True).title,
            RankingFactory(category=category, position=3, level=RankingLevel.MENTION).title,
        ]

    assert titles == [
        "Terbaik Kedua",
        "Terbaik Kelima (bersama)",
        "Harapan 3",
        "Juara 2",
        "Juara 5 (bersama)",
        "Harapan 3",
    ]


def test_an_event_without_a_date_says_its_year_and_sorts_after_the_dated_ones_of_that_year():
    dated = EventFactory(year=2021, held_on=datetime.date(2021, 11, 2))
    undated = EventFactory(year=2021, held_on=None)
    later = EventFactory(year=2022, held_on=None)

    assert undated.date_or_year == "2021"
    assert list(EvaluationEvent.objects.filter(pk__in=[dated.pk, undated.pk, later.pk])) == [
        later,
        dated,
        undated,
    ]


def test_event_published_without_publication_time_rejected_by_database():
    event = EventFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationEvent.objects.filter(pk=event.pk).update(status=EventStatus.PUBLISHED)


@pytest.mark.parametrize(
    "field, value", [("year", 1999), ("year", 2101), ("place_word", ""), ("mention_word", "")]
)
def test_impossible_event_values_rejected_by_database(field, value):
    event = EventFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationEvent.objects.filter(pk=event.pk).update(**{field: value})
