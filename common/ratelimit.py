"""A count of events per key in the shared cache, over a fixed window: enough to stop one address
from trying code after code, without a table or a lock of our own."""

from django.core.cache import cache

from common.pagecache import CacheUnavailable, ask_shared


def _key(name: str) -> str:
    return f"ratelimit:{name}"


def count(name: str, *, window: int) -> None:
    """Count one event under ``name``; the count ends ``window`` seconds after its first event."""
    try:
        # add() starts the window only when none is open; incr() never moves its end.
        ask_shared(cache.add, _key(name), 0, window)
        ask_shared(cache.incr, _key(name))
    except (CacheUnavailable, ValueError):
        # No shared cache (the breaker has logged it) or the window ended between the two calls:
        # an uncounted event is better than a refused visitor.
        pass


def exceeded(name: str, *, limit: int) -> bool:
    """Whether ``name`` has counted ``limit`` events in its open window."""
    try:
        return (ask_shared(cache.get, _key(name)) or 0) >= limit
    except CacheUnavailable:
        return False
