import fcntl
import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ProductionSite:
    """A migrated SQLite database with the cache table and the demo, and the collected static files,
    made by `manage.py` in production mode once per run."""

    folder: Path
    secret_key: str

    def env(self, tmp_path: Path, **extra: str) -> dict[str, str]:
        """Production settings for a server of the test's own: a copy of the site's database in
        ``tmp_path`` (the test may write to it), the shared static files (read only)."""
        shutil.copyfile(self.folder / "db.sqlite3", tmp_path / "db.sqlite3")
        return self._env(tmp_path, **extra)

    def _env(self, folder: Path, **extra: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_", "CACHE_"))
        }
        env.update(
            {
                "DJANGO_SECRET_KEY": self.secret_key,
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DJANGO_SECURE_SSL_REDIRECT": "0",
                "DJANGO_STATIC_ROOT": str(self.folder / "static"),
                "DJANGO_MEDIA_ROOT": str(folder / "media"),
                "DJANGO_LOG_LEVEL": "ERROR",
                "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
                **extra,
            }
        )
        return env


@pytest.fixture(scope="session")
def production_site(tmp_path_factory) -> ProductionSite:
    """Made once per run, not per test (migrate, createcachetable, collectstatic and load_demo took
    about 11 CPU seconds in each test that started gunicorn). The parallel workers of one run share
    it: the first one to ask makes it while the others wait on a lock."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder = base / "production-site"
    with (base / "production-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "ready").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            (folder / "secret").write_text(secrets.token_urlsafe(50))
            site = ProductionSite(folder, (folder / "secret").read_text())
            env = site._env(folder)
            for args in (
                ["migrate", "--noinput"],
                ["createcachetable"],
                ["collectstatic", "--noinput"],
                ["load_demo"],
            ):
                subprocess.run(
                    [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
                )
            (folder / "ready").touch()
    return ProductionSite(folder, (folder / "secret").read_text())
