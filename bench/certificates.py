"""Certificate drawing speed, and the whole-event ZIP of a 500-place event, cold and warm.

    .venv/bin/python -m bench.certificates

The drawing medians run in this process without a database: the PNG for screens, the vector PDF
(ReportLab) bare and fully signed (the government's emblem, three signatories each with a
signature and a stamp), and, for the decision (docs/decisions.md), the route it replaced: the
PNG's picture saved by Pillow as a one-page PDF (a 150 dpi JPEG, no text). The ZIP runs in a
child process with its own SQLite database and media folder (both temporary): an event of 500
places (the seed's 18 cycled over new offices, every other one with a logo, three signatories
with signatures and stamps, the government's emblem), downloaded through the admin's view with
Django's test client, measuring the time to the first byte and to the last:

- cold, as the admin serves it: nothing stored yet, the 500 PDFs drawn in the request (pictures
  prepared once per process, results.certificates.storage.pictures);
- warm: every certificate stored, the ZIP copied from the storage.
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
from awards.words import ranking_words  # noqa: E402
from common.words import indonesian_date  # noqa: E402
from documents.certificates.drawing import (  # noqa: E402
    certificate_draw,
    certificate_pdf,
    certificate_png,
    og_card_png,
    square_card_png,
)
from documents.certificates.words import PlaceText, Signer, award_after_place, city_line  # noqa: E402
from offices.images import logo_clean, logo_image  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def _picture(name: str, size: tuple[int, int], colour: tuple[int, int, int, int], folder: str) -> str:
    """A stored picture as the admin keeps it (offices.images.logo_clean): strokes on transparency."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for k in range(8):
        x = size[0] * k // 9
        draw.line(
            [(x, size[1] * 3 // 4), (x + size[0] // 12, size[1] // 5), (x + size[0] // 8, size[1] * 2 // 3)],
            fill=colour,
            width=max(3, size[0] // 150),
        )
    draw.ellipse((4, 4, size[0] - 5, size[1] - 5), outline=colour, width=max(3, size[0] // 60))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return default_storage.save(
        f"{folder}/{name}.png", logo_clean(SimpleUploadedFile(f"{name}.png", out.getvalue()))
    )


def signed_pictures() -> tuple[str, tuple[Signer, ...]]:
    """The government's emblem and three signatories with a signature and a stamp each."""
    emblem = _picture("lambang", (800, 900), (20, 110, 60, 255), "emblems")
    signers = tuple(
        Signer(
            name,
            title,
            "197001011990031001",
            _picture(f"ttd-{n}", (900, 300), (10, 10, 90, 255), "certificates/signatures"),
            _picture(f"cap-{n}", (500, 500), (120, 20, 160, 200), "certificates/stamps"),
        )
        for n, (name, title) in enumerate(demo.SIGNATORIES)
    )
    return emblem, signers


def _read(name: str) -> bytes | None:
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def raster_pdf(text: PlaceText, logo=None, pictures=None) -> bytes:
    """The route the vector PDF replaced: the 150 dpi picture saved by Pillow as a JPEG page."""
    out = io.BytesIO()
    certificate_draw(text, logo, pictures).image.save(
        out, format="PDF", resolution=150, quality=92, title="Piagam Penghargaan"
    )
    return out.getvalue()


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


def median_ms(draw, text: PlaceText, pictures=None) -> tuple[float, float, int]:
    """Median wall time and median CPU time of this process, in ms, and the size of the file.

    On a shared machine the wall time includes waiting for a core; the CPU time does not.
    """
    # Warm-up: fonts, the certificate frame and the pictures are prepared once per process.
    draw(text, logo_image(text.logo_name), pictures)
    wall, cpu, size = [], [], 0
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        # The logo is opened as the app does (results.certificates.storage), once per picture.
        size = len(draw(text, logo_image(text.logo_name), pictures))
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu), size


ZIP_PLACES = int(os.environ.get("BENCH_ZIP_PLACES", "500"))
WORKER_TIMEOUT = 30


def _event_of(count: int, logo: str, tag: str, signers: tuple[Signer, ...] = ()):
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
    for order, signer in enumerate(signers or [Signer(name, title) for name, title in demo.SIGNATORIES]):
        Signatory.objects.create(
            event=event,
            name=signer.name,
            title=signer.title,
            nip=signer.nip,
            signature=signer.signature,
            stamp=signer.stamp,
            order=order,
        )
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


def _download(client, url: str) -> tuple[int, float, float, int, float]:
    """Status, seconds to the first byte of the body, seconds to the last, bytes, and the CPU
    seconds this process spent (on a shared machine the wall time includes waiting for a core)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    first = None
    total = 0
    pieces = response.streaming_content if response.streaming else [response.content]
    for piece in pieces:
        if piece and first is None:
            first = time.perf_counter() - start
        total += len(piece)
    return (
        response.status_code,
        first or 0.0,
        time.perf_counter() - start,
        total,
        time.process_time() - start_cpu,
    )


def zip_child() -> None:
    """Run in a child process with its own database: the ZIP figures, one line each."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from offices.models import Government

    call_command("migrate", verbosity=0)
    logo = _logo_name()
    emblem, signers = signed_pictures()
    Government.objects.filter(pk=1).update(emblem=emblem)
    admin = get_user_model().objects.create_superuser("bench", password="bench-certificates-2026")
    client = Client()
    client.force_login(admin)
    # A superuser's admin pages need the sign-in confirmed with a code (common/otp.py): the
    # device django_otp.login leaves in the session after the code page.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.create(user=admin, confirmed=True).persistent_id
    session.save()
    event = _event_of(ZIP_PLACES, logo, "served", signers)
    url = reverse("admin:awards_evaluationevent_certificates", kwargs={"pk": event.pk})

    # Cold, as served: every PDF drawn in the request (and stored), the pictures prepared once.
    status, first, total, size, cpu = _download(client, url)
    print(f"cold-as-served {status} {first:.3f} {total:.3f} {size} {cpu:.3f}")
    # Warm: all stored.
    status, first, total, size, cpu = _download(client, url)
    print(f"warm {status} {first:.3f} {total:.3f} {size} {cpu:.3f}")
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
    from documents.certificates.pictures import Pictures

    logo = _logo_name()
    emblem, signers = signed_pictures()
    pictures = Pictures(read=_read)
    longest = dataclasses.replace(max(texts(18, logo), key=lambda t: len(t.office)), logo_name=logo)
    coded = {"code": "K7QM-3XPA", "verify_url": "https://penghargaan.banjarmasinkota.go.id/verify/K7QM-3XPA/"}
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    version = sys.version.split()[0]
    import reportlab

    print(
        f"python {version}, Pillow {Image.__version__}, ReportLab {reportlab.Version}, "
        f"{os.cpu_count()} cores, {RUNS} runs each"
    )
    signed = dataclasses.replace(longest, emblem_name=emblem, signatories=signers, **coded)
    rows = [
        ("certificate PNG 3508x2480 (300 dpi)", certificate_png, longest, None),
        ("certificate PDF, ReportLab", certificate_pdf, dataclasses.replace(longest, **coded), None),
        ("  signed: emblem, 3 x (signature, stamp)", certificate_pdf, signed, pictures),
        ("  formal design, signed", certificate_pdf, dataclasses.replace(signed, design="formal"), pictures),
        ("certificate PDF, Pillow raster (before)", raster_pdf, dataclasses.replace(longest, **coded), None),
        ("share card 1080x1080", square_card_png, longest, None),
        ("share card 1200x630", og_card_png, longest, None),
    ]
    print(f"place drawn: {longest.office!r} ({longest.category}), with logo")
    for label, draw, text, with_pictures in rows:
        wall, cpu, size = median_ms(draw, text, with_pictures)
        print(f"{label:42} median {wall:6.1f} ms wall, {cpu:6.1f} ms CPU   {size / 1024:5.0f} KiB")
    long_award = dataclasses.replace(long_award_text(logo), **coded)
    print(f"place drawn: {long_award.office!r} ({long_award.category}), with logo")
    for label, draw, with_pictures in [
        ("certificate PDF, ReportLab", certificate_pdf, None),
        ("certificate PNG 3508x2480 (300 dpi)", certificate_png, None),
    ]:
        wall, cpu, size = median_ms(draw, long_award, with_pictures)
        print(f"{label:42} median {wall:6.1f} ms wall, {cpu:6.1f} ms CPU   {size / 1024:5.0f} KiB")

    print(f"ZIP of {ZIP_PLACES} places (a PDF each, signed, with the emblem):")
    for line in run_zip():
        label, *values = line.split()
        if label == "peak-rss":
            print(f"  peak RSS of the child: {int(values[0]) / 1024:.0f} MiB")
        else:
            status, first, total, size, cpu = values
            print(
                f"  {label:18} HTTP {status}: first byte {float(first):6.2f} s, "
                f"last byte {float(total):6.2f} s, {int(size) / 1024 / 1024:6.1f} MiB, "
                f"CPU {float(cpu):6.2f} s"
            )
    print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--zip-child"]:
        zip_child()
    else:
        main()
