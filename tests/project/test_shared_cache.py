"""Production with one server and several workers: every worker sees the same cache, and a cache
that stops answering slows pages down rather than breaking them."""

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
from django.core.cache import cache
from django.urls import reverse
from redis import Redis

from common import pagecache
from results.services import event_withdraw
from tests.helpers import DEMO_SLUG

ROOT = Path(__file__).resolve().parent.parent.parent
EVENT_URL = f"/events/{DEMO_SLUG}/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow
def test_unpublished_event_is_gone_from_every_worker_without_redis(tmp_path, production_site):
    # The database's cache table, with the demo (tests/project/conftest.py).
    env = production_site.env(tmp_path)
    python = sys.executable
    port = free_port()
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "smartcity_awards.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}{EVENT_URL}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                get_status(url)
                break
            except OSError:
                time.sleep(0.2)
        before = [get_status(url) for _ in range(40)]  # both workers now hold the page

        subprocess.run(
            [
                python,
                "manage.py",
                "shell",
                "-c",
                "from awards.models import EvaluationEvent;"
                "from results.services import event_withdraw;"
                f"event_withdraw(event=EvaluationEvent.objects.get(slug='{DEMO_SLUG}'), reason='Uji')",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        after = [get_status(url) for _ in range(40)]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    assert before == [200] * 40
    assert after == [410] * 40


@pytest.fixture
def redis_server(tmp_path, settings):
    """A Redis of the test's own on a free port, as the cache; yields its process."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield process
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.django_db
def test_pages_and_saves_work_while_redis_is_stopped(client, demo, redis_server):
    assert client.get(EVENT_URL).status_code == 200
    assert client.get("/healthz").json()["status"] == "ok"

    redis_server.terminate()
    redis_server.wait(timeout=10)

    health = client.get("/healthz")
    pages = [client.get(url) for url in (EVENT_URL, "/", "/offices/", "/offices/?q=dinas")]
    event_withdraw(event=demo, reason="Uji: hasil ditarik")
    demo.refresh_from_db()

    # Degraded, not down: pages render from the database, so the load balancer keeps this server.
    assert (health.status_code, health.json()["status"], health.json()["cache"]["status"]) == (
        200,
        "degraded",
        "failed",
    )
    assert [p.status_code for p in pages] == [200, 200, 200, 200]
    assert "Terbaik Pengelolaan Website" in pages[0].content.decode()
    assert demo.status == "withdrawn"
    assert client.get(EVENT_URL).status_code == 410


@pytest.mark.django_db
def test_page_cached_before_an_outage_retires_after_a_save_during_it(client, demo, redis_server, settings):
    # SIGSTOP keeps Redis's memory (a network partition, not a restart): the page cached before
    # the outage is still in it afterwards, under a generation the save could not replace.
    settings.PAGE_GENERATION_SECONDS = 1
    assert client.get(EVENT_URL).status_code == 200
    os.kill(redis_server.pid, signal.SIGSTOP)

    event_withdraw(event=demo, reason="Uji: hasil ditarik")
    during = client.get(EVENT_URL).status_code
    os.kill(redis_server.pid, signal.SIGCONT)
    redis = Redis.from_url(settings.CACHES["default"]["LOCATION"])
    token = cache.make_key(pagecache.GENERATION_KEY)
    lifetime = redis.pttl(token)
    deadline = time.monotonic() + 10
    while redis.exists(token) and time.monotonic() < deadline:  # Redis expires the token
        time.sleep(0.02)

    assert during == 410
    # The token outlives no save by more than its lifetime (-2: gone already; -1, no expiry, fails).
    assert lifetime == -2 or 0 < lifetime <= 1000
    assert client.get(EVENT_URL).status_code == 410


@pytest.mark.django_db
def test_cache_key_ignores_parameters_the_page_does_not_read(client, demo, redis_server, settings):
    client.get(EVENT_URL)
    for number in range(20):
        client.get(f"{EVENT_URL}?utm_source={number}")
        client.get(f"/offices/?q=dinas&utm={number}")
    redis = Redis.from_url(settings.CACHES["default"]["LOCATION"])

    keys = sorted(key.decode().split(":")[3] for key in redis.keys("*"))

    # ":1:pagecache:generation", then one event page and one office search, whatever the utm.
    assert keys == ["generation", "page3", "page3"]


def test_page_key_keeps_only_declared_parameters(rf):
    a = rf.get("/offices/", {"q": "dinas", "kind": "skpd", "utm": "x"})
    b = rf.get("/offices/", {"kind": "skpd", "q": "dinas"})
    c = rf.get("/offices/", {"q": "dinas"})

    assert pagecache.page_key(a, ("q", "kind")) == pagecache.page_key(b, ("q", "kind"))
    assert pagecache.page_key(a, ("q", "kind")) != pagecache.page_key(c, ("q", "kind"))


def test_healthz_url():
    assert reverse("healthz") == "/healthz"
