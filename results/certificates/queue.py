"""Drawing an event's certificates in the background: one task per event at a time, and its state.

The work itself is ``results.tasks.draw_event_certificates``; this module decides whether to
enqueue it. The last task of an event is kept in an ``EventTask`` row, locked while it is read
and replaced, so two requests (on two servers, or a double click) never enqueue the drawing twice:
a task still waiting or running is reused, and the drawn files themselves are reused through
their names (documents.storage). A failed task stays failed, for the committee to see, until
someone asks again (``retry``). A task whose worker died while running it (a restart, a kill)
stops writing its heartbeat and, past ``STALE_SECONDS``, is replaced by a new one.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from results.models import EventTask, EventWork
from results.tasks import HEARTBEAT_SECONDS, draw_event_certificates

if TYPE_CHECKING:
    from awards.models import EvaluationEvent

logger = logging.getLogger(__name__)

# Drawing one certificate takes well under a second and the task writes its heartbeat at least
# every HEARTBEAT_SECONDS between two: silent this long, it is no longer running.
STALE_SECONDS = 24 * HEARTBEAT_SECONDS


@dataclass(frozen=True)
class DrawingTask:
    """What the progress page says of the drawing: its state and, if it failed, why."""

    status: TaskResultStatus
    enqueued_at: datetime | None
    finished_at: datetime | None
    error: str

    @property
    def waiting(self) -> bool:
        return self.status == TaskResultStatus.READY

    @property
    def running(self) -> bool:
        return self.status == TaskResultStatus.RUNNING

    @property
    def failed(self) -> bool:
        return self.status == TaskResultStatus.FAILED

    @property
    def successful(self) -> bool:
        return self.status == TaskResultStatus.SUCCESSFUL


def _error(result: TaskResult) -> str:
    """The last line of the failure's traceback (“OSError: [Errno 28] No space left on device”)."""
    if not result.errors:
        return ""
    lines = [line for line in result.errors[-1].traceback.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else result.errors[-1].exception_class_path


def _drawing(result: TaskResult) -> DrawingTask:
    return DrawingTask(
        status=result.status,
        enqueued_at=result.enqueued_at,
        finished_at=result.finished_at,
        error=_error(result) if result.status == TaskResultStatus.FAILED else "",
    )


def _result(row: EventTask | None) -> TaskResult | None:
    """The task of the row, as its backend knows it; None when there is none to follow (none
    enqueued, pruned since, or a backend that keeps no results, such as the immediate one)."""
    if row is None or not row.task_id or not draw_event_certificates.get_backend().supports_get_result:
        return None
    try:
        return draw_event_certificates.get_result(row.task_id)
    except TaskResultDoesNotExist:
        return None


def _stale(row: EventTask, result: TaskResult) -> bool:
    last = row.heartbeat or result.started_at or row.enqueued_at
    return timezone.now() - last > timedelta(seconds=STALE_SECONDS)


def _reusable(row: EventTask, result: TaskResult | None, *, retry: bool) -> bool:
    if result is None:
        return False
    if result.status == TaskResultStatus.READY:
        return True
    if result.status == TaskResultStatus.RUNNING:
        return not _stale(row, result)
    # A failure stays on the page until someone asks again; a success is done: whatever is still
    # missing (places added or edited since) needs a new task.
    return result.status == TaskResultStatus.FAILED and not retry


def event_certificates_schedule(*, event: "EvaluationEvent", retry: bool = False) -> DrawingTask:
    """The drawing of the event's missing certificates: the task waiting or running (or failed,
    unless ``retry``), else a new one enqueued.

    A queue that cannot be reached (Redis down, with the RQ backend) is a failure to show, with
    its reason, not an error page; nothing is saved then.
    """
    try:
        return _schedule(event, retry=retry)
    except Exception as error:
        logger.exception("enqueueing the drawing of the certificates of event %s failed", event.pk)
        return DrawingTask(
            status=TaskResultStatus.FAILED,
            enqueued_at=None,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}",
        )


def _schedule(event: "EvaluationEvent", *, retry: bool) -> DrawingTask:
    with transaction.atomic():
        # The row exists before it is locked, so that two first requests wait for each other.
        EventTask.objects.get_or_create(
            event=event, work=EventWork.CERTIFICATES, defaults={"enqueued_at": timezone.now()}
        )
        row = EventTask.objects.select_for_update().get(event=event, work=EventWork.CERTIFICATES)
        result = _result(row)
        if _reusable(row, result, retry=retry):
            return _drawing(result)
        result = draw_event_certificates.enqueue(event.pk)
        row.task_id, row.enqueued_at, row.heartbeat = result.id, timezone.now(), None
        row.save(update_fields=["task_id", "enqueued_at", "heartbeat"])
    return _drawing(result)


def heartbeat(task_id: str) -> None:
    """A running task's sign of life (results.tasks)."""
    EventTask.objects.filter(task_id=task_id).update(heartbeat=timezone.now())
