"""Spreadsheet speed: the public winner list at its address against openpyxl alone, the import
against bulk_create.

Run: .venv/bin/python -m bench.spreadsheets            (SQLite, in memory)
     .venv/bin/python -m bench.spreadsheets --only import    (or --only export: one part alone)
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/sca_sheets .venv/bin/python -m bench.spreadsheets
It makes its own throw-away database (test_<name> on PostgreSQL) and drops it at the end.
Every ratio compares two timings taken in the same run, best of REPEATS.
"""

import argparse
import datetime
import io
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity_awards.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

# Smaller runs for a quick check: BENCH_EXPORT_ROWS=5000 BENCH_IMPORT_ROWS=500 BENCH_REPEATS=1.
EXPORT_ROWS = int(os.environ.get("BENCH_EXPORT_ROWS", 50_000))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", 5_000))
REPEATS = int(os.environ.get("BENCH_REPEATS", 5))
EXPORT_REPEATS = REPEATS


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best(fn, repeats=REPEATS):
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def make_data():
    from awards.models import EvaluationEvent, Ranking
    from offices.models import Channel, Office, OfficeKind

    for code, name, order in (("youtube", "YouTube", 4), ("tiktok", "TikTok", 5)):
        Channel.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    channels = list(Channel.objects.order_by("order"))
    per_channel = EXPORT_ROWS // len(channels)
    parent = Office.objects.create(
        name="Sekretariat Daerah", kind_id=OfficeKind.SKPD, slug="sekretariat-daerah"
    )
    offices = Office.objects.bulk_create(
        [
            Office(
                name=f"{'Dinas' if n % 2 else 'Pelambuan'} Contoh {n}",
                kind_id=OfficeKind.SKPD if n % 2 else OfficeKind.KELURAHAN,
                slug=f"contoh-{n}",
                short_name=f"DC{n}" if n % 2 else "",
                parent=parent if n % 2 else None,
            )
            for n in range(per_channel)
        ],
        batch_size=1000,
    )
    event = EvaluationEvent.objects.create(
        title="Evaluasi Smart City Kota Banjarmasin 2021",
        slug="evaluasi-smart-city-2021",
        year=2021,
        held_on=datetime.date(2021, 11, 2),
        city="Banjarmasin",
    )
    places = award_places(event, channels, offices)
    Ranking.objects.bulk_create(
        [
            Ranking(
                category=category,
                award_id=category.award_id,
                office=office,
                position=position,
                score="87.50",
                citation="Pengelolaan konten konsisten dan informatif",
            )
            for category, office, position in places
        ],
        batch_size=2000,
    )
    return event, channels, offices


# Places per category: a position is at most 99, so a channel's thousands of offices are ranked
# in categories of 99 places each, open to both kinds.
PLACES = 99


