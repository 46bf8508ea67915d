"""Background work of results, as tasks of Django's task framework.

The tasks run in a worker beside the app servers (``manage.py db_worker`` with the database
queue, the default; an RQ worker with DJANGO_TASKS_BACKEND=rq: docs/deploy.md), never in a thread
of a web worker, so a restarted web worker loses nothing and every app server sees the same
queue. ``django_tasks`` is the backport of Django 6's ``django.tasks``: on Django 6 the import
below becomes ``from django.tasks import TaskContext, task``.

A task's arguments and return value are plain JSON (ids and counts); it reads what it needs from
the database when it runs.
"""

import time

from django_tasks import TaskContext, task

# A running task writes its sign of life at most this often (results.certificates.queue).
HEARTBEAT_SECONDS = 5


@task(takes_context=True)
def draw_event_certificates(context: TaskContext, event_id: int) -> int:
    """Draw and store every certificate of the event not stored yet; how many were drawn.

    What it draws is stored as it goes (renders named by an HMAC of their data, documents.storage),
    so a task that dies is resumed by the next one where it stopped. An event deleted meanwhile
    leaves nothing to draw.
    """
    from awards.models import EvaluationEvent
    from results.certificates.queue import heartbeat
    from results.certificates.storage import event_certificates_draw

    event = EvaluationEvent.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    result_id = context.task_result.id
    heartbeat(result_id)
    last = time.monotonic()

    def progress() -> None:
        nonlocal last
        if time.monotonic() - last >= HEARTBEAT_SECONDS:
            heartbeat(result_id)
            last = time.monotonic()

    return event_certificates_draw(event=event, progress=progress)
