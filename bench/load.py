"""Load: the public results page through nginx's microcache while the committee publishes corrections.

    .venv/bin/python -m bench.load [--duration 60] [--connections 50] [--port 8410]

Starts gunicorn (2 sync workers) in production mode on loopback, with PostgreSQL (database
sca_bench_load, or BENCH_DATABASE_URL; dropped and made again at every run, so that the
corrections of earlier runs do not grow the page) and Redis as the cache (db 5, or
BENCH_REDIS_URL), loads the demo event, and starts nginx in front of it (on --port + 1) with
deploy/'s own cache and proxy snippets (bench/nginx.py). wrk runs against
/events/evaluasi-smart-city-2021/ through nginx for
the duration. Meanwhile, every 10 s, a committee member swaps the first and second place of one
category and publishes a correction through the services the admin uses; then every page the
bench serves (the event page in Indonesian and English, the home page) is fetched through nginx
until it shows what the app itself now serves: the longest wait is the staleness, whose goal is
the app's shared-cache lifetime (PUBLIC_CACHE_SECONDS) plus 1 s. Then the event page through
nginx's cache is measured against nginx sending a static file of the same size (goal: at least
0.8 of its requests/s). Fails (exit 1) on any failed request, any non-2xx/3xx, or a goal missed;
writes the figures to docs/benchmarks.md, section "Load".
"""

import argparse
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
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import nginx

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/events/evaluasi-smart-city-2021/"
# Every page the bench serves, each of which must show a correction within the cache lifetime.
PAGES = {"event page (id)": PAGE, "event page (en)": f"/en{PAGE}", "home page": "/"}
PUBLISH_EVERY_SECONDS = 10
COMPARE_SECONDS = 10
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
    ports: tuple[int, int], cache_seconds: float, stop: threading.Event, results: dict
) -> None:
    """About every 10 s: swap places 1 and 2 of Website — SKPD and publish the correction as a
    committee member, then wait until nginx serves it on every page."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from awards.models import COMMITTEE_GROUP, EvaluationEvent, Ranking
    from awards.services import event_places_save
    from results.services import event_publish

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
        if stop.wait(max(0.0, at - time.monotonic())):
            break
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


def run_wrk(port: int, path: str, *, connections: int, seconds: int) -> tuple[list[str], dict, str]:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60)
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
    nginx_port = args.port + 1
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
    env = production_env(static_root)
    fresh_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "smartcity_awards.settings"
    import django

    django.setup()
    from django.conf import settings

    cache_seconds = getattr(settings, "PUBLIC_CACHE_SECONDS", None)

    results = {"publishes": 0, "publish_seconds": [], "delays": [], "error": None}
    load_before = os.getloadavg()
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
    proxy = None
    try:
        wait_healthy(args.port)
        proxy = nginx.start(
            nginx_prefix,
            nginx.plain_config(nginx_prefix, upstream_port=args.port, port=nginx_port),
            nginx_port,
        )
        for path in PAGES.values():
            fetch(nginx_port, path)
        stop = threading.Event()

        def publishes() -> None:
            try:
                committee_publishes((args.port, nginx_port), cache_seconds or 5, stop, results)
            except Exception as exc:  # reported as a failure of the run, not lost in the thread
                results["error"] = repr(exc)

        publisher = threading.Thread(target=publishes)
        publisher.start()
        if redis is not None:
            threading.Timer(args.duration / 2, redis.terminate).start()
        try:
            command, figures, output = run_wrk(
                nginx_port, PAGE, connections=args.connections, seconds=args.duration
            )
        finally:
            stop.set()
            publisher.join()
        load_after_main = os.getloadavg()
        served = headers_of(nginx_port, PAGE)
        served_again = headers_of(nginx_port, PAGE)

        # The same bytes as a plain file in nginx's root: what nginx alone can send on this machine.
        with urllib.request.urlopen(f"http://127.0.0.1:{nginx_port}{PAGE}", timeout=10) as response:
            page_bytes = response.read()
        (nginx_prefix / "root" / "event.html").write_bytes(page_bytes)
        # Page, file, page, file: a change in the machine's other load weighs on both alike.
        halves = {PAGE: [], STATIC_COPY: []}
        for _ in range(2):
            for path, runs in halves.items():
                runs.append(
                    run_wrk(nginx_port, path, connections=args.connections, seconds=COMPARE_SECONDS // 2)[1]
                )
        cached, static = (combined(runs) for runs in halves.values())
        load_after = os.getloadavg()
    finally:
        if proxy is not None:
            nginx.stop(proxy)
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
    staleness_goal = cache_seconds + 1 if cache_seconds is not None else None
    ratio = cached["rps"] / static["rps"] if static["rps"] else 0.0
    errors = figures["socket_errors"] + figures["non_2xx_3xx"]
    ok = (
        errors == 0
        and results["error"] is None
        and results["publishes"] > 0
        and never == 0
        and (staleness_goal is None or staleness <= staleness_goal)
        and ratio >= 0.8
        and cached["socket_errors"] + cached["non_2xx_3xx"] == 0
    )
    verdict = lambda good: "met" if good else "**missed**"  # noqa: E731
    staleness_row = (
        f"{staleness:.2f} s | ≤ {staleness_goal} s (PUBLIC_CACHE_SECONDS {cache_seconds} + 1) | "
        f"{verdict(never == 0 and staleness <= staleness_goal)}"
        if staleness_goal is not None
        else f"{staleness:.2f} s | — (the app sets no PUBLIC_CACHE_SECONDS yet) | —"
    )
    error_cell = f"{figures['socket_errors']} + {figures['non_2xx_3xx']}"
    ratio_cell = f"{cached['rps']:.0f} / {static['rps']:.0f} requests/s = **{ratio:.2f}**"
    ratio_ok = verdict(ratio >= 0.8)
    load_start = " / ".join(f"{value:.2f}" for value in load_before)
    per_publish = ", ".join(
        f"{max((d for d in delays.values() if d is not None), default=float('nan')):.2f} s"
        for delays in results["delays"]
    )
    per_page = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in longest.items())
    flag = " --stop-redis-halfway" if redis is not None else ""
    report = f"""
