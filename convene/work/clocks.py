"""Clocks across many cases, for the work lists: mine, my team's, my council's.

Every clock comes from the rules engine (`case_evaluation`), never from a stored deadline. A
council may hold 20,000 children, so only open cases of the page's scope are evaluated, read
with every relation the engine and the pages read (`scope_cases`), so that a page makes the
same number of queries whatever the number of cases (one more set per 2,000 cases).

The council overview counts, and shows no case: `council_counts` reads only the columns the
timelines and the stages need (`scope_rows`, a fixed number of queries for any number of
cases), builds each case's timeline as `case_timeline` would (`timeline_document`) and asks
the engine for its clocks alone, in one pass.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from convene.cases.labels import CLOCK_STATES, clock_state_tag
from convene.cases.models import Case, Concerns, Contact
from convene.cases.timeline import CaseClocks, case_evaluation, case_timeline, procedure_for
from convene.conferences.models import Conference, ExclusionRequest, TransferIn
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import ClosureDay
from convene.plans.models import ChildProtectionPlan, CoreGroupMeeting, Visit
from convene.rules.calendar import CalendarRangeError, WorkingDayCalendar, england_calendar
from convene.rules.contract import calendar_for
from convene.rules.engine import Clock, derive_clocks
from convene.rules.procedure import Procedure, load_procedure
from convene.rules.timeline import TimelineError, parse_timeline
from convene.rules.vocabulary import CLOCK_IDS, CLOCK_ORDER
from convene.strategy.access import authorisations_user_may_give
from convene.strategy.authorisation import decisions_final, required_authorisations
from convene.strategy.models import Authorisation, StrategyDiscussion

logger = logging.getLogger(__name__)

# What each clock asks to be done, in the words a worker would use.
CLOCK_LABELS = {
    "contact_decision": "Decide on the contact",
    "assessment_allocation": "Allocate the assessment",
    "referrer_acknowledgement": "Acknowledge the referrer",
    "assessment_completion": "Complete the assessment",
    "strategy_discussion": "Hold the strategy discussion",
    "strategy_record": "Circulate the strategy discussion record",
    "child_seen": "See the child (section 47 enquiry)",
    "section_47_completion": "Complete the section 47 enquiry",
    "initial_conference": "Hold the initial child protection conference",
    "conference_report_to_chair": "Send the report to the conference chair",
    "conference_report_to_parents": "Share the report with the parents",
    "conference_decisions": "Circulate the conference decisions",
    "conference_record": "Circulate the conference record",
    "first_core_group": "Hold the first core group meeting",
    "first_review": "Hold the first review conference",
    "next_review": "Hold the next review conference",
    "lead_social_worker_visit": "Visit the child",
    "bedroom_seen": "See where the child sleeps",
    "transfer_conference": "Hold the transfer conference",
    "complaint_response": "Respond to the complaint",
    "core_group": "Hold the core group meeting",
    "plan_distribution": "Distribute the plan after the core group",
    "excluded_parent_report": "Send the report to the excluded parent",
    "agency_views_requested": "Ask absent agencies for their views in writing",
    "agency_views_received": "Chase absent agencies' written views",
    "receiving_conference": "Confirm the receiving council's conference",
}
assert set(CLOCK_LABELS) == set(CLOCK_IDS)

# In the order the council overview counts them.
STATE_LABELS = {state: word for state, (word, _tag) in CLOCK_STATES.items()}


AUTHORISER_LABELS = {
    "social_work_manager": "Social work manager",
    "police_officer_in_charge": "Police officer in charge",
    "legal_adviser": "Legal adviser",
}


def clock_label(clock_id: str) -> str:
    return CLOCK_LABELS.get(clock_id, clock_id.replace("_", " ").capitalize())


# Cases are read this many at a time, so memory stays bounded on a council of 20,000 children.
SCOPE_CHUNK = 2000


def scope_cases(cases: QuerySet[Case]) -> Iterator[Case]:
    """The open cases of a scope, each with everything the engine and the work pages read, in
    a fixed number of queries per SCOPE_CHUNK cases.

    The related records are grouped here rather than by `prefetch_related`, which builds a
    queryset for every case and relation: on a council's thousands of cases that was most of
    the page's time. `case.concerns.all()` and the like then read lists, as prefetched."""
    closure_days: dict[int, list[ClosureDay]] = {}
    chunk: list[Case] = []
    opened = cases.filter(closed_at__isnull=True).select_related(
        "child", "council", "contact", "lead_social_worker", "team"
    )
    for case in opened.iterator(chunk_size=SCOPE_CHUNK):
        chunk.append(case)
        if len(chunk) == SCOPE_CHUNK:
            yield from _with_relations(chunk, closure_days)
            chunk = []
    yield from _with_relations(chunk, closure_days)


