"""The team manager's view: the team's overdue clocks, decisions awaiting authorisation,
unallocated work and each social worker's open work."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.people.models import Role
from convene.strategy.authorisation import required_authorisations
from convene.strategy.models import Authorisation
from tests.factories import (
    CaseFactory,
    ChildFactory,
    StrategyActionFactory,
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


def team_case(cast, lead, held_at, given_name, team=None):
    child = ChildFactory(council=cast.council, given_name=given_name)
    case = CaseFactory(child=child, lead_social_worker=lead, team=team or cast.team)
    if held_at is not None:
        held_strategy_discussion(case, held_at)
    return case


def authorise_everything(discussion, user):
    for item in required_authorisations(discussion):
        Authorisation.objects.create(
            discussion=discussion, decision=item.decision, authoriser=item.authoriser, user=user
        )


@pytest.fixture
def team(cast, frozen):
    worker = cast[Role.SOCIAL_WORKER]
    second = UserFactory(council=cast.council, team=cast.team, full_name="Second Worker")
    elsewhere = TeamFactory(council=cast.council, name="Long-term team")
    outsider = UserFactory(council=cast.council, team=elsewhere, full_name="Other Team Worker")
    cases = {
        "a": team_case(cast, worker, local(2026, 3, 2, 15, 0), "Amberly"),  # 17 days overdue
        "b": team_case(cast, worker, local(2026, 3, 19, 15, 0), "Brackenly"),  # due today
        "c": team_case(cast, second, local(2026, 3, 10, 11, 0), "Corvenly"),  # 9 days overdue
        "other_team": team_case(
            cast, outsider, local(2026, 3, 2, 15, 0), "Dunmorly", team=elsewhere
        ),
        "unallocated": team_case(cast, None, None, "Fenwickly"),
        "no_team": CaseFactory(
            child=ChildFactory(council=cast.council, given_name="Gorsely"), team=None
        ),
        "other_team_unallocated": team_case(cast, None, None, "Hollinly", team=elsewhere),
    }
    closed = team_case(cast, None, local(2026, 3, 2, 15, 0), "Elsworthy")
    closed.closed_at = local(2026, 3, 18)
    closed.save()
    # Decisions on Corvenly's case are authorised; on Amberly's and Brackenly's they wait.
    authorise_everything(cases["c"].strategy_discussions.get(), cast[Role.TEAM_MANAGER])
    return cases


def section(page: str, anchor: str, following: str | None = None) -> str:
    part = page.split(f'id="{anchor}"')[1]
    return part.split(f'id="{following}"')[0] if following else part


def page_for(client, user, url="/team/") -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_team_manager_sees_the_teams_overdue_clocks_most_overdue_first(client, cast, team):
    page = page_for(client, cast[Role.TEAM_MANAGER])
    overdue = section(page, "overdue", "awaiting-authorisation")
    assert overdue.index("Amberly") < overdue.index("Corvenly")
    assert "17 days overdue" in overdue and "9 days overdue" in overdue
    assert "Second Worker" in overdue
    assert "Dunmorly" not in page  # another team's case
    assert "Elsworthy" not in page  # closed
    assert "Overdue (2)" in page


def test_decisions_awaiting_authorisation_are_listed_until_everyone_has_agreed(client, cast, team):
    page = page_for(client, cast[Role.TEAM_MANAGER])
    awaiting = section(page, "awaiting-authorisation", "unallocated")
    assert "Amberly" in awaiting and "Brackenly" in awaiting
    assert "Corvenly" not in awaiting
    assert "Social work manager" in awaiting
    assert "Decisions awaiting authorisation (2)" in page
    discussion = team["a"].strategy_discussions.get()
    assert f'href="/cases/{team["a"].pk}/strategy/{discussion.pk}/authorise/"' in awaiting

    authorise_everything(team["a"].strategy_discussions.get(), cast[Role.TEAM_MANAGER])
    awaiting = section(page_for(client, cast[Role.TEAM_MANAGER]), "awaiting-authorisation")
    assert "Amberly" not in awaiting.split('id="unallocated"')[0]


def test_unallocated_work_lists_open_cases_with_no_lead_social_worker(client, cast, team):
    page = page_for(client, cast[Role.TEAM_MANAGER])
    unallocated = section(page, "unallocated", "social-workers")
    assert "Fenwickly" in unallocated
    assert "Gorsely" in unallocated and "No team" in unallocated
    assert "Hollinly" not in unallocated  # another team's
    assert "Elsworthy" not in unallocated  # closed
    assert "Amberly" not in unallocated


def test_each_social_worker_has_counts_of_their_open_work(client, cast, team):
    worker = cast[Role.SOCIAL_WORKER]
    StrategyActionFactory(
        discussion=team["a"].strategy_discussions.get(),
        assigned_to=worker,
        due_on=date(2026, 3, 18),
    )
    StrategyActionFactory(
        discussion=team["a"].strategy_discussions.get(),
        assigned_to=worker,
        due_on=date(2026, 3, 25),
    )
    page = page_for(client, cast[Role.TEAM_MANAGER])
    rows = section(page, "social-workers").split("<tr")
    mine = next(row for row in rows if worker.full_name in row)
    numbers = [cell.split("<")[0] for cell in mine.split('numeric">')[1:]]
    # Open cases led, overdue, due today, actions to do, actions overdue.
    assert numbers == ["2", "1", "1", "2", "1"]
    second = next(row for row in rows if "Second Worker" in row)
    assert [cell.split("<")[0] for cell in second.split('numeric">')[1:]] == [
        "1",
        "1",
        "0",
        "0",
        "0",
    ]
    assert "Other Team Worker" not in page


def test_a_service_manager_can_see_every_team_or_choose_one(client, cast, team):
    manager = cast[Role.SERVICE_MANAGER]
    page = page_for(client, manager, "/team/?team=all")
    assert "Dunmorly" in page and "Amberly" in page
    other_team = team["other_team"].team
    page = page_for(client, manager, f"/team/?team={other_team.pk}")
    assert "Dunmorly" in page and "Amberly" not in page


def test_a_team_of_another_council_cannot_be_chosen(client, cast, team):
    foreign = TeamFactory(name="Foreign team")
    page = page_for(client, cast[Role.TEAM_MANAGER], f"/team/?team={foreign.pk}")
    assert "Foreign team" not in page
    assert "Amberly" in page


def test_another_councils_manager_sees_none_of_this_councils_cases(client, cast, team):
    manager = UserFactory(role=Role.TEAM_MANAGER, council=cast.other_council_social_worker.council)
    page = page_for(client, manager)
    assert "Amberly" not in page and "Fenwickly" not in page


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
def test_only_managers_see_the_team_view(client, cast, role):
    client.force_login(cast[role])
    assert client.get("/team/").status_code == 403


def test_the_team_view_makes_the_same_number_of_queries_for_3_or_30_cases(
    client, cast, frozen, django_assert_max_num_queries
):
    worker = cast[Role.SOCIAL_WORKER]

    def add_cases(count: int) -> None:
        for n in range(count):
            held = local(2026, 3, 2, 15, 0) + timedelta(hours=n)
            case = team_case(cast, worker if n % 2 else None, held, "Q")
            StrategyActionFactory(discussion=case.strategy_discussions.get(), assigned_to=worker)

    client.force_login(cast[Role.TEAM_MANAGER])
    add_cases(3)
    client.get("/team/")  # warm the caches (content types, procedures)
    with CaptureQueriesContext(connection) as three:
        client.get("/team/")
    add_cases(27)
    with django_assert_max_num_queries(len(three)):
        page = client.get("/team/").content.decode()
    assert "Decisions awaiting authorisation (30)" in page
