"""Whatever timeline comes in, `convene evaluate` answers by the contract and never crashes.

Random timelines built from the contract's vocabulary (docs/timeline-contract.md) go through
the code path the command uses (`convene.cli.evaluate`): a valid one gives a contract-shaped
result whose clocks are consistent with their rule, `as_of` and the calendar; an invalid one
raises the engine's own `TimelineError`, whose one-line message names the place, and the command
exits 2 with that line. Nothing else may escape.

The checks of a result use independent references where they can: the `holidays` package for
working days, zoneinfo for hours, plain date arithmetic for days.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import orjson
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from convene.cli import evaluate as command
from convene.rules import engine
from convene.rules.contract import evaluate_document
from convene.rules.procedure import Rule, load_all, load_procedure
from convene.rules.timeline import _SPRING_FORWARD as SPRING_FORWARD
from convene.rules.timeline import EVENT_TYPES, TimelineError, _looks_like, parse_timeline
from convene.rules.vocabulary import (
    ATTENDEE_CODES,
    ATTENDEE_ORDER,
    BEFORE_CLOCKS,
    CLOCK_IDS,
    CONCERN_CODES,
    ENQUIRY_KINDS,
    HOSPITAL_STATUSES,
    HOUSEHOLD_ADULT_CONCERNS,
    PLAN_CATEGORIES,
    PROCEDURE_NAMES,
    SECTION_47_OUTCOMES,
    STRATEGY_FORMS,
    STRATEGY_OUTCOMES,
)

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# The properties below the first few mostly re-use the same generators: fewer examples do.
FEWER = settings(SETTINGS, max_examples=60)

LONDON = ZoneInfo("Europe/London")
TOP_KEYS = {"procedure", "as_of", "clocks", "strategy"}
CLOCK_KEYS = {"clock", "starts", "due", "met", "state", "rule", "source"}
STRATEGY_KEYS = {"must_be_meeting", "reasons", "required_attendees", "recommended_attendees"}
STATES = {"met", "late", "due", "overdue"}
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
DATE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}", re.ASCII)

# The contract's event table: type -> field -> (kind, required, allowed codes). Fields the
# contract gives without saying they may be left out are always given in a valid timeline.
BOOL, CODE, CODES, WEEKS = "bool", "code", "codes", "weeks"
Field = tuple[str, bool, tuple[str, ...]]
EVENTS: dict[str, dict[str, Field]] = {
    "contact_received": {},
    "contact_decision": {},
    "referral_accepted": {"assessment_required": (BOOL, False, ())},
    "assessment_allocated": {},
    "referrer_acknowledged": {},
    "assessment_completed": {},
    "concerns_identified": {
        "concerns": (CODES, True, CONCERN_CODES),
        "immediate_action_taken": (BOOL, False, ()),
        "forensic_evidence_needed": (BOOL, False, ()),
    },
    "strategy_discussion": {
        "form": (CODE, False, STRATEGY_FORMS),
        "outcome": (CODE, True, STRATEGY_OUTCOMES),
        "enquiry": (CODE, False, ENQUIRY_KINDS),
    },
    "strategy_record_circulated": {},
    "child_seen": {"alone": (BOOL, False, ())},
    "section_47_completed": {"outcome": (CODE, True, SECTION_47_OUTCOMES)},
    "conference_report_to_chair": {},
    "conference_report_to_parents": {},
    "initial_conference": {"plan": (BOOL, True, ()), "category": (CODE, False, PLAN_CATEGORIES)},
    "conference_decisions_circulated": {},
    "conference_record_circulated": {},
    "core_group_meeting": {},
    "lead_social_worker_visit": {
        "child_seen": (BOOL, False, ()),
        "bedroom_seen": (BOOL, False, ()),
    },
    "review_conference": {
        "plan_continues": (BOOL, True, ()),
        "seek_agency_views": (BOOL, False, ()),
    },
    "plan_ended": {},
    "transfer_in_agreed": {},
    "transfer_conference": {},
    "complaint_received": {},
    "complaint_responded": {},
    "core_group_frequency_confirmed": {"weeks": (WEEKS, True, ())},
    "plan_distributed": {},
    "parent_excluded": {},
    "report_to_excluded_parent": {},
    "agency_views_requested": {},
    "agency_views_received": {},
    "moved_permanently": {},
    "receiving_conference": {},
}
CHILD_FLAGS = ("medical_examination", "lives_outside_area")


def test_the_event_table_here_is_the_one_the_engine_accepts() -> None:
    assert list(EVENTS) == list(EVENT_TYPES)


# --- building valid timelines ------------------------------------------------------------------

# Valid timelines stay far enough inside the calendar's range (2000 to 2100) that no clock's
# due date can fall outside it; the edges have their own test below. (Counting back, a report
# 5 working days before a conference on 10 January 2000 would fall in 1999.)
EARLIEST, LATEST = date(2000, 2, 1), date(2099, 1, 1)
# Days that make counting interesting: bank holidays, one-off ones, changes of the clocks.
AWKWARD_DAYS = [
    date(2026, 12, 18),  # the week before Christmas, Boxing Day on a Saturday
    date(2026, 3, 27),  # before Easter 2026 and the change to BST on 29 March
    date(2026, 10, 24),  # the day before the change back to GMT
    date(2022, 9, 16),  # before the Queen's state funeral (Mon 19 Sep 2022)
    date(2023, 5, 5),  # the coronation bank holiday (Mon 8 May 2023)
    date(2020, 5, 6),  # VE Day moved the early May bank holiday to Fri 8 May 2020
    date(2027, 12, 24),  # Christmas Day on a Saturday: substitute days
    date(2028, 2, 28),  # a leap year
]
base_days = st.one_of(st.dates(EARLIEST, LATEST), st.sampled_from(AWKWARD_DAYS))
minutes = st.none() | st.integers(0, 24 * 60 - 1) | st.sampled_from([0, 60, 90, 150, 1439])


def at_text(day: date, minute: int | None) -> str:
    if minute is None:
        return day.isoformat()
    if day in SPRING_FORWARD and 60 <= minute < 120:
        minute += 60  # 01:00-01:59 does not exist that night: a valid time is an hour later
    return f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}"


def field_value(kind: str, allowed: tuple[str, ...]) -> st.SearchStrategy[Any]:
    if kind == BOOL:
        return st.booleans()
    if kind == CODE:
        return st.sampled_from(allowed)
    if kind == WEEKS:
        return st.integers(1, 13)
    return st.lists(st.sampled_from(allowed), min_size=1, max_size=4)


@st.composite
def event_fields(draw: st.DrawFn, event_type: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, (kind, required, allowed) in EVENTS[event_type].items():
        if required or draw(st.booleans()):
            fields[name] = draw(field_value(kind, allowed))
    # The contract's combinations that cannot be.
    if event_type == "strategy_discussion" and fields["outcome"] != "section_47":
        fields.pop("enquiry", None)
    if event_type == "initial_conference" and not fields["plan"]:
        fields.pop("category", None)
    if event_type == "review_conference" and not fields["plan_continues"]:
        fields.pop("seek_agency_views", None)
    return fields


@st.composite
def events_at(draw: st.DrawFn, event_type: str, day: date) -> dict[str, Any]:
    return {"type": event_type, "at": at_text(day, draw(minutes)), **draw(event_fields(event_type))}


@st.composite
def scattered_events(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Any events in any order, within a year of each other."""
    base = draw(base_days)
    count = draw(st.integers(0, 25))
    return [
        draw(
            events_at(
                draw(st.sampled_from(EVENT_TYPES)),
                base + timedelta(days=draw(st.integers(0, 365))),
            )
        )
        for _ in range(count)
    ]


