"""The public addresses: the same as when awards served them (a version's address is permanent)."""

from django.urls import path

from awards import converters  # noqa: F401  (converters registers certfmt, cardshape, odfmt)
from results import views

app_name = "results"


urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("events/<slug:slug>/v<int:number>/", views.event_version, name="event-version"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("places/<int:pk>/certificate.<certfmt:fmt>", views.place_certificate, name="place-certificate"),
    path("places/<int:pk>/card-<cardshape:shape>.png", views.place_card, name="place-card"),
    path("offices/<slug:slug>/", views.office_detail, name="office-detail"),
    path("channels/<slug:code>/", views.channel_detail, name="channel-detail"),
    path(
        "events/<slug:slug>/pemenang.<str:fmt>",
        views.event_winners_download,
        name="event-winners-download",
    ),
    path("open-data/events.json", views.open_data_index, name="open-data-index"),
    path("open-data/events/<slug:slug>.<odfmt:fmt>", views.open_data_event, name="open-data-event"),
    path(
        "open-data/events/<slug:slug>/v<int:number>.<odfmt:fmt>",
        views.open_data_version,
        name="open-data-version",
    ),
]
