"""`convene demo`: synthetic data a trainer can sign in to, at every stage, some overdue."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from convene.cases.access import cases_visible_to
from convene.cases.models import AgencyInvolvement, Case, Engagement, HouseholdMember
from convene.cases.timeline import case_evaluation, with_timeline_relations
from convene.demo import DEMO_PASSWORD, STAGES, load_demo
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import COUNCIL_ROLES, Agency, Council, Role, User
from convene.strategy.authorisation import (
    POLICE_OFFICER_IN_CHARGE,
    awaiting_authorisation,
    decisions_final,
    record_authorised,
)
from convene.strategy.models import Circulation, Invitee, Scaling, StrategyDiscussion


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def demo(db) -> None:
    call_command("demo", stdout=StringIO())


@pytest.mark.django_db
def test_demo_loads_three_councils_on_three_procedures_and_about_eighty_children() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    # Sheffield's procedure has the police authorise no further action; Tri-borough's not;
    # Darlington's sets the contact's clocks (decision, acknowledgement, allocation).
    assert sorted(Council.objects.values_list("procedure", flat=True)) == [
        "darlington",
        "sheffield",
        "triborough",
    ]
    assert 80 <= Case.objects.count() <= 110  # with the plan half's seven a council
    sizes = Case.objects.values("council__procedure").annotate(n=Count("pk"))
    assert {row["council__procedure"]: row["n"] for row in sizes}["darlington"] >= 15
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {role.value for role in Role}
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed
    assert f"{Case.objects.count()} children in" in printed  # and how long it took
    assert "police.officer@northshire-police.example" in printed


def test_every_council_role_signs_in_for_each_council_with_the_printed_email(demo) -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    for council in Council.objects.all():
        people = User.objects.filter(council=council, email__endswith=".example")
        assert set(people.values_list("role", flat=True)) == COUNCIL_ROLES, council.name
        for user in people:
            assert user.email in printed, user.email
            client = Client()
            response = client.post("/sign-in/", {"username": user.email, "password": DEMO_PASSWORD})
            assert response.status_code == 302, user.email
            assert client.get(response["Location"]).status_code == 200, user.email


def test_demo_cases_cover_the_pathway_and_some_clocks_are_overdue(demo) -> None:
    states: Counter[str] = Counter()
    clocks: set[str] = set()
    for case in with_timeline_relations(Case.objects.all()):
        for clock in case_evaluation(case).clocks:
            states[clock.state] += 1
            clocks.add(clock.clock)
    assert states["overdue"] > 0
    assert states["met"] > 0
    assert states["late"] > 0
    assert {
        "contact_decision",  # Darlington's alone, as are the next two
        "referrer_acknowledgement",
        "assessment_allocation",
        "assessment_completion",
        "strategy_discussion",
        "strategy_record",
        "initial_conference",
    } <= clocks


def _clock_row(body: str, summary: str) -> str:
    """The row of the case page's clock table that gives this rule's summary."""
    start = body.index(summary)
    return body[start : body.index("</tr>", start)]


def test_darlington_contacts_awaiting_a_decision_show_the_24_hour_clock_some_overdue(
    demo,
) -> None:
    today = timezone.localdate()
    waiting = Case.objects.filter(
        council__procedure="darlington", contact__decided_at__isnull=True
    ).order_by("pk")
    assert waiting.count() >= 3
    manager = User.objects.get(council__procedure="darlington", role=Role.TEAM_MANAGER)
    states = []
    for case in with_timeline_relations(waiting):
        clock = case_evaluation(case).latest("contact_decision")
        assert clock is not None and clock.due_minute is not None  # a time, not just a day
        states.append((clock.state, clock.due_day == today))
        page = _client(manager).get(reverse("case_detail", args=[case.pk]))
        assert page.status_code == 200
        row = _clock_row(page.content.decode(), "decides on a contact within 24 hours")
        assert "Decision on the contact" in page.content.decode()
        assert ("Overdue" if clock.state == "overdue" else "Due") in row
    assert [state for state, _ in states].count("overdue") >= 2
    assert ("due", True) in states  # one due later today


def test_darlington_referrals_wait_for_allocation_on_its_two_day_clock(demo) -> None:
    unallocated = Case.objects.filter(
        council__procedure="darlington",
        contact__decision="referral_assessment",
        lead_social_worker__isnull=True,
        concerns__isnull=True,
    )
    states = {
        case_evaluation(case).latest("assessment_allocation").state
        for case in with_timeline_relations(unallocated)
    }
    assert {"due", "overdue"} <= states


def test_a_darlington_conference_booked_late_waits_for_a_managers_agreement(demo) -> None:
    late = InitialConference.objects.filter(case__council__procedure="darlington").exclude(
        delay_reason=""
    )
    assert late.filter(delay_authorised_by__isnull=True).exists()
    agreed = late.filter(delay_authorised_by__isnull=False).first()
    assert agreed is not None and agreed.delay_authorised_by.role == Role.TEAM_MANAGER


def test_running_demo_twice_keeps_one_copy_and_prints_the_sign_ins_again(demo) -> None:
    loaded = Case.objects.count()
    out = StringIO()
    call_command("demo", stdout=out)
    assert Case.objects.count() == loaded
    assert "already loaded" in out.getvalue()
    assert "team.manager@southdale.example" in out.getvalue()


def test_a_strategy_discussion_planned_but_not_held_is_due_today_and_another_overdue(
    demo,
) -> None:
    today = timezone.localdate()
    states = set()
    # Planned: nobody's attendance recorded yet (a discussion counts as held once decided).
    planned = Case.objects.filter(
        council__procedure="triborough",
        strategy_discussions__held_at__isnull=True,
        strategy_discussions__invitees__attendance=Invitee.Attendance.INVITED,
    ).distinct()
    for case in with_timeline_relations(planned):
        clock = case_evaluation(case).latest("strategy_discussion")
        assert clock is not None
        states.add((clock.state, clock.due_day == today))
    assert ("due", True) in states
    assert any(state == "overdue" for state, _ in states)


def test_a_meeting_without_health_shows_the_warning_with_and_without_the_reason(demo) -> None:
    missing = Invitee.objects.filter(
        attendee="health", basis=Invitee.Basis.REQUIRED, discussion__form="meeting"
    ).exclude(attendance__in=[Invitee.Attendance.PRESENT, Invitee.Attendance.INVITED])
    absent = missing.filter(attendance=Invitee.Attendance.ABSENT, absence_reason="").first()
    apologies = missing.filter(attendance=Invitee.Attendance.APOLOGIES).exclude(absence_reason="")
    assert absent is not None and apologies.exists()
    for invitee in (absent, apologies.first()):
        discussion = invitee.discussion
        manager = User.objects.get(council=discussion.case.council, role=Role.TEAM_MANAGER)
        page = _client(manager).get(
            reverse("strategy_detail", args=[discussion.case_id, discussion.pk])
        )
        body = page.content.decode()
        assert page.status_code == 200
        assert "Required agency missing" in body
        assert "The procedure requires health to take part" in body
        if invitee.absence_reason:
            assert invitee.absence_reason in body


def test_no_further_action_for_insufficient_evidence_awaits_the_police_in_sheffield(demo) -> None:
    waiting = [
        discussion
        for discussion in StrategyDiscussion.objects.filter(
            case__council__procedure="sheffield",
            outcome="no_further_action",
            insufficient_evidence=True,
        )
        if [item.authoriser for item in awaiting_authorisation(discussion)]
        == [POLICE_OFFICER_IN_CHARGE]
    ]
    assert waiting
    officer = User.objects.get(role=Role.POLICE_OFFICER)
    discussion = waiting[0]
    page = _client(officer).get(
        reverse("strategy_authorise", args=[discussion.case_id, discussion.pk])
    )
    assert page.status_code == 200


def test_the_demo_has_every_form_outcome_and_kind_of_enquiry(demo) -> None:
    discussions = StrategyDiscussion.objects.all()
    assert set(discussions.values_list("form", flat=True)) == {"meeting", "discussion"}
    assert {"section_47", "no_further_action", "further_strategy_discussion"} <= set(
        discussions.values_list("outcome", flat=True)
    )
    assert set(Section47Enquiry.objects.values_list("kind", flat=True)) == {"single", "joint"}
    assert discussions.filter(referrer_informed_at__isnull=False).exists()
    assert Scaling.objects.exists()
    assert Invitee.objects.exclude(information_shared="").exists()
    assert discussions.filter(agenda__status="addressed").exists()
    assert HouseholdMember.objects.filter(lives_with_child=False).exists()
    assert AgencyInvolvement.objects.exists()


def test_every_circulated_record_was_sent_to_its_participants_who_can_open_it(demo) -> None:
    circulated = StrategyDiscussion.objects.filter(record_circulated_at__isnull=False)
    assert circulated.count() >= 10
    for discussion in circulated:
        sent = list(Circulation.objects.filter(discussion=discussion).select_related("user"))
        assert sent, discussion.pk
        assert all(row.sent_at <= timezone.now() for row in sent)
        for row in sent:
            response = _client(row.user).get(
                reverse("strategy_record_circulated", args=[discussion.case_id, discussion.pk])
            )
            assert response.status_code == 200, (discussion.pk, row.user.email)
    # Nothing is marked circulated that was not sent.
    assert not StrategyDiscussion.objects.filter(
        record_circulated_at__isnull=True, circulations__isnull=False
    ).exists()


def test_each_partner_sign_in_sees_cases_for_a_purpose_until_an_end_date(demo) -> None:
    for role in (Role.POLICE_OFFICER, Role.HEALTH_PROFESSIONAL, Role.EDUCATION_SAFEGUARDING_LEAD):
        partner = User.objects.get(role=role)
        visible = cases_visible_to(partner)
        assert visible.exists(), role
        assert _client(partner).get(f"/cases/{visible.first().pk}/").status_code == 200
        live = Engagement.objects.filter(
            user=partner, revoked_at__isnull=True, ends_on__gte=timezone.localdate()
        )
        assert all(engagement.purpose for engagement in live)
    lead = User.objects.get(role=Role.EDUCATION_SAFEGUARDING_LEAD)
    assert Engagement.objects.filter(user=lead).count() >= 3
    # The force and the trust serve all three councils and take part in each; the lead's
    # school does not serve Darlington's council, so the lead is given none of its cases.
    for role in (Role.POLICE_OFFICER, Role.HEALTH_PROFESSIONAL):
        partner = User.objects.get(role=role)
        assert partner.agency.councils.count() == 3
        engaged = Engagement.objects.filter(user=partner).values_list("case__council", flat=True)
        assert set(engaged) == set(Council.objects.values_list("pk", flat=True)), role
    assert not lead.agency.councils.filter(procedure="darlington").exists()
    assert not Engagement.objects.filter(user=lead, case__council__procedure="darlington")
    darlington_schools = Agency.objects.filter(
        kind=Agency.Kind.SCHOOL, councils__procedure="darlington"
    )
    assert darlington_schools.exists()


@pytest.mark.django_db
def test_a_large_demo_council_has_caseload_teams_of_eight_whose_cases_are_their_own() -> None:
    # 48 children at 4 each: 12 social workers, so 10 more in two teams (8 and 2).
    load_demo(children_per_council=48, children_per_social_worker=4, through_actions=14)
    for council in Council.objects.exclude(procedure="darlington"):  # the small one has none
        workers = User.objects.filter(council=council, email__endswith=".invalid")
        teams = Counter(workers.values_list("team__name", flat=True))
        assert sorted(teams.values()) == [2, 8]
        assert not workers.filter(password__startswith="argon2").exists()  # cannot sign in
        for case in Case.objects.filter(council=council, lead_social_worker__in=workers):
            assert case.team_id == case.lead_social_worker.team_id
        assert Case.objects.filter(council=council, team__isnull=True).count() == 0


@pytest.mark.django_db
def test_one_council_can_be_large_and_the_others_small() -> None:
    load_demo(
        children_per_council=40,
        children_in_second_council=5,
        through_actions=0,
        children_in_third_council=3,
    )
    counts = dict(Case.objects.values_list("council__procedure").annotate(n=Count("pk")))
    assert counts == {"triborough": 40, "sheffield": 5, "darlington": 3}


CORE = ("social_worker", "social_work_manager", "police", "health")


def _shape(case: Case) -> list[tuple[object, ...]]:
    """What a user relies on in a case's discussions, whichever way the demo made them."""
    shape: list[tuple[object, ...]] = []
    partners = (Role.POLICE_OFFICER, Role.HEALTH_PROFESSIONAL)
    for discussion in case.strategy_discussions.order_by("pk"):
        invitees = list(discussion.invitees.all())
        circulated_to = sorted(discussion.circulations.values_list("user_id", flat=True))
        expected = sorted(
            {
                inv.user_id
                for inv in invitees
                if inv.user_id
                and inv.attendance in (Invitee.Attendance.PRESENT, Invitee.Attendance.APOLOGIES)
            }
        )
        assert circulated_to == (expected if discussion.record_circulated_at else [])
        shape.append(
            (
                discussion.outcome,
                discussion.enquiry,
                discussion.insufficient_evidence,
                discussion.held_at is not None,
                discussion.decisions_recorded_by_id is not None,
                discussion.record_finalised_at is not None,
                decisions_final(discussion) if discussion.outcome else None,
                record_authorised(discussion),
                sorted(item.authoriser for item in awaiting_authorisation(discussion)),
                # Who else the procedure asks for depends on the child (in hospital, unborn).
                sorted((inv.attendee, inv.attendance) for inv in invitees if inv.attendee in CORE),
                discussion.agenda.exists(),
                discussion.agenda.filter(status="open").exists(),
                discussion.scalings.exists(),
                discussion.actions.exists(),
            )
        )
    # Every partner a record went to can still open the case.
    live = Engagement.objects.filter(
        case=case, user__role__in=partners, ends_on__gte=timezone.localdate()
    ).values_list("user_id", flat=True)
    sent = Circulation.objects.filter(discussion__case=case, user__role__in=partners)
    assert set(sent.values_list("user_id", flat=True)) <= set(live)
    shape.append(tuple(case.section_47_enquiries.values_list("kind", "outcome")))
    return shape


