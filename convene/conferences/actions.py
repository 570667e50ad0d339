"""Changes to conferences: each a `do_*` action, one transaction, its audit row written by
django-auditlog inside it (convene/actions.py). Timescales are never stored: the rules engine
derives them from what these record (convene/cases/timeline.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from convene.actions import ActionError, check_version, save_versioned
from convene.conferences.models import (
    CATEGORY_CHOICES,
    Amendment,
    Attendee,
    Conference,
    ExclusionRequest,
    TransferIn,
)
from convene.enquiries.models import InitialConference
from convene.notifications import queue_email
from convene.people.models import Role

CATEGORIES = frozenset(code for code, _ in CATEGORY_CHOICES)
INVITATION_SUBJECT = "Convene: you are invited to a conference"
CIRCULATED_SUBJECT = "Convene: a conference's decisions or record has been shared with you"


def kind_for_booking(booking: InitialConference) -> str:
    """A conference about an unborn child is a pre-birth conference."""
    child = booking.case.child
    return Conference.Kind.PRE_BIRTH if child.unborn else Conference.Kind.INITIAL


@transaction.atomic
def do_sync_booked_conference(booking: InitialConference) -> Conference:
    """The conference of a section 47 booking, made or moved with it (inside the booking's
    transaction, by do_book_initial_conference; atomic itself so that the row lock holds
    when it is called alone)."""
    conference = Conference.objects.select_for_update().filter(booking=booking).first()
    if conference is None:
        conference = Conference(case=booking.case, booking=booking, kind=kind_for_booking(booking))
    elif conference.held_at:
        raise ActionError("The conference has been held: its booking can no longer change.")
    conference.scheduled_for = booking.scheduled_for
    conference.venue = booking.venue
    conference.chair = booking.chair
    if conference.pk is None:
        conference.save()
    else:
        save_versioned(conference, ["scheduled_for", "venue", "chair"])
    return conference


# Darlington, Pre Birth Conference (darlington-child-protection-procedures.txt).
PRE_BIRTH_QUOTE = (
    "The pre-birth conference should take place ideally at least 3 months before the due date "
    "of delivery, so as to allow as much time as possible for planning support for the "
    "pregnancy and the birth of the baby. Where there is a known likelihood of a premature "
    "birth, the conference should be held earlier."
)
PRE_BIRTH_LEAD_DAYS = 91  # 3 months, counted as the contract counts them (91 days)


def pre_birth_days_short(conference: Conference) -> int | None:
    """For a pre-birth conference booked less than 3 months before the expected date of
    delivery, by how many days; otherwise None. (Where a premature birth is likely it should
    be earlier still: the warning says so whenever it shows.)"""
    due = conference.case.child.expected_birth_date
    if conference.kind != Conference.Kind.PRE_BIRTH or due is None:
        return None
    lead = (due - timezone.localdate(conference.scheduled_for)).days
    return PRE_BIRTH_LEAD_DAYS - lead if lead < PRE_BIRTH_LEAD_DAYS else None


def check_chair(chair: Any, case: Any) -> None:
    """A conference chair of the council. The chair must have no line management of the case:
    only people with the conference chair role may chair, and that role manages no team, so a
    team or service manager (who line-manages cases) is refused here."""
    if chair is None or chair.role != Role.CONFERENCE_CHAIR or chair.council_id != case.council_id:
        raise ActionError(
            "The chair must be a conference chair of the council, with no line management "
            "of the case."
        )


def check_lead_social_worker(lead: Any, case: Any) -> None:
    """A qualified social worker of the council, or in the interim a first-line manager."""
    if lead is None:
        raise ActionError("Choose the plan's lead social worker.")
    if lead.council_id != case.council_id or lead.role not in (
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
    ):
        raise ActionError(
            "The lead social worker must be a qualified social worker of the council, or in "
            "the interim a team manager."
        )


@transaction.atomic
def do_record_reports_sent(
    user: Any,
    conference: Conference,
    *,
    version: int | None,
    to_chair_at: datetime | None,
    to_parents_at: datetime | None,
) -> Conference:
    """When the social worker's report went to the chair and to the parents."""
    check_version(conference, version)
    now = timezone.now()
    for moment in (to_chair_at, to_parents_at):
        if moment is not None and moment > now:
            raise ActionError("A report cannot have been sent in the future.")
    conference.report_to_chair_at = to_chair_at
    conference.report_to_parents_at = to_parents_at
    save_versioned(conference, ["report_to_chair_at", "report_to_parents_at"])
    return conference


