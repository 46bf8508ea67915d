"""deploy/backup, deploy/restore and deploy/backup-drill, the scripts themselves, on PostgreSQL.

A site of its own: an app role, and a database that `manage.py migrate` and `load_demo` fill as
that role (so the role owns every table, as in production), a media folder and an environment
file. The scripts reach the server as the deploy guide's do: the app's role through the
environment file's DATABASE_URL, and for creating databases BACKUP_ADMIN_URL, here the role the
tests themselves connect as (in CI postgres over trusted TCP; on a stock Debian server the scripts
use the postgres user's peer authentication instead). The test's own reads of the databases are
plain SELECTs, independent of the scripts' checksums.
"""

import configparser
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BACKUP_FILES = {"SHA256SUMS", "database.dump", "media.tar", "env", "tables.tsv", "media.sha256", "info"}

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="backs up and restores PostgreSQL databases with pg_dump and pg_restore",
)
SECRET_KEY = "backup-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def _server() -> dict[str, str]:
    default = settings.DATABASES["default"]
    return {
        "host": default.get("HOST") or "",
        "port": str(default.get("PORT") or ""),
        "user": default.get("USER") or "",
        "password": default.get("PASSWORD") or "",
    }


def _url(user: str, password: str, database: str) -> str:
    server = _server()
    credentials = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    port = f":{server['port']}" if server["port"] else ""
    return f"postgres://{credentials}@{server['host']}{port}/{database}"


def _connect(database: str, user: str | None = None, password: str | None = None):
    server = _server()
    return psycopg2.connect(
        host=server["host"] or None,
        port=server["port"] or None,
        user=user or server["user"],
        password=(password if user else server["password"]) or None,
        dbname=database,
    )


