"""The demo's plan half: children whose initial conference was held weeks or months ago, with
their plans, visits, core groups, reviews and endings, made through the `do_*` actions.

Each child is first taken to a booked conference as the rest of the demo is
(`convene.demo._case`), then moved back in time whole (`_move_back`: every date and time of the
case's records), so that its conference lies in the past and can be held. Between them, the
scenarios meet every plan-half clock somewhere and miss it somewhere else: visits on time and
late, a bedroom not seen for seven weeks, a first core group late, a first review due and one
overdue, a review that ended a plan, a child turning 18 on a plan, a plan ended by a permanent
move once the receiving council's conference met and a move whose conference is overdue, plans
distributed on time and late, parents excluded and sent the report on time and late, absent
agencies' views sought on time and late, and an inquorate conference adjourned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone

from convene.cases.models import Case, Child, Concerns, Contact
from convene.conferences import actions as conference_actions
from convene.conferences.models import Attendee, Conference
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import Role
from convene.plans import actions as plan_actions
from convene.plans.models import ChildProtectionPlan
from convene.strategy.models import Authorisation, Circulation, StrategyAction, StrategyDiscussion

# The records of a case moved back in time, and how each reaches its case.
_CASE_RECORDS: tuple[tuple[type[models.Model], str], ...] = (
    (Case, "pk"),
    (Contact, "case"),
    (Concerns, "case"),
    (StrategyDiscussion, "case"),
    (StrategyAction, "discussion__case"),
    (Authorisation, "discussion__case"),
    (Circulation, "discussion__case"),
    (Section47Enquiry, "case"),
    (InitialConference, "case"),
    (Conference, "case"),
)


def _move_back(case: Case, delta: timedelta) -> None:
    """Every date and time recorded on the case, `delta` earlier (its child's too)."""
    for model, path in _CASE_RECORDS:
        moments = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.DateTimeField)
        ]
        model.objects.filter(**{path: case.pk}).update(  # type: ignore[attr-defined]
            **{name: F(name) - delta for name in moments}
        )
    Child.objects.filter(pk=case.child_id).update(created_at=F("created_at") - delta)


@dataclass(frozen=True)
class Scenario:
    """A plan-half child: its initial conference held `held_days_ago`, then `story` told."""

    name: str
    held_days_ago: float
    story: Callable[..., None]


def _invite(conference: Conference, support: Any, quorate: bool = True) -> None:
    invited = [
        (Attendee.Party.SOCIAL_CARE, "Synthetic lead social worker", "Children's social care"),
        (Attendee.Party.PARENT, "Synthetic parent", ""),
        (Attendee.Party.AGENCY, "Synthetic health visitor", "Northshire NHS Trust"),
        (Attendee.Party.AGENCY, "Synthetic class teacher", "Synthetic primary school"),
        (Attendee.Party.AGENCY, "Synthetic detective constable", "Northshire Police"),
    ]
    for party, name, organisation in invited:
        conference_actions.do_add_attendee(
            support,
            conference,
            party=party,
            name=name,
            organisation=organisation,
            direct_contact=party == Attendee.Party.AGENCY and (quorate or "teacher" in name),
        )


def _hold(
    conference: Conference, chair: Any, lead: Any, decision: str = "plan", **fields: Any
) -> Conference:
    conference.refresh_from_db()
    attendees = tuple(
        (attendee, Attendee.Attendance.ATTENDED, attendee.party == Attendee.Party.AGENCY)
        for attendee in conference.attendees.all()
    )
    return conference_actions.do_record_conference(
        chair,
        conference,
        conference_actions.Outcome(
            held_at=conference.scheduled_for,
            decision=decision,
            category=fields.pop("category", "neglect" if decision == "plan" else ""),
            reasons="Synthetic: the likelihood of significant harm test is met.",
            lead_social_worker=lead if decision == "plan" else None,
            attendance=attendees,
            **fields,
        ),
        version=conference.version,
    )


