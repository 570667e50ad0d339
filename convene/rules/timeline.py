"""A case as a timeline: the contract's input, parsed and validated.

`parse_timeline` takes the decoded JSON of one timeline and returns a `Timeline` whose events
are in time order, or raises `TimelineError` with one line naming the event index and field.
Unknown keys are ignored so that a newer producer can add fields (the contract only grows),
except a key that looks like a misspelling of a known one (`immediate_action` for
`immediate_action_taken`, `chid` for `child`): that is an error naming the key it resembles,
because a mistyped fact must never silently change a clock. Known keys are checked strictly.
A local time that does not exist (the hour skipped when the clocks go forward) is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, Final

from convene.rules.calendar import FIRST_DATE, LAST_DATE
from convene.rules.vocabulary import (
    CONCERN_CODES,
    ENQUIRY_KINDS,
    HOSPITAL_STATUSES,
    HOUSEHOLD_ADULT_CONCERNS,
    MAX_CORE_GROUP_WEEKS,
    PLAN_CATEGORIES,
    PROCEDURE_NAMES,
    SECTION_47_OUTCOMES,
    STRATEGY_FORMS,
    STRATEGY_OUTCOMES,
)


class TimelineError(ValueError):
    """Bad input. The message is one line naming where, e.g. 'events[2].at: ...'."""


def _last_sunday_of_march(year: int) -> date:
    end = date(year, 3, 31)
    return end - timedelta(days=(end.weekday() + 1) % 7)


# The nights the clocks go forward in the UK: local times from 01:00 to 01:59 do not exist.
# Such a day is never cached below, so every time on it takes the slow path that checks it.
_SPRING_FORWARD: Final = frozenset(
    _last_sunday_of_march(year) for year in range(FIRST_DATE.year, LAST_DATE.year + 1)
)


# Field specs: name -> (kind, required, default, allowed codes).
_Spec = tuple[str, bool, Any, tuple[str, ...]]
_BOOL_FALSE: Final[_Spec] = ("bool", False, False, ())
_HOUSEHOLD_CONCERNS: Final[_Spec] = ("codes", False, (), HOUSEHOLD_ADULT_CONCERNS)

EVENT_FIELDS: Final[dict[str, dict[str, _Spec]]] = {
    "contact_received": {},
    "contact_decision": {},
    "referral_accepted": {"assessment_required": ("bool", False, True, ())},
    "assessment_allocated": {},
    "referrer_acknowledged": {},
    "assessment_completed": {},
    "concerns_identified": {
        "concerns": ("codes", True, (), CONCERN_CODES),
        "immediate_action_taken": _BOOL_FALSE,
        "forensic_evidence_needed": _BOOL_FALSE,
    },
    "strategy_discussion": {
        "form": ("code", False, None, STRATEGY_FORMS),
        "outcome": ("code", True, None, STRATEGY_OUTCOMES),
        "enquiry": ("code", False, None, ENQUIRY_KINDS),
    },
    "strategy_record_circulated": {},
    "child_seen": {"alone": _BOOL_FALSE},
    "section_47_completed": {"outcome": ("code", True, None, SECTION_47_OUTCOMES)},
    "conference_report_to_chair": {},
    "conference_report_to_parents": {},
    # A plan decides every clock that follows, so it must be stated, never assumed.
    "initial_conference": {
        "plan": ("bool", True, False, ()),
        "category": ("code", False, None, PLAN_CATEGORIES),
    },
    "conference_decisions_circulated": {},
    "conference_record_circulated": {},
    "core_group_meeting": {},
    # Not stated means not seen: a visit only counts for what it records.
    "lead_social_worker_visit": {"child_seen": _BOOL_FALSE, "bedroom_seen": _BOOL_FALSE},
    "review_conference": {
        "plan_continues": ("bool", True, False, ()),
        # The chair seeks absent agencies' views in writing before deciding to end the plan.
        "seek_agency_views": _BOOL_FALSE,
    },
    "plan_ended": {},
    "transfer_in_agreed": {},
    "transfer_conference": {},
    "complaint_received": {},
    "complaint_responded": {},
    # Added in version 1 with the plan half (issue 9).
    "core_group_frequency_confirmed": {"weeks": ("weeks", True, None, ())},
    "plan_distributed": {},
    "parent_excluded": {},
    "report_to_excluded_parent": {},
    "agency_views_requested": {},
    "agency_views_received": {},
    "moved_permanently": {},
    "receiving_conference": {},
}
EVENT_TYPES: Final = tuple(EVENT_FIELDS)


# An event's `key` is one integer (cheap to compare and sort): its day, then its minute (a
# date-only event first), then its place in the input, which is below MAX_EVENTS.
MAX_EVENTS: Final = 1 << 20
_MINUTE_SPAN: Final = 24 * 60 + 1


def event_key(ordinal: int, minute: int | None, index: int) -> int:
    return (ordinal * _MINUTE_SPAN + (0 if minute is None else minute + 1)) * MAX_EVENTS + index


class Event:
    """One event. `key` orders events: by date, then time (a date-only event first), then input
    position (see event_key). `minute` is minutes after midnight, None when only the date is
    known."""

    __slots__ = ("type", "index", "at", "day", "minute", "key", "fields")

    def __init__(
        self,
        type: str,
        index: int,
        at: str,
        day: date,
        minute: int | None,
        fields: dict[str, Any],
        key: int,
    ) -> None:
        self.type = type
        self.index = index
        self.at = at
        self.day = day
        self.minute = minute
        self.key = key  # event_key(day.toordinal(), minute, index), which the reader knows
        self.fields = fields


class Child:
    __slots__ = (
        "date_of_birth",
        "expected_birth_date",
        "hospital",
        "medical_examination",
        "lives_outside_area",
        "household_adult_concerns",
    )

    def __init__(
        self,
        date_of_birth: date | None = None,
        expected_birth_date: date | None = None,
        hospital: str | None = None,
        medical_examination: bool = False,
        lives_outside_area: bool = False,
        household_adult_concerns: tuple[str, ...] = (),
    ) -> None:
        self.date_of_birth = date_of_birth
        self.expected_birth_date = expected_birth_date
        self.hospital = hospital
        self.medical_examination = medical_examination
        self.lives_outside_area = lives_outside_area
        self.household_adult_concerns = household_adult_concerns


class Timeline:
    __slots__ = ("procedure", "child", "events")

    def __init__(self, procedure: str, child: Child, events: list[Event]) -> None:
        self.procedure = procedure
        self.child = child
        self.events = events


# Timelines repeat the same days but rarely the same minute: each day is parsed once (by its
# text, a valid "YYYY-MM-DD"), and a time of day is looked up in a table of every valid "HH:MM".
_DAY_CACHE: Final[dict[str, date]] = {}
# What may follow the day: nothing (a date), or "THH:MM" (minutes after midnight).
_TIMES: Final[dict[str, int | None]] = {"": None} | {
    f"T{hour:02d}:{minute:02d}": hour * 60 + minute for hour in range(24) for minute in range(60)
}
_NOT_A_TIME: Final = -1
_DATE_FORMAT: Final = "a date YYYY-MM-DD or a local time YYYY-MM-DDTHH:MM"


def parse_when(value: Any, place: str) -> tuple[date, int | None]:
    """Parse an `at`: a date, or a local date and time to the minute."""
    if type(value) is str:
        day = _DAY_CACHE.get(value[:10])
        if day is not None:
            minute = _TIMES.get(value[10:], _NOT_A_TIME)
            if minute != _NOT_A_TIME:
                return day, minute
        parsed = _parse_when(value, place)  # a new day, or a mistake to name
        _remember_day(value[:10], parsed[0])
        return parsed
    raise TimelineError(f"{place}: expected {_DATE_FORMAT}, got {_show(value)}")


def _parse_when(value: str, place: str, expected: str = _DATE_FORMAT) -> tuple[date, int | None]:
    length = len(value)
    ok = (length == 10 or (length == 16 and value[10] == "T" and value[13] == ":")) and (
        value[4] == "-" and value[7] == "-"
    )
    digits = value[:4] + value[5:7] + value[8:10] + value[11:13] + value[14:16]
    if not ok or not digits.isascii() or not digits.isdigit():
        raise TimelineError(f"{place}: expected {expected}, got {_show(value)}")
    try:
        day = date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        raise TimelineError(f"{place}: {value!r} is not a real date") from None
    if length == 10:
        return day, None
    hour, minute = int(value[11:13]), int(value[14:16])
    if hour > 23 or minute > 59:
        raise TimelineError(f"{place}: {value!r} is not a real time of day")
    if hour == 1 and day in _SPRING_FORWARD:
        raise TimelineError(
            f"{place}: {value!r} is not a real local time: the clocks go forward from 01:00 to "
            "02:00 that night"
        )
    return day, hour * 60 + minute


def parse_date(value: Any, place: str) -> date:
    """A date with no time of day, such as a child's date of birth."""
    if type(value) is not str or len(value) != 10:
        raise TimelineError(f"{place}: expected a date YYYY-MM-DD, got {_show(value)}")
    day = _DAY_CACHE.get(value)
    if day is None:
        day = _parse_when(value, place, "a date YYYY-MM-DD")[0]
        _remember_day(value, day)
    return day


