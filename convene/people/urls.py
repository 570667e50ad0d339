"""A council's administration (its people, teams and closure days), for its administrators;
and the set-password page a new person's emailed link opens."""

from django.urls import path

from convene.people import views

urlpatterns = [
    path("administration/", views.administration, name="administration"),
    path("administration/people/", views.people_list, name="people_list"),
    path("administration/people/new/", views.person_new, name="person_new"),
    path("administration/people/<int:person_id>/", views.person_detail, name="person_detail"),
    path(
        "administration/people/<int:person_id>/active/",
        views.person_active,
        name="person_active",
    ),
    path(
        "administration/people/<int:person_id>/set-password-email/",
        views.person_set_password_email,
        name="person_set_password_email",
    ),
    path("administration/teams/", views.team_list, name="team_list"),
    path("administration/teams/<int:team_id>/", views.team_rename, name="team_rename"),
    path("administration/closure-days/", views.closure_day_list, name="closure_day_list"),
    path(
        "administration/closure-days/<int:closure_id>/remove/",
        views.closure_day_remove,
        name="closure_day_remove",
    ),
    path(
        "set-password/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="set_password",
    ),
    path("set-password/done/", views.SetPasswordDoneView.as_view(), name="set_password_done"),
]
