"""The conference pages, a module per step (see each). URLs name them from here."""

from convene.conferences.views.after import (
    agency_views,
    amendment_decide,
    amendment_new,
    conference_adjourn,
    conference_circulate,
    conference_outcome,
)
from convene.conferences.views.before import (
    agency_report,
    conference_invite,
    conference_reports,
    exclusion_decide,
    exclusion_request,
    family_meeting,
)
from convene.conferences.views.booking import review_book, transfer_in
from convene.conferences.views.detail import conference_detail

__all__ = [
    "agency_report",
    "agency_views",
    "amendment_decide",
    "amendment_new",
    "conference_adjourn",
    "conference_circulate",
    "conference_detail",
    "conference_invite",
    "conference_outcome",
    "conference_reports",
    "exclusion_decide",
    "exclusion_request",
    "family_meeting",
    "review_book",
    "transfer_in",
]
