"""The enquiry's clocks as the rules engine derives them, and what the procedure says about a
conference booked later than its timescale. Nothing here stores a deadline: every page asks
the engine (`case_evaluation`), as every other page of Convene does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from convene.cases.labels import clock_state_label, clock_state_tag, label
from convene.cases.models import Case
from convene.cases.timeline import CaseClocks, case_evaluation, with_timeline_relations
from convene.enquiries.models import Section47Enquiry
from convene.rules.engine import Clock
from convene.rules.procedure import Procedure, Rule

ENQUIRY_CLOCKS = ("child_seen", "section_47_completion", "initial_conference")
CONFERENCE_DELAY = "initial_conference_delay"


def evaluate_case(case: Case, now: datetime | None = None) -> CaseClocks:
    """The case's clocks, loading the timeline's records in a fixed number of queries."""
    loaded = with_timeline_relations(Case.objects.filter(pk=case.pk)).get()
    return case_evaluation(loaded, now)


def _moment(at: datetime) -> tuple[int, int]:
    local = timezone.localtime(at)
    return (local.date().toordinal(), local.hour * 60 + local.minute)


def _starts(clock: Clock) -> tuple[int, int]:
    start = clock.starts
    return (start.day.toordinal(), -1 if start.minute is None else start.minute)


@dataclass(frozen=True)
class EnquiryClocks:
    child_seen: Clock | None
    section_47_completion: Clock | None
    initial_conference: Clock | None

    def all(self) -> list[Clock]:
        return [
            clock
            for clock in (self.child_seen, self.section_47_completion, self.initial_conference)
            if clock is not None
        ]


def enquiry_clocks(enquiry: Section47Enquiry, clocks: CaseClocks) -> EnquiryClocks:
    """This enquiry's occurrence of each clock: the first counted from on or after the
    discussion that started it and before the case's next enquiry started. (With one enquiry
    on the case, as is usual, that is `clocks.latest(...)`.)"""
    start = _moment(enquiry.started_at)
    later = [
        _moment(other.started_at)
        for other in enquiry.case.section_47_enquiries.all()
        if other.pk != enquiry.pk and other.started_at > enquiry.started_at
    ]
    end = min(later) if later else None
    found: dict[str, Clock | None] = dict.fromkeys(ENQUIRY_CLOCKS)
    for clock in clocks.clocks:
        if clock.clock not in found or found[clock.clock] is not None:
            continue
        if _starts(clock) >= start and (end is None or _starts(clock) < end):
            found[clock.clock] = clock
    return EnquiryClocks(**found)


def delay_rule(procedure: Procedure) -> Rule | None:
    """The procedure's rule that a late initial conference needs someone's agreement
    (Darlington: the team manager's written agreement, with reasons), if it has one."""
    for rule in procedure.rules_of("authorisation"):
        if rule.decision == CONFERENCE_DELAY:
            return rule
    return None


def is_late(scheduled_for: datetime, due_day: date | None) -> bool:
    """Booked for a day after the day the conference is due by (day-based clocks are due by
    the end of their day)."""
    return due_day is not None and timezone.localtime(scheduled_for).date() > due_day


def _day_and_minute(day: date, minute: int | None, *, end_of_day: str) -> str:
    text = day.strftime("%A %-d %B %Y")
    if minute is None:
        return f"{end_of_day}{text}"
    hours, minutes = divmod(minute, 60)
    return f"{hours:02d}:{minutes:02d} on {text}"


@dataclass(frozen=True)
class ClockView:
    """A clock as a page shows it: what, by when, its state as a tag, and the rule's words."""

    clock: Clock

    @property
    def label(self) -> str:
        return label(self.clock.clock)

    @property
    def due_text(self) -> str:
        return _day_and_minute(
            self.clock.due_day, self.clock.due_minute, end_of_day="by the end of "
        )

    @property
    def met_text(self) -> str | None:
        met = self.clock.met
        if met is None:
            return None
        return _day_and_minute(met.day, met.minute, end_of_day="")

    @property
    def state_label(self) -> str:
        return clock_state_label(self.clock.state)

    @property
    def tag_class(self) -> str:
        return clock_state_tag(self.clock.state)

    @property
    def rule(self) -> Rule:
        return self.clock.rule


def clock_views(clocks: EnquiryClocks) -> list[ClockView]:
    return [ClockView(clock) for clock in clocks.all()]