@transaction.atomic
def do_add_attendee(
    user: Any,
    conference: Conference,
    *,
    party: str,
    name: str,
    organisation: str = "",
    direct_contact: bool = False,
    account: Any = None,
    link: str = "",
    support_needed: str = "",
    contribution: str = "",
) -> Attendee:
    """Someone invited. One with an account is told by a link-only email: no child's data."""
    if conference.held_at:
        raise ActionError("The conference has been held: record who attended with its outcome.")
    if not name.strip():
        raise ActionError("Enter the name of the person invited.")
    attendee = Attendee.objects.create(
        conference=conference,
        party=party,
        name=name.strip(),
        organisation=organisation.strip(),
        direct_contact=direct_contact,
        user=account,
        support_needed=support_needed.strip(),
        contribution=contribution if party == Attendee.Party.CHILD else "",
    )
    if account is not None and link:
        queue_email(
            account.email,
            INVITATION_SUBJECT,
            f"You are invited to a child protection conference. When and where, and what is "
            f"asked of you, are in Convene: {link}\n\nSign in to Convene to read it.",
        )
    return attendee


def is_quorate(attendees: list[Attendee], *, expected: bool = False) -> bool:
    """Children's social care and at least two other agencies with direct contact with the
    child and family, present (Darlington). `expected`: as invited, before the conference,
    counting everyone who has not sent apologies."""
    wanted = (
        {Attendee.Attendance.ATTENDED, Attendee.Attendance.INVITED}
        if expected
        else {Attendee.Attendance.ATTENDED}
    )
    present = [a for a in attendees if a.attendance in wanted]
    social_care = any(a.party == Attendee.Party.SOCIAL_CARE for a in present)
    agencies = {
        (a.organisation or a.name).casefold()
        for a in present
        if a.party == Attendee.Party.AGENCY and a.direct_contact
    }
    return social_care and len(agencies) >= 2


@dataclass(frozen=True)
class Outcome:
    held_at: datetime
    decision: str
    category: str = ""
    reasons: str = ""
    dissent: str = ""
    recommendations: str = ""
    proceed_reason: str = ""
    exceptional_reason: str = ""
    lead_social_worker: Any = None
    attendance: tuple[tuple[Attendee, str, bool], ...] = ()
    other_subjects: tuple[Any, ...] = ()  # the household's other children who are subjects
    seek_agency_views: bool = False  # a review: absent agencies asked in writing first
    confidential_information: str = ""  # in the record, never in the parent's copy
    confidential_reports: tuple[Attendee, ...] = ()  # reports left out of the parent's copy


def _held_problems(conference: Conference, outcome: Outcome) -> str | None:
    if outcome.held_at > timezone.now():
        return "The conference cannot be recorded as held in the future."
    booking = conference.booking
    if booking is not None and outcome.held_at < booking.enquiry.started_at:
        return "The conference cannot be held before the section 47 enquiry started."
    if conference.plan is not None and outcome.held_at < conference.plan.started_at:
        return "A review cannot be held before the plan started."
    return None


