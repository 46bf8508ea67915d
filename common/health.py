"""The load balancer's probe: can this app server serve, and which part is slow or down?

Each part is timed and reported on its own. The cache is bounded by its socket timeout
(settings.REDIS_SOCKET_TIMEOUT), so the probe answers in about 0.1 s while Redis hangs. The
database has no bound of its own here: one that hangs holds every page as well, and the probe
that never answers tells the load balancer so. The database is the one part the site cannot
serve without: down, the answer is 503.
The cache is an optimisation (common/pagecache.py): down or slow, pages render from the database,
so the answer is 200 with "degraded" and the load balancer keeps sending visitors.
"""

import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from common.checks import missing_cache_tables
from common.pagecache import CacheUnavailable, ask_shared, shared_cache_breaker

# A part that answers, but more slowly than this, is reported "slow": on one network both the
# database's `SELECT 1` and a cache round trip take about a millisecond.
SLOW_MS = 50


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")


def _cache() -> None:
    # Past the breaker, which it informs: the probe tells the truth each time, bounded by the
    # socket timeout, and an answer closes the breaker before its pause is over.
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        ask_shared(cache.set, key, "ok", timeout=10)
        answered = ask_shared(cache.get, key)
        ask_shared(cache.delete, key)
    except CacheUnavailable as exc:
        try:
            missing = missing_cache_tables()
        except Exception:  # the database is down too: its own check says so
            missing = []
        if missing:
            raise RuntimeError(
                f"the cache table {missing[0][1]!r} does not exist: run `manage.py createcachetable`"
            ) from exc
        raise exc.__cause__ from None
    if answered != "ok":
        raise RuntimeError("a value just stored was not read back")


def _timed(check: Callable[[], None]) -> dict:
    start = time.perf_counter()
    try:
        check()
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
    else:
        error = None
    ms = round((time.perf_counter() - start) * 1000, 1)
    if error is not None:
        return {"status": "failed", "ms": ms, "error": error}
    return {"status": "slow" if ms > SLOW_MS else "ok", "ms": ms}


@never_cache
@require_safe
def healthz(request):
    """200 {"status": "ok" | "degraded", "database": {...}, "cache": {...}}, or 503 "down".

    Each part says "ok", "slow" or "failed" (with the error) and the milliseconds it took.
    """
    database = _timed(_database)
    cached = _timed(_cache)
    cached["breaker"] = "open" if shared_cache_breaker.is_open else "closed"
    if database["status"] == "failed":
        overall = "down"
    elif database["status"] == cached["status"] == "ok":
        overall = "ok"
    else:
        overall = "degraded"
    return JsonResponse(
        {"status": overall, "database": database, "cache": cached},
        status=503 if overall == "down" else 200,
    )
