"""Who may see and change a child protection plan.

- The council's casework staff see the plan, its items, core group meetings and visits.
  (Partners' view of the core groups and plan items they belong to is not yet built: until it
  is, a partner is told the plan page does not exist.)
- Social workers and managers record visits, plan items and the end of a plan; business
  support minutes core group meetings too.
"""

from __future__ import annotations

from typing import Any

import rules
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.cases.access import (
    access_case,
    can_user_authorise_as_manager,
    can_user_edit_case,
    can_user_record_meeting,
    is_council_staff_of_case,
)
from convene.plans.models import ChildProtectionPlan

can_user_change_plan = can_user_edit_case
can_user_record_core_group = can_user_record_meeting
can_user_confirm_frequency = can_user_authorise_as_manager


def access_plan(user: Any, case_id: int, plan_id: int) -> ChildProtectionPlan:
    case = access_case(user, case_id)
    if not is_council_staff_of_case(user, case):
        raise Http404("No such plan")
    plan = get_object_or_404(
        ChildProtectionPlan.objects.select_related("lead_social_worker", "conference"),
        pk=plan_id,
        case=case,
    )
    plan.case = case
    return plan


rules.add_perm("plans.change_childprotectionplan", can_user_change_plan)
