"""Who may see and change a case: need-to-know, enforced the same way by pages, API and exports.

- Council staff with casework see their own council's cases. The council's administrator
  manages its people, teams and closure days and sees no case.
- Partner agency users (police, health, education) see a case only while they hold a live
  engagement on it (invited to a strategy discussion, or given access by the lead social
  worker), and only until the engagement's end date.

Predicates are django-rules predicates named `can_user_*` (registered as permissions, so
`user.has_perm("cases.view_case", case)` works too); `access_case` is the one lookup views use.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from convene.cases.models import Case, Engagement
from convene.people.models import Role


def live_engagements(user: Any) -> QuerySet[Engagement]:
    today = timezone.localdate()
    return Engagement.objects.filter(
        user=user, revoked_at__isnull=True, starts_on__lte=today, ends_on__gte=today
    )


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Every case the user may see; the one filter used by lists, searches, API and exports."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    if user.is_casework_staff:
        return Case.objects.filter(council_id=user.council_id)
    if user.is_partner:
        return Case.objects.filter(Q(pk__in=live_engagements(user).values("case_id")))
    return Case.objects.none()


@rules.predicate
def is_council_staff_of_case(user: Any, case: Case) -> bool:
    return bool(user.is_casework_staff and case.council_id == user.council_id)


@rules.predicate
def is_engaged_on_case(user: Any, case: Case) -> bool:
    return bool(user.is_partner and live_engagements(user).filter(case=case).exists())


@rules.predicate
def is_manager(user: Any) -> bool:
    return bool(user.is_manager)


@rules.predicate
def is_police_officer(user: Any) -> bool:
    return user.role == Role.POLICE_OFFICER


@rules.predicate
def is_social_work_practitioner(user: Any) -> bool:
    return user.role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER)


@rules.predicate
def is_business_support(user: Any) -> bool:
    return user.role in (Role.BUSINESS_SUPPORT, Role.CONFERENCE_CHAIR)


can_user_view_case = is_council_staff_of_case | is_engaged_on_case
# Social work decisions and records are made by social care.
can_user_edit_case = is_council_staff_of_case & is_social_work_practitioner
# Business support minutes meetings and circulates records; chairs chair.
can_user_record_meeting = is_council_staff_of_case & (
    is_social_work_practitioner | is_business_support
)
# Partners add what their agency knows.
can_user_contribute = can_user_view_case
can_user_authorise_as_manager = is_council_staff_of_case & is_manager
# The police officer in charge authorises a discussion's decisions: that predicate is the
# discussion's (convene/strategy/access.py can_user_authorise_as_police), not the case's.
can_user_grant_access = is_council_staff_of_case & is_social_work_practitioner
can_user_see_record_views = is_council_staff_of_case & is_manager
can_user_see_team = is_manager
# The whole timeline, its clocks and the chronology export: social care's own record.
# A partner sees what their need to know allows (convene/need_to_know.py).
can_user_see_timeline = is_council_staff_of_case


@rules.predicate
def is_lead_social_worker(user: Any, case: Case) -> bool:
    return case.lead_social_worker_id is not None and case.lead_social_worker_id == user.pk


@rules.predicate
def has_casework(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_casework)


# The case list and search: everyone with casework (partners see their engaged cases), not the
# council's administrator.
can_user_list_cases = has_casework


@rules.predicate
def is_council_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_casework_staff)


# A contact opens a case in the user's own council: social care staff record it.
can_user_record_contact = is_council_staff & is_social_work_practitioner
# Acknowledging the referrer is correspondence: business support may do it too.
can_user_acknowledge_referrer = can_user_record_meeting
# Who sees a partner's access to a case: the council's own staff, never other partners.
can_user_see_engagements = is_council_staff_of_case
# The lead social worker gives and takes away partners' access; a manager can too (and must,
# while the case has no lead social worker).
can_user_manage_engagements = is_council_staff_of_case & (
    (is_social_work_practitioner & is_lead_social_worker) | is_manager
)
can_user_allocate_case = is_council_staff_of_case & is_manager

rules.add_perm("cases.view_case", can_user_view_case)
rules.add_perm("cases.change_case", can_user_edit_case)


def access_case(user: Any, case_id: int, *, edit: bool = False) -> Case:
    """The case, if the user may see it; otherwise 404, so that a case's existence is not
    disclosed to someone without a need to know. With `edit`, 403 unless they may change it."""
    try:
        case = Case.objects.select_related("child", "council", "lead_social_worker").get(pk=case_id)
    except Case.DoesNotExist:
        raise Http404("No such case") from None
    if not can_user_view_case(user, case):
        raise Http404("No such case")
    if edit and not can_user_edit_case(user, case):
        raise PermissionDenied("Only the council's social care staff can change this case.")
    return case
