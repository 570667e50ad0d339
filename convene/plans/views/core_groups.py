"""Core group meetings: recording one, the plan distributed after it, and how often they meet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods, require_POST

from convene.actions import ActionError, ConcurrentEditError
from convene.forms import VersionedForm
from convene.plans import actions
from convene.plans.access import (
    access_plan,
    can_user_confirm_frequency,
    can_user_record_core_group,
)
from convene.plans.forms import (
    CoreGroupForm,
    FrequencyForm,
)
from convene.plans.models import CoreGroupMeeting
from convene.plans.views.common import (
    CORE_GROUP_ONLY,
    back_to_plan,
    form_page,
    posted,
    require,
)


@login_required
@require_http_methods(["GET", "POST"])
def core_group_new(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    require(can_user_record_core_group(request.user, plan.case), CORE_GROUP_ONLY)
    return form_page(
        request,
        plan,
        CoreGroupForm(request.POST or None),
        lambda data: actions.do_record_core_group(
            request.user,
            plan,
            held_at=data["held_at"],
            attended=data["attended"],
            minutes=data["minutes"],
            chronology_discussed=data["chronology_discussed"],
        ),
        what="core_group_new",
        title="Record a core group meeting",
        success="The core group meeting has been recorded.",
    )


@login_required
@require_POST
def plan_distributed(
    request: HttpRequest, case_id: int, plan_id: int, meeting_id: int
) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    require(can_user_record_core_group(request.user, plan.case), CORE_GROUP_ONLY)
    meeting = get_object_or_404(CoreGroupMeeting, pk=meeting_id, plan=plan)
    form = VersionedForm(request.POST)
    form.is_valid()
    try:
        actions.do_record_plan_distributed(
            request.user, meeting, version=form.cleaned_data.get("version")
        )
    except (ActionError, ConcurrentEditError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The plan has been recorded as distributed.")
    return back_to_plan(plan)


@login_required
@require_http_methods(["GET", "POST"])
def core_group_frequency(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    require(
        can_user_confirm_frequency(request.user, plan.case),
        "A manager confirms how often the core group meets.",
    )
    return form_page(
        request,
        plan,
        FrequencyForm(
            posted(request), initial={"version": plan.version, "weeks": plan.core_group_weeks}
        ),
        lambda data: actions.do_confirm_core_group_frequency(
            request.user, plan, version=data["version"], weeks=data["weeks"]
        ),
        what="core_group_frequency",
        title="How often the core group meets",
        success="How often the core group meets has been confirmed.",
    )
