"""Who may see and change a section 47 enquiry and book the initial conference.

- The council's casework staff see the enquiry and the conference booking. A partner engaged
  on the case sees them, read only, when they may see the strategy discussion that decided on
  the enquiry (invited to it, or sent its record: convene/need_to_know.py): Working Together
  expects the agencies in the strategy discussion to contribute to the enquiry. Pages, API and
  exports answer alike.
- Social work practitioners (social workers and managers) of the council start the enquiry
  and record it; partners never do.
- The conference is booked by business support, a social worker or a manager.
- Only a manager records agreement to a conference booked later than the procedure allows.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.cases.access import (
    access_case,
    can_user_authorise_as_manager,
    can_user_edit_case,
    can_user_view_case,
    is_council_staff_of_case,
)
from convene.enquiries.models import Section47Enquiry
from convene.need_to_know import sight_of
from convene.people.models import Role


@rules.predicate
def is_conference_booker(user: Any) -> bool:
    return user.role in (
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.SERVICE_MANAGER,
        Role.BUSINESS_SUPPORT,
    )


@rules.predicate
def can_user_view_enquiry(user: Any, enquiry: Section47Enquiry) -> bool:
    """See the module's docstring."""
    return bool(
        can_user_view_case(user, enquiry.case)
        and sight_of(user, enquiry.case).sees_enquiry(enquiry)
    )


@rules.predicate
def can_user_edit_enquiry(user: Any, enquiry: Section47Enquiry) -> bool:
    return bool(can_user_edit_case(user, enquiry.case))


@rules.predicate
def can_user_book_conference(user: Any, enquiry: Section47Enquiry) -> bool:
    return bool(is_council_staff_of_case(user, enquiry.case) and is_conference_booker(user))


@rules.predicate
def can_user_agree_conference_delay(user: Any, enquiry: Section47Enquiry) -> bool:
    return bool(can_user_authorise_as_manager(user, enquiry.case))


rules.add_perm("enquiries.view_section47enquiry", can_user_view_enquiry)
rules.add_perm("enquiries.change_section47enquiry", can_user_edit_enquiry)


def access_enquiry(user: Any, case_id: int, enquiry_id: int) -> Section47Enquiry:
    """The enquiry, if the user may see it; otherwise 404, as for a case they may not see."""
    case = access_case(user, case_id)
    enquiry = get_object_or_404(
        Section47Enquiry.objects.select_related("lead_social_worker", "strategy_discussion"),
        pk=enquiry_id,
        case=case,
    )
    enquiry.case = case  # already loaded, with the relations access_case selects
    # A partner sees the enquiry that followed a discussion they may see (need_to_know.py).
    if not sight_of(user, case).sees_enquiry(enquiry):
        raise Http404("No such enquiry")
    return enquiry


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