def _with_relations(cases: list[Case], closure_days: dict[int, list[ClosureDay]]) -> list[Case]:
    if not cases:
        return cases
    ids = [case.pk for case in cases]
    related: dict[str, dict[int, list[Any]]] = {}
    for name, records in (
        ("concerns", Concerns.objects.filter(case_id__in=ids)),
        (
            "strategy_discussions",
            StrategyDiscussion.objects.filter(case_id__in=ids).prefetch_related("authorisations"),
        ),
        ("section_47_enquiries", Section47Enquiry.objects.filter(case_id__in=ids)),
        (
            "initial_conferences",
            InitialConference.objects.filter(case_id__in=ids).select_related("chair"),
        ),
        (
            "conferences",
            Conference.objects.filter(case_id__in=ids)
            .select_related("chair")
            .prefetch_related("exclusion_requests"),
        ),
        ("transfers_in", TransferIn.objects.filter(case_id__in=ids)),
        (
            "plans",
            ChildProtectionPlan.objects.filter(case_id__in=ids).prefetch_related(
                "core_groups", "visits"
            ),
        ),
    ):
        grouped: dict[int, list[Any]] = defaultdict(list)
        for record in records:
            grouped[record.case_id].append(record)
        related[name] = grouped
    for council_id in {case.council_id for case in cases} - closure_days.keys():
        closure_days[council_id] = list(ClosureDay.objects.filter(council_id=council_id))
    for case in cases:
        case._prefetched_objects_cache = {  # type: ignore[attr-defined]
            name: grouped.get(case.pk, []) for name, grouped in related.items()
        }
        for records in case._prefetched_objects_cache.values():  # type: ignore[attr-defined]
            for record in records:
                _CASE_FIELD.set_cached_value(record, case)
        case.council._prefetched_objects_cache = {  # type: ignore[attr-defined]
            "closure_days": closure_days[case.council_id]
        }
    return cases


# Every related record's `case` foreign key caches its case the same way.
_CASE_FIELD = Concerns._meta.get_field("case")


