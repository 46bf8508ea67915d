"""A count of events per key in the shared cache, over a fixed window: enough to stop one address
from trying code after code, without a table or a lock of our own. Without the shared cache
(the breaker open) nothing is counted and nobody is refused."""

from django.core.cache import cache

from common.pagecache import shared_or


def _key(name: str) -> str:
    return f"ratelimit:{name}"


def count(name: str, *, window: int) -> None:
    """Count one event under ``name``; the count ends ``window`` seconds after its first event."""
    # add() starts the window only when none is open; incr() never moves its end. Should the
    # window end between the two calls, the event goes uncounted rather than being an error.
    if shared_or(None, cache.add, _key(name), 0, window) is not None:
        shared_or(None, cache.incr, _key(name))


def exceeded(name: str, *, limit: int) -> bool:
    """Whether ``name`` has counted ``limit`` events in its open window."""
    return (shared_or(0, cache.get, _key(name)) or 0) >= limit
