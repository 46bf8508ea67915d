from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path(
        "events/<slug:slug>/pemenang.<str:fmt>",
        views.event_winners_download,
        name="event-winners-download",
    ),
]
