"""`make run`'s command (manage.py devserver): the server and a task worker, stopped together.

Run as `make run` runs it, in a process group of its own as a terminal's foreground job, on the
test database (worker_database); Ctrl-C is SIGINT to that group.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django_tasks import TaskResultStatus

from results.tasks import draw_event_certificates

pytestmark = pytest.mark.slow

TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def processes_with(variable: str) -> list[int]:
    """The processes whose environment holds this exact ``NAME=value`` (the server's and worker's)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
            state = next(
                line for line in (proc / "status").read_text().splitlines() if line.startswith("State:")
            )
        except (OSError, StopIteration):
            continue
        if variable.encode() in environ and "zombie" not in state:
            found.append(int(proc.name))
    return found


def wait_for(condition, what: str, process: subprocess.Popen):
    deadline = time.monotonic() + TIMEOUT
    while not (value := condition()):
        if process.poll() is not None:
            pytest.fail(f"devserver stopped ({process.returncode}) before {what}: {process.stdout.read()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {TIMEOUT} s")
        time.sleep(0.3)
    return value


def answers(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except OSError:
        return None


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads processes from /proc")
def test_devserver_serves_runs_tasks_and_stops_both_on_ctrl_c(worker_database, settings, tmp_path):
    marker = f"SCA_DEVSERVER_TEST={tmp_path.name}"
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": worker_database,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_DEBUG": "1",
        marker.split("=")[0]: marker.split("=")[1],
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "devserver", f"127.0.0.1:{port}"],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        # A terminal's Ctrl-C: a shell's background job (CI's, or a run started with &) inherits
        # SIGINT ignored, and Python then never turns it into KeyboardInterrupt.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        status = wait_for(lambda: answers(f"http://127.0.0.1:{port}/admin/login/"), "page", process)
        # An event that is not there: the task has nothing to draw and succeeds at once.
        result = draw_event_certificates.enqueue(987654)
        wait_for(lambda: result.refresh() or result.is_finished, "task run", process)
        running = processes_with(marker)

        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)
        deadline = time.monotonic() + 30
        while (left := processes_with(marker)) and time.monotonic() < deadline:
            time.sleep(0.3)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        # Whatever this test started and is still there (a worker left behind by a failure).
        for pid in processes_with(marker):
            os.kill(pid, signal.SIGKILL)

    assert status == 200
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 0
    # The server (its autoreloader and its child) and the worker (the same, under DEBUG).
    assert len(running) >= 3
    assert left == []
