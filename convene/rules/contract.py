"""The public JSON contract of the rules engine (docs/timeline-contract.md, version 1).

`evaluate_document(raw, as_of)` takes one decoded timeline and returns the contract's output
document; bad input raises `TimelineError` with one line naming the event and field.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from convene.rules.calendar import WorkingDayCalendar, england_calendar
from convene.rules.engine import Clock, Evaluation, Strategy, evaluate, iso_day
from convene.rules.procedure import Procedure, load_procedure
from convene.rules.timeline import TimelineError, parse_timeline


def calendar_for(procedure: Procedure) -> WorkingDayCalendar:
    return england_calendar(procedure.closure_days)


def clock_document(clock: Clock) -> dict[str, Any]:
    met, rule = clock.met, clock.rule
    return {
        "clock": clock.clock,
        "starts": clock.starts.at,
        "due": clock.due,
        "met": None if met is None else met.at,
        "state": clock.state,
        "rule": rule.summary,
        "source": rule.source,
    }


def strategy_document(strategy: Strategy | None) -> dict[str, Any] | None:
    if strategy is None:
        return None
    return {
        "must_be_meeting": strategy.must_be_meeting,
        "reasons": strategy.reasons,
        "required_attendees": strategy.required_attendees,
        "recommended_attendees": strategy.recommended_attendees,
    }


def evaluation_document(procedure: str, as_of: str, evaluation: Evaluation) -> dict[str, Any]:
    return {
        "procedure": procedure,
        "as_of": as_of,
        "clocks": [clock_document(clock) for clock in evaluation.clocks],
        "strategy": strategy_document(evaluation.strategy),
    }


def as_of_text(as_of: date | tuple[date, int]) -> str:
    if isinstance(as_of, tuple):
        day, minute = as_of
        return f"{iso_day(day)}T{minute // 60:02d}:{minute % 60:02d}"
    return iso_day(as_of)


def evaluate_document(raw: Any, as_of: date | tuple[date, int]) -> dict[str, Any]:
    """One decoded timeline in, the contract's output document out. `as_of` is a day (judged
    at its end) or a (day, minute after midnight) pair."""
    timeline = parse_timeline(raw)
    procedure, calendar = _procedure_and_calendar(timeline.procedure)
    evaluation = evaluate(timeline, procedure, as_of, calendar)
    document = evaluation_document(timeline.procedure, as_of_text(as_of), evaluation)
    reference = raw.get("reference")
    if reference is not None:
        # The caller's name for the case (`convene timelines` writes the case reference),
        # echoed so that a batch's results can be matched to its cases.
        if not isinstance(reference, str):
            raise TimelineError('reference: must be a string, for example "CV-000123"')
        return {"reference": reference, **document}
    return document


@cache
def _procedure_and_calendar(name: str) -> tuple[Procedure, WorkingDayCalendar]:
    """A procedure by name and its calendar, looked up once per process (a batch asks for
    them once per timeline)."""
    procedure = load_procedure(name)
    return procedure, calendar_for(procedure)
