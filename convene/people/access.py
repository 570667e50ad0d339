"""Who may administer a council: its own administrators, for their own council only.

A council's administrator (council staff with the role Administrator) manages the council's
people, teams and closure days. They see no child's record by virtue of the role, and nothing
of another council: a person, team or closure day of another council is a 404, as if it did not
exist. System administrators (superusers) use the Django admin instead.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from convene.people.models import ClosureDay, Council, Role, Team, User

ADMINISTRATORS_ONLY = "Only the council's administrators can manage its people, teams and days."


@rules.predicate
def is_council_administrator(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_council_staff
        and user.role == Role.ADMINISTRATOR
    )


@rules.predicate
def is_of_council(user: Any, council: Council) -> bool:
    return bool(council is not None and user.council_id == council.pk)


can_user_administer_council = is_council_administrator & is_of_council

rules.add_perm("people.administer_council", can_user_administer_council)


def administered_council(user: Any) -> Council:
    """The council the user administers; 403 for anyone who is not a council administrator."""
    council = getattr(user, "council", None)
    if not can_user_administer_council(user, council):
        raise PermissionDenied(ADMINISTRATORS_ONLY)
    return council


def access_person(user: Any, person_id: int) -> User:
    """A member of the administrator's council's staff; 404 for anyone else's."""
    council = administered_council(user)
    try:
        return User.objects.select_related("team").get(pk=person_id, council=council)
    except User.DoesNotExist:
        raise Http404("No such person") from None


def access_team(user: Any, team_id: int) -> Team:
    council = administered_council(user)
    try:
        return Team.objects.get(pk=team_id, council=council)
    except Team.DoesNotExist:
        raise Http404("No such team") from None


def access_closure_day(user: Any, closure_id: int) -> ClosureDay:
    council = administered_council(user)
    try:
        return ClosureDay.objects.get(pk=closure_id, council=council)
    except ClosureDay.DoesNotExist:
        raise Http404("No such closure day") from None
