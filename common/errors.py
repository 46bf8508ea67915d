"""The project's error pages, as Django's own, with what a shared cache needs to know."""

from django.views import defaults

from common.pagecache import public_cache_control


def page_not_found(request, exception):
    """Django's 404, cacheable for as long as a public page when a visitor asked: nginx then
    replaces a copy it kept of a page that is gone (a withdrawn certificate, a removed office)
    instead of serving it stale, and cannot be made to ask the app again and again."""
    response = defaults.page_not_found(request, exception)
    user = getattr(request, "user", None)
    if request.method in ("GET", "HEAD") and not (user and user.is_authenticated):
        public_cache_control(response)
    return response