@pytest.mark.django_db
def test_the_benchmarks_quick_records_are_the_ones_the_actions_make() -> None:
    stages = len(STAGES)
    load_demo(children_per_council=4 * stages, through_actions=2 * stages)
    # (The Darlington council's children are all made through the actions.)
    for council in Council.objects.exclude(procedure="darlington"):
        cases = list(Case.objects.filter(council=council).order_by("pk"))
        for index in range(2 * stages):
            made, quick = cases[index], cases[index + 2 * stages]
            stage = STAGES[index % stages]
            if made.strategy_discussions.exists() or quick.strategy_discussions.exists():
                assert _shape(quick) == _shape(made), (council.procedure, stage)


def test_a_demo_council_administrator_manages_their_own_council_not_the_django_admin(demo):
    # The Django admin lists every council's people; a council's administrator has their own
    # council's administration pages instead.
    for administrator in User.objects.filter(role=Role.ADMINISTRATOR):
        assert not administrator.is_staff and not administrator.is_superuser
        client = Client()
        client.force_login(administrator)
        assert client.get(reverse("administration")).status_code == 200
        assert client.get("/admin/people/user/").status_code == 302  # to the admin sign-in


PLAN_HALF_CLOCKS = (
    "conference_report_to_chair",
    "conference_report_to_parents",
    "conference_decisions",
    "conference_record",
    "first_core_group",
    "first_review",
    "lead_social_worker_visit",
    "bedroom_seen",
    # Darlington's (the demo's Darlington council has them).
    "core_group",
    "plan_distribution",
    "excluded_parent_report",
    "agency_views_requested",
    "agency_views_received",
    "receiving_conference",
)


def test_the_demos_plan_half_meets_each_clock_somewhere_and_misses_it_somewhere(demo) -> None:
    from convene.conferences.models import Conference
    from convene.plans.models import ChildProtectionPlan

    states: dict[str, set[str]] = {clock: set() for clock in PLAN_HALF_CLOCKS}
    for case in with_timeline_relations(Case.objects.all()):
        for clock in case_evaluation(case).clocks:
            if clock.clock in states:
                states[clock.clock].add(clock.state)
    for clock, seen in states.items():
        assert "met" in seen, clock
        assert seen & {"late", "overdue"}, clock
    endings = set(ChildProtectionPlan.objects.values_list("ending", flat=True))
    assert {"", "review", "moved"} <= endings
    assert Conference.objects.filter(adjourned_at__isnull=False, held_at__isnull=True).exists()
    assert Conference.objects.filter(kind="review", decision="continue").exists()