@dataclass(frozen=True)
class CaseClock:
    """One clock of one case, as a work list shows it."""

    case: Case
    clock: Clock
    today: date

    @property
    def label(self) -> str:
        return clock_label(self.clock.clock)

    @property
    def state(self) -> str:
        return self.clock.state

    @property
    def state_label(self) -> str:
        if self.due_today and self.clock.state == "due":
            return "Due today"
        return STATE_LABELS[self.clock.state]

    @property
    def state_tag(self) -> str:
        if self.due_today and self.clock.state == "due":
            return "govuk-tag--orange"
        return clock_state_tag(self.clock.state)

    @property
    def due_at(self) -> datetime:
        """When it falls due: the end of the due day for a day-based clock."""
        due_day = self.clock.due_day
        if self.clock.due_minute is None:
            return datetime.combine(
                due_day + timedelta(days=1), time(), timezone.get_current_timezone()
            )
        hours, minutes = divmod(self.clock.due_minute, 60)
        return datetime.combine(due_day, time(hours, minutes), timezone.get_current_timezone())

    @property
    def due_time(self) -> time | None:
        if self.clock.due_minute is None:
            return None
        return time(*divmod(self.clock.due_minute, 60))

    @property
    def due_today(self) -> bool:
        return self.clock.due_day == self.today

    @property
    def days_overdue(self) -> int:
        return max((self.today - self.clock.due_day).days, 0)

    @property
    def how_late(self) -> str:
        """For an overdue clock: how long past due, in calendar days."""
        days = self.days_overdue
        if days == 0:
            return "Overdue today"
        return f"{days} day{'s' if days != 1 else ''} overdue"

    @property
    def how_soon(self) -> str:
        days = (self.clock.due_day - self.today).days
        if days <= 0:
            return "Due today"
        if days == 1:
            return "Due tomorrow"
        return f"Due in {days} days"

    @property
    def sort_key(self) -> tuple[datetime, int, int]:
        return (self.due_at, CLOCK_ORDER.get(self.clock.clock, 0), self.case.pk)


def evaluations(cases: Iterable[Case], now: datetime) -> Iterator[tuple[Case, CaseClocks | None]]:
    """Each case with its clocks; None for a case whose timeline the engine cannot evaluate
    (pages list those, so that a missing clock is never silent)."""
    for case in cases:
        try:
            yield case, case_evaluation(case, now)
        except (TimelineError, CalendarRangeError):
            # The case id only: never the child's details in logs.
            logger.warning("case %s: clocks could not be evaluated", case.pk, exc_info=True)
            yield case, None


@dataclass
class Workload:
    """The clocks of a set of open cases, as of one moment."""

    now: datetime
    cases: list[Case] = field(default_factory=list)
    clocks: list[CaseClock] = field(default_factory=list)
    unevaluated: list[Case] = field(default_factory=list)

    @property
    def today(self) -> date:
        return timezone.localtime(self.now).date()

    @property
    def overdue(self) -> list[CaseClock]:
        """Most overdue first."""
        return sorted((c for c in self.clocks if c.state == "overdue"), key=lambda c: c.sort_key)

    @property
    def due_today(self) -> list[CaseClock]:
        return sorted(
            (c for c in self.clocks if c.state == "due" and c.due_today), key=lambda c: c.sort_key
        )

    @property
    def due_later(self) -> list[CaseClock]:
        return sorted(
            (c for c in self.clocks if c.state == "due" and not c.due_today),
            key=lambda c: c.sort_key,
        )


def workload(cases: Iterable[Case], now: datetime | None = None) -> Workload:
    """The open (due and overdue) clocks of `cases` (a `scope_queryset`)."""
    now = timezone.localtime(now or timezone.now())
    result = Workload(now=now)
    for case, clocks in evaluations(cases, now):
        result.cases.append(case)
        if clocks is None:
            result.unevaluated.append(case)
            continue
        result.clocks.extend(CaseClock(case, clock, result.today) for clock in clocks.open_clocks)
    return result


@dataclass(frozen=True)
class AwaitingAuthorisation:
    discussion: StrategyDiscussion
    outstanding: list[str]  # authoriser labels still to agree

    @property
    def case(self) -> Case:
        return self.discussion.case


def awaiting_authorisation(case: Case) -> list[AwaitingAuthorisation]:
    """The case's strategy discussions whose decisions are not yet final: someone the
    procedure names has still to authorise them. Reads the prefetched discussions."""
    waiting = []
    for discussion in case.strategy_discussions.all():
        if not discussion.outcome or decisions_final(discussion):
            continue
        outstanding = sorted(
            {
                AUTHORISER_LABELS.get(item.authoriser, item.authoriser)
                for item in required_authorisations(discussion)
                if not item.done
            }
        )
        waiting.append(AwaitingAuthorisation(discussion, outstanding))
    return waiting


