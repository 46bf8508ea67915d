"""A Redis that hangs (paused with SIGSTOP) or dies (SIGKILL) costs a page little and says so once.

A real redis-server of the test's own, paused and killed by its pid; the pages through the app in
this process, and through a real gunicorn with 2 workers as docs/deploy.md runs it.
"""

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from redis import Redis

from awards.models import EvaluationEvent
from common import pagecache
from results.services import event_withdraw
from tests.helpers import DEMO_SLUG

ROOT = Path(__file__).resolve().parent.parent.parent
# Timeouts of 0.1 s measured against limits of 0.2 and 0.5 s (tests/conftest.py `_timed_tests_alone`).
pytestmark = pytest.mark.timed
EVENT_URL = f"/events/{DEMO_SLUG}/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server on a free port, started, paused, resumed and stopped by its pid."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.binary, self.folder, self.port = binary, folder, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        client = Redis.from_url(self.url, socket_timeout=0.2, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                if client.ping():
                    return
            except Exception:  # refused while it starts
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.05)

    def signal(self, number: int) -> None:
        os.kill(self.process.pid, number)

    def hits(self) -> int:
        """Keys Redis found since it started: grows whenever the app reads the cache."""
        return Redis.from_url(self.url, socket_timeout=1).info("stats")["keyspace_hits"]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


# -- in this process ---------------------------------------------------------------------------


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return EvaluationEvent.objects.get(slug=DEMO_SLUG)


