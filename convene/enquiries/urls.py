from django.urls import path

from convene.enquiries import views

urlpatterns = [
    path(
        "cases/<int:case_id>/strategy/<int:discussion_id>/enquiry/start/",
        views.enquiry_start,
        name="enquiry_start",
    ),
    path(
        "cases/<int:case_id>/enquiry/<int:enquiry_id>/",
        views.enquiry_detail,
        name="enquiry_detail",
    ),
    path(
        "cases/<int:case_id>/enquiry/<int:enquiry_id>/child-seen/",
        views.enquiry_child_seen,
        name="enquiry_child_seen",
    ),
    path(
        "cases/<int:case_id>/enquiry/<int:enquiry_id>/outcome/",
        views.enquiry_outcome,
        name="enquiry_outcome",
    ),
    path(
        "cases/<int:case_id>/enquiry/<int:enquiry_id>/conference/",
        views.conference_book,
        name="conference_book",
    ),
    path(
        "cases/<int:case_id>/enquiry/<int:enquiry_id>/conference/delay/",
        views.conference_delay_agree,
        name="conference_delay_agree",
    ),
]
