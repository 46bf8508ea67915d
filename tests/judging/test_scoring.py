"""The leaderboard arithmetic, against values worked out by hand (see docs/judging.md)."""

import math

import pytest

from judging.scoring import (
    CriterionSpec,
    Metrics,
    Row,
    ScoreEntry,
    assign_places,
    category_leaderboard,
    measured_raw,
    normalise,
    scale_to_best,
    weighted_total,
)


def judged(id_, weight, max_points=100.0, order=0):
    return CriterionSpec(
        id=id_,
        channel_id=1,
        name=f"c{id_}",
        kind="judged",
        formula="",
        weight=weight,
        max_points=max_points,
        order=order,
    )


def measured(id_, formula, weight, max_points=100.0):
    return CriterionSpec(
        id=id_,
        channel_id=1,
        name=f"m{id_}",
        kind="measured",
        formula=formula,
        weight=weight,
        max_points=max_points,
    )


def test_measured_raw_posts_per_week_over_28_days():
    assert measured_raw("posts_per_week", Metrics(posts=20), period_days=28) == 5.0


def test_measured_raw_engagement_per_post_per_thousand_followers():
    # (300 + 90 + 60) interactions / 15 posts = 30 per post; 2,000 followers -> 30 / 2 = 15.
    metrics = Metrics(posts=15, likes=300, comments=90, shares=60, followers_end=2000)

    assert measured_raw("engagement", metrics, period_days=28) == 15.0


def test_measured_raw_follower_growth_in_percent():
    assert measured_raw("follower_growth", Metrics(followers_start=1000, followers_end=1250), 28) == 25.0
    assert measured_raw("follower_growth", Metrics(followers_start=800, followers_end=600), 28) == -25.0


def test_measured_raw_zero_cases_are_zero_not_errors():
    assert measured_raw("engagement", Metrics(posts=0, likes=50, followers_end=100), 28) == 0.0
    assert measured_raw("engagement", Metrics(posts=3, likes=50, followers_end=0), 28) == 0.0
    assert measured_raw("follower_growth", Metrics(followers_start=0, followers_end=500), 28) == 0.0
    assert measured_raw("response_rate", Metrics(comments=0, replies=4), 28) == 0.0
    assert measured_raw("freshness", Metrics(days_since_update=None), 28) == 0.0
    assert measured_raw("posts_per_week", None, 28) == 0.0


def test_measured_raw_website_formulas():
    assert measured_raw("response_rate", Metrics(comments=40, replies=10), 28) == 0.25
    assert measured_raw("freshness", Metrics(days_since_update=3), 28) == 0.25
    assert measured_raw("freshness", Metrics(days_since_update=0), 28) == 1.0
    assert measured_raw("public_info", Metrics(has_public_info_pages=True), 28) == 1.0


def test_scale_to_best_gives_the_best_full_points_and_negatives_zero():
    assert scale_to_best({1: 5.0, 2: 2.5, 3: 0.0, 4: -25.0}, 20.0) == {1: 20.0, 2: 10.0, 3: 0.0, 4: 0.0}


def test_scale_to_best_when_nobody_scores():
    assert scale_to_best({1: 0.0, 2: -3.0}, 20.0) == {1: 0.0, 2: 0.0}


# A harsh judge (7) gives offices X (1) and Y (2) 40 and 60; a lenient one (8) gives 80 and 90.
HARSH_AND_LENIENT = [
    ScoreEntry(judge_id=7, criterion_id=1, office_id=1, points=40.0),
    ScoreEntry(judge_id=7, criterion_id=1, office_id=2, points=60.0),
    ScoreEntry(judge_id=8, criterion_id=1, office_id=1, points=80.0),
    ScoreEntry(judge_id=8, criterion_id=1, office_id=2, points=90.0),
]


def test_normalise_none_keeps_points():
    assert normalise(HARSH_AND_LENIENT, "none", 100.0) == [40.0, 60.0, 80.0, 90.0]


def test_normalise_minmax_gives_each_judges_lowest_0_and_highest_max():
    assert normalise(HARSH_AND_LENIENT, "minmax", 100.0) == [0.0, 100.0, 0.0, 100.0]