def stages(case: Case, now: datetime) -> set[str]:
    """Where an open case is on the pathway (a case can be at several stages at once).
    Reads only relations prefetched by `scope_queryset`."""
    found: set[str] = set()
    contact: Any = getattr(case, "contact", None)
    if contact is not None and contact.decided_at is None:
        found.add("contact_awaiting_decision")
    discussions = list(case.strategy_discussions.all())
    discussed = {d.concerns_id for d in discussions if d.held_at and d.outcome}
    if any(concerns.pk not in discussed for concerns in case.concerns.all()):
        found.add("concerns_awaiting_strategy_discussion")
    if any(d.outcome and not decisions_final(d) for d in discussions):
        found.add("strategy_awaiting_authorisation")
    if any(enquiry.completed_at is None for enquiry in case.section_47_enquiries.all()):
        found.add("section_47_open")
    return found


def authorisations_awaiting(case: Case, user: Any) -> list[AwaitingAuthorisation]:
    """The case's strategy discussions with a decision (or the record) that `user` may
    authorise and nobody yet has: what a manager may authorise themselves, not what waits on
    the police, nor decisions they recorded (four eyes). Reads the prefetched discussions."""
    waiting = []
    for discussion in case.strategy_discussions.all():
        if not discussion.outcome:
            continue
        outstanding = [item for item in required_authorisations(discussion) if not item.done]
        mine = authorisations_user_may_give(user, discussion, outstanding)
        if mine:
            labels = sorted({AUTHORISER_LABELS.get(i.authoriser, i.authoriser) for i in mine})
            waiting.append(AwaitingAuthorisation(discussion, labels))
    return waiting


# The clocks of record-keeping, business support's under the architecture (they minute
# meetings, circulate records and send the correspondence): the referrer's acknowledgement,
# the strategy discussion record, and the conference's reports, decisions and record.
RECORD_KEEPING_CLOCKS = frozenset(
    {
        "referrer_acknowledgement",
        "strategy_record",
        "conference_report_to_chair",
        "conference_report_to_parents",
        "conference_decisions",
        "conference_record",
    }
)
# Counted back from a conference: due before it is held.
REPORT_CLOCKS = ("conference_report_to_chair", "conference_report_to_parents")


# A conference not yet held, as the event the engine would count its reports back from.
_AS_HELD = {
    "initial": {"type": "initial_conference", "plan": False},
    "pre_birth": {"type": "initial_conference", "plan": False},
    "transfer_in": {"type": "transfer_conference"},
    "review": {"type": "review_conference", "plan_continues": True},
}


def _clocks_with(
    case: Case, events: list[dict[str, Any]], as_of: date | tuple[date, int]
) -> list[Clock] | None:
    """The case's clocks with these events added to its timeline (say, a conference as
    booked); None, logged, when the timeline cannot be evaluated. Nothing is stored."""
    document = case_timeline(case)
    document["events"].extend(events)
    procedure = procedure_for(case)
    calendar = council_calendar(procedure, [c.day for c in case.council.closure_days.all()])
    try:
        return derive_clocks(parse_timeline(document), procedure, as_of, calendar)
    except (TimelineError, CalendarRangeError):
        logger.warning("case %s: conference clocks could not be evaluated", case.pk, exc_info=True)
        return None


def booked_conference_clocks(case: Case, conference: Any, now: datetime) -> list[CaseClock]:
    """The reports the procedure wants before a conference not yet held (to the chair, to the
    parents), as the rules engine counts them back from the booked date.

    The case's own timeline has the conference only once it is held: the engine is asked about
    the case's timeline with the conference as booked added to it. Reports already sent are in
    the timeline, so they show as met. Empty when the procedure sets no such timescale or the
    timeline cannot be evaluated."""
    at = timezone.localtime(conference.scheduled_for).strftime("%Y-%m-%dT%H:%M")
    as_held = _AS_HELD[conference.kind]
    now = timezone.localtime(now)
    clocks = _clocks_with(case, [{**as_held, "at": at}], (now.date(), now.hour * 60 + now.minute))
    return [
        CaseClock(case, clock, now.date())
        for clock in clocks or ()
        if clock.clock in REPORT_CLOCKS
        and clock.starts.type == as_held["type"]
        and clock.starts.at == at
    ]


