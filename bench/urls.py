from django.http import HttpResponse
from django.urls import path

from results import selectors as published
from results import views
from smartcity_awards.urls import urlpatterns as site_urlpatterns


def trivial(request):
    """The floor: a Django view through the whole middleware stack that does nothing."""
    return HttpResponse("ok", content_type="text/plain")


def event_reads(request, slug: str):
    """The event page's reads without its rendering: what a page-cache miss costs at the least
    (every version of the event with its event and signatories, and the current one's awards,
    categories and places as rows)."""
    published.current_printed(slug)
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    # The public results page without the page cache, as an anonymous visitor gets it on a miss:
    # every request reads the published version and renders.
    path("bench/uncached/events/<slug:slug>/", views.event_detail.__wrapped__),
    path("bench/reads/events/<slug:slug>/", event_reads),
    *site_urlpatterns,
]
