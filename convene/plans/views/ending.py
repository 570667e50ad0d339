"""Ending the plan other than at a review, and a permanent move to another council."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from convene.plans import actions
from convene.plans.access import access_plan, can_user_change_plan
from convene.plans.forms import EndPlanForm, PermanentMoveForm, ReceivingConferenceForm
from convene.plans.views.common import CHANGE_ONLY, back_to_plan, form_page, posted, require

MOVE_ONLY = "Only the council's social workers and managers record a permanent move."


@login_required
@require_http_methods(["GET", "POST"])
def plan_end(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    require(can_user_change_plan(request.user, plan.case), CHANGE_ONLY)
    if not plan.is_open:
        messages.info(request, "The plan has already ended.")
        return back_to_plan(plan)
    link = request.build_absolute_uri(
        reverse("conference_detail", args=[plan.case_id, plan.conference_id])
    )
    return form_page(
        request,
        plan,
        EndPlanForm(posted(request), initial={"version": plan.version}),
        lambda data: actions.do_end_plan(
            request.user,
            plan,
            version=data["version"],
            ending=data["ending"],
            ended_at=data["ended_at"],
            detail=data["detail"],
            link=link,
        ),
        what="plan_end",
        title="End the plan",
        success="The plan has ended.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_move(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    """The family has moved permanently: the council it moved to, and the day it was told."""
    plan = access_plan(request.user, case_id, plan_id)
    require(can_user_change_plan(request.user, plan.case), MOVE_ONLY)
    if not plan.is_open or plan.moved_notified_at:
        messages.info(request, "The plan has ended or the move is already recorded.")
        return back_to_plan(plan)
    return form_page(
        request,
        plan,
        PermanentMoveForm(posted(request), initial={"version": plan.version}),
        lambda data: actions.do_record_permanent_move(
            request.user,
            plan,
            version=data["version"],
            receiving_council=data["receiving_council"],
            notified_at=data["notified_at"],
        ),
        what="plan_move",
        title="A permanent move",
        success="The move has been recorded: the receiving council's conference is due.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def receiving_conference(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    """The receiving council's conference, held: after it the plan may end."""
    plan = access_plan(request.user, case_id, plan_id)
    require(can_user_change_plan(request.user, plan.case), MOVE_ONLY)
    if not plan.is_open or not plan.moved_notified_at or plan.receiving_conference_at:
        messages.info(request, "There is no receiving council's conference to record.")
        return back_to_plan(plan)
    return form_page(
        request,
        plan,
        ReceivingConferenceForm(posted(request), initial={"version": plan.version}),
        lambda data: actions.do_record_receiving_conference(
            request.user, plan, version=data["version"], held_at=data["held_at"]
        ),
        what="receiving_conference",
        title="The receiving council's conference",
        success="The receiving council's conference has been recorded: the plan can now end.",
    )
