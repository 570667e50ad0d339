"""The plan's page: its clocks, items, visits, core groups and reviews."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from convene.cases.timeline import case_evaluation, event_time
from convene.conferences.access import can_user_book_review
from convene.plans.access import (
    access_plan,
    can_user_change_plan,
    can_user_confirm_frequency,
    can_user_record_core_group,
)
from convene.plans.forms import (
    PlanItemStatusForm,
)
from convene.plans.models import ChildProtectionPlan, CoreGroupMeeting, PlanVersion
from convene.plans.views.common import (
    FOLLOW_UP_QUOTE,
    render_plan_page,
)
from convene.rules.engine import Clock

# The plan's clocks (the contract's ids), as its page lists them.
PLAN_CLOCKS = (
    "first_core_group",
    "first_review",
    "next_review",
    "lead_social_worker_visit",
    "bedroom_seen",
    "core_group",
    "plan_distribution",
    "agency_views_requested",
    "agency_views_received",
    "receiving_conference",
)


def _core_groups(plan: ChildProtectionPlan, clocks: list[Clock]) -> list[CoreGroupMeeting]:
    """The plan's meetings, each marked where the engine finds its plan distributed late or
    overdue (its plan_distribution clock counts from the meeting)."""
    late = {
        clock.starts.at
        for clock in clocks
        if clock.clock == "plan_distribution" and clock.state in ("late", "overdue")
    }
    meetings = list(plan.core_groups.select_related("recorded_by", "plan_version"))
    for meeting in meetings:
        meeting.distribution_late = event_time(meeting.held_at) in late
    return meetings


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
    return render_plan_page(
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
            "core_groups": _core_groups(plan, clocks),
            "receiving_conference_clock": next(
                (c for c in clocks if c.clock == "receiving_conference"), None
            ),
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
@require_GET
def plan_version(request: HttpRequest, case_id: int, plan_id: int, number: int) -> HttpResponse:
    """The plan as it was distributed after a core group."""
    plan = access_plan(request.user, case_id, plan_id)
    version = get_object_or_404(
        PlanVersion.objects.select_related("core_group"), plan=plan, number=number
    )
    return render_plan_page(
        request,
        "plans/version.html",
        plan,
        "plan_version",
        {
            "page_title": f"Child protection plan, version {version.number}",
            "version": version,
            # As kept (ISO dates), with each date read back to show as the other pages do.
            "items": [
                {**item, "by_when": date.fromisoformat(item["by_when"])}
                for item in version.content["items"]
            ],
        },
    )