# A case's usual course; each step may be missed, and (k) steps may repeat.
STORY = [
    "contact_received",
    "contact_decision",
    "referrer_acknowledged",
    "referral_accepted",
    "assessment_allocated",
    "concerns_identified",
    "strategy_discussion",
    "strategy_record_circulated",
    "child_seen",
    "concerns_identified",
    "strategy_discussion",
    "section_47_completed",
    "assessment_completed",
    "conference_report_to_chair",
    "conference_report_to_parents",
    "initial_conference",
    "conference_decisions_circulated",
    "conference_record_circulated",
    "core_group_meeting",
    "lead_social_worker_visit (k)",
    "conference_report_to_chair",
    "review_conference (k)",
    "lead_social_worker_visit (k)",
    "complaint_received",
    "complaint_responded",
    "plan_ended",
    "transfer_in_agreed",
    "transfer_conference",
    "lead_social_worker_visit (k)",
]


@st.composite
def story_events(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A plausible case in time order, with gaps that sometimes miss a timescale."""
    day = draw(base_days)
    events = []
    for step in STORY:
        event_type, _, repeat = step.partition(" ")
        for _ in range(draw(st.integers(0, 3)) if repeat else int(draw(st.booleans()))):
            day += timedelta(days=draw(st.integers(0, 21)))
            event = draw(events_at(event_type, day))
            if event_type == "strategy_discussion" and draw(st.booleans()):
                event["outcome"] = "section_47"  # open enquiries more often than by chance
            events.append(event)
    if draw(st.booleans()):
        events = draw(st.permutations(events))
    return events


children = st.none() | st.fixed_dictionaries(
    {},
    optional={
        "date_of_birth": st.none() | st.dates().map(date.isoformat),
        "expected_birth_date": st.none() | st.dates().map(date.isoformat),
        "hospital": st.none() | st.sampled_from(HOSPITAL_STATUSES),
        "medical_examination": st.booleans(),
        "lives_outside_area": st.booleans(),
        "household_adult_concerns": st.lists(st.sampled_from(HOUSEHOLD_ADULT_CONCERNS), max_size=3),
    },
)


@st.composite
def timelines(draw: st.DrawFn, procedure: str | None = None) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "procedure": procedure or draw(st.sampled_from(PROCEDURE_NAMES)),
        "events": draw(story_events() | scattered_events()),
    }
    child = draw(children)
    if child is not None or draw(st.booleans()):
        raw["child"] = child
    return raw


as_ofs = st.one_of(
    st.dates(),
    st.dates(EARLIEST, LATEST),
    st.tuples(st.dates(EARLIEST, LATEST), st.integers(0, 24 * 60 - 1)),
)


# --- what a valid result must be ---------------------------------------------------------------


@cache
def bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date, closures: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year) and day not in closures


def count_working_days(day: date, n: int, closures: frozenset[date]) -> date:
    step = timedelta(days=1 if n > 0 else -1)
    for _ in range(abs(n)):
        day += step
        while not is_working_day(day, closures):
            day += step
    return day


def parse_at(text: str) -> tuple[date, int | None]:
    if DATE_TIME.fullmatch(text):
        moment = datetime.fromisoformat(text)
        return moment.date(), moment.hour * 60 + moment.minute
    assert DATE.fullmatch(text), text
    return date.fromisoformat(text), None


def expected_due(rule: Rule, starts: str, closures: frozenset[date]) -> str:
    """The due date of a rule counted from `starts`, by the contract's counting conventions."""
    assert rule.timescale is not None
    kind, amount = rule.timescale.kind, rule.timescale.amount
    day, minute = parse_at(starts)
    if kind == "working_days":
        return count_working_days(day, amount, closures).isoformat()
    if kind == "working_days_before":
        return count_working_days(day, -amount, closures).isoformat()
    if kind == "days":
        return (day + timedelta(days=amount)).isoformat()
    if kind == "same_day":
        return day.isoformat()
    if kind == "as_confirmed":  # the weeks confirmed are in the timeline: checked elsewhere
        return "as confirmed"
    assert kind == "hours"
    local = datetime.combine(day, time()) + timedelta(minutes=minute or 0)
    due = (local.replace(tzinfo=LONDON).astimezone(UTC) + timedelta(hours=amount)).astimezone(
        LONDON
    )
    return due.strftime("%Y-%m-%dT%H:%M")


def not_before(later: str, earlier: str) -> bool:
    """The engine's comparison: to the minute when both have a time, else by date."""
    if DATE_TIME.fullmatch(later) and DATE_TIME.fullmatch(earlier):
        return later >= earlier
    return later[:10] >= earlier[:10]


def expected_state(clock: dict[str, Any], as_of: date | tuple[date, int]) -> str:
    due, met = clock["due"], clock["met"]
    if met is not None:
        return "met" if not_before(due, met) else "late"
    if isinstance(as_of, tuple):
        day, minute = as_of
        now = at_text(day, minute)
        past = now > due if DATE_TIME.fullmatch(due) else day.isoformat() > due
    else:
        # A bare date is the end of that day, so an hour-based clock due on it has passed.
        past = (
            as_of.isoformat() >= due[:10] if DATE_TIME.fullmatch(due) else as_of.isoformat() > due
        )
    return "overdue" if past else "due"


def time_key(text: str) -> tuple[str, int]:
    day, minute = parse_at(text)
    return day.isoformat(), -1 if minute is None else minute


def check_result(raw: dict[str, Any], as_of: date | tuple[date, int], result: Any) -> None:
    """Everything the contract says about a result that can be checked from outside."""
    procedure = load_procedure(raw["procedure"])
    closures = procedure.closure_days
    ats = {event["at"] for event in raw["events"]}

    assert set(result) == TOP_KEYS
    assert result["procedure"] == raw["procedure"]
    assert result["as_of"] == (at_text(*as_of) if isinstance(as_of, tuple) else as_of.isoformat())

    previous = ("", -2)
    for clock in result["clocks"]:
        assert set(clock) == CLOCK_KEYS
        assert clock["clock"] in CLOCK_IDS
        assert clock["state"] in STATES
        # A clock the procedure does not set is absent: every clock has one of its rules.
        rules = [
            rule
            for rule in procedure.clock_rules.get(clock["clock"], ())
            if rule.summary == clock["rule"] and rule.source == clock["source"]
        ]
        assert rules, clock
        assert clock["starts"] in ats
        assert clock["met"] is None or clock["met"] in ats
        # Clocks come in time order of what they count from.
        assert time_key(clock["starts"]) >= previous
        previous = time_key(clock["starts"])

        due = clock["due"]
        expected = {expected_due(rule, clock["starts"], closures) for rule in rules}
        if "as confirmed" in expected:  # a whole number of weeks from 1 to 13 later
            gap = date.fromisoformat(due) - date.fromisoformat(clock["starts"][:10])
            assert gap.days % 7 == 0 and 7 <= gap.days <= 91, clock
        else:
            assert due in expected, clock
        kinds = {rule.timescale.kind for rule in rules if rule.timescale}
        if kinds == {"hours"}:
            assert DATE_TIME.fullmatch(due), clock
        else:
            assert DATE.fullmatch(due), clock
        if kinds <= {"working_days", "working_days_before"}:
            due_day = date.fromisoformat(due)
            assert due_day.weekday() < 5, clock
            assert due_day not in bank_holidays(due_day.year), clock
            assert due_day not in closures, clock

        assert clock["state"] == expected_state(clock, as_of), clock
        if clock["met"] is not None and clock["clock"] not in BEFORE_CLOCKS:
            assert not_before(clock["met"], clock["starts"]), clock

    concerns = [
        (time_key(event["at"]), index, event)
        for index, event in enumerate(raw["events"])
        if event["type"] == "concerns_identified"
    ]
    strategy = result["strategy"]
    if not concerns:
        assert strategy is None
        return
    assert set(strategy) == STRATEGY_KEYS
    latest = max(concerns, key=lambda item: item[:2])[2]
    assert set(strategy["reasons"]) <= set(latest["concerns"])
    assert strategy["must_be_meeting"] is bool(strategy["reasons"])
    required, recommended = strategy["required_attendees"], strategy["recommended_attendees"]
    for attendees in (required, recommended):
        assert set(attendees) <= set(ATTENDEE_CODES)
        assert attendees == sorted(set(attendees), key=ATTENDEE_ORDER.__getitem__)
    assert not set(required) & set(recommended)


def evaluate_bytes(raw: Any, as_of: date | tuple[date, int]) -> Any:
    """The command's own path: JSON bytes in, JSON bytes out."""
    return orjson.loads(command._evaluate_one(orjson.dumps(raw), as_of))


# --- valid timelines ----------------------------------------------------------------------------


@SETTINGS
@given(timelines(), as_ofs)
def test_a_valid_timeline_gives_a_contract_result(raw: dict[str, Any], as_of: Any) -> None:
    check_result(raw, as_of, evaluate_bytes(raw, as_of))


@FEWER
@given(st.data(), as_ofs)
def test_every_procedure_evaluates_every_valid_timeline(data: st.DataObject, as_of: Any) -> None:
    raw = data.draw(timelines(procedure=PROCEDURE_NAMES[0]))
    for name in PROCEDURE_NAMES:
        document = {**raw, "procedure": name}
        check_result(document, as_of, evaluate_bytes(document, as_of))


@FEWER
@given(timelines())
def test_each_occurrence_is_filed_under_its_clock_and_its_anchors_names(raw: dict[str, Any]):
    # The engine finds an occurrence's rules by its shape, which each builder writes out.
    events = parse_timeline(raw).events
    for procedure in load_all().values():
        grouped = engine._Timeline(events, procedure.clock_rules.keys())
        for build, _, _ in engine._BUILDERS:
            for occurrence in build(grouped):
                assert occurrence.shape == " ".join((occurrence.clock, *occurrence.anchors))


@FEWER
@given(timelines(), as_ofs, st.randoms(use_true_random=False))
def test_the_order_of_events_does_not_matter(raw: dict[str, Any], as_of: Any, random: Any) -> None:
    # Events at distinct times: their order is the timeline's, whatever the input order.
    # (Two events at the very same minute are taken in input order, which the contract
    # leaves open.)
    ats = [event["at"] for event in raw["events"]]
    assume(len({time_key(at) for at in ats}) == len(ats))
    shuffled = {**raw, "events": random.sample(raw["events"], len(raw["events"]))}
    assert evaluate_bytes(shuffled, as_of) == evaluate_bytes(raw, as_of)


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
KNOWN_KEYS = (
    {"procedure", "events", "child", "type", "at"}
    | set(CHILD_FLAGS)
    | {"date_of_birth", "expected_birth_date", "hospital", "household_adult_concerns"}
    | {name for fields in EVENTS.values() for name in fields}
)
unknown_keys = st.dictionaries(
    # Not a misspelling of a known key either: those are errors (test_timeline.py).
    st.text(min_size=1, max_size=10).filter(
        lambda key: not any(_looks_like(key, known) for known in KNOWN_KEYS)
    ),
    json_values,
    max_size=3,
)


@FEWER
@given(timelines(), as_ofs, st.data())
def test_unknown_keys_change_nothing(raw: dict[str, Any], as_of: Any, data: st.DataObject) -> None:
    extended = {**raw, **data.draw(unknown_keys)}
    extended["events"] = [{**event, **data.draw(unknown_keys)} for event in raw["events"]]
    if isinstance(raw.get("child"), dict):
        extended["child"] = {**raw["child"], **data.draw(unknown_keys)}
    assert evaluate_bytes(extended, as_of) == evaluate_bytes(raw, as_of)


@SETTINGS
@given(
    st.sampled_from(PROCEDURE_NAMES),
    st.lists(
        st.tuples(
            st.sampled_from(EVENT_TYPES),
            st.dates(date(2000, 1, 1), date(2100, 12, 31))
            | st.sampled_from([date(2000, 1, 3), date(2100, 12, 30)]),
            minutes,
        ),
        max_size=8,
    ),
    st.data(),
)
def test_events_at_the_ends_of_the_calendar_give_a_result_or_a_named_error(
    procedure: str, specs: list[tuple[str, date, int | None]], data: st.DataObject
) -> None:
    events = [
        {"type": kind, "at": at_text(day, minute), **data.draw(event_fields(kind))}
        for kind, day, minute in specs
    ]
    raw = {"procedure": procedure, "events": events}
    as_of = date(2100, 12, 31)
    try:
        result = evaluate_document(raw, as_of)
    except TimelineError as error:
        # A clock that would fall due outside the calendar names the event it counts from.
        match = re.fullmatch(r"events\[(\d+)\]\.at: .*outside the supported .*range.*", str(error))
        assert match, error
        assert int(match.group(1)) < len(events)
    else:
        check_result(raw, as_of, result)


# --- invalid timelines ---------------------------------------------------------------------------

# One defect in an otherwise valid timeline: (the broken document, the place its error names).
Broken = tuple[Any, str]

not_null = json_values.filter(lambda value: value is not None)
not_bool = not_null.filter(lambda value: not isinstance(value, bool))
not_list = not_null.filter(lambda value: not isinstance(value, list))
not_dict = not_null.filter(lambda value: not isinstance(value, dict))
not_str = not_null.filter(lambda value: not isinstance(value, str))
VALID_AT = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(T[0-9]{2}:[0-9]{2})?", re.ASCII)


def is_valid_at(value: Any) -> bool:
    """An event time the contract accepts, in the calendar's range (2000 to 2100)."""
    if not isinstance(value, str) or not VALID_AT.fullmatch(value):
        return False
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return False
    return 2000 <= moment.year <= 2100


def is_real_date(value: Any) -> bool:
    """A date the contract accepts for the child (any year: a grandparent's birth, say)."""
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


bad_at_texts = st.one_of(
    st.text(max_size=20),
    st.from_regex(VALID_AT, fullmatch=True),  # mostly impossible dates, or out of range
    st.sampled_from(
        [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-01-01T24:00",
            "2026-01-01T12:60",
            "2026-01-01T12:00:00",
            "2026-01-01 12:00",
            "2026-01-01T12:00Z",
            "2026-1-1",
            "26-01-01",
            "1999-12-31",
            "2101-01-01",
            "0000-01-01",
            "\uff12\uff10\uff12\uff16-01-01",  # full-width digits
        ]
    ),
)
bad_ats = bad_at_texts.filter(lambda text: not is_valid_at(text)) | not_str
bad_child_dates = (bad_at_texts | not_str).filter(lambda value: not is_real_date(value))


def bad_code(allowed: tuple[str, ...]) -> st.SearchStrategy[Any]:
    return not_null.filter(lambda value: not (isinstance(value, str) and value in allowed))


@st.composite
def broken_event(draw: st.DrawFn, raw: dict[str, Any]) -> Broken:
    """`raw` (a copy) with one defect in one event."""
    index = draw(st.integers(0, len(raw["events"]) - 1))
    event = raw["events"][index]
    place = f"events[{index}]"
    fields = EVENTS[event["type"]]
    options = ["not_an_object", "no_type", "bad_type", "no_at", "bad_at"]
    options += [f"drop:{name}" for name, (_, required, _) in fields.items() if required]
    options += [f"bad:{name}" for name in fields]
    if event["type"] == "strategy_discussion":
        options.append("enquiry_without_section_47")
    if event["type"] == "initial_conference":
        options.append("category_without_plan")
    option = draw(st.sampled_from(options))

    if option == "not_an_object":
        raw["events"][index] = draw(not_dict)
        return raw, f"{place}: expected an object"
    if option == "no_type":
        del event["type"]
        return raw, f"{place}.type: required field missing"
    if option == "bad_type":
        event["type"] = draw(bad_code(EVENT_TYPES))
        return raw, f"{place}.type: unknown event type"
    if option == "no_at":
        del event["at"]
        return raw, f"{place}.at: required field missing"
    if option == "bad_at":
        event["at"] = draw(bad_ats)
        return raw, f"{place}.at: "
    if option == "enquiry_without_section_47":
        event["outcome"] = draw(st.sampled_from(STRATEGY_OUTCOMES[1:]))
        event["enquiry"] = draw(st.sampled_from(ENQUIRY_KINDS))
        return raw, f"{place}.enquiry: only given when the outcome is section_47"
    if option == "category_without_plan":
        event["plan"] = False
        event["category"] = draw(st.sampled_from(PLAN_CATEGORIES))
        return raw, f"{place}.category: only given with a plan"
    action, name = option.split(":")
    if action == "drop":
        del event[name]
        return raw, f"{place}.{name}: required field missing"
    kind, _, allowed = fields[name]
    if kind == BOOL:
        event[name] = draw(not_bool)
        return raw, f"{place}.{name}: expected true or false"
    if kind == CODE:
        event[name] = draw(bad_code(allowed))
        return raw, f"{place}.{name}: unknown value"
    if draw(st.booleans()):
        event[name] = draw(not_list)
        return raw, f"{place}.{name}: expected a list of codes"
    good = draw(st.lists(st.sampled_from(allowed), max_size=3))
    event[name] = [*good, draw(bad_code(allowed)), *draw(st.lists(json_values, max_size=2))]
    return raw, f"{place}.{name}[{len(good)}]: unknown code"


@st.composite
def broken_document(draw: st.DrawFn, raw: dict[str, Any]) -> Broken:
    """`raw` (a copy) with one defect outside its events."""
    option = draw(
        st.sampled_from(
            [
                "not_an_object",
                "no_procedure",
                "bad_procedure",
                "no_events",
                "bad_events",
                "bad_child",
                "bad_child_date",
                "bad_hospital",
                "bad_child_flag",
                "bad_household",
                "bad_household_code",
            ]
        )
    )
    if option == "not_an_object":
        return draw(not_dict), "timeline: expected a JSON object"
    if option == "no_procedure":
        del raw["procedure"]
        return raw, "procedure: required field missing"
    if option == "bad_procedure":
        raw["procedure"] = draw(bad_code(PROCEDURE_NAMES))
        return raw, "procedure: unknown procedure"
    if option == "no_events":
        del raw["events"]
        return raw, "events: required field missing"
    if option == "bad_events":
        raw["events"] = draw(not_list)
        return raw, "events: expected a list of events"
    if option == "bad_child":
        raw["child"] = draw(not_dict)
        return raw, "child: expected an object"
    child = raw["child"] = raw.get("child") or {}
    if option == "bad_child_date":
        name = draw(st.sampled_from(["date_of_birth", "expected_birth_date"]))
        child[name] = draw(bad_child_dates)
        return raw, f"child.{name}: "
    if option == "bad_hospital":
        child["hospital"] = draw(bad_code(HOSPITAL_STATUSES))
        return raw, "child.hospital: unknown value"
    if option == "bad_child_flag":
        name = draw(st.sampled_from(CHILD_FLAGS))
        child[name] = draw(not_bool)
        return raw, f"child.{name}: expected true or false"
    if option == "bad_household":
        child["household_adult_concerns"] = draw(not_list)
        return raw, "child.household_adult_concerns: expected a list of codes"
    good = draw(st.lists(st.sampled_from(HOUSEHOLD_ADULT_CONCERNS), max_size=2))
    child["household_adult_concerns"] = [*good, draw(bad_code(HOUSEHOLD_ADULT_CONCERNS))]
    return raw, f"child.household_adult_concerns[{len(good)}]: unknown code"


@st.composite
def broken_timelines(draw: st.DrawFn) -> Broken:
    raw = orjson.loads(orjson.dumps(draw(timelines())))  # a deep copy to break
    if raw["events"] and draw(st.booleans()):
        return draw(broken_event(raw))
    return draw(broken_document(raw))


def run_command(data: bytes, as_of: str) -> tuple[int, bytes, str]:
    out, err = io.BytesIO(), io.StringIO()
    code = command.main(["-", "--as-of", as_of], stdin=io.BytesIO(data), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@SETTINGS
@given(broken_timelines(), as_ofs)
def test_one_defect_is_a_timeline_error_naming_its_place(case: tuple[Any, str], as_of: Any) -> None:
    broken, place = case
    with pytest.raises(TimelineError) as error:
        evaluate_document(broken, as_of)
    message = str(error.value)
    assert message.startswith(place), (message, place)
    assert "\n" not in message

    # And the command: exit 2, nothing on stdout, that one line on stderr.
    code, out, err = run_command(orjson.dumps(broken), "2027-01-20")
    assert (code, out) == (2, b"")
    assert err == f"convene evaluate: {message}\n"


# --- garbage ------------------------------------------------------------------------------------

PLACE = re.compile(
    r"(timeline|procedure|events|child|events\[(\d+)\](\.\w+(\[\d+\])?)?|child\.\w+(\[\d+\])?): .+"
)


def assert_result_or_named_error(raw: Any, as_of: Any) -> None:
    try:
        result = evaluate_document(raw, as_of)
    except TimelineError as error:
        message = str(error)
        match = PLACE.fullmatch(message)
        assert match, message
        assert "\n" not in message
        if match.group(2) is not None:
            assert int(match.group(2)) < len(raw["events"])
    else:
        orjson.dumps(result)


garbage_events = st.lists(
    st.one_of(
        json_values,
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(EVENT_TYPES) | json_values,
                "at": bad_ats | minutes.map(lambda m: at_text(date(2026, 12, 24), m)),
            },
        ).flatmap(
            lambda event: st.dictionaries(
                st.sampled_from(sorted({name for fields in EVENTS.values() for name in fields})),
                json_values,
                max_size=4,
            ).map(lambda extra: {**extra, **event})
        ),
    ),
    max_size=6,
)
garbage_documents = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"procedure": st.sampled_from(PROCEDURE_NAMES) | json_values, "events": garbage_events},
        optional={
            "child": json_values | st.dictionaries(st.sampled_from(sorted(KNOWN_KEYS)), json_values)
        },
    ),
)


