"""`convene demo`: synthetic data a trainer can sign in to, at every stage, some overdue."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from convene.cases.models import Case
from convene.cases.timeline import case_evaluation, with_timeline_relations
from convene.demo import DEMO_PASSWORD, load_demo
from convene.people.models import Council, Role, User


@pytest.mark.django_db
def test_demo_loads_two_councils_every_role_and_about_sixty_children() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    assert sorted(Council.objects.values_list("procedure", flat=True)) == [
        "darlington",
        "triborough",
    ]
    assert Case.objects.count() == 60
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {role.value for role in Role}
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed
    assert "police.officer@northshire-police.example" in printed
    assert User.objects.get(email="social.worker@northby.example").check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_demo_cases_cover_the_pathway_and_some_clocks_are_overdue() -> None:
    call_command("demo", stdout=StringIO())
    states: Counter[str] = Counter()
    clocks: set[str] = set()
    for case in with_timeline_relations(Case.objects.all()):
        for clock in case_evaluation(case).clocks:
            states[clock.state] += 1
            clocks.add(clock.clock)
    assert states["overdue"] > 0
    assert states["met"] > 0
    assert {"contact_decision", "strategy_discussion", "initial_conference"} <= clocks


@pytest.mark.django_db
def test_running_demo_twice_keeps_one_copy_and_prints_the_sign_ins_again() -> None:
    call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("demo", stdout=out)
    assert Case.objects.count() == 60
    assert "already loaded" in out.getvalue()
    assert "team.manager@southdale.example" in out.getvalue()


@pytest.mark.django_db
def test_a_large_demo_council_has_caseload_teams_of_eight_whose_cases_are_their_own() -> None:
    # 48 children at 4 each: 12 social workers, so 10 more in two teams (8 and 2).
    load_demo(children_per_council=48, children_per_social_worker=4)
    for council in Council.objects.all():
        workers = User.objects.filter(council=council, email__endswith=".invalid")
        teams = Counter(workers.values_list("team__name", flat=True))
        assert sorted(teams.values()) == [2, 8]
        assert not workers.filter(password__startswith="argon2").exists()  # cannot sign in
        for case in Case.objects.filter(council=council, lead_social_worker__in=workers):
            assert case.team_id == case.lead_social_worker.team_id
        assert Case.objects.filter(council=council, team__isnull=True).count() == 0