@transaction.atomic
def do_record_conference(
    user: Any,
    conference: Conference,
    outcome: Outcome,
    *,
    version: int | None,
    plan_link: str = "",
) -> Conference:
    """The conference held: who attended and sent reports, quorum, and the chair's decision.
    A plan is made (initial, pre-birth, transfer-in) or continued or ended (review)."""
    from convene.plans.actions import notify_plan_ended
    from convene.plans.models import ChildProtectionPlan

    check_version(conference, version)
    if conference.held_at:
        raise ActionError("This conference's outcome has already been recorded.")
    problem = _held_problems(conference, outcome)
    if problem:
        raise ActionError(problem)
    confidential = {attendee.pk for attendee in outcome.confidential_reports}
    for attendee, attendance, report in outcome.attendance:
        if attendee.conference_id != conference.pk:
            raise ActionError("Someone listed was not invited to this conference.")
        attendee.attendance = attendance
        attendee.report_submitted = report
        attendee.report_confidential = attendee.pk in confidential
        save_versioned(attendee, ["attendance", "report_submitted", "report_confidential"])
    attendees = list(conference.attendees.all())
    quorate = is_quorate(attendees)
    if not quorate and not outcome.proceed_reason:
        raise ActionError(
            "The conference was not quorate: record why the chair proceeded, or adjourn it."
        )
    case = conference.case
    review = conference.is_review
    allowed = ("continue", "end") if review else ("plan", "no_plan")
    if outcome.decision not in allowed:
        raise ActionError("Choose the conference's decision.")
    category = ""
    if outcome.decision == "plan":
        if outcome.category not in CATEGORIES:
            raise ActionError(
                "Choose one category of abuse: physical, emotional, sexual or neglect."
            )
        category = outcome.category
        check_lead_social_worker(outcome.lead_social_worker, case)
    ending_first = review and outcome.decision == "end" and _is_first_review(conference)
    if ending_first and not outcome.exceptional_reason:
        raise ActionError(
            "A plan ends at its first review only in the exceptional circumstances the "
            "procedure sets out: record which."
        )
    if outcome.seek_agency_views and not (review and outcome.decision == "continue"):
        raise ActionError(
            "Absent agencies' views are sought only while the plan continues: record that the "
            "plan continues until they answer."
        )
    conference.held_at = outcome.held_at
    conference.seek_agency_views = outcome.seek_agency_views
    conference.quorate = quorate
    conference.inquorate_reason = "" if quorate else outcome.proceed_reason
    conference.decision = outcome.decision
    conference.category = category
    conference.decision_reasons = outcome.reasons.strip()
    conference.dissent = outcome.dissent.strip()
    conference.recommendations = outcome.recommendations.strip()
    conference.confidential_information = outcome.confidential_information.strip()
    conference.exceptional_reason = outcome.exceptional_reason if review else ""
    conference.recorded_by = user
    save_versioned(conference)
    household = {m.pk for m in case.child.household.all() if m.is_child}
    if any(child.pk not in household for child in outcome.other_subjects):
        raise ActionError("Only the household's children can be subjects of the conference.")
    conference.other_subjects.set(outcome.other_subjects)
    if outcome.decision == "plan":
        if ChildProtectionPlan.objects.filter(case=case, ended_at__isnull=True).exists():
            raise ActionError("The child already has a child protection plan.")
        ChildProtectionPlan.objects.create(
            case=case,
            conference=conference,
            category=category,
            lead_social_worker=outcome.lead_social_worker,
            started_at=outcome.held_at,
        )
    elif review and outcome.decision == "end":
        plan = ChildProtectionPlan.objects.select_for_update().get(pk=conference.plan_id)
        if plan.ended_at is not None:
            raise ActionError("The plan has already ended.")
        plan.ended_at = outcome.held_at
        plan.ending = ChildProtectionPlan.Ending.REVIEW
        plan.ended_by = user
        save_versioned(plan, ["ended_at", "ending", "ended_by"])
        notify_plan_ended(plan, plan_link)
    return conference


def _is_first_review(conference: Conference) -> bool:
    earlier = Conference.objects.filter(
        plan_id=conference.plan_id, held_at__isnull=False, kind=Conference.Kind.REVIEW
    ).exclude(pk=conference.pk)
    return not earlier.exists()


@transaction.atomic
def do_adjourn_conference(
    user: Any,
    conference: Conference,
    *,
    version: int | None,
    new_date: datetime,
    interim_plan: str,
) -> Conference:
    """An inquorate conference adjourned: an interim plan, and a new date set at once."""
    check_version(conference, version)
    if conference.held_at:
        raise ActionError("A conference already held cannot be adjourned.")
    if new_date <= timezone.now():
        raise ActionError("The new date must be in the future.")
    if not interim_plan.strip():
        raise ActionError("Record the interim protection plan.")
    conference.adjourned_at = timezone.now()
    conference.interim_plan = interim_plan.strip()
    conference.scheduled_for = new_date
    save_versioned(conference, ["adjourned_at", "interim_plan", "scheduled_for"])
    if conference.booking_id:
        booking = conference.booking
        booking.scheduled_for = new_date
        save_versioned(booking, ["scheduled_for"])
    return conference


