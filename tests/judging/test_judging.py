"""Judging: criteria, scores, locking and finalising into places (services and selectors)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from awards.models import EvaluationEvent, Ranking
from awards.services import event_awards_copy
from judging.models import Criterion, Score
from judging.selectors import event_leaderboard, judging_coverage, judging_progress
from judging.services import (
    JudgingLocked,
    criteria_copy,
    criteria_source_for,
    event_lock_scores,
    event_unlock_scores,
    judge_conflict_declare,
    leaderboard_finalise,
    score_save,
)
from offices.models import Channel, OfficeKind
from tests.factories import (
    AccountMetricsFactory,
    AwardFactory,
    CriterionFactory,
    EventFactory,
    JudgeAssignmentFactory,
    OfficeAccountFactory,
    OfficeFactory,
    RankingFactory,
)
from tests.helpers import enter_all

pytestmark = pytest.mark.django_db


def test_criterion_formula_only_on_measured_criteria_in_the_database():
    award = AwardFactory(channel=Channel.objects.get(code="instagram"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(award=award, name="A", kind="measured", formula="", weight=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(award=award, name="B", kind="judged", formula="engagement", weight=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(award=award, name="C", kind="judged", weight=0)


def test_criterion_name_unique_per_award_ignoring_case():
    criterion = CriterionFactory(name="Kualitas konten")
    CriterionFactory(award=AwardFactory(event=criterion.award.event), name="Kualitas konten")

    with pytest.raises(IntegrityError):
        CriterionFactory(award=criterion.award, name="KUALITAS KONTEN")


def test_score_points_not_negative_in_the_database(judged_event):
    with pytest.raises(IntegrityError):
        Score.objects.create(
            criterion=judged_event["quality"],
            office=judged_event["offices"]["Banua Anyar"],
            judge=judged_event["judges"][0],
            points=-1,
        )


def test_criteria_copy_copies_last_years_set():
    old = EventFactory(year=2021, held_on=datetime.date(2021, 11, 2))
    new = EventFactory(year=2022, held_on=datetime.date(2022, 11, 1))
    CriterionFactory(event=old, name="Kualitas konten", weight=60, order=2)
    CriterionFactory(
        event=old, name="Frekuensi unggahan", kind="measured", formula="posts_per_week", weight=40, order=1
    )

    source = criteria_source_for(event=new)
    with translation.override("en"), pytest.raises(ValidationError) as no_awards:
        criteria_copy(source=source, target=new)
    event_awards_copy(source=source, target=new)
    criteria_copy(source=source, target=new)

    # (Not yet in the .po files: the lead runs makemessages.)
    assert no_awards.value.messages == [
        f"{new} has no award titled “Terbaik Pengelolaan Instagram”; copy the awards first. "
        "Nothing was copied."
    ]

    assert source == old
    assert list(
        Criterion.objects.filter(award__event=new)
        .order_by("order")
        .values_list("award__title", "name", "kind", "formula", "weight", "max_points")
    ) == [
        ("Terbaik Pengelolaan Instagram", "Frekuensi unggahan", "measured", "posts_per_week", 40, 100),
        ("Terbaik Pengelolaan Instagram", "Kualitas konten", "judged", "", 60, 100),
    ]
    assert Criterion.objects.filter(award__event=old).count() == 2


def test_criteria_copy_refuses_an_event_that_has_criteria():
    old, new = EventFactory(), EventFactory()
    CriterionFactory(event=old)
    CriterionFactory(event=new, name="Sudah ada")

    with pytest.raises(ValidationError):
        criteria_copy(source=old, target=new)

    assert list(Criterion.objects.filter(award__event=new).values_list("name", flat=True)) == ["Sudah ada"]


def test_score_save_creates_then_changes_one_score(judged_event):
    judge, office = judged_event["judges"][0], judged_event["offices"]["Banua Anyar"]

    score_save(judge=judge, criterion=judged_event["quality"], office=office, points=Decimal("70"))
    score_save(
        judge=judge, criterion=judged_event["quality"], office=office, points=Decimal("75.5"), note="Rapi"
    )

    assert list(Score.objects.values_list("points", "note")) == [(Decimal("75.50"), "Rapi")]


def test_score_save_refuses_points_above_the_maximum(judged_event):
    with pytest.raises(ValidationError) as excinfo, translation.override("en"):
        score_save(
            judge=judged_event["judges"][0],
            criterion=judged_event["quality"],
            office=judged_event["offices"]["Banua Anyar"],
            points=Decimal("100.01"),
        )

    assert excinfo.value.message_dict == {"points": ["At most 100 points on this criterion."]}
    assert Score.objects.count() == 0


def test_score_save_refuses_an_office_not_assigned(judged_event):
    stranger = OfficeFactory(name="Pelambuan", kind=OfficeKind.KELURAHAN)
    OfficeAccountFactory(office=stranger, channel=judged_event["channel"])

    with pytest.raises(PermissionDenied):
        score_save(
            judge=judged_event["judges"][0],
            criterion=judged_event["quality"],
            office=stranger,
            points=Decimal(50),
        )


def test_score_save_refuses_a_measured_criterion(judged_event):
    with pytest.raises(ValidationError):
        score_save(
            judge=judged_event["judges"][0],
            criterion=judged_event["posts"],
            office=judged_event["offices"]["Banua Anyar"],
            points=Decimal(5),
        )


def test_score_save_refused_after_lock(judged_event):
    event_lock_scores(event=judged_event["event"])

    with pytest.raises(JudgingLocked):
        score_save(
            judge=judged_event["judges"][0],
            criterion=judged_event["quality"],
            office=judged_event["offices"]["Banua Anyar"],
            points=Decimal(50),
        )

    assert Score.objects.count() == 0


def test_conflict_declared_removes_the_judges_scores_and_refuses_new_ones(judged_event):
    judge, office = judged_event["judges"][0], judged_event["offices"]["Banua Anyar"]
    score_save(judge=judge, criterion=judged_event["quality"], office=office, points=Decimal(90))
    score_save(
        judge=judged_event["judges"][1], criterion=judged_event["quality"], office=office, points=Decimal(60)
    )

    judge_conflict_declare(
        judge=judge, event=judged_event["event"], office=office, note="Saudara kandung lurah"
    )

    assert list(Score.objects.values_list("judge__username", "points")) == [("juri-b", Decimal("60.00"))]
    with pytest.raises(ValidationError):
        score_save(judge=judge, criterion=judged_event["quality"], office=office, points=Decimal(90))


def test_unlock_reopens_scoring_until_finalised(judged_event):
    event_lock_scores(event=judged_event["event"])

    judging = event_unlock_scores(event=judged_event["event"])

    assert judging.scores_locked_at is None


def test_leaderboard_averages_judges_and_scales_measured(judged_event):
    # Posts: 20, 10, 0 in 4 weeks -> 5, 2.5, 0 per week -> 100, 50, 0 points (best gets full).
    # Quality: Belitung Utara (80+60)/2 = 70, Banua Anyar (90+90)/2 = 90, Sungai Lulut (50+70)/2 = 60.
    # Totals (weights 40/60): 40*1 + 60*0.7 = 82; 40*0.5 + 60*0.9 = 74; 0 + 60*0.6 = 36.
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))

    boards = event_leaderboard(event=judged_event["event"])

    assert [(b.channel.code, b.caption) for b in boards] == [
        ("instagram", "Terbaik Pengelolaan Instagram — Kelurahan")
    ]
    assert [(r.position, r.office.name, round(r.total, 2)) for r in boards[0].rows] == [
        (1, "Belitung Utara", 82.0),
        (2, "Banua Anyar", 74.0),
        (3, "Sungai Lulut", 36.0),
    ]
    assert [(c.name, round(p, 2)) for c, p in boards[0].rows[0].cells] == [
        ("Frekuensi unggahan", 100.0),
        ("Kualitas konten", 70.0),
    ]


def test_leaderboard_leaves_out_an_abstaining_judges_scores(judged_event):
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))
    # juri-a abstains for Belitung Utara after scoring: only juri-b's 60 counts -> 40 + 36 = 76.
    judge_conflict_declare(
        judge=judged_event["judges"][0],
        event=judged_event["event"],
        office=judged_event["offices"]["Belitung Utara"],
    )

    rows = event_leaderboard(event=judged_event["event"])[0].rows

    assert [(r.office.name, round(r.total, 2), r.row.judges) for r in rows] == [
        ("Belitung Utara", 76.0, {judged_event["quality"].pk: 1}),
        ("Banua Anyar", 74.0, {judged_event["quality"].pk: 2}),
        ("Sungai Lulut", 36.0, {judged_event["quality"].pk: 2}),
    ]


def test_leaderboard_finalise_writes_places_and_locks(judged_event):
    website = Channel.objects.get(code="website")
    hand_entered = RankingFactory(
        event=judged_event["event"],
        channel=website,
        office=OfficeFactory(name="Dinas Kesehatan"),
        position=1,
    )
    stale = RankingFactory(
        event=judged_event["event"],
        channel=judged_event["channel"],
        office=judged_event["offices"]["Sungai Lulut"],
        position=1,
    )
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))

    leaderboard_finalise(event=judged_event["event"])

    assert list(
        Ranking.objects.filter(award__event=judged_event["event"])
        .order_by("award__channel__order", "level", "position")
        .values_list("award__channel__code", "office__name", "position", "is_shared", "score")
    ) == [
        ("website", "Dinas Kesehatan", 1, False, None),
        ("instagram", "Belitung Utara", 1, False, Decimal("82.00")),
        ("instagram", "Banua Anyar", 2, False, Decimal("74.00")),
        ("instagram", "Sungai Lulut", 3, False, Decimal("36.00")),
    ]
    assert Ranking.objects.filter(pk=stale.pk).exists() is False
    assert Ranking.objects.filter(pk=hand_entered.pk).exists() is True
    judged_event["judging"].refresh_from_db()
    assert judged_event["judging"].scores_locked_at is not None
    assert judged_event["judging"].finalised_at is not None
    with pytest.raises(JudgingLocked):
        event_unlock_scores(event=judged_event["event"])


def test_leaderboard_finalise_shares_a_place_that_stays_equal(judged_event):
    # Equal posts and equal quality for the first two: equal on every criterion -> shared 1st,
    # the next is 3rd (the event has 3 places).
    enter_all(judged_event, points_a=(80, 80, 50), points_b=(60, 60, 70), posts=(20, 20, 0))

    leaderboard_finalise(event=judged_event["event"])

    assert list(
        Ranking.objects.filter(award__event=judged_event["event"])
        .in_display_order()
        .values_list("office__name", "position", "is_shared")
    ) == [("Banua Anyar", 1, True), ("Belitung Utara", 1, True), ("Sungai Lulut", 3, False)]


def test_leaderboard_finalise_keeps_only_the_categorys_places(judged_event):
    judged_event["category"].places = 2
    judged_event["category"].save()
    enter_all(judged_event, points_a=(80, 90, 50), points_b=(60, 90, 70), posts=(20, 10, 0))

    leaderboard_finalise(event=judged_event["event"])

    assert list(
        Ranking.objects.filter(award__event=judged_event["event"])
        .in_display_order()
        .values_list("office__name", "position")
    ) == [
        ("Belitung Utara", 1),
        ("Banua Anyar", 2),
    ]


def test_leaderboard_finalise_refused_while_scores_are_missing(judged_event):
    score_save(
        judge=judged_event["judges"][0],
        criterion=judged_event["quality"],
        office=judged_event["offices"]["Banua Anyar"],
        points=Decimal(50),
    )

    with pytest.raises(ValidationError):
        leaderboard_finalise(event=judged_event["event"])

    assert Ranking.objects.filter(award__event=judged_event["event"]).count() == 0
    judged_event["judging"].refresh_from_db()
    assert judged_event["judging"].scores_locked_at is None


def test_judging_progress_counts_scores_per_judge_and_category(judged_event):
    quality, office = judged_event["quality"], judged_event["offices"]["Banua Anyar"]
    score_save(judge=judged_event["judges"][0], criterion=quality, office=office, points=Decimal(50))
    score_save(
        judge=judged_event["judges"][0],
        criterion=quality,
        office=judged_event["offices"]["Sungai Lulut"],
        points=Decimal(5),
    )
    judge_conflict_declare(judge=judged_event["judges"][1], event=judged_event["event"], office=office)

    progress = judging_progress(event=judged_event["event"])

    assert [(p.judge.username, p.award.title, p.entered, p.expected) for p in progress] == [
        ("juri-a", "Terbaik Pengelolaan Instagram", 2, 3),
        ("juri-b", "Terbaik Pengelolaan Instagram", 0, 2),
    ]


def test_judging_coverage_lists_missing_accounts_metrics_and_posts(judged_event):
    OfficeFactory(name="Dinas Kesehatan")
    OfficeFactory(name="Kelayan Barat", kind=OfficeKind.KELURAHAN, is_active=False)
    AccountMetricsFactory(
        event=judged_event["event"], account=judged_event["accounts"]["Belitung Utara"], posts=0
    )
    AccountMetricsFactory(
        event=judged_event["event"], account=judged_event["accounts"]["Banua Anyar"], posts=12
    )

    coverage = judging_coverage(event=judged_event["event"])

    assert [
        (
            c.channel.code,
            [o.name for o in c.without_account],
            [a.office.name for a in c.without_metrics],
            [a.office.name for a in c.without_posts],
        )
        for c in coverage
    ] == [("instagram", ["Dinas Kesehatan"], ["Sungai Lulut"], ["Belitung Utara"])]


@pytest.mark.parametrize("size", [3, 30])
def test_event_leaderboard_fixed_queries(judged_event, django_assert_num_queries, size):
    for i in range(size):
        office = OfficeFactory(name=f"Kelurahan Uji {i}", kind=OfficeKind.KELURAHAN)
        account = OfficeAccountFactory(office=office, channel=judged_event["channel"])
        AccountMetricsFactory(event=judged_event["event"], account=account, posts=i)
        for judge in judged_event["judges"]:
            JudgeAssignmentFactory(event=judged_event["event"], judge=judge, office=office)
            score_save(judge=judge, criterion=judged_event["quality"], office=office, points=Decimal(i % 100))

    # As a page loads it: a fresh event, its judging settings not yet read.
    event = EvaluationEvent.objects.get(pk=judged_event["event"].pk)

    # judging, criteria (with awards), categories, their kinds, accounts, metrics, scores.
    with django_assert_num_queries(7):
        boards = event_leaderboard(event=event)

    assert len(boards[0].rows) == size + 3
