"""Synthetic demonstration data: three councils on different procedures (Tri-borough;
Sheffield, where no further action for insufficient evidence needs the police officer in charge
as well as a manager; and a smaller one on Darlington's, whose clocks start at the contact: the
24-hour decision, the referrer's acknowledgement, the assessment's allocation), a police force
and an NHS trust serving all three, schools, a user of every role in each council, and children
at every stage of the pathway, some with overdue clocks. Every name is invented; dates are
relative to `now` so the clocks are live.

After the child and the contact, every record is made by the `do_*` actions, as the pages make
it: the contact's decision, concerns, partners' access, planning the strategy discussion,
invitees, attendance, information shared, the agenda, analysis and scaling, actions, decisions,
authorisation, the record and its circulation, the enquiry and the conference booking. The
actions stamp the time they run; the demo then moves those stamps back to when its story
happened (over the past weeks). So the demo holds what the app itself would have produced,
circulation records included. Partners' access keeps the end date the action gave it, so a
trainer signed in as a partner can open every record circulated to them.

Used by `convene demo` and by the web benchmark (bench/web.py), which asks for many children.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from convene.cases import actions as case_actions
from convene.cases.models import Case, Child, Concerns, Contact, Engagement
from convene.cases.timeline import _child_document, case_evaluation
from convene.demo_plans import plan_half
from convene.enquiries import actions as enquiry_actions
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.enquiries.timescales import delay_rule, enquiry_clocks, evaluate_case, is_late
from convene.people.models import Agency, Council, Role, Team, User
from convene.rules.engine import Strategy, derive_strategy
from convene.rules.procedure import load_procedure
from convene.rules.timeline import parse_timeline
from convene.strategy import actions as strategy_actions
from convene.strategy.agendas import agenda_for
from convene.strategy.authorisation import (
    LEGAL_ADVISER,
    POLICE_OFFICER_IN_CHARGE,
    RECORD_DECISIONS,
    RequiredAuthorisation,
    awaiting_authorisation,
    required_authorisations,
)
from convene.strategy.forms import DECISION_FIELDS
from convene.strategy.guidance import AGENCY_KIND_OF
from convene.strategy.models import (
    AgendaItem,
    Authorisation,
    Circulation,
    Invitee,
    Scaling,
    StrategyAction,
    StrategyDiscussion,
)

DEMO_PASSWORD = "convene-demo-2026"
TEAM_SIZE = 8  # social workers in each caseload team of a large demo council
THIRD_COUNCIL = "Eastbury Borough Council"  # on Darlington's procedure

GIVEN_NAMES = [
    "Ava",
    "Noah",
    "Isla",
    "Leo",
    "Mia",
    "Oscar",
    "Ivy",
    "Arlo",
    "Freya",
    "Theo",
    "Ruby",
    "Finn",
    "Nell",
    "Jude",
    "Esme",
    "Otis",
    "Maya",
    "Ezra",
    "Lila",
    "Milo",
    "Iris",
    "Reuben",
    "Cora",
    "Hugo",
    "Elsie",
    "Rory",
    "Thea",
    "Albie",
    "Orla",
    "Felix",
]
FAMILY_NAMES = [
    "Ashdown",
    "Brackley",
    "Calder",
    "Dunmore",
    "Ellery",
    "Fenwick",
    "Garside",
    "Hollin",
    "Ingleby",
    "Jessop",
    "Kettering",
    "Lomax",
    "Marwood",
    "Netherby",
    "Oakden",
    "Pendle",
    "Quarrie",
    "Rathbone",
    "Stainer",
    "Thackery",
    "Underhill",
    "Varley",
    "Wetherall",
    "Yardley",
]

# Every stage of the slice, from contact to a booked conference; children cycle through them.
STAGES = (
    "contact_awaiting_decision",
    "contact_closed",
    "referral_assessment",
    "concerns_awaiting_strategy",
    # Planned but not yet held: alternately due today and overdue.
    "strategy_planned",
    # Held, decisions not yet recorded; health did not take part (absent, or apologies with
    # the reason and how their information will reach the discussion).
    "strategy_held_awaiting_decisions",
    "strategy_awaiting_authorisation",
    # No further action for insufficient evidence: the manager has authorised it; where the
    # procedure says so (Sheffield), it waits for the police officer in charge.
    "no_further_action_awaiting_authorisation",
    "no_further_action",
    # A strategy discussion that decided to hold a further one, which started the enquiry.
    "further_strategy_discussion",
    "enquiry_open",
    "enquiry_not_substantiated",
    "awaiting_conference_booking",
    "conference_booked",
)

# How many days ago each stage's contact came in: enough for its later steps to fit before now.
AGE_DAYS = {
    "contact_awaiting_decision": (0.05, 3),
    "contact_closed": (2, 40),
    "referral_assessment": (5, 70),
    "concerns_awaiting_strategy": (0.5, 6),
    "strategy_planned": (9, 14),
    "strategy_held_awaiting_decisions": (4, 6),
    "strategy_awaiting_authorisation": (4, 8),
    "no_further_action_awaiting_authorisation": (4, 8),
    "no_further_action": (8, 30),
    "further_strategy_discussion": (10, 20),
    "enquiry_open": (6, 25),
    "enquiry_not_substantiated": (14, 40),
    "awaiting_conference_booking": (14, 25),
    "conference_booked": (14, 25),
}

CONCERN_SETS = (
    ["physical_abuse"],
    ["neglect"],
    ["emotional_abuse", "domestic_abuse"],
    ["serious_physical_injury"],
    ["sexual_abuse", "intra_familial_sexual_abuse"],
    ["child_sexual_exploitation", "complex"],
)

# People invited for an attendee the demo has no account for (all invented).
INVITEE_NAMES = {
    "midwifery": ("Morgan Example", "Community midwife"),
    "medical_consultant": ("Dr Casey Example", "Consultant paediatrician"),
    "senior_ward_nurse": ("Jordan Example", "Senior ward nurse"),
    "senior_doctor": ("Dr Avery Example", "Named doctor"),
    "paediatrician": ("Dr Quinn Example", "Community paediatrician"),
    "legal_adviser": ("Robin Example", "Council solicitor"),
    "adult_services": ("Jamie Example", "Adult mental health practitioner"),
    "specialist": ("Sky Example", "Specialist practitioner"),
    "other_local_authority": ("Alex Example", "Social worker, neighbouring council"),
}

INFORMATION = {
    "social_worker": "Synthetic: the family is known to children's social care since 2024.",
    "police": "Synthetic: police were called to the address once, in 2024.",
    "health": "Synthetic: immunisations up to date; two missed health visitor appointments.",
    "school": "Synthetic: attendance 91% this term; the class teacher noticed a bruise.",
    "referrer": "Synthetic: the referrer repeated what the child told them.",
}

ANALYSIS = {
    "past_harm": "Synthetic: an unexplained injury seen by the referrer.",
    "future_danger": "Synthetic: worried the child may be hurt again at home.",
    "complicating_factors": "Synthetic: the family has moved twice this year.",
    "existing_strengths": "Synthetic: a grandparent the child trusts lives nearby.",
    "existing_safety": "Synthetic: the child is at school every day.",
    "safety_goals": "Synthetic: the child is safe at home and can say so.",
    "next_steps": "Synthetic: see the child alone; speak to both parents.",
}

DECISION_REASONS = {
    "section_47": "Synthetic: reasonable cause to suspect significant harm.",
    "no_further_action": "Synthetic: the injury has an innocent explanation, confirmed by the GP.",
    "further_strategy_discussion": "Synthetic: the hospital's findings are due tomorrow.",
}

APOLOGIES_REASON = "Synthetic: on leave, no cover available at short notice."
INFORMATION_PLAN = "Synthetic: the health chronology was emailed and will be added to the record."


@dataclass
class DemoCouncil:
    council: Council
    team: Team
    users: dict[str, User]
    # More social workers for a big council (bench/web.py): they cannot sign in.
    caseload_workers: list[User] = field(default_factory=list)
    caseload_teams: list[Team] = field(default_factory=list)


@dataclass
class Demo:
    councils: list[DemoCouncil]
    partners: dict[str, User]

    def sign_ins(self) -> list[tuple[str, str, str]]:
        rows = []
        for demo in self.councils:
            for role, user in demo.users.items():
                rows.append((Role(role).label, demo.council.name, user.email))
        for role, user in self.partners.items():
            rows.append((Role(role).label, user.agency.name if user.agency else "", user.email))
        return rows


@dataclass
class _Load:
    """What every case of one load shares."""

    now: datetime
    rng: random.Random
    partners: dict[str, User]
    schools: dict[int, list[Agency]]  # each council's schools (council id: schools)
    # The agency planning suggests for an attendee (as the actions' `_suggested_agency`).
    suggested_agencies: dict[str, Agency]
    quick: bool = False  # write records directly (see `_quick_discussion`)
    access: dict[tuple[int, int], date] = field(default_factory=dict)  # (case, user): until


def demo_exists() -> bool:
    return Council.objects.filter(name="Northby City Council").exists()


def _user(email: str, name: str, role: str, password: str, **fields: object) -> User:
    user = User(email=email, full_name=name, role=role, password=password, **fields)
    user.save()
    return user


def _council(name: str, slug: str, procedure: str, password: str) -> DemoCouncil:
    council = Council.objects.create(name=name, procedure=procedure)
    team = Team.objects.create(council=council, name="Assessment and intervention team")
    users: dict[str, User] = {}
    people = {
        Role.SOCIAL_WORKER: "Sam Social",
        Role.TEAM_MANAGER: "Tara Teamlead",
        Role.SERVICE_MANAGER: "Simon Service",
        Role.CONFERENCE_CHAIR: "Chris Chair",
        Role.BUSINESS_SUPPORT: "Bea Support",
        Role.ADMINISTRATOR: "Ada Admin",
    }
    for role, person in people.items():
        users[role] = _user(
            f"{role.replace('_', '.')}@{slug}.example",
            f"{person} ({slug.capitalize()})",
            role,
            password,
            council=council,
            team=team,
        )
    # A second social worker, so that team views have more than one caseload.
    users["social_worker_2"] = _user(
        f"social.worker.2@{slug}.example",
        f"Sasha Second ({slug.capitalize()})",
        Role.SOCIAL_WORKER,
        password,
        council=council,
        team=team,
    )
    return DemoCouncil(council, team, users)


def _partners(
    councils: list[Council], local: list[Council], password: str
) -> tuple[dict[str, User], dict[int, list[Agency]]]:
    """The force and the trust serve every council; Meadowbank (the safeguarding lead's
    school) serves the `local` councils only; Riverside Academy takes children from all; the
    other councils have a primary school of their own. Returns each council's schools."""
    police = Agency.objects.create(name="Northshire Police", kind=Agency.Kind.POLICE)
    trust = Agency.objects.create(name="Northshire Community NHS Trust", kind=Agency.Kind.HEALTH)
    school = Agency.objects.create(name="Meadowbank Primary School", kind=Agency.Kind.SCHOOL)
    academy = Agency.objects.create(name="Riverside Academy", kind=Agency.Kind.SCHOOL)
    for agency in (police, trust, academy):
        agency.councils.set(councils)
    school.councils.set(local)
    schools = {council.pk: [school, academy] for council in local}
    for council in councils:
        if council not in local:
            own = Agency.objects.create(
                name=f"{council.name.split()[0]} Park Primary School", kind=Agency.Kind.SCHOOL
            )
            own.councils.set([council])
            schools[council.pk] = [own, academy]
    partners = {
        Role.POLICE_OFFICER: _user(
            "police.officer@northshire-police.example",
            "DC Pat Police",
            Role.POLICE_OFFICER,
            password,
            agency=police,
        ),
        Role.HEALTH_PROFESSIONAL: _user(
            "health.professional@northshire-nhs.example",
            "Dr Hana Health",
            Role.HEALTH_PROFESSIONAL,
            password,
            agency=trust,
        ),
        Role.EDUCATION_SAFEGUARDING_LEAD: _user(
            "safeguarding.lead@meadowbank-school.example",
            "Ed Lead",
            Role.EDUCATION_SAFEGUARDING_LEAD,
            password,
            agency=school,
        ),
    }
    return partners, schools


