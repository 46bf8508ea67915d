"""Benchmark: computing a judging leaderboard (issue 7).

Builds an event with N kelurahan x 3 channels (website, Instagram, Facebook) x J judges, each
channel with two measured and three judged criteria, every judge scoring every office, and
times ``event_leaderboard`` (the committee page and finalising both use it). Reports the
queries and the time at 52 kelurahan (Banjarmasin's count) and at ten times that, and the
ratio of the computation to loading the same scores from the database in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sca_judging .venv/bin/python -m bench.judging

It runs in a throw-away test database (``test_<name>``), never in the project's own.
"""

import datetime
import os
import random
import statistics
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity_awards.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")


def build_event(*, kelurahan: int, judges: int, tag: str = "bench"):
    """An event judged on three channels with every judge scoring every kelurahan.

    Bulk inserts: the benchmark measures reading, not writing, and scores written through
    score_save would take minutes at this size.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from awards.models import Award, Category, EvaluationEvent
    from judging.models import JUDGES_GROUP, AccountMetrics, Criterion, JudgeAssignment, Judging, Score
    from offices.models import Channel, Office, OfficeAccount, OfficeKind

    rng = random.Random(2021)
    event = EvaluationEvent.objects.create(
        title=f"Evaluasi Smart City {tag}",
        slug=f"evaluasi-{tag}",
        year=2021,
        held_on=datetime.date(2021, 11, 2),
        city="Banjarmasin",
    )
    Judging.objects.create(
        event=event,
        period_start=datetime.date(2021, 9, 1),
        period_end=datetime.date(2021, 9, 28),
        normalisation="zscore",
    )
    channels = list(Channel.objects.filter(code__in=["website", "instagram", "facebook"]).order_by("order"))
    kelurahan_kind = OfficeKind.objects.get(code=OfficeKind.KELURAHAN)
    criteria = []
    for channel in channels:
        first = "freshness" if channel.code == "website" else "engagement"
        # The 2021 shape: an award per channel with a Kelurahan category of 3 places (and, here,
        # 3 honourable mentions, so that finalising writes both levels).
        award = Award.objects.create(
            event=event, title=f"Terbaik Pengelolaan {channel.name}", channel=channel, order=channel.order
        )
        category = Category.objects.create(award=award, title="Kelurahan", places=3, mentions=3)
        category.kinds.add(kelurahan_kind)
        criteria += [
            Criterion(
                award=award,
                name="Aktivitas",
                kind="measured",
                formula="posts_per_week",
                weight=20,
                order=1,
            ),
            Criterion(
                award=award,
                name="Keterlibatan",
                kind="measured",
                formula=first,
                weight=20,
                order=2,
            ),
            Criterion(award=award, name="Kualitas konten", kind="judged", weight=30, order=3),
            Criterion(award=award, name="Kelengkapan informasi", kind="judged", weight=20, order=4),
            Criterion(award=award, name="Tanggapan publik", kind="judged", weight=10, order=5),
        ]
    criteria = Criterion.objects.bulk_create(criteria)
    offices = Office.objects.bulk_create(
        Office(name=f"Kelurahan {tag} {i}", slug=f"kelurahan-{tag}-{i}", kind_id=OfficeKind.KELURAHAN)
        for i in range(kelurahan)
    )
    accounts = OfficeAccount.objects.bulk_create(
        OfficeAccount(office=o, channel=c, handle=f"@{tag}{i}{c.code}")
        for i, o in enumerate(offices)
        for c in channels
    )
    AccountMetrics.objects.bulk_create(
        AccountMetrics(
            event=event,
            account=a,
            followers_start=rng.randint(100, 5000),
            followers_end=rng.randint(100, 6000),
            posts=rng.randint(0, 60),
            likes=rng.randint(0, 3000),
            comments=rng.randint(0, 400),
            shares=rng.randint(0, 300),
            replies=rng.randint(0, 200),
            days_since_update=rng.randint(0, 90),
            has_public_info_pages=rng.random() < 0.6,
        )
        for a in accounts
    )
    group = Group.objects.get(name=JUDGES_GROUP)
    users = []
    for j in range(judges):
        user = get_user_model().objects.create_user(username=f"juri-{tag}-{j}", is_staff=True)
        user.groups.add(group)
        users.append(user)
    JudgeAssignment.objects.bulk_create(
        JudgeAssignment(event=event, judge=u, office=o) for u in users for o in offices
    )
    judged = [c for c in criteria if c.kind == "judged"]
    Score.objects.bulk_create(
        (
            Score(criterion=c, office=o, judge=u, points=Decimal(rng.randint(40, 100)))
            for u in users
            for o in offices
            for c in judged
        ),
        batch_size=2000,
    )
    return event


def _time(fn, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from judging.models import Score
    from judging.selectors import event_leaderboard
    from judging.services import leaderboard_finalise
    from offices.models import Office

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = []
        for kelurahan in (52, 520):
            event = build_event(kelurahan=kelurahan, judges=5, tag=f"k{kelurahan}")
            with CaptureQueriesContext(connection) as ctx:
                boards = event_leaderboard(event=event)
            queries = len(ctx.captured_queries)
            offices = sum(len(b.rows) for b in boards)
            scores = Score.objects.filter(criterion__award__event=event).count()
            board_s = _time(lambda e=event: event_leaderboard(event=e), repeats=7)
            load_s = _time(
                lambda e=event: list(
                    Score.objects.filter(criterion__award__event=e).values_list(
                        "judge_id", "criterion_id", "office_id", "points"
                    )
                ),
                repeats=7,
            )
            results.append((kelurahan, offices, scores, queries, board_s, load_s))
            start = time.perf_counter()
            places = leaderboard_finalise(event=event)
            finalise_ms = (time.perf_counter() - start) * 1000
            levels = sorted({(r.category.award.title, r.level) for r in places})
            print(
                f"{kelurahan} kelurahan: finalised {len(places)} places and mentions "
                f"({len(levels)} award/level pairs) in {finalise_ms:.0f} ms"
            )
            # The next, larger event is judged on its own offices only.
            Office.objects.update(is_active=False)
        print(f"database: {connection.vendor}")
        print("kelurahan | rows | scores | queries | leaderboard (median of 7) | loading scores only | ratio")
        for kelurahan, offices, scores, queries, board_s, load_s in results:
            board_ms, load_ms = board_s * 1000, load_s * 1000
            print(
                f"{kelurahan} | {offices} | {scores} | {queries} | {board_ms:.1f} ms | {load_ms:.1f} ms | "
                f"{board_s / load_s:.1f}x"
            )
        print(f"520 vs 52 kelurahan: {results[1][4] / results[0][4]:.1f}x the time for 10x the data")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
