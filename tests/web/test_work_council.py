"""The council overview: open cases by stage, clocks by state, overdue by clock."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from convene.cases.models import Case
from convene.cases.timeline import case_evaluation, case_timeline
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import ClosureDay, Role
from convene.strategy.authorisation import required_authorisations
from convene.strategy.models import Authorisation
from convene.work.clocks import council_counts, scope_cases, scope_rows, stages, timeline_document
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ConcernsFactory,
    ContactFactory,
    UserFactory,
    held_strategy_discussion,
    local,
)

NOW = local(2026, 3, 20, 10, 0)  # a Friday


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def new_case(council, lead=None):
    return CaseFactory(child=ChildFactory(council=council), lead_social_worker=lead)


def discussed_case(council, lead, held_at, **fields):
    case = new_case(council, lead)
    discussion = held_strategy_discussion(case, held_at, **fields)
    return case, discussion


@pytest.fixture
def council_cases(cast, frozen):
    worker = cast[Role.SOCIAL_WORKER]
    council = cast.council
    # Record 17 days overdue, conference due; the enquiry is open.
    a, a_discussion = discussed_case(council, worker, local(2026, 3, 2, 15, 0))
    Section47Enquiry.objects.create(
        case=a,
        strategy_discussion=a_discussion,
        lead_social_worker=worker,
        kind="single",
        started_at=local(2026, 3, 2, 16, 0),
    )
    # Record due today, conference due; enquiry done and the conference booked.
    b, b_discussion = discussed_case(council, worker, local(2026, 3, 19, 15, 0))
    enquiry = Section47Enquiry.objects.create(
        case=b,
        strategy_discussion=b_discussion,
        lead_social_worker=worker,
        kind="single",
        started_at=local(2026, 3, 19, 16, 0),
        child_seen_at=local(2026, 3, 19, 17, 0),
        seen_alone=True,
        outcome="substantiated",
        completed_at=local(2026, 3, 20, 9, 0),
    )
    InitialConference.objects.create(
        case=b,
        enquiry=enquiry,
        scheduled_for=local(2026, 3, 27, 10, 0),
        venue="Synthetic venue",
        booked_by=worker,
        booked_at=local(2026, 3, 20, 9, 30),
    )
    # Record circulated in time (met); conference due.
    discussed_case(
        council,
        worker,
        local(2026, 3, 16, 15, 0),
        record_circulated_at=local(2026, 3, 17, 10, 0),
    )
    # Record circulated late; conference due; every decision authorised.
    _, late = discussed_case(
        council,
        worker,
        local(2026, 3, 9, 15, 0),
        record_circulated_at=local(2026, 3, 13, 10, 0),
    )
    for item in required_authorisations(late):
        Authorisation.objects.create(
            discussion=late,
            decision=item.decision,
            authoriser=item.authoriser,
            user=cast[Role.TEAM_MANAGER],
        )
    ContactFactory(case=new_case(council), received_at=local(2026, 3, 20, 8, 0), recorded_by=worker)
    ConcernsFactory(
        case=new_case(council), identified_at=local(2026, 3, 20, 8, 0), recorded_by=worker
    )
    # Not counted: a closed case, and another council's case.
    closed, _ = discussed_case(council, worker, local(2026, 3, 2, 15, 0))
    closed.closed_at = local(2026, 3, 18)
    closed.save()
    elsewhere = cast.other_council_social_worker
    discussed_case(elsewhere.council, elsewhere, local(2026, 3, 2, 15, 0))


def count(page: str, label: str) -> int:
    match = re.search(
        rf'<th scope="row" class="govuk-table__header">{re.escape(label)}</th>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>',
        page,
    )
    assert match, label
    return int(match.group(1))


def overview(client, user) -> str:
    client.force_login(user)
    response = client.get("/council/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_overview_counts_open_cases_by_stage(client, cast, council_cases):
    page = overview(client, cast[Role.SERVICE_MANAGER])
    assert "6 open cases" in page
    assert count(page, "Contact awaiting a decision") == 1
    assert count(page, "Concerns awaiting a strategy discussion") == 1
    assert count(page, "Strategy discussion decisions awaiting authorisation") == 3
    assert count(page, "Section 47 enquiry open") == 1
    assert count(page, "Initial conference booked") == 1


def test_the_overview_counts_clocks_by_state_at_the_time(client, cast, council_cases):
    page = overview(client, cast[Role.TEAM_MANAGER])
    assert count(page, "Overdue") == 1
    assert count(page, "Due") == 5
    assert count(page, "Met") == 1
    assert count(page, "Met late") == 1
    assert count(page, "Circulate the strategy discussion record") == 1
    assert "Overdue by clock (1)" in page


def test_the_counts_move_on_with_time(client, cast, council_cases, frozen):
    # By Tuesday 24 March the record due on the 20th and the conference due on the 23rd are
    # overdue too.
    frozen.move_to(local(2026, 3, 24, 9, 0))
    page = overview(client, cast[Role.TEAM_MANAGER])
    assert count(page, "Circulate the strategy discussion record") == 2
    assert count(page, "Hold the initial child protection conference") == 1
    assert count(page, "Overdue") == 3


def test_another_councils_manager_sees_only_their_own_council(client, cast, council_cases):
    council = cast.other_council_social_worker.council
    page = overview(client, UserFactory(role=Role.TEAM_MANAGER, council=council))
    assert "1 open case," in page
    assert count(page, "Overdue") == 1


@pytest.mark.parametrize(
    "role",
    [
        Role.SOCIAL_WORKER,
        Role.CONFERENCE_CHAIR,
        Role.BUSINESS_SUPPORT,
        Role.ADMINISTRATOR,
        Role.POLICE_OFFICER,
        Role.HEALTH_PROFESSIONAL,
        Role.EDUCATION_SAFEGUARDING_LEAD,
    ],
)
def test_only_managers_see_the_council_overview(client, cast, role):
    client.force_login(cast[role])
    assert client.get("/council/").status_code == 403


def test_the_overview_makes_the_same_number_of_queries_for_3_or_30_cases(
    client, cast, frozen, django_assert_max_num_queries
):
    worker = cast[Role.SOCIAL_WORKER]

    def add_cases(number: int) -> None:
        for n in range(number):
            case, _ = discussed_case(
                cast.council, worker, local(2026, 3, 2, 15, 0) + timedelta(hours=n)
            )
            ContactFactory(case=case, received_at=local(2026, 3, 2, 9, 0), recorded_by=worker)

    client.force_login(cast[Role.TEAM_MANAGER])
    add_cases(3)
    client.get("/council/")  # warm the caches (content types, procedures)
    with CaptureQueriesContext(connection) as three:
        client.get("/council/")
    add_cases(27)
    with django_assert_max_num_queries(len(three)):
        page = client.get("/council/").content.decode()
    assert count(page, "Strategy discussion decisions awaiting authorisation") == 30


def test_a_council_closure_day_moves_a_record_due_that_day_so_it_is_not_counted_overdue(
    client, cast, council_cases, frozen
):
    # The record due on Friday 20 March falls due on Monday 23 March once the council is
    # closed on the Friday; by Monday noon only the record due on the 3rd is overdue.
    frozen.move_to(local(2026, 3, 23, 12, 0))
    page = overview(client, cast[Role.TEAM_MANAGER])
    assert count(page, "Circulate the strategy discussion record") == 2
    ClosureDay.objects.create(council=cast.council, day=date(2026, 3, 20), reason="Synthetic")
    page = overview(client, cast[Role.TEAM_MANAGER])
    assert count(page, "Circulate the strategy discussion record") == 1
    # Another council's closure day changes nothing here.
    ClosureDay.objects.filter(council=cast.council).update(
        council=cast.other_council_social_worker.council
    )
    page = overview(client, cast[Role.TEAM_MANAGER])
    assert count(page, "Circulate the strategy discussion record") == 2


# The events `case_events` makes from a case's records.
EVENT_TYPES_RECORDED = {
    "core_group_frequency_confirmed",
    "plan_distributed",
    "parent_excluded",
    "report_to_excluded_parent",
    "agency_views_requested",
    "agency_views_received",
    "moved_permanently",
    "receiving_conference",
    "contact_received",
    "referrer_acknowledged",
    "contact_decision",
    "referral_accepted",
    "assessment_allocated",
    "concerns_identified",
    "strategy_discussion",
    "strategy_record_circulated",
    "child_seen",
    "section_47_completed",
    "conference_report_to_chair",
    "conference_report_to_parents",
    "initial_conference",
    "conference_decisions_circulated",
    "conference_record_circulated",
    "core_group_meeting",
    "lead_social_worker_visit",
    "review_conference",
    "plan_ended",
}


def test_the_overview_reads_every_case_as_its_case_page_does(db):
    """The overview's rows give the timeline, stages and counts the case page's records give,
    on the demo's cases at every stage, on three procedures."""
    call_command("demo", stdout=StringIO())
    # Allocated before the referral was accepted, and after.
    referred = Case.objects.filter(
        closed_at__isnull=True, contact__decision__startswith="referral_"
    ).order_by("pk")
    for case, hours in zip(referred[:2], (-1, 30), strict=True):
        case.allocated_at = case.contact.decided_at + timedelta(hours=hours)
        case.save(update_fields=["allocated_at"])
    now = timezone.localtime()
    zone = timezone.get_current_timezone()
    cases = Case.objects.all()
    rows = {row.pk: row for row in scope_rows(cases)}
    models = list(scope_cases(cases))
    assert len(rows) == len(models) > 50
    by_stage: Counter[str] = Counter()
    by_state: Counter[str] = Counter()
    seen: set[str] = set()
    for case in models:
        row = rows[case.pk]
        document = case_timeline(case)
        assert timeline_document(row, zone) == document
        seen.update(event["type"] for event in document["events"])
        assert stages(row, now) == stages(case, now)
        by_stage.update(stages(case, now))
        by_state.update(clock.state for clock in case_evaluation(case, now).clocks)
    # Every kind of event a case's records make was compared.
    assert seen == EVENT_TYPES_RECORDED
    counts = council_counts(cases, now)
    assert (counts.open_cases, counts.by_stage, counts.by_state) == (
        len(models),
        by_stage,
        by_state,
    )
