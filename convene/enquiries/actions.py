"""Changes to a section 47 enquiry and its initial conference: one `do_*` function each, in
one transaction. Edits check the version the user's page was drawn from; the rules that
depend on other records (an authorised decision, one open enquiry per case, the outcome) are
checked again here under a row lock, because they may have changed since the page was drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from convene.actions import ActionError, check_version, save_versioned
from convene.cases.models import Case
from convene.conferences.actions import do_sync_booked_conference
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.enquiries.timescales import is_late
from convene.people.models import Role
from convene.strategy.authorisation import (
    RECORD_DECISIONS,
    RequiredAuthorisation,
    decisions_final,
    required_authorisations,
)
from convene.strategy.models import AUTHORISER_CHOICES, DECISION_CHOICES, StrategyDiscussion

AUTHORISER_NAMES = {
    "social_work_manager": "a children's social care manager",
    "police_officer_in_charge": "the police officer in charge",
    "legal_adviser": "a legal adviser",
}
DECISION_NAMES = {
    "strategy_decision": "the strategy decision",
    "section_47": "the decision to start a section 47 enquiry",
    "no_further_action_insufficient_evidence": "no further action",
    "legal_action": "legal action",
}


def _name(code: str, names: dict[str, str], choices: list[tuple[str, str]]) -> str:
    return names.get(code) or dict(choices).get(code, code).lower()


def outstanding_authorisations(discussion: StrategyDiscussion) -> list[RequiredAuthorisation]:
    return [
        item
        for item in required_authorisations(discussion)
        if not item.done and item.decision not in RECORD_DECISIONS
    ]


def describe_outstanding(items: list[RequiredAuthorisation]) -> list[str]:
    """Who still has to authorise what, in words: "a children's social care manager, for the
    decision to start a section 47 enquiry"."""
    return [
        f"{_name(item.authoriser, AUTHORISER_NAMES, AUTHORISER_CHOICES)}, for "
        f"{_name(item.decision, DECISION_NAMES, DECISION_CHOICES)}"
        for item in items
    ]


def open_enquiry(case: Case) -> Section47Enquiry | None:
    """The case's enquiry without an outcome, if any. The rules engine treats a further
    section 47 decision while one is open as part of that enquiry, so there is one at a time."""
    return case.section_47_enquiries.filter(outcome="").first()


def start_problems(discussion: StrategyDiscussion) -> list[str]:
    """Why an enquiry cannot be started from this discussion (empty: it can)."""
    if discussion.outcome != "section_47":
        return ["This strategy discussion did not decide to start a section 47 enquiry."]
    if discussion.held_at is None:
        return ["This strategy discussion has not been recorded as held."]
    if not decisions_final(discussion):
        waiting = describe_outstanding(outstanding_authorisations(discussion))
        return [
            "The decision to start a section 47 enquiry is not final until it is authorised. "
            "Still to authorise: " + "; ".join(waiting) + "."
        ]
    existing = open_enquiry(discussion.case)
    if existing is not None:
        return [
            f"A section 47 enquiry is already open for case {discussion.case.reference}: "
            "record its outcome before starting another."
        ]
    return []


@transaction.atomic
def do_start_section_47_enquiry(
    user: Any, discussion: StrategyDiscussion, *, lead_social_worker: Any, kind: str
) -> Section47Enquiry:
    # Lock the discussion so that two people starting the enquiry at once make one.
    locked = StrategyDiscussion.objects.select_for_update().get(pk=discussion.pk)
    locked.case = discussion.case
    if Section47Enquiry.objects.filter(strategy_discussion=locked).exists():
        raise ActionError("A section 47 enquiry has already been started from this discussion.")
    problems = start_problems(locked)
    if problems:
        raise ActionError(" ".join(problems))
    if lead_social_worker.council_id != locked.case.council_id or (
        lead_social_worker.role != Role.SOCIAL_WORKER
    ):
        raise ActionError("The lead social worker must be a social worker of the council.")
    assert locked.held_at is not None
    return Section47Enquiry.objects.create(
        case=locked.case,
        strategy_discussion=locked,
        lead_social_worker=lead_social_worker,
        kind=kind,
        # The enquiry starts at the discussion that decided it: the clocks count from there.
        started_at=locked.held_at,
    )