def _remember_day(text: str, day: date) -> None:
    if day in _SPRING_FORWARD:
        return
    if len(_DAY_CACHE) > 100_000:
        _DAY_CACHE.clear()
    _DAY_CACHE[text] = day


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else _json_kind(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _looks_like(key: str, known: str) -> bool:
    """Whether an unknown key is probably a misspelling of a known one."""
    if len(key) >= 4 and (known.startswith(key) or key.startswith(known)):
        return True
    from difflib import SequenceMatcher  # here: only a mistake needs it, not a start-up

    return SequenceMatcher(None, key, known).ratio() >= 0.8


def _check_keys(raw: dict[str, Any], known: frozenset[str], place: str) -> None:
    """Refuse a key that is not known but resembles one that is (see the module docstring)."""
    for key in raw:
        if key in known or type(key) is not str:
            continue
        for name in sorted(known):
            if _looks_like(key, name):
                prefix = f"{place}." if place else ""
                raise TimelineError(
                    f"{prefix}{key}: unknown field; did you mean {name!r}? (a misspelt field "
                    "would be ignored and could change a clock)"
                )


def _check_field(raw: dict[str, Any], name: str, spec: _Spec, place: str) -> Any:
    kind, required, default, allowed = spec
    value = raw.get(name)
    if value is None:
        if required:
            raise TimelineError(f"{place}.{name}: required field missing")
        return default
    if kind == "bool":
        if value is True or value is False:
            return value
        raise TimelineError(f"{place}.{name}: expected true or false, got {_show(value)}")
    if kind == "code":
        if type(value) is str and value in allowed:
            return value
        raise TimelineError(
            f"{place}.{name}: unknown value {_show(value)} (expected one of {', '.join(allowed)})"
        )
    if kind == "weeks":
        if type(value) is int and 1 <= value <= MAX_CORE_GROUP_WEEKS:
            return value
        raise TimelineError(
            f"{place}.{name}: expected a whole number of weeks from 1 to {MAX_CORE_GROUP_WEEKS}, "
            f"got {_show(value)}"
        )
    if type(value) is not list:
        raise TimelineError(f"{place}.{name}: expected a list of codes, got {_show(value)}")
    if required and not value:
        raise TimelineError(f"{place}.{name}: expected at least one code, got an empty list")
    for position, code in enumerate(value):
        if type(code) is not str or code not in allowed:
            raise TimelineError(
                f"{place}.{name}[{position}]: unknown code {_show(code)} "
                f"(expected one of {', '.join(allowed)})"
            )
    return tuple(value)


def _parse_event(raw: Any, index: int) -> Event:
    place = f"events[{index}]"
    if type(raw) is not dict:
        raise TimelineError(f"{place}: expected an object, got {_show(raw)}")
    event_type = raw.get("type")
    if event_type is None:
        raise TimelineError(f"{place}.type: required field missing")
    if type(event_type) is not str or event_type not in EVENT_FIELDS:
        raise TimelineError(f"{place}.type: unknown event type {_show(event_type)}")
    fields_spec = EVENT_FIELDS[event_type]
    at = raw.get("at")
    if at is None:
        raise TimelineError(f"{place}.at: required field missing")
    day, minute = parse_when(at, f"{place}.at")
    if not FIRST_DATE <= day <= LAST_DATE:  # the working-day calendar knows no other dates
        raise TimelineError(
            f"{place}.at: {at!r} is outside the supported range "
            f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"
        )
    if len(_EVENT_DAYS) > 100_000:
        _EVENT_DAYS.clear()
    if day not in _SPRING_FORWARD:
        _EVENT_DAYS[at[:10]] = (day, day.toordinal())  # in range: _read_events takes it
    _check_keys(raw, _EVENT_KEYS[event_type], place)
    fields = {name: _check_field(raw, name, spec, place) for name, spec in fields_spec.items()}
    problem = _inconsistency(event_type, fields)
    if problem is not None:
        raise TimelineError(f"{place}.{problem}")
    return Event(
        event_type, index, at, day, minute, fields, event_key(day.toordinal(), minute, index)
    )


def _inconsistency(event_type: str, fields: dict[str, Any]) -> str | None:
    """What is wrong between an event's fields, as 'field: why', or None."""
    if event_type == "strategy_discussion":
        if fields["enquiry"] is not None and fields["outcome"] != "section_47":
            return "enquiry: only given when the outcome is section_47"
    elif (
        event_type == "initial_conference" and fields["category"] is not None and not fields["plan"]
    ):
        return "category: only given with a plan (plan is false)"
    # Views are sought before the plan ends, so it continues meanwhile.
    elif (
        event_type == "review_conference"
        and fields["seek_agency_views"]
        and not fields["plan_continues"]
    ):
        return "seek_agency_views: only while the plan continues (plan_continues is false)"
    return None


_CROSS_CHECKED: Final = frozenset(
    {"strategy_discussion", "initial_conference", "review_conference"}
)
# Each event type's keys: an event with any other key takes the slow path.
_EVENT_KEYS: Final = {
    event_type: frozenset({"type", "at", *fields}) for event_type, fields in EVENT_FIELDS.items()
}
_CHILD_KEYS: Final = frozenset(
    {
        "date_of_birth",
        "expected_birth_date",
        "hospital",
        "medical_examination",
        "lives_outside_area",
        "household_adult_concerns",
    }
)
_TIMELINE_KEYS: Final = frozenset({"procedure", "child", "events"})
# The days, by their text, of events _parse_event has accepted: valid and in the range.
_EVENT_DAYS: Final[dict[str, tuple[date, int]]] = {}


_Careful = Callable[[Any, int], Event]


class _Field:
    """One field of an event type, as the fast reading checks it."""

    __slots__ = ("name", "kind", "required", "default", "allowed")

    def __init__(self, name: str, spec: _Spec) -> None:
        self.name = name
        self.kind: str = spec[0]
        self.required: bool = spec[1]
        self.default: Any = spec[2]
        self.allowed = frozenset(spec[3])


# Each event type's fields, for _read_fields.
_FAST_FIELDS: Final = {
    event_type: tuple(_Field(name, spec) for name, spec in fields.items())
    for event_type, fields in EVENT_FIELDS.items()
}


def _read_fields(raw: dict[str, Any], event_type: str) -> dict[str, Any] | None:
    """One event's fields checked and with their defaults, or None for anything the careful
    reading must see: a mistake, or a key beyond the type's fields."""
    fields: dict[str, Any] = {}
    given = 2  # type and at
    for field in _FAST_FIELDS[event_type]:
        value = raw.get(field.name)
        if value is None:
            if field.required:
                return None
            fields[field.name] = field.default
            continue
        given += 1
        kind = field.kind
        if kind == "bool":
            if value is not True and value is not False:
                return None
        elif kind == "code":
            if type(value) is not str or value not in field.allowed:
                return None
        elif kind == "weeks":
            if type(value) is not int or not 1 <= value <= MAX_CORE_GROUP_WEEKS:
                return None
        else:
            if type(value) is not list or (field.required and not value):
                return None
            for code in value:
                if type(code) is not str or code not in field.allowed:
                    return None
            value = tuple(value)
        fields[field.name] = value
    if len(raw) != given:
        return None
    if event_type in _CROSS_CHECKED and _inconsistency(event_type, fields) is not None:
        return None
    return fields


def _read_event(raw: dict[str, Any], index: int) -> Event | None:
    """One valid event read fast, or None to leave it to the careful reading."""
    event_type = raw.get("type")
    at = raw.get("at")
    if type(event_type) is not str or type(at) is not str or event_type not in _FAST_FIELDS:
        return None
    day = _EVENT_DAYS.get(at[:10])
    minute = _TIMES.get(at[10:], _NOT_A_TIME)
    if day is None or minute == _NOT_A_TIME:
        return None
    fields = _read_fields(raw, event_type)
    if fields is None:
        return None
    return Event(event_type, index, at, day[0], minute, fields, event_key(day[1], minute, index))


def _read_events(raw_events: list[Any], careful: _Careful = _parse_event) -> list[Event]:
    """The events of a timeline: each valid event read fast, into the same Event as
    `_parse_event` makes, with no work spent on places and messages. Anything else (a mistake,
    a day not yet seen, a key beyond the contract's) is left to `careful`, which parses or
    names it. Keep the two in step: the fast reading accepts nothing `_parse_event` refuses."""
    events: list[Event] = []
    for index, raw in enumerate(raw_events):
        event = _read_event(raw, index) if type(raw) is dict else None
        events.append(careful(raw, index) if event is None else event)
    return events


def _in_time_order(events: list[Event]) -> list[Event]:
    """The events sorted by key. Each key ends with the event's place in the input, which is
    its place in `events`: a sort of the integers alone gives the order."""
    previous = -1
    for event in events:
        if event.key < previous:
            break
        previous = event.key
    else:
        return events  # already in order, as a producer that keeps its events in order gives
    keys = [event.key for event in events]
    keys.sort()
    return [events[key % MAX_EVENTS] for key in keys]


def _parse_child(raw: Any) -> Child:
    if raw is None:
        return Child()
    if type(raw) is not dict:
        raise TimelineError(f"child: expected an object, got {_show(raw)}")
    if len(raw) > len(_CHILD_KEYS) or not raw.keys() <= _CHILD_KEYS:
        _check_keys(raw, _CHILD_KEYS, "child")
    dob = raw.get("date_of_birth")
    expected = raw.get("expected_birth_date")
    hospital = raw.get("hospital")
    if hospital is not None and hospital not in HOSPITAL_STATUSES:
        raise TimelineError(
            f"child.hospital: unknown value {_show(hospital)}"
            " (expected null, inpatient or outpatient)"
        )
    # The careful check only for a value that is not plainly true, false or absent.
    medical_examination = raw.get("medical_examination", False)
    if medical_examination is not True and medical_examination is not False:
        medical_examination = _check_field(raw, "medical_examination", _BOOL_FALSE, "child")
    lives_outside_area = raw.get("lives_outside_area", False)
    if lives_outside_area is not True and lives_outside_area is not False:
        lives_outside_area = _check_field(raw, "lives_outside_area", _BOOL_FALSE, "child")
    concerns = raw.get("household_adult_concerns")
    if concerns is not None:
        concerns = _check_field(raw, "household_adult_concerns", _HOUSEHOLD_CONCERNS, "child")
    return Child(
        None if dob is None else parse_date(dob, "child.date_of_birth"),
        None if expected is None else parse_date(expected, "child.expected_birth_date"),
        hospital,
        medical_examination,
        lives_outside_area,
        () if concerns is None else concerns,
    )


def parse_timeline(raw: Any) -> Timeline:
    """Validate one decoded JSON timeline and put its events in time order."""
    if type(raw) is not dict:
        raise TimelineError(f"timeline: expected a JSON object, got {_show(raw)}")
    if len(raw) != len(_TIMELINE_KEYS) or not raw.keys() <= _TIMELINE_KEYS:
        _check_keys(raw, _TIMELINE_KEYS, "")
    procedure = raw.get("procedure")
    if procedure is None:
        raise TimelineError("procedure: required field missing")
    if procedure not in PROCEDURE_NAMES:
        raise TimelineError(
            f"procedure: unknown procedure {_show(procedure)} "
            f"(expected one of {', '.join(PROCEDURE_NAMES)})"
        )
    raw_events = raw.get("events")
    if raw_events is None:
        raise TimelineError("events: required field missing")
    if type(raw_events) is not list:
        raise TimelineError(f"events: expected a list of events, got {_show(raw_events)}")
    if len(raw_events) > MAX_EVENTS:
        raise TimelineError(f"events: more than {MAX_EVENTS:,} events in one timeline")
    child = _parse_child(raw.get("child"))
    return Timeline(procedure, child, _in_time_order(_read_events(raw_events)))
