"""A circuit breaker: after a dependency fails, stop asking it for a short pause.

A cache that hangs costs every request its socket timeout, and a cache that is down costs every
request a log entry; both are paid once per pause instead. While the breaker is open, callers skip
the dependency (the page cache renders from the database); when the pause is over, the next
caller tries once (the probe), and its success closes the breaker, its failure starts another
pause. The operator reads one warning when it opens and one line when it closes.

The state is this process's own, and that is enough: each worker finds out for itself that the
cache does not answer, at the cost of one timeout, and nothing that must agree across processes
depends on it (the page cache's generation still lives only in the shared cache).
"""

import logging
import threading
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)


class CircuitBreaker:
    """Closed (ask the dependency) or open until a moment (skip it), for one dependency."""

    def __init__(self, name: str, *, pause_seconds: Callable[[], float]) -> None:
        self.name = name
        # Read on every opening, so that a setting changed by a test or a reload applies.
        self._pause_seconds = pause_seconds
        self._lock = threading.Lock()
        self._open_until: float | None = None
        self._opened_at: float | None = None

    @property
    def is_open(self) -> bool:
        return self._open_until is not None

    def allow(self) -> bool:
        """May the caller ask the dependency now? While open, only the one probe per pause may."""
        if self._open_until is None:
            return True
        with self._lock:
            now = time.monotonic()
            if self._open_until is None:
                return True
            if now < self._open_until:
                return False
            # This caller probes; every other one skips until the probe has answered or the
            # next pause is over (a probe that hangs holds no one else).
            self._open_until = now + self._pause_seconds()
            return True

    def succeeded(self) -> None:
        """The dependency answered: close the breaker (and say so once)."""
        if self._open_until is None:
            return
        with self._lock:
            if self._open_until is None:
                return
            down_for = time.monotonic() - (self._opened_at or 0.0)
            self._open_until = self._opened_at = None
        logger.info("%s answers again after %.1f s", self.name, down_for)

    def failed(self, error: BaseException) -> None:
        """The dependency failed or timed out: open the breaker (and say so once)."""
        with self._lock:
            now = time.monotonic()
            pause = self._pause_seconds()
            opening = self._open_until is None
            self._open_until = now + pause
            if opening:
                self._opened_at = now
        if opening:
            # One line, no traceback: the error's type and message say what an operator needs.
            logger.warning(
                "%s unavailable (%s: %s); skipped for %g s at a time until it answers",
                self.name,
                type(error).__name__,
                error,
                pause,
            )

    def reset(self) -> None:
        """Close without a word: the dependency itself was replaced (a test's settings)."""
        with self._lock:
            self._open_until = self._opened_at = None
