from django.urls import path

from judging import views

app_name = "judging"

urlpatterns = [
    path("", views.judging_home, name="home"),
    path("<slug:slug>/", views.judging_event, name="event"),
    path("<slug:slug>/offices/<slug:office_slug>/", views.judging_office, name="office"),
    path("<slug:slug>/offices/<slug:office_slug>/conflict/", views.judging_conflict, name="conflict"),
    path("<slug:slug>/committee/", views.judging_committee, name="committee"),
    path("<slug:slug>/committee/lock/", views.judging_lock, name="lock"),
    path("<slug:slug>/committee/unlock/", views.judging_unlock, name="unlock"),
    path("<slug:slug>/committee/finalise/", views.judging_finalise, name="finalise"),
    path("<slug:slug>/committee/reopen/", views.judging_reopen, name="reopen"),
    path("<slug:slug>/committee/scores.<str:fmt>", views.judging_export, name="export"),
]
