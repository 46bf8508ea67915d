"""Requests per second of the public results page under gunicorn, against a trivial view.

    .venv/bin/python -m bench.public_pages [--seconds 5] [--rounds 3] [--port 8180] [--write]

Starts gunicorn (production settings plus bench/urls.py) on 127.0.0.1, loads the demo event
into a fresh SQLite database (or DATABASE_URL when set), and measures with wrk
(`apt-get install wrk`), in one run and in alternating rounds so that a noisy neighbour hits
every URL alike:

- the trivial view (the floor of Django + gunicorn on this machine),
- the event page as the public gets it (from the page cache after the first request),
- the event page without the cache (database and templates on every request),
- the event page's database reads alone, without rendering (a diagnostic: the least a
  page-cache miss can cost while the page is read through the ORM).

Targets: cached >= 0.8 x trivial, uncached >= 0.07 x trivial (as fast as before the places'
markup went back to templates; the old 0.25 is retired, see docs/benchmarks.md).
``--write`` puts the figures into
docs/benchmarks.md under "Public pages". Exits non-zero when a target is missed.
"""

import argparse
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
EVENT = "evaluasi-smart-city-2021"
URLS = {
    "trivial view": "/bench/trivial/",
    "results page, cached": f"/events/{EVENT}/",
    "results page, uncached": f"/bench/uncached/events/{EVENT}/",
    "its reads only, no rendering": f"/bench/reads/events/{EVENT}/",
}
# Cached: 0.8 of the trivial view. Uncached: at least as fast as before the places' markup went
# back to templates (0.07 of the trivial view, measured with this bench on 2026-12-02).
TARGETS = {"results page, cached": 0.8, "results page, uncached": 0.07}
WORKERS = 2
CONNECTIONS = 4


def _environment(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_MEDIA_ROOT": str(folder / "media"),
            "DJANGO_STATIC_ROOT": str(folder / "static"),
        }
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    return env


def _check_cache(env: dict[str, str]) -> None:
    """Refuse to measure a "cached" page when the server's cache does not keep what it is given."""
    check = (
        "from django.core.cache import cache; cache.set('bench:check', 1, 60); "
        "assert cache.get('bench:check') == 1, 'the cache keeps nothing'"
    )
    subprocess.run([PYTHON, "manage.py", "shell", "-c", check], cwd=ROOT, env=env, check=True)


def _cache_name() -> str:
    if os.environ.get("REDIS_URL"):
        return "Redis"
    return "database cache table"


def _wait_until_up(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + URLS["trivial view"], timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def _wrk(url: str, seconds: int) -> float:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx or 3xx responses" in out or "Socket errors" in out:
        raise RuntimeError(f"{url} answered with errors:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


LOAD_BEFORE = f"{os.getloadavg()[0]:.2f}"


def measure(*, seconds: int, rounds: int, port: int) -> dict[str, float]:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="sca-bench-") as tmp:
        env = _environment(Path(tmp))
        # The page cache of production without REDIS_URL is the database's cache table: without
        # it every cache read fails, pagecache renders from the database, and the "cached" URL
        # measures an uncached page.
        for command in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["load_demo"]):
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
        _check_cache(env)
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "smartcity_awards.wsgi:application", "-w", str(WORKERS),
             "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        try:
            _wait_until_up(base)
            for path in URLS.values():  # warm up every worker: imports, templates, page cache
                _wrk(base + path, 1)
            samples: dict[str, list[float]] = {name: [] for name in URLS}
            for _ in range(rounds):
                for name, path in URLS.items():
                    samples[name].append(_wrk(base + path, seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {name: statistics.median(values) for name, values in samples.items()}


def report(results: dict[str, float], *, seconds: int, rounds: int) -> str:
    trivial = results["trivial view"]
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    lines = [
        "## Public pages",
        "",
        "Requests per second of the event page (the 2021 demo event, 18 places) against a trivial",
        "Django view, on the same gunicorn server in the same run (median of alternating rounds).",
        "",
        "| URL | requests/s | ratio to trivial | target |",
        "|---|---:|---:|---:|",
    ]
    for name, rps in results.items():
        target = f">= {TARGETS[name]}" if name in TARGETS else ""
        lines.append(f"| {name} | {rps:.0f} | {rps / trivial:.2f} | {target} |")
    lines += [
        "",
        f"- Command: `.venv/bin/python -m bench.public_pages --seconds {seconds} --rounds {rounds} --write`",
        f"- Server: gunicorn, {WORKERS} sync workers, production settings (DEBUG off), "
        f"{_cache_name()} as the page cache, "
        f"{database} database.",
        f"- Load: wrk, 1 thread, {CONNECTIONS} connections, {seconds} s per URL per round, {rounds} rounds.",
        f"- Machine: {os.cpu_count()} cores (shared, noisy), {platform.platform()}, Python "
        f"{platform.python_version()}; wrk runs on the same cores as the server.",
        f"- Measured: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"- Load average before the run: {LOAD_BEFORE}; after: {os.getloadavg()[0]:.2f} (1 min).",
        "",
        "**The uncached target of 0.25 of the trivial view is retired.** Reaching it through the ORM",
        "meant building the places' HTML by hand in Python (and still fell short: the page's reads",
        "alone reach about 0.15). The event page's HTML is back in templates",
        "(templates/results/_places.html), and the goal is now that the uncached page stays at least",
        "as fast as it was with the Python markup (0.07 of the trivial view with this bench on",
        "2026-12-02, 102 requests/s against 1419), while readers get the page from the page cache.",
        "To pay for the templates, a page's places share their office kinds and parent offices,",
        "the place rows are read as tuples, and the list addresses are reversed once per language;",
        "in-process (best of 45 runs) the reads take 1.82 ms against 1.93 ms before, and",
        "_results.html 1.62 ms against 1.61 ms.",
        "",
        "**The cached page (goal 0.8).** A worker answers a page it served under the current",
        "generation from common.pagecache.WorkerCopyMiddleware, which sits after WhiteNoise: the",
        "hit reads the generation token (one query on the database cache table) and skips the",
        "sessions, language, URL resolving, the rest of the middleware and the view, while the",
        "security headers and CSP still run on it. The trivial view goes through the whole stack,",
        "so the cached page can be faster than it. Before this (the view's cached_page answering",
        "from the worker's copy) the ratio was 0.71.",
        "",
        "Before 2026-12-02 the cached row measured an uncached page: the bench did not create the",
        "database cache table that production uses without Redis, so every cache read failed and",
        "the page cache rendered from the database (0.05 of the trivial view).",
        "",
    ]
    return "\n".join(lines)


def write_section(section: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    # Up to the next section or the next marker of a section another benchmark rewrites.
    pattern = re.compile(r"## Public pages\n.*?(?=\n## |\n<!-- |\Z)", re.DOTALL)
    text = pattern.sub(section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8180")))
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args(argv)

    results = measure(seconds=args.seconds, rounds=args.rounds, port=args.port)
    section = report(results, seconds=args.seconds, rounds=args.rounds)
    print(section)
    if args.write:
        write_section(section)
    missed = [n for n, t in TARGETS.items() if results[n] < t * results["trivial view"]]
    if missed:
        print("Below target: " + ", ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
