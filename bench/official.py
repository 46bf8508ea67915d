"""The official documents of a 500-place event (SK annex and berita acara, DOCX and PDF) at their
admin addresses, and LibreOffice converting the DOCX for comparison.

    .venv/bin/python -m bench.official [--places 500] [--runs 5]

In a fresh SQLite database and media folder (temporary, production settings of bench.settings):
a published event of ``--places`` places (5 awards of 10 categories, long office names, a
signatory), a committee member signed in with Django's test client (the whole middleware stack, as
a gunicorn worker serves it). Each of the four downloads is timed cold (the first request of the
process: fonts, templates and imports load) and then ``--runs`` times (median). Then the DOCX files
are converted by ``soffice --headless --convert-to pdf`` (one process per file, as a request or a
task would start it), and a one-line DOCX shows LibreOffice's own start-up. Target: each ≤ 3 s.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.public_pages import PYTHON, ROOT, _environment

SOFFICE = "/usr/bin/soffice"
TARGET = 3.0


def _event(places: int):
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from awards.models import COMMITTEE_GROUP, Award, Category, EvaluationEvent, Ranking, Signatory
    from offices.models import Office, OfficeKind
    from results.services import event_publish

    event = EvaluationEvent.objects.create(
        title="Evaluasi Pengelolaan Media Publik Kota Banjarmasin 2021",
        slug="bench-official",
        year=2021,
        held_on=datetime.date(2021, 11, 2),
        venue="Aula Kayuh Baimbai",
        city="Banjarmasin",
    )
    Signatory.objects.create(event=event, name="Ir. H. Ikhsan Budiman", title="Sekretaris Daerah", order=1)
    skpd = OfficeKind.objects.get(code=OfficeKind.SKPD)
    per_award = places // 5
    offices = Office.objects.bulk_create(
        Office(
            name=f"Dinas Komunikasi, Informatika dan Statistik Nomor {n}",
            slug=f"dinas-kominfo-{n}",
            kind=skpd,
        )
        for n in range(per_award)
    )
    for a in range(5):
        award = Award.objects.create(event=event, title=f"Terbaik Pengelolaan Media Publik {a + 1}", order=a)
        categories = []
        for c in range(10):
            category = Category.objects.create(award=award, title=f"Kelompok {c + 1}", places=99, order=c)
            category.kinds.add(skpd)
            categories.append(category)
        Ranking.objects.bulk_create(
            Ranking(category=categories[i % 10], award=award, office=office, position=i // 10 + 1)
            for i, office in enumerate(offices)
        )
    event_publish(event=event)
    user = get_user_model().objects.create_user("bench-komite", is_staff=True)
    user.groups.add(Group.objects.get(name=COMMITTEE_GROUP))
    return event, user


def _get(client, url: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return seconds, response.content


def _soffice(path: Path, folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "lo"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--places", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="sca-bench-official-") as tmp:
        folder = Path(tmp)
        env = _environment(folder)
        env["DJANGO_ALLOWED_HOSTS"] = "testserver"
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        os.environ.update(env)
        import django
        from django.test import Client
        from django.urls import reverse

        django.setup()
        event, user = _event(args.places)
        client = Client()
        client.force_login(user)
        print(f"{args.places} places, load average {os.getloadavg()[0]:.1f}")
        failed = False
        files = {}
        for kind in ("sk-annex", "berita-acara"):
            for fmt in ("docx", "pdf"):
                url = reverse(
                    "admin:awards_evaluationevent_official", kwargs={"pk": event.pk, "kind": kind, "fmt": fmt}
                )
                cold, content = _get(client, url)
                times = [_get(client, url)[0] for _ in range(args.runs)]
                median = statistics.median(times)
                failed |= max(cold, median) > TARGET
                files[kind, fmt] = content
                print(
                    f"{kind}.{fmt}: cold {cold:.2f} s, median {median:.2f} s (best {min(times):.2f}), "
                    f"{len(content) // 1024} KiB"
                )
        if Path(SOFFICE).exists():
            from docx import Document

            tiny = folder / "tiny.docx"
            document = Document()
            document.add_paragraph("Satu baris.")
            document.save(tiny)
            print(f"LibreOffice, a one-line DOCX: {_soffice(tiny, folder):.2f} s (start-up included)")
            for kind in ("sk-annex", "berita-acara"):
                path = folder / f"{kind}.docx"
                path.write_bytes(files[kind, "docx"])
                print(f"LibreOffice, {kind}.docx to PDF: {_soffice(path, folder):.2f} s")
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