## Load{", Redis stopped half-way" if redis is not None else ""}

Public results page `{PAGE}` (the demo event) through **nginx's microcache** in front of gunicorn
(2 sync workers, production mode: DEBUG off, WhiteNoise, CSP and security middleware on) with
PostgreSQL and Redis as the app's cache, all on loopback. nginx ran with `deploy/`'s own
`nginx-cache-zone.conf` and `nginx-app.conf` (only the cache folder and the upstream port
changed; plain HTTP, as TLS is not measured). wrk: {args.connections} connections for
{args.duration} s. Meanwhile, every {PUBLISH_EVERY_SECONDS} s (shifted by a fifth of the cache lifetime more
each time, so that publishes fall at every point of the copies' refresh cycle), a committee
member swapped places 1 and 2 of “Website — SKPD” (`event_places_save`) and published the
correction (`event_publish`, the admin's services); after each publish the bench fetched
{", ".join(PAGES)} through nginx every 50 ms until each showed what gunicorn itself
served (its `data-version` and the new first place).

| figure | value | goal | |
|---|---|---|---|
| requests | {figures["requests"]} | | |
| throughput | {figures["rps"]:.0f} requests/s | | |
| latency p50 | {figures["p50_ms"]:.2f} ms | | |
| latency p99 | {figures["p99_ms"]:.2f} ms | | |
| failed requests (socket errors) + non-2xx/3xx | {error_cell} | 0 | {verdict(errors == 0)} |
| corrections published during the run | {results["publishes"]} (median {median_publish_ms:.0f} ms each) | | |
| longest publish → every page serves the new version | {staleness_row} |
| event page via nginx cache / a static file of {len(page_bytes)} bytes | {ratio_cell} | ≥ 0.8 | {ratio_ok} |

Longest wait per page: {per_page}{f"; pages never up to date within 30 s: {never}" if never else ""};
longest wait after each publish in turn: {per_publish}.
The comparison ran right after the main run, {COMPARE_SECONDS} s each with {args.connections} connections, in
halves: page, file, page, file (the worse half's latency: page p50 {cached["p50_ms"]:.2f} ms,
p99 {cached["p99_ms"]:.2f} ms; file p50 {static["p50_ms"]:.2f} ms, p99 {static["p99_ms"]:.2f} ms).
What the app sent for the page: `Cache-Control: {served.get("Cache-Control", "(none)")}`,
`ETag: {served.get("ETag", "(none)")}`; two requests after the run were
`X-Cache-Status: {served.get("X-Cache-Status", "(none)")}` and
`{served_again.get("X-Cache-Status", "(none)")}`.
{"" if results["error"] is None else f"The publisher stopped on an error: `{results['error']}`."}
{NOT_SHAREABLE if "s-maxage" not in served.get("Cache-Control", "") else ""}

Command: `.venv/bin/python -m bench.load{flag}` (wrk: `{" ".join(command)}`; a request counts as
failed after 10 s).
Machine: {machine()}; load average (1, 5, 15 min) {load_start} when the run started,
{load_after_main[0]:.2f} after the main run, {load_after[0]:.2f} at the end (wrk, nginx and gunicorn share
the same 2 cores, with other work on the machine). Figures move by tens of percent
between runs; the zeros and the staleness are the results that matter.
Result: {"PASS" if ok else "FAIL"}.
"""
    print(report)
    if not args.no_write:
        write_section(report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
