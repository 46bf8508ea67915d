"""Two committee members at once, on two real database connections.

Each side runs in its own thread with its own PostgreSQL connection. One side holds its
transaction open until the other is seen waiting for the event's row lock, so the two saves
truly overlap. SQLite allows one writer at a time and cannot show this.
"""

import datetime
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone, translation

from awards.models import Category, EvaluationEvent, EventStatus, Ranking
from awards.services import (
    PlacesConflict,
    award_places_lock,
    category_save,
    edit_version,
    event_places_save,
    event_save,
    ranking_save,
)
from offices.models import Channel
from results.services import event_publish
from tests.factories import EventFactory, OfficeFactory, RankingFactory, make_committee_member
from tests.helpers import correct_a_citation

pytestmark = [
    pytest.mark.postgres_only,
    # Committed rows on two connections; base_data makes again what the data migrations made
    # (an earlier transactional test's flush has emptied those tables).
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("base_data"),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite cannot show concurrent writers")


def _waiting_for_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _wait_until_blocked(timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while _waiting_for_lock() < 1:
        if time.monotonic() > deadline:
            raise AssertionError("the second save never waited for the first one's lock")
        time.sleep(0.02)


def _in_own_connection(fn):
    def run(*args, **kwargs):
        try:
            # Messages in English, the source language, whatever the translations say.
            with translation.override("en"):
                return fn(*args, **kwargs)
        finally:
            connections.close_all()

    return run


def _message(exc: Exception) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _overlap(first, second):
    """Run ``first`` in a transaction held open until ``second`` waits for its lock; both results.

    Each result is ("ok", value) or ("refused", message) for a PlacesConflict (EditConflict
    included) or a ValidationError.
    """
    first_done = threading.Event()
    release = threading.Event()

    @_in_own_connection
    def run_first():
        try:
            with transaction.atomic():
                value = first()
                first_done.set()
                release.wait(timeout=20)
            return ("ok", value)
        except (PlacesConflict, ValidationError) as exc:
            first_done.set()
            return ("refused", _message(exc))

    @_in_own_connection
    def run_second():
        first_done.wait(timeout=20)
        try:
            return ("ok", second())
        except (PlacesConflict, ValidationError) as exc:
            return ("refused", _message(exc))

    with ThreadPoolExecutor(max_workers=2) as pool:
        a = pool.submit(run_first)
        b = pool.submit(run_second)
        first_done.wait(timeout=20)
        _wait_until_blocked()
        release.set()
        return a.result(timeout=30), b.result(timeout=30)


@pytest.fixture
def event_with_place():
    website = Channel.objects.get(code="website")
    event = EventFactory(title="Evaluasi Smart City Kota Banjarmasin 2021")
    place = RankingFactory(
        event=event,
        channel=website,
        office=OfficeFactory(name="Bagian Protokol dan Komunikasi Pimpinan"),
        position=1,
    )
    return event, place


def test_two_members_saving_the_same_place_one_wins_the_other_is_told(event_with_place):
    _event, place = event_with_place
    first_member, second_member = make_committee_member("sekretaris"), make_committee_member("anggota")
    seen = edit_version(place)  # both opened the place's page before either saved

    def save_as(member, citation):
        def save():
            mine = Ranking.objects.get(pk=place.pk)
            mine.citation = citation
            return ranking_save(ranking=mine, seen_version=seen, by=member).citation

        return save

    first, second = _overlap(save_as(first_member, "Konten informatif"), save_as(second_member, "Terbaik"))

    place.refresh_from_db()
    assert first == ("ok", "Konten informatif")
    assert second == (
        "refused",
        "This place was changed by someone else since you opened it; reload the page to see their "
        "changes. Nothing was saved.",
    )
    assert place.citation == "Konten informatif"
    assert [(r.history_user.username, r.citation) for r in place.history.all()[:1]] == [
        ("sekretaris", "Konten informatif")
    ]


def test_editing_while_someone_publishes_is_refused_and_stays_published(event_with_place):
    event, _place = event_with_place
    member = make_committee_member()
    seen = edit_version(event)  # the editor opened the event page

    def publish():
        return event_publish(event=EvaluationEvent.objects.get(pk=event.pk), by=member).event.status

    def edit():
        mine = EvaluationEvent.objects.get(pk=event.pk)
        mine.venue = "Balai Kota Banjarmasin"
        return event_save(event=mine, seen_version=seen, by=member).venue

    first, second = _overlap(publish, edit)

    event.refresh_from_db()
    assert first == ("ok", EventStatus.PUBLISHED)
    assert second == (
        "refused",
        "This event was changed by someone else since you opened it; reload the page to see their "
        "changes. Nothing was saved.",
    )
    assert (event.status, event.venue) == (EventStatus.PUBLISHED, "Aula Kayuh Baimbai")


def test_saving_the_event_without_a_token_never_undoes_a_publication(event_with_place):
    event, _place = event_with_place

    def publish():
        return event_publish(event=EvaluationEvent.objects.get(pk=event.pk)).event.status

    # Loaded before the publication commits, saved after: the status comes from the locked row.
    stale = EvaluationEvent.objects.get(pk=event.pk)

    def edit():
        stale.venue = "Balai Kota Banjarmasin"
        return event_save(event=stale).status

    first, second = _overlap(publish, edit)

    event.refresh_from_db()
    assert (first, second) == (("ok", EventStatus.PUBLISHED), ("ok", EventStatus.PUBLISHED))
    assert (event.status, event.venue) == (EventStatus.PUBLISHED, "Balai Kota Banjarmasin")
    assert event.published_at is not None


def test_two_places_saved_at_once_into_one_position_one_wins(event_with_place):
    event, _place = event_with_place
    offices = [OfficeFactory(name="Dinas Kesehatan"), OfficeFactory(name="Dinas Pendidikan")]

    category = _place.category

    def add(office):
        def save():
            place = Ranking(category=Category.objects.get(pk=category.pk), office=office, position=2)
            event_places_save(event=event, changed=[place])
            return office.name

        return save

    first, second = _overlap(add(offices[0]), add(offices[1]))

    assert first == ("ok", "Dinas Kesehatan")
    assert second[0] == "refused"
    places = Ranking.objects.filter(award__event=event).order_by("position")
    assert list(places.values_list("office__name", "position", "is_shared")) == [
        ("Bagian Protokol dan Komunikasi Pimpinan", 1, False),
        ("Dinas Kesehatan", 2, False),
    ]


def test_position_above_places_cannot_slip_in_while_places_shrink(event_with_place):
    event, place = event_with_place
    office = OfficeFactory(name="Dinas Kesehatan")

    def shrink():
        mine = Category.objects.select_related("award__event").get(pk=place.category_id)
        mine.places = 2
        return category_save(category=mine).places

    def add_third():
        mine = Ranking(
            category=Category.objects.select_related("award__event").get(pk=place.category_id),
            office=office,
            position=3,
        )
        return ranking_save(ranking=mine).position

    first, second = _overlap(shrink, add_third)

    assert first == ("ok", 2)
    assert second == ("refused", "Position 3 is above the 2 places of category SKPD.")
    assert list(Ranking.objects.filter(award__event=event).values_list("position", flat=True)) == [1]


def test_two_publishes_at_once_give_two_consecutive_versions():
    event = EventFactory()
    RankingFactory(event=event, position=1)
    event_publish(event=event)
    # A real correction, published final by one member while another opens the appeal window on
    # the same results: two new versions (the same results twice would be refused).
    correct_a_citation(event, "Catatan diperbarui")
    deadline = timezone.now() + datetime.timedelta(days=3)
    locked, release = threading.Event(), threading.Event()

    def slow_publish():
        try:
            with transaction.atomic():
                version = event_publish(event=EvaluationEvent.objects.get(pk=event.pk), reason="Ralat A")
                locked.set()
                release.wait(10)  # hold the event's row lock while the other publish waits for it
                return version.number
        finally:
            connections.close_all()

    def second_publish():
        try:
            _wait_until_blocked_then_release(release)
            return None
        finally:
            connections.close_all()

    def other_publish():
        try:
            return event_publish(
                event=EvaluationEvent.objects.get(pk=event.pk),
                reason="Ralat B",
                final=False,
                appeal_deadline=deadline,
            ).number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=3) as pool:
        first = pool.submit(slow_publish)
        assert locked.wait(10)
        other = pool.submit(other_publish)
        pool.submit(second_publish).result(timeout=20)
        numbers = sorted([first.result(timeout=20), other.result(timeout=20)])

    assert numbers == [2, 3]
    assert list(event.versions.order_by("number").values_list("number", "is_current")) == [
        (1, False),
        (2, False),
        (3, True),
    ]


def _wait_until_blocked_then_release(release: threading.Event) -> None:
    try:
        _wait_until_blocked()
    finally:
        release.set()


def test_a_place_saved_while_its_award_is_being_locked_waits_and_is_refused(event_with_place):
    # Finalising locks the award's places under the event's lock; a save of one of them that
    # started meanwhile waits for that lock and then sees the lock, so it cannot slip in after the
    # places were finalised.
    _event, place = event_with_place
    award = place.award
    before = list(Ranking.objects.values_list("pk", "position", "citation"))

    def lock():
        return len(award_places_lock(awards=[award]))

    def save():
        mine = Ranking.objects.get(pk=place.pk)
        mine.citation = "Diubah setelah ditetapkan"
        return ranking_save(ranking=mine).citation

    first, second = _overlap(lock, save)

    assert first == ("ok", 1)
    assert second[0] == "refused"
    assert second[1].startswith(f"The places of “{award.title}” were finalised from the judging on ")
    assert list(Ranking.objects.values_list("pk", "position", "citation")) == before
