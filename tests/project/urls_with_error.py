"""The site's URLs plus one view that fails, to see what the public gets from an error."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from smartcity_awards.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("secret detail that must not reach the public")


# Like the public pages, the failing page carries its language in its address (/en/broken/).
urlpatterns = [*i18n_patterns(path("broken/", broken_view), prefix_default_language=False), *site_urlpatterns]
