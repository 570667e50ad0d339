"""Exports of a child's record. URLs name the case and discussion by number only."""

from django.urls import path

from convene.exports import views

urlpatterns = [
    path(
        "cases/<int:case_id>/chronology.csv",
        views.case_chronology_csv,
        name="case_chronology_csv",
    ),
    path(
        "cases/<int:case_id>/strategy/<int:discussion_id>/record.pdf",
        views.strategy_record_pdf,
        name="strategy_record_pdf",
    ),
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/record.pdf",
        views.conference_record_pdf,
        name="conference_record_pdf",
    ),
    path(
        "cases/<int:case_id>/conferences/<int:conference_id>/parents-copy.pdf",
        views.conference_parents_copy_pdf,
        name="conference_parents_copy_pdf",
    ),
]
