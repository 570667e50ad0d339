from django.urls import path

from convene.strategy import views

# Cases and discussions by id only: never a child's name in a URL.
D = "cases/<int:case_id>/strategy/<int:discussion_id>/"

urlpatterns = [
    path(
        "cases/<int:case_id>/concerns/<int:concerns_id>/strategy/new/",
        views.strategy_new,
        name="strategy_new",
    ),
    path(D, views.strategy_detail, name="strategy_detail"),
    path(D + "plan/", views.strategy_plan, name="strategy_plan"),
    path(D + "invitees/", views.strategy_invitees, name="strategy_invitees"),
    path(
        D + "invitees/<int:invitee_id>/", views.strategy_invitee_edit, name="strategy_invitee_edit"
    ),
    path(
        D + "invitees/<int:invitee_id>/remove/",
        views.strategy_invitee_remove,
        name="strategy_invitee_remove",
    ),
    path(D + "attendance/", views.strategy_attendance, name="strategy_attendance"),
    path(D + "information/", views.strategy_information, name="strategy_information"),
    path(D + "agenda/", views.strategy_agenda, name="strategy_agenda"),
    path(D + "analysis/", views.strategy_analysis, name="strategy_analysis"),
    path(D + "decisions/", views.strategy_decisions, name="strategy_decisions"),
    path(D + "actions/", views.strategy_actions, name="strategy_actions"),
    path(
        D + "actions/<int:action_id>/complete/",
        views.strategy_action_complete,
        name="strategy_action_complete",
    ),
    path(D + "authorise/", views.strategy_authorise, name="strategy_authorise"),
    path(D + "record/", views.strategy_record, name="strategy_record"),
    path(
        D + "record/circulated/",
        views.strategy_record_circulated,
        name="strategy_record_circulated",
    ),
]
