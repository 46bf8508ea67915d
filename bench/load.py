"""Load: the public results page under 50 connections while a committee member saves places.

    .venv/bin/python -m bench.load [--duration 60] [--connections 50] [--port 8410]

Starts gunicorn (2 sync workers) in production mode on loopback, with PostgreSQL (database
sca_prod, or BENCH_DATABASE_URL) and Redis as the cache (db 5, or BENCH_REDIS_URL), loads the
demo event, then runs wrk against /events/evaluasi-smart-city-2021/ for the duration. Meanwhile,
once a second, a committee member swaps the first and second place of one category through the
service that the admin uses, and the page is fetched right after each save: it must show the new
order. Fails (exit 1) on any failed request, any 5xx, or any stale page after a save; writes the
figures to docs/benchmarks.md, section "Load".
"""

import argparse
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/events/evaluasi-smart-city-2021/"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION_START = "<!-- load:start -->"
SECTION_END = "<!-- load:end -->"


def production_env(static_root: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on loopback: TLS is nginx's job (docs/deploy.md).
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_STATIC_ROOT": static_root,
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": os.environ.get(
                "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sca_prod"
            ),
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
            "CACHE_KEY_PREFIX": "sca-bench",
        }
    )
    return env


def manage(env, *args) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg2

    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def wait_healthy(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not become healthy")


def first_place(body: str, channel: str) -> str:
    """The office shown at place 1 of the first category of a channel."""
    section = body.split(f'id="channel-{channel}"', 1)[1]
    match = re.search(r'<li class="place place-1">.*?<a href="[^"]*">([^<]+)</a>', section, re.S)
    return match.group(1).strip()


def committee_saves(port: int, stop: threading.Event, results: dict) -> None:
    """Once a second: swap places 1 and 2 of Website — SKPD as a committee member, then look."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils.html import escape

    from awards.models import COMMITTEE_GROUP, EvaluationEvent, Ranking
    from awards.services import event_places_save

    member, _ = get_user_model().objects.get_or_create(
        username="bench-sekretaris", defaults={"is_staff": True}
    )
    member.groups.add(Group.objects.get(name=COMMITTEE_GROUP))
    event = EvaluationEvent.objects.get(slug="evaluasi-smart-city-2021")
    while not stop.is_set():
        started = time.monotonic()
        places = list(
            Ranking.objects.filter(
                award__event=event,
                award__channel__code="website",
                category__title="SKPD",
                position__in=[1, 2],
            )
            .select_related("office__kind", "category__award__event")
            .order_by("position")
        )
        first, second = places
        first.position, second.position = 2, 1
        event_places_save(event=event, changed=[first, second], by=member)
        saved_at = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{PAGE}", timeout=10) as response:
            body = response.read().decode()
        results["saves"] += 1
        results["save_seconds"].append(saved_at - started)
        if first_place(body, "website") != escape(second.office.display_name):
            results["stale"] += 1
        stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))


def parse_wrk(output: str) -> dict:
    def number(pattern, default=0.0):
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    def millis(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": int(number(r"(\d+) requests in")),
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50_ms": millis("50"),
        "p99_ms": millis("99"),
        "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0,
        "non_2xx_3xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
    }


def machine() -> str:
    model = ""
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({model}), shared, noisy; Python {platform.python_version()}"


def write_section(text: str) -> None:
    DOC.parent.mkdir(exist_ok=True)
    current = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    block = f"{SECTION_START}\n{text.strip()}\n{SECTION_END}"
    if SECTION_START in current:
        current = re.sub(rf"{SECTION_START}.*?{SECTION_END}", lambda _m: block, current, flags=re.S)
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(current)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--port", type=int, default=8410, help="in this helper's range 8400-8499")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument(
        "--stop-redis-halfway",
        action="store_true",
        help="run a Redis of its own on a free port and stop it (by its pid) half-way",
    )
    args = parser.parse_args()
    redis = None
    if args.stop_redis_halfway:
        global SECTION_START, SECTION_END
        SECTION_START, SECTION_END = "<!-- load-redis-stopped:start -->", "<!-- load-redis-stopped:end -->"
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            redis_port = sock.getsockname()[1]
        redis = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        os.environ["BENCH_REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    static_root = tempfile.mkdtemp(prefix="sca-bench-static-")
    env = production_env(static_root)
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "smartcity_awards.settings"

    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "smartcity_awards.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    results = {"saves": 0, "stale": 0, "save_seconds": []}
    load_before = os.getloadavg()[0]
    try:
        wait_healthy(args.port)
        stop = threading.Event()
        saver = threading.Thread(target=committee_saves, args=(args.port, stop, results))
        saver.start()
        if redis is not None:
            threading.Timer(args.duration / 2, redis.terminate).start()
        command = [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "--latency",
            f"http://127.0.0.1:{args.port}{PAGE}",
        ]
        wrk = subprocess.run(command, capture_output=True, text=True, check=True)
        stop.set()
        saver.join()
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
        if redis is not None and redis.poll() is None:
            redis.terminate()

    figures = parse_wrk(wrk.stdout)
    print(wrk.stdout)
    saves = sorted(results["save_seconds"])
    median_save_ms = saves[len(saves) // 2] * 1000 if saves else 0.0
    rps = figures["rps"] or float("nan")
    queue_s, page_ms = args.connections / rps, 2000 / rps
    ok = (
        figures["socket_errors"] == 0
        and figures["non_2xx_3xx"] == 0
        and results["stale"] == 0
        and results["saves"]
    )
    flag = " --stop-redis-halfway" if redis is not None else ""
    report = f"""
## Load{", Redis stopped half-way" if redis is not None else ""}

Public results page `{PAGE}` (the demo event) served by gunicorn, 2 sync workers, in
production mode (DEBUG off, WhiteNoise, CSP and security middleware on) with PostgreSQL and
Redis as the cache, all on loopback; wrk with {args.connections} connections for {args.duration} s.
Meanwhile a committee member swapped places 1 and 2 of “Website — SKPD” once a second through
`event_places_save` (the admin's service), and the page was fetched after each save.

| figure | value |
|---|---|
| requests | {figures["requests"]} |
| throughput | {figures["rps"]:.1f} requests/s |
| latency p50 | {figures["p50_ms"]:.1f} ms |
| latency p99 | {figures["p99_ms"]:.1f} ms |
| failed requests (socket errors) | {figures["socket_errors"]} |
| non-2xx/3xx responses (5xx included) | {figures["non_2xx_3xx"]} |
| committee saves during the run | {results["saves"]} (median {median_save_ms:.0f} ms each) |
| pages fetched after a save that still showed the old order | {results["stale"]} |

Latency is mostly waiting in line: {args.connections} connections share 2 sync workers, so a
request waits for about {args.connections} / {figures["rps"]:.1f} ≈ {queue_s:.2f} s
(Little's law); each worker spends about {page_ms:.0f} ms on a page. A save
takes one second plus the page fetch under load, hence fewer saves than seconds.

Command: `.venv/bin/python -m bench.load{flag}` (wrk: `{" ".join(command)}`; a request counts as
failed after 10 s).
Machine: {machine()}; load average {load_before:.1f} when the run started (other work on the
machine). Figures move by tens of percent between runs; the zeros are the result that matters.
Result: {"PASS" if ok else "FAIL"}.
"""
    print(report)
    if not args.no_write:
        write_section(report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
