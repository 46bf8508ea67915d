from functools import cache, partial
from urllib.parse import urlencode

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

# Each language is offered in its own words, so a reader finds theirs whatever the page's language.
NATIVE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def _page_address(request) -> str:
    # A cached page is shared by every address that differs only in parameters it does not read
    # (common/pagecache.py): its links carry only the parameters it reads, never a visitor's.
    params = getattr(request, "page_cache_params", None)
    if params is None:
        return request.get_full_path()
    query = urlencode([(name, request.GET[name]) for name in params if name in request.GET])
    return f"{request.path}?{query}" if query else request.path


def _language_links(request) -> list[dict]:
    current = get_language()
    return [
        {
            "code": code,
            "name": NATIVE_NAMES.get(code, code),
            "url": translate_url(_page_address(request), code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


def language_links(request) -> dict:
    """The current page's address in every language, for the language switch and hreflang, and
    its own absolute address without the parameters it does not read (og:url)."""
    # Callables: templates that never show the switch (the admin) never pay for it; cached, as
    # a page reads it twice (hreflang links and the switch) and each link resolves the address.
    return {
        "language_links": cache(partial(_language_links, request)),
        "page_url": cache(lambda: request.build_absolute_uri(_page_address(request))),
    }
