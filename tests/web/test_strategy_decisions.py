"""Decisions and who must authorise them: nothing is final until authorised."""

from __future__ import annotations

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from convene.actions import ActionError
from convene.cases.models import Engagement
from convene.people.models import Agency, Role
from convene.strategy.actions import do_authorise
from convene.strategy.authorisation import decisions_final
from convene.strategy.models import Authorisation, StrategyDiscussion
from tests.factories import AgencyFactory, EngagementFactory, UserFactory
from tests.web.test_strategy_support import (
    AFTER,
    HELD,
    client_for,
    decisions_data,
    make_case,
    plan,
    url,
)

pytestmark = pytest.mark.django_db

NFA = {
    "outcome": "no_further_action",
    "insufficient_evidence": "on",
    "decision_reasons": "Injury consistent with the account given; no other concerns.",
}


@pytest.fixture(autouse=True)
def monday_afternoon():
    with time_machine.travel(AFTER, tick=False):
        yield


@pytest.fixture
def discussion(cast):
    case, concerns = make_case(cast)
    return plan(cast, case, concerns)


@pytest.fixture
def police(cast, discussion):
    officer = cast[Role.POLICE_OFFICER]
    EngagementFactory(case=discussion.case, user=officer, granted_by=cast[Role.SOCIAL_WORKER])
    return officer


def decide(cast, discussion, **data) -> None:
    response = client_for(cast[Role.SOCIAL_WORKER]).post(
        url("strategy_decisions", discussion), decisions_data(discussion, **data)
    )
    assert response.status_code == 302, response.content.decode()
    discussion.refresh_from_db()


def authorise(user, discussion, decision, authoriser, **fields):
    discussion.refresh_from_db()
    prefix = f"{decision}-{authoriser}"
    data = {"authorise": f"{decision}:{authoriser}", f"{prefix}-version": discussion.version}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return client_for(user).post(url("strategy_authorise", discussion), data)


def test_recording_a_section_47_decision(cast, discussion) -> None:
    decide(cast, discussion)
    assert discussion.outcome == "section_47"
    assert discussion.enquiry == "joint"
    assert discussion.held_at == HELD
    assert discussion.decisions_recorded_at == AFTER
    assert not decisions_final(discussion)
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(StrategyDiscussion),
        object_id=discussion.pk,
        action=LogEntry.Action.UPDATE,
    ).first()
    assert entry.actor == cast[Role.SOCIAL_WORKER]
    assert "outcome" in entry.changes_dict


