from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
]
