"""Judging in the shape of issue 13: criteria per award, metrics only where the award has a
channel, a leaderboard per category (kinds mixed where the category admits several), and
finalising into the category's places and honourable mentions."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from awards.models import Category, Ranking, RankingLevel
from judging.models import Criterion, CriterionKind, Formula, Judging
from judging.selectors import event_leaderboard, judge_sheet, judging_progress
from judging.services import account_metrics_save, criterion_save, leaderboard_finalise, score_save
from judging.templatetags.judging_breakdown import score_breakdown
from offices.models import Channel, OfficeKind
from tests.factories import (
    AccountMetricsFactory,
    AwardFactory,
    CategoryFactory,
    CriterionFactory,
    JudgeAssignmentFactory,
    JudgingFactory,
    OfficeAccountFactory,
    OfficeFactory,
    make_judge,
)
from tests.helpers import enter_all

pytestmark = pytest.mark.django_db

PPID = "Anugerah Keterbukaan Informasi Publik"


@pytest.fixture
def ppid_event():
    """An award without channel, “Anugerah Keterbukaan Informasi Publik”, with one category “OPD”
    open to SKPD and Kelurahan (3 places): a kelurahan and two SKPD, judged by one judge on one
    judged criterion."""
    judging = JudgingFactory()
    event = judging.event
    award = AwardFactory(event=event, title=PPID, channel=None)
    category = CategoryFactory(award=award, title="OPD", kinds=[OfficeKind.SKPD, OfficeKind.KELURAHAN])
    offices = {
        "Pelambuan": OfficeFactory(name="Pelambuan", kind=OfficeKind.KELURAHAN),
        "Dinas Kesehatan": OfficeFactory(name="Dinas Kesehatan", kind=OfficeKind.SKPD),
        "Dinas Pendidikan": OfficeFactory(name="Dinas Pendidikan", kind=OfficeKind.SKPD),
    }
    criterion = CriterionFactory(award=award, name="Kelengkapan informasi", weight=100)
    judge = make_judge("juri-ppid")
    for office in offices.values():
        JudgeAssignmentFactory(event=event, judge=judge, office=office)
    return {
        "event": event,
        "judging": judging,
        "award": award,
        "category": category,
        "offices": offices,
        "criterion": criterion,
        "judge": judge,
    }


def test_an_award_without_channel_takes_judged_criteria_and_refuses_a_measured_one(ppid_event):
    award = ppid_event["award"]
    measured = Criterion(
        award=award,
        name="Frekuensi unggahan",
        kind=CriterionKind.MEASURED,
        formula=Formula.POSTS_PER_WEEK,
        weight=40,
    )

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        criterion_save(criterion=measured)
    criterion_save(
        criterion=Criterion(award=award, name="Tanggapan publik", kind=CriterionKind.JUDGED, weight=20)
    )

    assert refused.value.message_dict == {
        "kind": [
            f"“{PPID}” is not tied to a channel, so it has no account metrics: a measured criterion "
            "cannot be computed. Make “Frekuensi unggahan” a judged criterion, or tie the award to a "
            "channel."
        ]
    }
    assert list(Criterion.objects.filter(award=award).order_by("name").values_list("name", "kind")) == [
        ("Kelengkapan informasi", "judged"),
        ("Tanggapan publik", "judged"),
    ]


def test_metrics_are_refused_for_a_channel_no_award_of_the_event_is_tied_to(ppid_event):
    account = OfficeAccountFactory(
        office=ppid_event["offices"]["Pelambuan"], channel=Channel.objects.get(code="instagram")
    )
    metrics = AccountMetricsFactory.build(event=ppid_event["event"], account=account, posts=12)

    with pytest.raises(ValidationError) as refused:
        account_metrics_save(metrics=metrics)

    assert list(refused.value.message_dict) == ["account"]
    assert "Instagram" in refused.value.message_dict["account"][0]
    assert metrics.pk is None


def test_a_mixed_category_ranks_two_kinds_together_and_is_finalised_in_one_ranking(ppid_event):
    judge, criterion, offices = ppid_event["judge"], ppid_event["criterion"], ppid_event["offices"]
    for name, points in (("Pelambuan", 95), ("Dinas Kesehatan", 88), ("Dinas Pendidikan", 70)):
        score_save(judge=judge, criterion=criterion, office=offices[name], points=Decimal(points))
    event = ppid_event["event"]

    boards = event_leaderboard(event=event)
    leaderboard_finalise(event=event)

    assert [(b.caption, [(r.office.display_name, r.position) for r in b.rows]) for b in boards] == [
        (
            f"{PPID} — OPD",
            [("Kelurahan Pelambuan", 1), ("Dinas Kesehatan", 2), ("Dinas Pendidikan", 3)],
        )
    ]
    assert [
        (r.category.title, r.office.display_name, r.title, r.score)
        for r in Ranking.objects.filter(award__event=event).in_display_order()
    ] == [
        ("OPD", "Kelurahan Pelambuan", "Terbaik Pertama", 95),
        ("OPD", "Dinas Kesehatan", "Terbaik Kedua", 88),
        ("OPD", "Dinas Pendidikan", "Terbaik Ketiga", 70),
    ]


def test_a_judge_sheet_of_an_award_without_channel_needs_no_account(ppid_event):
    sheet = judge_sheet(
        event=ppid_event["event"], judge=ppid_event["judge"], office=ppid_event["offices"]["Pelambuan"]
    )
    progress = judging_progress(event=ppid_event["event"])

    assert [
        (group.award.title, group.account, [line.criterion.name for line in group.lines]) for group in sheet
    ] == [(PPID, None, ["Kelengkapan informasi"])]
    assert [(p.award.title, p.entered, p.expected) for p in progress] == [(PPID, 0, 3)]


def test_an_office_of_a_kind_no_category_admits_cannot_be_scored(ppid_event):
    desa = OfficeFactory(name="Sidomulyo", kind="desa")
    JudgeAssignmentFactory(event=ppid_event["event"], judge=ppid_event["judge"], office=desa)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        score_save(
            judge=ppid_event["judge"], criterion=ppid_event["criterion"], office=desa, points=Decimal(80)
        )

    assert refused.value.messages == [f"No category of “{PPID}” admits offices of kind Desa."]


def test_a_category_of_two_places_and_one_mention_is_finalised_into_places_1_2_and_harapan_1(judged_event):
    Category.objects.filter(pk=judged_event["category"].pk).update(places=2, mentions=1)
    Judging.objects.filter(pk=judged_event["judging"].pk).update(public_breakdown=True)
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    event = judged_event["event"]

    leaderboard_finalise(event=event)

    assert [
        (r.office.display_name, r.level, r.position, r.title, r.score)
        for r in Ranking.objects.filter(award__event=event).in_display_order()
    ] == [
        ("Kelurahan Belitung Utara", RankingLevel.PLACE, 1, "Terbaik Pertama", 82),
        ("Kelurahan Banua Anyar", RankingLevel.PLACE, 2, "Terbaik Kedua", 74),
        ("Kelurahan Sungai Lulut", RankingLevel.MENTION, 1, "Harapan 1", 36),
    ]
    stored = Judging.objects.get(pk=judged_event["judging"].pk).breakdown
    assert [(row["office"], row["level"], row["position"]) for row in stored[0]["rows"]] == [
        ("Kelurahan Belitung Utara", 1, 1),
        ("Kelurahan Banua Anyar", 1, 2),
        ("Kelurahan Sungai Lulut", 2, 1),
    ]
    assert [line.title for board in score_breakdown(event)["breakdown"] for line in board.rows] == [
        "Terbaik Pertama",
        "Terbaik Kedua",
        "Harapan 1",
    ]


def test_a_category_without_mentions_leaves_the_rest_unplaced(judged_event):
    Category.objects.filter(pk=judged_event["category"].pk).update(places=2, mentions=0)
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))

    leaderboard_finalise(event=judged_event["event"])

    assert list(
        Ranking.objects.filter(award__event=judged_event["event"])
        .in_display_order()
        .values_list("office__name", "level", "position")
    ) == [("Belitung Utara", 1, 1), ("Banua Anyar", 1, 2)]


def test_finalising_keeps_the_hand_entered_places_of_an_award_without_criteria(judged_event, ppid_event):
    # ppid_event has its own event; give judged_event's event an unjudged award with a place.
    other = AwardFactory(event=judged_event["event"], title="Inovasi Daerah", channel=None)
    category = CategoryFactory(award=other, title="SKPD", kinds=[OfficeKind.SKPD])
    place = Ranking.objects.create(category=category, office=OfficeFactory(name="Bappeda"), position=1)
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))

    leaderboard_finalise(event=judged_event["event"])

    assert Ranking.objects.filter(pk=place.pk).exists()
    assert Ranking.objects.filter(award=judged_event["award"]).count() == 3