def test_the_decisions_are_not_final_until_a_manager_authorises(cast, discussion) -> None:
    decide(cast, discussion)
    page = client_for(cast[Role.SOCIAL_WORKER]).get(url("strategy_detail", discussion))
    body = page.content.decode()
    assert "Awaiting authorisation by a children&#x27;s social care manager" in body
    assert "no section 47 enquiry can start" in body

    response = authorise(
        cast[Role.TEAM_MANAGER], discussion, "strategy_decision", "social_work_manager"
    )

    assert response.status_code == 302
    assert decisions_final(StrategyDiscussion.objects.get(pk=discussion.pk))
    given = Authorisation.objects.get()
    assert (given.user, given.decision) == (cast[Role.TEAM_MANAGER], "strategy_decision")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("enquiry", "", "Select whether the section 47 enquiry is single agency or joint"),
        ("outcome", "", "Select what was decided"),
        ("legal_action", "yes", "Enter what legal action is required"),
        ("interpreter_needed", "yes", "Enter the language the interpreter is for"),
        ("withheld_from_family", "The police interview plan", "Enter why it will not be shared"),
        ("held_time", "23:59", "The date it took place must be in the past"),
    ],
)
def test_incomplete_decisions_are_refused_and_keep_what_was_typed(
    cast, discussion, field, value, message
) -> None:
    data = decisions_data(discussion, decision_reasons="Typed reasons")
    data[field] = value
    response = client_for(cast[Role.SOCIAL_WORKER]).post(
        url("strategy_decisions", discussion), data
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "<title>Error: Decisions" in body
    assert "Typed reasons" in body
    discussion.refresh_from_db()
    assert discussion.outcome == ""


def test_insufficient_evidence_is_only_for_no_further_action_and_needs_reasons(
    cast, discussion
) -> None:
    client = client_for(cast[Role.SOCIAL_WORKER])
    data = decisions_data(discussion, insufficient_evidence="on")
    body = client.post(url("strategy_decisions", discussion), data).content.decode()
    assert "Only a decision of no further action can be for insufficient evidence" in body
    data = decisions_data(discussion, **{**NFA, "decision_reasons": ""})
    body = client.post(url("strategy_decisions", discussion), data).content.decode()
    assert "must have its reasons recorded" in body


@pytest.mark.parametrize("role", [Role.BUSINESS_SUPPORT, Role.CONFERENCE_CHAIR])
def test_business_support_cannot_record_decisions(cast, discussion, role) -> None:
    client = client_for(cast[role])
    assert client.get(url("strategy_decisions", discussion)).status_code == 403
    response = client.post(url("strategy_decisions", discussion), decisions_data(discussion))
    assert response.status_code == 403


def test_sheffield_no_further_action_for_insufficient_evidence_needs_manager_and_police(
    cast, discussion, police
) -> None:
    decide(cast, discussion, **NFA)
    manager = cast[Role.TEAM_MANAGER]

    # Reasons are required by the rule.
    response = authorise(
        manager, discussion, "no_further_action_insufficient_evidence", "social_work_manager"
    )
    assert "Enter the reasons: the procedure requires them" in response.content.decode()

    for decision in ("strategy_decision", "no_further_action_insufficient_evidence"):
        response = authorise(manager, discussion, decision, "social_work_manager", reasons="Agree")
        assert response.status_code == 302
    # The manager alone is not enough.
    assert not decisions_final(StrategyDiscussion.objects.get(pk=discussion.pk))
    page = client_for(police).get(url("strategy_authorise", discussion)).content.decode()
    assert "Awaiting authorisation by the police officer in charge" in page

    response = authorise(
        police,
        discussion,
        "no_further_action_insufficient_evidence",
        "police_officer_in_charge",
        reasons="No evidence of an offence.",
    )

    assert response.status_code == 302
    assert decisions_final(StrategyDiscussion.objects.get(pk=discussion.pk))
    given = Authorisation.objects.get(authoriser="police_officer_in_charge")
    assert (given.user, given.reasons) == (police, "No evidence of an offence.")


def test_police_alone_is_not_enough_either(cast, discussion, police) -> None:
    decide(cast, discussion, **NFA)
    authorise(
        police,
        discussion,
        "no_further_action_insufficient_evidence",
        "police_officer_in_charge",
        reasons="No evidence of an offence.",
    )
    assert not decisions_final(StrategyDiscussion.objects.get(pk=discussion.pk))


def test_a_police_officer_cannot_authorise_as_the_manager(cast, discussion, police) -> None:
    decide(cast, discussion)
    response = authorise(police, discussion, "strategy_decision", "social_work_manager")
    assert response.status_code == 403
    assert not Authorisation.objects.exists()


def test_a_social_worker_cannot_authorise(cast, discussion) -> None:
    decide(cast, discussion)
    response = authorise(
        cast[Role.SOCIAL_WORKER], discussion, "strategy_decision", "social_work_manager"
    )
    assert response.status_code == 403
    assert not Authorisation.objects.exists()


def test_a_police_officer_not_engaged_cannot_find_the_discussion(cast, discussion) -> None:
    decide(cast, discussion, **NFA)
    response = authorise(
        cast[Role.POLICE_OFFICER],
        discussion,
        "no_further_action_insufficient_evidence",
        "police_officer_in_charge",
        reasons="x",
    )
    assert response.status_code == 404
    assert (
        client_for(cast.other_council_social_worker)
        .get(url("strategy_authorise", discussion))
        .status_code
        == 404
    )


def test_a_manager_records_the_legal_advisers_agreement_with_their_name(cast, discussion) -> None:
    decide(cast, discussion, legal_action="yes", legal_action_detail="Emergency protection order")
    manager = cast[Role.TEAM_MANAGER]
    response = authorise(manager, discussion, "legal_action", "legal_adviser")
    assert "Enter the name of the legal adviser who agreed" in response.content.decode()
    authorise(manager, discussion, "legal_action", "legal_adviser", on_behalf_of="A. Solicitor")
    given = Authorisation.objects.get(authoriser="legal_adviser")
    assert (given.user, given.on_behalf_of) == (manager, "A. Solicitor")


def test_changing_authorised_decisions_withdraws_the_authorisations(cast, discussion) -> None:
    decide(cast, discussion)
    authorise(cast[Role.TEAM_MANAGER], discussion, "strategy_decision", "social_work_manager")
    assert decisions_final(StrategyDiscussion.objects.get(pk=discussion.pk))

    response = client_for(cast[Role.SOCIAL_WORKER]).post(
        url("strategy_decisions", discussion),
        decisions_data(discussion, outcome="child_in_need"),
        follow=True,
    )

    assert "need authorising again" in response.content.decode()
    assert not Authorisation.objects.exists()
    assert not decisions_final(StrategyDiscussion.objects.get(pk=discussion.pk))


def test_an_authoriser_working_from_a_stale_page_is_told(cast, discussion) -> None:
    decide(cast, discussion)
    discussion.refresh_from_db()
    stale_version = discussion.version
    decide(cast, discussion, outcome="child_in_need")
    response = client_for(cast[Role.TEAM_MANAGER]).post(
        url("strategy_authorise", discussion),
        {
            "authorise": "strategy_decision:social_work_manager",
            "strategy_decision-social_work_manager-version": stale_version,
            "strategy_decision-social_work_manager-reasons": "Agreed",
        },
    )
    body = response.content.decode()
    assert "Someone else changed this record while you were editing it" in body
    assert "Agreed" in body
    assert not Authorisation.objects.exists()


def test_a_stale_decision_is_not_saved(cast, discussion) -> None:
    stale = decisions_data(discussion, decision_reasons="Mine")
    decide(cast, discussion, outcome="child_in_need")
    response = client_for(cast[Role.TEAM_MANAGER]).post(
        url("strategy_decisions", discussion), stale
    )
    assert "Someone else changed this record" in response.content.decode()
    discussion.refresh_from_db()
    assert discussion.outcome == "child_in_need"


# --- who is the police officer in charge, and four eyes --------------------------------------


def another_officer(cast, discussion, agency=None):
    """A second police officer with a live engagement on the case."""
    officer = UserFactory(role=Role.POLICE_OFFICER, council=None, agency=agency or cast.police)
    EngagementFactory(case=discussion.case, user=officer, granted_by=cast[Role.SOCIAL_WORKER])
    return officer


def police_authorisation(user, discussion):
    return authorise(
        user,
        discussion,
        "no_further_action_insufficient_evidence",
        "police_officer_in_charge",
        reasons="No evidence of an offence.",
    )


def test_an_engaged_officer_of_a_force_not_invited_cannot_authorise_as_officer_in_charge(
    cast, discussion
) -> None:
    decide(cast, discussion, **NFA)
    elsewhere = AgencyFactory(name="Another Police Force", kind=Agency.Kind.POLICE)
    officer = another_officer(cast, discussion, agency=elsewhere)
    # Not invited: the discussion is not theirs to know of (need_to_know.py).
    assert client_for(officer).get(url("strategy_authorise", discussion)).status_code == 404
    assert police_authorisation(officer, discussion).status_code == 404
    assert not Authorisation.objects.exists()


def test_once_an_officer_is_invited_by_name_only_they_authorise_for_the_police(
    cast, discussion, police
) -> None:
    decide(cast, discussion, **NFA)
    colleague = another_officer(cast, discussion)  # same force, engaged, not the invitee
    police_invitee = discussion.invitees.get(attendee="police")
    police_invitee.user = police
    police_invitee.save()

    # No longer invited once a colleague is named: told nothing of it (need_to_know.py).
    assert police_authorisation(colleague, discussion).status_code == 404
    assert not Authorisation.objects.exists()

    assert police_authorisation(police, discussion).status_code == 302
    assert Authorisation.objects.get().user == police


def test_while_no_police_invitee_has_an_account_an_engaged_officer_of_its_force_authorises(
    cast, discussion
) -> None:
    decide(cast, discussion, **NFA)
    assert discussion.invitees.get(attendee="police").agency == cast.police
    officer = another_officer(cast, discussion)
    page = client_for(officer).get(url("strategy_authorise", discussion)).content.decode()
    assert 'value="no_further_action_insufficient_evidence:police_officer_in_charge"' in page
    assert police_authorisation(officer, discussion).status_code == 302
    assert Authorisation.objects.get().user == officer


def test_an_invited_officer_whose_engagement_has_ended_cannot_authorise(
    cast, discussion, police
) -> None:
    decide(cast, discussion, **NFA)
    police_invitee = discussion.invitees.get(attendee="police")
    police_invitee.user = police
    police_invitee.save()
    Engagement.objects.filter(user=police).update(revoked_at=AFTER)
    assert police_authorisation(police, discussion).status_code == 404
    assert not Authorisation.objects.exists()


def test_recording_the_decisions_records_who_made_them(cast, discussion) -> None:
    decide(cast, discussion)
    assert discussion.decisions_recorded_by == cast[Role.SOCIAL_WORKER]
    # Saving them again unchanged, by someone else, does not make them the decisions' author.
    client_for(cast[Role.TEAM_MANAGER]).post(
        url("strategy_decisions", discussion), decisions_data(discussion)
    )
    discussion.refresh_from_db()
    assert discussion.decisions_recorded_by == cast[Role.SOCIAL_WORKER]


def test_a_manager_cannot_authorise_decisions_they_recorded_and_is_told_why(
    cast, discussion
) -> None:
    manager = cast[Role.TEAM_MANAGER]
    response = client_for(manager).post(
        url("strategy_decisions", discussion), decisions_data(discussion)
    )
    assert response.status_code == 302
    discussion.refresh_from_db()
    assert discussion.decisions_recorded_by == manager

    page = client_for(manager).get(url("strategy_authorise", discussion)).content.decode()
    assert "You recorded these decisions, so another manager must authorise them" in page
    assert 'name="authorise" value="strategy_decision:social_work_manager"' not in page
    response = authorise(manager, discussion, "strategy_decision", "social_work_manager")
    assert response.status_code == 403
    assert "You recorded these decisions" in response.content.decode()
    assert not Authorisation.objects.exists()

    # Another manager may.
    other = cast[Role.SERVICE_MANAGER]
    page = client_for(other).get(url("strategy_authorise", discussion)).content.decode()
    assert "You recorded these decisions" not in page
    assert authorise(other, discussion, "strategy_decision", "social_work_manager").status_code
    assert Authorisation.objects.get().user == other
    assert decisions_final(StrategyDiscussion.objects.get(pk=discussion.pk))


def test_the_action_refuses_a_manager_authorising_their_own_decisions(cast, discussion) -> None:
    manager = cast[Role.TEAM_MANAGER]
    client_for(manager).post(url("strategy_decisions", discussion), decisions_data(discussion))
    discussion.refresh_from_db()
    with pytest.raises(ActionError, match="another manager must authorise"):
        do_authorise(
            manager,
            discussion,
            discussion.version,
            decision="strategy_decision",
            authoriser="social_work_manager",
            reasons="",
        )
    assert not Authorisation.objects.exists()
