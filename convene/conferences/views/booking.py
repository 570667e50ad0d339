"""Booking conferences that do not come from a section 47 enquiry: a plan's review, and a
transfer-in from another council."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from convene.actions import ActionError
from convene.audit.actions import do_log_record_view
from convene.cases.access import access_case
from convene.conferences import actions
from convene.conferences.access import (
    can_user_book_review,
)
from convene.conferences.forms import (
    ReviewBookingForm,
    TransferInForm,
)
from convene.conferences.views.common import (
    _detail,
    _require,
)


@login_required
@require_http_methods(["GET", "POST"])
def review_book(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    from convene.plans.access import access_plan

    plan = access_plan(request.user, case_id, plan_id)
    _require(
        can_user_book_review(request.user, plan.case),
        "Only social workers, managers and business support book a review conference.",
    )
    page_errors: list[str] = []
    form = ReviewBookingForm(request.POST or None, council_id=plan.case.council_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conference = actions.do_book_review_conference(
                request.user,
                plan,
                scheduled_for=data["scheduled_for"],
                venue=data["venue"],
                chair=data["chair"],
                brought_forward=data["brought_forward"],
                brought_forward_reason=data["brought_forward_reason"],
            )
        except ActionError as error:
            page_errors.append(str(error))
        else:
            messages.success(request, "The review conference has been booked.")
            return _detail(conference)
    do_log_record_view(request.user, plan.case, "page", "review_book")
    return render(
        request,
        "conferences/review_book.html",
        {
            "page_title": "Book a review conference",
            "case": plan.case,
            "child": plan.case.child,
            "plan": plan,
            "form": form,
            "page_errors": page_errors,
            "has_errors": bool(page_errors) or bool(form.errors),
            "nav_section": "cases",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_in(request: HttpRequest, case_id: int) -> HttpResponse:
    """A child on another council's plan moves here: the agreement, and the conference."""
    case = access_case(request.user, case_id)
    _require(
        can_user_book_review(request.user, case),
        "Only social workers, managers and business support record a transfer-in.",
    )
    page_errors: list[str] = []
    form = TransferInForm(request.POST or None, council_id=case.council_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = actions.do_record_transfer_in(
                request.user,
                case,
                agreed_at=data["agreed_at"],
                originating_council=data["originating_council"],
                originating_social_worker=data["originating_social_worker"],
                originating_contact=data["originating_contact"],
                scheduled_for=data["scheduled_for"],
                venue=data["venue"],
                chair=data["chair"],
            )
        except ActionError as error:
            page_errors.append(str(error))
        else:
            messages.success(request, "The transfer-in conference has been booked.")
            return _detail(transfer.conference)
    do_log_record_view(request.user, case, "page", "transfer_in")
    return render(
        request,
        "conferences/transfer_in.html",
        {
            "page_title": "A transfer-in",
            "case": case,
            "child": case.child,
            "form": form,
            "page_errors": page_errors,
            "has_errors": bool(page_errors) or bool(form.errors),
            "nav_section": "cases",
        },
    )
