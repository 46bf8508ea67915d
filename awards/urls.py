from django.urls import path

from awards import converters, views  # noqa: F401  (converters registers certfmt, cardshape)

app_name = "awards"


urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("places/<int:pk>/certificate.<certfmt:fmt>", views.place_certificate, name="place-certificate"),
    path("places/<int:pk>/card-<cardshape:shape>.png", views.place_card, name="place-card"),
    path("offices/<slug:slug>/", views.office_detail, name="office-detail"),
    path("channels/<slug:code>/", views.channel_detail, name="channel-detail"),
    path(
        "events/<slug:slug>/pemenang.<str:fmt>",
        views.event_winners_download,
        name="event-winners-download",
    ),
    path("judging/", views.judging_home, name="judging-home"),
    path("judging/<slug:slug>/", views.judging_event, name="judging-event"),
    path("judging/<slug:slug>/offices/<slug:office_slug>/", views.judging_office, name="judging-office"),
    path(
        "judging/<slug:slug>/offices/<slug:office_slug>/conflict/",
        views.judging_conflict,
        name="judging-conflict",
    ),
    path("judging/<slug:slug>/committee/", views.judging_committee, name="judging-committee"),
    path("judging/<slug:slug>/committee/lock/", views.judging_lock, name="judging-lock"),
    path("judging/<slug:slug>/committee/unlock/", views.judging_unlock, name="judging-unlock"),
    path("judging/<slug:slug>/committee/finalise/", views.judging_finalise, name="judging-finalise"),
    path("judging/<slug:slug>/committee/scores.<str:fmt>", views.judging_export, name="judging-export"),
]
