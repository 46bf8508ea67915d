"""Certificate drawing speed, and the whole-event ZIP of a 500-place event, cold and warm.

    .venv/bin/python -m bench.certificates

The drawing medians run in this process without a database. The ZIP runs in a child process with
its own SQLite database and media folder (both temporary): an event of 500 places (the seed's 18
cycled over new offices, every other one with a logo), downloaded through the admin's view with
Django's test client, measuring the time to the first byte and to the last, against gunicorn's
30-second worker timeout (deploy/smartcity-awards.service):

- cold, as the admin serves it: the request finds 500 certificates to draw, more than it may draw
  itself (results.certificates.storage.ZIP_DRAW_LIMIT), answers with the progress page and draws them in
  the background; the drawing's own time is measured too;
- cold, drawn in the request (the limit lifted): what the download would take without that;
- warm: every certificate stored, the ZIP copied from the storage;
- cold with as many places as the limit: the largest ZIP a request draws itself.
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
from awards.models import PlaceNumbering, RankingLevel  # noqa: E402
from awards.words import indonesian_date, ranking_words  # noqa: E402
from documents.certificates.drawing import (  # noqa: E402
    certificate_pdf,
    certificate_png,
    og_card_png,
    square_card_png,
)
from documents.certificates.words import PlaceText, award_after_place, city_line  # noqa: E402
from offices.images import logo_clean, logo_image  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def _logo_name() -> str:
    image = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((40, 40, 760, 760), fill=(16, 110, 60, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return default_storage.save("logos/bench.png", logo_clean(SimpleUploadedFile("l.png", out.getvalue())))


def texts(count: int, logo_name: str) -> list[PlaceText]:
    """``count`` places cycling through the seed's 18, every other one with a logo."""
    kinds = dict(demo.CATEGORIES)
    channels = {"website": "Website", "instagram": "Instagram", "facebook": "Facebook"}
    awards = dict(demo.AWARDS)
    date = indonesian_date(demo.EVENT["held_on"])
    result = []
    for i in range(count):
        code, kind, position, name, shared = demo.PLACES[i % len(demo.PLACES)]
        office = f"Kelurahan {name}" if kind == "kelurahan" else name
        place = ranking_words(
            place_word="Terbaik",
            numbering=PlaceNumbering.WORDS,
            mention_word="Harapan",
            level=RankingLevel.PLACE,
            position=position,
            shared=shared,
        )
        discipline = f"{award_after_place(awards[code], 'Terbaik')} — Kategori {kinds[kind]}"
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


def long_award_text(logo_name: str) -> PlaceText:
    """An honourable mention of an award without channel, of a regency, its date unknown."""
    discipline = "Anugerah Keterbukaan Informasi Publik — Kategori Kapanewon"
    return PlaceText(
        city_line=city_line("Kabupaten Sleman"),
        office="Kapanewon Depok",
        position="Harapan 1",
        category=f"Harapan 1 {discipline}",
        discipline=discipline,
        channel="",
        event="Anugerah Keterbukaan Informasi Publik Kabupaten Sleman 2023",
        where_when="Kabupaten Sleman, 2023",
        date="2023",
        year="2023",
        signatories=(("Kustini Sri Purnomo", "Bupati Sleman"), ("Danang Maharsa", "Wakil Bupati Sleman")),
        logo_name=logo_name,
    )


def median_ms(draw, text: PlaceText) -> tuple[float, float, int]:
    """Median wall time and median CPU time of this process, in ms, and the size of the file.

    On a shared machine the wall time includes waiting for a core; the CPU time does not.
    """
    draw(
        text, logo_image(text.logo_name)
    )  # warm-up: fonts and the certificate frame are loaded once per process
    wall, cpu, size = [], [], 0
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        # The logo is opened as the app does (results.certificates.storage), once per picture.
        size = len(draw(text, logo_image(text.logo_name)))
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu), size


ZIP_PLACES = int(os.environ.get("BENCH_ZIP_PLACES", "500"))
WORKER_TIMEOUT = 30


