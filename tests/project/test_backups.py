"""deploy/backup, deploy/restore and deploy/backup-drill, the scripts themselves, on PostgreSQL.

A site of its own: an app role, and a database that `manage.py migrate` and `load_demo` fill as
that role (so the role owns every table, as in production), a media folder and an environment
file. The scripts reach the server as the deploy guide's do: the app's role through the
environment file's DATABASE_URL, and for creating databases BACKUP_ADMIN_URL, here the role the
tests themselves connect as (in CI postgres over trusted TCP; on a stock Debian server the scripts
use the postgres user's peer authentication instead). The test's own reads of the databases are
plain SELECTs, independent of the scripts' checksums.
"""

import hashlib
import os
import re
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
    root = tmp_path / "backups"

    folder = backup(site, root)

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

    restored = f"{site['live']}_restored"
    restored_media = tmp_path / "restored-media"
    result = run(
        site, "restore", "--database", restored, "--media", str(restored_media), str(folder), backup_root=root
    )
    assert result.returncode == 0, result.stderr

    assert table_rows(restored) == rows_at_backup
    assert media_files(restored_media) == media_at_backup
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
