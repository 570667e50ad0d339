"""Pages of the child protection plan: the plan with its clocks, items, core groups, visits
and reviews; adding an item, recording a core group meeting or a visit, ending the plan.
Views parse input, check access and call actions (convene/plans/actions.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.actions import ActionError, ConcurrentEditError
from convene.audit.actions import do_log_record_view
from convene.cases.timeline import case_evaluation
from convene.conferences.access import can_user_book_review
from convene.forms import VersionedForm
from convene.plans import actions
from convene.plans.access import (
    access_plan,
    can_user_change_plan,
    can_user_confirm_frequency,
    can_user_record_core_group,
)
from convene.plans.forms import (
    CoreGroupForm,
    EndPlanForm,
    FrequencyForm,
    PlanItemForm,
    PlanItemStatusForm,
    VisitForm,
    visit_record,
)
from convene.plans.models import ChildProtectionPlan, CoreGroupMeeting, PlanItem

CHANGE_ONLY = "Only the council's social workers and managers change the plan."
# Darlington, Discontinuing the Child Protection Plan: suggested, not a timescale.
FOLLOW_UP_QUOTE = (
    "Consideration should be given to holding a multi-agency meeting 10 days following the "
    "discontinuing of the Child Protection Plan to develop a detailed child's plan and 3 "
    "months afterwards to provide a first review to the child's plan."
)
CORE_GROUP_ONLY = "Only children's social care and business support record core groups."

# The plan's clocks (the contract's ids), as its page lists them.
PLAN_CLOCKS = (
    "first_core_group",
    "first_review",
    "next_review",
    "lead_social_worker_visit",
    "bedroom_seen",
)


def _require(allowed: Any, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _page(
    request: HttpRequest, template: str, plan: ChildProtectionPlan, what: str, context: dict
) -> HttpResponse:
    do_log_record_view(request.user, plan.case, "page", what)
    form = context.get("form")
    errors = context.get("page_errors", [])
    return render(
        request,
        template,
        {
            "case": plan.case,
            "child": plan.case.child,
            "plan": plan,
            "nav_section": "cases",
            "has_errors": bool(errors) or bool(form is not None and form.errors),
            **context,
        },
    )


def _core_groups(plan: ChildProtectionPlan) -> list[CoreGroupMeeting]:
    today = timezone.localdate()
    meetings = list(plan.core_groups.select_related("recorded_by"))
    for meeting in meetings:
        meeting.distribution_late = actions.distribution_late(meeting, today)
    return meetings


def _plan_page(plan: ChildProtectionPlan) -> Any:
    return redirect("plan_detail", plan.case_id, plan.pk)


@login_required
@require_GET
def plan_detail(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    user = request.user
    clocks = [c for c in case_evaluation(plan.case).clocks if c.clock in PLAN_CLOCKS]
    items = list(plan.items.all())
    follow_up = None
    if plan.ended_at:
        ended = timezone.localdate(plan.ended_at)
        follow_up = {
            "meeting_by": ended + timedelta(days=10),
            "review_by": ended + timedelta(days=91),
            "quote": FOLLOW_UP_QUOTE,
        }
    for item in items:
        item.form = PlanItemStatusForm(initial={"status": item.status, "version": item.version})
    return _page(
        request,
        "plans/detail.html",
        plan,
        "plan_detail",
        {
            "page_title": "Child protection plan",
            "follow_up": follow_up,
            "clocks": [c for c in clocks if c.state in ("due", "overdue")] if plan.is_open else [],
            "past_clocks": [c for c in clocks if c.state in ("met", "late")],
            "items": items,
            "core_groups": _core_groups(plan),
            "visits": list(plan.visits.select_related("visited_by")),
            "reviews": list(plan.reviews.all()),
            "can_change": bool(can_user_change_plan(user, plan.case)) and plan.is_open,
            "can_confirm_frequency": bool(can_user_confirm_frequency(user, plan.case))
            and plan.is_open,
            "can_record_core_group": bool(can_user_record_core_group(user, plan.case))
            and plan.is_open,
            "can_book_review": bool(can_user_book_review(user, plan.case))
            and plan.is_open
            and not any(review.held_at is None for review in plan.reviews.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_item_new(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    _require(can_user_change_plan(request.user, plan.case), CHANGE_ONLY)
    form = PlanItemForm(request.POST or None)
    page_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_plan_item(request.user, plan, **form.cleaned_data)
        except ActionError as error:
            page_errors.append(str(error))
        else:
            messages.success(request, "The item has been added to the plan.")
            return _plan_page(plan)
    return _page(
        request,
        "plans/form.html",
        plan,
        "plan_item_new",
        {"page_title": "Add to the plan", "form": form, "page_errors": page_errors},
    )


@login_required
@require_POST
def plan_item_status(
    request: HttpRequest, case_id: int, plan_id: int, item_id: int
) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    _require(can_user_change_plan(request.user, plan.case), CHANGE_ONLY)
    item = get_object_or_404(PlanItem, pk=item_id, plan=plan)
    form = PlanItemStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the item's progress.")
        return _plan_page(plan)
    try:
        actions.do_update_plan_item(
            request.user,
            item,
            version=form.cleaned_data["version"],
            status=form.cleaned_data["status"],
        )
    except (ActionError, ConcurrentEditError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The item's progress has been saved.")
    return _plan_page(plan)


@login_required
@require_http_methods(["GET", "POST"])
def core_group_new(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    _require(can_user_record_core_group(request.user, plan.case), CORE_GROUP_ONLY)
    form = CoreGroupForm(request.POST or None)
    page_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_core_group(
                request.user,
                plan,
                held_at=data["held_at"],
                attended=data["attended"],
                minutes=data["minutes"],
                chronology_discussed=data["chronology_discussed"],
            )
        except ActionError as error:
            page_errors.append(str(error))
        else:
            messages.success(request, "The core group meeting has been recorded.")
            return _plan_page(plan)
    return _page(
        request,
        "plans/form.html",
        plan,
        "core_group_new",
        {"page_title": "Record a core group meeting", "form": form, "page_errors": page_errors},
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    _require(can_user_change_plan(request.user, plan.case), CHANGE_ONLY)
    form = VisitForm(request.POST or None)
    page_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_visit(request.user, plan, visit_record(data))
        except ActionError as error:
            page_errors.append(str(error))
        else:
            messages.success(request, "The visit has been recorded.")
            return _plan_page(plan)
    return _page(
        request,
        "plans/form.html",
        plan,
        "visit_new",
        {"page_title": "Record a visit", "form": form, "page_errors": page_errors},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_end(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    _require(can_user_change_plan(request.user, plan.case), CHANGE_ONLY)
    if not plan.is_open:
        messages.info(request, "The plan has already ended.")
        return _plan_page(plan)
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
                return _plan_page(plan)
    else:
        form = EndPlanForm(initial={"version": plan.version})
    return _page(
        request,
        "plans/form.html",
        plan,
        "plan_end",
        {"page_title": "End the plan", "form": form, "page_errors": page_errors},
    )


@login_required
@require_POST
def plan_distributed(
    request: HttpRequest, case_id: int, plan_id: int, meeting_id: int
) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    _require(can_user_record_core_group(request.user, plan.case), CORE_GROUP_ONLY)
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
    return _plan_page(plan)


@login_required
@require_http_methods(["GET", "POST"])
def core_group_frequency(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    _require(
        can_user_confirm_frequency(request.user, plan.case),
        "A manager confirms how often the core group meets.",
    )
    page_errors: list[str] = []
    if request.method == "POST":
        form = FrequencyForm(request.POST)
        if form.is_valid():
            try:
                actions.do_confirm_core_group_frequency(
                    request.user,
                    plan,
                    version=form.cleaned_data["version"],
                    weeks=form.cleaned_data["weeks"],
                )
            except (ActionError, ConcurrentEditError) as error:
                page_errors.append(str(error))
            else:
                messages.success(request, "How often the core group meets has been confirmed.")
                return _plan_page(plan)
    else:
        form = FrequencyForm(initial={"version": plan.version, "weeks": plan.core_group_weeks})
    return _page(
        request,
        "plans/form.html",
        plan,
        "core_group_frequency",
        {
            "page_title": "How often the core group meets",
            "form": form,
            "page_errors": page_errors,
        },
    )
