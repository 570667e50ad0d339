from django.urls import path

from convene.work import views

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("cases/", views.case_list, name="case_list"),
    path("team/", views.team_work, name="team_work"),
    path("council/", views.council_overview, name="council_overview"),
]
