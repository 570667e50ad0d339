"""A case's recorded events as the rules engine's timeline, and the clocks derived from it.

The web application never stores a deadline: every page asks `case_evaluation` for the case's
clocks, which runs the same engine and the same procedure as `convene evaluate`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from convene.cases.models import Case
from convene.rules.calendar import england_calendar
from convene.rules.contract import calendar_for
from convene.rules.engine import Clock, Evaluation, evaluate
from convene.rules.procedure import Procedure, load_procedure
from convene.rules.timeline import parse_timeline


def event_time(moment: datetime) -> str:
    """A moment as the timeline writes it: local time, to the minute."""
    return _at(moment)


def _at(moment: datetime) -> str:
    """The contract's local time to the minute (Europe/London)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _child_document(case: Case) -> dict[str, Any]:
    child = case.child
    return {
        "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else None,
        "expected_birth_date": (
            child.expected_birth_date.isoformat() if child.expected_birth_date else None
        ),
        "hospital": child.hospital or None,
        "medical_examination": child.medical_examination,
        "lives_outside_area": child.lives_outside_area,
        "household_adult_concerns": list(child.household_adult_concerns),
    }


def case_events(case: Any, at: Callable[[datetime], str] = _at) -> list[dict[str, Any]]:
    """Every event the case has recorded, as contract events (unsorted: the engine sorts).
    Expects the relations of `with_timeline_relations` to be prefetched; the council overview
    passes rows that answer to the same attribute names (convene/work/clocks.py)."""
    events: list[dict[str, Any]] = []
    contact = getattr(case, "contact", None)
    if contact is not None:
        events.append({"type": "contact_received", "at": at(contact.received_at)})
        if contact.referrer_acknowledged_at:
            events.append(
                {"type": "referrer_acknowledged", "at": at(contact.referrer_acknowledged_at)}
            )
        if contact.decided_at:
            events.append({"type": "contact_decision", "at": at(contact.decided_at)})
            if contact.is_referral:
                events.append(
                    {
                        "type": "referral_accepted",
                        "at": at(contact.decided_at),
                        "assessment_required": contact.decision == "referral_assessment",
                    }
                )
                if case.allocated_at:
                    # A case allocated before the referral was accepted has its assessment
                    # allocated at the acceptance.
                    allocated = max(case.allocated_at, contact.decided_at)
                    events.append({"type": "assessment_allocated", "at": at(allocated)})
    for concerns in case.concerns.all():
        events.append(
            {
                "type": "concerns_identified",
                "at": at(concerns.identified_at),
                "concerns": list(concerns.concerns),
                "immediate_action_taken": concerns.immediate_action_taken,
                "forensic_evidence_needed": concerns.forensic_evidence_needed,
            }
        )
    for discussion in case.strategy_discussions.all():
        # The discussion counts once it has been held and its outcome recorded: the clock is
        # about holding it; authorisation is tracked separately and shown on the case.
        if discussion.held_at and discussion.outcome:
            event: dict[str, Any] = {
                "type": "strategy_discussion",
                "at": at(discussion.held_at),
                "form": discussion.form,
                "outcome": discussion.outcome,
            }
            if discussion.outcome == "section_47" and discussion.enquiry:
                event["enquiry"] = discussion.enquiry
            events.append(event)
        if discussion.record_circulated_at:
            events.append(
                {"type": "strategy_record_circulated", "at": at(discussion.record_circulated_at)}
            )
    for enquiry in case.section_47_enquiries.all():
        if enquiry.child_seen_at:
            events.append(
                {
                    "type": "child_seen",
                    "at": at(enquiry.child_seen_at),
                    "alone": bool(enquiry.seen_alone),
                }
            )
        if enquiry.completed_at and enquiry.outcome:
            events.append(
                {
                    "type": "section_47_completed",
                    "at": at(enquiry.completed_at),
                    "outcome": enquiry.outcome,
                }
            )
    for transfer in case.transfers_in.all():
        events.append({"type": "transfer_in_agreed", "at": at(transfer.agreed_at)})
    conferences = case.conferences.all()
    if "conferences" not in getattr(case, "_prefetched_objects_cache", {}) and hasattr(
        conferences, "prefetch_related"
    ):
        # Not prefetched (with_timeline_relations does): their exclusions in one more query.
        conferences = conferences.prefetch_related("exclusion_requests")
    for conference in conferences:
        events.extend(_conference_events(conference, at))
    for plan in case.plans.all():
        if plan.frequency_confirmed_at:
            events.append(
                {
                    "type": "core_group_frequency_confirmed",
                    "at": at(plan.frequency_confirmed_at),
                    "weeks": plan.core_group_weeks,
                }
            )
        for meeting in plan.core_groups.all():
            events.append({"type": "core_group_meeting", "at": at(meeting.held_at)})
            if meeting.plan_distributed_at:
                events.append({"type": "plan_distributed", "at": at(meeting.plan_distributed_at)})
        for visit in plan.visits.all():
            events.append(
                {
                    "type": "lead_social_worker_visit",
                    "at": at(visit.visited_at),
                    "child_seen": visit.child_seen,
                    "bedroom_seen": visit.bedroom_seen,
                }
            )
        if plan.moved_notified_at:
            events.append({"type": "moved_permanently", "at": at(plan.moved_notified_at)})
        if plan.receiving_conference_at:
            events.append({"type": "receiving_conference", "at": at(plan.receiving_conference_at)})
        # Recorded whatever the reason the plan ended (a review that ended it too).
        if plan.ended_at:
            events.append({"type": "plan_ended", "at": at(plan.ended_at)})
    return events