def _reports_and_circulation(conference: Conference, support: Any, *, late: bool) -> None:
    """The report to the chair and the parents before, and the decisions and record after
    (late, when `late`)."""
    conference.refresh_from_db()
    held = conference.scheduled_for
    before = timedelta(days=1 if late else 6)
    conference_actions.do_record_reports_sent(
        support,
        conference,
        version=conference.version,
        to_chair_at=held - before,
        to_parents_at=held - before + timedelta(hours=2),
    )


def _circulate(conference: Conference, support: Any, decisions: datetime, record: datetime) -> None:
    for what, moment in (("decisions", decisions), ("record", record)):
        conference.refresh_from_db()
        conference_actions.do_circulate_conference(
            support, conference, version=conference.version, what=what
        )
        field = f"{what}_circulated_at"
        Conference.objects.filter(pk=conference.pk).update(**{field: moment})


def _visits(
    plan: ChildProtectionPlan,
    lead: Any,
    now: datetime,
    every_days: int,
    *,
    bedroom_every: int = 2,
    until: datetime | None = None,
) -> None:
    moment = plan.started_at + timedelta(days=every_days)
    number = 0
    while moment < (until or now):
        if moment.weekday() >= 5:  # a visit on a working day: the Monday after
            moment += timedelta(days=7 - moment.weekday())
            if moment >= (until or now):
                break
        number += 1
        plan_actions.do_record_visit(
            lead,
            plan,
            plan_actions.VisitRecord(
                visited_at=moment,
                place="home" if number % 3 else "school",
                child_seen=True,
                seen_alone=number % 2 == 0,
                bedroom_seen=number % bedroom_every == 0,
                child_views="Synthetic: says home is calmer; wants to keep going to football.",
            ),
        )
        moment += timedelta(days=every_days)


def _core_groups(
    plan: ChildProtectionPlan,
    recorder: Any,
    now: datetime,
    first_after: int,
    every: int = 28,
    distributed_after: int | None = 2,
) -> None:
    """Core groups from `first_after` days into the plan, every `every` days until `now`, each
    followed by the plan's distribution `distributed_after` days later (if by `now`)."""
    moment = plan.started_at + timedelta(days=first_after)
    while moment < now:
        meeting = plan_actions.do_record_core_group(
            recorder,
            plan,
            held_at=moment,
            attended="Synthetic: lead social worker, health visitor, class teacher, parents.",
            minutes="Synthetic: progress against each outcome reviewed; the plan refined.",
            chronology_discussed=True,
        )
        if distributed_after is not None and moment + timedelta(days=distributed_after) < now:
            plan_actions.do_record_plan_distributed(
                recorder,
                meeting,
                version=meeting.version,
                at=moment + timedelta(days=distributed_after),
            )
        moment += timedelta(days=every)


def _exclude_parent(conference: Conference, chair: Any, lead: Any, report_days: int) -> None:
    """A parent excluded from the conference, sent the report `report_days` days before it."""
    parent = conference.attendees.get(party=Attendee.Party.PARENT)
    request = conference_actions.do_request_exclusion(
        lead,
        conference,
        family_member=parent,
        grounds=["interfere"],
        evidence="Synthetic: threats made to the health visitor at the last home visit.",
    )
    conference_actions.do_decide_exclusion(
        chair,
        request,
        version=request.version,
        decision="excluded",
        extent="part",
        extent_detail="The discussion of the health visitor's report.",
        reasons="Synthetic: the health visitor's safety.",
        report_sent_at=conference.scheduled_for - timedelta(days=report_days),
    )