@transaction.atomic
def do_circulate_conference(
    user: Any, conference: Conference, *, version: int | None, what: str, link: str = ""
) -> Conference:
    """The decisions, or the record, sent to everyone invited (recorded now)."""
    check_version(conference, version)
    if not conference.held_at:
        raise ActionError("The conference has not been held yet.")
    now = timezone.now()
    if what == "decisions":
        if conference.decisions_circulated_at:
            raise ActionError("The decisions have already been circulated.")
        conference.decisions_circulated_at = now
        save_versioned(conference, ["decisions_circulated_at"])
    elif what == "record":
        if conference.record_circulated_at:
            raise ActionError("The record has already been circulated.")
        conference.record_circulated_at = now
        save_versioned(conference, ["record_circulated_at"])
    else:
        raise ActionError("Choose what to circulate.")
    if link:
        # Link-only emails to those invited who have an account; no child's data in them.
        for attendee in conference.attendees.filter(user__isnull=False).select_related("user"):
            queue_email(
                attendee.user.email,
                CIRCULATED_SUBJECT,
                f"A child protection conference's {what} has been shared with you in Convene: "
                f"{link}\n\nSign in to Convene to read it.",
            )
    return conference


@transaction.atomic
def do_book_review_conference(
    user: Any,
    plan: Any,
    *,
    scheduled_for: datetime,
    venue: str,
    chair: Any,
    brought_forward: str = "",
    brought_forward_reason: str = "",
    due_day: date | None = None,
) -> Conference:
    """A review conference of an open plan. One brought forward gives its reason, from the
    procedure's occasions (BROUGHT_FORWARD_REASONS), with the detail of another one."""
    if plan.ended_at is not None:
        raise ActionError("The plan has ended: there is nothing to review.")
    if Conference.objects.filter(plan=plan, held_at__isnull=True).exists():
        raise ActionError("A review of this plan is already booked.")
    if scheduled_for <= timezone.now():
        raise ActionError("The date and time of the conference must be in the future.")
    check_chair(chair, plan.case)
    if brought_forward == "other" and not brought_forward_reason.strip():
        raise ActionError("Say why the review is brought forward.")
    return Conference.objects.create(
        case=plan.case,
        kind=Conference.Kind.REVIEW,
        plan=plan,
        scheduled_for=scheduled_for,
        venue=venue.strip(),
        chair=chair,
        brought_forward=brought_forward,
        brought_forward_reason=brought_forward_reason.strip(),
    )


@transaction.atomic
def do_record_transfer_in(
    user: Any,
    case: Any,
    *,
    agreed_at: datetime,
    originating_council: str,
    originating_social_worker: str,
    originating_contact: str,
    scheduled_for: datetime,
    venue: str,
    chair: Any,
) -> TransferIn:
    """The two councils' agreement, and the transfer-in conference booked. The originating
    council's lead social worker is invited (Darlington: they "must be invited to the transfer
    conference and [are] expected to submit a report at least five working days before")."""
    from convene.plans.models import ChildProtectionPlan

    if agreed_at > timezone.now():
        raise ActionError("The agreement cannot be dated in the future.")
    if scheduled_for < agreed_at:
        raise ActionError("The transfer-in conference cannot be before the agreement.")
    if not (originating_council.strip() and originating_social_worker.strip()):
        raise ActionError("Name the originating council and its lead social worker.")
    if ChildProtectionPlan.objects.filter(case=case, ended_at__isnull=True).exists():
        raise ActionError("The child already has a child protection plan in this council.")
    check_chair(chair, case)
    conference = Conference.objects.create(
        case=case,
        kind=Conference.Kind.TRANSFER_IN,
        scheduled_for=scheduled_for,
        venue=venue.strip(),
        chair=chair,
    )
    Attendee.objects.create(
        conference=conference,
        party=Attendee.Party.AGENCY,
        name=originating_social_worker.strip(),
        organisation=f"{originating_council.strip()} children's social care",
        direct_contact=True,
    )
    return TransferIn.objects.create(
        case=case,
        agreed_at=agreed_at,
        originating_council=originating_council.strip(),
        originating_social_worker=originating_social_worker.strip(),
        originating_contact=originating_contact.strip(),
        conference=conference,
        recorded_by=user,
    )


# Darlington, Exclusion of Family Members from a Conference. The requests and the excluded
# person's report are checked against these working days before the conference, counted on
# the council's calendar as the engine counts (not yet clocks of the engine: see issue 9).
EXCLUSION_REQUEST_QUOTE = (
    "This representation must be made, as soon as possible and at least three working days "
    "in advance of the conference."
)
EXCLUDED_REPORT_QUOTE = (
    "Those excluded should be provided with a copy of the social worker's report to the "
    "conference (three working days before an Initial Conference and five working days "
    "before a Review Conference)"
)
EXCLUSION_REQUEST_DAYS = 3