def excluded_report_due(conference: Any) -> date | None:
    """The day by which a family member excluded from this conference must have the social
    worker's report, as the engine counts it back from the conference (booked or held); None
    where the procedure sets no such timescale. Asked with an exclusion decided just before
    the conference, so that it answers before the chair has decided, too."""
    moment = timezone.localtime(conference.held_at or conference.scheduled_for)
    at = moment.strftime("%Y-%m-%dT%H:%M")
    before = (moment - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    events = [{"type": "parent_excluded", "at": before}]
    if conference.held_at is None or not conference.decision:
        events.append({**_AS_HELD[conference.kind], "at": at})
    clocks = _clocks_with(conference.case, events, moment.date())
    return next(
        (
            clock.due_day
            for clock in clocks or ()
            if clock.clock == "excluded_parent_report" and clock.starts.at == at
        ),
        None,
    )


def council_calendar(procedure: Procedure, closure_days: list[date]) -> WorkingDayCalendar:
    """The working days of a council on its procedure, as `case_evaluation` counts them."""
    if closure_days:
        return england_calendar(procedure.closure_days | frozenset(closure_days))
    return calendar_for(procedure)


def conference_to_book(case: Case) -> Section47Enquiry | None:
    """The case's latest section 47 enquiry whose concerns were substantiated and for which no
    initial conference is booked. Reads the relations `scope_cases` loads."""
    booked = {conference.enquiry_id for conference in case.initial_conferences.all()}
    waiting = [
        enquiry
        for enquiry in case.section_47_enquiries.all()
        if enquiry.outcome == Section47Enquiry.Outcome.SUBSTANTIATED
        and enquiry.completed_at is not None
        and enquiry.pk not in booked
    ]
    return waiting[-1] if waiting else None


# --- The council overview: counts of every open case, nothing shown -------------------------
#
# Model instances of a council's 20,000 cases and their records were most of the overview's
# time. The rows below hold only the columns the timeline and the stages read, under the
# models' own attribute names, so that `stages` and `decisions_final` read them as they read
# the models; `timeline_document` builds from them the document `case_timeline` builds from a
# case (tests/web/test_work_council.py checks the two agree).


class _Records(list[Any]):
    """A case's records of one kind, read as a prefetched relation is (`.all()`)."""

    def all(self) -> _Records:
        return self


@dataclass(slots=True)
class _CouncilRow:
    pk: int
    procedure: str
    closure_days: list[date]  # the days themselves


@dataclass(slots=True)
class _ChildRow:
    date_of_birth: date | None
    expected_birth_date: date | None
    hospital: str
    medical_examination: bool
    lives_outside_area: bool
    household_adult_concerns: list[str]


@dataclass(slots=True)
class _ContactRow:
    received_at: datetime
    referrer_acknowledged_at: datetime | None
    decided_at: datetime | None
    decision: str

    Decision = Contact.Decision
    is_referral = Contact.is_referral  # the model's own definition


@dataclass(slots=True)
class _ConcernsRow:
    pk: int
    identified_at: datetime
    concerns: list[str]
    immediate_action_taken: bool
    forensic_evidence_needed: bool


@dataclass(slots=True)
class _AuthorisationRow:
    decision: str
    authoriser: str


@dataclass(slots=True)
class _DiscussionRow:
    pk: int
    concerns_id: int
    form: str
    held_at: datetime | None
    outcome: str
    enquiry: str
    insufficient_evidence: bool
    legal_action: bool
    record_finalised_at: datetime | None
    record_circulated_at: datetime | None
    authorisations: _Records = field(default_factory=_Records)
    case: Any = None


@dataclass(slots=True)
class _EnquiryRow:
    child_seen_at: datetime | None
    seen_alone: bool | None
    completed_at: datetime | None
    outcome: str


@dataclass(slots=True)
class _ConferenceRow:
    kind: str
    report_to_chair_at: datetime | None
    report_to_parents_at: datetime | None
    held_at: datetime | None
    decision: str
    category: str
    decisions_circulated_at: datetime | None
    record_circulated_at: datetime | None
    seek_agency_views: bool
    agency_views_requested_at: datetime | None
    agency_views_received_at: datetime | None
    parent_excluded_at: datetime | None
    excluded_report_sent_at: datetime | None


CONFERENCE_COLUMNS = (
    "case_id",
    "kind",
    "report_to_chair_at",
    "report_to_parents_at",
    "held_at",
    "decision",
    "category",
    "decisions_circulated_at",
    "record_circulated_at",
    "seek_agency_views",
    "agency_views_requested_at",
    "agency_views_received_at",
    "parent_excluded_at",
    "excluded_report_sent_at",
)


def _excluded(column: str) -> Any:
    """The earliest of a column over a conference's exclusions that the chair decided on
    (excluded): as the model's property of the same name reads it."""
    return Subquery(
        ExclusionRequest.objects.filter(
            conference=OuterRef("pk"),
            decision=ExclusionRequest.Decision.EXCLUDED,
            **{f"{column}__isnull": False},
        )
        .order_by(column)
        .values(column)[:1]
    )


@dataclass(slots=True)
class _TransferRow:
    agreed_at: datetime


@dataclass(slots=True)
class _MeetingRow:
    held_at: datetime
    plan_distributed_at: datetime | None


@dataclass(slots=True)
class _VisitRow:
    visited_at: datetime
    child_seen: bool
    bedroom_seen: bool


@dataclass(slots=True)
class _PlanRow:
    pk: int
    core_group_weeks: int
    frequency_confirmed_at: datetime | None
    moved_notified_at: datetime | None
    receiving_conference_at: datetime | None
    ended_at: datetime | None
    core_groups: _Records = field(default_factory=lambda: _NONE)
    visits: _Records = field(default_factory=lambda: _NONE)


@dataclass(slots=True)
class CaseRow:
    """An open case as the overview counts it (see above)."""

    pk: int
    allocated_at: datetime | None
    council: _CouncilRow
    child: _ChildRow
    contact: _ContactRow | None
    concerns: _Records
    strategy_discussions: _Records
    section_47_enquiries: _Records
    conferences: _Records
    transfers_in: _Records
    plans: _Records


class _ByCase:
    """Records read in case id order (the case id their first column), handed out a case at a
    time as the cases are read in the same order: only one case's records are held at once."""

    def __init__(self, rows: Iterable[tuple[Any, ...]], make: Any) -> None:
        self._rows = iter(rows)
        self._make = make
        self._next = next(self._rows, None)

    def of(self, case_id: int) -> _Records:
        found = _Records()
        row = self._next
        while row is not None and row[0] <= case_id:
            if row[0] == case_id:
                found.append(self._make(*row[1:]))
            row = next(self._rows, None)
        self._next = row
        return found


def scope_rows(cases: QuerySet[Case]) -> Iterator[CaseRow]:
    """The open cases of a scope as rows, in twelve queries whatever their number, each query
    read as the cases are (in case id order), so that memory holds one case's records."""
    opened = cases.filter(closed_at__isnull=True).order_by("pk")
    ids = opened.order_by().values("pk")
    concerns = _ByCase(
        Concerns.objects.filter(case__in=ids)
        .order_by("case_id", "identified_at", "pk")
        .values_list(
            "case_id",
            "pk",
            "identified_at",
            "concerns",
            "immediate_action_taken",
            "forensic_evidence_needed",
        )
        .iterator(SCOPE_CHUNK),
        _ConcernsRow,
    )
    given = _ByCase(
        Authorisation.objects.filter(discussion__case__in=ids)
        .order_by("discussion__case_id", "authorised_at", "pk")
        .values_list("discussion__case_id", "discussion_id", "decision", "authoriser")
        .iterator(SCOPE_CHUNK),
        lambda discussion_id, *values: (discussion_id, _AuthorisationRow(*values)),
    )
    discussions = _ByCase(
        StrategyDiscussion.objects.filter(case__in=ids)
        .order_by("case_id", "scheduled_for", "pk")
        .values_list(
            "case_id",
            "pk",
            "concerns_id",
            "form",
            "held_at",
            "outcome",
            "enquiry",
            "insufficient_evidence",
            "legal_action",
            "record_finalised_at",
            "record_circulated_at",
        )
        .iterator(SCOPE_CHUNK),
        _DiscussionRow,
    )
    enquiries = _ByCase(
        Section47Enquiry.objects.filter(case__in=ids)
        .order_by("case_id", "started_at", "pk")
        .values_list("case_id", "child_seen_at", "seen_alone", "completed_at", "outcome")
        .iterator(SCOPE_CHUNK),
        _EnquiryRow,
    )
    conferences = _ByCase(
        Conference.objects.filter(case__in=ids)
        .annotate(
            parent_excluded_at=_excluded("decided_at"),
            excluded_report_sent_at=_excluded("report_sent_at"),
        )
        .order_by("case_id", "scheduled_for", "pk")
        .values_list(*CONFERENCE_COLUMNS)
        .iterator(SCOPE_CHUNK),
        _ConferenceRow,
    )
    transfers = _ByCase(
        TransferIn.objects.filter(case__in=ids)
        .order_by("case_id", "agreed_at", "pk")
        .values_list("case_id", "agreed_at")
        .iterator(SCOPE_CHUNK),
        _TransferRow,
    )
    plans = _ByCase(
        ChildProtectionPlan.objects.filter(case__in=ids)
        .order_by("case_id", "pk")
        .values_list(
            "case_id",
            "pk",
            "core_group_weeks",
            "frequency_confirmed_at",
            "moved_notified_at",
            "receiving_conference_at",
            "ended_at",
        )
        .iterator(SCOPE_CHUNK),
        _PlanRow,
    )
    meetings = _ByCase(
        CoreGroupMeeting.objects.filter(plan__case__in=ids)
        .order_by("plan__case_id", "held_at", "pk")
        .values_list("plan__case_id", "plan_id", "held_at", "plan_distributed_at")
        .iterator(SCOPE_CHUNK),
        lambda plan_id, *values: (plan_id, _MeetingRow(*values)),
    )
    visits = _ByCase(
        Visit.objects.filter(plan__case__in=ids)
        .order_by("plan__case_id", "visited_at", "pk")
        .values_list("plan__case_id", "plan_id", "visited_at", "child_seen", "bedroom_seen")
        .iterator(SCOPE_CHUNK),
        lambda plan_id, *values: (plan_id, _VisitRow(*values)),
    )
    closure_days: dict[int, list[date]] = defaultdict(list)
    for council_id, day in ClosureDay.objects.filter(
        council_id__in=opened.order_by().values("council_id")
    ).values_list("council_id", "day"):
        closure_days[council_id].append(day)
    councils: dict[int, _CouncilRow] = {}
    for (
        pk,
        allocated_at,
        council_id,
        procedure,
        *child,
        received_at,
        acknowledged_at,
        decided_at,
        decision,
    ) in opened.values_list(
        "pk",
        "allocated_at",
        "council_id",
        "council__procedure",
        "child__date_of_birth",
        "child__expected_birth_date",
        "child__hospital",
        "child__medical_examination",
        "child__lives_outside_area",
        "child__household_adult_concerns",
        "contact__received_at",
        "contact__referrer_acknowledged_at",
        "contact__decided_at",
        "contact__decision",
    ).iterator(SCOPE_CHUNK):
        council = councils.get(council_id)
        if council is None:
            council = _CouncilRow(council_id, procedure, closure_days.get(council_id, []))
            councils[council_id] = council
        contact = (
            None
            if received_at is None
            else _ContactRow(received_at, acknowledged_at, decided_at, decision)
        )
        row = CaseRow(
            pk,
            allocated_at,
            council,
            _ChildRow(*child),
            contact,
            concerns.of(pk),
            discussions.of(pk),
            enquiries.of(pk),
            conferences.of(pk),
            transfers.of(pk),
            plans.of(pk),
        )
        if row.plans:
            for plan_rows, attribute in ((meetings, "core_groups"), (visits, "visits")):
                by_plan: dict[int, _Records] = defaultdict(_Records)
                for plan_id, record in plan_rows.of(pk):
                    by_plan[plan_id].append(record)
                for plan in row.plans:
                    setattr(plan, attribute, by_plan.get(plan.pk, _NONE))
        else:
            meetings.of(pk)
            visits.of(pk)
        authorisations: dict[int, _Records] = defaultdict(_Records)
        for discussion_id, authorisation in given.of(pk):
            authorisations[discussion_id].append(authorisation)
        for discussion in row.strategy_discussions:
            discussion.case = row
            discussion.authorisations = authorisations.get(discussion.pk, _NONE)
        yield row


_NONE = _Records()  # no records (never added to)


def timeline_document(case: CaseRow, zone: tzinfo) -> dict[str, Any]:
    """The contract's input document for a case row: `case_timeline` itself (the rows answer
    to the models' attribute names), with the local time zone looked up once."""

    def at(moment: datetime) -> str:
        # "2026-03-20T10:00[:00+00:00]" to the minute: as `_at`'s strftime, but quicker.
        return moment.astimezone(zone).isoformat()[:16]

    return case_timeline(case, at)


@dataclass
class CouncilCounts:
    """The council overview's figures: open cases by stage, their clocks by state, the
    overdue clocks by clock, and the cases whose clocks could not be worked out."""

    open_cases: int = 0
    by_stage: Counter[str] = field(default_factory=Counter)
    by_state: Counter[str] = field(default_factory=Counter)
    overdue_by_clock: Counter[str] = field(default_factory=Counter)
    unevaluated: int = 0


def council_counts(cases: QuerySet[Case], now: datetime) -> CouncilCounts:
    """Every open case of `cases` counted as of `now`, in one pass: each case's clocks are
    the engine's (`derive_clocks`, as `case_evaluation` derives them, on the same calendar),
    nothing else being derived that the counts do not use."""
    now = timezone.localtime(now)
    zone = timezone.get_current_timezone()
    as_of = (now.date(), now.hour * 60 + now.minute)
    counts = CouncilCounts()
    by_state, overdue_by_clock = counts.by_state, counts.overdue_by_clock
    engines: dict[int, tuple[Procedure, WorkingDayCalendar]] = {}
    for case in scope_rows(cases):
        counts.open_cases += 1
        counts.by_stage.update(stages(case, now))  # type: ignore[arg-type]
        council = case.council
        engine = engines.get(council.pk)
        if engine is None:
            procedure = load_procedure(council.procedure)
            calendar = council_calendar(procedure, council.closure_days)
            engine = engines[council.pk] = (procedure, calendar)
        try:
            clocks = derive_clocks(
                parse_timeline(timeline_document(case, zone)), engine[0], as_of, engine[1]
            )
        except (TimelineError, CalendarRangeError):
            # The case id only: never the child's details in logs.
            logger.warning("case %s: clocks could not be evaluated", case.pk, exc_info=True)
            counts.unevaluated += 1
            continue
        for clock in clocks:
            by_state[clock.state] += 1
            if clock.state == "overdue":
                overdue_by_clock[clock.clock] += 1
    return counts
