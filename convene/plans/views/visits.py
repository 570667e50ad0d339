"""Recording a visit by the lead social worker."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from convene.actions import ActionError
from convene.plans import actions
from convene.plans.access import (
    access_plan,
    can_user_change_plan,
)
from convene.plans.forms import (
    VisitForm,
    visit_record,
)
from convene.plans.views.common import (
    CHANGE_ONLY,
    back_to_plan,
    render_plan_page,
    require,
)


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    require(can_user_change_plan(request.user, plan.case), CHANGE_ONLY)
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
            return back_to_plan(plan)
    return render_plan_page(
        request,
        "plans/form.html",
        plan,
        "visit_new",
        {"page_title": "Record a visit", "form": form, "page_errors": page_errors},
    )