@SETTINGS
@given(garbage_documents, as_ofs)
def test_garbage_is_a_result_or_a_named_timeline_error(raw: Any, as_of: Any) -> None:
    assert_result_or_named_error(raw, as_of)


@SETTINGS
@given(st.binary(max_size=200) | json_values.map(orjson.dumps).map(lambda b: b[: len(b) // 2]))
def test_any_bytes_give_a_result_or_a_one_line_error(data: bytes) -> None:
    code, out, err = run_command(data, "2027-01-20")
    if code == 0:
        assert set(orjson.loads(out)) == TOP_KEYS
    else:
        assert (code, out) == (2, b"")
        assert err.startswith("convene evaluate: ")
        assert err.count("\n") == 1
        assert "internal error" not in err


@FEWER
@given(
    st.lists(
        st.one_of(timelines().map(orjson.dumps), garbage_documents.map(orjson.dumps)), max_size=6
    )
)
def test_batch_answers_every_line_in_order(lines: list[bytes]) -> None:
    out = io.BytesIO()
    status = command.run_batch(
        io.BytesIO(b"".join(line + b"\n" for line in lines)), out, date(2027, 1, 20)
    )

    answers = [orjson.loads(line) for line in out.getvalue().splitlines()]
    assert len(answers) == len(lines)
    errors = 0
    for number, (line, answer) in enumerate(zip(lines, answers, strict=True), start=1):
        if set(answer) == {"error"}:
            errors += 1
            assert answer["error"].startswith(f"line {number}: ")
            assert "internal error" not in answer["error"]
        else:
            assert answer == orjson.loads(command._evaluate_one(line, date(2027, 1, 20)))
    assert status == (1 if errors else 0)
