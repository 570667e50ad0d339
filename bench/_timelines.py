"""Synthetic case timelines for the benchmarks: every pathway, every procedure, valid per the
contract (docs/timeline-contract.md). Deterministic for a given seed.

`timelines(count, seed)` yields decoded timelines (dicts). Each case follows one pathway, with
steps done on time, late or never, dates or local times, and now and then its events shuffled
(the contract takes any order).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from convene.rules.vocabulary import (
    CONCERN_CODES,
    HOUSEHOLD_ADULT_CONCERNS,
    PLAN_CATEGORIES,
    PROCEDURE_NAMES,
)

# Cases start between these days; with plans of up to three years every date stays far inside
# the calendar's range (2000 to 2100).
FIRST_START = datetime(2021, 1, 4, 9, 0)
START_SPAN_DAYS = 6 * 365
AS_OF = "2027-06-30"  # late enough that most clocks are settled, early enough for some "due"

Event = dict[str, Any]


class Case:
    """One case being written: a moving 'now' and the events recorded so far."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.now = FIRST_START + timedelta(
            days=rng.randrange(START_SPAN_DAYS), minutes=rng.randrange(0, 10 * 60)
        )
        self.events: list[Event] = []

    def wait(self, low_days: float, high_days: float) -> None:
        self.now += timedelta(minutes=self.rng.randint(int(low_days * 1440), int(high_days * 1440)))

    def add(self, type_: str, **fields: Any) -> None:
        now = self.now
        if now.hour == 1 and now.month == 3 and now.weekday() == 6 and now.day + 7 > 31:
            self.now += timedelta(hours=1)  # 01:xx on the last Sunday of March never happens
        # One event in ten is recorded with its date only.
        if self.rng.random() < 0.1:
            at = self.now.strftime("%Y-%m-%d")
        else:
            at = self.now.strftime("%Y-%m-%dT%H:%M")
        self.events.append({"type": type_, "at": at, **fields})

    def maybe(self, probability: float) -> bool:
        return self.rng.random() < probability

    def step(self, type_: str, low: float, high: float, done: float = 0.85, **fields: Any) -> None:
        """A follow-up that is usually done: on time (low..high days later) or late (up to 3x)."""
        if self.maybe(done):
            saved = self.now
            self.wait(low, high * 3 if high > 0 and self.maybe(0.2) else high)
            self.add(type_, **fields)
            self.now = saved


def _child(rng: random.Random, start: datetime) -> dict[str, Any] | None:
    kind = rng.random()
    if kind < 0.05:
        return None  # no child facts at all
    child: dict[str, Any] = {}
    if kind < 0.2:  # unborn: expected later, and sometimes born during the case
        expected = start.date() + timedelta(days=rng.randrange(20, 200))
        child["expected_birth_date"] = expected.isoformat()
        if rng.random() < 0.3:
            child["date_of_birth"] = (expected - timedelta(days=rng.randrange(0, 20))).isoformat()
    else:  # from a newborn to 17 (school age and not)
        born = start.date() - timedelta(days=rng.randrange(1, 18 * 365))
        child["date_of_birth"] = born.isoformat()
    if rng.random() < 0.1:
        child["hospital"] = rng.choice(("inpatient", "outpatient"))
    if rng.random() < 0.1:
        child["medical_examination"] = True
    if rng.random() < 0.08:
        child["lives_outside_area"] = rng.random() < 0.9
    if rng.random() < 0.2:
        child["household_adult_concerns"] = rng.sample(
            HOUSEHOLD_ADULT_CONCERNS, rng.randint(1, len(HOUSEHOLD_ADULT_CONCERNS))
        )
    return child


def _contact(case: Case) -> None:
    case.add("contact_received")
    case.step("contact_decision", 0.1, 1.2)
    case.step("referrer_acknowledged", 1, 12, done=0.7)


def _referral(case: Case) -> None:
    _contact(case)
    case.wait(0.2, 2)
    required = not case.maybe(0.1)
    case.add(
        "referral_accepted",
        **({} if required and case.maybe(0.5) else {"assessment_required": required}),
    )
    case.step("assessment_allocated", 0.5, 3)
    case.step("assessment_completed", 10, 60, done=0.75)


def _concerns(case: Case) -> None:
    if case.maybe(0.7):
        _contact(case)
        case.wait(0.1, 2)
    codes = case.rng.sample(CONCERN_CODES, case.rng.choice((1, 1, 1, 2, 3)))
    fields: dict[str, Any] = {"concerns": codes}
    for flag in ("immediate_action_taken", "forensic_evidence_needed"):
        if case.maybe(0.3):
            fields[flag] = case.maybe(0.5)
    case.add("concerns_identified", **fields)
    case.wait(0, 4 if case.maybe(0.8) else 12)


def _strategy(case: Case, outcome: str) -> None:
    fields: dict[str, Any] = {"outcome": outcome}
    if case.maybe(0.8):
        fields["form"] = case.rng.choice(("meeting", "discussion"))
    if outcome == "section_47" and case.maybe(0.7):
        fields["enquiry"] = case.rng.choice(("single", "joint"))
    case.add("strategy_discussion", **fields)
    case.step("strategy_record_circulated", 0.2, 3)


