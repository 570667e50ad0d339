"""From a timeline to clocks and strategy requirements: pure functions, no clock on the wall.

`evaluate(timeline, procedure, as_of, calendar)` derives every clock the procedure sets.

How a clock arises. Each clock has occurrences, each counted from an *anchor* event; a rule of
the procedure names the anchors it counts from (`from`), its timescale and its conditions. For
one occurrence, the applicable rules each give a due time and the earliest wins (the contract);
on a tie a local rule is preferred to the national one, because it names the council's text.
A rule marked `default` applies only when no other rule for that clock applies.

Anchors and what meets each clock:
- contact_received: contact_decision (met by contact_decision), referrer_acknowledgement
  (referrer_acknowledged).
- referral_accepted (when an assessment is required): assessment_allocation
  (assessment_allocated), assessment_completion (assessment_completed).
- concerns_identified: strategy_discussion (the next strategy_discussion). Each new set of
  concerns is a new occurrence.
- strategy_discussion: strategy_record (strategy_record_circulated).
- section_47_initiated: the strategy discussion that opens a section 47 enquiry (outcome
  section_47 while no enquiry is open); last_section_47_strategy_discussion: the last one with
  outcome section_47 while that enquiry is open. An enquiry closes at section_47_completed or
  at the initial conference. child_seen, section_47_completion and initial_conference count
  from these; the initial conference clock is withdrawn when the enquiry concludes
  not_substantiated, because no conference is then required.
- initial_conference / review_conference / transfer_conference: conference_decisions and
  conference_record (the circulated events); the reports, where a rule sets them (counted
  back from the conference date; met by the first report since the previous conference, or
  late by one sent after the last conference).
- initial_conference_with_plan / transfer_conference: first_core_group, first_review.
- review_conference_plan_continues: next_review (the next review conference).
- plan_start_or_last_visit: from the start of a plan, then from each visit at which the child
  was seen; plan_start_or_last_bedroom_seen likewise for visits that saw the bedroom.
- transfer_in_agreed: transfer_conference. complaint_received: complaint_response.
- core_group_meeting (each one of a plan): core_group (met by the plan's next meeting; counted
  from core_group_meeting_at_confirmed_frequency instead once the manager has confirmed a
  frequency during the plan) and plan_distribution (plan_distributed).
- a conference with a parent_excluded since the previous one: excluded_parent_report (counted
  back, met like the reports by report_to_excluded_parent).
- review_conference_seeking_views: agency_views_requested; agency_views_requested:
  agency_views_received. moved_permanently: receiving_conference.

A plan runs from an initial conference with a plan (or a transfer conference, or a review that
continues a plan) until plan_ended or a review that ends it. When a plan ends, a clock of the
plan that is not yet met and falls due on or after the end is withdrawn; one already past due
stays, because a missed timescale must never be silent.

Matching "met". A completion counts for an occurrence if it is not before the anchor: when
both have a time, compared to the minute; otherwise by date. A date-only event is taken as
the start of its day, so a clock due at a time on that day is met by it.

States (contract): met / late when done; otherwise overdue when `as_of` is past due, else due.
`as_of` may be a date, taken as the end of that day, or a (date, minute) pair.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, date, datetime, timedelta
from typing import Final, Literal
from zoneinfo import ZoneInfo

from convene.rules.calendar import CalendarRangeError, WorkingDayCalendar
from convene.rules.procedure import BASELINE, Conditions, Procedure, Rule
from convene.rules.timeline import Child, Event, Timeline, TimelineError, event_key
from convene.rules.vocabulary import ATTENDEE_CODES, CLOCK_ORDER, CONCERN_CODES

LONDON: Final = ZoneInfo("Europe/London")
END_OF_DAY: Final = 24 * 60

State = Literal["met", "late", "due", "overdue"]
Anchors = dict[str, Event]


class Clock:
    """One occurrence of a clock. `due_minute` is None for a clock due by the end of a day."""

    __slots__ = ("clock", "starts", "due_day", "due_minute", "met", "state", "rule")

    def __init__(
        self,
        clock: str,
        starts: Event,
        due_day: date,
        due_minute: int | None,
        met: Event | None,
        state: State,
        rule: Rule,
    ) -> None:
        self.clock = clock
        self.starts = starts
        self.due_day = due_day
        self.due_minute = due_minute
        self.met = met
        self.state = state
        self.rule = rule

    @property
    def due(self) -> str:
        """As the contract writes it: a date, or a local date-time for an hour-based clock."""
        if self.due_minute is None:
            return iso_day(self.due_day)
        hours, minutes = divmod(self.due_minute, 60)
        return f"{iso_day(self.due_day)}T{hours:02d}:{minutes:02d}"


# A batch writes the same due days again and again: each is formatted once.
_ISO_DAYS: Final[dict[date, str]] = {}


def iso_day(day: date) -> str:
    """day.isoformat(), remembered."""
    text = _ISO_DAYS.get(day)
    if text is None:
        if len(_ISO_DAYS) > 100_000:
            _ISO_DAYS.clear()
        text = _ISO_DAYS[day] = day.isoformat()
    return text


class Strategy:
    """What the procedure requires of the strategy discussion for the latest concerns."""

    __slots__ = ("must_be_meeting", "reasons", "required_attendees", "recommended_attendees")

    def __init__(
        self,
        must_be_meeting: bool,
        reasons: list[str],
        required_attendees: list[str],
        recommended_attendees: list[str],
    ) -> None:
        self.must_be_meeting = must_be_meeting
        self.reasons = reasons
        self.required_attendees = required_attendees
        self.recommended_attendees = recommended_attendees


class Evaluation:
    __slots__ = ("clocks", "strategy")

    def __init__(self, clocks: list[Clock], strategy: Strategy | None) -> None:
        self.clocks = clocks
        self.strategy = strategy


# --- the child's circumstances --------------------------------------------------------------


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February: the birthday falls on 1 March in other years
        return date(born.year + years, 3, 1)


def is_school_age(born: date, on: date) -> bool:
    """From the September after the fourth birthday (reception) until the eighteenth.

    A deliberately wide reading of "school age": children in England start school in the
    reception year, and 16 and 17 year olds are in education or training until 18."""
    reception = date(born.year + (4 if born.month < 9 else 5), 9, 1)
    return reception <= on < _birthday(born, 18)


def child_facts(child: Child, on: date) -> frozenset[str]:
    """The facts about the child that procedure rules can depend on, as they stood on a day."""
    facts: set[str] = set()
    born = child.date_of_birth
    if (born is None and child.expected_birth_date is not None) or (born is not None and born > on):
        facts.add("unborn")
    else:
        facts.add("born")
        if born is not None and is_school_age(born, on):
            facts.add("school_age")
    if child.hospital is not None:
        facts.add("hospital_patient")
        if child.hospital == "inpatient":
            facts.add("hospital_inpatient")
    if child.medical_examination:
        facts.add("medical_examination")
    if child.lives_outside_area:
        facts.add("lives_outside_area")
    if child.household_adult_concerns:
        facts.add("household_adult_concerns")
    return frozenset(facts)


def _holds(when: Conditions, concerns: Event | None, facts: frozenset[str]) -> bool:
    if when.child and not when.child <= facts:
        return False
    if (
        when.concerns_any is None
        and when.immediate_action_taken is None
        and when.forensic_evidence_needed is None
    ):
        return True
    # The loader allows conditions on the concerns only where there are concerns to test.
    assert concerns is not None
    fields = concerns.fields
    if when.concerns_any is not None and when.concerns_any.isdisjoint(fields["concerns"]):
        return False
    if (
        when.immediate_action_taken is not None
        and fields["immediate_action_taken"] != when.immediate_action_taken
    ):
        return False
    return (
        when.forensic_evidence_needed is None
        or fields["forensic_evidence_needed"] == when.forensic_evidence_needed
    )


# --- due times ------------------------------------------------------------------------------


def add_hours(day: date, minute: int | None, hours: int) -> tuple[date, int]:
    """Elapsed hours from a local time, across any change of the clocks; a date-only start is
    taken as midnight. An ambiguous local time is read as its first (earlier) occurrence.

    Counted in minutes since the start of the calendar (a day's ordinal times 1440), with the
    year's changes of the clocks read once from the time zone database: no datetime arithmetic
    for each clock (tests compare it with zoneinfo's own arithmetic)."""
    local = day.toordinal() * _DAY_MINUTES + (minute or 0)
    later = _to_local(_to_utc(local) + hours * 60)
    return date.fromordinal(later // _DAY_MINUTES), later % _DAY_MINUTES


_DAY_MINUTES: Final = 24 * 60


class _ClockChanges:
    """A year's changes of the clocks in London: the offset from UTC (minutes) as the year
    begins, and each change as (UTC minute, offset before, offset after)."""

    __slots__ = ("first_offset", "changes")

    def __init__(self, year: int) -> None:
        start = date(year, 1, 1).toordinal() * _DAY_MINUTES
        end = date(year + 1, 1, 1).toordinal() * _DAY_MINUTES
        self.first_offset = _zone_offset(start)
        # The offset is sampled at each month's start, and each change found to the minute
        # between two samples (London changes its clocks at most once a month).
        months = [date(year, month, 1).toordinal() * _DAY_MINUTES for month in range(2, 13)]
        bounds = [start, *months, end]
        changes: list[tuple[int, int, int]] = []
        for low, high in zip(bounds, bounds[1:], strict=False):
            before, after = _zone_offset(low), _zone_offset(high)
            if before == after:
                continue
            while high - low > 1:  # the first minute at the new offset is in (low, high]
                middle = (low + high) // 2
                if _zone_offset(middle) == before:
                    low = middle
                else:
                    high = middle
            changes.append((high, before, after))
        self.changes = tuple(changes)


def _zone_offset(utc_minute: int) -> int:
    instant = datetime.fromordinal(utc_minute // _DAY_MINUTES).replace(tzinfo=UTC)
    local = (instant + timedelta(minutes=utc_minute % _DAY_MINUTES)).astimezone(LONDON)
    offset = local.utcoffset()
    assert offset is not None  # a zone always has one
    return int(offset.total_seconds()) // 60


_CLOCK_CHANGES: Final[dict[int, _ClockChanges]] = {}


def _clock_changes(minute: int) -> _ClockChanges:
    year = date.fromordinal(minute // _DAY_MINUTES).year
    found = _CLOCK_CHANGES.get(year)
    if found is None:
        found = _CLOCK_CHANGES[year] = _ClockChanges(year)
    return found


def _to_utc(local: int) -> int:
    """A local minute in UTC. A local time in the hour the clocks skip or repeat takes the
    offset before the change, as zoneinfo does (the first occurrence of a repeated time)."""
    year = _clock_changes(local)
    offset = year.first_offset
    for change, before, after in year.changes:
        if local >= change + max(before, after):
            offset = after
    return local - offset


def _to_local(utc: int) -> int:
    year = _clock_changes(utc)
    offset = year.first_offset
    for change, _, after in year.changes:
        if utc >= change:
            offset = after
    return utc + offset


def due_of(
    rule: Rule, anchor: Event, calendar: WorkingDayCalendar, confirmed_days: int = 0
) -> tuple[date, int | None]:
    """`confirmed_days`: the interval a manager confirmed, for a rule timed "as confirmed"."""
    timescale = rule.timescale
    assert timescale is not None
    kind, amount = timescale.kind, timescale.amount
    try:
        if kind == "working_days":
            return calendar.add_working_days(anchor.day, amount), None
        if kind == "days":
            return date.fromordinal(anchor.day.toordinal() + amount), None
        if kind == "as_confirmed":
            return date.fromordinal(anchor.day.toordinal() + confirmed_days), None
        if kind == "same_day":
            return anchor.day, None
        if kind == "hours":
            return add_hours(anchor.day, anchor.minute, amount)
        return calendar.subtract_working_days(anchor.day, amount), None
    except CalendarRangeError as error:  # bad input near the calendar's ends, not a bug
        raise TimelineError(f"events[{anchor.index}].at: {error}") from None


# --- occurrences ----------------------------------------------------------------------------


class Occurrence:
    """One time a clock arises: its anchors, what met it, and what may withdraw it."""

    __slots__ = ("shape", "clock", "anchors", "met", "concerns", "ends", "confirmed_days")

    def __init__(
        self,
        shape: str,
        clock: str,
        anchors: Anchors,
        met: Event | None,
        *,
        concerns: Event | None = None,
        ends: Event | None = None,
        confirmed_days: int = 0,
    ) -> None:
        self.shape = shape  # the clock and its anchors' names, which find its rules
        self.clock = clock
        self.anchors = anchors
        self.met = met
        self.concerns = concerns
        self.ends = ends
        self.confirmed_days = confirmed_days


def _not_before(event: Event, start: Event) -> bool:
    """Whether an event is not before the start, as _first_not_before compares them."""
    return event.day > start.day or (
        event.day == start.day
        and (start.minute is None or event.minute is None or event.minute >= start.minute)
    )


def _first_not_before(events: list[Event], start: Event) -> Event | None:
    """The first event not before the start: compared to the minute when both have a time,
    otherwise by date."""
    for event in events:
        if _not_before(event, start):
            return event
    return None


def _first_after(events: list[Event], start: Event) -> Event | None:
    for event in events:
        if event.key > start.key:
            return event
    return None


class _Timeline:
    """The timeline's events grouped by type, each group in time order, and the clocks the
    procedure sets (`wanted`): a builder yields occurrences of those clocks only."""

    def __init__(self, events: list[Event], wanted: Collection[str]) -> None:
        self.events = events
        self.wanted = wanted
        self.by_type: dict[str, list[Event]] = {}
        for event in events:
            group = self.by_type.get(event.type)
            if group is None:
                self.by_type[event.type] = [event]
            else:
                group.append(event)

    def of(self, event_type: str) -> list[Event]:
        return self.by_type.get(event_type, [])

    def in_order(self, *event_types: str) -> list[Event]:
        """The events of these types, in time order (cheaper than a pass over all events)."""
        by_key: dict[int, Event] = {}
        for kind in event_types:
            for event in self.by_type.get(kind, ()):
                by_key[event.key] = event  # keys are unique: they end with the input place
        return [by_key[key] for key in sorted(by_key)]


def _simple(
    t: _Timeline, anchor: str, starts: list[Event], pairs: dict[str, str]
) -> list[Occurrence]:
    completions = [
        (clock, t.of(done), f"{clock} {anchor}")
        for clock, done in pairs.items()
        if clock in t.wanted
    ]
    return [
        Occurrence(shape, clock, {anchor: start}, _first_not_before(done, start))
        for start in starts
        for clock, done, shape in completions
    ]


def _contacts(t: _Timeline) -> list[Occurrence]:
    pairs = {
        "contact_decision": "contact_decision",
        "referrer_acknowledgement": "referrer_acknowledged",
    }
    return _simple(t, "contact_received", t.of("contact_received"), pairs)


def _referrals(t: _Timeline) -> list[Occurrence]:
    pairs = {
        "assessment_allocation": "assessment_allocated",
        "assessment_completion": "assessment_completed",
    }
    referrals = [e for e in t.of("referral_accepted") if e.fields["assessment_required"]]
    return _simple(t, "referral_accepted", referrals, pairs)


def _concerns(t: _Timeline) -> list[Occurrence]:
    discussions = t.of("strategy_discussion")
    return [
        Occurrence(
            "strategy_discussion concerns_identified",
            "strategy_discussion",
            {"concerns_identified": concerns},
            _first_not_before(discussions, concerns),
            concerns=concerns,
        )
        for concerns in t.of("concerns_identified")
    ]


def _strategy_records(t: _Timeline) -> list[Occurrence]:
    pairs = {"strategy_record": "strategy_record_circulated"}
    return _simple(t, "strategy_discussion", t.of("strategy_discussion"), pairs)


class _Enquiry:
    __slots__ = ("initiated", "last", "outcome", "conference")

    def __init__(self, initiated: Event) -> None:
        self.initiated = initiated
        self.last = initiated
        self.outcome: str | None = None
        self.conference: Event | None = None


def _enquiries(t: _Timeline) -> list[Occurrence]:
    out: list[Occurrence] = []
    enquiries: list[_Enquiry] = []
    open_enquiry: _Enquiry | None = None
    awaiting_conference: _Enquiry | None = None
    for event in t.in_order("strategy_discussion", "section_47_completed", "initial_conference"):
        kind = event.type
        if kind == "strategy_discussion" and event.fields["outcome"] == "section_47":
            if open_enquiry is None:
                open_enquiry = _Enquiry(event)
                enquiries.append(open_enquiry)
            else:
                open_enquiry.last = event
        elif kind == "section_47_completed" and open_enquiry is not None:
            open_enquiry.outcome = event.fields["outcome"]
            awaiting_conference = open_enquiry if open_enquiry.outcome == "substantiated" else None
            open_enquiry = None
        elif kind == "initial_conference":
            # One conference answers every enquiry waiting for one: an enquiry found
            # substantiated and a further one opened before the conference was held.
            for enquiry in (open_enquiry, awaiting_conference):
                if enquiry is not None:
                    enquiry.conference = event
            open_enquiry = awaiting_conference = None
    seen, completed = t.of("child_seen"), t.of("section_47_completed")
    wanted = t.wanted
    for enquiry in enquiries:
        start = enquiry.initiated
        anchors = {"section_47_initiated": start}
        if "child_seen" in wanted:
            met = _first_not_before(seen, start)
            out.append(Occurrence("child_seen section_47_initiated", "child_seen", anchors, met))
        if "section_47_completion" in wanted:
            met = _first_not_before(completed, start)
            shape = "section_47_completion section_47_initiated"
            out.append(Occurrence(shape, "section_47_completion", anchors, met))
        if enquiry.outcome != "not_substantiated" and "initial_conference" in wanted:
            both = {**anchors, "last_section_47_strategy_discussion": enquiry.last}
            shape = "initial_conference section_47_initiated last_section_47_strategy_discussion"
            out.append(Occurrence(shape, "initial_conference", both, enquiry.conference))
    return out


_CONFERENCES: Final = ("initial_conference", "review_conference", "transfer_conference")
_BEFORE_ALL: Final = -1  # a key before every event's
_AFTER_ALL: Final = event_key(date.max.toordinal() + 1, None, 0)  # a key after every event's
# Report clocks are met by the event of the same name; circulation clocks by these events.
_REPORTS: Final = ("conference_report_to_chair", "conference_report_to_parents")
_CIRCULATIONS: Final = (
    ("conference_decisions", "conference_decisions_circulated"),
    ("conference_record", "conference_record_circulated"),
)


def _plan_ends(t: _Timeline) -> list[Event]:
    return [
        e
        for e in t.in_order("plan_ended", "review_conference")
        if e.type == "plan_ended" or not e.fields["plan_continues"]
    ]


def _conferences(t: _Timeline) -> list[Occurrence]:
    out: list[Occurrence] = []
    ends = _plan_ends(t)
    reviews = t.of("review_conference")
    wanted = t.wanted
    reports = [(clock, t.of(clock)) for clock in _REPORTS if clock in wanted]
    if "excluded_parent_report" in wanted:
        reports.append(("excluded_parent_report", t.of("report_to_excluded_parent")))
    exclusions = t.of("parent_excluded")
    circulations = [(clock, t.of(done)) for clock, done in _CIRCULATIONS if clock in wanted]
    previous: Event | None = None
    conferences = t.in_order(*_CONFERENCES)
    last = conferences[-1] if conferences else None
    for conference in conferences:
        kind = conference.type
        anchors = {kind: conference}
        since = _BEFORE_ALL if previous is None else previous.key
        for clock, sent in reports:
            # An excluded parent's copy is due only for a conference they were excluded from:
            # an exclusion decided since the previous conference (never carried to the next).
            if clock == "excluded_parent_report" and not any(
                since < e.key <= conference.key for e in exclusions
            ):
                continue
            # A report counts for the next conference on or after it; one sent after the last
            # conference counts for that conference, late, so it is never shown as not sent.
            until = _AFTER_ALL if conference is last else conference.key
            first = next((e for e in sent if since < e.key <= until), None)
            out.append(Occurrence(f"{clock} {kind}", clock, anchors, first))
        for clock, circulated in circulations:
            met = _first_not_before(circulated, conference)
            out.append(Occurrence(f"{clock} {kind}", clock, anchors, met))
        previous = conference
        plan_starts = kind == "transfer_conference" or (
            kind == "initial_conference" and conference.fields["plan"]
        )
        end = _first_after(ends, conference)
        if plan_starts:
            name = kind
            if kind == "initial_conference":
                name = "initial_conference_with_plan"
                anchors = {name: conference}
            met = _first_not_before(t.of("core_group_meeting"), conference)
            out.append(
                Occurrence(f"first_core_group {name}", "first_core_group", anchors, met, ends=end)
            )
            met = _first_after(reviews, conference)
            out.append(Occurrence(f"first_review {name}", "first_review", anchors, met, ends=end))
        if (
            kind == "review_conference"
            and conference.fields["seek_agency_views"]
            and "agency_views_requested" in wanted
        ):
            shape = "agency_views_requested review_conference_seeking_views"
            met = _first_not_before(t.of("agency_views_requested"), conference)
            seeking = {"review_conference_seeking_views": conference}
            out.append(Occurrence(shape, "agency_views_requested", seeking, met, ends=end))
        if (
            kind == "review_conference"
            and conference.fields["plan_continues"]
            and "next_review" in wanted
        ):
            anchors = {"review_conference_plan_continues": conference}
            met = _first_after(reviews, conference)
            shape = "next_review review_conference_plan_continues"
            out.append(Occurrence(shape, "next_review", anchors, met, ends=end))
    return out


def _plan_periods(t: _Timeline) -> list[tuple[Event, Event | None]]:
    periods: list[tuple[Event, Event | None]] = []
    start: Event | None = None
    for event in t.in_order(
        "plan_ended", "review_conference", "transfer_conference", "initial_conference"
    ):
        kind = event.type
        if kind == "plan_ended" or (
            kind == "review_conference" and not event.fields["plan_continues"]
        ):
            if start is not None:
                periods.append((start, event))
                start = None
        elif start is None and (
            kind in ("transfer_conference", "review_conference")
            or (kind == "initial_conference" and event.fields["plan"])
        ):
            start = event
    if start is not None:
        periods.append((start, None))
    return periods


def _visits(t: _Timeline) -> list[Occurrence]:
    out: list[Occurrence] = []
    chains = [
        chain
        for chain in (
            ("lead_social_worker_visit", "plan_start_or_last_visit", "child_seen"),
            ("bedroom_seen", "plan_start_or_last_bedroom_seen", "bedroom_seen"),
        )
        if chain[0] in t.wanted
    ]
    visits = t.of("lead_social_worker_visit")
    for start, end in _plan_periods(t):
        for clock, anchor, seen in chains:
            shape = f"{clock} {anchor}"
            # Each occurrence is met by the first visit after the one before that saw what it
            # needs, before the plan ends: one pass along the visits (they are in time order).
            previous = start
            remaining = iter(visits)
            while True:
                met = None
                for visit in remaining:
                    if end is not None and visit.key >= end.key:
                        break
                    if visit.fields[seen] and visit.key > previous.key:
                        met = visit
                        break
                out.append(Occurrence(shape, clock, {anchor: previous}, met, ends=end))
                if met is None:
                    break
                previous = met
    return out


def _core_groups(t: _Timeline) -> list[Occurrence]:
    """From each core group meeting of a plan: the next meeting (monthly, or as the manager
    confirmed since the plan began) and the plan's distribution."""
    out: list[Occurrence] = []
    meetings = t.of("core_group_meeting")
    confirmations = t.of("core_group_frequency_confirmed")
    distributions = t.of("plan_distributed")
    wanted = t.wanted
    for start, end in _plan_periods(t):
        during = [m for m in meetings if _not_before(m, start) and (end is None or m.key < end.key)]
        for place, meeting in enumerate(during):
            if "plan_distribution" in wanted:
                met = _first_not_before(distributions, meeting)
                anchors = {"core_group_meeting": meeting}
                shape = "plan_distribution core_group_meeting"
                out.append(Occurrence(shape, "plan_distribution", anchors, met, ends=end))
            if "core_group" in wanted:
                weeks = 0
                for confirmation in confirmations:  # the latest this plan, by this meeting
                    if confirmation.key <= meeting.key and _not_before(confirmation, start):
                        weeks = confirmation.fields["weeks"]
                following = during[place + 1] if place + 1 < len(during) else None
                anchor = (
                    "core_group_meeting_at_confirmed_frequency" if weeks else ("core_group_meeting")
                )
                out.append(
                    Occurrence(
                        f"core_group {anchor}",
                        "core_group",
                        {anchor: meeting},
                        following,
                        ends=end,
                        confirmed_days=weeks * 7,
                    )
                )
    return out


def _agency_views(t: _Timeline) -> list[Occurrence]:
    pairs = {"agency_views_received": "agency_views_received"}
    return _simple(t, "agency_views_requested", t.of("agency_views_requested"), pairs)


def _moves(t: _Timeline) -> list[Occurrence]:
    pairs = {"receiving_conference": "receiving_conference"}
    return _simple(t, "moved_permanently", t.of("moved_permanently"), pairs)


def _transfers(t: _Timeline) -> list[Occurrence]:
    pairs = {"transfer_conference": "transfer_conference"}
    return _simple(t, "transfer_in_agreed", t.of("transfer_in_agreed"), pairs)


def _complaints(t: _Timeline) -> list[Occurrence]:
    pairs = {"complaint_response": "complaint_responded"}
    return _simple(t, "complaint_received", t.of("complaint_received"), pairs)


_Builder = tuple[Callable[[_Timeline], list[Occurrence]], frozenset[str], frozenset[str]]


def _builder(build: Callable[[_Timeline], list[Occurrence]], yields: str, needs: str) -> _Builder:
    return build, frozenset(yields.split()), frozenset(needs.split())


# Each builder, the clocks it yields and the event types it counts from: it is run only when
# the procedure sets one of those clocks and the timeline has one of those events.
_BUILDERS: Final[tuple[_Builder, ...]] = (
    _builder(_contacts, "contact_decision referrer_acknowledgement", "contact_received"),
    _builder(_referrals, "assessment_allocation assessment_completion", "referral_accepted"),
    _builder(_concerns, "strategy_discussion", "concerns_identified"),
    _builder(_strategy_records, "strategy_record", "strategy_discussion"),
    _builder(
        _enquiries, "child_seen section_47_completion initial_conference", "strategy_discussion"
    ),
    _builder(
        _conferences,
        "conference_report_to_chair conference_report_to_parents conference_decisions "
        "conference_record first_core_group first_review next_review excluded_parent_report "
        "agency_views_requested",
        " ".join(_CONFERENCES),
    ),
    _builder(_core_groups, "core_group plan_distribution", "core_group_meeting"),
    _builder(_agency_views, "agency_views_received", "agency_views_requested"),
    _builder(_moves, "receiving_conference", "moved_permanently"),
    _builder(_visits, "lead_social_worker_visit bedroom_seen", " ".join(_CONFERENCES)),
    _builder(_transfers, "transfer_conference", "transfer_in_agreed"),
    _builder(_complaints, "complaint_response", "complaint_received"),
)


# --- evaluation -----------------------------------------------------------------------------


# A rule that can count from an occurrence's anchors: the rule, the first of its anchors the
# occurrence has, and whether it has conditions to test.
_Candidate = tuple[Rule, str, bool]
_NO_CONDITIONS: Final = Conditions()
_NO_FACTS: Final[frozenset[str]] = frozenset()


class _RuleIndex:
    """A procedure's clock rules arranged for the engine, built as it meets each shape of
    occurrence (a clock and the names of its anchors) and kept with the procedure."""

    __slots__ = ("procedure", "builders", "candidates")

    def __init__(self, procedure: Procedure) -> None:
        self.procedure = procedure
        clocks = procedure.clock_rules.keys()
        self.builders = tuple(
            (build, needs) for build, yields, needs in _BUILDERS if not yields.isdisjoint(clocks)
        )
        # shape -> (candidates, whether any tests the child's circumstances)
        self.candidates: dict[str, tuple[tuple[_Candidate, ...], bool]] = {}

    def learn(self, occurrence: Occurrence) -> tuple[tuple[_Candidate, ...], bool]:
        """The entry for a shape of occurrence not met before (the engine looks up the rest)."""
        anchors = occurrence.anchors
        candidates = tuple(
            (rule, next(a for a in rule.anchors if a in anchors), rule.when != _NO_CONDITIONS)
            for rule in self.procedure.clock_rules.get(occurrence.clock, ())
            if any(a in anchors for a in rule.anchors)
        )
        found = self.candidates[occurrence.shape] = (
            candidates,
            any(r.when.child for r, _, _ in candidates),
        )
        return found


# Procedures are unhashable (they hold dicts), so their indexes are kept by identity.
_RULE_INDEXES: Final[dict[int, _RuleIndex]] = {}


def _rule_index(procedure: Procedure) -> _RuleIndex:
    index = _RULE_INDEXES.get(id(procedure))
    if index is None or index.procedure is not procedure:
        if len(_RULE_INDEXES) > 256:  # procedures built by hand, e.g. in tests
            _RULE_INDEXES.clear()
        index = _RULE_INDEXES[id(procedure)] = _RuleIndex(procedure)
    return index


def _choose(
    occurrence: Occurrence,
    candidates: tuple[_Candidate, ...],
    facts: frozenset[str],
    calendar: WorkingDayCalendar,
) -> tuple[Rule, Event, date, int | None] | None:
    """The applicable rule with the earliest due time, or None if no rule applies."""
    applicable: list[tuple[Rule, Event]] = []
    defaults: list[tuple[Rule, Event]] = []
    for rule, name, conditional in candidates:
        if conditional and not _holds(rule.when, occurrence.concerns, facts):
            continue
        (defaults if rule.default else applicable).append((rule, occurrence.anchors[name]))
    best: tuple[tuple[date, int, int], Rule, Event, date, int | None] | None = None
    for rule, anchor in applicable or defaults:
        due_day, due_minute = due_of(rule, anchor, calendar, occurrence.confirmed_days)
        rank = (
            due_day,
            END_OF_DAY if due_minute is None else due_minute,
            rule.procedure == BASELINE,
        )
        if best is None or rank < best[0]:
            best = (rank, rule, anchor, due_day, due_minute)
    return None if best is None else best[1:]


def _done_by(event: Event, due_day: date, due_minute: int | None) -> bool:
    if due_minute is None or event.minute is None:
        return event.day <= due_day
    return (event.day, event.minute) <= (due_day, due_minute)


def _state(
    met: Event | None, due_day: date, due_minute: int | None, as_of: date | tuple[date, int]
) -> State:
    if met is not None:
        return "met" if _done_by(met, due_day, due_minute) else "late"
    if isinstance(as_of, tuple):
        now_day, now_minute = as_of
        if due_minute is None:
            return "overdue" if now_day > due_day else "due"
        return "overdue" if (now_day, now_minute) > (due_day, due_minute) else "due"
    # A bare date is the end of that day: an hour-based clock due that day has passed.
    if due_minute is None:
        return "overdue" if as_of > due_day else "due"
    return "overdue" if as_of >= due_day else "due"


def derive_clocks(
    timeline: Timeline,
    procedure: Procedure,
    as_of: date | tuple[date, int],
    calendar: WorkingDayCalendar,
) -> list[Clock]:
    grouped = _Timeline(timeline.events, procedure.clock_rules.keys())
    return _derive_clocks(timeline.child, grouped, procedure, as_of, calendar)


def _derive_clocks(
    child: Child,
    grouped: _Timeline,
    procedure: Procedure,
    as_of: date | tuple[date, int],
    calendar: WorkingDayCalendar,
) -> list[Clock]:
    index = _rule_index(procedure)
    candidates_of = index.candidates
    # Each clock with its place in the contract's order (when it starts, the clock, when it is
    # due), then its place in the making, so that the sort is stable as the contract says.
    ordered: list[tuple[int, int, date, int, int, Clock]] = []
    facts_cache: dict[date, frozenset[str]] = {}
    for build, needs in index.builders:
        if not any(kind in grouped.by_type for kind in needs):
            continue
        for occurrence in build(grouped):
            found = candidates_of.get(occurrence.shape)
            candidates, needs_facts = index.learn(occurrence) if found is None else found
            if not candidates:
                continue  # the procedure sets no timescale for it: no clock is invented
            if len(candidates) == 1 and not candidates[0][2]:  # most: one unconditional rule
                rule, name, _ = candidates[0]
                anchor = occurrence.anchors[name]
                due_day, due_minute = due_of(rule, anchor, calendar, occurrence.confirmed_days)
            else:
                facts = _NO_FACTS  # enough for rules that do not look at the child
                if needs_facts:
                    day = next(iter(occurrence.anchors.values())).day
                    cached = facts_cache.get(day)
                    if cached is None:
                        cached = facts_cache[day] = child_facts(child, day)
                    facts = cached
                chosen = _choose(occurrence, candidates, facts, calendar)
                if chosen is None:
                    continue
                rule, anchor, due_day, due_minute = chosen
            met, ends = occurrence.met, occurrence.ends
            if met is None and ends is not None and ends.day <= due_day:
                continue  # the plan ended before this fell due: nothing was missed
            state = _state(met, due_day, due_minute, as_of)
            clock = Clock(occurrence.clock, anchor, due_day, due_minute, met, state, rule)
            due_at = END_OF_DAY if due_minute is None else due_minute
            ordered.append(
                (anchor.key, CLOCK_ORDER[clock.clock], due_day, due_at, len(ordered), clock)
            )
    ordered.sort()
    return [entry[-1] for entry in ordered]


def derive_strategy(timeline: Timeline, procedure: Procedure) -> Strategy | None:
    """Requirements for the strategy discussion about the latest concerns; None before any."""
    latest = None
    for event in reversed(timeline.events):
        if event.type == "concerns_identified":
            latest = event
            break
    return _derive_strategy(timeline.child, latest, procedure)


def _derive_strategy(child: Child, latest: Event | None, procedure: Procedure) -> Strategy | None:
    if latest is None:
        return None
    facts = child_facts(child, latest.day)
    reasons: set[str] = set()
    for rule in procedure.meeting_rules:
        if _holds(rule.when, latest, facts):
            assert rule.when.concerns_any is not None
            reasons.update(rule.when.concerns_any.intersection(latest.fields["concerns"]))
    required: set[str] = set()
    recommended: set[str] = set()
    for rule in procedure.attendee_rules:
        if _holds(rule.when, latest, facts):
            (required if rule.level == "required" else recommended).update(rule.attendees)
    return Strategy(
        must_be_meeting=bool(reasons),
        # In the contract's order: a pass along its codes, cheaper than a sort with a key.
        reasons=[code for code in CONCERN_CODES if code in reasons],
        required_attendees=[code for code in ATTENDEE_CODES if code in required],
        recommended_attendees=[
            code for code in ATTENDEE_CODES if code in recommended and code not in required
        ],
    )


def evaluate(
    timeline: Timeline,
    procedure: Procedure,
    as_of: date | tuple[date, int],
    calendar: WorkingDayCalendar,
) -> Evaluation:
    """Every clock and the strategy requirements of a timeline under a procedure, as of a day
    (or a day and minute). The calendar must already include the council's closure days."""
    grouped = _Timeline(timeline.events, procedure.clock_rules.keys())
    concerns = grouped.by_type.get("concerns_identified")
    return Evaluation(
        _derive_clocks(timeline.child, grouped, procedure, as_of, calendar),
        # The latest concerns: the last of their group, which is in time order.
        _derive_strategy(timeline.child, concerns[-1] if concerns else None, procedure),
    )
