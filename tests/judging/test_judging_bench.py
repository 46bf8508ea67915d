"""The benchmark's event (bench/judging.py) computes its leaderboard in a fixed number of queries."""

import pytest

from awards.models import EvaluationEvent
from bench.judging import build_event
from judging.selectors import event_leaderboard

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("kelurahan", "judges"), [(4, 2), pytest.param(52, 5, marks=pytest.mark.slow)])
def test_benchmark_event_leaderboard_fixed_queries(django_assert_num_queries, kelurahan, judges):
    # As a page loads it: a fresh event, its judging settings not yet read.
    event = EvaluationEvent.objects.get(
        pk=build_event(kelurahan=kelurahan, judges=judges, tag=f"t{kelurahan}").pk
    )

    # judging, criteria (with awards), categories, their kinds, accounts, metrics, scores.
    with django_assert_num_queries(7):
        boards = event_leaderboard(event=event)

    assert [(b.channel.code, b.caption, len(b.rows)) for b in boards] == [
        ("website", "Terbaik Pengelolaan Website — Kelurahan", kelurahan),
        ("instagram", "Terbaik Pengelolaan Instagram — Kelurahan", kelurahan),
        ("facebook", "Terbaik Pengelolaan Facebook — Kelurahan", kelurahan),
    ]
    assert all(
        row.is_complete and row.row.judges == dict.fromkeys(row.row.judges, judges)
        for b in boards
        for row in b.rows
    )