def _items(plan: ChildProtectionPlan, lead: Any) -> None:
    start = timezone.localdate(plan.started_at)
    for outcome, action, who, weeks in (
        (
            "The child attends school every day (from 80% to 95% within 3 months).",
            "Walk the child to school; the school rings home by 9:30 on any absence.",
            "Parents and the class teacher",
            12,
        ),
        (
            "The home is safe and clean, with food in the cupboards, within 6 weeks.",
            "Weekly family support visits; a referral to the food bank.",
            "Family support worker",
            6,
        ),
        (
            "The parents attend every health appointment.",
            "The health visitor books and reminds; transport arranged.",
            "Health visitor",
            8,
        ),
    ):
        plan_actions.do_add_plan_item(
            lead,
            plan,
            outcome=outcome,
            action=action,
            who=who,
            by_when=start + timedelta(weeks=weeks),
        )


def _book_review(plan: ChildProtectionPlan, booker: Any, chair: Any, on: date) -> Conference:
    return conference_actions.do_book_review_conference(
        booker,
        plan,
        scheduled_for=timezone.make_aware(datetime.combine(on, datetime.min.time())).replace(
            hour=10
        ),
        venue="Synthetic Civic Centre, room 3",
        chair=chair,
    )


def _past_review(plan: ChildProtectionPlan, chair: Any, support: Any, at: datetime) -> Conference:
    """A review held in the past: booked as if ahead of it (the booking's date is then moved)."""
    review = Conference.objects.create(
        case=plan.case,
        kind=Conference.Kind.REVIEW,
        plan=plan,
        scheduled_for=at,
        venue="Synthetic Civic Centre, room 3",
        chair=chair,
    )
    _invite(review, support)
    return review