def _admin(sql: str, *params) -> list[tuple]:
    conn = _connect("postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql, params or None)
            return cursor.fetchall() if cursor.description else []
    finally:
        conn.close()


def table_rows(database: str) -> dict[str, list[str]]:
    """Every row of every table of the database, as text, sorted: the whole state to compare."""
    conn = _connect(database)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SET TimeZone = 'UTC'")
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            tables = [name for (name,) in cursor.fetchall()]
            rows = {}
            for table in tables:
                cursor.execute(f'SELECT t::text FROM public."{table}" AS t')
                rows[table] = sorted(row for (row,) in cursor.fetchall())
            return rows
    finally:
        conn.close()


def media_files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def backups_in(root: Path) -> list[Path]:
    return sorted(
        path for path in root.iterdir() if re.fullmatch(r"\d{4}-\d\d-\d\dT\d{6}Z(-\d+)?", path.name)
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated, loaded database owned by an app role of its own, media files and an env file."""
    suffix = os.urandom(4).hex()
    role, password = f"sca_backup_app_{suffix}", "p@ss:w/rd 1"
    live = f"sca_backup_test_{suffix}"
    folder = tmp_path_factory.mktemp("site")
    media = folder / "media"
    _admin(f"CREATE ROLE {role} LOGIN PASSWORD %s", password)
    try:
        _admin(f"CREATE DATABASE {live} OWNER {role}")
        app_url = _url(role, password, live)
        # Production settings, as deploy/manage.sh runs them (the database cache table too).
        django_env = {
            "PATH": os.environ["PATH"],
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "awards.example.go.id",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": app_url,
            "DJANGO_MEDIA_ROOT": str(media),
        }
        for command in (["migrate", "--noinput"], ["createcachetable"], ["load_demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *command, "--verbosity", "0"],
                cwd=ROOT,
                env=django_env,
                check=True,
                timeout=600,
            )
        (media / "logos").mkdir(parents=True)
        (media / "logos" / "5f0c1e.png").write_bytes(os.urandom(3000))
        (media / "logos" / "5f0c1e name with spaces.png").write_bytes(os.urandom(10))
        (media / "awards" / "renders" / "1" / "7").mkdir(parents=True)
        (media / "awards" / "renders" / "1" / "7" / "certificate-pdf-ab12.pdf").write_bytes(b"%PDF-1.4 x")
        (media / "awards" / "renders" / "1" / "7" / "empty.png").write_bytes(b"")
        offsite = folder / "offsite"
        offsite.mkdir()
        env_file = folder / "env"
        env_file.write_text(
            f"DJANGO_SECRET_KEY={SECRET_KEY}\n"
            "DJANGO_ALLOWED_HOSTS=awards.example.go.id\n"
            f"DATABASE_URL={app_url}\n"
            f"DJANGO_MEDIA_ROOT={media}\n"
            # Single quotes: deploy/manage.sh reads this file with bash, as the scripts do.
            f"BACKUP_COPY_COMMAND='cp -a \"$1\" {offsite}/'\n"
        )
        yield {
            "role": role,
            "password": password,
            "live": live,
            "media": media,
            "env_file": env_file,
            "offsite": offsite,
        }
    finally:
        for (name,) in _admin("SELECT datname FROM pg_database WHERE datname LIKE %s", f"{live}%"):
            _admin(f'DROP DATABASE "{name}" WITH (FORCE)')
        _admin(f"DROP ROLE {role}")


def run(site, script: str, *args: str, backup_root: Path, **env: str) -> subprocess.CompletedProcess:
    server = _server()
    return subprocess.run(
        [str(DEPLOY / script), *args],
        env={
            "PATH": os.environ["PATH"],
            "SCA_ENV_FILE": str(site["env_file"]),
            "BACKUP_ROOT": str(backup_root),
            "BACKUP_ADMIN_URL": _url(server["user"], server["password"], "postgres"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=600,
    )


def backup(site, backup_root: Path, **env: str) -> Path:
    before = set(backups_in(backup_root)) if backup_root.exists() else set()
    result = run(site, "backup", backup_root=backup_root, **env)
    assert result.returncode == 0, result.stderr
    (made,) = set(backups_in(backup_root)) - before
    return made


PAGES = ["/", "/events/evaluasi-smart-city-2021/", "/en/events/evaluasi-smart-city-2021/"]
SERVE_PAGES = f"""
import json
from django.test import Client
client = Client()
print(json.dumps({{path: [(r := client.get(path)).status_code, r.content.decode()] for path in {PAGES!r}}}))
"""


def pages(site, database: str, media: Path) -> dict[str, list]:
    """The public pages the app serves from a database, as the app's role."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SERVE_PAGES],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            # Development settings serve static files without collectstatic; the pages' data
            # comes from the database all the same.
            "DJANGO_DEBUG": "1",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": _url(site["role"], site["password"], database),
            "DJANGO_MEDIA_ROOT": str(media),
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(result.stdout)


def as_app_role(site, database: str, sql: str) -> list[tuple]:
    conn = _connect(database, user=site["role"], password=site["password"])
    try:
        with conn, conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    finally:
        conn.close()


@pytest.mark.postgres_only
@needs_postgres
def test_backup_restores_the_state_at_backup_owned_by_the_app_role(site, tmp_path):
    rows_at_backup = table_rows(site["live"])
    media_at_backup = media_files(site["media"])
    pages_at_backup = pages(site, site["live"], site["media"])
    assert {path: status for path, (status, _) in pages_at_backup.items()} == dict.fromkeys(PAGES, 200)
    root = tmp_path / "backups"

    result = run(site, "backup", backup_root=root)

    assert result.returncode == 0, result.stderr
    (folder,) = backups_in(root)
    assert "warning" not in result.stdout
    # Private: the root and the folder for root only, every file readable by root only.
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {path.name for path in folder.iterdir()} == BACKUP_FILES
    assert {stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()} == {0o600}
    assert (folder / "env").read_bytes() == site["env_file"].read_bytes()
    # The manifest: each table's row count as the test counts it, each media file's sha256.
    counts = {
        line.split("\t")[0]: int(line.split("\t")[1])
        for line in (folder / "tables.tsv").read_text().splitlines()
    }
    assert counts == {f"public.{table}": len(rows) for table, rows in rows_at_backup.items()}
    assert counts["public.offices_office"] == 15
    hashes = dict(
        reversed(line.split("  ", 1)) for line in (folder / "media.sha256").read_text().splitlines()
    )
    assert hashes == {name: hashlib.sha256(content).hexdigest() for name, content in media_at_backup.items()}
    # Copied off by BACKUP_COPY_COMMAND, whole.
    copy = site["offsite"] / folder.name
    assert {path.name: path.read_bytes() for path in copy.iterdir()} == {
        path.name: path.read_bytes() for path in folder.iterdir()
    }

    # The site changes after the backup: rows edited, added and deleted, media replaced.
    as_app_role(site, site["live"], "UPDATE offices_office SET name = name || ' (baru)' RETURNING id")
    # Published pages show their frozen versions; channel names are read live (the home page).
    as_app_role(site, site["live"], "UPDATE offices_channel SET name = name || ' (baru)' RETURNING id")
    as_app_role(site, site["live"], "INSERT INTO auth_group (name) VALUES ('after the backup') RETURNING id")
    as_app_role(site, site["live"], "DELETE FROM django_cache RETURNING 1")
    as_app_role(
        site,
        site["live"],
        "DELETE FROM awards_signatory WHERE id = (SELECT min(id) FROM awards_signatory) RETURNING id",
    )
    (site["media"] / "logos" / "5f0c1e.png").unlink()
    (site["media"] / "logos" / "new.png").write_bytes(b"new")
    assert table_rows(site["live"]) != rows_at_backup
    assert pages(site, site["live"], site["media"]) != pages_at_backup

    restored = f"{site['live']}_restored"
    restored_media = tmp_path / "restored-media"
    result = run(
        site, "restore", "--database", restored, "--media", str(restored_media), str(folder), backup_root=root
    )
    assert result.returncode == 0, result.stderr

    assert table_rows(restored) == rows_at_backup
    assert media_files(restored_media) == media_at_backup
    # The site served from the restored database shows the pages it showed at the backup.
    assert pages(site, restored, restored_media) == pages_at_backup
    # Every table and sequence belongs to the app's role, which reads and writes them as the app does.
    owners = as_app_role(
        site,
        restored,
        "SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class AS c JOIN pg_namespace AS n "
        "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S')",
    )
    assert owners == [(site["role"],)]
    assert as_app_role(site, restored, "SELECT count(*) FROM offices_office") == [(15,)]
    max_group = max(int(row.split(",")[0].lstrip("(")) for row in rows_at_backup["auth_group"])
    ((new_id,),) = as_app_role(
        site, restored, "INSERT INTO auth_group (name) VALUES ('restored') RETURNING id"
    )
    assert new_id > max_group


@pytest.mark.postgres_only
@needs_postgres
def test_restore_refuses_a_database_or_media_folder_in_use_and_a_damaged_backup(site, tmp_path):
    root = tmp_path / "backups"
    folder = backup(site, root)
    rows_before = table_rows(site["live"])
    new_database = f"{site['live']}_refused"

    # The live database (the default target) holds the site: left as it is.
    result = run(site, "restore", "--media", str(tmp_path / "m1"), str(folder), backup_root=root)
    assert result.returncode == 1
    assert f"database {site['live']} is not empty" in result.stderr
    assert table_rows(site["live"]) == rows_before

    # A media folder with files is refused before any database is made.
    result = run(
        site,
        "restore",
        "--database",
        new_database,
        "--media",
        str(site["media"]),
        str(folder),
        backup_root=root,
    )
    assert result.returncode == 1
    assert f"media folder {site['media']} is not empty" in result.stderr
    assert _admin("SELECT 1 FROM pg_database WHERE datname = %s", new_database) == []

    # One byte changed in the media archive: the checksums refuse the whole backup.
    damaged = tmp_path / "damaged"
    shutil.copytree(folder, damaged)
    archive = bytearray((damaged / "media.tar").read_bytes())
    archive[600] ^= 0xFF
    (damaged / "media.tar").write_bytes(bytes(archive))
    result = run(
        site,
        "restore",
        "--database",
        new_database,
        "--media",
        str(tmp_path / "m2"),
        str(damaged),
        backup_root=root,
    )
    assert result.returncode == 1
    assert "files do not match SHA256SUMS; this backup is damaged" in result.stderr
    assert "media.tar: FAILED" in result.stderr
    assert _admin("SELECT 1 FROM pg_database WHERE datname = %s", new_database) == []
    assert not (tmp_path / "m2").exists()

    # Told to (--force), it replaces a database and a media folder in use: the database is made
    # again, the media folder moved aside whole.
    target_media = tmp_path / "m3"
    target_media.mkdir()
    (target_media / "later.png").write_bytes(b"later")
    _admin(f'CREATE DATABASE "{new_database}" OWNER {site["role"]}')
    as_app_role(site, new_database, "CREATE TABLE later (id int) ; SELECT 1")
    result = run(
        site,
        "restore",
        "--force",
        "--database",
        new_database,
        "--media",
        str(target_media),
        str(folder),
        backup_root=root,
    )
    assert result.returncode == 0, result.stderr
    assert table_rows(new_database) == rows_before
    assert media_files(target_media) == media_files(site["media"])
    (aside,) = tmp_path.glob("m3.replaced-*")
    assert media_files(aside) == {"later.png": b"later"}


@pytest.mark.postgres_only
@needs_postgres
def test_drill_compares_a_new_database_with_the_manifest_made_at_backup_time(site, tmp_path):
    root = tmp_path / "backups"
    older = backup(site, root)
    newest = backup(site, root)
    # The site changes after the backup; the drill compares with the backup's manifest, not this.
    as_app_role(
        site, site["live"], "INSERT INTO auth_group (name) VALUES ('after the drill backup') RETURNING id"
    )

    result = run(site, "backup-drill", backup_root=root)

    assert result.returncode == 0, result.stderr
    assert f"drill passed: {newest} restores as {site['role']}" in result.stdout
    tables = len((newest / "tables.tsv").read_text().splitlines())
    assert "_drill_" in result.stdout and f"{tables} tables" in result.stdout
    # The drill's database is gone afterwards.
    assert _admin("SELECT datname FROM pg_database WHERE datname LIKE %s", f"{site['live']}_drill_%") == []

    # A manifest that disagrees with the dump (a count edited, its checksum made to match) fails
    # the drill, which names the table.
    manifest = older / "tables.tsv"
    lines = manifest.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("public.offices_office\t"))
    name, count, checksum = lines[index].split("\t")
    lines[index] = f"{name}\t{int(count) + 1}\t{checksum}"
    manifest.write_text("\n".join(lines) + "\n")
    sums = (older / "SHA256SUMS").read_text().splitlines()
    (older / "SHA256SUMS").write_text(
        "\n".join(
            f"{hashlib.sha256(manifest.read_bytes()).hexdigest()}  tables.tsv"
            if line.endswith("  tables.tsv")
            else line
            for line in sums
        )
        + "\n"
    )

    result = run(site, "backup-drill", str(older), backup_root=root)

    assert result.returncode == 1
    assert f"> public.offices_office\t{int(count) + 1}\t{checksum}" in result.stderr
    assert f"< public.offices_office\t{count}\t{checksum}" in result.stderr
    assert _admin("SELECT datname FROM pg_database WHERE datname LIKE %s", f"{site['live']}_drill_%") == []


@pytest.mark.postgres_only
@needs_postgres
def test_retention_keeps_the_newest_backups_and_nothing_else_is_touched(site, tmp_path):
    root = tmp_path / "backups"
    root.mkdir()
    for day in ("2020-01-01", "2020-01-02", "2020-01-03"):
        (root / f"{day}T023000Z").mkdir()
        (root / f"{day}T023000Z" / "SHA256SUMS").write_text("")
    (root / "notes").mkdir()
    (root / "2020-01-04T023000Z").mkdir()  # no SHA256SUMS: not a backup deploy/backup made
    unfinished = root / ".partial-2020-01-05T023000Z"
    unfinished.mkdir()
    os.utime(unfinished, (0, 0))

    first = backup(site, root, BACKUP_KEEP="2")

    assert sorted(path.name for path in root.iterdir()) == [
        ".lock",
        "2020-01-03T023000Z",
        "2020-01-04T023000Z",
        first.name,
        "notes",
    ]

    second = backup(site, root, BACKUP_KEEP="2")

    assert backups_in(root) == [root / "2020-01-04T023000Z", first, second]
    assert (root / "notes").is_dir()


def _unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(DEPLOY / name)
    return unit


def test_the_app_unit_may_write_the_media_and_import_folders():
    app = _unit("smartcity-awards.service")["Service"]
    writable = app["ReadWritePaths"].split()
    assert app["ProtectSystem"] == "strict"
    # In production the app runs from its WorkingDirectory, with the media folder of env.example.
    import_folder = Path(app["WorkingDirectory"]) / settings.IMPORT_TMP_ROOT.relative_to(settings.BASE_DIR)
    env_example = dict(
        line.split("=", 1)
        for line in (DEPLOY / "env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert writable == [env_example["DJANGO_MEDIA_ROOT"], str(import_folder)]
    assert app["ExecStartPre"] == f"+/usr/bin/install -d -o smartcity -g smartcity -m 0750 {import_folder}"


def test_the_backup_runs_nightly_and_may_write_only_the_backup_folder():
    service = _unit("smartcity-awards-backup.service")["Service"]
    timer = _unit("smartcity-awards-backup.timer")["Timer"]
    default_root = re.search(
        r"^\s*BACKUP_ROOT=\$\{BACKUP_ROOT:-(.+)\}$", (DEPLOY / "backup-lib.sh").read_text(), re.MULTILINE
    ).group(1)
    assert service["ProtectSystem"] == "strict"
    assert service["ReadWritePaths"] == default_root == "/var/backups/smartcity-awards"
    assert service["ExecStart"] == "/srv/smartcity-awards/app/deploy/backup"
    assert timer["OnCalendar"] == "*-*-* 02:30:00"
    assert timer["Persistent"] == "true"


@pytest.mark.postgres_only
@needs_postgres
def test_backup_says_which_files_the_database_names_are_missing(site, tmp_path):
    root = tmp_path / "backups"
    (site["media"] / "logos" / "kept.png").write_bytes(b"kept")
    as_app_role(
        site,
        site["live"],
        "UPDATE offices_office SET logo = CASE WHEN id = (SELECT min(id) FROM offices_office) "
        "THEN 'logos/kept.png' ELSE 'logos/lost.png' END "
        "WHERE id IN ((SELECT min(id) FROM offices_office), (SELECT max(id) FROM offices_office)) "
        "RETURNING id",
    )

    result = run(site, "backup", backup_root=root)

    assert result.returncode == 0, result.stderr
    assert "warning: media files the database names are not in the archive: logos/lost.png\n" in result.stdout
    (folder,) = backups_in(root)
    assert (folder / "info").read_text().splitlines()[-1] == (
        "media files the database names that the archive lacks: logos/lost.png"
    )
