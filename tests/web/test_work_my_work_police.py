"""A police officer's My work: the decisions awaiting them as the police officer in charge.

Under Sheffield's procedure (the cast's council), no further action for insufficient evidence
needs both the social care manager and the police officer in charge to authorise it."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.people.models import Role
from convene.strategy.access import (
    can_user_authorise_as_police,
    discussions_user_may_authorise_as_police,
)
from convene.strategy.models import StrategyDiscussion
from tests.factories import EngagementFactory, UserFactory
from tests.web.test_strategy_support import AFTER, client_for, decisions_data, make_case, plan, url

pytestmark = pytest.mark.django_db

NFA = {
    "outcome": "no_further_action",
    "insufficient_evidence": "on",
    "decision_reasons": "Injury consistent with the account given; no other concerns.",
}
HEADING = "Decisions awaiting your authorisation"


@pytest.fixture(autouse=True)
def monday_afternoon():
    with time_machine.travel(AFTER, tick=False):
        yield


def nfa_discussion(cast, *engaged) -> StrategyDiscussion:
    """A held discussion deciding no further action for insufficient evidence, its police
    invitee being the force (no officer named), with `engaged` officers engaged on the case."""
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    for officer in engaged:
        EngagementFactory(case=case, user=officer, granted_by=cast[Role.SOCIAL_WORKER])
    response = client_for(cast[Role.SOCIAL_WORKER]).post(
        url("strategy_decisions", discussion), decisions_data(discussion, **NFA)
    )
    assert response.status_code == 302, response.content.decode()
    discussion.refresh_from_db()
    return discussion


def my_work(user) -> str:
    response = client_for(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def authorise_link(discussion) -> str:
    return f'href="{url("strategy_authorise", discussion)}"'


def test_an_officer_sees_the_nfa_awaiting_them_and_not_a_discussion_they_were_not_invited_to(
    cast,
) -> None:
    officer = cast[Role.POLICE_OFFICER]
    colleague = UserFactory(role=Role.POLICE_OFFICER, council=None, agency=officer.agency)
    awaiting = nfa_discussion(cast, officer)
    # The colleague is the named police invitee of another discussion: only they authorise it.
    not_mine = nfa_discussion(cast, officer, colleague)
    not_mine.invitees.filter(attendee="police").update(user=colleague)

    page = my_work(officer)

    assert HEADING in page
    assert authorise_link(awaiting) in page
    assert "No further action: insufficient evidence" in page
    assert authorise_link(not_mine) not in page
    assert authorise_link(not_mine) in my_work(colleague)

    prefix = "no_further_action_insufficient_evidence-police_officer_in_charge"
    response = client_for(officer).post(
        url("strategy_authorise", awaiting),
        {
            "authorise": "no_further_action_insufficient_evidence:police_officer_in_charge",
            f"{prefix}-version": awaiting.version,
            f"{prefix}-reasons": "No evidence of an offence.",
        },
    )
    assert response.status_code == 302

    page = my_work(officer)
    assert authorise_link(awaiting) not in page
    assert "No strategy discussion decisions are awaiting your authorisation" in page


def test_an_officer_whose_engagement_has_ended_is_not_asked(cast) -> None:
    officer = cast[Role.POLICE_OFFICER]
    discussion = nfa_discussion(cast, officer)
    officer.engagements.update(revoked_at=AFTER)
    assert authorise_link(discussion) not in my_work(officer)


def test_other_partners_have_no_authorisations_section(cast) -> None:
    nfa_discussion(cast, cast[Role.HEALTH_PROFESSIONAL])
    assert HEADING not in my_work(cast[Role.HEALTH_PROFESSIONAL])


def test_the_bulk_check_agrees_with_the_predicate(cast) -> None:
    officer = cast[Role.POLICE_OFFICER]
    colleague = UserFactory(role=Role.POLICE_OFFICER, council=None, agency=officer.agency)
    named = nfa_discussion(cast, officer, colleague)
    named.invitees.filter(attendee="police").update(user=colleague)
    force = nfa_discussion(cast, officer, colleague)
    not_engaged = nfa_discussion(cast)
    discussions = list(
        StrategyDiscussion.objects.filter(pk__in=[named.pk, force.pk, not_engaged.pk])
        .select_related("case")
        .prefetch_related("invitees")
        .order_by("pk")
    )
    for user in (officer, colleague, cast[Role.HEALTH_PROFESSIONAL], cast[Role.TEAM_MANAGER]):
        expected = [d for d in discussions if can_user_authorise_as_police(user, d)]
        assert discussions_user_may_authorise_as_police(user, discussions) == expected
    assert discussions_user_may_authorise_as_police(officer, discussions) == [force]
    assert discussions_user_may_authorise_as_police(colleague, discussions) == [named, force]


def test_the_officers_my_work_makes_the_same_number_of_queries_for_1_or_6_cases(
    cast, django_assert_max_num_queries
) -> None:
    officer = cast[Role.POLICE_OFFICER]
    first = nfa_discussion(cast, officer)
    my_work(officer)  # warm the caches (content types, procedures)
    with CaptureQueriesContext(connection) as one:
        my_work(officer)
    queries = len(one)  # now: the next request clears the log the context reads
    others = [nfa_discussion(cast, officer) for _ in range(5)]
    with django_assert_max_num_queries(queries):
        page = my_work(officer)
    for discussion in [first, *others]:
        assert authorise_link(discussion) in page