def test_normalise_zscore_maps_each_judge_onto_the_common_mean_and_spread():
    # All points: mean 67.5, population sd sqrt(368.75) = 19.2029. Judge 7: mean 50, sd 10;
    # judge 8: mean 85, sd 5. Both judges give X z = -1 and Y z = +1.
    sd_all = math.sqrt(368.75)

    result = normalise(HARSH_AND_LENIENT, "zscore", 100.0)

    assert result == pytest.approx([67.5 - sd_all, 67.5 + sd_all, 67.5 - sd_all, 67.5 + sd_all])
    assert round(result[0], 4) == 48.2971


def test_normalise_keeps_points_of_a_judge_without_spread():
    entries = [
        ScoreEntry(judge_id=7, criterion_id=1, office_id=1, points=70.0),
        ScoreEntry(judge_id=7, criterion_id=1, office_id=2, points=70.0),
        ScoreEntry(judge_id=8, criterion_id=1, office_id=1, points=50.0),
    ]

    assert normalise(entries, "minmax", 100.0) == [70.0, 70.0, 50.0]
    assert normalise(entries, "zscore", 100.0) == [70.0, 70.0, 50.0]


def test_weighted_total_is_out_of_100():
    # Weights 30 and 10; 15 of 20 points (0.75) and 40 of 100 (0.4): (30*0.75 + 10*0.4) / 40 * 100.
    criteria = [judged(1, 30, max_points=20.0), judged(2, 10)]

    assert weighted_total({1: 15.0, 2: 40.0}, criteria) == pytest.approx(66.25)


def test_assign_places_tie_broken_by_heaviest_criterion():
    criteria = [judged(1, 10), judged(2, 30)]
    a = Row(office_id=1, points={1: 80.0, 2: 60.0}, total=65.0)
    b = Row(office_id=2, points={1: 50.0, 2: 70.0}, total=65.0)
    c = Row(office_id=3, points={1: 90.0, 2: 90.0}, total=90.0)

    ordered = assign_places([a, b, c], criteria, "heaviest")

    assert [(r.office_id, r.position, r.is_shared) for r in ordered] == [
        (3, 1, False),
        (2, 2, False),
        (1, 3, False),
    ]


def test_assign_places_heaviest_goes_on_to_the_next_criterion():
    criteria = [judged(1, 30, order=0), judged(2, 30, order=1), judged(3, 10, order=2)]
    a = Row(office_id=1, points={1: 70.0, 2: 60.0, 3: 80.0}, total=70.0)
    b = Row(office_id=2, points={1: 70.0, 2: 70.0, 3: 50.0}, total=70.0)

    ordered = assign_places([a, b], criteria, "heaviest")

    assert [(r.office_id, r.position) for r in ordered] == [(2, 1), (1, 2)]


def test_assign_places_remaining_ties_share_and_skip_the_next_number():
    criteria = [judged(1, 10), judged(2, 30)]
    a = Row(office_id=1, points={1: 80.0, 2: 60.0}, total=65.0)
    b = Row(office_id=2, points={1: 80.0, 2: 60.0}, total=65.0)
    c = Row(office_id=3, points={1: 10.0, 2: 10.0}, total=10.0)
    d = Row(office_id=4, points={1: 90.0, 2: 90.0}, total=90.0)

    ordered = assign_places([a, b, c, d], criteria, "heaviest")

    assert [(r.office_id, r.position, r.is_shared) for r in ordered] == [
        (4, 1, False),
        (1, 2, True),
        (2, 2, True),
        (3, 4, False),
    ]


def test_assign_places_without_tie_break_equal_totals_share():
    criteria = [judged(1, 10), judged(2, 30)]
    a = Row(office_id=1, points={1: 80.0, 2: 60.0}, total=65.0)
    b = Row(office_id=2, points={1: 50.0, 2: 70.0}, total=65.0)

    ordered = assign_places([a, b], criteria, "none")

    assert [(r.office_id, r.position, r.is_shared) for r in ordered] == [(1, 1, True), (2, 1, True)]


