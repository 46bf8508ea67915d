from django.urls import path

from offices import views

app_name = "offices"

urlpatterns = [
    path("", views.office_list, name="office-list"),
    path("<slug:slug>/", views.office_detail, name="office-detail"),
]
