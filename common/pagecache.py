"""Whole-page cache for the public pages, shared by every app server through the Django cache.

Every cached page is stored with the *generation* it was rendered under, a random token kept in
the cache itself, and is served only while that token is current. Any change to what the public
pages show replaces the token (``pages_changed``), so every page cached before the change is
never served again and is overwritten or expires. The token is never kept in the process: all
workers and servers share one cache (Redis, or the database cache; settings.py), and every
request reads it.

Two layers serve a page again:

- ``cached_page``, on the view: the page is rendered once and stored in the shared cache; a
  hit reads the token and the page in one round trip (``get_many``).
- ``WorkerCopyMiddleware``, early in the middleware stack: the pages this worker served lately
  (``_WORKER_PAGES``), as they left the stack, with every header. A request for one of them
  reads the token alone and, while it is the page's own, is answered there, without sessions,
  language negotiation, URL resolving or the view (Django's own cache middleware works the same
  way; it has no generation, so it could not retire a page at once).

The cache is an optimisation, never a dependency: when it does not answer, pages are rendered
from the database and saves succeed. A save during an outage cannot replace the token, so the
token itself lives at most ``PAGE_GENERATION_SECONDS``: pages cached before an outage are read
for at most that long after it, then a new token retires them all. A cache that hangs or is down
is asked once per ``CACHE_BREAKER_SECONDS`` per worker, not once per request
(``shared_cache_breaker``, common/circuit.py); saves always try to replace the token.
"""

import hashlib
import logging
import math
import uuid
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext, suppress
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import connections, router, transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language

from common.circuit import CircuitBreaker
from common.release import release

GENERATION_KEY = "pagecache:generation"

logger = logging.getLogger(__name__)

shared_cache_breaker = CircuitBreaker(
    "shared cache", pause_seconds=lambda: getattr(settings, "CACHE_BREAKER_SECONDS", 5)
)


@receiver(setting_changed)
def _cache_replaced(*, setting: str, **kwargs) -> None:
    # A test that points the cache elsewhere starts with a closed breaker, and leaves one.
    if setting == "CACHES":
        shared_cache_breaker.reset()


class CacheUnavailable(Exception):
    """The cache did not answer; the caller renders from the database instead."""


def _own_savepoint() -> AbstractContextManager:
    # The database cache's statements run on the request's connection. Inside a save's
    # transaction a failing one (the table never created: `manage.py createcachetable`) would
    # abort the whole transaction on PostgreSQL, and every later statement of the save would fail
    # with "current transaction is aborted"; in a savepoint of its own only the cache call fails.
    model = getattr(cache, "cache_model_class", None)
    if model is None:
        return nullcontext()
    using = router.db_for_write(model)
    if not connections[using].in_atomic_block:
        return nullcontext()
    return transaction.atomic(using=using)


def ask_shared(call: Callable, *args, **kwargs):
    """Make one call to the shared cache, and tell the breaker how it went. Raises
    CacheUnavailable."""
    try:
        with _own_savepoint():
            result = call(*args, **kwargs)
    except Exception as exc:  # any backend's error: redis, database, file system
        shared_cache_breaker.failed(exc)
        raise CacheUnavailable from exc
    shared_cache_breaker.succeeded()
    return result


def _shared(call: Callable, *args, **kwargs):
    """``ask_shared``, skipped at once while the breaker is open. Raises CacheUnavailable."""
    if not shared_cache_breaker.allow():
        raise CacheUnavailable
    return ask_shared(call, *args, **kwargs)


def shared_or(default, call: Callable, *args, **kwargs):
    """One call to the shared cache for a caller that can do without it (a lock, a count): the
    answer, or ``default`` at once while the breaker is open or when the call fails."""
    try:
        return _shared(call, *args, **kwargs)
    except CacheUnavailable:
        return default


def _new_generation() -> str:
    # A random token, not a counter: a counter that the cache evicted would restart at a value
    # whose pages may still be cached, while a new token can never meet an old page.
    return uuid.uuid4().hex


def generation() -> str:
    """The current generation, created on first use. Raises CacheUnavailable."""
    value = _shared(cache.get, GENERATION_KEY)
    if value is None:
        _shared(cache.add, GENERATION_KEY, _new_generation(), timeout=settings.PAGE_GENERATION_SECONDS)
        value = _shared(cache.get, GENERATION_KEY)
    if value is None:  # evicted at once (a full cache): treat as no cache
        raise CacheUnavailable
    return value