def _strategy_nfa(case: Case) -> None:
    _concerns(case)
    if case.maybe(0.3):
        _strategy(case, "further_strategy_discussion")
        case.wait(1, 7)
        if case.maybe(0.5):
            _concerns(case)
    _strategy(case, case.rng.choice(("no_further_action", "child_in_need", "refer_other_agency")))


def _section_47(case: Case, outcome: str) -> None:
    _concerns(case)
    _strategy(case, "section_47")
    case.step("child_seen", 0, 3, alone=case.maybe(0.5))
    if case.maybe(0.25):  # a further strategy discussion while the enquiry is open
        case.wait(1, 6)
        _strategy(case, "section_47")
    case.wait(5, 20)
    if case.maybe(0.9):
        case.add("section_47_completed", outcome=outcome)


def _not_substantiated(case: Case) -> None:
    _section_47(case, "not_substantiated")


def _conference(case: Case, kind: str, **fields: Any) -> None:
    if case.maybe(0.05):  # a parent excluded, sent the report some days before
        saved = case.now
        case.wait(-12, -6)
        case.add("parent_excluded")
        case.now = saved
        case.step("report_to_excluded_parent", -8, 0, done=0.8)
    if kind != "transfer_conference":  # reports go some days before, or on the day
        for report in ("conference_report_to_chair", "conference_report_to_parents"):
            case.step(report, -7, 0, done=0.8)
    case.add(kind, **fields)
    case.step("conference_decisions_circulated", 0.1, 3)
    case.step("conference_record_circulated", 5, 25)


def _plan(case: Case) -> None:
    """Core groups and visits while the plan runs, reviews every few months, then an end."""
    case.step("core_group_meeting", 3, 14)
    if case.maybe(0.3):
        case.step("core_group_frequency_confirmed", 1, 20, weeks=case.rng.randint(1, 8))
    reviews = case.rng.randint(0, 4)
    for review in range(reviews + 1):
        period_end = case.now + timedelta(days=case.rng.randint(80, 200))
        while case.now < period_end and case.maybe(0.95):
            case.wait(5, 16)
            case.add(
                "lead_social_worker_visit",
                **{"child_seen": case.maybe(0.9), "bedroom_seen": case.maybe(0.3)},
            )
            if case.maybe(0.2):
                case.add("core_group_meeting")
                case.step("plan_distributed", 0.5, 5)
        case.now = period_end
        if review < reviews:
            seek = case.maybe(0.1)
            _conference(case, "review_conference", plan_continues=True, seek_agency_views=seek)
            if seek:
                saved = case.now
                case.wait(1, 14)
                case.add("agency_views_requested")
                case.step("agency_views_received", 2, 14, done=0.8)
                case.now = saved
    if case.maybe(0.1):  # a permanent move: the receiving council's conference, then the end
        case.add("moved_permanently")
        case.step("receiving_conference", 5, 21, done=0.8)
        case.wait(10, 25)
        case.add("plan_ended")
    elif case.maybe(0.5):
        _conference(case, "review_conference", plan_continues=False)
    elif case.maybe(0.6):
        case.add("plan_ended")


def _substantiated(case: Case) -> None:
    _section_47(case, "substantiated")
    case.wait(3, 15)
    plan = case.maybe(0.8)
    fields: dict[str, Any] = {"plan": plan}
    if plan and case.maybe(0.8):
        fields["category"] = case.rng.choice(PLAN_CATEGORIES)
    _conference(case, "initial_conference", **fields)
    if plan:
        _plan(case)


def _transfer_in(case: Case) -> None:
    case.add("transfer_in_agreed")
    if case.maybe(0.9):
        case.wait(5, 30)
        _conference(case, "transfer_conference")
        _plan(case)


def _complaint(case: Case) -> None:
    if case.maybe(0.5):
        _substantiated(case)
        case.wait(1, 30)
    case.add("complaint_received")
    case.step("complaint_responded", 2, 20, done=0.8)


PATHWAYS: dict[str, Callable[[Case], None]] = {
    "contact": _contact,
    "referral_assessment": _referral,
    "strategy_nfa": _strategy_nfa,
    "section_47_not_substantiated": _not_substantiated,
    "plan": _substantiated,
    "transfer_in": _transfer_in,
    "complaint": _complaint,
}


def timelines(count: int, seed: int) -> Iterator[dict[str, Any]]:
    """`count` timelines, cycling through every procedure and pathway, the rest at random."""
    rng = random.Random(seed)
    names = list(PATHWAYS)
    for number in range(count):
        case = Case(rng)
        start = case.now
        PATHWAYS[names[number % len(names)]](case)
        if case.maybe(0.1):
            rng.shuffle(case.events)
        timeline: dict[str, Any] = {
            "procedure": PROCEDURE_NAMES[(number // len(names)) % len(PROCEDURE_NAMES)],
            "events": case.events,
        }
        child = _child(rng, start)
        if child is not None:
            timeline["child"] = child
        yield timeline


def as_of() -> date:
    return date.fromisoformat(AS_OF)
