"""Ending the plan other than at a review, and a permanent move to another council."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from convene.actions import ActionError, ConcurrentEditError
from convene.plans import actions
from convene.plans.access import (
    access_plan,
    can_user_change_plan,
)
from convene.plans.forms import EndPlanForm, PermanentMoveForm, ReceivingConferenceForm
from convene.plans.views.common import (
    CHANGE_ONLY,
    back_to_plan,
    render_plan_page,
    require,
)


@login_required
@require_http_methods(["GET", "POST"])
def plan_end(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    require(can_user_change_plan(request.user, plan.case), CHANGE_ONLY)
    if not plan.is_open:
        messages.info(request, "The plan has already ended.")
        return back_to_plan(plan)
    page_errors: list[str] = []
    if request.method == "POST":
        form = EndPlanForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_end_plan(
                    request.user,
                    plan,
                    version=data["version"],
                    ending=data["ending"],
                    ended_at=data["ended_at"],
                    detail=data["detail"],
                    link=request.build_absolute_uri(
                        reverse("conference_detail", args=[plan.case_id, plan.conference_id])
                    ),
                )
            except (ActionError, ConcurrentEditError) as error:
                page_errors.append(str(error))
            else:
                messages.success(request, "The plan has ended.")
                return back_to_plan(plan)
    else:
        form = EndPlanForm(initial={"version": plan.version})
    return render_plan_page(
        request,
        "plans/form.html",
        plan,
        "plan_end",
        {"page_title": "End the plan", "form": form, "page_errors": page_errors},
    )


MOVE_ONLY = "Only the council's social workers and managers record a permanent move."


@login_required
@require_http_methods(["GET", "POST"])
def plan_move(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    """The family has moved permanently: the council it moved to, and the day it was told."""
    plan = access_plan(request.user, case_id, plan_id)
    require(can_user_change_plan(request.user, plan.case), MOVE_ONLY)
    if not plan.is_open or plan.moved_notified_at:
        messages.info(request, "The plan has ended or the move is already recorded.")
        return back_to_plan(plan)
    page_errors: list[str] = []
    if request.method == "POST":
        form = PermanentMoveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_record_permanent_move(
                    request.user,
                    plan,
                    version=data["version"],
                    receiving_council=data["receiving_council"],
                    notified_at=data["notified_at"],
                )
            except (ActionError, ConcurrentEditError) as error:
                page_errors.append(str(error))
            else:
                messages.success(
                    request,
                    "The move has been recorded: the receiving council's conference is due.",
                )
                return back_to_plan(plan)
    else:
        form = PermanentMoveForm(initial={"version": plan.version})
    return render_plan_page(
        request,
        "plans/form.html",
        plan,
        "plan_move",
        {"page_title": "A permanent move", "form": form, "page_errors": page_errors},
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
    page_errors: list[str] = []
    if request.method == "POST":
        form = ReceivingConferenceForm(request.POST)
        if form.is_valid():
            try:
                actions.do_record_receiving_conference(
                    request.user,
                    plan,
                    version=form.cleaned_data["version"],
                    held_at=form.cleaned_data["held_at"],
                )
            except (ActionError, ConcurrentEditError) as error:
                page_errors.append(str(error))
            else:
                messages.success(
                    request,
                    "The receiving council's conference has been recorded: the plan can now end.",
                )
                return back_to_plan(plan)
    else:
        form = ReceivingConferenceForm(initial={"version": plan.version})
    return render_plan_page(
        request,
        "plans/form.html",
        plan,
        "receiving_conference",
        {
            "page_title": "The receiving council's conference",
            "form": form,
            "page_errors": page_errors,
        },
    )