def plan_half(demo: Any, load: Any, make_case: Callable[..., Case]) -> None:
    """The council's plan-half children (see the module's docstring)."""
    users = demo.users
    chair, support = users[Role.CONFERENCE_CHAIR], users[Role.BUSINESS_SUPPORT]
    manager, lead = users[Role.TEAM_MANAGER], users[Role.SOCIAL_WORKER]
    now = load.now

    def held_case(days_ago: float, occurrence: int, quorate: bool = True) -> Conference:
        case = make_case(demo, load, "conference_booked", 100 + occurrence)
        conference = Conference.objects.get(case=case, kind__in=("initial", "pre_birth"))
        target = now - timedelta(days=days_ago)
        _move_back(case, conference.scheduled_for - target)
        conference.refresh_from_db()
        _invite(conference, support, quorate=quorate)
        return conference

    # Visits on time, core groups monthly, the first review booked ahead: every clock met.
    conference = held_case(40, 0)
    _reports_and_circulation(conference, support, late=False)
    _exclude_parent(conference, chair, lead, report_days=6)
    _hold(conference, chair, lead)
    _circulate(
        conference,
        support,
        conference.scheduled_for + timedelta(days=1),
        conference.scheduled_for + timedelta(days=15),
    )
    plan = ChildProtectionPlan.objects.get(conference=conference)
    _items(plan, lead)
    _visits(plan, lead, now, every_days=9)
    _core_groups(plan, support, now, first_after=8)
    plan.refresh_from_db()
    plan_actions.do_confirm_core_group_frequency(manager, plan, version=plan.version, weeks=4)
    _book_review(plan, support, chair, timezone.localdate(now) + timedelta(days=40))

    # Visits late and the bedroom not seen for seven weeks; the first core group late;
    # the report to the parents late.
    conference = held_case(75, 1)
    _reports_and_circulation(conference, support, late=True)
    _hold(conference, chair, lead, category="emotional")
    plan = ChildProtectionPlan.objects.get(conference=conference)
    _items(plan, lead)
    _visits(plan, lead, now, every_days=16, bedroom_every=99)
    _core_groups(plan, support, now, first_after=20, every=35, distributed_after=8)
    # The family has moved away; the receiving council has not yet held its conference.
    plan.refresh_from_db()
    plan_actions.do_record_permanent_move(
        lead,
        plan,
        version=plan.version,
        receiving_council="Synthetic Borough Council",
        notified_at=now - timedelta(days=30),
    )

    # The first review overdue: the plan began over three months ago and none is held.
    conference = held_case(100, 2)
    _reports_and_circulation(conference, support, late=False)
    _hold(conference, chair, lead, category="physical")
    plan = ChildProtectionPlan.objects.get(conference=conference)
    _visits(plan, lead, now, every_days=10)
    _core_groups(plan, support, now, first_after=9)

    # A plan that continued at its first review and ended at its second.
    conference = held_case(200, 3)
    _reports_and_circulation(conference, support, late=False)
    _hold(conference, chair, lead)
    plan = ChildProtectionPlan.objects.get(conference=conference)
    _items(plan, lead)
    first = plan.started_at + timedelta(days=85)
    second = plan.started_at + timedelta(days=178)
    _visits(plan, lead, now, every_days=10, until=second)
    _core_groups(plan, support, second, first_after=9)
    review = _past_review(plan, chair, support, first)
    _hold(review, chair, lead, decision="continue", seek_agency_views=True)
    for step, days in (("requested", 3), ("received", 12)):
        review.refresh_from_db()
        conference_actions.do_record_agency_views(
            chair, review, version=review.version, step=step, at=first + timedelta(days=days)
        )
    review = _past_review(plan, chair, support, second)
    _hold(review, chair, lead, decision="end")

    # A child on a plan who turns 18 in ten days: the plan ends with their childhood.
    conference = held_case(50, 4)
    _hold(conference, chair, lead)
    plan = ChildProtectionPlan.objects.get(conference=conference)
    birthday = timezone.localdate(now) + timedelta(days=10)
    Child.objects.filter(pk=plan.case.child_id).update(
        date_of_birth=birthday.replace(year=birthday.year - 18),
        expected_birth_date=None,
    )
    _visits(plan, lead, now, every_days=10)
    _core_groups(plan, support, now, first_after=9)

    # A plan ended by the family's permanent move, once the receiving council's conference met.
    conference = held_case(70, 5)
    _hold(conference, chair, lead)
    plan = ChildProtectionPlan.objects.get(conference=conference)
    _visits(plan, lead, now - timedelta(days=6), every_days=10)
    _core_groups(plan, support, now - timedelta(days=6), first_after=9)
    plan.refresh_from_db()
    plan_actions.do_record_permanent_move(
        lead,
        plan,
        version=plan.version,
        receiving_council="Synthetic Borough Council",
        notified_at=now - timedelta(days=26),
    )
    plan.refresh_from_db()
    plan_actions.do_record_receiving_conference(
        lead, plan, version=plan.version, held_at=now - timedelta(days=8)
    )
    plan.refresh_from_db()
    plan_actions.do_end_plan(
        manager,
        plan,
        version=plan.version,
        ending=ChildProtectionPlan.Ending.MOVED,
        ended_at=now - timedelta(days=5),
        detail="Synthetic: the family moved to another council; its conference met and made "
        "its own plan.",
    )

    # A parent excluded and sent the report late; a first review that seeks absent agencies'
    # views late and has no answers yet.
    conference = held_case(120, 7)
    _exclude_parent(conference, chair, lead, report_days=1)
    _hold(conference, chair, lead)
    plan = ChildProtectionPlan.objects.get(conference=conference)
    _visits(plan, lead, now, every_days=10)
    _core_groups(plan, support, now, first_after=9)
    first = plan.started_at + timedelta(days=85)
    review = _past_review(plan, chair, support, first)
    _hold(review, chair, lead, decision="continue", seek_agency_views=True)
    review.refresh_from_db()
    conference_actions.do_record_agency_views(
        chair, review, version=review.version, step="requested", at=first + timedelta(days=18)
    )

    # An inquorate conference adjourned, with an interim plan and a new date within a month.
    conference = held_case(1, 6, quorate=False)
    conference_actions.do_adjourn_conference(
        chair,
        conference,
        version=conference.version,
        new_date=now + timedelta(days=20),
        interim_plan="Synthetic: daily contact by the social worker until the conference meets.",
    )
