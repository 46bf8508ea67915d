from django.http import HttpResponse
from django.urls import path

from awards import views
from smartcity_awards.urls import urlpatterns as site_urlpatterns


def trivial(request):
    """The floor: a Django view through the whole middleware stack that does nothing."""
    return HttpResponse("ok", content_type="text/plain")


def event_reads(request, slug: str):
    """The event page's reads without its rendering: what a page-cache miss costs at the least."""
    views.event_page_data(request, slug)
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    # The results page without the page cache: every request reads the database and renders.
    path("bench/uncached/events/<slug:slug>/", views.event_detail.__wrapped__),
    path("bench/reads/events/<slug:slug>/", event_reads),
    *site_urlpatterns,
]
