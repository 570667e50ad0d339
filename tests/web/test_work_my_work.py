"""My work for a social worker: the clocks of the cases I lead, most overdue first, and the
actions given to me at strategy discussions. (Every other role: test_work_my_work_roles.py.)"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.people.models import Role
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ContactFactory,
    EngagementFactory,
    StrategyActionFactory,
    UserFactory,
    held_strategy_discussion,
    local,
)

NOW = local(2026, 3, 20, 10, 0)  # a Friday


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def led_case(cast, lead, held_at, given_name):
    """An open case led by `lead` whose strategy discussion (outcome: section 47) was held at
    `held_at`: under Sheffield's procedure the record is due in one working day and the
    initial conference in fifteen."""
    child = ChildFactory(council=cast.council, given_name=given_name)
    case = CaseFactory(child=child, lead_social_worker=lead, team=cast.team)
    held_strategy_discussion(case, held_at)
    return case


@pytest.fixture
def caseload(cast, frozen):
    worker = cast[Role.SOCIAL_WORKER]
    cases = {
        # Record due 3 March: 17 days overdue. Conference due Monday 23 March.
        "a": led_case(cast, worker, local(2026, 3, 2, 15, 0), "Amberly"),
        # Record due today.
        "b": led_case(cast, worker, local(2026, 3, 19, 15, 0), "Brackenly"),
        # Record due 11 March: 9 days overdue.
        "c": led_case(cast, worker, local(2026, 3, 10, 11, 0), "Corvenly"),
    }
    colleague = UserFactory(council=cast.council, team=cast.team, full_name="Colleague Worker")
    cases["colleague"] = led_case(cast, colleague, local(2026, 3, 2, 15, 0), "Dunmorly")
    closed = led_case(cast, worker, local(2026, 3, 2, 15, 0), "Elsworthy")
    closed.closed_at = local(2026, 3, 18)
    closed.save()
    cases["closed"] = closed
    return cases


def body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_my_work_lists_my_overdue_clocks_most_overdue_first(client, cast, caseload):
    client.force_login(cast[Role.SOCIAL_WORKER])
    page = body(client.get("/"))
    overdue = page.split('id="overdue"')[1].split('id="due-today"')[0]
    assert overdue.count("Circulate the strategy discussion record") == 2
    assert overdue.index("Amberly") < overdue.index("Corvenly")
    assert "17 days overdue" in overdue
    assert "9 days overdue" in overdue
    assert caseload["a"].reference in overdue


def test_my_work_shows_what_is_due_today_and_later(client, cast, caseload):
    client.force_login(cast[Role.SOCIAL_WORKER])
    page = body(client.get("/"))
    today = page.split('id="due-today"')[1].split('id="due-later"')[0]
    assert "Brackenly" in today
    assert "20 March 2026" in today
    later = page.split('id="due-later"')[1].split('id="actions"')[0]
    assert "Hold the initial child protection conference" in later
    # Soonest first: Amberly's conference on Monday 23 March comes before the others.
    assert later.index("Amberly") < later.index("Corvenly") < later.index("Brackenly")
    assert "Due in 3 days" in later


def test_my_work_leaves_out_cases_i_do_not_lead_and_closed_cases(client, cast, caseload):
    client.force_login(cast[Role.SOCIAL_WORKER])
    page = body(client.get("/"))
    assert "Dunmorly" not in page
    assert "Elsworthy" not in page


def test_my_work_lists_my_open_actions_with_due_dates(client, cast, caseload):
    worker = cast[Role.SOCIAL_WORKER]
    discussion = caseload["a"].strategy_discussions.get()
    StrategyActionFactory(
        discussion=discussion, assigned_to=worker, what="Visit the school", due_on=date(2026, 3, 18)
    )
    StrategyActionFactory(
        discussion=discussion, assigned_to=worker, what="Call the GP", due_on=date(2026, 3, 25)
    )
    StrategyActionFactory(
        discussion=discussion,
        assigned_to=worker,
        what="Already done",
        completed_at=local(2026, 3, 19),
    )
    StrategyActionFactory(
        discussion=discussion, assigned_to=cast[Role.TEAM_MANAGER], what="Not mine"
    )
    client.force_login(worker)
    actions = body(client.get("/")).split('id="actions"')[1]
    assert actions.index("Visit the school") < actions.index("Call the GP")
    assert "18 March 2026" in actions and "25 March 2026" in actions
    assert "Overdue" in actions
    assert "Already done" not in actions
    assert "Not mine" not in actions


def test_my_work_never_puts_a_childs_name_in_a_link(client, cast, caseload):
    client.force_login(cast[Role.SOCIAL_WORKER])
    page = body(client.get("/"))
    for href in re.findall(r'href="([^"]*)"', page):
        assert "Amberly" not in href and "Example" not in href


def test_a_partner_sees_the_cases_they_are_engaged_on_but_not_the_social_workers_clocks(
    client, cast, caseload
):
    officer = cast[Role.POLICE_OFFICER]
    EngagementFactory(case=caseload["a"], user=officer, ends_on=date(2026, 3, 31))
    client.force_login(officer)
    page = body(client.get("/"))
    cases = page.split('id="cases"')[1]
    assert "Amberly" in cases and "31 March 2026" in cases
    assert "Corvenly" not in page and "Dunmorly" not in page
    assert "Circulate the strategy discussion record" not in page
    assert "Hold the initial child protection conference" not in page


def test_a_partner_loses_the_case_and_its_actions_when_the_engagement_ends(
    client, cast, caseload, frozen
):
    officer = cast[Role.POLICE_OFFICER]
    EngagementFactory(case=caseload["a"], user=officer, ends_on=date(2026, 3, 31))
    StrategyActionFactory(
        discussion=caseload["a"].strategy_discussions.get(),
        assigned_to=officer,
        what="Check police records",
        due_on=date(2026, 4, 10),
    )
    client.force_login(officer)
    assert "Check police records" in body(client.get("/"))
    frozen.move_to(local(2026, 4, 1, 9, 0))
    page = body(client.get("/"))
    assert "Amberly" not in page
    assert "Check police records" not in page


def test_a_partner_who_is_not_engaged_sees_no_cases(client, cast, caseload):
    client.force_login(cast[Role.HEALTH_PROFESSIONAL])
    page = body(client.get("/"))
    assert "Amberly" not in page
    assert "You cannot see any open case at the moment." in page


def test_every_role_can_open_my_work(client, cast, caseload):
    for role in Role:
        client.force_login(cast[role])
        assert client.get("/").status_code == 200


def test_my_work_makes_the_same_number_of_queries_for_3_or_30_cases(
    client, cast, frozen, django_assert_max_num_queries
):
    worker = cast[Role.SOCIAL_WORKER]

    def add_cases(count: int) -> None:
        for n in range(count):
            case = led_case(cast, worker, local(2026, 3, 2, 15, 0) + timedelta(hours=n), "Q")
            ContactFactory(case=case, received_at=local(2026, 3, 2, 9, 0), recorded_by=worker)
            StrategyActionFactory(discussion=case.strategy_discussions.get(), assigned_to=worker)

    client.force_login(worker)
    add_cases(3)
    client.get("/")  # warm the caches (content types, procedures)
    with CaptureQueriesContext(connection) as three:
        assert "Circulate the strategy discussion record" in body(client.get("/"))
    add_cases(27)
    with django_assert_max_num_queries(len(three)):
        page = body(client.get("/"))
    assert page.count("Circulate the strategy discussion record") == 30


def test_a_social_worker_can_start_recording_a_contact_from_my_work(client, cast):
    client.force_login(cast[Role.SOCIAL_WORKER])
    assert 'href="/cases/new/">Record a contact' in client.get("/").content.decode().replace(
        ' role="button" draggable="false" class="govuk-button" data-module="govuk-button"', ""
    )
    client.force_login(cast[Role.HEALTH_PROFESSIONAL])
    assert "/cases/new/" not in client.get("/").content.decode()