def _child(council: Council, load: _Load) -> Child:
    rng, now = load.rng, load.now
    unborn = rng.random() < 0.05
    born = (now - timedelta(days=rng.randint(30, 16 * 365))).date()
    return Child.objects.create(
        council=council,
        given_name=rng.choice(GIVEN_NAMES),
        family_name=rng.choice(FAMILY_NAMES),
        date_of_birth=None if unborn else born,
        expected_birth_date=(now + timedelta(days=rng.randint(20, 120))).date() if unborn else None,
        sex=rng.choice([Child.Sex.FEMALE, Child.Sex.MALE]) if not unborn else Child.Sex.UNKNOWN,
        ethnicity=rng.choice(["White British", "Mixed", "Asian British", "Black British", ""]),
        address=f"{rng.randint(1, 120)} Example Street, {council.name.split()[0]}",
        postcode=f"ZZ{rng.randint(1, 9)} {rng.randint(1, 9)}ZZ",
        first_language=rng.choice(["English", "English", "English", "Polish", "Urdu"]),
        interpreter_needed=rng.random() < 0.1,
        hospital=rng.choice(["", "", "", "", "inpatient", "outpatient"]),
        household_adult_concerns=rng.sample(
            ["domestic_abuse", "substance_misuse", "mental_illness"], rng.randint(0, 2)
        ),
    )


