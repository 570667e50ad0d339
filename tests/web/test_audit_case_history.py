"""A case's change history from the audit log: who changed what, when, old and new values;
for the managers of the child's council only."""

from __future__ import annotations

import pytest
import time_machine
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.audit.history import case_models
from convene.audit.models import RecordView
from convene.cases.models import Case, Child, Contact, HouseholdMember
from convene.people.models import Role
from convene.strategy.models import StrategyAction, StrategyDiscussion
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


@pytest.fixture
def case(cast):
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        return CaseFactory(child=ChildFactory(council=cast.council, given_name="Amberly"))


def url(case) -> str:
    return f"/cases/{case.pk}/history/"


def history(client, user, case, query: str = "") -> str:
    client.force_login(user)
    response = client.get(url(case) + query)
    assert response.status_code == 200
    return response.content.decode()


def rows(page: str) -> list[str]:
    return page.split("<tbody")[1].split("</tbody>")[0].split("<tr")[1:]


def test_a_change_shows_who_made_it_when_and_the_old_and_new_values(client, cast, case):
    worker = cast[Role.SOCIAL_WORKER]
    manager = cast[Role.TEAM_MANAGER]
    with time_machine.travel(local(2026, 3, 3, 14, 5), tick=False), set_actor(manager):
        case.lead_social_worker = worker
        case.save()
    page = history(client, manager, case)
    change = next(row for row in rows(page) if "Lead social worker" in row)
    assert manager.full_name in change and "Team manager" in change
    assert "3 March 2026, 14:05" in change
    assert "Changed" in change and f"Case {case.reference}" in change
    assert "(blank)" in change and worker.full_name in change
    assert change.index("(blank)") < change.index(worker.full_name)


def test_the_history_covers_the_records_of_the_case_and_the_child(client, cast, case):
    worker = cast[Role.SOCIAL_WORKER]
    with set_actor(worker):
        contact = ContactFactory(case=case, recorded_by=worker)
        contact.decision = Contact.Decision.REFERRAL_ASSESSMENT
        contact.decided_at = local(2026, 3, 2, 16, 30)
        contact.save()
        discussion = held_strategy_discussion(case, local(2026, 3, 3, 10, 0))
        StrategyActionFactory(discussion=discussion, what="Synthetic visit", assigned_to=worker)
        HouseholdMember.objects.create(
            child=case.child, name="Synthetic Parent", relationship="Mother"
        )
    page = history(client, cast[Role.SERVICE_MANAGER], case)
    assert "Referral for an assessment" in page  # a choice, in words
    assert "2 March 2026, 16:30" in page  # a time, in local time
    assert "Strategy discussion (record" in page
    assert "Strategy action (record" in page and "Synthetic visit" in page
    assert "Household member (record" in page and "Synthetic Parent" in page
    assert "Created" in page
    assert "physical abuse" in page and "&quot;" not in page  # a list, in words
    assert "cases.Engagement.None" not in page  # no reverse relations listed


def test_the_history_of_another_case_is_not_shown(client, cast, case):
    other = CaseFactory(child=ChildFactory(council=cast.council, given_name="Brackenly"))
    with set_actor(cast[Role.SOCIAL_WORKER]):
        ContactFactory(
            case=other, recorded_by=cast[Role.SOCIAL_WORKER], referrer_name="Nobody Else"
        )
    page = history(client, cast[Role.TEAM_MANAGER], case)
    assert "Nobody Else" not in page
    assert "Brackenly" not in page


def test_every_audited_record_of_a_case_is_covered():
    covered = {model for model, _, _ in case_models()}
    assert {Case, Child, Contact, HouseholdMember, StrategyDiscussion, StrategyAction} <= covered


def test_looking_at_the_history_is_logged_and_changes_nothing(client, cast, case):
    manager = cast[Role.SERVICE_MANAGER]
    changes = LogEntry.objects.count()
    client.force_login(manager)
    client.get(url(case))
    view = RecordView.objects.get()
    assert (view.user, view.case, view.channel, view.what) == (
        manager,
        case,
        "page",
        "case_history",
    )
    assert LogEntry.objects.count() == changes


@pytest.mark.parametrize(
    "role",
    [Role.SOCIAL_WORKER, Role.CONFERENCE_CHAIR, Role.BUSINESS_SUPPORT],
)
def test_council_staff_who_are_not_managers_are_refused(client, cast, case, role):
    client.force_login(cast[role])
    assert client.get(url(case)).status_code == 403


def test_an_engaged_partner_is_refused_and_others_are_told_it_does_not_exist(client, cast, case):
    officer = cast[Role.POLICE_OFFICER]
    EngagementFactory(case=case, user=officer)
    client.force_login(officer)
    assert client.get(url(case)).status_code == 403
    client.force_login(cast[Role.EDUCATION_SAFEGUARDING_LEAD])
    assert client.get(url(case)).status_code == 404
    council = cast.other_council_social_worker.council
    client.force_login(UserFactory(role=Role.SERVICE_MANAGER, council=council))
    assert client.get(url(case)).status_code == 404
    assert not RecordView.objects.exists()


def test_the_history_makes_the_same_number_of_queries_for_3_or_30_changes(
    client, cast, case, django_assert_max_num_queries
):
    worker = cast[Role.SOCIAL_WORKER]
    discussion = held_strategy_discussion(case, local(2026, 3, 3, 10, 0))

    def change(number: int) -> None:
        with set_actor(worker):
            for n in range(number):
                case.lead_social_worker = worker if n % 2 else cast[Role.TEAM_MANAGER]
                case.save()
                StrategyActionFactory(discussion=discussion, assigned_to=worker)

    client.force_login(cast[Role.TEAM_MANAGER])
    change(3)
    client.get(url(case))
    with CaptureQueriesContext(connection) as three:
        client.get(url(case))
    change(27)
    with django_assert_max_num_queries(len(three)):
        page = client.get(url(case)).content.decode()
    assert "Page 1 of 2" in page
