"""The child, the contact, concerns, the case page, its timeline, and partners' access.
URLs name the case by its number only."""

from django.urls import path

from convene.cases import views

urlpatterns = [
    path("cases/new/", views.contact_new, name="contact_new"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/contact/decision/", views.contact_decision, name="contact_decision"),
    path(
        "cases/<int:case_id>/contact/acknowledged/",
        views.referrer_acknowledged,
        name="referrer_acknowledged",
    ),
    path("cases/<int:case_id>/child/", views.child_edit, name="child_edit"),
    path(
        "cases/<int:case_id>/household/new/",
        views.household_member_new,
        name="household_member_new",
    ),
    path(
        "cases/<int:case_id>/household/<int:member_id>/",
        views.household_member_edit,
        name="household_member_edit",
    ),
    path("cases/<int:case_id>/concerns/new/", views.concerns_new, name="concerns_new"),
    path(
        "cases/<int:case_id>/services/new/",
        views.agency_involvement_new,
        name="agency_involvement_new",
    ),
    path("cases/<int:case_id>/timeline/", views.case_timeline_view, name="case_timeline_view"),
    path("cases/<int:case_id>/access/", views.case_access, name="case_access"),
    path(
        "cases/<int:case_id>/access/<int:engagement_id>/remove/",
        views.engagement_revoke,
        name="engagement_revoke",
    ),
    path("cases/<int:case_id>/allocate/", views.case_allocate, name="case_allocate"),
]
