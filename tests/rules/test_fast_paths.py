"""The engine's shortcuts for speed give the same answers as the careful paths they skip.

`convene evaluate --batch` reads events through `timeline._read_events` and remembers each day it
has read; the engine indexes each procedure's clock rules once and computes the child's
circumstances only for rules that look at them (bench/evaluate.py measures the gain). Here:
the fast reading of an event accepts exactly what the careful one accepts, with the same
result; rules on the child's circumstances still apply to clocks; and the caches stay bounded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convene.rules import engine, timeline
from convene.rules.calendar import england_calendar
from convene.rules.engine import derive_clocks
from convene.rules.procedure import BASELINE, Procedure, load_procedure, parse_procedure
from convene.rules.timeline import EVENT_FIELDS, TimelineError, parse_timeline, parse_when
from convene.rules.vocabulary import CONCERN_CODES, STRATEGY_OUTCOMES

LONDON = ZoneInfo("Europe/London")

AS_OF = date(2027, 12, 31)
CALENDAR = england_calendar()
DARLINGTON = "darlington-child-protection-procedures.txt"
QUOTE = (
    "Meet within 10 working days from the initial child protection conference if the child is "
    "the subject of a child protection plan;"
)

# Texts near to valid ones: each character of a date and time, and a few of each kind of wrong.
WHEN_TEXTS = st.one_of(
    st.builds(
        "{}-{}-{}{}".format,
        st.sampled_from(["1999", "2000", "2026", "2100", "2101", "20a6", "２０２６"]),
        st.sampled_from(["01", "02", "12", "13", "00", "1"]),
        st.sampled_from(["01", "28", "29", "30", "31", "32", "00"]),
        st.sampled_from(["", "T00:00", "T23:59", "T24:00", "T12:60", "T9:30", "T09:3", "t09:30"]),
    ),
    st.text(alphabet="0123456789-T: ", max_size=17),
)
FIELD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(
        ["meeting", "joint", "single", "section_47", "substantiated", "physical", "x", ""]
    ),
    st.sampled_from(STRATEGY_OUTCOMES),
    st.lists(st.sampled_from([*CONCERN_CODES[:4], "x"]), max_size=3),
    st.dictionaries(st.just("a"), st.integers(), max_size=1),
    st.sampled_from([[], "", "neglect", ("neglect",)]),
)
FIELD_NAMES = sorted({name for fields in EVENT_FIELDS.values() for name in fields})


VALID_ATS = st.sampled_from(["2026-12-14", "2026-12-14T09:10", "2000-01-01T00:00", "2100-12-31"])


# Every field of every event type, as (type, field name).
TYPED_FIELDS = [(kind, name) for kind, fields in EVENT_FIELDS.items() for name in fields]
MISTAKES = [
    *["none"] * 3,
    "not an object",
    "missing key",
    "wrong value",
    "bad at",
    "bad time",
    "out of range",
    "contradiction",
    *["near miss"] * 4,
]


@st.composite
def raw_events(draw: st.DrawFn) -> Any:
    """A valid event of any type, or one with a single mistake: near misses are what the fast
    reading must refuse."""
    mistake = draw(st.sampled_from(MISTAKES))
    if mistake == "near miss":
        event_type, target = draw(st.sampled_from(TYPED_FIELDS))
    else:
        event_type = draw(st.sampled_from(list(EVENT_FIELDS)))
    event: dict[str, Any] = {"type": event_type, "at": draw(VALID_ATS)}
    for name, (_, required, _, _) in EVENT_FIELDS[event_type].items():
        if required or draw(st.booleans()):
            event[name] = draw(VALID_VALUES[event_type, name])
    if event_type == "strategy_discussion" and event["outcome"] != "section_47":
        event.pop("enquiry", None)
    if event_type == "initial_conference" and not event["plan"]:
        event.pop("category", None)
    if mistake == "not an object":
        return draw(FIELD_VALUES)
    if mistake == "missing key":
        event.pop(draw(st.sampled_from(sorted(event))))
    if mistake == "wrong value":
        names = sorted(EVENT_FIELDS[event_type])
        event[draw(st.sampled_from([*names, *names, "type", "at", *FIELD_NAMES]))] = draw(
            FIELD_VALUES
        )
    if mistake == "bad at":
        event["at"] = draw(WHEN_TEXTS)
    if mistake == "bad time":  # on a day already read
        event["at"] = draw(VALID_ATS)[:10] + draw(
            st.sampled_from(["T24:00", "T12:60", "T9:30", "t09:30", "T09:3", "T09:300", " ", "T"])
        )
    if mistake == "out of range":  # a real day, which the calendar does not know
        event["at"] = draw(st.sampled_from(["1999-12-31", "1999-12-31T10:00", "2101-01-01"]))
    if mistake == "contradiction":
        if event_type == "strategy_discussion":
            event |= {"outcome": draw(st.sampled_from(STRATEGY_OUTCOMES[1:])), "enquiry": "joint"}
        elif event_type == "review_conference":
            event |= {"plan_continues": False, "seek_agency_views": True}
        else:
            event |= {"type": "initial_conference", "plan": False, "category": "neglect"}
    if mistake == "near miss":  # the right JSON kind, or nearly, but wrong
        kind, _, _, allowed = EVENT_FIELDS[event_type][target]
        code = allowed[0] if allowed else "x"
        near_misses = {
            "bool": [0, 1, "true", []],
            "code": ["x", "", code.upper(), code + " ", [code]],
            "codes": [["x"], [code, "x"], "", {}, code, [1], [[code]]],
            "weeks": [0, 14, -1, 4.0, "4", True, [4]],
        }
        event[target] = draw(st.sampled_from(near_misses[kind]))
    return event


# A valid value for each field of each event type.
VALID_VALUES = {
    (event_type, name): st.booleans()
    if kind == "bool"
    else st.sampled_from(allowed)
    if kind == "code"
    else st.integers(1, 13)
    if kind == "weeks"
    else st.lists(st.sampled_from(allowed), max_size=3)
    for event_type, fields in EVENT_FIELDS.items()
    for name, (kind, _, _, allowed) in fields.items()
}


# Named here, not read from Event.__slots__: a class compiled by mypyc has no __slots__.
EVENT_ATTRIBUTES = ("type", "index", "at", "day", "minute", "key", "fields")
# What the careful reading gives in these tests: a mark of an event the fast one left to it.
LEFT_TO_CAREFUL = timeline.Event("plan_ended", -1, "2026-12-14", date(2026, 12, 14), None, {}, -1)


def event_state(event: timeline.Event) -> tuple[Any, ...]:
    return tuple(getattr(event, name) for name in EVENT_ATTRIBUTES)


def fast_event(raw: Any, index: int) -> timeline.Event | None:
    """The fast reading of one event at a position, or None where it leaves it to the careful
    one."""
    before = [{"type": "plan_ended", "at": "2026-12-14"}] * index
    event = timeline._read_events([*before, raw], careful=lambda raw, index: LEFT_TO_CAREFUL)[-1]
    return None if event is LEFT_TO_CAREFUL else event


@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(raw_events(), st.integers(0, 50))
def test_the_fast_reading_of_an_event_accepts_what_the_careful_one_does(raw, index):
    try:
        careful = timeline._parse_event(raw, index)  # also remembers a day that was valid
    except TimelineError:
        assert fast_event(raw, index) is None
        return
    fast = fast_event(raw, index)
    # Keys beyond the contract's, a field given as null, and the night the clocks go forward,
    # are left to the careful reading (which looks for misspelt keys and skipped hours);
    # everything else is fast.
    beyond = not raw.keys() <= timeline._EVENT_KEYS[raw["type"]] or None in raw.values()
    if beyond or careful.day in timeline._SPRING_FORWARD:
        assert fast is None or event_state(fast) == event_state(careful)
        return
    assert fast is not None
    assert event_state(fast) == event_state(careful)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(WHEN_TEXTS)
def test_reading_a_time_again_from_the_cache_gives_the_same_answer(text):
    def read() -> Any:
        try:
            return parse_when(text, "at")
        except TimelineError as error:
            return str(error)

    first = read()
    assert read() == first
    try:
        assert timeline._parse_when(text, "at") == first
    except TimelineError as error:
        assert str(error) == first


def with_rules(*rules: dict[str, Any], when: dict[str, Any]) -> Procedure:
    document = {
        "name": "darlington",
        "title": "Darlington (test)",
        "extends": BASELINE,
        "source": DARLINGTON,
        "rules": [
            {"summary": "A rule", "quote": QUOTE, "from": "initial_conference", "when": when} | r
            for r in rules
        ],
    }
    return parse_procedure("darlington.toml", document, load_procedure(BASELINE))


def clocks(procedure: Procedure, child: dict[str, Any]) -> list[tuple[str, str]]:
    raw = {
        "procedure": "darlington",
        "child": child,
        "events": [
            {"type": "initial_conference", "at": "2026-12-07T10:00", "plan": True},
            {"type": "plan_ended", "at": "2027-06-01"},
        ],
    }
    found = derive_clocks(parse_timeline(raw), procedure, AS_OF, england_calendar())
    return [(clock.clock, clock.due) for clock in found]


UNBORN = {"expected_birth_date": "2027-03-01"}
BORN = {"date_of_birth": "2019-05-02"}


def test_a_clock_rule_on_the_childs_circumstances_applies_only_when_they_hold():
    procedure = with_rules(
        # Competes with the baseline's 10 working days for the first core group.
        {
            "id": "core-group",
            "clock": "first_core_group",
            "timescale": "5 working days",
            "from": "initial_conference_with_plan",
        },
        {"id": "decisions", "clock": "conference_decisions", "timescale": "1 working day"},
        when={"child": "unborn"},
    )
    assert clocks(procedure, UNBORN) == [
        ("conference_decisions", "2026-12-08"),
        ("first_core_group", "2026-12-14"),
        ("first_review", "2027-03-08"),
    ]
    # Born: the baseline's first core group, and no decisions clock (its only rule fails).
    assert clocks(procedure, BORN) == [
        ("first_core_group", "2026-12-21"),
        ("first_review", "2027-03-08"),
    ]


def test_the_index_of_rules_is_kept_per_procedure_and_stays_bounded(refill):
    full = refill(engine._RULE_INDEXES, {n: object() for n in range(257)})
    procedure = load_procedure("darlington")
    assert clocks(procedure, BORN)
    assert list(full) == [id(procedure)]
    index = full[id(procedure)]
    assert clocks(procedure, BORN)
    assert full[id(procedure)] is index


def test_the_days_remembered_for_fast_reading_stay_bounded(refill):
    first = date(2026, 1, 1)
    entries = {f"day {n}": (first, first.toordinal()) for n in range(100_001)}
    full = refill(timeline._EVENT_DAYS, entries)
    raw = {"procedure": "darlington", "events": [{"type": "plan_ended", "at": "2033-02-03"}]}
    assert parse_timeline(raw).events[0].day == date(2033, 2, 3)
    assert full == {"2033-02-03": (date(2033, 2, 3), date(2033, 2, 3).toordinal())}


def test_the_due_days_remembered_as_text_stay_bounded(refill):
    full = refill(engine._ISO_DAYS, {date.fromordinal(1 + n): "" for n in range(100_001)})
    assert engine.iso_day(date(2033, 2, 3)) == "2033-02-03"
    assert full == {date(2033, 2, 3): "2033-02-03"}


def add_hours_by_zoneinfo(day: date, minute: int | None, hours: int) -> tuple[date, int]:
    """What engine.add_hours did before it counted in minutes: zoneinfo's own arithmetic."""
    local = datetime(day.year, day.month, day.day, tzinfo=LONDON) + timedelta(minutes=minute or 0)
    later = (local.astimezone(UTC) + timedelta(hours=hours)).astimezone(LONDON)
    return later.date(), later.hour * 60 + later.minute


@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(
    st.dates(date(2000, 1, 1), date(2100, 12, 31)),
    st.none() | st.integers(0, 24 * 60 - 1),
    st.integers(0, 24 * 14),
)
def test_hours_are_added_as_zoneinfo_adds_them(day, minute, hours):
    assert engine.add_hours(day, minute, hours) == add_hours_by_zoneinfo(day, minute, hours)


def last_sunday(year: int, month: int) -> date:
    end = date(year, month + 1, 1) - timedelta(days=1)
    return end - timedelta(days=(end.weekday() + 1) % 7)


@pytest.mark.parametrize("year", [2000, 2026, 2027, 2100])
def test_hours_are_added_as_zoneinfo_adds_them_around_each_change_of_the_clocks(year):
    for change in (last_sunday(year, 3), last_sunday(year, 10)):
        for day in (change - timedelta(days=1), change):
            for minute in range(0, 24 * 60, 5):
                for hours in (1, 2, 3, 24, 25):
                    expected = add_hours_by_zoneinfo(day, minute, hours)
                    assert engine.add_hours(day, minute, hours) == expected, (day, minute, hours)