def _family_and_services(child: Child, recorder: User, load: _Load) -> None:
    """The household, significant others outside it and the services involved, as the
    contact form and the case page record them."""
    rng = load.rng
    if rng.random() < 0.5:
        case_actions.do_add_household_member(
            recorder,
            child,
            {
                "name": f"{rng.choice(GIVEN_NAMES)} {child.family_name}",
                "relationship": "Mother",
                "parental_responsibility": True,
            },
        )
    if rng.random() < 0.3:
        case_actions.do_add_household_member(
            recorder,
            child,
            {
                "name": f"{rng.choice(GIVEN_NAMES)} {child.family_name}",
                "relationship": "Sibling",
                "is_child": True,
            },
        )
    if rng.random() < 0.35:
        relationship = rng.choice(["Grandmother", "Father", "Aunt", "Mother's former partner"])
        case_actions.do_add_household_member(
            recorder,
            child,
            {
                "name": f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}",
                "relationship": relationship,
                "parental_responsibility": relationship == "Father",
                "lives_with_child": False,
                "notes": "Synthetic: sees the child most weekends.",
            },
        )
    case_actions.do_add_agency_involvement(
        recorder,
        child,
        {
            "service": "GP",
            "agency_id": None,
            "contact_name": "Dr Example, Example Street Health Centre",
            "contact_details": f"01632 960{rng.randint(100, 999)}",
        },
    )
    if child.date_of_birth is not None and rng.random() < 0.6:
        school = rng.choice(load.schools[child.council_id])
        case_actions.do_add_agency_involvement(
            recorder,
            child,
            {
                "service": "School",
                "agency_id": school.pk,
                "contact_name": "Designated safeguarding lead",
                "contact_details": "",
            },
        )


def _grant(manager: User, case: Case, partner: User, purpose: str, days: int) -> None:
    """Give a partner access to the case for a purpose, unless they already have it or their
    agency does not serve the case's council (as the access page offers them)."""
    today = timezone.localdate()
    agency = partner.agency
    serves = agency is not None and agency.councils.filter(pk=case.council_id).exists()
    if serves and not case_actions.check_engagement(case, partner, today):
        case_actions.do_grant_engagement(
            manager, case, partner, purpose=purpose, ends_on=today + timedelta(days=days)
        )


