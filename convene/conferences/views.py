"""Pages of a child protection conference: its page, the reports sent, invitations, the
outcome, adjourning, circulation, and booking a plan's review. Views parse input, check access
and call actions (convene/conferences/actions.py)."""

from __future__ import annotations

from collections.abc import Callable
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
from convene.cases.access import access_case, is_council_staff_of_case
from convene.cases.timeline import case_evaluation
from convene.conferences import actions
from convene.conferences.access import (
    access_conference,
    can_user_book_review,
    can_user_record_conference,
    can_user_record_outcome,
    is_chair,
)
from convene.conferences.forms import (
    AdjournForm,
    AgencyReportForm,
    AmendmentDecisionForm,
    AmendmentForm,
    AttendeeForm,
    ExclusionDecisionForm,
    ExclusionRequestForm,
    FamilyMeetingForm,
    OutcomeForm,
    ReportsForm,
    ReviewBookingForm,
    TransferInForm,
)
from convene.conferences.models import (
    EXCLUSION_GROUNDS,
    Amendment,
    Attendee,
    Conference,
    ExclusionRequest,
)
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


def _link(request: HttpRequest, conference: Conference) -> str:
    """The conference's page as a full address, for a link-only email."""
    return request.build_absolute_uri(
        reverse("conference_detail", args=[conference.case_id, conference.pk])
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


def _amendments(conference: Conference) -> list[Amendment]:
    """The record's amendments, each marked late if received after the 10 working days."""
    amendments = list(conference.amendments.all())
    due = actions.amendments_due_by(conference) if amendments else None
    for amendment in amendments:
        amendment.late = due is not None and timezone.localdate(amendment.received_at) > due
    return amendments


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
    exclusions = list(conference.exclusion_requests.select_related("family_member"))
    if exclusions:
        request_by = actions.working_days_before(conference, actions.EXCLUSION_REQUEST_DAYS)
        report_by = actions.working_days_before(
            conference, actions.excluded_report_days(conference)
        )
        today = timezone.localdate()
        grounds = dict(EXCLUSION_GROUNDS)
        for exclusion in exclusions:
            exclusion.ground_labels = [grounds.get(code, code) for code in exclusion.grounds]
            exclusion.late_request = timezone.localdate(exclusion.requested_at) > request_by
            exclusion.report_by = report_by
            sent = exclusion.report_sent_at
            exclusion.report_late = exclusion.decision == "excluded" and (
                timezone.localdate(sent) > report_by if sent else today > report_by
            )
    return _render(
        request,
        "conferences/detail.html",
        conference,
        "conference_detail",
        {
            "page_title": conference.get_kind_display(),
            "attendees": attendees,
            "quorate_now": actions.is_quorate(attendees, expected=True),
            "pre_birth_days_short": actions.pre_birth_days_short(conference),
            "exclusions": exclusions,
            "amendments": _amendments(conference),
            "amendments_due_by": actions.amendments_due_by(conference),
            "household_children": [m for m in conference.case.child.household.all() if m.is_child],
            "other_subjects": {m.pk for m in conference.other_subjects.all()},
            "is_chair": bool(is_chair(user)),
            "pre_birth_quote": actions.PRE_BIRTH_QUOTE,
            "clocks": clocks,
            "plan": getattr(conference, "made_plan", None) if conference.held_at else None,
            "can_record": bool(can_user_record_conference(user, conference.case)),
            "can_record_outcome": bool(can_user_record_outcome(user, conference.case)),
        },
    )


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _form_page(
    request: HttpRequest,
    conference: Conference,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    what: str,
    title: str,
    success: str,
    lede: str,
) -> HttpResponse:
    """A conference's form: on a valid POST, `save` it with the action and go back to the
    conference; a refusal or a stale page draws the form again, with what was typed."""
    page_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except (ActionError, ConcurrentEditError) as error:
            page_errors.append(str(error))
        else:
            if success:
                messages.success(request, success)
            return _detail(conference)
    return _render(
        request,
        "conferences/form.html",
        conference,
        what,
        {"page_title": title, "form": form, "page_errors": page_errors, "lede": lede},
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_reports(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)
    return _form_page(
        request,
        conference,
        ReportsForm(_data(request), initial=ReportsForm.initial_for(conference)),
        lambda data: actions.do_record_reports_sent(
            request.user,
            conference,
            version=data["version"],
            to_chair_at=data["to_chair_at"],
            to_parents_at=data["to_parents_at"],
        ),
        what="conference_reports",
        title="The social worker's report",
        success="When the reports were sent has been recorded.",
        lede=(
            "The social worker's report goes to the chair and to the parents before the "
            "conference: record when each was sent."
        ),
    )


def _partners(conference: Conference) -> Any:
    """The partners engaged on the case now: those an invitation can be linked to."""
    today = timezone.localdate()
    engaged = conference.case.engagements.filter(
        revoked_at__isnull=True, starts_on__lte=today, ends_on__gte=today
    )
    return User.objects.filter(pk__in=engaged.values("user_id"), is_active=True)


@login_required
@require_http_methods(["GET", "POST"])
def conference_invite(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)

    def save(data: dict[str, Any]) -> None:
        attendee = actions.do_add_attendee(
            request.user,
            conference,
            party=data["party"],
            name=data["name"],
            organisation=data["organisation"],
            direct_contact=data["direct_contact"] == "yes",
            account=data["user"],
            link=_link(request, conference),
            support_needed=data["support_needed"],
            contribution=data["contribution"],
        )
        messages.success(request, f"{attendee.name} has been added to the invitations.")

    return _form_page(
        request,
        conference,
        AttendeeForm(_data(request), partners=_partners(conference)),
        save,
        what="conference_invite",
        title="Invite someone to the conference",
        success="",
        lede=(
            "Invite the parents (including those with parental responsibility who live "
            "elsewhere), the child where of sufficient age and understanding, and the "
            "agencies involved with the child and family."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_outcome(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_outcome(request.user, conference.case), OUTCOME_ONLY)
    if conference.held_at:
        messages.info(request, "This conference's outcome has already been recorded.")
        return _detail(conference)
    form = OutcomeForm(
        _data(request),
        initial={"version": conference.version},
        conference=conference,
        attendees=list(conference.attendees.all()),
    )

    def save(data: dict[str, Any]) -> None:
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
                other_subjects=tuple(data.get("other_subjects") or ()),
            ),
            version=data["version"],
            plan_link=(
                request.build_absolute_uri(
                    reverse(
                        "conference_detail",
                        args=[conference.case_id, conference.plan.conference_id],
                    )
                )
                if conference.plan_id
                else ""
            ),
        )

    return _form_page(
        request,
        conference,
        form,
        save,
        what="conference_outcome",
        title="The conference's outcome",
        success="The conference's outcome has been recorded.",
        lede=(
            "Who attended, whether the conference was quorate, and the chair's decision. "
            "The decision is the chair's; dissenting views are recorded with it."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_adjourn(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_outcome(request.user, conference.case), OUTCOME_ONLY)
    return _form_page(
        request,
        conference,
        AdjournForm(_data(request), initial={"version": conference.version}),
        lambda data: actions.do_adjourn_conference(
            request.user,
            conference,
            version=data["version"],
            new_date=data["new_at"],
            interim_plan=data["interim_plan"],
        ),
        what="conference_adjourn",
        title="Adjourn the conference",
        success="The conference has been adjourned to its new date.",
        lede=(
            "An inquorate conference that does not proceed needs an interim protection "
            "plan, and another date, usually within a month, set at once."
        ),
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
        actions.do_circulate_conference(
            request.user, conference, version=version, what=what, link=_link(request, conference)
        )
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


@login_required
@require_http_methods(["GET", "POST"])
def exclusion_request(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)
    deadline = actions.working_days_before(conference, actions.EXCLUSION_REQUEST_DAYS)
    return _form_page(
        request,
        conference,
        ExclusionRequestForm(_data(request), conference=conference),
        lambda data: actions.do_request_exclusion(
            request.user,
            conference,
            family_member=data["family_member"],
            grounds=data["grounds"],
            evidence=data["evidence"],
        ),
        what="exclusion_request",
        title="Ask the chair to exclude a family member",
        success="The request has been sent to the chair.",
        lede=(
            f"Exclusion is rare. Ask as soon as possible, and by {deadline:%A %-d %B %Y} "
            f"(3 working days before the conference): “{actions.EXCLUSION_REQUEST_QUOTE}”"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def exclusion_decide(
    request: HttpRequest, case_id: int, conference_id: int, exclusion_id: int
) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(is_chair(request.user), "Only the conference chair decides on an exclusion.")
    exclusion = get_object_or_404(ExclusionRequest, pk=exclusion_id, conference=conference)
    days = actions.excluded_report_days(conference)
    deadline = actions.working_days_before(conference, days)
    return _form_page(
        request,
        conference,
        ExclusionDecisionForm(_data(request), initial={"version": exclusion.version}),
        lambda data: actions.do_decide_exclusion(
            request.user,
            exclusion,
            version=data["version"],
            decision=data["decision"],
            extent=data["extent"],
            extent_detail=data["extent_detail"],
            reasons=data["reasons"],
            report_sent_at=data["report_sent_at"],
        ),
        what="exclusion_decide",
        title=f"Excluding {exclusion.family_member.name}: the chair's decision",
        success="The chair's decision has been recorded.",
        lede=(
            "The chair's decision is final, and is confirmed to the family member in writing. "
            f"Someone excluded receives the social worker's report by {deadline:%A %-d %B %Y} "
            f"({days} working days before): “{actions.EXCLUDED_REPORT_QUOTE}”"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def amendment_new(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)
    due = actions.amendments_due_by(conference)
    return _form_page(
        request,
        conference,
        AmendmentForm(_data(request)),
        lambda data: actions.do_record_amendment(
            request.user,
            conference,
            asked_by=data["asked_by"],
            received_at=data["received_at"],
            correction=data["correction"],
        ),
        what="amendment_new",
        title="An amendment to the record",
        success="The amendment has been recorded for the chair.",
        lede=(
            (f"Amendments are due by {due:%A %-d %B %Y}. " if due else "")
            + f"“{actions.AMENDMENT_QUOTE}”"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def amendment_decide(
    request: HttpRequest, case_id: int, conference_id: int, amendment_id: int
) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(is_chair(request.user), "Only the conference chair decides on an amendment.")
    amendment = get_object_or_404(Amendment, pk=amendment_id, conference=conference)
    return _form_page(
        request,
        conference,
        AmendmentDecisionForm(_data(request), initial={"version": amendment.version}),
        lambda data: actions.do_decide_amendment(
            request.user,
            amendment,
            version=data["version"],
            decision=data["decision"],
            reasons=data["reasons"],
        ),
        what="amendment_decide",
        title=f"An amendment asked for by {amendment.asked_by}",
        success="The chair's decision on the amendment has been recorded.",
        lede=amendment.correction,
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_meeting(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_outcome(request.user, conference.case), OUTCOME_ONLY)
    return _form_page(
        request,
        conference,
        FamilyMeetingForm(_data(request), initial={"version": conference.version}),
        lambda data: actions.do_record_family_meeting(
            request.user,
            conference,
            version=data["version"],
            met_at=data["met_at"],
            notes=data["notes"],
        ),
        what="family_meeting",
        title="The chair's meeting with the family",
        success="The chair's meeting with the family has been recorded.",
        lede=(
            "“The chair must meet with the family, child and social worker prior to the "
            "conference to ensure they understand the purpose of the conference and how it "
            "will be conducted.”"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency_report(
    request: HttpRequest, case_id: int, conference_id: int, attendee_id: int
) -> HttpResponse:
    """An agency's report: its own invitee writes it, or children's social care on its
    behalf; nobody else may read it here before the conference record."""
    conference = access_conference(request.user, case_id, conference_id)
    attendee = get_object_or_404(Attendee, pk=attendee_id, conference=conference)
    own = attendee.user_id is not None and attendee.user_id == request.user.pk
    _require(
        own or can_user_record_conference(request.user, conference.case),
        "Only the agency's own invitee, or children's social care, sends its report.",
    )
    return _form_page(
        request,
        conference,
        AgencyReportForm(
            _data(request), initial={"version": attendee.version, "report": attendee.report}
        ),
        lambda data: actions.do_submit_agency_report(
            request.user, attendee, version=data["version"], report=data["report"]
        ),
        what="agency_report",
        title=f"The report of {attendee.organisation or attendee.name}",
        success="The report has been sent to the conference.",
        lede="An agency that cannot attend must still send its report.",
    )
