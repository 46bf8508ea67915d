from django.urls import path

from offices import views

app_name = "offices"

# An office's own page shows the places it won, so it is served by awards (awards:office-detail).
urlpatterns = [
    path("", views.office_list, name="office-list"),
]