def _hours(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(hours=rng.uniform(low, high))


def _during_today(now: datetime) -> datetime:
    """A moment earlier today (local time), whatever the time now."""
    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + (local - midnight) / 2


@dataclass(frozen=True)
class _Variant:
    """What a child of the third council has fixed, where the others leave it to chance."""

    received_hours_ago: float | None = None
    decided_after_hours: float | None = None  # how long the contact waited for its decision
    allocated: bool | None = None  # with a lead social worker (None: seven cases in eight)
    # Booked after the conference was due: "awaiting_agreement" or "agreed" by a manager.
    conference_delay: str = ""


def _third_council_cases(now: datetime) -> list[tuple[str, _Variant]]:
    """The stages of the council on Darlington's procedure, whose clocks start at the contact:
    contacts waiting for the 24-hour decision (two overdue, one due later today, one just in),
    decisions made in time and late, referrals waiting for an assessment to be allocated, then
    the rest of the pathway to conferences booked late, one of them agreed by a manager."""
    local = timezone.localtime(now)
    tonight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    # Due half way between now and midnight: later today, whatever the time now.
    due_today = 24 - (tonight - local).total_seconds() / 3600 / 2
    days = 24
    return [
        ("contact_awaiting_decision", _Variant(received_hours_ago=2 * days + 4)),
        ("contact_awaiting_decision", _Variant(received_hours_ago=days + 5)),
        ("contact_awaiting_decision", _Variant(received_hours_ago=due_today)),
        ("contact_awaiting_decision", _Variant(received_hours_ago=1.5)),
        ("contact_closed", _Variant(received_hours_ago=9 * days, decided_after_hours=5)),
        ("contact_closed", _Variant(received_hours_ago=16 * days, decided_after_hours=31)),
        (
            "referral_assessment",
            _Variant(received_hours_ago=14, decided_after_hours=10, allocated=False),
        ),
        (
            "referral_assessment",
            _Variant(received_hours_ago=8 * days, decided_after_hours=20, allocated=False),
        ),
        ("referral_assessment", _Variant(allocated=True)),
        ("concerns_awaiting_strategy", _Variant()),
        # Planned for later today, and for yesterday but not recorded as held (Darlington
        # sets no timescale for the discussion itself, so neither shows a clock).
        ("strategy_planned", _Variant()),
        ("strategy_planned", _Variant()),
        ("strategy_held_awaiting_decisions", _Variant()),
        ("strategy_awaiting_authorisation", _Variant()),
        ("no_further_action", _Variant()),
        ("enquiry_open", _Variant(allocated=True)),
        ("enquiry_not_substantiated", _Variant()),
        ("conference_booked", _Variant(allocated=True, conference_delay="awaiting_agreement")),
        ("conference_booked", _Variant(allocated=True, conference_delay="agreed")),
    ]


@dataclass
class _Plan:
    """How far one strategy discussion got, and what it decided."""

    scheduled: datetime
    form: str
    progress: str  # planned, held, decided, authorised, finalised or circulated
    outcome: str = ""
    enquiry: str = ""
    insufficient_evidence: bool = False
    health: str = "present"  # or absent, or apologies (with the reason and a plan)
    waiting_for: tuple[str, ...] = ()  # authorisers who have not yet authorised
    referrer_informed: bool = False


PROGRESS = ("planned", "held", "decided", "authorised", "finalised", "circulated")


def _reached(plan: _Plan, step: str) -> bool:
    return PROGRESS.index(plan.progress) >= PROGRESS.index(step)


def _invitee_details(invitee: Invitee, load: _Load) -> dict[str, object] | None:
    """Who takes the place the procedure asks for (None: planning already chose)."""
    partners = load.partners
    if invitee.attendee == "police":
        officer = partners[Role.POLICE_OFFICER]
        return {"invited": officer, "agency": officer.agency, "name": "", "role_title": ""}
    if invitee.attendee == "health":
        health = partners[Role.HEALTH_PROFESSIONAL]
        return {"invited": health, "agency": health.agency, "name": "", "role_title": ""}
    if invitee.attendee == "school":
        schools = load.schools[invitee.discussion.case.council_id]
        lead = partners[Role.EDUCATION_SAFEGUARDING_LEAD]
        if load.rng.random() < 0.3 and lead.agency in schools:
            return {"invited": lead, "agency": lead.agency, "name": "", "role_title": ""}
        return {
            "invited": None,
            "agency": schools[1],
            "name": "Riley Example",
            "role_title": "Designated safeguarding lead",
        }
    if invitee.attendee in INVITEE_NAMES:
        name, title = INVITEE_NAMES[invitee.attendee]
        return {"invited": None, "agency": None, "name": name, "role_title": title}
    return None


def _attendance(invitee: Invitee, plan: _Plan, load: _Load) -> dict[str, str]:
    if invitee.attendee == "health" and plan.health == "absent":
        return {"attendance": Invitee.Attendance.ABSENT}
    if invitee.attendee == "health" and plan.health == "apologies":
        return {
            "attendance": Invitee.Attendance.APOLOGIES,
            "absence_reason": APOLOGIES_REASON,
            "information_plan": INFORMATION_PLAN,
        }
    if invitee.basis == Invitee.Basis.RECOMMENDED and load.rng.random() < 0.3:
        return {
            "attendance": Invitee.Attendance.APOLOGIES,
            "absence_reason": "Synthetic: another commitment at the time.",
            "information_plan": "Synthetic: sent what they know by email.",
        }
    return {"attendance": Invitee.Attendance.PRESENT}


def _agenda_statuses(count: int, plan: _Plan, rng: random.Random) -> list[tuple[str, str]]:
    """Each agenda item's status and note. A discussion just held has been minuted half way."""
    done = count // 2 if plan.progress == "held" else count
    statuses = []
    for position in range(count):
        if position >= done:
            statuses.append(("open", ""))
        elif rng.random() < 0.15:
            statuses.append(("not_applicable", "Synthetic: not relevant."))
        else:
            statuses.append(("addressed", ""))
    return statuses


SCALED = ("social_worker", "police", "health", "school")
SCALING_REASON = "Synthetic: what they weighed in their score."


def _actions(load: _Load, worker: User | None, held: datetime) -> list[dict[str, object]]:
    rng = load.rng
    rows: list[dict[str, object]] = [
        {
            "assigned_to": worker,
            "assignee_name": "" if worker else "Duty social worker",
            "what": "Visit the child and see them alone.",
            "purpose": "To hear the child's account.",
            "due_on": (held + timedelta(days=rng.randint(1, 5))).date(),
        }
    ]
    if rng.random() < 0.5:
        rows.append(
            {
                "assigned_to": load.partners[Role.POLICE_OFFICER],
                "assignee_name": "",
                "what": "Check police records for the adults in the household.",
                "purpose": "To know who the child lives with.",
                "due_on": (held + timedelta(days=rng.randint(1, 3))).date(),
            }
        )
    return rows


def _decisions(case: Case, plan: _Plan) -> dict[str, object]:
    child = case.child
    data: dict[str, object] = dict.fromkeys(DECISION_FIELDS, "")
    data.update(
        outcome=plan.outcome,
        enquiry=plan.enquiry,
        insufficient_evidence=plan.insufficient_evidence,
        decision_reasons=DECISION_REASONS.get(plan.outcome, ""),
        legal_action=False,
        shared_with_family="Synthetic: that the agencies are working together.",
        interpreter_needed=child.interpreter_needed,
        interpreter_language=child.first_language if child.interpreter_needed else "",
    )
    return data


def _authoriser(item: RequiredAuthorisation, manager: User, police: User) -> dict[str, object]:
    """Who gives an authorisation, and what they record with it."""
    return {
        "user": police if item.authoriser == POLICE_OFFICER_IN_CHARGE else manager,
        "reasons": "Synthetic: the reasons for agreeing." if item.reasons_required else "",
        "on_behalf_of": (
            "Robin Example, council solicitor" if item.authoriser == LEGAL_ADVISER else ""
        ),
    }


def _form(case: Case, plan: _Plan) -> tuple[Strategy | None, str]:
    strategy = case_evaluation(case).evaluation.strategy
    return strategy, "meeting" if strategy is not None and strategy.must_be_meeting else plan.form


def _strategy_discussion(
    demo: DemoCouncil,
    load: _Load,
    case: Case,
    concerns: Concerns,
    worker: User | None,
    plan: _Plan,
) -> StrategyDiscussion:
    """One discussion, through the actions, as far as `plan.progress`; then its history
    moved back to when it happened."""
    if load.quick:
        return _quick_discussion(demo, load, case, concerns, worker, plan)
    users = demo.users
    manager, support = users[Role.TEAM_MANAGER], users[Role.BUSINESS_SUPPORT]
    social_worker = worker or users[Role.SOCIAL_WORKER]
    police = load.partners[Role.POLICE_OFFICER]
    actions = strategy_actions
    strategy, form = _form(case, plan)
    discussion = actions.do_plan_strategy_discussion(
        social_worker,
        case,
        concerns,
        form=form,
        scheduled_for=plan.scheduled,
        chair=manager,
        strategy=strategy,
    )
    invitees = list(discussion.invitees.all())
    for invitee in invitees:
        details = _invitee_details(invitee, load)
        if details is not None:
            actions.do_update_invitee(social_worker, invitee, invitee.version, **details)
    held = plan.scheduled
    if _reached(plan, "held"):
        actions.do_record_attendance(
            support,
            discussion,
            [(invitee, invitee.version, _attendance(invitee, plan, load)) for invitee in invitees],
        )
        actions.do_record_information(
            support,
            [
                (invitee, invitee.version, INFORMATION[invitee.attendee])
                for invitee in invitees
                if invitee.attendee in INFORMATION
            ],
        )
        items = list(discussion.agenda.all())
        statuses = _agenda_statuses(len(items), plan, load.rng)
        actions.do_update_agenda(
            support,
            discussion,
            [
                (item, item.version, status, note)
                for item, (status, note) in zip(items, statuses, strict=True)
                if status != "open"
            ],
        )
        scalings = [
            (invitee, load.rng.randint(2, 8), SCALING_REASON)
            for invitee in invitees
            if invitee.attendance == Invitee.Attendance.PRESENT and invitee.attendee in SCALED
        ]
        actions.do_record_analysis(support, discussion, discussion.version, ANALYSIS, scalings)
        for row in _actions(load, worker, held):
            actions.do_add_action(support, discussion, **row)  # type: ignore[arg-type]
    if _reached(plan, "decided"):
        data = {**_decisions(case, plan), "held_at": held}
        # Recorded by the social worker, so that a manager authorises them (four eyes).
        actions.do_record_decisions(social_worker, discussion, discussion.version, data)
    if _reached(plan, "authorised"):
        for item in awaiting_authorisation(discussion):
            if item.decision not in RECORD_DECISIONS and item.authoriser not in plan.waiting_for:
                _authorise(discussion, item, manager, police)
        if plan.referrer_informed and not plan.waiting_for:
            actions.do_record_referrer_informed(social_worker, discussion, discussion.version)
    if _reached(plan, "finalised") and not plan.waiting_for:
        actions.do_finalise_record(support, discussion, discussion.version)
        for item in awaiting_authorisation(discussion):  # the record, for a telephone discussion
            _authorise(discussion, item, manager, police)
    if _reached(plan, "circulated") and not plan.waiting_for:
        link = reverse("strategy_record_circulated", args=[case.pk, discussion.pk])
        actions.do_circulate_record(support, discussion, discussion.version, link)
    _backdate(discussion, load, plan)
    for action in discussion.actions.all():
        completed = _completed_at(load, action)
        if completed is not None:
            actions.do_complete_action(action.assigned_to or support, action, action.version)
            StrategyAction.objects.filter(pk=action.pk).update(completed_at=completed)
    discussion.refresh_from_db()
    return discussion


def _authorise(
    discussion: StrategyDiscussion, item: RequiredAuthorisation, manager: User, police: User
) -> None:
    who = _authoriser(item, manager, police)
    strategy_actions.do_authorise(
        who["user"],  # type: ignore[arg-type]
        discussion,
        discussion.version,
        decision=item.decision,
        authoriser=item.authoriser,
        reasons=str(who["reasons"]),
        on_behalf_of=str(who["on_behalf_of"]),
    )


def _engage_quickly(
    load: _Load,
    case: Case,
    user: User,
    granted_by: User,
    since: datetime,
    until: date,
    purpose: str,
) -> None:
    """What the actions' `_engage` makes: access until `until`, unless already covered (by
    access this load gave: the quick path's cases have no other)."""
    key = (case.pk, user.pk)
    if load.access.get(key, date.min) >= until:
        return
    load.access[key] = until
    Engagement.objects.create(
        case=case,
        user=user,
        purpose=purpose,
        starts_on=timezone.localdate(since),
        ends_on=until,
        granted_by=granted_by,
        granted_at=since,
    )


def _strategy_for(case: Case, concerns: Concerns) -> Strategy | None:
    """What the procedure requires of the discussion, as `case_evaluation` says, from the
    child and the concerns alone: the same engine, without reading the case back."""
    document = {
        "procedure": case.council.procedure,
        "child": _child_document(case),
        "events": [
            {
                "type": "concerns_identified",
                "at": timezone.localtime(concerns.identified_at).strftime("%Y-%m-%dT%H:%M"),
                "concerns": list(concerns.concerns),
                "immediate_action_taken": concerns.immediate_action_taken,
                "forensic_evidence_needed": concerns.forensic_evidence_needed,
            }
        ],
    }
    return derive_strategy(parse_timeline(document), load_procedure(case.council.procedure))


def _quick_discussion(
    demo: DemoCouncil,
    load: _Load,
    case: Case,
    concerns: Concerns,
    worker: User | None,
    plan: _Plan,
) -> StrategyDiscussion:
    """The records `_strategy_discussion` makes through the actions, written directly, a few
    queries each: for the thousands of children of the web benchmark, where the actions'
    row-by-row checks would take a quarter of an hour. tests/web/test_demo.py checks that
    both ways make the same records."""
    rng = load.rng
    users = demo.users
    manager, support = users[Role.TEAM_MANAGER], users[Role.BUSINESS_SUPPORT]
    social_worker = worker or users[Role.SOCIAL_WORKER]
    police = load.partners[Role.POLICE_OFFICER]
    strategy = _strategy_for(case, concerns)
    form = "meeting" if strategy is not None and strategy.must_be_meeting else plan.form
    held = plan.scheduled
    when = _stamps(load, concerns, held)
    decided = _reached(plan, "decided")
    authorised = _reached(plan, "authorised") and not plan.waiting_for
    discussion = StrategyDiscussion(
        case=case, concerns=concerns, form=form, scheduled_for=held, chair=manager
    )
    if _reached(plan, "held"):
        for name, text in ANALYSIS.items():
            setattr(discussion, name, text)
    if decided:
        for name, value in _decisions(case, plan).items():
            setattr(discussion, name, value)
        discussion.held_at = held
        discussion.decisions_recorded_at = when.decisions_recorded
        discussion.decisions_recorded_by = social_worker
    if authorised and plan.referrer_informed:
        discussion.referrer_informed_at = when.referrer_informed
    if authorised and _reached(plan, "finalised"):
        discussion.record_finalised_at = when.finalised
        discussion.record_finalised_by = support
    if authorised and _reached(plan, "circulated"):
        discussion.record_circulated_at = when.circulated
    discussion.save()
    contact = getattr(case, "contact", None)
    planned: list[tuple[str, str]] = []
    if strategy is not None:
        planned += [(code, Invitee.Basis.REQUIRED) for code in strategy.required_attendees]
        planned += [(code, Invitee.Basis.RECOMMENDED) for code in strategy.recommended_attendees]
    invitees = []
    for code, basis in planned:
        invitee = Invitee(discussion=discussion, attendee=code, basis=basis)
        if code == "social_worker":
            invitee.user = social_worker
        elif code == "social_work_manager":
            invitee.user = manager
        elif code == "referrer" and contact is not None:
            invitee.name = contact.referrer_name
            invitee.role_title = contact.referrer_role
        else:
            invitee.agency = load.suggested_agencies.get(code)
        details = _invitee_details(invitee, load)
        if details is not None:
            invitee.user = details["invited"]  # type: ignore[assignment]
            invitee.agency = details["agency"]  # type: ignore[assignment]
            invitee.name = str(details["name"])
            invitee.role_title = str(details["role_title"])
        invitees.append(invitee)
    if _reached(plan, "held"):
        for invitee in invitees:
            for name, value in _attendance(invitee, plan, load).items():
                setattr(invitee, name, value)
            invitee.information_shared = INFORMATION.get(invitee.attendee, "")
    invitees = Invitee.objects.bulk_create(invitees)
    entries = agenda_for(case.council.procedure)
    statuses = (
        _agenda_statuses(len(entries), plan, rng)
        if _reached(plan, "held")
        else [("open", "")] * len(entries)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            discussion=discussion,
            position=position,
            text=entry.text,
            source=entry.source,
            status=status,
            note=note,
        )
        for position, (entry, (status, note)) in enumerate(zip(entries, statuses, strict=True), 1)
    )
    if _reached(plan, "held"):
        Scaling.objects.bulk_create(
            Scaling(
                discussion=discussion,
                invitee=invitee,
                score=rng.randint(2, 8),
                reason=SCALING_REASON,
            )
            for invitee in invitees
            if invitee.attendance == Invitee.Attendance.PRESENT and invitee.attendee in SCALED
        )
        actions = [
            StrategyAction(discussion=discussion, **row) for row in _actions(load, worker, held)
        ]  # type: ignore[arg-type]
        for action in actions:
            action.completed_at = _completed_at(load, action)
            if action.completed_at is not None:
                action.completed_by = action.assigned_to or support
        StrategyAction.objects.bulk_create(actions)
    if decided:
        given = []
        for item in required_authorisations(discussion):
            record = item.decision in RECORD_DECISIONS
            if (record and discussion.record_finalised_at is None) or (
                item.authoriser in plan.waiting_for or not _reached(plan, "authorised")
            ):
                continue
            who = _authoriser(item, manager, police)
            given.append(
                Authorisation(
                    discussion=discussion,
                    decision=item.decision,
                    authoriser=item.authoriser,
                    authorised_at=when.record_authorised if record else when.authorised,
                    **who,  # type: ignore[arg-type]
                )
            )
        Authorisation.objects.bulk_create(given)
    invited_until = timezone.localdate(held) + timedelta(days=strategy_actions.ENGAGEMENT_DAYS)
    for invitee in invitees:
        if invitee.user is not None and invitee.user.is_partner:
            _engage_quickly(
                load,
                case,
                invitee.user,
                social_worker,
                when.planned,
                invited_until,
                strategy_actions.INVITED_PURPOSE,
            )
    if discussion.record_circulated_at is not None:
        sent = strategy_actions.recipients(discussion, invitees)
        Circulation.objects.bulk_create(
            Circulation(
                discussion=discussion,
                invitee=invitee,
                user=invitee.user,
                sent_at=when.circulated,
                first_viewed_at=_first_viewed(load, when.circulated),
            )
            for invitee in sent
        )
        until = timezone.localdate() + timedelta(days=strategy_actions.ENGAGEMENT_DAYS)
        for invitee in sent:
            if invitee.user is not None and invitee.user.is_partner:
                _engage_quickly(
                    load,
                    case,
                    invitee.user,
                    support,
                    when.circulated,
                    until,
                    strategy_actions.CIRCULATED_PURPOSE,
                )
    return discussion