@transaction.atomic
def do_record_child_seen(
    user: Any,
    enquiry: Section47Enquiry,
    *,
    version: int | None,
    child_seen_at: datetime,
    seen_alone: bool,
    seen_with: str,
    parental_permission: str,
    exceptional_circumstance: str,
) -> Section47Enquiry:
    check_version(enquiry, version)
    enquiry.child_seen_at = child_seen_at
    enquiry.seen_alone = seen_alone
    # Only what applies is kept, so the record never says two contradictory things.
    enquiry.seen_with = "" if seen_alone else seen_with.strip()
    enquiry.parental_permission = parental_permission
    enquiry.exceptional_circumstance = (
        exceptional_circumstance.strip()
        if parental_permission == Section47Enquiry.Permission.NOT_OBTAINED
        else ""
    )
    save_versioned(
        enquiry,
        [
            "child_seen_at",
            "seen_alone",
            "seen_with",
            "parental_permission",
            "exceptional_circumstance",
        ],
    )
    return enquiry


@transaction.atomic
def do_record_enquiry_outcome(
    user: Any,
    enquiry: Section47Enquiry,
    *,
    version: int | None,
    outcome: str,
    outcome_reasons: str,
    completed_at: datetime,
    other_children_considered: str,
) -> Section47Enquiry:
    check_version(enquiry, version)
    if (
        outcome == Section47Enquiry.Outcome.NOT_SUBSTANTIATED
        and InitialConference.objects.filter(enquiry=enquiry).exists()
    ):
        raise ActionError(
            "An initial conference is booked for this enquiry: the concerns cannot be recorded "
            "as not substantiated while it is booked."
        )
    enquiry.outcome = outcome
    enquiry.outcome_reasons = outcome_reasons.strip()
    enquiry.completed_at = completed_at
    enquiry.other_children_considered = other_children_considered.strip()
    save_versioned(
        enquiry, ["outcome", "outcome_reasons", "completed_at", "other_children_considered"]
    )
    return enquiry


@dataclass(frozen=True)
class Booking:
    scheduled_for: datetime
    venue: str
    chair: Any
    delay_reason: str
    agree_delay: bool


@transaction.atomic
def do_book_initial_conference(
    user: Any,
    enquiry: Section47Enquiry,
    booking: Booking,
    *,
    version: int | None,
    due_day: date | None,
    delay_needs_agreement: bool,
) -> InitialConference:
    """Book the conference, or change the booking (with the version the page was drawn from).
    A date after `due_day` keeps its reason; where the procedure asks for a manager's
    agreement to a delay, a manager booking it can give it at once, otherwise a manager
    records it afterwards (`do_agree_conference_delay`)."""
    locked = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if locked.outcome != Section47Enquiry.Outcome.SUBSTANTIATED:
        raise ActionError(
            "The initial conference is booked once the enquiry's concerns are substantiated."
        )
    if booking.scheduled_for <= timezone.now():
        raise ActionError("The date and time of the conference must be in the future.")
    if booking.chair.role != Role.CONFERENCE_CHAIR or (
        booking.chair.council_id != enquiry.case.council_id
    ):
        raise ActionError("The chair must be a conference chair of the council.")
    conference = InitialConference.objects.filter(enquiry=locked).first()
    if conference is None:
        if version is not None:
            # The page was drawn from a booking that has since been removed.
            raise ActionError("The booking you were changing no longer exists.")
        conference = InitialConference(
            case=enquiry.case, enquiry=locked, booked_by=user, booked_at=timezone.now()
        )
    else:
        check_version(conference, version)
    previous_day = timezone.localtime(conference.scheduled_for).date() if conference.pk else None
    conference.scheduled_for = booking.scheduled_for
    conference.venue = booking.venue.strip()
    conference.chair = booking.chair
    late = is_late(booking.scheduled_for, due_day)
    conference.delay_reason = booking.delay_reason.strip() if late else ""
    new_day = timezone.localtime(booking.scheduled_for).date()
    if not late or not delay_needs_agreement:
        conference.delay_authorised_by = None
        conference.delay_authorised_at = None
    elif booking.agree_delay and user.is_manager and user.council_id == enquiry.case.council_id:
        conference.delay_authorised_by = user
        conference.delay_authorised_at = timezone.now()
    elif previous_day != new_day:
        # A manager agreed to a delay until a particular day, not to any later one.
        conference.delay_authorised_by = None
        conference.delay_authorised_at = None
    if conference.pk is None:
        conference.save()
    else:
        save_versioned(conference)
    do_sync_booked_conference(conference)
    return conference


@transaction.atomic
def do_agree_conference_delay(
    user: Any, conference: InitialConference, *, version: int | None, delay_reason: str
) -> InitialConference:
    """A manager's written agreement to a conference later than the procedure allows, with
    the reasons (Darlington)."""
    check_version(conference, version)
    conference.delay_reason = delay_reason.strip()
    conference.delay_authorised_by = user
    conference.delay_authorised_at = timezone.now()
    save_versioned(conference, ["delay_reason", "delay_authorised_by", "delay_authorised_at"])
    return conference
