from django.urls import path

from convene.plans import views

urlpatterns = [
    path("cases/<int:case_id>/plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path(
        "cases/<int:case_id>/plans/<int:plan_id>/items/new/",
        views.plan_item_new,
        name="plan_item_new",
    ),
    path(
        "cases/<int:case_id>/plans/<int:plan_id>/items/<int:item_id>/status/",
        views.plan_item_status,
        name="plan_item_status",
    ),
    path(
        "cases/<int:case_id>/plans/<int:plan_id>/core-groups/new/",
        views.core_group_new,
        name="core_group_new",
    ),
    path(
        "cases/<int:case_id>/plans/<int:plan_id>/visits/new/",
        views.visit_new,
        name="visit_new",
    ),
    path("cases/<int:case_id>/plans/<int:plan_id>/end/", views.plan_end, name="plan_end"),
    path(
        "cases/<int:case_id>/plans/<int:plan_id>/versions/<int:number>/",
        views.plan_version,
        name="plan_version",
    ),
    path("cases/<int:case_id>/plans/<int:plan_id>/move/", views.plan_move, name="plan_move"),
    path(
        "cases/<int:case_id>/plans/<int:plan_id>/move/receiving-conference/",
        views.receiving_conference,
        name="receiving_conference",
    ),
    path(
        "cases/<int:case_id>/plans/<int:plan_id>/frequency/",
        views.core_group_frequency,
        name="core_group_frequency",
    ),
    path(
        "cases/<int:case_id>/plans/<int:plan_id>/core-groups/<int:meeting_id>/distributed/",
        views.plan_distributed,
        name="plan_distributed",
    ),
]
