"""Who may see and record a conference.

- The council's casework staff see every conference of their council's cases. A partner sees
  a conference they are invited to by name (Attendee.user), read only (need_to_know.py).
- Children's social care, business support and chairs record the reports sent, who is
  invited and what was circulated (`can_user_record_conference`).
- The outcome (who attended, quorum, the decision) is the chair's: a conference chair or the
  business support officer minuting it records it (`can_user_record_outcome`).
- Social workers, managers and business support book a review conference.
"""

from __future__ import annotations

from typing import Any

import rules
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.cases.access import (
    access_case,
    can_user_record_meeting,
    is_council_staff_of_case,
)
from convene.conferences.models import Conference
from convene.people.models import Role


@rules.predicate
def is_chair(user: Any) -> bool:
    return user.role == Role.CONFERENCE_CHAIR


@rules.predicate
def is_chair_or_minute_taker(user: Any) -> bool:
    return user.role in (Role.CONFERENCE_CHAIR, Role.BUSINESS_SUPPORT)


can_user_record_conference = can_user_record_meeting
can_user_record_outcome = is_council_staff_of_case & is_chair_or_minute_taker


@rules.predicate
def is_booker(user: Any) -> bool:
    return user.role in (
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.SERVICE_MANAGER,
        Role.BUSINESS_SUPPORT,
    )


can_user_book_review = is_council_staff_of_case & is_booker


def access_conference(user: Any, case_id: int, conference_id: int) -> Conference:
    """The case's conference, if the user may see it; otherwise 404."""
    case = access_case(user, case_id)
    conference = get_object_or_404(
        Conference.objects.select_related("chair", "booking__enquiry", "plan"),
        pk=conference_id,
        case=case,
    )
    conference.case = case
    if (
        not is_council_staff_of_case(user, case)
        and not conference.attendees.filter(user=user).exists()
    ):
        raise Http404("No such conference")
    return conference
