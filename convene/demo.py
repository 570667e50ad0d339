"""Synthetic demonstration data: two councils on different procedures, a police force, an NHS
trust, schools, a user of every role, and children at every stage of the pathway, some with
overdue clocks. Every name is invented; dates are relative to `now` so the clocks are live.

Used by `convene demo` and by the web benchmark (bench/web.py), which asks for many children.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from convene.cases.models import Case, Child, Concerns, Contact, Engagement, HouseholdMember
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import Agency, Council, Role, Team, User
from convene.strategy.models import Authorisation, Invitee, StrategyAction, StrategyDiscussion

DEMO_PASSWORD = "convene-demo-2026"
TEAM_SIZE = 8  # social workers in each caseload team of a large demo council

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
    "strategy_awaiting_authorisation",
    "enquiry_open",
    "enquiry_not_substantiated",
    "awaiting_conference_booking",
    "conference_booked",
)


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


def demo_exists() -> bool:
    return Council.objects.filter(name="Northby City Council").exists()


def _user(email: str, name: str, role: str, **fields: object) -> User:
    user = User(email=email, full_name=name, role=role, **fields)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _council(name: str, slug: str, procedure: str) -> DemoCouncil:
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
            council=council,
            team=team,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
    # A second social worker, so that team views have more than one caseload.
    users["social_worker_2"] = _user(
        f"social.worker.2@{slug}.example",
        f"Sasha Second ({slug.capitalize()})",
        Role.SOCIAL_WORKER,
        council=council,
        team=team,
    )
    return DemoCouncil(council, team, users)


def _partners(councils: list[Council]) -> dict[str, User]:
    police = Agency.objects.create(name="Northshire Police", kind=Agency.Kind.POLICE)
    trust = Agency.objects.create(name="Northshire Community NHS Trust", kind=Agency.Kind.HEALTH)
    school = Agency.objects.create(name="Meadowbank Primary School", kind=Agency.Kind.SCHOOL)
    Agency.objects.create(name="Riverside Academy", kind=Agency.Kind.SCHOOL)
    for agency in Agency.objects.all():
        agency.councils.set(councils)
    return {
        Role.POLICE_OFFICER: _user(
            "police.officer@northshire-police.example",
            "DC Pat Police",
            Role.POLICE_OFFICER,
            agency=police,
        ),
        Role.HEALTH_PROFESSIONAL: _user(
            "health.professional@northshire-nhs.example",
            "Dr Hana Health",
            Role.HEALTH_PROFESSIONAL,
            agency=trust,
        ),
        Role.EDUCATION_SAFEGUARDING_LEAD: _user(
            "safeguarding.lead@meadowbank-school.example",
            "Ed Lead",
            Role.EDUCATION_SAFEGUARDING_LEAD,
            agency=school,
        ),
    }


def _working_hours_ago(now: datetime, days: float) -> datetime:
    return now - timedelta(days=days)


def _child(council: Council, rng: random.Random, now: datetime) -> Child:
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
        address=f"{rng.randint(1, 120)} Synthetic Street, Northby",
        postcode=f"ZZ{rng.randint(1, 9)} {rng.randint(1, 9)}ZZ",
        first_language=rng.choice(["English", "English", "English", "Polish", "Urdu"]),
        interpreter_needed=rng.random() < 0.1,
        hospital=rng.choice(["", "", "", "", "inpatient", "outpatient"]),
        household_adult_concerns=rng.sample(
            ["domestic_abuse", "substance_misuse", "mental_illness"], rng.randint(0, 2)
        ),
    )


CONCERN_SETS = (
    ["physical_abuse"],
    ["neglect"],
    ["emotional_abuse", "domestic_abuse"],
    ["serious_physical_injury"],
    ["sexual_abuse", "intra_familial_sexual_abuse"],
    ["child_sexual_exploitation", "complex"],
)


def _case(
    demo: DemoCouncil, partners: dict[str, User], stage: str, rng: random.Random, now: datetime
) -> Case:
    users = demo.users
    workers = [users[Role.SOCIAL_WORKER], users["social_worker_2"], *demo.caseload_workers]
    # One case in eight has no lead social worker yet: unallocated work for the manager.
    worker = None if rng.random() < 0.125 else rng.choice(workers)
    if worker is not None and worker.team is not None:
        team = worker.team
    elif demo.caseload_teams:
        team = rng.choice([demo.team, *demo.caseload_teams])
    else:
        team = demo.team
    manager = users[Role.TEAM_MANAGER]
    child = _child(demo.council, rng, now)
    if rng.random() < 0.5:
        HouseholdMember.objects.create(
            child=child,
            name=f"{rng.choice(GIVEN_NAMES)} {child.family_name}",
            relationship="Mother",
            parental_responsibility=True,
        )
    if rng.random() < 0.3:
        HouseholdMember.objects.create(
            child=child,
            name=f"{rng.choice(GIVEN_NAMES)} {child.family_name}",
            relationship="Sibling",
            is_child=True,
        )
    # Older cases sit further along the pathway; the spread makes some clocks overdue.
    age_days = {
        "contact_awaiting_decision": rng.uniform(0.05, 3),
        "contact_closed": rng.uniform(2, 40),
        "referral_assessment": rng.uniform(5, 70),
        "concerns_awaiting_strategy": rng.uniform(0.5, 6),
        "strategy_awaiting_authorisation": rng.uniform(2, 8),
        "enquiry_open": rng.uniform(4, 25),
        "enquiry_not_substantiated": rng.uniform(10, 40),
        "awaiting_conference_booking": rng.uniform(10, 25),
        "conference_booked": rng.uniform(10, 25),
    }[stage]
    received = now - timedelta(days=age_days)
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
        referrer_agency=rng.choice(["Meadowbank Primary School", "Northshire NHS", ""]),
        consent=rng.choice(list(Contact.Consent)),
        presenting_issues="Synthetic presenting issues for a demonstration case.",
        reason_and_impact="Synthetic account of the reason and its impact on the child.",
        recorded_by=users[Role.BUSINESS_SUPPORT],
    )
    if stage == "contact_awaiting_decision":
        return case
    decided = received + timedelta(hours=rng.uniform(1, 30))
    contact.decided_at = decided
    contact.decided_by = manager
    contact.decision_reason = "Synthetic reason for the decision."
    if stage == "contact_closed":
        contact.decision = rng.choice(["no_further_action", "advice", "early_help"])
        contact.save()
        case.closed_at = decided
        case.save()
        return case
    contact.decision = "referral_assessment"
    contact.save()
    if stage == "referral_assessment":
        return case
    identified = decided + timedelta(hours=rng.uniform(0.5, 6))
    concerns = Concerns.objects.create(
        case=case,
        identified_at=identified,
        concerns=rng.choice(CONCERN_SETS),
        summary="Synthetic summary of the concerns of significant harm.",
        immediate_action_taken=rng.random() < 0.2,
        forensic_evidence_needed=rng.random() < 0.2,
        recorded_by=worker or users[Role.SOCIAL_WORKER],
    )
    if stage == "concerns_awaiting_strategy":
        return case
    held = identified + timedelta(hours=rng.uniform(2, 40))
    substantiated = stage in ("awaiting_conference_booking", "conference_booked")
    discussion = StrategyDiscussion.objects.create(
        case=case,
        concerns=concerns,
        form="meeting",
        scheduled_for=held,
        held_at=held,
        chair=manager,
        outcome="section_47",
        enquiry="joint",
        decisions_recorded_at=held,
        past_harm="Synthetic past harm.",
        future_danger="Synthetic future danger.",
        safety_goals="Synthetic safety goal.",
    )
    police_invitee = None
    for code, user, agency in (
        ("social_worker", worker, None),
        ("social_work_manager", manager, None),
        ("police", partners[Role.POLICE_OFFICER], partners[Role.POLICE_OFFICER].agency),
        ("health", partners[Role.HEALTH_PROFESSIONAL], partners[Role.HEALTH_PROFESSIONAL].agency),
    ):
        invitee = Invitee.objects.create(
            discussion=discussion,
            attendee=code,
            basis=Invitee.Basis.REQUIRED,
            user=user,
            agency=agency,
            name=user.full_name if user else "Duty social worker",
            attendance=Invitee.Attendance.PRESENT,
        )
        if code == "police":
            police_invitee = invitee
    assert police_invitee is not None
    for partner in (partners[Role.POLICE_OFFICER], partners[Role.HEALTH_PROFESSIONAL]):
        Engagement.objects.create(
            case=case,
            user=partner,
            purpose="Invited to the strategy discussion",
            starts_on=held.date(),
            ends_on=(now + timedelta(days=30)).date(),
            granted_by=manager,
        )
    StrategyAction.objects.create(
        discussion=discussion,
        assigned_to=worker,
        assignee_name="" if worker else "Duty social worker",
        what="Visit the child and see them alone.",
        purpose="To hear the child's account.",
        due_on=(held + timedelta(days=rng.randint(-2, 5))).date(),
    )
    if stage == "strategy_awaiting_authorisation":
        return case
    Authorisation.objects.create(
        discussion=discussion,
        decision="strategy_decision",
        authoriser="social_work_manager",
        user=manager,
        authorised_at=held + timedelta(hours=2),
    )
    Authorisation.objects.create(
        discussion=discussion,
        decision="section_47",
        authoriser="social_work_manager",
        user=manager,
        authorised_at=held + timedelta(hours=2),
    )
    discussion.record_finalised_at = held + timedelta(hours=6)
    discussion.record_finalised_by = manager
    if rng.random() < 0.7:
        discussion.record_circulated_at = held + timedelta(hours=rng.uniform(8, 60))
    discussion.save()
    enquiry = Section47Enquiry.objects.create(
        case=case,
        strategy_discussion=discussion,
        lead_social_worker=worker or users[Role.SOCIAL_WORKER],
        kind="joint",
        started_at=held,
        parental_permission="obtained",
    )
    if rng.random() < 0.8 or stage != "enquiry_open":
        enquiry.child_seen_at = held + timedelta(hours=rng.uniform(3, 30))
        enquiry.seen_alone = rng.random() < 0.7
        enquiry.seen_with = "" if enquiry.seen_alone else "Parent present: the child asked."
    if stage == "enquiry_open":
        enquiry.save()
        return case
    enquiry.completed_at = held + timedelta(days=rng.uniform(3, 9))
    enquiry.outcome = "substantiated" if substantiated else "not_substantiated"
    enquiry.outcome_reasons = "Synthetic reasons for the outcome."
    enquiry.save()
    if stage == "conference_booked":
        InitialConference.objects.create(
            case=case,
            enquiry=enquiry,
            scheduled_for=now + timedelta(days=rng.randint(2, 12)),
            venue="Northby Civic Centre, room 2",
            chair=users[Role.CONFERENCE_CHAIR],
            booked_by=users[Role.BUSINESS_SUPPORT],
            booked_at=enquiry.completed_at + timedelta(hours=4),
        )
    return case


@transaction.atomic
def load_demo(
    children_per_council: int = 30,
    seed: int = 2026,
    now: datetime | None = None,
    children_per_social_worker: int | None = None,
) -> Demo:
    """With `children_per_social_worker`, each council gets enough extra social workers
    (without passwords) for that caseload, as a large council would have."""
    now = now or timezone.now()
    rng = random.Random(seed)
    councils = [
        _council("Northby City Council", "northby", "triborough"),
        _council("Southdale Borough Council", "southdale", "darlington"),
    ]
    partners = _partners([demo.council for demo in councils])
    for demo in councils:
        if children_per_social_worker:
            slug = demo.council.name.split()[0].lower()
            extra = max(0, children_per_council // children_per_social_worker - 2)
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
        for index in range(children_per_council):
            _case(demo, partners, STAGES[index % len(STAGES)], rng, now)
    return Demo(councils, partners)


def demo_sign_ins() -> list[tuple[str, str, str]]:
    """The demo's sign-ins as they are in the database (for a second `convene demo`)."""
    rows = []
    for user in User.objects.filter(email__endswith=".example").select_related("council", "agency"):
        place = user.council.name if user.council else (user.agency.name if user.agency else "")
        rows.append((user.get_role_display(), place, user.email))
    return sorted(rows, key=lambda row: (row[1], row[0]))
