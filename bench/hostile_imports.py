"""Peak memory of reading each hostile spreadsheet of issue 12, one fresh process per file.

    .venv/bin/python -m bench.hostile_imports [--write]

Builds the files (an xlsx with one cell at XFD1 and 20,000 rows; a csv whose header has 50,000
columns; an ods whose content.xml is 47 MB but which passes the zip-ratio check), then reads each
through common.spreadsheets.read_sheet in a subprocess and reports that process's peak RSS and
the message it got. Goal: every file refused with a message, under 200 MB. --write puts the
table into docs/benchmarks.md, section "Hostile imports".
"""

import io
import os
import platform
import random
import subprocess
import sys
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- hostile-imports:start -->", "<!-- hostile-imports:end -->"
GOAL_MB = 200

CHILD = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity_awards.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
import django
django.setup()
import openpyxl, odf.opendocument  # loaded in the baseline too
from common.spreadsheets import SpreadsheetError, read_sheet
path, ext = sys.argv[1], sys.argv[2]
message = "-"
if ext != "none":
    try:
        read_sheet(open(path, "rb").read(), ext)
        message = "READ (not refused)"
    except SpreadsheetError as exc:
        message = str(exc)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent, VmHWM is this
# process image's own peak.
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0].split()[1]
print(int(hwm) // 1024)
print(message)
"""


def wide_xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Event"
    sheet["XFD1"] = "x"
    for n in range(20_000):
        sheet.cell(row=n + 2, column=1, value=f"e{n}")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def wide_csv() -> bytes:
    return (",".join(f"c{n}" for n in range(50_000)) + "\n" + "a,b\n").encode()


def big_ods() -> bytes:
    rng = random.Random(12)
    row = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>{}</text:p>'
        "</table:table-cell></table:table-row>"
    )
    parts, size = [], 0
    while size < 47 * 1024 * 1024:
        part = row.format(rng.randrange(10**6))
        parts.append(part)
        size += len(part)
    content = "<office:document-content><office:body><office:spreadsheet><table:table>" + "".join(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "content.xml",
            content + "</table:table></office:spreadsheet></office:body></office:document-content>",
        )
    return out.getvalue()


def measure(path: str, ext: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, path, ext], cwd=ROOT, capture_output=True, text=True, check=True
    )
    rss, message = done.stdout.strip().splitlines()[-2:]
    return int(rss), message


def main() -> int:
    files = {
        ("xlsx", "one cell at XFD1, 20,000 rows"): wide_xlsx(),
        ("csv", "header of 50,000 columns"): wide_csv(),
        ("ods", "content.xml of 47 MB"): big_ods(),
    }
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        baseline, _ = measure(str(Path(folder) / "none"), "none")
        for (ext, what), data in files.items():
            path = Path(folder) / f"hostile.{ext}"
            path.write_bytes(data)
            rss, message = measure(str(path), ext)
            rows.append((ext, what, len(data) // 1024, rss, message))
    lines = [
        f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()}, {os.cpu_count()} cores shared with other work (load average "
        f"{os.getloadavg()[0]:.1f} at the end), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
        f"one fresh process per file, peak RSS (VmHWM). Baseline (Django set up, "
        f"openpyxl and odfpy imported, nothing read): {baseline} MB. Goal: refused, under {GOAL_MB} MB.",
        "",
        "| file | what | size | peak RSS | answer |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {ext} | {what} | {kb} KB | {rss} MB | {message} |" for ext, what, kb, rss, message in rows]
    text = "\n".join(lines)
    print(text)
    if "--write" in sys.argv:
        doc = DOC.read_text()
        command = "`.venv/bin/python -m bench.hostile_imports --write`"
        section = f"{START}\n## Hostile imports\n\n{command}\n\n{text}\n{END}"
        if START in doc:
            doc = doc[: doc.index(START)] + section + doc[doc.index(END) + len(END) :]
        else:
            doc = doc.rstrip() + "\n\n" + section + "\n"
        DOC.write_text(doc)
    ok = all(rss < GOAL_MB and not message.startswith("READ") for _e, _w, _k, rss, message in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
