"""The site's URLs plus one view that fails, to see what the public gets from an error."""

from django.urls import path

from smartcity_awards.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("secret detail that must not reach the public")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]
