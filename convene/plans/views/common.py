"""What the plan's pages share: access messages, drawing a page, a form page that calls its
action, going back to the plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from convene.actions import ActionError, ConcurrentEditError
from convene.audit.actions import do_log_record_view
from convene.plans.models import ChildProtectionPlan

CHANGE_ONLY = "Only the council's social workers and managers change the plan."
# Darlington, Discontinuing the Child Protection Plan: suggested, not a timescale.
FOLLOW_UP_QUOTE = (
    "Consideration should be given to holding a multi-agency meeting 10 days following the "
    "discontinuing of the Child Protection Plan to develop a detailed child's plan and 3 "
    "months afterwards to provide a first review to the child's plan."
)
CORE_GROUP_ONLY = "Only children's social care and business support record core groups."


def require(allowed: Any, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def render_plan_page(
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


def back_to_plan(plan: ChildProtectionPlan) -> Any:
    return redirect("plan_detail", plan.case_id, plan.pk)


def form_page(
    request: HttpRequest,
    plan: ChildProtectionPlan,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    what: str,
    title: str,
    success: str,
) -> HttpResponse:
    """A plan's form: on a valid POST, `save` it with the action and go back to the plan; a
    refusal or a stale page draws the form again, with what was typed."""
    page_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except (ActionError, ConcurrentEditError) as error:
            page_errors.append(str(error))
        else:
            messages.success(request, success)
            return back_to_plan(plan)
    return render_plan_page(
        request,
        "plans/form.html",
        plan,
        what,
        {"page_title": title, "form": form, "page_errors": page_errors},
    )


def posted(request: HttpRequest) -> Any:
    """The POST's data for a form, or None on a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None
