"""My work shows each role what is theirs to do, and not what is someone else's: a partner
never sees social care's timescales, a manager sees the decisions they may authorise, business
support the records to circulate, a chair the conferences booked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from convene.cases.models import Contact
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import Role
from convene.strategy.authorisation import required_authorisations
from convene.strategy.models import Authorisation, Circulation, Invitee
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ContactFactory,
    CouncilFactory,
    EngagementFactory,
    StrategyActionFactory,
    StrategyDiscussionFactory,
    TeamFactory,
    UserFactory,
    held_strategy_discussion,
    local,
)

NOW = local(2026, 3, 20, 10, 0)  # a Friday


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def open_case(council, given_name, lead=None, team=None):
    child = ChildFactory(council=council, given_name=given_name)
    return CaseFactory(child=child, lead_social_worker=lead, team=team)


def page_for(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, anchor: str, following: str | None = None) -> str:
    part = page.split(f'id="{anchor}"')[1]
    return part.split(f'id="{following}"')[0] if following else part


def substantiated(case, discussion, completed_at):
    return Section47Enquiry.objects.create(
        case=case,
        strategy_discussion=discussion,
        lead_social_worker=case.lead_social_worker,
        kind="single",
        started_at=discussion.held_at,
        outcome=Section47Enquiry.Outcome.SUBSTANTIATED,
        completed_at=completed_at,
    )


def book(case, enquiry, when, booked_by, chair=None):
    """A booking as the booking page makes it: with its conference to hold."""
    from convene.conferences.actions import do_sync_booked_conference

    booking = InitialConference.objects.create(
        case=case,
        enquiry=enquiry,
        scheduled_for=when,
        venue="Testshire Civic Centre, Room 2",
        chair=chair,
        booked_by=booked_by,
        booked_at=when - timedelta(days=10),
    )
    do_sync_booked_conference(booking)
    return booking


def authorise_everything(discussion, user):
    for item in required_authorisations(discussion):
        Authorisation.objects.create(
            discussion=discussion, decision=item.decision, authoriser=item.authoriser, user=user
        )


# --- Partners -------------------------------------------------------------------------------


@pytest.fixture
def darlington(db):
    """A council whose procedure sets the assessment, acknowledgement and conference report
    clocks (Darlington's), with a social worker, business support and a chair."""
    council = CouncilFactory(name="Darlingshire", procedure="darlington")
    return {
        "council": council,
        Role.SOCIAL_WORKER: UserFactory(council=council, role=Role.SOCIAL_WORKER),
        Role.BUSINESS_SUPPORT: UserFactory(council=council, role=Role.BUSINESS_SUPPORT),
        Role.CONFERENCE_CHAIR: UserFactory(
            council=council, role=Role.CONFERENCE_CHAIR, full_name="Darlingshire Chair"
        ),
    }


def test_a_partner_never_sees_social_cares_own_timescales(client, cast, darlington, frozen):
    worker = darlington[Role.SOCIAL_WORKER]
    case = open_case(darlington["council"], "Amberly", lead=worker)
    # Referred for an assessment on Monday: the assessment is to be allocated, the referrer
    # acknowledged, both by social care.
    ContactFactory(
        case=case,
        received_at=local(2026, 3, 16, 9, 0),
        decided_at=local(2026, 3, 16, 12, 0),
        decision=Contact.Decision.REFERRAL_ASSESSMENT,
        recorded_by=worker,
    )
    officer = cast[Role.POLICE_OFFICER]
    EngagementFactory(case=case, user=officer, ends_on=date(2026, 4, 30))

    assert "Allocate the assessment" in page_for(client, worker)
    page = page_for(client, officer)
    assert "Amberly" in section(page, "cases")
    assert "Allocate the assessment" not in page
    assert "Acknowledge the referrer" not in page
    assert "What is due" not in page  # no table of clocks at all


@pytest.fixture
def partner_cases(cast, frozen):
    worker = cast[Role.SOCIAL_WORKER]
    officer = cast[Role.POLICE_OFFICER]
    engaged = open_case(cast.council, "Amberly", lead=worker, team=cast.team)
    held = held_strategy_discussion(engaged, local(2026, 3, 2, 15, 0))
    EngagementFactory(
        case=engaged, user=officer, purpose="Joint section 47 enquiry", ends_on=date(2026, 3, 24)
    )
    # New concerns: a meeting on Monday, the officer invited by name.
    planned = StrategyDiscussionFactory(case=engaged, scheduled_for=local(2026, 3, 23, 14, 0))
    Invitee.objects.create(
        discussion=planned, attendee="police", basis=Invitee.Basis.REQUIRED, user=officer
    )
    Invitee.objects.create(
        discussion=held, attendee="police", basis=Invitee.Basis.REQUIRED, user=officer
    )
    second = open_case(cast.council, "Brackenly", lead=worker, team=cast.team)
    EngagementFactory(case=second, user=officer, ends_on=date(2026, 5, 1))
    # The force is invited, no officer named yet.
    agency_invited = StrategyDiscussionFactory(
        case=second, form="discussion", scheduled_for=local(2026, 3, 25, 11, 0)
    )
    Invitee.objects.create(
        discussion=agency_invited,
        attendee="police",
        basis=Invitee.Basis.REQUIRED,
        agency=cast.police,
    )
    # A colleague from the same force is named for another: not this officer's invitation.
    colleague = StrategyDiscussionFactory(case=second, scheduled_for=local(2026, 3, 26, 9, 30))
    Invitee.objects.create(
        discussion=colleague,
        attendee="police",
        basis=Invitee.Basis.REQUIRED,
        agency=cast.police,
        user=UserFactory(role=Role.POLICE_OFFICER, council=None, agency=cast.police),
    )
    # Invited to a discussion about a child whose case the officer cannot see.
    unseen = open_case(cast.council, "Corvenly", lead=worker, team=cast.team)
    hidden = StrategyDiscussionFactory(case=unseen, scheduled_for=local(2026, 3, 23, 9, 0))
    Invitee.objects.create(
        discussion=hidden, attendee="police", basis=Invitee.Basis.REQUIRED, user=officer
    )
    invitee = held.invitees.get()
    Circulation.objects.create(
        discussion=held, invitee=invitee, user=officer, sent_at=local(2026, 3, 3, 16, 0)
    )
    older = held_strategy_discussion(engaged, local(2026, 1, 12, 10, 0))
    Circulation.objects.create(
        discussion=older,
        invitee=Invitee.objects.create(
            discussion=older, attendee="police", basis=Invitee.Basis.REQUIRED, user=officer
        ),
        user=officer,
        sent_at=local(2026, 1, 13, 10, 0),
        first_viewed_at=local(2026, 1, 14, 10, 0),
    )
    StrategyActionFactory(
        discussion=held, assigned_to=officer, what="Check police records", due_on=date(2026, 3, 19)
    )
    StrategyActionFactory(
        discussion=held, assigned_to=worker, what="Visit the school", due_on=date(2026, 3, 19)
    )
    return {"engaged": engaged, "planned": planned, "held": held, "second": second}


def test_a_partner_sees_their_own_actions_with_due_dates(client, cast, partner_cases):
    actions = section(page_for(client, cast[Role.POLICE_OFFICER]), "actions", "invitations")
    assert "Check police records" in actions and "19 March 2026" in actions
    assert "Overdue" in actions
    assert "Visit the school" not in actions


def test_a_partner_sees_the_discussions_they_or_their_agency_are_invited_to(
    client, cast, partner_cases
):
    invitations = section(page_for(client, cast[Role.POLICE_OFFICER]), "invitations", "circulated")
    assert invitations.index("23 March 2026, 14:00") < invitations.index("25 March 2026, 11:00")
    assert "Your agency is invited" in invitations
    planned = partner_cases["planned"]
    assert f'href="/cases/{partner_cases["engaged"].pk}/strategy/{planned.pk}/"' in invitations
    assert "26 March 2026" not in invitations  # a colleague's invitation
    assert "Corvenly" not in invitations  # a case they cannot see
    assert "2 March 2026" not in invitations  # already held


def test_a_partner_sees_the_records_sent_to_them_recently(client, cast, partner_cases):
    circulated = section(page_for(client, cast[Role.POLICE_OFFICER]), "circulated", "cases")
    held = partner_cases["held"]
    assert f"/cases/{partner_cases['engaged'].pk}/strategy/{held.pk}/record/circulated/" in (
        circulated
    )
    assert "3 March 2026, 16:00" in circulated and "Not read yet" in circulated
    assert "13 January 2026" not in circulated  # more than four weeks ago


def test_a_partner_sees_what_each_engagement_is_for_and_when_access_ends(
    client, cast, partner_cases
):
    cases = section(page_for(client, cast[Role.POLICE_OFFICER]), "cases")
    assert cases.index("Amberly") < cases.index("Brackenly")  # ending soonest first
    assert "Joint section 47 enquiry" in cases
    assert "End of 24 March 2026" in cases and "Ends soon" in cases
    assert "End of 1 May 2026" in cases


def test_another_agencys_partner_sees_none_of_it(client, cast, partner_cases):
    page = page_for(client, cast[Role.HEALTH_PROFESSIONAL])
    assert "Amberly" not in page and "Brackenly" not in page
    assert "You are not invited to any strategy discussion that is still to be held." in page
    assert "No records have been sent to you in the last 28 days." in page
    assert "You have no actions to do." in page


# --- Managers -------------------------------------------------------------------------------


@pytest.fixture
def decisions(cast, frozen):
    worker = cast[Role.SOCIAL_WORKER]
    manager = cast[Role.TEAM_MANAGER]
    elsewhere = TeamFactory(council=cast.council, name="Long-term team")
    cases = {
        "waiting": open_case(cast.council, "Amberly", lead=worker, team=cast.team),
        "own": open_case(cast.council, "Brackenly", lead=worker, team=cast.team),
        "police": open_case(cast.council, "Corvenly", lead=worker, team=cast.team),
        "done": open_case(cast.council, "Dunmorly", lead=worker, team=cast.team),
        "other_team": open_case(
            cast.council,
            "Elsworthy",
            team=elsewhere,
            lead=UserFactory(council=cast.council, team=elsewhere),
        ),
        "led": open_case(cast.council, "Fenwickly", lead=manager, team=cast.team),
    }
    waiting = held_strategy_discussion(cases["waiting"], local(2026, 3, 18, 11, 0))
    # Decisions the manager recorded themselves: another manager must authorise them.
    held_strategy_discussion(cases["own"], local(2026, 3, 17, 11, 0), decisions_recorded_by=manager)
    # No further action for insufficient evidence: the manager has agreed, the police not yet.
    police = held_strategy_discussion(
        cases["police"],
        local(2026, 3, 16, 11, 0),
        outcome="no_further_action",
        insufficient_evidence=True,
    )
    for item in required_authorisations(police):
        if item.authoriser == "social_work_manager":
            Authorisation.objects.create(
                discussion=police, decision=item.decision, authoriser=item.authoriser, user=manager
            )
    authorise_everything(
        held_strategy_discussion(cases["done"], local(2026, 3, 16, 11, 0)), manager
    )
    held_strategy_discussion(cases["other_team"], local(2026, 3, 16, 11, 0))
    held_strategy_discussion(cases["led"], local(2026, 3, 19, 9, 0), outcome="child_in_need")
    authorise_everything(cases["led"].strategy_discussions.get(), cast[Role.SERVICE_MANAGER])
    cases["waiting_discussion"] = waiting
    return cases


def test_a_manager_sees_the_decisions_awaiting_their_authorisation(client, cast, decisions):
    page = page_for(client, cast[Role.TEAM_MANAGER])
    awaiting = section(page, "awaiting-authorisation", "cases-you-lead")
    case, discussion = decisions["waiting"], decisions["waiting_discussion"]
    assert f'href="/cases/{case.pk}/strategy/{discussion.pk}/authorise/"' in awaiting
    assert "Amberly" in awaiting and "Social work manager" in awaiting
    assert "18 March 2026, 11:00" in awaiting
    assert 'href="/team/"' in page


def test_a_manager_is_not_asked_for_what_they_may_not_authorise(client, cast, decisions):
    awaiting = section(
        page_for(client, cast[Role.TEAM_MANAGER]), "awaiting-authorisation", "cases-you-lead"
    )
    assert "Brackenly" not in awaiting  # they recorded the decisions: four eyes
    assert "Corvenly" not in awaiting  # waiting on the police officer in charge
    assert "Dunmorly" not in awaiting  # already authorised
    assert "Elsworthy" not in awaiting  # another team's


def test_a_service_manager_with_no_team_sees_the_whole_councils_decisions(client, cast, decisions):
    manager = cast[Role.SERVICE_MANAGER]
    manager.team = None
    manager.save()
    awaiting = section(page_for(client, manager), "awaiting-authorisation", "cases-you-lead")
    assert "Amberly" in awaiting and "Elsworthy" in awaiting
    # The team manager recorded Brackenly's decisions, so the service manager may authorise.
    assert "Brackenly" in awaiting


def test_a_manager_sees_the_clocks_of_the_cases_they_lead(client, cast, decisions):
    page = page_for(client, cast[Role.TEAM_MANAGER])
    led = section(page, "cases-you-lead", "actions")
    assert "Fenwickly" in led and "Circulate the strategy discussion record" in led
    assert "Amberly" not in led  # led by the social worker


def test_a_manager_who_leads_no_case_is_told_so(client, cast, frozen):
    page = page_for(client, cast[Role.TEAM_MANAGER])
    assert "No decisions are waiting for you to authorise them." in page
    assert "You are not the lead social worker for any open case." in page


# --- Business support -----------------------------------------------------------------------


@pytest.fixture
def records(cast, frozen):
    worker = cast[Role.SOCIAL_WORKER]
    cases = {
        # Record due 3 March: 17 days overdue. Initial conference due 23 March (the worker's).
        "late": open_case(cast.council, "Amberly", lead=worker, team=cast.team),
        "circulated": open_case(cast.council, "Brackenly", lead=worker, team=cast.team),
        # No team and no lead social worker: still business support's to circulate.
        "unallocated": open_case(cast.council, "Corvenly"),
        "to_book": open_case(cast.council, "Dunmorly", lead=worker, team=cast.team),
        "booked": open_case(cast.council, "Elsworthy", lead=worker, team=cast.team),
    }
    held_strategy_discussion(cases["late"], local(2026, 3, 2, 15, 0))
    held_strategy_discussion(
        cases["circulated"],
        local(2026, 3, 2, 15, 0),
        record_circulated_at=local(2026, 3, 3, 9, 0),
    )
    held_strategy_discussion(cases["unallocated"], local(2026, 3, 19, 15, 0))
    for key in ("to_book", "booked"):
        discussion = held_strategy_discussion(
            cases[key], local(2026, 2, 23, 10, 0), record_circulated_at=local(2026, 2, 23, 16, 0)
        )
        cases[f"{key}_enquiry"] = substantiated(cases[key], discussion, local(2026, 3, 9, 12, 0))
    book(
        cases["booked"],
        cases["booked_enquiry"],
        local(2026, 3, 24, 10, 0),
        cast[Role.BUSINESS_SUPPORT],
    )
    return cases


def test_business_support_sees_an_overdue_circulation_and_not_the_social_workers_clocks(
    client, cast, records
):
    page = page_for(client, cast[Role.BUSINESS_SUPPORT])
    overdue = section(page, "overdue", "due-today")
    assert "Amberly" in overdue and "Circulate the strategy discussion record" in overdue
    assert "17 days overdue" in overdue
    assert cast[Role.SOCIAL_WORKER].full_name in overdue  # who leads the case
    assert "Brackenly" not in page  # circulated
    assert "Hold the initial child protection conference" not in page
    assert "Complete the section 47 enquiry" not in page


def test_business_support_circulates_for_cases_with_no_team_too(client, cast, records):
    today = section(page_for(client, cast[Role.BUSINESS_SUPPORT]), "due-today", "due-later")
    assert "Corvenly" in today and "Not allocated" in today


def test_business_support_sees_the_conferences_to_book(client, cast, records):
    to_book = section(page_for(client, cast[Role.BUSINESS_SUPPORT]), "to-book", "actions")
    case, enquiry = records["to_book"], records["to_book_enquiry"]
    assert "Dunmorly" in to_book
    assert f'href="/cases/{case.pk}/enquiry/{enquiry.pk}/"' in to_book
    assert "Elsworthy" not in to_book  # booked


def test_business_support_of_another_council_sees_none_of_it(client, cast, records):
    other = UserFactory(
        role=Role.BUSINESS_SUPPORT, council=cast.other_council_social_worker.council
    )
    page = page_for(client, other)
    assert "Amberly" not in page and "Dunmorly" not in page
    assert "Nothing is overdue." in page
    assert "No initial conference is waiting to be booked." in page


def test_a_record_due_after_the_easter_weekend_is_not_overdue_on_easter_monday(
    client, cast, frozen
):
    case = open_case(cast.council, "Amberly", lead=cast[Role.SOCIAL_WORKER], team=cast.team)
    # Held on Maundy Thursday: one working day later is Tuesday 7 April, after Good Friday
    # and Easter Monday.
    held_strategy_discussion(case, local(2026, 4, 2, 15, 0))
    frozen.move_to(local(2026, 4, 6, 10, 0))
    page = page_for(client, cast[Role.BUSINESS_SUPPORT])
    assert "Amberly" not in section(page, "overdue", "due-today")
    later = section(page, "due-later", "to-book")
    assert "Amberly" in later and "7 April 2026" in later and "Due tomorrow" in later


# --- Conference chairs ------------------------------------------------------------------------


def test_a_chair_sees_the_conferences_booked_in_their_council(client, cast, records):
    chair = cast[Role.CONFERENCE_CHAIR]
    from convene.conferences.models import Conference

    InitialConference.objects.filter(case=records["booked"]).update(chair=chair)
    Conference.objects.filter(case=records["booked"]).update(chair=chair)
    page = page_for(client, chair)
    booked = section(page, "booked", "to-book")
    assert "Elsworthy" in booked
    assert "Tuesday 24 March 2026, 10:00" in booked
    assert "Testshire Civic Centre, Room 2" in booked
    assert "You" in booked
    # Sheffield's procedure sets no timescale for the reports.
    assert "The procedure sets no timescale for the reports." in booked
    to_book = section(page, "to-book", "actions")
    assert "Dunmorly" in to_book and "Elsworthy" not in to_book
    assert "Amberly" not in page  # no enquiry yet


def test_a_chair_sees_the_reports_due_before_a_conference_counted_round_easter(
    client, darlington, frozen
):
    worker = darlington[Role.SOCIAL_WORKER]
    case = open_case(darlington["council"], "Gorsely", lead=worker)
    discussion = held_strategy_discussion(case, local(2026, 3, 9, 10, 0))
    enquiry = substantiated(case, discussion, local(2026, 3, 20, 9, 0))
    # The Tuesday after Easter Monday: three working days before it is Tuesday 31 March
    # (Good Friday and Easter Monday are not working days), two is Wednesday 1 April.
    book(case, enquiry, local(2026, 4, 7, 10, 0), darlington[Role.BUSINESS_SUPPORT])
    frozen.move_to(local(2026, 4, 1, 10, 0))
    booked = section(page_for(client, darlington[Role.CONFERENCE_CHAIR]), "booked", "to-book")
    chair_report = booked.split("Send the report to the conference chair")[1].split("</p>")[0]
    assert "31 March 2026" in chair_report and "Overdue" in chair_report
    parents = booked.split("Share the report with the parents")[1].split("</p>")[0]
    assert "1 April 2026" in parents and "Due today" in parents
    # Business support sees the same reports among their work.
    page = page_for(client, darlington[Role.BUSINESS_SUPPORT])
    assert "Send the report to the conference chair" in section(page, "overdue", "due-today")
    assert "Share the report with the parents" in section(page, "due-today", "due-later")


def test_a_chair_with_nothing_booked_is_told_so(client, cast, frozen):
    page = page_for(client, cast[Role.CONFERENCE_CHAIR])
    assert "No conference is waiting to be held." in page
    assert "No initial conference is waiting to be booked." in page


# --- Administrators ---------------------------------------------------------------------------


def test_an_administrator_is_told_they_have_no_casework(client, cast, records):
    page = page_for(client, cast[Role.ADMINISTRATOR])
    assert "You have no casework" in page
    try:
        administration = reverse("administration")
    except NoReverseMatch:  # council administration not installed
        assert "managed in council administration" in page
    else:
        assert f'href="{administration}">Go to council administration' in page
    assert "Amberly" not in page and "Dunmorly" not in page


# --- Constant queries -------------------------------------------------------------------------


def _grow(cast, count: int, offset: int) -> None:
    """`count` more cases of every kind a role's My work reads."""
    worker = cast[Role.SOCIAL_WORKER]
    officer = cast[Role.POLICE_OFFICER]
    manager = cast[Role.TEAM_MANAGER]
    for n in range(offset, offset + count):
        case = open_case(cast.council, "Q", lead=worker if n % 2 else manager, team=cast.team)
        ContactFactory(case=case, received_at=local(2026, 2, 20, 9, 0), recorded_by=worker)
        held = held_strategy_discussion(case, local(2026, 2, 23, 10, 0) + timedelta(minutes=n))
        enquiry = substantiated(case, held, local(2026, 3, 9, 12, 0))
        if n % 2:
            book(case, enquiry, local(2026, 3, 30, 10, 0), cast[Role.BUSINESS_SUPPORT])
        EngagementFactory(case=case, user=officer, ends_on=date(2026, 4, 30))
        planned = StrategyDiscussionFactory(case=case, scheduled_for=local(2026, 3, 23, 14, 0))
        Invitee.objects.create(
            discussion=planned, attendee="police", basis="required", user=officer
        )
        invitee = Invitee.objects.create(
            discussion=held, attendee="police", basis="required", agency=cast.police
        )
        Circulation.objects.create(
            discussion=held, invitee=invitee, user=officer, sent_at=local(2026, 3, 10, 9, 0)
        )
        StrategyActionFactory(discussion=held, assigned_to=officer)
        StrategyActionFactory(discussion=held, assigned_to=worker)


@pytest.mark.parametrize(
    ("role", "marker"),
    [
        (Role.SOCIAL_WORKER, "Circulate the strategy discussion record"),
        (Role.TEAM_MANAGER, "/authorise/"),
        (Role.SERVICE_MANAGER, "/authorise/"),
        (Role.BUSINESS_SUPPORT, "Circulate the strategy discussion record"),
        (Role.CONFERENCE_CHAIR, "Testshire Civic Centre"),
        (Role.POLICE_OFFICER, "/record/circulated/"),
        (Role.HEALTH_PROFESSIONAL, "My work"),
        (Role.ADMINISTRATOR, "no casework"),
    ],
)
def test_my_work_makes_the_same_number_of_queries_for_2_or_14_cases(
    client, cast, frozen, django_assert_max_num_queries, role, marker
):
    user = cast[role]
    client.force_login(user)
    _grow(cast, 2, 0)
    client.get("/")  # warm the caches (content types, procedures)
    with CaptureQueriesContext(connection) as few:
        assert marker in client.get("/").content.decode()
    _grow(cast, 12, 2)
    with django_assert_max_num_queries(len(few)):
        page = client.get("/").content.decode()
    assert marker in page
