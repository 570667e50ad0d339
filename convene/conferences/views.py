"""Pages of a child protection conference: its page, the reports sent, invitations, the
outcome, adjourning, circulation, and booking a plan's review. Views parse input, check access
and call actions (convene/conferences/actions.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from convene.actions import ActionError, ConcurrentEditError
from convene.audit.actions import do_log_record_view
from convene.cases.access import access_case, is_council_staff_of_case
from convene.cases.timeline import case_evaluation
from convene.conferences import actions
from convene.conferences.access import (
    access_conference,
    can_user_book_review,
    can_user_record_conference,
    can_user_record_outcome,
)
from convene.conferences.forms import (
    AdjournForm,
    AttendeeForm,
    OutcomeForm,
    ReportsForm,
    ReviewBookingForm,
    TransferInForm,
)
from convene.conferences.models import Conference
from convene.people.models import User

RECORD_ONLY = "Only children's social care, business support and chairs record this."
OUTCOME_ONLY = "Only the chair, or business support minuting the conference, records its outcome."


def _require(allowed: Any, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _render(
    request: HttpRequest, template: str, conference: Conference, what: str, context: dict
) -> HttpResponse:
    do_log_record_view(request.user, conference.case, "page", what)
    forms = [f for f in [context.get("form")] if f is not None]
    errors = context.get("page_errors", [])
    return render(
        request,
        template,
        {
            "case": conference.case,
            "child": conference.case.child,
            "conference": conference,
            "nav_section": "cases",
            "has_errors": bool(errors) or any(f.errors for f in forms),
            **context,
        },
    )


def _detail(conference: Conference) -> Any:
    return redirect("conference_detail", conference.case_id, conference.pk)


# Clocks of a conference, by the contract's ids, as the page lists them.
CONFERENCE_CLOCKS = (
    "initial_conference",
    "transfer_conference",
    "first_review",
    "next_review",
    "conference_report_to_chair",
    "conference_report_to_parents",
    "conference_decisions",
    "conference_record",
)


@login_required
@require_GET
def conference_detail(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    user = request.user
    staff = is_council_staff_of_case(user, conference.case)
    clocks = (
        [c for c in case_evaluation(conference.case).clocks if c.clock in CONFERENCE_CLOCKS]
        if staff
        else []
    )
    attendees = list(conference.attendees.select_related("user"))
    return _render(
        request,
        "conferences/detail.html",
        conference,
        "conference_detail",
        {
            "page_title": conference.get_kind_display(),
            "attendees": attendees,
            "quorate_now": actions.is_quorate(attendees, expected=True),
            "clocks": clocks,
            "plan": getattr(conference, "made_plan", None) if conference.held_at else None,
            "can_record": bool(can_user_record_conference(user, conference.case)),
            "can_record_outcome": bool(can_user_record_outcome(user, conference.case)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_reports(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)
    page_errors: list[str] = []
    if request.method == "POST":
        form = ReportsForm(request.POST)
        if form.is_valid():
            try:
                actions.do_record_reports_sent(
                    request.user,
                    conference,
                    version=form.cleaned_data["version"],
                    to_chair_at=form.cleaned_data["to_chair_at"],
                    to_parents_at=form.cleaned_data["to_parents_at"],
                )
            except (ActionError, ConcurrentEditError) as error:
                page_errors.append(str(error))
            else:
                messages.success(request, "When the reports were sent has been recorded.")
                return _detail(conference)
    else:
        form = ReportsForm(initial=ReportsForm.initial_for(conference))
    return _render(
        request,
        "conferences/form.html",
        conference,
        "conference_reports",
        {
            "page_title": "The social worker's report",
            "form": form,
            "page_errors": page_errors,
            "lede": (
                "The social worker's report goes to the chair and to the parents before the "
                "conference: record when each was sent."
            ),
        },
    )


def _partners(conference: Conference) -> Any:
    engaged = live_engagements_of_case(conference.case)
    return User.objects.filter(pk__in=engaged.values("user_id"), is_active=True)


def live_engagements_of_case(case: Any) -> Any:
    from django.utils import timezone

    today = timezone.localdate()
    return case.engagements.filter(
        revoked_at__isnull=True, starts_on__lte=today, ends_on__gte=today
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_invite(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)
    partners = _partners(conference)
    page_errors: list[str] = []
    form = AttendeeForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attendee = actions.do_add_attendee(
                request.user,
                conference,
                party=data["party"],
                name=data["name"],
                organisation=data["organisation"],
                direct_contact=data["direct_contact"] == "yes",
            )
        except ActionError as error:
            page_errors.append(str(error))
        else:
            if data["user"] is not None:
                attendee.user = data["user"]
                attendee.save(update_fields=["user"])
            messages.success(request, f"{attendee.name} has been added to the invitations.")
            return _detail(conference)
    return _render(
        request,
        "conferences/form.html",
        conference,
        "conference_invite",
        {
            "page_title": "Invite someone to the conference",
            "form": form,
            "page_errors": page_errors,
            "lede": (
                "Invite the parents (including those with parental responsibility who live "
                "elsewhere), the child where of sufficient age and understanding, and the "
                "agencies involved with the child and family."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_outcome(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_outcome(request.user, conference.case), OUTCOME_ONLY)
    if conference.held_at:
        messages.info(request, "This conference's outcome has already been recorded.")
        return _detail(conference)
    attendees = list(conference.attendees.all())
    page_errors: list[str] = []
    kwargs = {"conference": conference, "attendees": attendees}
    if request.method == "POST":
        form = OutcomeForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_record_conference(
                    request.user,
                    conference,
                    actions.Outcome(
                        held_at=data["held_at"],
                        decision=data["decision"],
                        category=data.get("category") or "",
                        reasons=data["reasons"],
                        dissent=data["dissent"],
                        recommendations=data.get("recommendations") or "",
                        proceed_reason=data["proceed_reason"],
                        exceptional_reason=data.get("exceptional_reason") or "",
                        lead_social_worker=data.get("lead_social_worker"),
                        attendance=data["attendance"],
                    ),
                    version=data["version"],
                )
            except (ActionError, ConcurrentEditError) as error:
                page_errors.append(str(error))
            else:
                messages.success(request, "The conference's outcome has been recorded.")
                return _detail(conference)
    else:
        form = OutcomeForm(initial={"version": conference.version}, **kwargs)
    return _render(
        request,
        "conferences/form.html",
        conference,
        "conference_outcome",
        {
            "page_title": "The conference's outcome",
            "form": form,
            "page_errors": page_errors,
            "lede": (
                "Who attended, whether the conference was quorate, and the chair's decision. "
                "The decision is the chair's; dissenting views are recorded with it."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_adjourn(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_outcome(request.user, conference.case), OUTCOME_ONLY)
    page_errors: list[str] = []
    if request.method == "POST":
        form = AdjournForm(request.POST)
        if form.is_valid():
            try:
                actions.do_adjourn_conference(
                    request.user,
                    conference,
                    version=form.cleaned_data["version"],
                    new_date=form.cleaned_data["new_at"],
                    interim_plan=form.cleaned_data["interim_plan"],
                )
            except (ActionError, ConcurrentEditError) as error:
                page_errors.append(str(error))
            else:
                messages.success(request, "The conference has been adjourned to its new date.")
                return _detail(conference)
    else:
        form = AdjournForm(initial={"version": conference.version})
    return _render(
        request,
        "conferences/form.html",
        conference,
        "conference_adjourn",
        {
            "page_title": "Adjourn the conference",
            "form": form,
            "page_errors": page_errors,
            "lede": (
                "An inquorate conference that does not proceed needs an interim protection "
                "plan, and another date, usually within a month, set at once."
            ),
        },
    )


@login_required
@require_POST
def conference_circulate(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)
    what = request.POST.get("what", "")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        actions.do_circulate_conference(request.user, conference, version=version, what=what)
    except (ActionError, ConcurrentEditError) as error:
        messages.error(request, str(error))
    else:
        done = "decisions" if what == "decisions" else "record"
        messages.success(request, f"The conference's {done} has been recorded as circulated.")
    return _detail(conference)


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