def _bump() -> None:
    # Past the breaker: a save is rare, and a worker whose breaker opened on a passing fault must
    # not leave every other worker serving what the save changed.
    try:
        ask_shared(cache.set, GENERATION_KEY, _new_generation(), timeout=settings.PAGE_GENERATION_SECONDS)
    except CacheUnavailable:
        # The save goes on; the token's bounded lifetime retires the pages this could not.
        logger.warning(
            "page cache unavailable: the generation was not replaced; pages cached before this "
            "save may be served for up to %s s once the cache answers",
            settings.PAGE_GENERATION_SECONDS,
        )


def pages_changed() -> None:
    """Make every cached public page stale: call after any write that a public page shows.

    The token is replaced at once and again when the transaction commits: a page rendered
    between the write and the commit still read the old rows, and must not outlive the commit.
    """
    _bump()
    transaction.on_commit(_bump)


def page_key(request: HttpRequest, params: Iterable[str] = ()) -> str:
    """The cache key of this request's page: only the query parameters the page reads count.

    Any other parameter (``?utm_source=``, a random one) gives the same key, so no one can fill
    the cache by varying the address.
    """
    query = urlencode(sorted((name, request.GET.get(name, "")) for name in params if name in request.GET))
    # The host is part of the key: pages carry absolute links (Open Graph) to the host asked.
    path = hashlib.sha256(f"{request.get_host()}{request.path}?{query}".encode()).hexdigest()
    # "page3": entries hold (generation, content, type, validators); a release that stored
    # another shape must never read these (nor this code read its), e.g. during a rollback on a
    # shared Redis.
    return f"pagecache:page3:{release()}:{get_language()}:{path}"


# Session keys this worker found to hold no user: a made-up cookie, one left from a session
# that expired or was deleted, an anonymous session. Such a key never becomes a signed-in one:
# signing in always gives the session a new key (Django's login() cycles it, against session
# fixation), and the server never hands out a key a client made up. So a request that carries one
# is anonymous without reading the session again, and is served from the cache like one without a
# cookie. Bounded: emptied when full (a client sending a new key each time costs a session query
# each time, as it would without this).
_ANONYMOUS_SESSION_KEYS: set[str] = set()
ANONYMOUS_SESSION_KEYS_LIMIT = 4096