def award_places(event, channels, offices):
    """An award per channel, each with categories of PLACES places open to SKPD and Kelurahan;
    every office placed once per award: (category, office, position) triples."""
    from awards.models import Award, Category
    from offices.models import OfficeKind

    awards = Award.objects.bulk_create(
        Award(event=event, channel=channel, title=f"Terbaik Pengelolaan {channel.name}", order=channel.order)
        for channel in channels
    )
    count = -(-len(offices) // PLACES)
    categories = Category.objects.bulk_create(
        Category(award=award, title=f"Kategori {n + 1}", places=PLACES, order=n)
        for award in awards
        for n in range(count)
    )
    kinds = list(OfficeKind.objects.filter(code__in=[OfficeKind.SKPD, OfficeKind.KELURAHAN]))
    Category.kinds.through.objects.bulk_create(
        Category.kinds.through(category=category, officekind=kind)
        for category in categories
        for kind in kinds
    )
    places = []
    for a, _award in enumerate(awards):
        for n, office in enumerate(offices):
            places.append((categories[a * count + n // PLACES], office, n % PLACES + 1))
    return places


def bench_export(event):
    """The public winner list at its address (/events/<slug>/pemenang.xlsx, through the test
    client: URL resolving, every middleware, the view, reading the published version and writing
    the file) against openpyxl write-only writing the same cells."""
    from django.test import Client
    from openpyxl import Workbook

    from awards.models import Ranking
    from results.downloads import version_winner_list
    from results.services import event_publish

    start = time.perf_counter()
    version = event_publish(event=event)
    publish_s = time.perf_counter() - start
    winners = version_winner_list(version)
    headers = winners.headers
    rows = list(winners.rows)
    assert len(rows) == EXPORT_ROWS, len(rows)

    # The baseline gets the finished cells (scores already floats, dates as dates, the facts of
    # the second sheet with their times in local time): it only writes.
    plain_rows = [[float(v) if isinstance(v, Decimal) else v for v in row] for row in rows]
    plain_about = [
        [label, value.replace(tzinfo=None) if isinstance(value, datetime.datetime) else value]
        for label, value in winners.about
    ]

    def baseline():
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Pemenang")
        sheet.append(headers)
        for row in plain_rows:
            sheet.append(row)
        about = workbook.create_sheet("Keterangan")
        for row in plain_about:
            about.append(row)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    client = Client()
    address = f"/events/{event.slug}/pemenang.xlsx"

    def ours():
        response = client.get(address)
        assert response.status_code == 200, response.status_code
        return response.content

    # Interleaved (baseline, ours, baseline, ours, ...) so that a burst of load from the other
    # processes on this shared machine falls on both sides alike.
    # The log keeps the last 9,000 queries: publishing 50,000 places filled it, and a full log
    # counts every later query as none.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        ours_bytes = ours()
    base_bytes = baseline()
    base_times, ours_times = [], []
    for _ in range(EXPORT_REPEATS):
        base_times.append(timed(baseline))
        ours_times.append(timed(ours))
    base_best, ours_best = min(base_times), min(ours_times)
    pair_ratios = [o / b for o, b in zip(ours_times, base_times, strict=True)]

    # For context, once: the library's own path (ModelResource -> tablib Dataset -> tablib xlsx).
    from import_export import resources

    class LibraryRanking(resources.ModelResource):
        class Meta:
            model = Ranking
            fields = (
                "award__event__title",
                "award__event__year",
                "award__title",
                "award__channel__name",
                "category__title",
                "level",
                "position",
                "is_shared",
                "office__name",
                "office__short_name",
                "office__parent__name",
                "score",
                "citation",
            )

    def library():
        queryset = Ranking.objects.filter(award__event=event).select_related(
            "award__event", "award__channel", "category", "office__parent"
        )
        return LibraryRanking().export(queryset).export("xlsx")

    reset_queries()
    with CaptureQueriesContext(connection) as library_queries:
        library_s = timed(library)

    tracemalloc.start()
    ours()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    baseline()
    _current, base_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": len(rows),
        "address": address,
        "publish_s": publish_s,
        "baseline_s": base_best,
        "ours_s": ours_best,
        "ratio": ours_best / base_best,
        "ratio_median": statistics.median(pair_ratios),
        "runs": EXPORT_REPEATS,
        "queries": len(queries),
        "library_s": library_s,
        "library_queries": len(library_queries),
        "peak_mib": peak / 2**20,
        "baseline_peak_mib": base_peak / 2**20,
        "file_kib": len(ours_bytes) / 1024,
        "baseline_file_kib": len(base_bytes) / 1024,
    }


def bench_import(channels, offices):
    from simple_history.utils import bulk_create_with_history

    from awards.models import EvaluationEvent, Ranking
    from awards.resources import RankingResource
    from awards.services import IMPORT_BATCH_SIZE
    from common.spreadsheets import import_errors_text, read_sheet, write_csv

    per_channel = IMPORT_ROWS // len(channels)
    chosen = offices[:per_channel]
    event = EvaluationEvent.objects.create(
        title="Evaluasi Smart City 2022",
        slug="evaluasi-smart-city-2022",
        year=2022,
        held_on=datetime.date(2022, 11, 2),
        city="Banjarmasin",
    )
    places = award_places(event, channels, chosen)
    header = [
        "Acara",
        "Award",
        "Category",
        "Peringkat",
        "Peringkat bersama",
        "Nama instansi",
        "Nilai",
        "Keterangan",
    ]
    rows = []
    plain = []
    for category, office, position in places:
        rows.append(
            [
                event.slug,
                category.award.title,
                category.title,
                position,
                "tidak",
                office.name,
                "87,50",
                "Baik",
            ]
        )
        plain.append((category.pk, category.award_id, office.pk, position))
    content = write_csv(header, rows)
    parse_s, _m, dataset = best(lambda: read_sheet(content, "csv"))
    assert len(dataset) == IMPORT_ROWS

    def clear():
        Ranking.objects.filter(award__event=event).delete()

    def ours():
        with CaptureQueriesContext(connection) as dry_q:
            start = time.perf_counter()
            dry = RankingResource().import_data(dataset, dry_run=True)
            dry_s = time.perf_counter() - start
        assert not dry.has_validation_errors() and not dry.has_errors(), import_errors_text(dry)
        with CaptureQueriesContext(connection) as done_q:
            start = time.perf_counter()
            done = RankingResource().import_data(dataset, dry_run=False)
            done_s = time.perf_counter() - start
        assert done.totals["new"] == IMPORT_ROWS, import_errors_text(done)
        return dry_s, done_s, len(dry_q), len(done_q)

    def bulk():
        # Like for like: the import writes each place and its history record (simple-history's
        # bulk_create_with_history, in batches of IMPORT_BATCH_SIZE), so the baseline writes the
        # same two tables with the library's own call and nothing of ours.
        bulk_create_with_history(
            [
                Ranking(
                    category_id=category_id,
                    award_id=award_id,
                    office_id=office_id,
                    position=position,
                    score="87.50",
                    citation="Baik",
                )
                for category_id, award_id, office_id, position in plain
            ],
            Ranking,
            batch_size=IMPORT_BATCH_SIZE,
            default_change_reason="import",
        )

    def history_rows() -> int:
        return Ranking.history.filter(history_type="+").count()

    ours_runs, bulk_runs, written = [], [], {}
    for _ in range(REPEATS):
        clear()
        before = history_rows()
        ours_runs.append(ours())
        written.setdefault("ours", history_rows() - before)
        clear()
        before = history_rows()
        start = time.perf_counter()
        bulk()
        bulk_runs.append(time.perf_counter() - start)
        written.setdefault("bulk", history_rows() - before)
    clear()
    assert written["ours"] == written["bulk"] == IMPORT_ROWS, written
    dry_s = min(r[0] for r in ours_runs)
    done_s = min(r[1] for r in ours_runs)
    total_s = min(r[0] + r[1] for r in ours_runs)
    bulk_s = min(bulk_runs)

    # The fast path keeps per-row messages: one bad cell among 5,000 rows.
    bad = [list(r) for r in rows]
    bad[len(bad) // 2][3] = "tiga"
    bad_dataset = read_sheet(write_csv(header, bad), "csv")
    start = time.perf_counter()
    result = RankingResource().import_data(bad_dataset, dry_run=True)
    bad_s = time.perf_counter() - start
    errors = import_errors_text(result)
    assert Ranking.objects.filter(award__event=event).count() == 0
    return {
        "rows": IMPORT_ROWS,
        "parse_csv_s": parse_s,
        "dry_run_s": dry_s,
        "confirm_s": done_s,
        "dry_plus_confirm_s": total_s,
        "bulk_create_s": bulk_s,
        "ratio": total_s / bulk_s,
        "ratio_median": statistics.median(
            (r[0] + r[1]) / b for r, b in zip(ours_runs, bulk_runs, strict=True)
        ),
        "runs": REPEATS,
        "dry_queries": ours_runs[0][2],
        "confirm_queries": ours_runs[0][3],
        "history_rows": written["ours"],
        "bulk_history_rows": written["bulk"],
        "bad_row_s": bad_s,
        "bad_row_errors": errors,
    }


EXPORT_LINE = (
    "public winner list {address} of {rows} places (published in {publish_s:.1f} s), best of "
    "{runs}: the address through the test client {ours_s:.2f} s, openpyxl write-only "
    "alone {baseline_s:.2f} s; ratio of bests {ratio:.2f} (median of paired ratios "
    "{ratio_median:.2f}); {queries} queries; peak traced memory {peak_mib:.1f} MiB "
    "(openpyxl alone {baseline_peak_mib:.1f} MiB); file {file_kib:.0f} KiB; the library's "
    "ModelResource + tablib path, once: {library_s:.2f} s, {library_queries} queries"
)
IMPORT_LINE = (
    "import of {rows} places, best of {runs}: dry run {dry_run_s:.2f} s + confirm {confirm_s:.2f} s"
    " = {dry_plus_confirm_s:.2f} s; bulk_create with history alone {bulk_create_s:.3f} s; ratio of "
    "bests {ratio:.1f} (median of paired ratios {ratio_median:.1f}); history rows written: ours "
    "{history_rows}, bulk_create {bulk_history_rows}; queries: dry run {dry_queries}, confirm "
    "{confirm_queries}; csv parse {parse_csv_s:.2f} s"
)
BAD_ROW_LINE = "one bad row among {rows}: {bad_row_s:.2f} s, {bad_row_errors!r}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("export", "import"), help="run one part alone")
    args = parser.parse_args(argv)
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}; python {platform.python_version()}; {os.cpu_count()} cores")
        start = time.perf_counter()
        event, channels, offices = make_data()
        print(f"data: {EXPORT_ROWS} places made in {time.perf_counter() - start:.1f} s")
        if args.only != "import":
            print(EXPORT_LINE.format(**bench_export(event)))
        if args.only != "export":
            imported = bench_import(channels, offices)
            print(IMPORT_LINE.format(**imported))
            print(BAD_ROW_LINE.format(**imported))
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process peak RSS: {maxrss:.0f} MiB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
