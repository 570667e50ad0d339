from django.urls import path

from convene.conferences import views

urlpatterns = [
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/",
        views.conference_detail,
        name="conference_detail",
    ),
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/reports/",
        views.conference_reports,
        name="conference_reports",
    ),
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/invite/",
        views.conference_invite,
        name="conference_invite",
    ),
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/outcome/",
        views.conference_outcome,
        name="conference_outcome",
    ),
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/adjourn/",
        views.conference_adjourn,
        name="conference_adjourn",
    ),
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/circulate/",
        views.conference_circulate,
        name="conference_circulate",
    ),
    path("cases/<int:case_id>/transfer-in/", views.transfer_in, name="transfer_in"),
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/family-meeting/",
        views.family_meeting,
        name="family_meeting",
    ),
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/amendments/new/",
        views.amendment_new,
        name="amendment_new",
    ),
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/amendments/<int:amendment_id>/",
        views.amendment_decide,
        name="amendment_decide",
    ),
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/exclusions/new/",
        views.exclusion_request,
        name="exclusion_request",
    ),
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/exclusions/<int:exclusion_id>/",
        views.exclusion_decide,
        name="exclusion_decide",
    ),
    path(
        "cases/<int:case_id>/plans/<int:plan_id>/review/",
        views.review_book,
        name="review_book",
    ),
]