def _before(now: datetime, moment: datetime) -> datetime:
    return min(moment, now - timedelta(minutes=1))


@dataclass(frozen=True)
class _Stamps:
    """When a held discussion's later steps happened (never after now)."""

    planned: datetime
    decisions_recorded: datetime
    authorised: datetime
    finalised: datetime
    record_authorised: datetime
    circulated: datetime
    referrer_informed: datetime


def _stamps(load: _Load, concerns: Concerns, held: datetime) -> _Stamps:
    rng, now = load.rng, load.now
    finalised = _before(now, held + _hours(rng, 3, 6))
    circulated = _before(now, finalised + _hours(rng, 4, 54))
    return _Stamps(
        planned=min(_before(now, concerns.identified_at + timedelta(minutes=30)), held),
        decisions_recorded=_before(now, held + timedelta(hours=1)),
        authorised=_before(now, held + _hours(rng, 1.5, 2.5)),
        finalised=finalised,
        record_authorised=_before(now, finalised + timedelta(minutes=20)),
        circulated=circulated,
        referrer_informed=_before(now, held + _hours(rng, 3, 48)),
    )


def _first_viewed(load: _Load, circulated: datetime) -> datetime | None:
    if load.rng.random() < 0.6:
        return _before(load.now, circulated + _hours(load.rng, 0.5, 30))
    return None


