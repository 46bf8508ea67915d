"""Whole-page cache for the public pages, shared by every app server through the Django cache.

Every cached page's key holds the current *generation*, a random token kept in the cache itself.
Any change to what the public pages show replaces the token (``pages_changed``), so every page
cached before the change is never read again and simply expires. Nothing is kept in the process:
with Redis, all servers see the same token and the same pages.
"""

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "pagecache:generation"


def _new_generation() -> str:
    # A random token, not a counter: a counter that the cache evicted would restart at a value
    # whose pages may still be cached, while a new token can never meet an old page.
    return uuid.uuid4().hex


def generation() -> str:
    """The current generation, created on first use."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def _bump() -> None:
    cache.set(GENERATION_KEY, _new_generation(), timeout=None)


def pages_changed() -> None:
    """Make every cached public page stale: call after any write that a public page shows.

    The token is replaced at once and again when the transaction commits: a page rendered
    between the write and the commit still read the old rows, and must not outlive the commit.
    """
    _bump()
    transaction.on_commit(_bump)


def page_key(request: HttpRequest) -> str:
    # The host is part of the key: pages carry absolute links (Open Graph) to the host asked.
    path = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"pagecache:page:{generation()}:{get_language()}:{path}"


def _signed_in(request: HttpRequest) -> bool:
    # Without a session cookie no one is signed in: the cache hit then needs neither a session
    # nor a user (the hot path of every public page).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_authenticated


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's successful responses to anonymous visitors from the cache.

    Signed-in users (the committee, who may see drafts) always get a fresh page, and their pages
    are never stored. The undecorated view stays reachable as ``__wrapped__``.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or _signed_in(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