def _event_of(count: int, logo: str, tag: str):
    """A published event of ``count`` places: the seed's places cycled over new offices."""
    from django.utils import timezone
    from django.utils.text import slugify

    from awards.models import Award, Category, EvaluationEvent, EventStatus, Ranking, Signatory
    from offices.models import Channel, Office, OfficeKind

    event = EvaluationEvent.objects.create(
        title=demo.EVENT["title"],
        slug=f"bench-{tag}",
        year=demo.EVENT["year"],
        held_on=demo.EVENT["held_on"],
        venue=demo.EVENT["venue"],
        city=demo.EVENT["city"],
        status=EventStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    for order, (name, title) in enumerate(demo.SIGNATORIES):
        Signatory.objects.create(event=event, name=name, title=title, order=order)
    channels = {c.code: c for c in Channel.objects.all()}
    kinds = {k.code: k for k in OfficeKind.objects.all()}
    awards = {
        code: Award.objects.create(event=event, channel=channels[code], title=title, order=order)
        for order, (code, title) in enumerate(demo.AWARDS)
    }
    # A category gives at most 99 places: a big event has several categories of one kind.
    categories: dict[tuple[str, str, int], Category] = {}

    def category_of(code: str, kind: str, number: int) -> Category:
        key = (code, kind, number)
        if key not in categories:
            title = dict(demo.CATEGORIES)[kind] + (f" {number + 1}" if number else "")
            categories[key] = Category.objects.create(award=awards[code], title=title, places=99)
            categories[key].kinds.add(kinds[kind])
        return categories[key]

    positions: dict[tuple[str, str], int] = {}
    for i in range(count):
        code, kind, _position, name, _shared = demo.PLACES[i % len(demo.PLACES)]
        office = Office.objects.create(
            name=f"{name} {tag}-{i}",
            slug=slugify(f"{name}-{tag}-{i}"),
            kind=kinds[kind],
            logo=logo if i % 2 == 0 else "",
        )
        n = positions[code, kind] = positions.get((code, kind), 0) + 1
        number, position = divmod(n - 1, 99)
        Ranking.objects.create(category=category_of(code, kind, number), office=office, position=position + 1)
    return event


def _download(client, url: str) -> tuple[int, float, float, int]:
    """Status, seconds to the first byte of the body, seconds to the last, bytes."""
    start = time.perf_counter()
    response = client.get(url)
    first = None
    total = 0
    pieces = response.streaming_content if response.streaming else [response.content]
    for piece in pieces:
        if piece and first is None:
            first = time.perf_counter() - start
        total += len(piece)
    return response.status_code, first or 0.0, time.perf_counter() - start, total


def zip_child() -> None:
    """Run in a child process with its own database: the ZIP figures, one line each."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from results.certificates.storage import ZIP_DRAW_LIMIT, event_certificates_state

    call_command("migrate", verbosity=0)
    logo = _logo_name()
    admin = get_user_model().objects.create_superuser("bench", password="bench-certificates-2026")
    client = Client()
    client.force_login(admin)
    # A superuser's admin pages need the sign-in confirmed with a code (common/otp.py): the
    # device django_otp.login leaves in the session after the code page.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.create(user=admin, confirmed=True).persistent_id
    session.save()
    event = _event_of(ZIP_PLACES, logo, "served")
    url = reverse("admin:awards_evaluationevent_certificates", kwargs={"pk": event.pk})

    # Cold, as served: the progress page, then the background drawing (run here, timed).
    status, first, total, size = _download(client, url)
    print(f"cold-as-served {status} {first:.3f} {total:.3f} {size}")
    # The view enqueued the drawing as a task (results.tasks): a worker runs it, here in this
    # process until the queue is empty (`manage.py db_worker --batch`).
    start = time.perf_counter()
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    state = event_certificates_state(event)
    assert not state.missing, state
    print(f"background-draw {state.total} {time.perf_counter() - start + total:.3f}")
    # Warm: all stored.
    status, first, total, size = _download(client, url)
    print(f"warm {status} {first:.3f} {total:.3f} {size}")
    # Cold drawn in the request: a second event, the limit lifted.
    settings.CERTIFICATES_ZIP_DRAW_LIMIT = ZIP_PLACES
    cold = _event_of(ZIP_PLACES, logo, "in-request")
    status, first, total, size = _download(
        client, reverse("admin:awards_evaluationevent_certificates", kwargs={"pk": cold.pk})
    )
    print(f"cold-in-request {status} {first:.3f} {total:.3f} {size}")
    del settings.CERTIFICATES_ZIP_DRAW_LIMIT
    # The largest ZIP a request draws itself.
    limit = _event_of(ZIP_DRAW_LIMIT, logo, "limit")
    status, first, total, size = _download(
        client, reverse("admin:awards_evaluationevent_certificates", kwargs={"pk": limit.pk})
    )
    print(f"cold-at-limit-{ZIP_DRAW_LIMIT} {status} {first:.3f} {total:.3f} {size}")
    print(f"peak-rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


def run_zip() -> list[str]:
    folder = tempfile.mkdtemp(prefix="bench-certificates-zip-")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "DJANGO_MEDIA_ROOT": f"{folder}/media",
    }
    return subprocess.run(
        [sys.executable, "-m", "bench.certificates", "--zip-child"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.splitlines()


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
    long_award = long_award_text(logo)
    print(f"place drawn: {long_award.office!r} ({long_award.category}), with logo")
    for label, draw in rows:
        wall, cpu, size = median_ms(draw, long_award)
        print(f"{label:28} median {wall:6.1f} ms wall, {cpu:6.1f} ms CPU   {size / 1024:5.0f} KiB")

    print(f"ZIP of {ZIP_PLACES} places (a PDF and a PNG each), worker timeout {WORKER_TIMEOUT} s:")
    for line in run_zip():
        label, *values = line.split()
        if label == "background-draw":
            print(f"  background drawing of {values[0]} places, from the click: {float(values[1]):.1f} s")
        elif label == "peak-rss":
            print(f"  peak RSS of the child: {int(values[0]) / 1024:.0f} MiB")
        else:
            status, first, total, size = values
            print(
                f"  {label:18} HTTP {status}: first byte {float(first):6.2f} s, "
                f"last byte {float(total):6.2f} s, {int(size) / 1024 / 1024:6.1f} MiB"
            )


if __name__ == "__main__":
    if sys.argv[1:] == ["--zip-child"]:
        zip_child()
    else:
        main()
