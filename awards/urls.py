from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("offices/<slug:slug>/", views.office_detail, name="office-detail"),
    path("channels/<slug:code>/", views.channel_detail, name="channel-detail"),
]
