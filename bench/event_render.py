"""In-process time of one uncached results page against a trivial view, and where it goes.

    .venv/bin/python -m bench.event_render [--runs 50] [--profile]

Loads the demo event into a fresh SQLite database with the settings of bench.public_pages
(production mode, bench/urls.py), then requests both URLs through Django's test client (the
whole middleware stack, no server, no network) and prints the best and median times.
``--profile`` adds a cProfile of 100 uncached pages, by cumulative time.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.public_pages import PYTHON, ROOT, URLS, _environment


def _timings(client, path: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the uncached page")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="sca-bench-") as tmp:
        env = _environment(Path(tmp))
        env["DJANGO_ALLOWED_HOSTS"] = "testserver"
        for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
        os.environ.update(env)
        import django
        from django.test import Client

        django.setup()
        client = Client()
        for name in ("trivial view", "results page, uncached"):
            _timings(client, URLS[name], 3)  # imports, template loading
            times = _timings(client, URLS[name], args.runs)
            print(f"{name}: best {min(times):.2f} ms, median {statistics.median(times):.2f} ms")
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(_timings, client, URLS["results page, uncached"], 100)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
