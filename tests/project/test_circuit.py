"""The circuit breaker: open on a failure, one probe per pause, one line when it opens and closes."""

import time

from common.circuit import CircuitBreaker


def wait_until_allowed(breaker: CircuitBreaker, within: float = 5) -> float:
    """Ask until the breaker lets a probe through; how long that took."""
    start = time.monotonic()
    while not breaker.allow():
        assert time.monotonic() - start < within, "the pause never ended"
    return time.monotonic() - start


def test_a_failure_opens_it_for_the_pause_then_one_caller_probes(caplog):
    breaker = CircuitBreaker("test cache", pause_seconds=lambda: 0.2)
    caplog.set_level("INFO", logger="common.circuit")

    closed = breaker.allow()
    breaker.failed(TimeoutError("Timeout reading from socket"))
    during_pause = breaker.allow()
    waited = wait_until_allowed(breaker)
    while_probing = breaker.allow()  # the probe has not answered: everyone else still skips
    breaker.failed(TimeoutError("Timeout reading from socket"))  # the probe failed too
    after_failed_probe = breaker.allow()
    wait_until_allowed(breaker)
    breaker.succeeded()

    assert (closed, during_pause, while_probing, after_failed_probe) == (True, False, False, False)
    assert 0.15 < waited < 1
    assert breaker.allow() is True and breaker.is_open is False
    said = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert said[0] == (
        "WARNING",
        "test cache unavailable (TimeoutError: Timeout reading from socket); skipped for 0.2 s at a "
        "time until it answers",
    )
    assert [level for level, _ in said] == ["WARNING", "INFO"]
    assert said[1][1].startswith("test cache answers again after 0.")


def test_success_while_closed_says_nothing(caplog):
    breaker = CircuitBreaker("test cache", pause_seconds=lambda: 5)
    caplog.set_level("INFO", logger="common.circuit")

    for _ in range(3):
        assert breaker.allow()
        breaker.succeeded()

    assert caplog.records == []


def test_reset_closes_without_a_word(caplog):
    breaker = CircuitBreaker("test cache", pause_seconds=lambda: 60)
    breaker.failed(ConnectionError("refused"))
    caplog.clear()

    breaker.reset()

    assert (breaker.is_open, breaker.allow(), caplog.records) == (False, True, [])
