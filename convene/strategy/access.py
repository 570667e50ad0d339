"""Who may do what with a strategy discussion, on top of the case's own predicates.

- Social workers and managers plan the discussion, choose who is invited and record its
  decisions (`can_user_edit_case`).
- Business support (and chairs) minute it: attendance, information shared, agenda, analysis
  and scaling, actions, circulation (`can_user_record_meeting`).
- A partner engaged on the case adds what their own agency knows, and a police officer
  authorises as officer in charge where the procedure says so.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from convene.cases.access import (
    can_user_authorise_as_manager,
    can_user_authorise_as_police,
    can_user_edit_case,
    can_user_record_meeting,
    can_user_view_case,
    is_engaged_on_case,
)
from convene.cases.models import Case
from convene.strategy.authorisation import (
    LEGAL_ADVISER,
    POLICE_OFFICER_IN_CHARGE,
    SOCIAL_WORK_MANAGER,
)
from convene.strategy.models import Authorisation, Invitee, StrategyDiscussion

can_user_plan_strategy = can_user_edit_case
can_user_record_decisions = can_user_edit_case
can_user_minute_strategy = can_user_record_meeting


def _own_agency_row(user: Any, invitee: Invitee) -> bool:
    return invitee.user_id == user.pk or (
        invitee.agency_id is not None and invitee.agency_id == user.agency_id
    )


@rules.predicate
def can_user_share_information(user: Any, invitee: Invitee) -> bool:
    """Minute-takers record any agency's information; a partner only their own agency's."""
    case = invitee.discussion.case
    if can_user_record_meeting(user, case):
        return True
    return bool(is_engaged_on_case(user, case) and _own_agency_row(user, invitee))


def invitees_user_may_inform(user: Any, case: Case, invitees: list[Invitee]) -> list[Invitee]:
    """`can_user_share_information` for a whole list, with one engagement lookup."""
    current = [invitee for invitee in invitees if not invitee.removed]
    if can_user_record_meeting(user, case):
        return current
    if not is_engaged_on_case(user, case):
        return []
    return [invitee for invitee in current if _own_agency_row(user, invitee)]


def can_user_give_authorisation(user: Any, case: Case, authoriser: str) -> bool:
    """A manager authorises as the social work manager, and records a legal adviser's
    agreement on their behalf (advisers have no account); an engaged police officer
    authorises as the officer in charge."""
    if authoriser in (SOCIAL_WORK_MANAGER, LEGAL_ADVISER):
        return bool(can_user_authorise_as_manager(user, case))
    if authoriser == POLICE_OFFICER_IN_CHARGE:
        return bool(can_user_authorise_as_police(user, case))
    return False


def can_user_complete_action(user: Any, case: Case, assigned_to_id: int | None) -> bool:
    if can_user_record_meeting(user, case):
        return True
    return bool(assigned_to_id == user.pk and can_user_view_case(user, case))


def discussion_of(case: Case, discussion_id: int) -> StrategyDiscussion:
    """The case's discussion (404 for another case's: ids in URLs are not trusted)."""
    discussion = get_object_or_404(
        StrategyDiscussion.objects.select_related("chair", "concerns").prefetch_related(
            # Read once, however often required_authorisations() is asked on the page.
            Prefetch("authorisations", queryset=Authorisation.objects.select_related("user"))
        ),
        pk=discussion_id,
        case=case,
    )
    discussion.case = case  # already loaded, with its child and council
    return discussion


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
