"""Certificate and share-card drawing speed, and the memory of the streamed ZIP.

    .venv/bin/python -m bench.certificates

Draws with the real seed names (awards/demo.py) and a logo, in this process, without a database:
the database part of a download is a handful of queries and is measured by the tests' query
counts. Each ZIP size runs in a fresh child process, so its peak RSS (ru_maxrss) is its own; the
ratio of the 100-place peak to the 10-place peak shows whether memory grows with the event.
"""

import dataclasses
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity_awards.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
# Logos made by the benchmark go to a temporary folder, never to the project's media.
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-certificates-"))

import django

django.setup()

from django.core.files.storage import default_storage  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from awards import demo  # noqa: E402
from awards.certificates import (  # noqa: E402
    certificate_pdf,
    certificate_png,
    certificates_zip,
    og_card_png,
    square_card_png,
)
from awards.text import PlaceText, city_line, indonesian_date, position_words  # noqa: E402
from offices.images import logo_clean  # noqa: E402

RUNS = 30


def _logo_name() -> str:
    image = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((40, 40, 760, 760), fill=(16, 110, 60, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return default_storage.save("logos/bench.png", logo_clean(SimpleUploadedFile("l.png", out.getvalue())))


def texts(count: int, logo_name: str) -> list[PlaceText]:
    """``count`` places cycling through the seed's 18, every other one with a logo."""
    kinds = {"skpd": "SKPD", "kelurahan": "Kelurahan"}
    channels = {"website": "Website", "instagram": "Instagram", "facebook": "Facebook"}
    date = indonesian_date(demo.EVENT["held_on"])
    result = []
    for i in range(count):
        code, kind, position, name, shared = demo.PLACES[i % len(demo.PLACES)]
        office = f"Kelurahan {name}" if kind == "kelurahan" else name
        place = position_words(position, shared=shared)
        discipline = f"Pengelolaan {channels[code]} — Kategori {kinds[kind]}"
        result.append(
            PlaceText(
                city_line=city_line(demo.EVENT["city"]),
                office=office,
                position=place,
                category=f"{place} {discipline}",
                discipline=discipline,
                channel=channels[code],
                event=demo.EVENT["title"],
                where_when=f"{demo.EVENT['venue']}, {demo.EVENT['city']}, {date}",
                date=date,
                year=str(demo.EVENT["year"]),
                signatories=tuple(demo.SIGNATORIES),
                logo_name=logo_name if i % 2 == 0 else "",
            )
        )
    return result


def median_ms(draw, text: PlaceText) -> tuple[float, float, int]:
    """Median wall time and median CPU time of this process, in ms, and the size of the file.

    On a shared machine the wall time includes waiting for a core; the CPU time does not.
    """
    draw(text)  # warm-up: fonts and the certificate frame are loaded once per process
    wall, cpu, size = [], [], 0
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        size = len(draw(text))
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu), size


def zip_child(count: int) -> None:
    """Run in a child process: stream a ZIP of ``count`` places, print seconds, bytes, peak RSS."""
    logo = _logo_name()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    total = 0
    largest_piece = 0
    for piece in certificates_zip((f"{i:03d}", text) for i, text in enumerate(texts(count, logo))):
        total += len(piece)
        largest_piece = max(largest_piece, len(piece))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{seconds:.3f} {total} {before} {peak} {largest_piece}")


def run_zip(count: int) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "bench.certificates", "--zip-child", str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    seconds, total, before, peak, piece = float(output[0]), int(output[1]), *map(int, output[2:])
    return {
        "count": count,
        "seconds": seconds,
        "bytes": total,
        "rss_before": before,
        "rss_peak": peak,
        "piece": piece,
    }


def main() -> None:
    logo = _logo_name()
    longest = dataclasses.replace(max(texts(18, logo), key=lambda t: len(t.office)), logo_name=logo)
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    version = sys.version.split()[0]
    print(f"python {version}, Pillow {Image.__version__}, {os.cpu_count()} cores, {RUNS} runs each")
    print(f"place drawn: {longest.office!r} ({longest.category}), with logo")
    rows = [
        ("certificate PNG 1754x1240", certificate_png),
        ("certificate PDF (A4)", certificate_pdf),
        ("share card 1080x1080", square_card_png),
        ("share card 1200x630", og_card_png),
    ]
    for label, draw in rows:
        wall, cpu, size = median_ms(draw, longest)
        print(f"{label:28} median {wall:6.1f} ms wall, {cpu:6.1f} ms CPU   {size / 1024:5.0f} KiB")

    small, large = run_zip(10), run_zip(100)
    for result in (small, large):
        print(
            f"ZIP of {result['count']:3} places (PDF+PNG each): {result['seconds']:6.2f} s, "
            f"{result['bytes'] / 1024 / 1024:6.1f} MiB, peak RSS {result['rss_peak'] / 1024:6.1f} MiB "
            f"(at start {result['rss_before'] / 1024:.1f} MiB), "
            f"largest piece sent {result['piece'] / 1024:.0f} KiB"
        )
    print(
        f"peak RSS ratio 100/10 places: {large['rss_peak'] / small['rss_peak']:.2f}; "
        f"time per place {large['seconds'] / 100 * 1000:.0f} ms"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--zip-child":
        zip_child(int(sys.argv[2]))
    else:
        main()