@pytest.fixture
def redis_cache(settings, redis_server):
    """The app's cache is the test's Redis, with the production settings' timeouts."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        }
    }
    return redis_server


def test_a_paused_redis_is_asked_once_per_pause_and_logged_once(client, demo, redis_cache, settings, caplog):
    settings.CACHE_BREAKER_SECONDS = 60  # no second probe within this test
    assert client.get(EVENT_URL).status_code == 200
    redis_cache.signal(signal.SIGSTOP)
    caplog.set_level("INFO")

    timed = []
    for _ in range(6):
        start = time.perf_counter()
        response = client.get(EVENT_URL)
        timed.append((response.status_code, time.perf_counter() - start))
    event_withdraw(event=demo, reason="Uji: hasil ditarik")  # a save tries the cache all the same
    gone = client.get(EVENT_URL).status_code

    assert [status for status, _ in timed] == [200] * 6
    # The first request waited out one 0.1 s timeout; the others skipped the cache.
    assert timed[0][1] >= 0.1
    said = [(r.name, r.getMessage()) for r in caplog.records if r.name.startswith("common.")]
    assert said[0] == (
        "common.circuit",
        "shared cache unavailable (TimeoutError: Timeout reading from socket); skipped for 60 s "
        "at a time until it answers",
    )
    # Then only the save's own line (once per replacement it tried): nothing per page.
    assert set(said[1:]) == {
        (
            "common.pagecache",
            "page cache unavailable: the generation was not replaced; pages cached before this "
            f"save may be served for up to {settings.PAGE_GENERATION_SECONDS} s once the cache answers",
        )
    }
    assert gone == 410


def test_the_cache_is_used_again_after_the_pause(client, demo, redis_cache, settings, caplog):
    settings.CACHE_BREAKER_SECONDS = 0.5
    client.get(EVENT_URL)
    redis_cache.signal(signal.SIGSTOP)
    client.get(EVENT_URL)
    opened = pagecache.shared_cache_breaker.is_open
    redis_cache.signal(signal.SIGCONT)
    caplog.set_level("INFO")
    caplog.clear()

    hits_before = redis_cache.hits()
    deadline = time.monotonic() + 10
    while pagecache.shared_cache_breaker.is_open and time.monotonic() < deadline:
        assert client.get(EVENT_URL).status_code == 200

    assert opened is True
    assert pagecache.shared_cache_breaker.is_open is False
    assert redis_cache.hits() > hits_before
    said = [
        (r.name, r.levelname, r.getMessage()[:33]) for r in caplog.records if r.name.startswith("common.")
    ]
    assert said == [("common.circuit", "INFO", "shared cache answers again after ")]


def test_healthz_answers_quickly_and_names_the_slow_part(client, db, redis_cache):
    redis_cache.signal(signal.SIGSTOP)

    start = time.perf_counter()
    response = client.get("/healthz")
    took = time.perf_counter() - start

    health = response.json()
    assert took < 0.5
    assert (response.status_code, health["status"], health["database"]["status"]) == (200, "degraded", "ok")
    assert health["cache"]["status"] == "failed"
    assert health["cache"]["error"] == "TimeoutError: Timeout reading from socket"
    assert 100 <= health["cache"]["ms"] < 500
    assert health["cache"]["breaker"] == "open"


def test_the_committee_signs_in_while_redis_is_paused(client, db, redis_cache, committee_member):
    # Sessions and the login lockout's records are in the database: a hung cache is not asked.
    redis_cache.signal(signal.SIGSTOP)

    signed_in = client.post(
        "/admin/login/?next=/admin/", {"username": "sekretaris", "password": "rahasia-komite-2021"}
    )
    index = client.get("/admin/")

    assert (signed_in.status_code, signed_in["Location"]) == (302, "/admin/")
    assert index.status_code == 200 and index.context["user"] == committee_member
    # No call went to the cache (a timed-out one would have opened the breaker, or raised).
    assert pagecache.shared_cache_breaker.is_open is False


# -- through gunicorn --------------------------------------------------------------------------


def fetch(url: str) -> tuple[int, float, bytes]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, time.perf_counter() - start, body


def circuit_lines(log: Path) -> list[tuple[str, str]]:
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    return [(x["levelname"], x["message"]) for x in lines if x["name"].startswith("common.")]


def test_gunicorn_serves_pages_quickly_while_redis_is_paused_or_killed(
    tmp_path, redis_server, production_site
):
    # The demo (tests/project/conftest.py); the cache is the test's Redis, empty at the start.
    # A worker probes the cache again 2 s after it opened its breaker, not production's 5 s: the
    # test waits (and requests pages) that much less.
    env = production_site.env(
        tmp_path, DJANGO_LOG_LEVEL="INFO", REDIS_URL=redis_server.url, CACHE_BREAKER_SECONDS="2"
    )
    python = sys.executable
    port = free_port()
    log = tmp_path / "gunicorn.log"
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "smartcity_awards.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        warm = [fetch(base + EVENT_URL) for _ in range(20)]  # both workers hold the page

        redis_server.signal(signal.SIGSTOP)
        paused = [fetch(base + EVENT_URL) for _ in range(20)]
        paused_health = fetch(base + "/healthz")
        paused_log = circuit_lines(log)

        redis_server.signal(signal.SIGCONT)
        # Each worker probes again after its 2 s pause (longer than the 20 paused requests take).
        deadline = time.monotonic() + 30

        def closed() -> int:
            return sum(level == "INFO" for level, _ in circuit_lines(log))

        while closed() < len(paused_log) and time.monotonic() < deadline:
            fetch(base + EVENT_URL)
        hits = redis_server.hits()
        resumed = [fetch(base + EVENT_URL) for _ in range(10)]
        resumed_hits = redis_server.hits() - hits
        resumed_log = circuit_lines(log)[len(paused_log) :]

        redis_server.signal(signal.SIGKILL)
        redis_server.process.wait(timeout=10)
        killed = [fetch(base + EVENT_URL) for _ in range(20)]
        killed_health = fetch(base + "/healthz")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    def times(results):
        return sorted(round(took, 3) for _, took, _ in results)

    page = warm[0][2]
    assert b"Terbaik Pengelolaan Website" in page
    assert [(status, body == page) for status, _, body in warm + paused + resumed + killed] == [
        (200, True)
    ] * 70
    # Paused: one request per worker waits out the 0.1 s timeout and opens its breaker; every
    # other request skips the cache (rendered from the database).
    assert times(paused)[-3] < 0.2, times(paused)
    assert times(paused)[-1] < 0.5, times(paused)
    assert paused_health[0] == 200 and paused_health[1] < 0.5, paused_health
    assert json.loads(paused_health[2])["cache"]["error"] == "TimeoutError: Timeout reading from socket"
    assert json.loads(paused_health[2])["status"] == "degraded"
    # Said once per worker that met it, not per request.
    assert paused_log and set(paused_log) == {
        (
            "WARNING",
            "shared cache unavailable (TimeoutError: Timeout reading from socket); skipped for 2 s at a "
            "time until it answers",
        )
    }
    assert len(paused_log) <= 2
    # Resumed: each worker that opened its breaker says once that it closed, and every request
    # reads the cache again (the generation at least).
    assert [level for level, _ in resumed_log] == ["INFO"] * len(paused_log)
    assert all(message.startswith("shared cache answers again after ") for _, message in resumed_log)
    assert resumed_hits >= 10
    assert times(resumed)[-1] < 0.2, times(resumed)
    # Killed: a refused connection costs nothing; the health check says which part failed.
    assert times(killed)[-1] < 0.2, times(killed)
    killed_cache = json.loads(killed_health[2])["cache"]
    assert (killed_health[0], killed_cache["status"]) == (200, "failed")
    assert (
        killed_cache["error"]
        == f"ConnectionError: Error 111 connecting to 127.0.0.1:{redis_server.port}. Connection refused."
    )
    print("paused", times(paused), "resumed", times(resumed), "killed", times(killed))
    print("health paused", paused_health[1], paused_health[2].decode())
    print("health killed", killed_health[1], killed_health[2].decode())
    print("log", paused_log)
