"""Pages and API endpoints make the same number of queries however much a case holds, for the
council's staff and for a partner engaged on the case.

One case with a strategy discussion (held, decided, its record finalised and circulated), a
section 47 enquiry and its conference is opened at each URL; then the case grows (more people
invited, more actions, scalings, circulations, partners given access, household members) and
the same URL must be answered with no more queries than before. A page that asks about each
row separately (the engagement for every action, say) fails here.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from convene.cases.models import HouseholdMember
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import Agency, Role
from convene.strategy.models import Circulation, Invitee, Scaling, StrategyAction
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    ContactFactory,
    EngagementFactory,
    UserFactory,
    held_strategy_discussion,
)


class World:
    """The case and its records, and `grow` to add more of everything."""

    def __init__(self, cast) -> None:
        self.cast = cast
        worker = cast[Role.SOCIAL_WORKER]
        self.partner = cast[Role.HEALTH_PROFESSIONAL]
        now = timezone.now()
        self.case = CaseFactory(
            child__council=cast.council, lead_social_worker=worker, team=cast.team
        )
        ContactFactory(case=self.case, recorded_by=worker, received_at=now - timedelta(days=4))
        self.discussion = held_strategy_discussion(
            self.case,
            now - timedelta(days=2),
            decisions_recorded_by=worker,
            record_finalised_at=now - timedelta(days=1),
            record_finalised_by=worker,
            record_circulated_at=now - timedelta(days=1),
        )
        EngagementFactory(case=self.case, user=self.partner, granted_by=worker)
        mine = Invitee.objects.create(
            discussion=self.discussion,
            attendee="health",
            basis=Invitee.Basis.REQUIRED,
            user=self.partner,
            agency=cast.trust,
            attendance=Invitee.Attendance.PRESENT,
        )
        Circulation.objects.create(discussion=self.discussion, invitee=mine, user=self.partner)
        self.enquiry = Section47Enquiry.objects.create(
            case=self.case,
            strategy_discussion=self.discussion,
            lead_social_worker=worker,
            kind="joint",
            started_at=now - timedelta(days=2),
            child_seen_at=now - timedelta(days=1),
            seen_alone=True,
            parental_permission=Section47Enquiry.Permission.OBTAINED,
            outcome=Section47Enquiry.Outcome.SUBSTANTIATED,
            outcome_reasons="Synthetic: substantiated.",
            completed_at=now - timedelta(hours=5),
        )
        self.conference = InitialConference.objects.create(
            case=self.case,
            enquiry=self.enquiry,
            scheduled_for=now + timedelta(days=5),
            venue="Synthetic Room 1",
            chair=cast[Role.CONFERENCE_CHAIR],
            booked_by=cast[Role.BUSINESS_SUPPORT],
            booked_at=now,
        )
        self.grown = 0

    def grow(self, n: int) -> None:
        """n more of every kind of row the pages list."""
        worker = self.cast[Role.SOCIAL_WORKER]
        for _ in range(n):
            self.grown += 1
            agency = AgencyFactory(kind=Agency.Kind.SCHOOL)
            agency.councils.add(self.cast.council)
            person = UserFactory(role=Role.EDUCATION_SAFEGUARDING_LEAD, council=None, agency=agency)
            EngagementFactory(case=self.case, user=person, granted_by=worker)
            invitee = Invitee.objects.create(
                discussion=self.discussion,
                attendee="school",
                basis=Invitee.Basis.ADDED,
                user=person,
                agency=agency,
                attendance=Invitee.Attendance.PRESENT,
                information_shared="Synthetic: attendance has dropped.",
            )
            Scaling.objects.create(
                discussion=self.discussion, invitee=invitee, score=5, reason="Synthetic."
            )
            Circulation.objects.create(discussion=self.discussion, invitee=invitee, user=person)
            # Actions for the engaged partner (each one they may mark complete) and others.
            for assignee in (self.partner, person):
                StrategyAction.objects.create(
                    discussion=self.discussion,
                    assigned_to=assignee,
                    what=f"Synthetic action {self.grown}",
                    purpose="Synthetic purpose.",
                    due_on=timezone.localdate() + timedelta(days=3),
                )
            HouseholdMember.objects.create(
                child=self.case.child, name=f"Synthetic Relative {self.grown}", relationship="Aunt"
            )

    def url(self, name: str) -> str:
        c, d, e = self.case.pk, self.discussion.pk, self.enquiry.pk
        api = {
            "api-case-detail": c,
            "api-case-clocks": c,
            "api-child-detail": self.case.child_id,
            "api-strategy-discussion-detail": d,
            "api-section-47-enquiry-detail": e,
            "api-initial-conference-detail": self.conference.pk,
        }
        if name in api:
            return reverse(name, kwargs={"pk": api[name]})
        if name.startswith("strategy_"):
            return reverse(name, args=[c, d])
        if name.startswith(("enquiry_", "conference_")):
            return reverse(name, args=[c, e])
        return reverse(name, args=[c])


# Each page, and what the council's social worker and the engaged health professional get.
PAGES = {
    "strategy_detail": (200, 200),
    "strategy_plan": (200, 403),
    "strategy_invitees": (200, 403),
    "strategy_information": (200, 200),
    "strategy_agenda": (200, 403),
    "strategy_analysis": (200, 403),
    "strategy_decisions": (200, 403),
    "strategy_actions": (200, 200),
    "strategy_authorise": (200, 200),
    "strategy_record": (200, 403),
    "strategy_record_circulated": (200, 200),
    "case_access": (200, 403),
    "enquiry_detail": (200, 200),
    "enquiry_child_seen": (200, 403),
    "enquiry_outcome": (200, 403),
    "conference_book": (200, 403),
    "conference_delay_agree": (403, 403),  # only a manager agrees to a delay
    "api-case-detail": (200, 200),
    "api-case-clocks": (200, 403),  # social care's clocks: not a partner's
    "case_detail": (200, 200),
    "api-child-detail": (200, 200),
    "api-strategy-discussion-detail": (200, 200),
    "api-section-47-enquiry-detail": (200, 200),
    "api-initial-conference-detail": (200, 200),
}


def _count(client: Client, url: str, status: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status, url
    return len(queries)


@pytest.mark.parametrize("who", ["council social worker", "engaged health professional"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_page_makes_the_same_number_of_queries_however_much_the_case_holds(
    cast, page, who
) -> None:
    world = World(cast)
    staff = who == "council social worker"
    user = cast[Role.SOCIAL_WORKER] if staff else world.partner
    status = PAGES[page][0 if staff else 1]
    client = Client()
    client.force_login(user)
    url = world.url(page)
    world.grow(2)
    client.get(url)  # warm the caches (the procedure, the session)
    few = _count(client, url, status)
    world.grow(8)
    many = _count(client, url, status)
    assert many == few, f"{page} as {who}: {few} queries, then {many}"


def test_a_partner_on_the_actions_page_makes_the_same_queries_for_2_or_10_of_their_actions(
    cast,
) -> None:
    world = World(cast)
    client = Client()
    client.force_login(world.partner)
    url = world.url("strategy_actions")

    def add_actions(n: int) -> None:
        for i in range(n):
            StrategyAction.objects.create(
                discussion=world.discussion,
                assigned_to=world.partner,
                what=f"Synthetic action {i}",
                purpose="Synthetic purpose.",
                due_on=timezone.localdate() + timedelta(days=3),
            )

    add_actions(2)
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        response = client.get(url)
    assert response.content.decode().count("Mark complete") == 2
    add_actions(8)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(url)
    assert response.content.decode().count("Mark complete") == 10
    assert len(ten) == len(two)