def working_days_before(conference: Conference, days: int) -> date:
    """The day `days` working days before the conference, on the council's calendar."""
    from convene.cases.timeline import procedure_for
    from convene.work.clocks import council_calendar

    case = conference.case
    calendar = council_calendar(
        procedure_for(case), [c.day for c in case.council.closure_days.all()]
    )
    return calendar.subtract_working_days(timezone.localdate(conference.scheduled_for), days)


@transaction.atomic
def do_request_exclusion(
    user: Any, conference: Conference, *, family_member: Attendee, grounds: list[str], evidence: str
) -> ExclusionRequest:
    from convene.conferences.models import EXCLUSION_GROUNDS

    if conference.held_at:
        raise ActionError("The conference has been held.")
    if family_member.conference_id != conference.pk or family_member.party not in (
        Attendee.Party.PARENT,
        Attendee.Party.CHILD,
    ):
        raise ActionError("Choose a family member invited to this conference.")
    known = {code for code, _ in EXCLUSION_GROUNDS}
    if not grounds or not set(grounds) <= known:
        raise ActionError("Say which of the procedure's grounds are met.")
    if not evidence.strip():
        raise ActionError("Give the information or evidence the request is based on.")
    return ExclusionRequest.objects.create(
        conference=conference,
        family_member=family_member,
        grounds=grounds,
        evidence=evidence.strip(),
        requested_by=user,
    )


@transaction.atomic
def do_decide_exclusion(
    user: Any,
    request: ExclusionRequest,
    *,
    version: int | None,
    decision: str,
    extent: str,
    extent_detail: str,
    reasons: str,
    report_sent_at: datetime | None,
) -> ExclusionRequest:
    """The chair's decision, final ("The decision of the chair over matters of exclusion is
    final"), with its reasons and how long the exclusion lasts."""
    check_version(request, version)
    if user.role != Role.CONFERENCE_CHAIR:
        raise ActionError("Only the conference chair decides on an exclusion.")
    if request.decision:
        raise ActionError("The chair has decided already: the decision is final.")
    if decision not in ExclusionRequest.Decision.values:
        raise ActionError("Choose whether the family member is excluded.")
    if not reasons.strip():
        raise ActionError("Give the reasons for the decision.")
    excluded = decision == ExclusionRequest.Decision.EXCLUDED
    if excluded and extent not in ExclusionRequest.Extent.values:
        raise ActionError("Say whether the exclusion is from the whole conference or part.")
    if report_sent_at is not None and report_sent_at > timezone.now():
        raise ActionError("The report cannot have been sent in the future.")
    request.decision = decision
    request.extent = extent if excluded else ""
    request.extent_detail = extent_detail.strip() if excluded else ""
    request.reasons = reasons.strip()
    request.decided_by = user
    request.decided_at = timezone.now()
    request.report_sent_at = report_sent_at if excluded else None
    save_versioned(request)
    return request


AMENDMENT_QUOTE = (
    "Any amendment to accuracy of record should be sent, in writing, within 10 working days "
    "of the receipt of that record to the chair."
)
AMENDMENT_DAYS = 10


def amendments_due_by(conference: Conference) -> date | None:
    """The last day for amendments: 10 working days after the record was circulated (its
    receipt), on the council's calendar; None before it is circulated."""
    from convene.cases.timeline import procedure_for
    from convene.work.clocks import council_calendar

    if conference.record_circulated_at is None:
        return None
    case = conference.case
    calendar = council_calendar(
        procedure_for(case), [c.day for c in case.council.closure_days.all()]
    )
    return calendar.add_working_days(
        timezone.localdate(conference.record_circulated_at), AMENDMENT_DAYS
    )