def _completed_at(load: _Load, action: StrategyAction) -> datetime | None:
    """Most actions due before today have been done, on the day they were due."""
    if action.due_on < timezone.localdate(load.now) and load.rng.random() < 0.6:
        return _before(load.now, timezone.make_aware(datetime.combine(action.due_on, time(12))))
    return None


def _backdate(discussion: StrategyDiscussion, load: _Load, plan: _Plan) -> None:
    """Move the actions' "now" stamps back to when the demo's story had them happen."""
    now = load.now
    when = _stamps(load, discussion.concerns, plan.scheduled)
    stamps = {
        "decisions_recorded_at": when.decisions_recorded,
        "record_finalised_at": when.finalised,
        "record_circulated_at": when.circulated,
        "referrer_informed_at": when.referrer_informed,
    }
    StrategyDiscussion.objects.filter(pk=discussion.pk).update(
        **{name: moment for name, moment in stamps.items() if getattr(discussion, name)}
    )
    authorisations = discussion.authorisations
    authorisations.exclude(decision__in=RECORD_DECISIONS).update(authorised_at=when.authorised)
    authorisations.filter(decision__in=RECORD_DECISIONS).update(
        authorised_at=when.record_authorised
    )
    discussion.circulations.update(sent_at=when.circulated)
    for circulation in discussion.circulations.all():
        circulation.first_viewed_at = _first_viewed(load, when.circulated)
        if circulation.first_viewed_at is not None:
            circulation.save(update_fields=["first_viewed_at"])
    # Access starts when it was given; it ends when the action said (see the module's note).
    fresh = Engagement.objects.filter(case=discussion.case, granted_at__gte=now)
    fresh.filter(purpose=strategy_actions.INVITED_PURPOSE).update(
        starts_on=timezone.localdate(when.planned), granted_at=when.planned
    )
    fresh.filter(purpose=strategy_actions.CIRCULATED_PURPOSE).update(
        starts_on=timezone.localdate(when.circulated), granted_at=when.circulated
    )


