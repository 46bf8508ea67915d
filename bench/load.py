"""Load: the public results page through nginx's microcache while the committee publishes
corrections and then withdraws the event.

    .venv/bin/python -m bench.load [--duration 90] [--connections 50] [--port 8410]

Starts gunicorn (2 sync workers) in production mode on loopback, with PostgreSQL (database
sca_bench_load, or BENCH_DATABASE_URL; dropped and made again at every run, so that the
corrections of earlier runs do not grow the page) and Redis as the cache (db 5, or
BENCH_REDIS_URL), loads the demo event, and starts nginx in front of it (on --port + 1) with
deploy/'s own cache and proxy snippets (bench/nginx.py). wrk runs against
/events/evaluasi-smart-city-2021/ through nginx for
the duration. Meanwhile, every 10 s, a committee member swaps the first and second place of one
category and publishes a correction through the services the admin uses; then every page the
bench serves (the event page in Indonesian and English, the home page) is fetched through nginx
until it shows what the app itself now serves. WITHDRAW_BEFORE_END s before the end the
committee withdraws the event, and every address of it (pages, winner file, open data) is
fetched through nginx until it answers 410 (the home page: until it shows what the app serves).
The longest wait is the staleness, whose goal is docs/deploy.md's promise, `s-maxage +
stale-while-revalidate + 1 s` of the Cache-Control the app sends. wrk counts the answers by
status: a 410 is expected once the event is withdrawn, anything else but 200 is an error.
Before the load, the event page through nginx's cache is measured against the same bytes with
the same headers from a trivial upstream behind the same cache rules (goal: at least 0.95 of
its requests/s), and against nginx sending them as a static file (for reference). Fails (exit 1)
on any failed request, any unexpected status, or a goal missed; writes the figures to
docs/benchmarks.md, section "Load".
"""

import argparse
import http.server
import inspect
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
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import nginx

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/events/evaluasi-smart-city-2021/"
# Every page the bench serves, each of which must show a correction within the cache lifetime.
PAGES = {"event page (id)": PAGE, "event page (en)": f"/en{PAGE}", "home page": "/"}
# Every address of the event that a withdrawal must take off nginx's cache (410), and the home
# page, which must stop showing it.
SLUG = "evaluasi-smart-city-2021"
GONE = {
    "event page (id)": PAGE,
    "event page (en)": f"/en{PAGE}",
    "winner list (xlsx)": f"{PAGE}pemenang.xlsx",
    "open data (json)": f"/open-data/events/{SLUG}.json",
}
PUBLISH_EVERY_SECONDS = 10
# The withdrawal comes this long before wrk stops: the promise (11 s) with room to spare.
WITHDRAW_BEFORE_END = 25
COMPARE_SECONDS = 10
# wrk counts the answers by status, so that a 410 after the withdrawal is told from an error.
STATUS_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do io.write(string.format("status %d: %d\\n", status, count)) end
end
"""
STATIC_COPY = "/static-copy/event.html"
NOT_SHAREABLE = """**The app did not mark the page shareable (no `s-maxage`)**: nginx kept nothing, every
request reached gunicorn, and concurrent requests for the page queued behind the cache lock,
half a second at a time (docs/deploy.md, "The microcache"); hence the p99 and the ratio. The
goals need the app's Cache-Control of the published versions."""
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
                "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sca_bench_load"
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


def fresh_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg2

    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        # A fresh database every run: each run publishes corrections, which the event page lists.
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
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


def first_winner(body: str) -> str | None:
    """The office at place 1 of the page's first category: Website — SKPD, whose places the
    bench swaps, on the event page and on the home page (which shows the latest event)."""
    match = re.search(
        r'<li class="place place-1">.*?<p class="place-office"><a href="[^"]*">([^<]+)</a>', body, re.S
    )
    return match.group(1).strip() if match else None


def shown_version(body: str) -> tuple:
    """What a page shows of the published version: its data-version values, and the winner of
    Website — SKPD (which each correction swaps, so a page without data-version shows it too)."""
    return (tuple(re.findall(r'data-version="(\d+)"', body)), first_winner(body))


