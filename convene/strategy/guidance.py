"""What the council's procedure says at each step of a strategy discussion, for the pages to
show in its own words (each rule's quote and source file)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from convene.rules.procedure import Procedure, Rule
from convene.rules.vocabulary import ATTENDEE_ORDER
from convene.strategy.models import Invitee

# The agency kind that provides each attendee code, to suggest the agency when inviting.
AGENCY_KIND_OF = {
    "police": "police",
    "health": "health",
    "midwifery": "health",
    "medical_consultant": "health",
    "senior_ward_nurse": "health",
    "senior_doctor": "health",
    "paediatrician": "health",
    "school": "school",
}

# Requirement rules (by their id within the procedure) that say what to do when an attendee
# the procedure requires cannot take part. Lancashire's is the only one the texts spell out.
ABSENCE_REQUIREMENTS: dict[str, tuple[str, ...]] = {"health": ("health-absent",)}

CHAIR_REQUIREMENTS = ("strategy-chair", "strategy-meeting-chair")
RECORD_REQUIREMENTS = ("record-circulation", "referrer-feedback")


def _local_id(rule: Rule) -> str:
    return rule.id.split("/", 1)[1]


def _requirements(procedure: Procedure, local_ids: Iterable[str]) -> list[Rule]:
    wanted = set(local_ids)
    return [rule for rule in procedure.rules_of("requirement") if _local_id(rule) in wanted]


def meeting_rules(procedure: Procedure, reasons: Iterable[str]) -> list[Rule]:
    """The rules that make these concerns need a meeting."""
    reasons = set(reasons)
    return [
        rule
        for rule in procedure.meeting_rules
        if rule.when.concerns_any is not None and rule.when.concerns_any & reasons
    ]


def chair_rules(procedure: Procedure) -> list[Rule]:
    return _requirements(procedure, CHAIR_REQUIREMENTS)


def record_rules(procedure: Procedure) -> list[Rule]:
    """The timescale for the record and what the procedure says about sharing it."""
    return [
        *procedure.clock_rules.get("strategy_record", ()),
        *_requirements(procedure, RECORD_REQUIREMENTS),
    ]


def attendee_rules(procedure: Procedure, attendee: str, level: str) -> list[Rule]:
    return [
        rule
        for rule in procedure.attendee_rules
        if rule.level == level and attendee in rule.attendees
    ]


def absence_guidance(procedure: Procedure, attendee: str) -> list[Rule]:
    """Why the attendee is required, and what to record when they are not there."""
    return [
        *attendee_rules(procedure, attendee, "required"),
        *_requirements(procedure, ABSENCE_REQUIREMENTS.get(attendee, ())),
    ]


@dataclass(frozen=True)
class MissingAttendee:
    attendee: str
    invitees: list[Invitee]  # those invited for it, with their absence reasons
    rules: list[Rule]


def attendance_recorded(invitees: Iterable[Invitee]) -> bool:
    return any(invitee.attendance != Invitee.Attendance.INVITED for invitee in invitees)


def missing_required(procedure: Procedure, invitees: list[Invitee]) -> list[MissingAttendee]:
    """Attendees the procedure requires of whom no-one was present."""
    required = {inv.attendee for inv in invitees if inv.basis == Invitee.Basis.REQUIRED}
    present = {
        inv.attendee
        for inv in invitees
        if not inv.removed and inv.attendance == Invitee.Attendance.PRESENT
    }
    return [
        MissingAttendee(
            code,
            [inv for inv in invitees if inv.attendee == code],
            absence_guidance(procedure, code),
        )
        for code in sorted(required - present, key=ATTENDEE_ORDER.__getitem__)
    ]