def _known_anonymous(request: HttpRequest) -> bool:
    """No session cookie, or one this worker already found to hold no user."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    return key is None or key in _ANONYMOUS_SESSION_KEYS


def _signed_in(request: HttpRequest) -> bool:
    # Without a session cookie no one is signed in: the cache hit then needs neither a session
    # nor a user (the hot path of every public page).
    if _known_anonymous(request):
        return False
    if request.user.is_authenticated:
        return True
    # A user id that no longer loads (an account made inactive) could load again under the same
    # key: only a session that names no user at all is remembered.
    if SESSION_KEY not in request.session:
        if len(_ANONYMOUS_SESSION_KEYS) >= ANONYMOUS_SESSION_KEYS_LIMIT:
            _ANONYMOUS_SESSION_KEYS.clear()
        _ANONYMOUS_SESSION_KEYS.add(request.COOKIES[settings.SESSION_COOKIE_NAME])
    return False


# The validators a cached page is served with again (ConditionalGetMiddleware answers 304 by them).
KEPT_HEADERS = ("ETag", "Last-Modified")


def public_cache_control(response: HttpResponse) -> HttpResponse:
    """Let a shared cache in front of the app (nginx, docs/deploy.md) keep a public page for
    ``PUBLIC_CACHE_SECONDS`` and then revalidate it; browsers revalidate every time (a 304 when
    nothing was published: ETag and Last-Modified come from the version)."""
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PUBLIC_CACHE_SECONDS,
        stale_while_revalidate=settings.PUBLIC_CACHE_SECONDS,
        # While the app servers fail, nginx may serve the last good copy this long, never longer
        # (deploy/nginx-app.conf leaves every stale age to these two).
        stale_if_error=settings.PUBLIC_STALE_IF_ERROR_SECONDS,
    )
    return response


def content_etag(response: HttpResponse, *parts: str) -> str:
    """An ETag that changes with anything the response shows (its bytes) and with the release,
    led by ``parts`` (the versions it was drawn from, its language) for whoever reads it."""
    digest = hashlib.sha256(response.content).hexdigest()[:12]
    return '"' + "-".join([*parts, release(), digest]) + '"'


def _response(stored: tuple) -> HttpResponse:
    _generation, content, content_type, headers, _valid_until = stored
    response = HttpResponse(content, content_type=content_type)
    for name, value in headers.items():
        response[name] = value
    return public_cache_control(response)


def keep_until(response: HttpResponse, moment) -> HttpResponse:
    """Say that this page changes by itself at ``moment`` (an appeal window closing), with no
    write to make the pages stale: no cache layer keeps it past that time."""
    if moment is not None:
        response.page_cache_until = moment
    return response


def _until(response: HttpResponse):
    return getattr(response, "page_cache_until", None)


def _still_true(until) -> bool:
    """Whether a kept page still says what is true: checked on every read, since a cache's own
    expiry runs on its clock, and a page must not outlive its ``keep_until`` by a second."""
    return until is None or timezone.now() < until


def _seconds_kept(response: HttpResponse) -> int:
    until = _until(response)
    if until is None:
        return settings.PAGE_CACHE_SECONDS
    left = math.ceil((until - timezone.now()).total_seconds())
    return max(1, min(settings.PAGE_CACHE_SECONDS, left))


def cached_page(*, params: Iterable[str] = ()) -> Callable:
    """Serve the view's successful responses to anonymous visitors from the cache.

    ``params`` names the query parameters the view reads; the others are not part of the key.
    Signed-in users (the committee, who may see drafts) always get a fresh page, and their pages
    are never stored. The undecorated view stays reachable as ``__wrapped__``.
    """
    params = tuple(params)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in ("GET", "HEAD") or _signed_in(request):
                return view(request, *args, **kwargs)
            request.page_cache_params = params
            key = page_key(request, params)
            try:
                found = _shared(cache.get_many, [GENERATION_KEY, key])
                current = found.get(GENERATION_KEY) or generation()
            except CacheUnavailable:  # the breaker logs the outage once, not here per request
                return view(request, *args, **kwargs)
            stored = found.get(key)
            if stored is not None and stored[0] == current and _still_true(stored[4]):
                request.page_cache_generation = current
                return _response(stored)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                public_cache_control(response)
                kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
                # Not stored, the page goes out all the same; the breaker has said why.
                with suppress(CacheUnavailable):
                    _shared(
                        cache.set,
                        key,
                        (current, response.content, response["Content-Type"], kept, _until(response)),
                        _seconds_kept(response),
                    )
                # The page was rendered under ``current``: WorkerCopyMiddleware keeps it as such.
                request.page_cache_generation = current
            return response

        return wrapper

    return decorator


# The pages this worker served lately, by host and path, as WorkerCopyMiddleware saw them leave
# the stack: (generation, content, headers, last modified). Bounded: emptied when full.
_WORKER_PAGES: dict[tuple[str, str], tuple] = {}
WORKER_PAGES_LIMIT = 256


class WorkerCopyMiddleware:
    """Answer a request for a public page this worker served under the current generation.

    It sits after WhiteNoise and before the session middleware (settings.MIDDLEWARE). Only
    anonymous GET and HEAD requests without a query string are answered here (without a session
    cookie, or with one ``cached_page`` found to hold no user; the language
    of a public page is in its path, so host and path name the page); a query string goes to
    the view, whose ``cached_page`` ignores the parameters the page does not read. A page is
    kept only when ``cached_page`` served it as a 200 without cookies, under the generation it
    was rendered under, so a publish between the render and this point cannot keep a stale page
    as current. The copy keeps every header the stack below set (Vary, Content-Language,
    X-Frame-Options, ETag…); the middleware above it (security, CSP) still runs on every answer,
    and a repeated request gets its 304 here as ConditionalGetMiddleware would give it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or request.META.get("QUERY_STRING")
            or not _known_anonymous(request)
        ):
            return self.get_response(request)
        try:
            where = (request.get_host(), request.path)
        except DisallowedHost:
            return self.get_response(request)  # the stack below answers 400
        kept = _WORKER_PAGES.get(where)
        if kept is not None:
            try:
                current = generation()
            except CacheUnavailable:
                current = None  # the view renders from the database
            if kept[0] == current and _still_true(kept[4]):
                return self._answer(request, kept)
        response = self.get_response(request)
        rendered_under = getattr(request, "page_cache_generation", None)
        if (
            rendered_under is not None
            and request.method == "GET"
            # Kept as a visitor without any cookie gets it, whoever asked first.
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            if len(_WORKER_PAGES) >= WORKER_PAGES_LIMIT:
                _WORKER_PAGES.clear()
            last_modified = response.get("Last-Modified")
            _WORKER_PAGES[where] = (
                rendered_under,
                response.content,
                tuple(response.items()),
                last_modified and parse_http_date_safe(last_modified),
                _until(response),
            )
        return response

    @staticmethod
    def _answer(request: HttpRequest, kept: tuple) -> HttpResponse:
        _generation, content, headers, last_modified, _valid_until = kept
        response = HttpResponse(content)
        for name, value in headers:
            response.headers[name] = value
        if request.method != "GET":
            return response
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
