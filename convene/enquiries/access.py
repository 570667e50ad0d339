"""Who may see and change a section 47 enquiry and book the initial conference.

- Whoever may see the case sees its enquiry and the conference booking: the council's staff,
  and every partner with a live engagement on the case (police, health, education), read only.
  Working Together expects the agencies in the strategy discussion to share information for
  and contribute to the enquiry, and the engagement (with its purpose and end date) is the
  need-to-know. Hiding the enquiry from the engaged paediatrician or school while the case
  page, its timeline and clocks showed its outcome and conference protected nothing, and made
  pages and API disagree; now pages, API and exports answer alike (`can_user_view_case`).
- Social work practitioners (social workers and managers) of the council start the enquiry
  and record it; partners never do.
- The conference is booked by business support, a social worker or a manager.
- Only a manager records agreement to a conference booked later than the procedure allows.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from convene.cases.access import (
    access_case,
    can_user_authorise_as_manager,
    can_user_edit_case,
    can_user_view_case,
    is_council_staff_of_case,
)
from convene.enquiries.models import Section47Enquiry
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
    """The same answer as for the enquiry's case: see the module's docstring."""
    return bool(can_user_view_case(user, enquiry.case))


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
    # access_case has answered can_user_view_case, which is can_user_view_enquiry: no second
    # engagement lookup.
    return enquiry


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
