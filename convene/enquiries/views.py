"""Pages of the section 47 enquiry and the booking of the initial conference. Views parse
input, check access and call actions (convene/enquiries/actions.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from convene.actions import ActionError, ConcurrentEditError
from convene.audit.actions import do_log_record_view
from convene.cases.access import access_case, is_council_staff_of_case
from convene.enquiries.access import (
    access_enquiry,
    can_user_agree_conference_delay,
    can_user_book_conference,
    can_user_edit_enquiry,
    require,
)
from convene.enquiries.actions import (
    Booking,
    do_agree_conference_delay,
    do_book_initial_conference,
    do_record_child_seen,
    do_record_enquiry_outcome,
    do_start_section_47_enquiry,
    start_problems,
)
from convene.enquiries.forms import (
    ChildSeenForm,
    ConferenceBookingForm,
    DelayAgreementForm,
    OutcomeForm,
    StartEnquiryForm,
    day_text,
    lead_social_worker_choices,
    local_text,
)
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.enquiries.timescales import (
    ClockView,
    clock_views,
    delay_rule,
    enquiry_clocks,
    evaluate_case,
    is_late,
)
from convene.strategy.models import StrategyDiscussion

EDIT_REFUSED = "Only the council's social workers and managers can change a section 47 enquiry."


def _stale(
    form: forms.Form, form_class: type[Any], record: Any, error: ConcurrentEditError, **kwargs: Any
) -> forms.Form:
    """The user's input again, now against the record as it is, with the reason it was not
    saved: submitting it again is a deliberate choice made having seen the current record."""
    record.refresh_from_db()
    data = form.data.copy()
    data["version"] = str(record.version)
    fresh = form_class(data, **kwargs)
    fresh.is_valid()
    fresh.add_error(None, str(error))
    return fresh


def _conference(enquiry: Section47Enquiry) -> InitialConference | None:
    return (
        InitialConference.objects.select_related("chair", "booked_by", "delay_authorised_by")
        .filter(enquiry=enquiry)
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def enquiry_start(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, edit=True)
    discussion = get_object_or_404(
        StrategyDiscussion.objects.prefetch_related("authorisations"), pk=discussion_id, case=case
    )
    discussion.case = case
    do_log_record_view(request.user, case, "page", "enquiry_start")
    existing = Section47Enquiry.objects.filter(strategy_discussion=discussion).first()
    if existing is not None:
        messages.info(request, "The section 47 enquiry has already been started.")
        return redirect("enquiry_detail", case_id=case.id, enquiry_id=existing.id)
    problems = start_problems(discussion)
    lead = case.lead_social_worker
    initial = {
        "lead_social_worker": (
            lead.pk
            if lead and lead_social_worker_choices(case.council_id).filter(pk=lead.pk).exists()
            else None
        ),
        "kind": discussion.enquiry or None,
    }
    data = request.POST if request.method == "POST" else None
    form = StartEnquiryForm(data, initial=initial, council_id=case.council_id)
    if request.method == "POST":
        if problems:
            form.is_valid()
            for problem in problems:
                form.add_error(None, problem)
        elif form.is_valid():
            try:
                enquiry = do_start_section_47_enquiry(
                    request.user,
                    discussion,
                    lead_social_worker=form.cleaned_data["lead_social_worker"],
                    kind=form.cleaned_data["kind"],
                )
            except ActionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "The section 47 enquiry has started.")
                return redirect("enquiry_detail", case_id=case.id, enquiry_id=enquiry.id)
    return render(
        request,
        "enquiries/start.html",
        {
            "page_title": "Start the section 47 enquiry",
            "case": case,
            "discussion": discussion,
            "started_at": local_text(discussion.held_at) if discussion.held_at else None,
            "problems": problems,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET"])
def enquiry_detail(request: HttpRequest, case_id: int, enquiry_id: int) -> HttpResponse:
    enquiry = access_enquiry(request.user, case_id, enquiry_id)
    case = enquiry.case
    do_log_record_view(request.user, case, "page", "enquiry_detail")
    clocks = evaluate_case(case)
    found = enquiry_clocks(enquiry, clocks)
    conference = _conference(enquiry)
    due = found.initial_conference
    rule = delay_rule(clocks.procedure)
    late = conference is not None and is_late(conference.scheduled_for, due and due.due_day)
    return render(
        request,
        "enquiries/detail.html",
        {
            "page_title": f"Section 47 enquiry – case {case.reference}",
            "case": case,
            "enquiry": enquiry,
            "clocks": clock_views(found),
            "conference_clock": ClockView(due) if due else None,
            "conference": conference,
            "conference_late": late,
            "delay_rule": rule,
            "awaiting_delay_agreement": bool(
                late and rule and conference and not conference.delay_authorised_by_id
            ),
            "can_edit": can_user_edit_enquiry(request.user, enquiry),
            "is_staff": bool(is_council_staff_of_case(request.user, case)),
            "can_book": can_user_book_conference(request.user, enquiry),
            "can_agree_delay": can_user_agree_conference_delay(request.user, enquiry),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enquiry_child_seen(request: HttpRequest, case_id: int, enquiry_id: int) -> HttpResponse:
    enquiry = access_enquiry(request.user, case_id, enquiry_id)
    require(can_user_edit_enquiry(request.user, enquiry), EDIT_REFUSED)
    do_log_record_view(request.user, enquiry.case, "page", "enquiry_child_seen")
    kwargs = {"enquiry": enquiry, "now": timezone.now()}
    if request.method == "POST":
        form = ChildSeenForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_record_child_seen(
                    request.user,
                    enquiry,
                    version=data["version"],
                    child_seen_at=data["child_seen_at"],
                    seen_alone=data["seen_alone"] == "yes",
                    seen_with=data["seen_with"],
                    parental_permission=data["parental_permission"],
                    exceptional_circumstance=data["exceptional_circumstance"],
                )
            except ConcurrentEditError as error:
                form = _stale(form, ChildSeenForm, enquiry, error, **kwargs)
            else:
                messages.success(request, "When the child was seen has been recorded.")
                return redirect("enquiry_detail", case_id=enquiry.case.id, enquiry_id=enquiry.id)
    else:
        form = ChildSeenForm(initial=ChildSeenForm.initial_for(enquiry), **kwargs)
    clocks = enquiry_clocks(enquiry, evaluate_case(enquiry.case))
    return render(
        request,
        "enquiries/child_seen.html",
        {
            "page_title": "Seeing the child",
            "case": enquiry.case,
            "enquiry": enquiry,
            "clock": ClockView(clocks.child_seen) if clocks.child_seen else None,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enquiry_outcome(request: HttpRequest, case_id: int, enquiry_id: int) -> HttpResponse:
    enquiry = access_enquiry(request.user, case_id, enquiry_id)
    require(can_user_edit_enquiry(request.user, enquiry), EDIT_REFUSED)
    case = enquiry.case
    do_log_record_view(request.user, case, "page", "enquiry_outcome")
    kwargs = {"enquiry": enquiry, "now": timezone.now()}
    if request.method == "POST":
        form = OutcomeForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                do_record_enquiry_outcome(
                    request.user,
                    enquiry,
                    version=data["version"],
                    outcome=data["outcome"],
                    outcome_reasons=data["outcome_reasons"],
                    completed_at=data["completed_at"],
                    other_children_considered=data["other_children_considered"],
                )
            except ConcurrentEditError as error:
                form = _stale(form, OutcomeForm, enquiry, error, **kwargs)
            except ActionError as error:
                form.add_error(None, str(error))
            else:
                if enquiry.outcome == Section47Enquiry.Outcome.SUBSTANTIATED:
                    messages.success(
                        request,
                        "The concerns are substantiated: book the initial child protection "
                        "conference.",
                    )
                    if can_user_book_conference(request.user, enquiry) and not hasattr(
                        enquiry, "initial_conference"
                    ):
                        return redirect("conference_book", case_id=case.id, enquiry_id=enquiry.id)
                else:
                    messages.success(
                        request,
                        "The concerns are not substantiated: no initial conference is needed.",
                    )
                return redirect("enquiry_detail", case_id=case.id, enquiry_id=enquiry.id)
    else:
        form = OutcomeForm(initial=OutcomeForm.initial_for(enquiry), **kwargs)
    return render(
        request,
        "enquiries/outcome.html",
        {
            "page_title": "Outcome of the section 47 enquiry",
            "case": case,
            "enquiry": enquiry,
            "household_children": form.children,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_book(request: HttpRequest, case_id: int, enquiry_id: int) -> HttpResponse:
    enquiry = access_enquiry(request.user, case_id, enquiry_id)
    require(
        can_user_book_conference(request.user, enquiry),
        "Only business support, social workers and managers of the council book conferences.",
    )
    case = enquiry.case
    do_log_record_view(request.user, case, "page", "conference_book")
    clocks = evaluate_case(case)
    due = enquiry_clocks(enquiry, clocks).initial_conference
    due_day = due.due_day if due else None
    rule = delay_rule(clocks.procedure)
    conference = _conference(enquiry)
    substantiated = enquiry.outcome == Section47Enquiry.Outcome.SUBSTANTIATED
    kwargs = {
        "council_id": case.council_id,
        "now": timezone.now(),
        "due_day": due_day,
        "can_agree_delay": bool(rule and can_user_agree_conference_delay(request.user, enquiry)),
    }
    if request.method == "POST" and substantiated:
        form = ConferenceBookingForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            booking = Booking(
                scheduled_for=data["scheduled_for"],
                venue=data["venue"],
                chair=data["chair"],
                delay_reason=data["delay_reason"],
                agree_delay=bool(data.get("agree_delay")),
            )
            try:
                conference = do_book_initial_conference(
                    request.user,
                    enquiry,
                    booking,
                    version=data["version"] if conference is not None else None,
                    due_day=due_day,
                    delay_needs_agreement=rule is not None,
                )
            except ConcurrentEditError as error:
                assert conference is not None
                form = _stale(form, ConferenceBookingForm, conference, error, **kwargs)
            except ActionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"The initial child protection conference is booked for "
                    f"{local_text(conference.scheduled_for)}.",
                )
                if rule and conference.delay_reason and not conference.delay_authorised_by_id:
                    messages.warning(
                        request,
                        "The conference is later than the procedure allows: a manager must "
                        "now record their agreement to the delay.",
                    )
                return redirect("enquiry_detail", case_id=case.id, enquiry_id=enquiry.id)
    else:
        form = ConferenceBookingForm(
            initial=ConferenceBookingForm.initial_for(conference), **kwargs
        )
    return render(
        request,
        "enquiries/conference_book.html",
        {
            "page_title": "Book the initial child protection conference",
            "case": case,
            "enquiry": enquiry,
            "substantiated": substantiated,
            "conference": conference,
            "due": ClockView(due) if due else None,
            "due_day_text": day_text(due_day) if due_day else None,
            "delay_rule": rule,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_delay_agree(request: HttpRequest, case_id: int, enquiry_id: int) -> HttpResponse:
    enquiry = access_enquiry(request.user, case_id, enquiry_id)
    require(
        can_user_agree_conference_delay(request.user, enquiry),
        "Only a manager of the council can agree to a delay.",
    )
    case = enquiry.case
    do_log_record_view(request.user, case, "page", "conference_delay_agree")
    conference = get_object_or_404(
        InitialConference.objects.select_related("chair", "delay_authorised_by"), enquiry=enquiry
    )
    clocks = evaluate_case(case)
    due = enquiry_clocks(enquiry, clocks).initial_conference
    rule = delay_rule(clocks.procedure)
    needed = bool(rule and is_late(conference.scheduled_for, due and due.due_day))
    if request.method == "POST" and needed:
        form = DelayAgreementForm(request.POST)
        if form.is_valid():
            try:
                do_agree_conference_delay(
                    request.user,
                    conference,
                    version=form.cleaned_data["version"],
                    delay_reason=form.cleaned_data["delay_reason"],
                )
            except ConcurrentEditError as error:
                form = _stale(form, DelayAgreementForm, conference, error)
            else:
                messages.success(request, "Your agreement to the delay has been recorded.")
                return redirect("enquiry_detail", case_id=case.id, enquiry_id=enquiry.id)
    else:
        form = DelayAgreementForm(
            initial={"version": conference.version, "delay_reason": conference.delay_reason}
        )
    return render(
        request,
        "enquiries/conference_delay.html",
        {
            "page_title": "Agree to a delayed initial conference",
            "case": case,
            "enquiry": enquiry,
            "conference": conference,
            "due": ClockView(due) if due else None,
            "delay_rule": rule,
            "needed": needed,
            "form": form,
        },
    )
