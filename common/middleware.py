"""Request middleware: the language (public pages by their address, the admin by the user's
choice) and refusing query strings no page can use."""

from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.middleware import locale
from django.utils import translation
from django.utils.translation import gettext as _

# The admin and the language view are outside i18n_patterns. Django would give them the
# default language (Indonesian) whatever the user chose; here they keep the usual choice from
# the language cookie or the browser, as the admin had before the public pages got prefixes.
_NEGOTIATED_PREFIXES = ("/admin/", "/i18n/")


class LocaleMiddleware(locale.LocaleMiddleware):
    def process_request(self, request) -> None:
        super().process_request(request)
        if request.path_info.startswith(_NEGOTIATED_PREFIXES):
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()


# Date parts the admin's date hierarchy and filters put in the address, and the values the
# database's date functions accept: Python's dates end at year 9999, and year 0 does not exist.
_DATE_PART_RANGES = {"__year": (1, 9999), "__month": (1, 12), "__day": (1, 31)}


def query_problem(query: QueryDict) -> str | None:
    """What is wrong with this query string, in words, or None when nothing is."""
    for name, values in query.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return _("The parameter “%(name)s” contains a NUL character.") % {
                "name": name.replace("\x00", "")
            }
        for suffix, (low, high) in _DATE_PART_RANGES.items():
            if name.endswith(suffix):
                for value in values:
                    try:
                        number = int(value)
                    except ValueError:
                        number = None
                    if number is None or not low <= number <= high:
                        return _(
                            "The parameter “%(name)s” must be a whole number from %(low)d to %(high)d."
                        ) % {
                            "name": name,
                            "low": low,
                            "high": high,
                        }
    return None


class BadQueryMiddleware:
    """Refuses a query string that no page can use (a NUL character, a date part out of range)
    with a 400 naming the parameter, before a view hands it to the database, where it would fail
    (PostgreSQL stores no NUL in text; dates end at year 9999) as a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = query_problem(request.GET)
        if problem is not None:
            return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # A read whose address carries a value its column cannot hold (an admin filter
        # ?ip_address=x on PostgreSQL's inet, an integer past 64 bits): the database refuses it as
        # DataError, which is the visitor's input, not our fault. Writes keep their 500.
        if isinstance(exception, DataError) and request.method in ("GET", "HEAD") and request.GET:
            return HttpResponseBadRequest(
                _("A value in the address is not valid for what it filters."),
                content_type="text/plain; charset=utf-8",
            )
        return None
