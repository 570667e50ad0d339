"""Recording a visit by the lead social worker."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

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
    form_page,
    require,
)


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, case_id, plan_id)
    require(can_user_change_plan(request.user, plan.case), CHANGE_ONLY)
    return form_page(
        request,
        plan,
        VisitForm(request.POST or None),
        lambda data: actions.do_record_visit(request.user, plan, visit_record(data)),
        what="visit_new",
        title="Record a visit",
        success="The visit has been recorded.",
    )
