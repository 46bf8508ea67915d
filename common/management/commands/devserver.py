"""``make run``: Django's development server with a task worker beside it, in one command.

The worker (``manage.py db_worker``, of the database queue: settings.TASKS) runs in a process
group of its own, started once by this command (not again by the server's autoreloader, which
runs this command a second time in its child), and stopped with the server: Ctrl-C or SIGTERM
stops both. Production runs the worker under systemd instead (deploy/smartcity-awards-worker.service).
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

# How long a stopping worker may take to finish the task in hand before it is killed (what it
# has drawn is stored; the next page view enqueues the rest).
STOP_SECONDS = 5


class Command(BaseCommand):
    help = "Run the development server and a background task worker beside it; Ctrl-C stops both."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_false", dest="use_reloader")

    def handle(self, *args, addrport: str, use_reloader: bool, **options):
        runserver = {"skip_checks": True, "use_reloader": use_reloader}
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # The autoreloader's child: the server alone, its parent keeps the worker.
            call_command("runserver", addrport, **runserver)
            return
        worker = self._start_worker()
        # systemd, a test or `kill` stop with SIGTERM: stop the worker too, as on Ctrl-C.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            call_command("runserver", addrport, **runserver)
        finally:
            if worker is not None:
                self._stop_worker(worker)

    def _start_worker(self) -> subprocess.Popen | None:
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            self.stdout.write(
                "Tasks go to another queue than the database (DJANGO_TASKS_BACKEND): start its worker "
                "yourself (docs/deploy.md, “Background worker”)."
            )
            return None
        # A session of its own: Ctrl-C in the terminal reaches the server only, and the worker is
        # stopped below, its autoreloader's child with it.
        return subprocess.Popen(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker", "--no-startup-delay"],
            start_new_session=True,
        )

    def _stop_worker(self, worker: subprocess.Popen) -> None:
        group = worker.pid
        for sent in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(group, sent)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + STOP_SECONDS
            while time.monotonic() < deadline and _group_alive(group):
                worker.poll()
                time.sleep(0.1)
            if not _group_alive(group):
                break
        worker.wait()


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