def _enquiry(
    demo: DemoCouncil,
    load: _Load,
    case: Case,
    discussion: StrategyDiscussion,
    worker: User | None,
    stage: str,
    variant: _Variant,
) -> None:
    """The section 47 enquiry the discussion started, and for a substantiated one the
    initial conference (booked, or still to book)."""
    rng, now = load.rng, load.now
    users = demo.users
    lead = worker or users[Role.SOCIAL_WORKER]
    assert discussion.held_at is not None
    held = discussion.held_at
    enquiry = enquiry_actions.do_start_section_47_enquiry(
        users[Role.TEAM_MANAGER], discussion, lead_social_worker=lead, kind=discussion.enquiry
    )
    if rng.random() < 0.8 or stage != "enquiry_open":
        alone = rng.random() < 0.7
        enquiry = enquiry_actions.do_record_child_seen(
            lead,
            enquiry,
            version=enquiry.version,
            child_seen_at=_before(now, held + _hours(rng, 3, 30)),
            seen_alone=alone,
            seen_with="" if alone else "Parent present: the child asked.",
            parental_permission=Section47Enquiry.Permission.OBTAINED,
            exceptional_circumstance="",
        )
    if stage == "enquiry_open":
        return
    substantiated = stage in ("awaiting_conference_booking", "conference_booked")
    completed = _before(now, held + timedelta(days=rng.uniform(3, 9)))
    enquiry = enquiry_actions.do_record_enquiry_outcome(
        lead,
        enquiry,
        version=enquiry.version,
        outcome=(
            Section47Enquiry.Outcome.SUBSTANTIATED
            if substantiated
            else Section47Enquiry.Outcome.NOT_SUBSTANTIATED
        ),
        outcome_reasons="Synthetic reasons for the outcome.",
        completed_at=completed,
        other_children_considered="Synthetic: the sibling was seen too."
        if rng.random() < 0.3
        else "",
    )
    if stage != "conference_booked":
        return
    clocks = evaluate_case(case)
    due = enquiry_clocks(enquiry, clocks).initial_conference
    due_day = due.due_day if due else None
    day = timezone.localdate(now) + timedelta(days=rng.randint(2, 12))
    if variant.conference_delay and due_day is not None:
        day = max(day, due_day + timedelta(days=3))
    scheduled = timezone.make_aware(datetime.combine(day, time(10)))
    late = is_late(scheduled, due_day)
    conference = enquiry_actions.do_book_initial_conference(
        users[Role.BUSINESS_SUPPORT],
        enquiry,
        enquiry_actions.Booking(
            scheduled_for=scheduled,
            venue=f"{demo.council.name.split()[0]} Civic Centre, room 2",
            chair=users[Role.CONFERENCE_CHAIR],
            delay_reason="Synthetic: the family's advocate could not come sooner." if late else "",
            agree_delay=False,
        ),
        version=None,
        due_day=due_day,
        delay_needs_agreement=delay_rule(clocks.procedure) is not None,
    )
    booked = _before(now, completed + timedelta(hours=4))
    if variant.conference_delay == "agreed" and conference.delay_reason:
        conference = enquiry_actions.do_agree_conference_delay(
            users[Role.TEAM_MANAGER],
            conference,
            version=conference.version,
            delay_reason=conference.delay_reason,
        )
        InitialConference.objects.filter(pk=conference.pk).update(
            delay_authorised_at=_before(now, booked + timedelta(hours=2))
        )
    InitialConference.objects.filter(pk=conference.pk).update(booked_at=booked)


def _case(
    demo: DemoCouncil,
    load: _Load,
    stage: str,
    occurrence: int,
    variant: _Variant | None = None,
) -> Case:
    """One child at `stage`; `occurrence` counts the council's children at that stage."""
    rng, now = load.rng, load.now
    variant = variant or _Variant()
    users = demo.users
    workers = [users[Role.SOCIAL_WORKER], users["social_worker_2"], *demo.caseload_workers]
    # One case in eight has no lead social worker yet: unallocated work for the manager.
    worker = None if rng.random() < 0.125 else rng.choice(workers)
    if variant.allocated is not None:
        worker = rng.choice(workers) if variant.allocated else None
    if worker is not None and worker.team is not None:
        team = worker.team
    elif demo.caseload_teams:
        team = rng.choice([demo.team, *demo.caseload_teams])
    else:
        team = demo.team
    manager, support = users[Role.TEAM_MANAGER], users[Role.BUSINESS_SUPPORT]
    partners = load.partners
    child = _child(demo.council, load)
    _family_and_services(child, support, load)
    # Older cases sit further along the pathway; the spread makes some clocks overdue.
    low, high = AGE_DAYS[stage]
    received = now - timedelta(days=rng.uniform(low, high))
    if variant.received_hours_ago is not None:
        received = now - timedelta(hours=variant.received_hours_ago)
    decided = received + _hours(rng, 1, 30)
    if variant.decided_after_hours is not None:
        decided = received + timedelta(hours=variant.decided_after_hours)
    identified = decided + _hours(rng, 0.5, 6)
    concern_set = rng.choice(CONCERN_SETS)
    due_today = stage == "strategy_planned" and occurrence % 2 == 0
    if due_today:
        # Concerns found earlier today that the procedure wants discussed the same day.
        shift = _during_today(now) - identified
        received, decided, identified = received + shift, decided + shift, identified + shift
        concern_set = ["serious_physical_injury"]
    case = Case.objects.create(
        child=child,
        council=demo.council,
        team=team,
        lead_social_worker=worker,
        opened_at=received,
    )
    contact = Contact.objects.create(
        case=case,
        received_at=received,
        referrer_name="Synthetic Referrer",
        referrer_role=rng.choice(["Class teacher", "Health visitor", "GP", "Neighbour"]),
        referrer_agency=rng.choice([load.schools[demo.council.pk][0].name, "Northshire NHS", ""]),
        consent=rng.choice(list(Contact.Consent)),
        presenting_issues="Synthetic presenting issues for a demonstration case.",
        reason_and_impact="Synthetic account of the reason and its impact on the child.",
        recorded_by=support,
    )
    acknowledged = received + _hours(rng, 0.5, 20)
    if rng.random() < 0.7 and acknowledged < now:
        case_actions.do_acknowledge_referrer(support, contact, contact.version, now=acknowledged)
    if stage == "contact_awaiting_decision":
        return case
    closed = stage == "contact_closed"
    case_actions.do_decide_contact(
        manager,
        contact,
        contact.version,
        decision=(
            rng.choice(["no_further_action", "advice", "early_help"])
            if closed
            else "referral_assessment"
        ),
        reason="Synthetic reason for the decision.",
        now=decided,
    )
    if closed:
        case.closed_at = decided
        case.save(update_fields=["closed_at"])
        return case
    if stage == "referral_assessment":
        if occurrence < 2:
            _grant(
                manager,
                case,
                partners[Role.EDUCATION_SAFEGUARDING_LEAD],
                "Attendance and wellbeing information for the assessment",
                28,
            )
        if occurrence == 0:
            _grant(
                manager,
                case,
                partners[Role.POLICE_OFFICER],
                "Police checks for the assessment",
                14,
            )
        return case
    immediate = rng.random() < 0.2
    concerns = case_actions.do_record_concerns(
        worker or users[Role.SOCIAL_WORKER],
        case,
        {
            "identified_at": identified,
            "concerns": concern_set,
            "summary": "Synthetic summary of the concerns of significant harm.",
            "immediate_action_taken": immediate,
            "immediate_action_detail": "Synthetic: the child stayed with a grandparent."
            if immediate
            else "",
            "forensic_evidence_needed": rng.random() < 0.2,
        },
    )
    if stage == "concerns_awaiting_strategy":
        if occurrence < 2:
            _grant(
                manager,
                case,
                partners[Role.HEALTH_PROFESSIONAL],
                "Health information before the strategy discussion",
                7,
            )
        if occurrence == 0:
            _grant(
                manager,
                case,
                partners[Role.EDUCATION_SAFEGUARDING_LEAD],
                "The school's information before the strategy discussion",
                7,
            )
        return case
    form = rng.choice(["meeting", "discussion"])
    held = identified + _hours(rng, 1.5, 30)
    if stage == "strategy_planned":
        # Due today: later today; overdue: planned for yesterday and not recorded as held.
        when = now + _hours(rng, 1, 3) if due_today else now - _hours(rng, 20, 28)
        _strategy_discussion(
            demo, load, case, concerns, worker, _Plan(scheduled=when, form=form, progress="planned")
        )
        return case
    plans = {
        "strategy_held_awaiting_decisions": _Plan(
            held, "meeting", "held", health="absent" if occurrence % 2 == 0 else "apologies"
        ),
        "strategy_awaiting_authorisation": _Plan(
            held,
            form,
            "decided",
            "section_47",
            "joint",
            health="apologies" if occurrence % 2 == 1 else "present",
        ),
        "no_further_action_awaiting_authorisation": _Plan(
            held,
            form,
            "authorised",
            "no_further_action",
            insufficient_evidence=True,
            waiting_for=(POLICE_OFFICER_IN_CHARGE,),
        ),
        "no_further_action": _Plan(
            held,
            "discussion",
            "circulated",
            "no_further_action",
            insufficient_evidence=occurrence % 2 == 0,
            referrer_informed=True,
        ),
        "further_strategy_discussion": _Plan(
            held, form, "circulated", "further_strategy_discussion", referrer_informed=False
        ),
    }
    plan = plans.get(stage) or _Plan(
        held,
        form,
        "circulated" if rng.random() < 0.75 else "finalised",
        "section_47",
        "single" if occurrence % 2 == 1 else "joint",
        referrer_informed=rng.random() < 0.6,
    )
    discussion = _strategy_discussion(demo, load, case, concerns, worker, plan)
    if stage == "further_strategy_discussion":
        again = held + _hours(rng, 24, 72)
        plan = _Plan(again, form, "circulated", "section_47", "joint", referrer_informed=True)
        discussion = _strategy_discussion(demo, load, case, concerns, worker, plan)
    if plan.outcome == "section_47" and _reached(plan, "authorised") and not plan.waiting_for:
        _enquiry(demo, load, case, discussion, worker, stage, variant)
    if stage == "enquiry_open" and occurrence < 2:
        _grant(
            manager,
            case,
            partners[Role.EDUCATION_SAFEGUARDING_LEAD],
            "Arranging to see the child at school for the section 47 enquiry",
            21,
        )
    return case


