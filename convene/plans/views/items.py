"""Adding an outcome and its action to the plan, and recording its progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods, require_POST

from convene.actions import ActionError, ConcurrentEditError
from convene.plans import actions
from convene.plans.access import (
    access_plan,
    can_user_change_plan,
)
from convene.plans.forms import (
    PlanItemForm,
    PlanItemStatusForm,
)
from convene.plans.models import PlanItem
from convene.plans.views.common import (
    CHANGE_ONLY,
    back_to_plan,
    form_page,
    require,
)


@login_required
@require_http_methods(["GET", "POST"])
def plan_item_new(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    require(can_user_change_plan(request.user, plan.case), CHANGE_ONLY)
    return form_page(
        request,
        plan,
        PlanItemForm(request.POST or None),
        lambda data: actions.do_add_plan_item(request.user, plan, **data),
        what="plan_item_new",
        title="Add to the plan",
        success="The item has been added to the plan.",
    )


@login_required
@require_POST
def plan_item_status(
    request: HttpRequest, case_id: int, plan_id: int, item_id: int
) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    require(can_user_change_plan(request.user, plan.case), CHANGE_ONLY)
    item = get_object_or_404(PlanItem, pk=item_id, plan=plan)
    form = PlanItemStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the item's progress.")
        return back_to_plan(plan)
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
    return back_to_plan(plan)
