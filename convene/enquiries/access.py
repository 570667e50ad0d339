"""Who may see and change a section 47 enquiry and book the initial conference.

- Council staff of the case see the enquiry; social work practitioners (social workers and
  managers) start it and record it.
- A partner sees it only where they take part in it: a police officer with a live engagement
  on the case, when the enquiry is joint (Working Together: the police lead the criminal
  investigation in a joint enquiry). Other partners engaged on the case help through the
  strategy discussion and the conference, not the enquiry record, so to them it does not exist.
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
    is_council_staff_of_case,
    is_engaged_on_case,
    is_police_officer,
)
from convene.enquiries.models import Section47Enquiry
from convene.people.models import Role


@rules.predicate
def is_joint_enquiry(user: Any, enquiry: Section47Enquiry) -> bool:
    return enquiry.kind == "joint"


@rules.predicate
def is_council_staff_of_enquiry(user: Any, enquiry: Section47Enquiry) -> bool:
    return is_council_staff_of_case(user, enquiry.case)


@rules.predicate
def is_engaged_on_enquiry(user: Any, enquiry: Section47Enquiry) -> bool:
    return is_engaged_on_case(user, enquiry.case)


@rules.predicate
def is_conference_booker(user: Any) -> bool:
    return user.role in (
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.SERVICE_MANAGER,
        Role.BUSINESS_SUPPORT,
    )


can_user_view_enquiry = is_council_staff_of_enquiry | (
    is_engaged_on_enquiry & is_police_officer & is_joint_enquiry
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
    if not can_user_view_enquiry(user, enquiry):
        raise Http404("No such enquiry")
    return enquiry


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
