"""The load balancer's probe: is this app server able to serve?"""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _cache_ok() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
        return ok
    except Exception:
        return False


@never_cache
@require_safe
def healthz(request):
    """200 with {"database": "ok", "cache": "ok"}, or 503 naming what failed."""
    checks = {
        "database": "ok" if _database_ok() else "failed",
        "cache": "ok" if _cache_ok() else "failed",
    }
    status = 200 if all(value == "ok" for value in checks.values()) else 503
    return JsonResponse(checks, status=status)
