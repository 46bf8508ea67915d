"""The services every write goes through: publishing, awards, categories and places by their rules."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from awards.models import Award, Category, EventStatus, Ranking, RankingLevel
from awards.services import category_save, event_awards_copy, event_places_check, ranking_save
from offices.models import Channel
from results.services import event_publish, event_withdraw
from tests.factories import AwardFactory, CategoryFactory, EventFactory, OfficeFactory, RankingFactory, kind

pytestmark = pytest.mark.django_db


def _refused(**fields) -> dict:
    # The messages are compared in English, the language of the source strings.
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        ranking_save(ranking=Ranking(**fields))
    return excinfo.value.message_dict


def test_event_publish_sets_status_and_time():
    event = EventFactory()

    event_publish(event=event)

    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.published_at is not None


def test_event_withdraw_keeps_the_record_and_its_reason():
    event = EventFactory()
    event_publish(event=event)

    event_withdraw(event=event, reason="Uji: hasil ditarik")

    event.refresh_from_db()
    version = event.versions.get()
    assert (event.status, version.is_current, version.withdrawn_reason) == (
        EventStatus.WITHDRAWN,
        True,
        "Uji: hasil ditarik",
    )


def test_ranking_save_refuses_position_above_the_categorys_places():
    category = CategoryFactory(title="SKPD", kinds=["skpd"], places=2)

    assert _refused(category=category, office=OfficeFactory(), position=3) == {
        "position": ["Position 3 is above the 2 places of category SKPD."]
    }
    assert Ranking.objects.count() == 0


def test_five_places_in_one_category_beside_three_in_another():
    award = AwardFactory()
    five = CategoryFactory(award=award, title="OPD", kinds=["skpd"], places=5)
    three = CategoryFactory(award=award, title="Kelurahan", kinds=["kelurahan"], places=3)

    ranking_save(ranking=Ranking(category=five, office=OfficeFactory(), position=5))

    assert _refused(category=three, office=OfficeFactory(kind="kelurahan"), position=5) == {
        "position": ["Position 5 is above the 3 places of category Kelurahan."]
    }


def test_honourable_mentions_within_the_categorys_mentions():
    with_mentions = CategoryFactory(title="SKPD", kinds=["skpd"], places=3, mentions=3)
    without = CategoryFactory(award=with_mentions.award, title="Kelurahan", kinds=["kelurahan"], mentions=0)

    saved = ranking_save(
        ranking=Ranking(
            category=with_mentions, office=OfficeFactory(), level=RankingLevel.MENTION, position=3
        )
    )

    assert saved.title == "Harapan 3"
    assert _refused(
        category=with_mentions, office=OfficeFactory(), level=RankingLevel.MENTION, position=4
    ) == {"position": ["Honourable mention 4 is above the 3 honourable mentions of category SKPD."]}
    assert _refused(
        category=without, office=OfficeFactory(kind="kelurahan"), level=RankingLevel.MENTION, position=1
    ) == {"level": ["Category Kelurahan gives no honourable mentions."]}


def test_an_office_of_a_kind_the_category_does_not_admit_is_refused():
    category = CategoryFactory(title="SKPD", kinds=["skpd"])
    kelurahan = OfficeFactory(name="Pelambuan", kind="kelurahan")

    assert _refused(category=category, office=kelurahan, position=1) == {
        "office": ["Kelurahan Pelambuan is of kind Kelurahan, which category SKPD does not admit."]
    }


def test_a_category_open_to_two_kinds_ranks_them_together():
    category = CategoryFactory(title="Perangkat Daerah", kinds=["skpd", "kelurahan"])
    ranking_save(
        ranking=Ranking(
            category=category, office=OfficeFactory(name="Pelambuan", kind="kelurahan"), position=1
        )
    )
    ranking_save(ranking=Ranking(category=category, office=OfficeFactory(name="Dinas Kesehatan"), position=2))
    ranking_save(ranking=Ranking(category=category, office=OfficeFactory(name="Dinas Sosial"), position=3))

    assert list(category.rankings.in_display_order().values_list("position", "office__name")) == [
        (1, "Pelambuan"),
        (2, "Dinas Kesehatan"),
        (3, "Dinas Sosial"),
    ]


def test_kinds_added_as_data_enter_categories_that_admit_them():
    kind("kapanewon")
    category = CategoryFactory(title="Kapanewon", kinds=["kapanewon"])
    gamping = OfficeFactory(name="Gamping", kind="kapanewon")

    ranking = ranking_save(ranking=Ranking(category=category, office=gamping, position=1))

    assert (ranking.office.display_name, ranking.title) == ("Kapanewon Gamping", "Terbaik Pertama")


def test_ranking_save_refuses_unshared_holder_beside_shared_one():
    category = CategoryFactory(title="SKPD", kinds=["skpd"])
    first = RankingFactory(category=category, position=3, is_shared=True)

    assert _refused(category=category, office=OfficeFactory(name="Dinas B"), position=3) == {
        "position": [
            f"Terbaik Ketiga of category SKPD is already held by {first.office.display_name}. Only if "
            "both hold this one place jointly, tick “shared place” on each of them."
        ]
    }
    assert Ranking.objects.count() == 1


def test_ranking_save_refuses_a_second_ranking_of_one_office_in_one_award():
    category = CategoryFactory(title="SKPD", kinds=["skpd"])
    other = CategoryFactory(award=category.award, title="Gabungan", kinds=["skpd"])
    first = RankingFactory(category=category, position=1)

    assert _refused(category=other, office=first.office, position=2) == {
        "office": [f"{first.office.display_name} already holds a place in award {category.award.title}."]
    }


def test_ranking_save_accepts_joint_place():
    category = CategoryFactory(title="SKPD", kinds=["skpd"])
    RankingFactory(category=category, position=3, is_shared=True)

    saved = ranking_save(
        ranking=Ranking(category=category, office=OfficeFactory(), position=3, is_shared=True)
    )

    assert (category.rankings.count(), saved.title) == (2, "Terbaik Ketiga (bersama)")


def test_category_save_refuses_fewer_places_than_it_gives_and_saves_nothing():
    category = CategoryFactory(title="SKPD", kinds=["skpd"], places=3)
    RankingFactory(category=category, position=3)
    category.places = 2

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        category_save(category=category)

    assert excinfo.value.message_dict == {"position": ["Position 3 is above the 2 places of category SKPD."]}
    category.refresh_from_db()
    assert category.places == 3


def test_category_save_refuses_dropping_a_kind_its_places_hold():
    category = CategoryFactory(title="Gabungan", kinds=["skpd", "kelurahan"])
    RankingFactory(category=category, office=OfficeFactory(name="Pelambuan", kind="kelurahan"), position=1)

    with pytest.raises(ValidationError):
        category_save(category=category, kinds=[kind("skpd")])

    assert sorted(category.kinds.values_list("code", flat=True)) == ["kelurahan", "skpd"]


def test_event_places_check_marks_each_wrong_row():
    category = CategoryFactory(title="SKPD", kinds=["skpd"], places=3)
    event = category.award.event
    office = OfficeFactory()
    rows = [
        ("a", Ranking(category=category, office=office, position=1)),
        ("b", Ranking(category=category, office=OfficeFactory(), position=1)),
        ("c", Ranking(category=category, office=OfficeFactory(kind="kelurahan"), position=4)),
    ]

    with translation.override("en"):
        problems = event_places_check(event, rows)

    assert [(p.key, p.field) for p in problems] == [("c", "position"), ("c", "office"), ("b", "position")]


def test_event_awards_copy_copies_awards_and_categories_without_places():
    source = EventFactory()
    website = Channel.objects.get(code="website")
    award = AwardFactory(event=source, title="Terbaik Pengelolaan Website", channel=website, order=1)
    CategoryFactory(award=award, title="SKPD", kinds=["skpd"], places=5, mentions=2, order=1)
    ppid = AwardFactory(event=source, title="Anugerah Keterbukaan Informasi Publik", channel=None, order=2)
    mixed = CategoryFactory(award=ppid, title="Perangkat Daerah", kinds=["skpd", "kelurahan"], places=3)
    RankingFactory(category=mixed, position=1)
    target = EventFactory()

    event_awards_copy(source=source, target=target)
    event_awards_copy(source=source, target=target)  # again: nothing twice

    copied = [
        (
            a.title,
            a.channel_id,
            [
                (c.title, c.places, c.mentions, sorted(c.kinds.values_list("code", flat=True)))
                for c in a.categories.all()
            ],
        )
        for a in Award.objects.filter(event=target).order_by("order")
    ]
    assert copied == [
        ("Terbaik Pengelolaan Website", website.pk, [("SKPD", 5, 2, ["skpd"])]),
        ("Anugerah Keterbukaan Informasi Publik", None, [("Perangkat Daerah", 3, 0, ["kelurahan", "skpd"])]),
    ]
    assert Ranking.objects.filter(award__event=target).count() == 0
    assert Category.objects.filter(award__event=target).count() == 2
