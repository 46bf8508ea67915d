"""The installation's government as every page, printout and time reads it: one home.

A page that is drawn reads the row once (one query, kept for the rest of that request by
offices.middleware); the pages the page cache answers never read it. It is not kept in the
shared cache: the admin must work while that cache is down, and one indexed query per page drawn
costs less than a cache round trip that may time out. Without a row (a database emptied by hand)
or while the database is down, the model's defaults stand in, so no page fails for want of it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from offices.models import Government

# The government read by the current request, if it has read it (set by the middleware).
_request_copy: ContextVar[dict | None] = ContextVar("government_request_copy", default=None)


def _read() -> Government:
    try:
        return Government.objects.filter(pk=1).first() or Government()
    except DatabaseError:
        return Government()


def government() -> Government:
    """The government: read once per request, or on every call outside one (tasks, commands)."""
    copy = _request_copy.get()
    if copy is None:
        return _read()
    if "government" not in copy:
        copy["government"] = _read()
    return copy["government"]


@contextmanager
def government_per_request():
    """Within it, the government is read at most once (offices.middleware wraps each request)."""
    token = _request_copy.set({})
    try:
        yield
    finally:
        _request_copy.reset(token)


def government_forget(**kwargs) -> None:
    """A saved change is read again by the rest of the request that saved it."""
    copy = _request_copy.get()
    if copy is not None:
        copy.pop("government", None)


def public_address() -> str:
    """The site's public address printed under QR codes, without a trailing slash."""
    return (government().public_address or settings.PUBLIC_BASE_URL).rstrip("/")


@contextmanager
def government_time():
    """Times read and printed inside follow the government's zone (tasks, commands, printouts)."""
    with timezone.override(government().zone):
        yield