def fetch(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.read().decode()


def fetch_status(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code


def wait_gone(nginx_port: int, expected_home: tuple, since: float, limit: float = 30) -> dict:
    """Seconds from `since` until nginx answered 410 for each of the event's addresses, and
    served the home page as the app now does (None: never did within `limit`)."""

    def poll(name: str) -> float | None:
        while time.monotonic() - since < limit:
            if name in GONE:
                done = fetch_status(nginx_port, GONE[name]) == 410
            else:
                done = shown_version(fetch(nginx_port, PAGES[name])) == expected_home
            if done:
                return time.monotonic() - since
            time.sleep(0.05)
        return None

    names = [*GONE, "home page"]
    with ThreadPoolExecutor(len(names)) as pool:
        return dict(zip(names, pool.map(poll, names), strict=True))


def wait_served(nginx_port: int, expected: dict[str, tuple], since: float, limit: float = 30) -> dict:
    """Seconds from `since` until nginx served each page showing `expected` (None: never did).
    One poller per page, so that a slow answer for one page does not delay the others' look."""

    def poll(name: str) -> float | None:
        while time.monotonic() - since < limit:
            if shown_version(fetch(nginx_port, PAGES[name])) == expected[name]:
                return time.monotonic() - since
            time.sleep(0.05)
        return None

    with ThreadPoolExecutor(len(expected)) as pool:
        return dict(zip(expected, pool.map(poll, expected), strict=True))


def committee_publishes(
    ports: tuple[int, int], cache_seconds: float, withdraw_at: float, stop: threading.Event, results: dict
) -> None:
    """About every 10 s: swap places 1 and 2 of Website — SKPD and publish the correction as a
    committee member, then wait until nginx serves it on every page. From `withdraw_at` on
    (seconds after the start), no more corrections: the event is withdrawn, and the bench waits
    until nginx answers 410 for each of its addresses."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from awards.models import COMMITTEE_GROUP, EvaluationEvent, Ranking
    from awards.services import event_places_save
    from results.services import event_publish, event_withdraw

    gunicorn_port, nginx_port = ports
    member, _ = get_user_model().objects.get_or_create(
        username="bench-sekretaris", defaults={"is_staff": True}
    )
    member.groups.add(Group.objects.get(name=COMMITTEE_GROUP))
    event = EvaluationEvent.objects.get(slug="evaluasi-smart-city-2021")
    began, number = time.monotonic(), 0
    while True:
        # Every 10 s, shifted by a fifth of the cache lifetime more each time: a 10 s beat alone
        # would always land at the same point of the copies' 5 s refresh cycle, and measure one
        # delay five times instead of the longest one.
        number += 1
        at = began + PUBLISH_EVERY_SECONDS * number + (number - 1) % 5 * cache_seconds / 5
        if at - began > withdraw_at:
            break
        if stop.wait(max(0.0, at - time.monotonic())):
            return
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
        before = shown_version(fetch(gunicorn_port, PAGE))
        started = time.monotonic()
        event_places_save(event=event, changed=[first, second], by=member)
        event_publish(event=event, by=member, **correction(event_publish, results["publishes"] + 1))
        published_at = time.monotonic()
        # What the app itself serves now, asked past nginx: the version every page must reach.
        expected = {name: shown_version(fetch(gunicorn_port, path)) for name, path in PAGES.items()}
        if any(version == ((), None) for version in expected.values()):
            raise RuntimeError(f"a page shows neither data-version nor a winner: {expected}")
        if expected["event page (id)"] == before:
            raise RuntimeError(f"the publish changed nothing the event page shows: {before}")
        delays = wait_served(nginx_port, expected, published_at)
        results["publishes"] += 1
        results["publish_seconds"].append(published_at - started)
        results["delays"].append(delays)
    if stop.wait(max(0.0, began + withdraw_at - time.monotonic())):
        return
    # Every address held fresh in nginx's cache: what a withdrawal has to retire.
    for path in GONE.values():
        fetch_status(nginx_port, path)
    started = time.monotonic()
    event_withdraw(event=event, by=member, reason="Ditarik oleh bench: hasil sedang diperiksa ulang")
    withdrawn_at = time.monotonic()
    results["withdrawn_after"] = withdrawn_at - began
    results["withdraw_seconds"] = withdrawn_at - started
    statuses = {name: fetch_status(gunicorn_port, path) for name, path in GONE.items()}
    if set(statuses.values()) != {410}:
        raise RuntimeError(f"the app itself does not answer 410 after the withdrawal: {statuses}")
    expected_home = shown_version(fetch(gunicorn_port, "/"))
    results["withdrawal"] = wait_gone(nginx_port, expected_home, withdrawn_at)


def correction(event_publish, number: int) -> dict:
    # The published versions' event_publish asks for a reason on every publish after the first.
    if "reason" in inspect.signature(event_publish).parameters:
        return {"reason": f"Ralat {number}: tempat 1 dan 2 Website — SKPD ditukar (bench)"}
    return {}


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
        "statuses": {
            int(code): int(count) for code, count in re.findall(r"^status (\d+): (\d+)$", output, re.M)
        },
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


def run_wrk(
    port: int, path: str, *, connections: int, seconds: int, script: Path | None = None
) -> tuple[list[str], dict, str]:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        *(["-s", str(script)] if script else []),
        f"http://127.0.0.1:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return command, parse_wrk(output), output


def combined(runs: list[dict]) -> dict:
    """Two wrk runs of equal length as one: requests/s averaged, the worse latency and errors summed."""
    return {
        "rps": sum(run["rps"] for run in runs) / len(runs),
        "p50_ms": max(run["p50_ms"] for run in runs),
        "p99_ms": max(run["p99_ms"] for run in runs),
        "socket_errors": sum(run["socket_errors"] for run in runs),
        "non_2xx_3xx": sum(run["non_2xx_3xx"] for run in runs),
    }


def headers_of(port: int, path: str) -> dict[str, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        response.read()
        return dict(response.headers)


def cache_control_seconds(value: str, directive: str) -> int | None:
    match = re.search(rf"\b{directive}=(\d+)", value)
    return int(match.group(1)) if match else None


# Headers that belong to the connection or that nginx sets itself, not to the page.
HOP_HEADERS = {"connection", "date", "server", "content-length", "transfer-encoding", "keep-alive"}


def trivial_upstream(port: int, body: bytes, headers: dict[str, str]) -> http.server.HTTPServer:
    """The page's bytes with the app's headers for it, from a server that does nothing else (a
    304 when nginx revalidates with the same ETag, as the app answers): the upstream of the
    ceiling, behind the same proxy cache rules."""
    kept = [(name, value) for name, value in headers.items() if name.lower() not in HOP_HEADERS]

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            not_modified = self.headers.get("If-None-Match") == headers.get("ETag")
            self.send_response(304 if not_modified else 200)
            for name, value in kept:
                self.send_header(name, value)
            self.send_header("Content-Length", "0" if not_modified else str(len(body)))
            self.end_headers()
            if not not_modified:
                self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def compare_ceiling(ports: dict[str, int], page_bytes: bytes, nginx_prefix: Path, connections: int) -> dict:
    """The event page from nginx's cache, the same bytes and headers from a trivial upstream
    behind the same cache rules, and the same bytes as a static file: page, trivial, file, page,
    trivial, file, so that a change in the machine's other load weighs on all three alike."""
    (nginx_prefix / "root" / "event.html").write_bytes(page_bytes)
    targets = {
        "page": (ports["nginx"], PAGE),
        "trivial": (ports["trivial_nginx"], PAGE),
        "file": (ports["nginx"], STATIC_COPY),
    }
    for port, path in targets.values():
        fetch_status(port, path)
    halves = {name: [] for name in targets}
    for _ in range(2):
        for name, (port, path) in targets.items():
            # A fresh copy to start from: 10 s after its last run a copy is past
            # stale-while-revalidate, and the first requests would wait on the cache lock.
            fetch_status(port, path)
            halves[name].append(run_wrk(port, path, connections=connections, seconds=COMPARE_SECONDS // 2)[1])
    return {name: combined(runs) for name, runs in halves.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=90)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--port",
        type=int,
        default=8410,
        help="gunicorn's, nginx's is the next; in this helper's range 8400-8499",
    )
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument(
        "--stop-redis-halfway",
        action="store_true",
        help="run a Redis of its own on a free port and stop it (by its pid) half-way",
    )
    args = parser.parse_args()
    shortest = WITHDRAW_BEFORE_END + PUBLISH_EVERY_SECONDS + 5
    if args.duration < shortest:
        raise SystemExit(
            f"--duration leaves no room for a correction and the withdrawal: {shortest} at least"
        )
    ports = {
        "gunicorn": args.port,
        "nginx": args.port + 1,
        "trivial": nginx.free_port(),
        "trivial_nginx": nginx.free_port(),
    }
    redis = None
    if args.stop_redis_halfway:
        global SECTION_START, SECTION_END
        SECTION_START, SECTION_END = "<!-- load-redis-stopped:start -->", "<!-- load-redis-stopped:end -->"
        redis_port = nginx.free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        os.environ["BENCH_REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    if nginx.nginx_binary() is None:
        raise SystemExit("nginx is missing: apt-get install -y nginx-light")

    static_root = tempfile.mkdtemp(prefix="sca-bench-static-")
    nginx_prefix = Path(tempfile.mkdtemp(prefix="sca-bench-nginx-"))
    script = nginx_prefix / "statuses.lua"
    script.write_text(STATUS_SCRIPT)
    env = production_env(static_root)
    fresh_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "smartcity_awards.settings"
    import django

    django.setup()

    results = {"publishes": 0, "publish_seconds": [], "delays": [], "error": None, "withdrawal": None}
    load_before = os.getloadavg()
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "smartcity_awards.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{ports['gunicorn']}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    proxy = trivial = None
    try:
        wait_healthy(ports["gunicorn"])
        with urllib.request.urlopen(f"http://127.0.0.1:{ports['gunicorn']}{PAGE}", timeout=10) as response:
            page_bytes, app_headers = response.read(), dict(response.headers)
        trivial = trivial_upstream(ports["trivial"], page_bytes, app_headers)
        proxy = nginx.start(
            nginx_prefix,
            nginx.plain_config(
                nginx_prefix,
                upstream_port=ports["gunicorn"],
                port=ports["nginx"],
                trivial=(ports["trivial"], ports["trivial_nginx"]),
            ),
            ports["nginx"],
        )
        # The ceiling first, while the page is the one the trivial upstream holds (the run
        # below ends with the event withdrawn).
        ceiling = compare_ceiling(ports, page_bytes, nginx_prefix, args.connections)
        load_after_ceiling = os.getloadavg()
        served = headers_of(ports["nginx"], PAGE)
        served_again = headers_of(ports["nginx"], PAGE)
        trivial_served = headers_of(ports["trivial_nginx"], PAGE)

        cache_control = app_headers.get("Cache-Control", "")
        s_maxage = cache_control_seconds(cache_control, "s-maxage")
        revalidate = cache_control_seconds(cache_control, "stale-while-revalidate") or 0
        for path in PAGES.values():
            fetch(ports["nginx"], path)
        stop = threading.Event()

        def publishes() -> None:
            try:
                committee_publishes(
                    (ports["gunicorn"], ports["nginx"]),
                    s_maxage or 5,
                    args.duration - WITHDRAW_BEFORE_END,
                    stop,
                    results,
                )
            except Exception as exc:  # reported as a failure of the run, not lost in the thread
                results["error"] = repr(exc)

        publisher = threading.Thread(target=publishes)
        publisher.start()
        if redis is not None:
            threading.Timer(args.duration / 2, redis.terminate).start()
        try:
            command, figures, output = run_wrk(
                ports["nginx"], PAGE, connections=args.connections, seconds=args.duration, script=script
            )
        finally:
            stop.set()
            publisher.join()
        load_after = os.getloadavg()
    finally:
        if proxy is not None:
            nginx.stop(proxy)
        if trivial is not None:
            trivial.shutdown()
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(nginx_prefix, ignore_errors=True)
        if redis is not None and redis.poll() is None:
            redis.terminate()
            redis.wait(timeout=10)

    print(output)
    publish_times = sorted(results["publish_seconds"])
    median_publish_ms = publish_times[len(publish_times) // 2] * 1000 if publish_times else 0.0
    never = sum(1 for delays in results["delays"] for delay in delays.values() if delay is None)
    longest = {
        name: max((d[name] for d in results["delays"] if d[name] is not None), default=float("nan"))
        for name in PAGES
    }
    staleness = max(longest.values(), default=float("nan"))
    withdrawal = results["withdrawal"] or {}
    gone_never = [name for name, delay in withdrawal.items() if delay is None]
    gone_staleness = max((d for d in withdrawal.values() if d is not None), default=float("nan"))
    goal = s_maxage + revalidate + 1 if s_maxage is not None else None
    statuses = figures["statuses"]
    unexpected = {code: count for code, count in statuses.items() if code not in (200, 410)}
    errors = figures["socket_errors"] + sum(unexpected.values())
    ratio = ceiling["page"]["rps"] / ceiling["trivial"]["rps"] if ceiling["trivial"]["rps"] else 0.0
    static_ratio = ceiling["page"]["rps"] / ceiling["file"]["rps"] if ceiling["file"]["rps"] else 0.0
    trivial_ratio = ceiling["trivial"]["rps"] / ceiling["file"]["rps"] if ceiling["file"]["rps"] else 0.0
    ceiling_errors = sum(run["socket_errors"] + run["non_2xx_3xx"] for run in ceiling.values())
    correction_ok = never == 0 and goal is not None and staleness <= goal
    withdrawal_ok = bool(withdrawal) and not gone_never and goal is not None and gone_staleness <= goal
    ok = (
        errors == 0
        and sum(statuses.values()) == figures["requests"]
        and results["error"] is None
        and results["publishes"] > 0
        and correction_ok
        and withdrawal_ok
        and ratio >= 0.95
        and ceiling_errors == 0
    )
    verdict = lambda good: "met" if good else "**missed**"  # noqa: E731
    promise = (
        f"≤ {goal} s (s-maxage {s_maxage} + stale-while-revalidate {revalidate} + 1)"
        if goal is not None
        else "— (the app sent no s-maxage)"
    )
    error_cell = f"{figures['socket_errors']} + {sum(unexpected.values())}"
    status_cell = ", ".join(f"{code}: {count}" for code, count in sorted(statuses.items()))
    load_start = " / ".join(f"{value:.2f}" for value in load_before)
    per_publish = ", ".join(
        f"{max((d for d in delays.values() if d is not None), default=float('nan')):.2f} s"
        for delays in results["delays"]
    )
    per_page = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in longest.items())
    per_gone = ", ".join(
        f"{name} {'never' if seconds is None else f'{seconds:.2f} s'}" for name, seconds in withdrawal.items()
    )
    page, triv, file = ceiling["page"], ceiling["trivial"], ceiling["file"]
    withdraw_ms = results.get("withdraw_seconds", float("nan")) * 1000
    rows = "\n".join(
        [
            "| failed requests (socket errors) + answers other than 200, or 410 after the withdrawal"
            f" | {error_cell} | 0 | {verdict(errors == 0)} |",
            f"| corrections published during the run | {results['publishes']}"
            f" (median {median_publish_ms:.0f} ms each) | | |",
            "| longest publish → every page serves the new version"
            f" | {staleness:.2f} s | {promise} | {verdict(correction_ok)} |",
            "| withdrawal → every address answers 410 through nginx"
            f" | {gone_staleness:.2f} s (the withdrawal took {withdraw_ms:.0f} ms)"
            f" | {promise} | {verdict(withdrawal_ok)} |",
            "| **event page via nginx cache / the same bytes and headers from a trivial upstream"
            f" via the same cache** | {page['rps']:.0f} / {triv['rps']:.0f} requests/s = **{ratio:.2f}**"
            f" | ≥ 0.95 | {verdict(ratio >= 0.95)} |",
            f"| for reference: event page via nginx cache / a static file of {len(page_bytes)} bytes"
            f" | {page['rps']:.0f} / {file['rps']:.0f} requests/s = {static_ratio:.2f}"
            f" (trivial upstream / file: {trivial_ratio:.2f}) | | |",
        ]
    )
    never_text = f"; pages never up to date within 30 s: {never}" if never else ""
    latencies = (
        f"page p50 {page['p50_ms']:.2f} ms, p99 {page['p99_ms']:.2f} ms; trivial p50"
        f" {triv['p50_ms']:.2f} ms, p99 {triv['p99_ms']:.2f} ms; file p50 {file['p50_ms']:.2f} ms,"
        f" p99 {file['p99_ms']:.2f} ms; failed or non-2xx: {ceiling_errors}"
    )
    cache_status = (
        f"`X-Cache-Status: {served.get('X-Cache-Status', '(none)')}` and"
        f" `{served_again.get('X-Cache-Status', '(none)')}` (trivial upstream:"
        f" `{trivial_served.get('X-Cache-Status', '(none)')}`)"
    )
    flag = " --stop-redis-halfway" if redis is not None else ""
    if args.duration != 90:
        flag += f" --duration {args.duration}"
    withdrawn_after = results.get("withdrawn_after", float("nan"))
    report = f"""
## Load{", Redis stopped half-way" if redis is not None else ""}

Public results page `{PAGE}` (the demo event) through **nginx's microcache** in front of gunicorn
(2 sync workers, production mode: DEBUG off, WhiteNoise, CSP and security middleware on) with
PostgreSQL and Redis as the app's cache, all on loopback. nginx ran with `deploy/`'s own
`nginx-cache-zone.conf` and `nginx-app.conf` (only the cache folder and the upstream port
changed; plain HTTP, as TLS is not measured). wrk: {args.connections} connections for
{args.duration} s, counting the answers by status. Meanwhile, every {PUBLISH_EVERY_SECONDS} s (shifted by a
fifth of `s-maxage` more each time, so that publishes fall at every point of the copies' refresh cycle), a
committee member swapped places 1 and 2 of “Website — SKPD” (`event_places_save`) and published
the correction (`event_publish`, the admin's services); after each publish the bench fetched
{", ".join(PAGES)} through nginx every 50 ms until each showed what gunicorn itself
served (its `data-version` and the new first place). Then, {withdrawn_after:.0f} s into the run
(with wrk still running), the committee **withdrew** the event (`event_withdraw`), and the bench
fetched {", ".join(GONE)} through nginx every 50 ms until each answered 410 (each fetched through
nginx just before, so that a fresh copy was there to retire), and the home page until it showed
what gunicorn served. The goal for both is docs/deploy.md's promise, `s-maxage +
stale-while-revalidate + 1 s` of the Cache-Control the app sends.

| figure | value | goal | |
|---|---|---|---|
| requests | {figures["requests"]} ({status_cell}) | | |
| throughput | {figures["rps"]:.0f} requests/s | | |
| latency p50 | {figures["p50_ms"]:.2f} ms | | |
| latency p99 | {figures["p99_ms"]:.2f} ms | | |
{rows}

Longest wait per page after a correction: {per_page}{never_text};
longest wait after each publish in turn: {per_publish}.
Wait per address after the withdrawal: {per_gone}.
The comparison ran before the main run (each half after one request that refreshed the copy),
{COMPARE_SECONDS} s each with {args.connections} connections, in
halves: page, trivial upstream, file, page, trivial upstream, file (the worse half's latency:
{latencies}). The trivial upstream
is a Python server in the bench's process that answers every request with the page's bytes and
the headers gunicorn sent for them (a 304 to nginx's revalidation with the same ETag), behind a
second nginx server that includes the same `nginx-app.conf` with a cache zone of its own of the
same settings; nginx asks it once per refresh, so it is nginx's cache that is measured.
What the app sent for the page: `Cache-Control: {cache_control or "(none)"}`,
`ETag: {app_headers.get("ETag", "(none)")}`; two requests after the comparison were
{cache_status}.
{"" if results["error"] is None else f"The publisher stopped on an error: `{results['error']}`."}
{NOT_SHAREABLE if s_maxage is None else ""}

Command: `.venv/bin/python -m bench.load{flag}` (wrk: `{" ".join(command[:-3] + command[-1:])}` with a
Lua script counting statuses; a request counts as failed after 10 s).
Machine: {machine()}; load average (1, 5, 15 min) {load_start} when the run started,
{load_after_ceiling[0]:.2f} after the comparison, {load_after[0]:.2f} at the end (wrk, nginx and gunicorn
share the same 2 cores, with other work on the machine). Throughput moves by tens of percent
between runs; the zeros, the staleness and the ratios within one run are the results that matter.
Result: {"PASS" if ok else "FAIL"}.
"""
    print(report)
    if not args.no_write:
        write_section(report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