# A conference held, as the contract's event: a transfer-in conference is the contract's
# transfer_conference; an initial or pre-birth one is its initial_conference.
_HELD = {
    "initial": "initial_conference",
    "pre_birth": "initial_conference",
    "transfer_in": "transfer_conference",
    "review": "review_conference",
}


def _conference_events(conference: Any, at: Callable[[datetime], str]) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    if conference.report_to_chair_at:
        events.append(
            {"type": "conference_report_to_chair", "at": at(conference.report_to_chair_at)}
        )
    if conference.report_to_parents_at:
        events.append(
            {"type": "conference_report_to_parents", "at": at(conference.report_to_parents_at)}
        )
    excluded = conference.parent_excluded_at
    if excluded:
        # Decided before the conference; one recorded later still belongs to it.
        held = conference.held_at
        events.append({"type": "parent_excluded", "at": at(min(excluded, held or excluded))})
    if conference.excluded_report_sent_at:
        events.append(
            {"type": "report_to_excluded_parent", "at": at(conference.excluded_report_sent_at)}
        )
    if conference.held_at and conference.decision:
        event: dict[str, Any] = {"type": _HELD[conference.kind], "at": at(conference.held_at)}
        if event["type"] == "initial_conference":
            event["plan"] = conference.decision == "plan"
            if event["plan"]:
                event["category"] = conference.category
        elif event["type"] == "review_conference":
            event["plan_continues"] = conference.decision == "continue"
            if event["plan_continues"] and conference.seek_agency_views:
                event["seek_agency_views"] = True
        events.append(event)
        if event["type"] == "transfer_conference" and conference.decision == "no_plan":
            # The contract's transfer conference continues the originating council's plan;
            # deciding on none here ends it.
            events.append({"type": "plan_ended", "at": at(conference.held_at)})
    if conference.agency_views_requested_at:
        events.append(
            {"type": "agency_views_requested", "at": at(conference.agency_views_requested_at)}
        )
    if conference.agency_views_received_at:
        events.append(
            {"type": "agency_views_received", "at": at(conference.agency_views_received_at)}
        )
    if conference.decisions_circulated_at:
        events.append(
            {
                "type": "conference_decisions_circulated",
                "at": at(conference.decisions_circulated_at),
            }
        )
    if conference.record_circulated_at:
        events.append(
            {"type": "conference_record_circulated", "at": at(conference.record_circulated_at)}
        )
    return events


def case_timeline(case: Any, at: Callable[[datetime], str] = _at) -> dict[str, Any]:
    """The case as the contract's input document."""
    return {
        "procedure": case.council.procedure,
        "child": _child_document(case),
        "events": case_events(case, at),
    }


TIMELINE_RELATIONS = (
    "concerns",
    "strategy_discussions",
    "section_47_enquiries",
    "conferences",
    "conferences__exclusion_requests",
    "transfers_in",
    "plans__core_groups",
    "plans__visits",
)


def with_timeline_relations(queryset: Any) -> Any:
    """A case queryset that can build timelines without a query per case."""
    return queryset.select_related("child", "council", "contact").prefetch_related(
        *TIMELINE_RELATIONS, "council__closure_days"
    )


def procedure_for(case: Case) -> Procedure:
    return load_procedure(case.council.procedure)


@dataclass(frozen=True)
class CaseClocks:
    procedure: Procedure
    evaluation: Evaluation
    as_of: datetime

    @property
    def clocks(self) -> list[Clock]:
        return self.evaluation.clocks

    @property
    def open_clocks(self) -> list[Clock]:
        return [clock for clock in self.evaluation.clocks if clock.state in ("due", "overdue")]

    def latest(self, clock_id: str) -> Clock | None:
        found = [clock for clock in self.evaluation.clocks if clock.clock == clock_id]
        return found[-1] if found else None


def case_evaluation(case: Case, now: datetime | None = None) -> CaseClocks:
    """The case's clocks and strategy requirements as of `now` (default: this minute)."""
    now = timezone.localtime(now or timezone.now())
    procedure = procedure_for(case)
    closure_days: list[date] = [closure.day for closure in case.council.closure_days.all()]
    calendar = (
        england_calendar(procedure.closure_days | frozenset(closure_days))
        if closure_days
        else calendar_for(procedure)
    )
    timeline = parse_timeline(case_timeline(case))
    as_of = (now.date(), now.hour * 60 + now.minute)
    return CaseClocks(procedure, evaluate(timeline, procedure, as_of, calendar), now)