@contextmanager
def _nobody_told() -> Iterator[None]:
    """The demo's people are invented (their addresses are .example): circulating a record
    emails nobody."""
    with mock.patch.object(strategy_actions, "queue_email"):
        yield


def load_demo(
    children_per_council: int = 30,
    seed: int = 2026,
    now: datetime | None = None,
    children_per_social_worker: int | None = None,
    children_in_second_council: int | None = None,
    through_actions: int | None = None,
    children_in_third_council: int | None = None,
) -> Demo:
    """With `children_per_social_worker`, each of the first two councils gets enough extra
    social workers (without passwords) for that caseload, as a large council would have. The
    second council has `children_per_council` children unless `children_in_second_council`
    says. With `through_actions`, only each of those councils' first that many children have
    their strategy discussions made through the actions; the rest are written directly (the
    benchmark's thousands: see `_quick_discussion`). The third council, on Darlington's
    procedure, is small: its children (`children_in_third_council`, by default one at each
    of its stages) are all made through the actions."""
    with _nobody_told(), transaction.atomic():
        return _load(
            children_per_council,
            seed,
            now,
            children_per_social_worker,
            children_in_second_council,
            through_actions,
            children_in_third_council,
        )


def _load(
    children_per_council: int,
    seed: int,
    now: datetime | None,
    children_per_social_worker: int | None,
    children_in_second_council: int | None,
    through_actions: int | None,
    children_in_third_council: int | None,
) -> Demo:
    password = make_password(DEMO_PASSWORD)  # one hash for every account: hashing is slow
    councils = [
        _council("Northby City Council", "northby", "triborough", password),
        _council("Southdale Borough Council", "southdale", "sheffield", password),
    ]
    third = _council(THIRD_COUNCIL, "eastbury", "darlington", password)
    partners, schools = _partners(
        [demo.council for demo in (*councils, third)],
        [demo.council for demo in councils],
        password,
    )
    agencies = list(Agency.objects.all())
    suggested = {}
    for code, kind in AGENCY_KIND_OF.items():
        of_kind = [agency for agency in agencies if agency.kind == kind]
        if len(of_kind) == 1:
            suggested[code] = of_kind[0]
    load = _Load(now or timezone.now(), random.Random(seed), partners, schools, suggested)
    sizes = [
        children_per_council,
        children_per_council if children_in_second_council is None else children_in_second_council,
    ]
    for demo, size in zip(councils, sizes, strict=True):
        if children_per_social_worker:
            slug = demo.council.name.split()[0].lower()
            extra = max(0, size // children_per_social_worker - 2)
            # Teams of eight social workers, as councils organise them.
            demo.caseload_teams = [
                Team.objects.create(council=demo.council, name=f"Caseload team {n + 1}")
                for n in range(-(-extra // TEAM_SIZE))
            ]
            demo.caseload_workers = User.objects.bulk_create(
                User(
                    email=f"caseload.{n}@{slug}.invalid",
                    full_name=f"Caseload Worker {n} ({slug.capitalize()})",
                    role=Role.SOCIAL_WORKER,
                    council=demo.council,
                    team=demo.caseload_teams[n // TEAM_SIZE],
                    password="!",  # unusable: these accounts only hold caseloads
                )
                for n in range(extra)
            )
        for index in range(size):
            load.quick = through_actions is not None and index >= through_actions
            _case(demo, load, STAGES[index % len(STAGES)], index // len(STAGES))
    stages = _third_council_cases(load.now)
    load.quick = False
    seen: Counter[str] = Counter()
    for index in range(
        len(stages) if children_in_third_council is None else children_in_third_council
    ):
        stage, variant = stages[index % len(stages)]
        _case(third, load, stage, seen[stage], variant)
        seen[stage] += 1
    if children_in_third_council is None:
        for demo in (*councils, third):
            plan_half(demo, load, _case)
    return Demo([*councils, third], partners)


def demo_sign_ins() -> list[tuple[str, str, str]]:
    """The demo's sign-ins as they are in the database (for a second `convene demo`)."""
    rows = []
    for user in User.objects.filter(email__endswith=".example").select_related("council", "agency"):
        place = user.council.name if user.council else (user.agency.name if user.agency else "")
        rows.append((user.get_role_display(), place, user.email))
    return sorted(rows, key=lambda row: (row[1], row[0]))
