"""Who may do what with a strategy discussion, on top of the case's own predicates.

- Social workers and managers plan the discussion, choose who is invited and record its
  decisions (`can_user_edit_case`).
- Business support (and chairs) minute it: attendance, information shared, agenda, analysis
  and scaling, actions, circulation (`can_user_record_meeting`).
- A partner engaged on the case adds what their own agency knows.
- Authorisation (`can_user_give_authorisation`): a manager of the council authorises as the
  social work manager, but never decisions they recorded themselves (four eyes:
  `decisions_recorded_by`); a manager records a legal adviser's agreement on their behalf.
  The police officer in charge is a police officer engaged on the case who is invited to that
  discussion by name, or, while no police invitee is linked to an account, who belongs to the
  agency of a police invitee: not any officer who happens to have access to the case.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.cases.access import (
    can_user_authorise_as_manager,
    can_user_edit_case,
    can_user_record_meeting,
    can_user_view_case,
    is_council_staff_of_case,
    is_engaged_on_case,
    is_police_officer,
    live_engagements,
)
from convene.cases.models import Case
from convene.strategy.authorisation import (
    LEGAL_ADVISER,
    POLICE_OFFICER_IN_CHARGE,
    RECORD_DECISIONS,
    SOCIAL_WORK_MANAGER,
    RequiredAuthorisation,
)
from convene.strategy.models import (
    Authorisation,
    Circulation,
    Invitee,
    StrategyAction,
    StrategyDiscussion,
)

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


@rules.predicate
def is_manager_of_discussion(user: Any, discussion: StrategyDiscussion) -> bool:
    return bool(can_user_authorise_as_manager(user, discussion.case))


@rules.predicate
def recorded_the_decisions(user: Any, discussion: StrategyDiscussion) -> bool:
    return discussion.decisions_recorded_by_id is not None and (
        discussion.decisions_recorded_by_id == user.pk
    )


@rules.predicate
def is_engaged_on_discussion(user: Any, discussion: StrategyDiscussion) -> bool:
    return bool(is_engaged_on_case(user, discussion.case))


@rules.predicate
def is_police_invitee_of_discussion(user: Any, discussion: StrategyDiscussion) -> bool:
    """Invited to this discussion by name; or, while no police invitee has an account linked,
    of the agency of a police invitee."""
    invitees = [invitee for invitee in discussion.invitees.all() if not invitee.removed]
    if any(invitee.user_id == user.pk for invitee in invitees):
        return True
    police = [invitee for invitee in invitees if invitee.attendee == "police"]
    if any(invitee.user_id is not None for invitee in police):
        return False
    return user.agency_id is not None and any(
        invitee.agency_id == user.agency_id for invitee in police
    )


# The social work manager's agreement to the decisions: four eyes.
can_user_authorise_decisions_as_manager = is_manager_of_discussion & ~recorded_the_decisions
# A manager who would authorise but for four eyes: told why, rather than only refused.
is_refused_by_four_eyes = is_manager_of_discussion & recorded_the_decisions
# The police officer in charge: the discussion's own police invitee, engaged on the case.
can_user_authorise_as_police = (
    is_police_officer & is_police_invitee_of_discussion & is_engaged_on_discussion
)


def discussions_user_may_authorise_as_police(
    user: Any, discussions: list[StrategyDiscussion]
) -> list[StrategyDiscussion]:
    """`can_user_authorise_as_police` for a whole list, with one engagement lookup (each
    discussion's invitees prefetched)."""
    if not is_police_officer(user) or not user.is_partner or not discussions:
        return []
    engaged = set(live_engagements(user).values_list("case_id", flat=True))
    return [
        discussion
        for discussion in discussions
        if discussion.case_id in engaged and is_police_invitee_of_discussion(user, discussion)
    ]


def can_user_give_authorisation(
    user: Any, discussion: StrategyDiscussion, decision: str, authoriser: str
) -> bool:
    """Whether the user may give this authoriser's agreement to this decision (see the
    module's docstring). A legal adviser has no account: a manager records their agreement."""
    if authoriser == SOCIAL_WORK_MANAGER and decision not in RECORD_DECISIONS:
        return bool(can_user_authorise_decisions_as_manager(user, discussion))
    if authoriser in (SOCIAL_WORK_MANAGER, LEGAL_ADVISER):
        return bool(is_manager_of_discussion(user, discussion))
    if authoriser == POLICE_OFFICER_IN_CHARGE:
        return bool(can_user_authorise_as_police(user, discussion))
    return False


def authorisations_user_may_give(
    user: Any, discussion: StrategyDiscussion, items: list[RequiredAuthorisation]
) -> list[RequiredAuthorisation]:
    """`can_user_give_authorisation` for a whole list, each predicate asked at most once."""
    answers: dict[tuple[bool, str], bool] = {}
    allowed = []
    for item in items:
        key = (item.decision in RECORD_DECISIONS, item.authoriser)
        if key not in answers:
            answers[key] = can_user_give_authorisation(
                user, discussion, item.decision, item.authoriser
            )
        if answers[key]:
            allowed.append(item)
    return allowed


def can_user_authorise_anything(user: Any, discussion: StrategyDiscussion) -> bool:
    return bool(
        is_manager_of_discussion(user, discussion) or can_user_authorise_as_police(user, discussion)
    )


def can_user_complete_action(user: Any, case: Case, assigned_to_id: int | None) -> bool:
    if can_user_record_meeting(user, case):
        return True
    return bool(assigned_to_id == user.pk and can_user_view_case(user, case))


def actions_user_may_complete(user: Any, case: Case, actions: list[StrategyAction]) -> set[int]:
    """The ids of the open actions the user may mark complete (`can_user_complete_action`
    for a whole list, with at most one engagement lookup)."""
    open_actions = [action for action in actions if action.completed_at is None]
    if can_user_record_meeting(user, case):
        return {action.pk for action in open_actions}
    own = [action for action in open_actions if action.assigned_to_id == user.pk]
    if not own or not can_user_view_case(user, case):
        return set()
    return {action.pk for action in own}


def access_circulated_record(
    user: Any, case: Case, discussion: StrategyDiscussion
) -> Circulation | None:
    """The user's copy of the circulated record, or None for council staff of the case, who
    may read it without one. Anyone else, or before it is circulated: 404 (a partner it was
    not sent to is told nothing)."""
    if discussion.record_circulated_at is None:
        raise Http404("Not circulated")
    circulation = discussion.circulations.filter(user=user).first()
    if circulation is None and not is_council_staff_of_case(user, case):
        raise Http404("Not circulated to you")
    return circulation


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
