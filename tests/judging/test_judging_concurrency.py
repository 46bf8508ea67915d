"""Locking the scores and a judge's late save, at the same time, on two real connections."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from judging.models import Score
from judging.services import JudgingLocked, event_lock_scores, score_save

# SQLite has one writer at a time and no row locks, so it cannot show the race; PostgreSQL can.
pytestmark = [
    # Committed rows on two connections; base_data makes again what the data migrations made
    # (an earlier transactional test's flush has emptied those tables).
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("base_data"),
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs row locks of two connections (PostgreSQL)"
    ),
]


def test_a_score_saved_while_locking_waits_and_is_refused(judged_event):
    locked = threading.Event()
    release = threading.Event()
    outcome = {}

    def committee_locks():
        try:
            with transaction.atomic():
                event_lock_scores(event=judged_event["event"])
                locked.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    def judge_saves():
        try:
            score_save(
                judge=judged_event["judges"][0],
                criterion=judged_event["quality"],
                office=judged_event["offices"]["Banua Anyar"],
                points=Decimal(80),
            )
            outcome["judge"] = "saved"
        except JudgingLocked:
            outcome["judge"] = "refused"
        finally:
            connections.close_all()

    committee = threading.Thread(target=committee_locks)
    committee.start()
    assert locked.wait(timeout=10)
    judge = threading.Thread(target=judge_saves)
    judge.start()
    judge.join(timeout=0.5)
    still_waiting = judge.is_alive()
    release.set()
    committee.join(timeout=10)
    judge.join(timeout=10)

    assert still_waiting is True
    assert outcome == {"judge": "refused"}
    assert Score.objects.count() == 0