def test_assign_places_judged_first_prefers_the_judges():
    criteria = [judged(1, 50), measured(2, "posts_per_week", 50)]
    a = Row(office_id=1, points={1: 40.0, 2: 100.0}, total=70.0)
    b = Row(office_id=2, points={1: 100.0, 2: 40.0}, total=70.0)

    ordered = assign_places([a, b], criteria, "judged")

    assert [(r.office_id, r.position) for r in ordered] == [(2, 1), (1, 2)]


def test_assign_places_float_noise_is_not_a_difference():
    criteria = [judged(1, 10)]
    a = Row(office_id=1, points={1: 30.0}, total=0.1 + 0.2)
    b = Row(office_id=2, points={1: 30.0}, total=0.3)

    ordered = assign_places([a, b], criteria, "none")

    assert [(r.position, r.is_shared) for r in ordered] == [(1, True), (1, True)]


def test_category_leaderboard_combines_measured_and_judged():
    # Instagram, kelurahan. Posts per week (weight 20, max 20), engagement (weight 30, max 30),
    # content quality judged (weight 50, max 100). 28-day period.
    # Pelambuan (1): 20 posts -> 5/week -> best -> 20 pts; engagement (400+120+80)/20/2 = 15 -> 30 pts.
    # Belitung Utara (2): 10 posts -> 2.5/week -> 10 pts; (100)/10/1 = 10 -> 20 pts.
    # Judges: Pelambuan 60 and 80 (avg 70); Belitung Utara 90 (one judge; the other abstained).
    criteria = [
        measured(1, "posts_per_week", 20, max_points=20.0),
        measured(2, "engagement", 30, max_points=30.0),
        judged(3, 50),
    ]
    metrics = {
        1: Metrics(posts=20, likes=400, comments=120, shares=80, followers_end=2000),
        2: Metrics(posts=10, likes=100, followers_end=1000),
    }
    scores = [
        ScoreEntry(judge_id=7, criterion_id=3, office_id=1, points=60.0),
        ScoreEntry(judge_id=8, criterion_id=3, office_id=1, points=80.0),
        ScoreEntry(judge_id=8, criterion_id=3, office_id=2, points=90.0),
    ]

    rows = category_leaderboard(
        criteria=criteria, offices=[1, 2, 3], metrics=metrics, scores=scores, period_days=28
    )

    # Totals: Pelambuan (20*1 + 30*1 + 50*0.7) / 100 * 100 = 85;
    # Belitung Utara (20*0.5 + 30*(20/30) + 50*0.9) = 10 + 20 + 45 = 75; office 3: nothing -> 0.
    assert [(r.office_id, r.position, round(r.total, 4)) for r in rows] == [
        (1, 1, 85.0),
        (2, 2, 75.0),
        (3, 3, 0.0),
    ]
    assert rows[0].points == {1: 20.0, 2: 30.0, 3: 70.0}
    assert rows[1].points == pytest.approx({1: 10.0, 2: 20.0, 3: 90.0})
    assert [r.judges for r in rows] == [{3: 2}, {3: 1}, {3: 0}]
    assert [r.is_complete for r in rows] == [True, True, False]


def test_category_leaderboard_minmax_lets_harsh_and_lenient_judges_weigh_the_same():
    # Without normalisation X averages (40+80)/2 = 60 and Y 75; with min-max both judges rank
    # Y over X by their full range: X 0, Y 100.
    criteria = [judged(1, 1)]

    plain = category_leaderboard(
        criteria=criteria, offices=[1, 2], metrics={}, scores=HARSH_AND_LENIENT, period_days=28
    )
    minmax = category_leaderboard(
        criteria=criteria,
        offices=[1, 2],
        metrics={},
        scores=HARSH_AND_LENIENT,
        period_days=28,
        normalisation="minmax",
    )

    assert [(r.office_id, r.total) for r in plain] == [(2, 75.0), (1, 60.0)]
    assert [(r.office_id, r.total) for r in minmax] == [(2, 100.0), (1, 0.0)]