@transaction.atomic
def do_record_amendment(
    user: Any, conference: Conference, *, asked_by: str, received_at: datetime, correction: str
) -> Amendment:
    """An amendment received in writing (recorded even when late: the chair decides)."""
    if conference.record_circulated_at is None:
        raise ActionError("The record has not been circulated yet: there is nothing to amend.")
    if received_at > timezone.now():
        raise ActionError("The amendment cannot have been received in the future.")
    if received_at < conference.record_circulated_at:
        raise ActionError("An amendment cannot have been received before the record was sent.")
    if not (asked_by.strip() and correction.strip()):
        raise ActionError("Say who asked, and what should be corrected.")
    return Amendment.objects.create(
        conference=conference,
        asked_by=asked_by.strip(),
        received_at=received_at,
        correction=correction.strip(),
        recorded_by=user,
    )


@transaction.atomic
def do_decide_amendment(
    user: Any, amendment: Amendment, *, version: int | None, decision: str, reasons: str
) -> Amendment:
    check_version(amendment, version)
    if user.role != Role.CONFERENCE_CHAIR:
        raise ActionError("Only the conference chair accepts or refuses an amendment.")
    if amendment.decision:
        raise ActionError("The chair has decided on this amendment already.")
    if decision not in Amendment.Decision.values:
        raise ActionError("Choose whether the amendment is accepted.")
    if decision == Amendment.Decision.REFUSED and not reasons.strip():
        raise ActionError("Give the reasons for refusing it.")
    amendment.decision = decision
    amendment.reasons = reasons.strip()
    amendment.decided_by = user
    amendment.decided_at = timezone.now()
    save_versioned(amendment)
    return amendment


@transaction.atomic
def do_record_family_meeting(
    user: Any, conference: Conference, *, version: int | None, met_at: datetime, notes: str
) -> Conference:
    """The chair's meeting with the family, the child and the social worker before it."""
    check_version(conference, version)
    if met_at > timezone.now():
        raise ActionError("The meeting cannot be in the future.")
    if met_at > conference.scheduled_for:
        raise ActionError("The chair meets the family before the conference.")
    conference.family_meeting_at = met_at
    conference.family_meeting_notes = notes.strip()
    save_versioned(conference, ["family_meeting_at", "family_meeting_notes"])
    return conference


@transaction.atomic
def do_submit_agency_report(
    user: Any, attendee: Attendee, *, version: int | None, report: str
) -> Attendee:
    """An agency's report to the conference, written in the page: by the agency's own
    invitee, or by social care or business support on its behalf. An agency that cannot
    attend must still send one."""
    check_version(attendee, version)
    if attendee.party != Attendee.Party.AGENCY:
        raise ActionError("Reports are sent by the agencies invited.")
    if not report.strip():
        raise ActionError("Write the report.")
    attendee.report = report.strip()
    attendee.report_received_at = timezone.now()
    attendee.report_submitted = True
    save_versioned(attendee, ["report", "report_received_at", "report_submitted"])
    return attendee


# Darlington, Discontinuing the Child Protection Plan (the engine's agency_views_requested and
# agency_views_received clocks count the 10 working days of each step).
AGENCY_VIEWS_QUOTE = (
    "Where one or more agencies currently working with a child are not present at the "
    "conference deciding on whether to discontinue the Child Protection Plan, the chair may "
    "decide to seek their views first. This should be done in writing within 10 working days "
    "and written responses provided within 10 working days."
)


@transaction.atomic
def do_record_agency_views(
    user: Any, conference: Conference, *, version: int | None, step: str, at: datetime
) -> Conference:
    """The absent agencies asked in writing for their views on ending the plan (`requested`),
    or their written answers in (`received`)."""
    check_version(conference, version)
    if not conference.seek_agency_views or conference.held_at is None:
        raise ActionError("The chair did not decide to seek absent agencies' views.")
    if at > timezone.now():
        raise ActionError("This cannot be recorded in the future.")
    if step == "requested":
        if conference.agency_views_requested_at:
            raise ActionError("The request for views has already been recorded.")
        if at < conference.held_at:
            raise ActionError("Views cannot be asked for before the conference.")
        conference.agency_views_requested_at = at
        save_versioned(conference, ["agency_views_requested_at"])
    elif step == "received":
        requested = conference.agency_views_requested_at
        if requested is None:
            raise ActionError("Record when the views were asked for first.")
        if conference.agency_views_received_at:
            raise ActionError("The views have already been recorded as received.")
        if at < requested:
            raise ActionError("The answers cannot come before the views were asked for.")
        conference.agency_views_received_at = at
        save_versioned(conference, ["agency_views_received_at"])
    else:
        raise ActionError("Say whether the views were asked for or received.")
    return conference
