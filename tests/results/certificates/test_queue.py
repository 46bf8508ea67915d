"""An event's certificates drawn by a task (results.tasks) in a worker, and the page that follows it.

The queue is the project's own default, the database (django-tasks-db): tests here enqueue into
the test database and run the package's worker on it, in this process (``run_worker``) or, in
the slow test, as ``manage.py db_worker`` in a process of its own against the same database.
"""

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.backends.dummy import DummyBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from awards.models import EvaluationEvent
from results.certificates.queue import STALE_SECONDS, event_certificates_schedule
from results.models import EventTask, EventWork
from results.tasks import draw_event_certificates
from tests.factories import AwardFactory, CategoryFactory, EventFactory, OfficeFactory, RankingFactory
from tests.helpers import DEMO_SLUG, stored_renders

# Time for a worker process to start (Django's imports on a busy machine) and draw 18 certificates.
WORKER_TIMEOUT = 180


def zip_url(event):
    return reverse("admin:awards_evaluationevent_certificates", kwargs={"pk": event.pk})


def run_worker() -> None:
    """The package's worker, in this process, until the queue is empty (`db_worker --batch`)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def load_seed() -> EvaluationEvent:
    call_command("load_demo", verbosity=0)
    return EvaluationEvent.objects.get(slug=DEMO_SLUG)


@pytest.fixture
def seed(db):
    return load_seed()


@pytest.fixture
def many(settings):
    # The 18 places of the seed are too many to draw within a request.
    settings.CERTIFICATES_ZIP_DRAW_LIMIT = 5


# --- one task per event


@pytest.mark.usefixtures("many")
def test_second_request_reuses_the_waiting_task(committee_client, seed):
    first = committee_client.get(zip_url(seed))
    second = committee_client.get(zip_url(seed))

    assert (first.status_code, second.status_code) == (202, 202)
    waiting = DBTaskResult.objects.get()
    assert EventTask.objects.get().task_id == str(waiting.id)
    assert waiting.status == TaskResultStatus.READY


def test_running_task_reused_while_alive_and_replaced_once_silent(seed):
    event_certificates_schedule(event=seed)
    task = DBTaskResult.objects.get()
    task.claim("a-worker-that-dies")
    assert event_certificates_schedule(event=seed).running
    assert DBTaskResult.objects.count() == 1

    # Its worker was killed: no heartbeat since it started.
    DBTaskResult.objects.update(started_at=timezone.now() - timedelta(seconds=STALE_SECONDS + 1))
    EventTask.objects.update(enqueued_at=timezone.now() - timedelta(seconds=STALE_SECONDS + 5))
    drawing = event_certificates_schedule(event=seed)

    assert drawing.waiting
    assert DBTaskResult.objects.count() == 2
    assert EventTask.objects.get().task_id != str(task.id)


def test_heartbeat_keeps_a_long_running_task(seed):
    event_certificates_schedule(event=seed)
    task = DBTaskResult.objects.get()
    task.claim("a-slow-worker")
    DBTaskResult.objects.update(started_at=timezone.now() - timedelta(seconds=10 * STALE_SECONDS))
    EventTask.objects.update(heartbeat=timezone.now() - timedelta(seconds=STALE_SECONDS // 2))

    assert event_certificates_schedule(event=seed).running
    assert DBTaskResult.objects.count() == 1


@pytest.mark.parametrize("count", [3, 9])
def test_progress_page_query_count_same_at_two_sizes(committee_client, django_assert_num_queries, count):
    event = EventFactory()
    category = CategoryFactory(award=AwardFactory(event=event), places=count)
    for position in range(1, count + 1):
        RankingFactory(category=category, office=OfficeFactory(), position=position)
    with override_settings(CERTIFICATES_ZIP_DRAW_LIMIT=1):
        committee_client.get(zip_url(event))

        with django_assert_num_queries(14):
            response = committee_client.get(zip_url(event))

    assert response.status_code == 202
    assert f"0 dari {count} siap" in response.content.decode()


# --- success and failure, run by the package's worker in this process


@pytest.mark.usefixtures("many")
def test_task_draws_what_is_missing_and_the_zip_follows(settings, base_data, committee_client):
    event = load_seed()
    assert committee_client.get(zip_url(event)).status_code == 202

    run_worker()

    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == 18
    assert (
        len(stored_renders(settings.MEDIA_ROOT)) == 18
    )  # one PDF per place: the ZIP holds the print files only
    response = committee_client.get(zip_url(event))
    assert response.status_code == 200
    assert len(zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()) == 18


@pytest.mark.usefixtures("many")
def test_failed_task_shows_failed_with_a_retry_then_draws(settings, base_data, committee_client, monkeypatch):
    event = load_seed()
    committee_client.get(zip_url(event))

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr("results.certificates.storage.certificate_renders", disk_full)
        run_worker()
    failed = committee_client.get(zip_url(event))
    again = committee_client.get(zip_url(event))

    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED
    assert (failed.status_code, again.status_code) == (200, 200)
    content = failed.content.decode()
    assert "Gagal membuat piagam acara ini" in content
    assert "0 dari 18 siap" in content
    assert "OSError: [Errno 28] No space left on device" in content
    assert "Coba lagi" in content
    assert 'http-equiv="refresh"' not in content
    # Reloading the page does not run the failed drawing again; the button does.
    assert DBTaskResult.objects.count() == 1

    retried = committee_client.post(zip_url(event))

    assert retried.status_code == 303
    assert retried["Location"] == zip_url(event)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    assert "menunggu pekerja latar belakang" in committee_client.get(zip_url(event)).content.decode()
    run_worker()
    assert committee_client.get(zip_url(event)).status_code == 200
    assert len(stored_renders(settings.MEDIA_ROOT)) == 18


def test_retry_needs_the_right_to_see_places(client, django_user_model, seed):
    staff = django_user_model.objects.create_user("tamu", password="x", is_staff=True)
    client.force_login(staff)

    response = client.post(zip_url(seed))

    assert response.status_code == 403
    assert not DBTaskResult.objects.exists()


def test_immediate_backend_draws_within_the_request(settings, committee_client, seed, many):
    # A backend that runs tasks at once (not the project's): the page sends the ZIP after it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    response = committee_client.get(zip_url(seed), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(zip_url(seed), 303)]
    assert len(zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()) == 18


# --- a real worker: `manage.py db_worker` in its own process, on the test database


@pytest.fixture
def worker_process(worker_database, settings):
    """``manage.py db_worker`` against the test database, stopped as systemd stops it (SIGTERM)."""
    env = {
        **os.environ,
        "DATABASE_URL": worker_database,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_DEBUG": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_finished(task_id: str, process: subprocess.Popen):
    result = draw_event_certificates.get_result(task_id)
    deadline = time.monotonic() + WORKER_TIMEOUT
    while not result.is_finished:
        if process.poll() is not None:
            pytest.fail(f"the worker stopped ({process.returncode}): {process.stdout.read()}")
        if time.monotonic() > deadline:
            pytest.fail(f"the worker did not finish the task within {WORKER_TIMEOUT} s")
        time.sleep(0.5)
        result.refresh()
    return result


@pytest.mark.slow
def test_task_runs_in_a_real_worker_process(settings, worker_process, committee_client):
    settings.CERTIFICATES_ZIP_DRAW_LIMIT = 5
    event = load_seed()

    progress = committee_client.get(zip_url(event))
    row = EventTask.objects.get(event=event, work=EventWork.CERTIFICATES)
    result = wait_until_finished(row.task_id, worker_process)

    assert progress.status_code == 202
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value == 18
    assert result.worker_ids and result.worker_ids[0] != "test-worker"
    assert EventTask.objects.get(pk=row.pk).heartbeat is not None
    # The ZIP is sent from what the worker stored: every certificate, none drawn again.
    stored = stored_renders(settings.MEDIA_ROOT)
    before = {name: (settings.MEDIA_ROOT / name).stat().st_mtime_ns for name in stored}
    response = committee_client.get(zip_url(event))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert len(names) == len(stored) == 18
    stem = "001-terbaik-pengelolaan-website-skpd-terbaik-pertama-bagian-protokol-dan-komunikasi-pimpinan"
    assert names[0] == f"{stem}.pdf"
    # Exactly the files the worker stored, each once.
    assert sorted(archive.read(name) for name in names) == sorted(
        (settings.MEDIA_ROOT / name).read_bytes() for name in stored
    )
    assert all(name.endswith(".pdf") and archive.read(name).startswith(b"%PDF-") for name in names)
    assert {name: (settings.MEDIA_ROOT / name).stat().st_mtime_ns for name in stored} == before


class UnreachableQueue(DummyBackend):
    """A queue that refuses every task, as RQ's does while its Redis is down."""

    def enqueue(self, task, args, kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_unreachable_queue_shows_a_failure_not_an_error_page(settings, committee_client, seed, many):
    settings.TASKS = {"default": {"BACKEND": f"{__name__}.UnreachableQueue"}}

    response = committee_client.get(zip_url(seed))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Gagal membuat piagam acara ini" in content
    assert "ConnectionError: Error 111 connecting to 127.0.0.1:6379. Connection refused." in content
    assert "Coba lagi" in content
    assert not EventTask.objects.exists()
