"""Planning a strategy discussion: when, meeting or discussion, chair, who is invited."""

from __future__ import annotations

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from convene.audit.models import RecordView
from convene.cases.models import Engagement
from convene.people.models import Role
from convene.strategy.models import AgendaItem, Invitee, StrategyDiscussion
from tests.factories import EngagementFactory
from tests.web.test_strategy_support import (
    HELD,
    MONDAY,
    client_for,
    invitee,
    make_case,
    plan,
    plan_data,
    url,
)

pytestmark = pytest.mark.django_db

FROZEN = time_machine.travel(MONDAY, tick=False)


def new_url(case, concerns) -> str:
    return reverse("strategy_new", args=[case.pk, concerns.pk])


@FROZEN
def test_planning_invites_the_procedures_required_and_recommended_attendees(cast) -> None:
    case, concerns = make_case(cast)
    client = client_for(cast[Role.SOCIAL_WORKER])
    page = client.get(new_url(case, concerns))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Required: Social worker, Social work manager, Police, Health." in body

    response = client.post(new_url(case, concerns), plan_data(cast[Role.TEAM_MANAGER]))

    discussion = StrategyDiscussion.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == url("strategy_invitees", discussion)
    assert discussion.form == "meeting"
    assert discussion.scheduled_for == HELD
    assert discussion.chair == cast[Role.TEAM_MANAGER]
    invited = {(row.attendee, row.basis) for row in discussion.invitees.all()}
    assert invited == {
        ("social_worker", "required"),
        ("social_work_manager", "required"),
        ("police", "required"),
        ("health", "required"),
        ("referrer", "recommended"),
        ("school", "recommended"),
        ("legal_adviser", "recommended"),
        ("specialist", "recommended"),
    }
    # Pre-filled: the lead social worker, the chair, the referrer from the contact, and the
    # only police force, trust and school serving the council.
    assert invitee(discussion, "social_worker").user == cast[Role.SOCIAL_WORKER]
    assert invitee(discussion, "social_work_manager").user == cast[Role.TEAM_MANAGER]
    assert invitee(discussion, "referrer").name == "A. Referrer"
    assert invitee(discussion, "police").agency == cast.police
    assert invitee(discussion, "health").agency == cast.trust
    assert AgendaItem.objects.filter(discussion=discussion).count() == 20


@FROZEN
def test_a_child_in_hospital_needs_the_consultant_and_ward_nurse(cast) -> None:
    case, concerns = make_case(cast, hospital="inpatient")
    discussion = plan(cast, case, concerns)
    required = set(discussion.invitees.filter(basis="required").values_list("attendee", flat=True))
    assert {"medical_consultant", "senior_ward_nurse"} <= required


@FROZEN
def test_concerns_that_need_a_meeting_refuse_a_telephone_discussion_and_say_why(cast) -> None:
    case, concerns = make_case(cast, concerns=["female_genital_mutilation"])
    client = client_for(cast[Role.SOCIAL_WORKER])
    page = client.get(new_url(case, concerns)).content.decode()
    assert "This must be a strategy meeting" in page
    assert "Where there are concerns about Female Genital Mutilation" in page

    data = plan_data(cast[Role.TEAM_MANAGER], form="discussion")
    response = client.post(new_url(case, concerns), data)

    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "There is a problem" in body
    assert "the procedure requires a meeting when there are concerns of female genital" in body
    assert 'href="#id_form_1"' in body
    assert not StrategyDiscussion.objects.exists()
    # What was typed is kept.
    assert 'value="14:00"' in body


@FROZEN
def test_a_missing_date_and_time_are_reported_on_their_fields(cast) -> None:
    case, concerns = make_case(cast)
    client = client_for(cast[Role.SOCIAL_WORKER])
    data = plan_data(cast[Role.TEAM_MANAGER])
    data.update({"scheduled_date_0": "", "scheduled_date_1": "", "scheduled_date_2": ""})
    data["scheduled_time"] = "25:99"
    body = client.post(new_url(case, concerns), data).content.decode()
    assert "Enter the date" in body
    assert "Enter a real time, for example 14:30" in body
    assert not StrategyDiscussion.objects.exists()


@FROZEN
@pytest.mark.parametrize("role", [Role.BUSINESS_SUPPORT, Role.CONFERENCE_CHAIR])
def test_only_social_workers_and_managers_plan_a_discussion(cast, role) -> None:
    case, concerns = make_case(cast)
    response = client_for(cast[role]).get(new_url(case, concerns))
    assert response.status_code == 403


@FROZEN
def test_partners_and_other_councils_cannot_find_the_case(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    for user in (cast[Role.POLICE_OFFICER], cast.other_council_social_worker):
        client = client_for(user)
        assert client.get(new_url(case, concerns)).status_code == 404
        assert client.get(url("strategy_detail", discussion)).status_code == 404


@FROZEN
def test_an_engaged_partner_sees_the_discussion_but_cannot_plan_it(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    police = cast[Role.POLICE_OFFICER]
    EngagementFactory(case=case, user=police, granted_by=cast[Role.SOCIAL_WORKER])
    client = client_for(police)
    assert client.get(url("strategy_detail", discussion)).status_code == 200
    assert client.get(url("strategy_plan", discussion)).status_code == 403
    assert client.get(url("strategy_invitees", discussion)).status_code == 403
    assert client.get(new_url(case, concerns)).status_code == 403


@FROZEN
def test_viewing_and_planning_are_audited(cast) -> None:
    case, concerns = make_case(cast)
    user = cast[Role.SOCIAL_WORKER]
    client = client_for(user)
    client.get(new_url(case, concerns))
    client.post(new_url(case, concerns), plan_data(cast[Role.TEAM_MANAGER]))
    discussion = StrategyDiscussion.objects.get()
    client.get(url("strategy_detail", discussion))
    views = RecordView.objects.filter(user=user, case=case)
    assert set(views.values_list("what", flat=True)) >= {"strategy_new", "strategy_detail"}
    assert views.first().child_id == case.child_id
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(StrategyDiscussion),
        object_id=discussion.pk,
        action=LogEntry.Action.CREATE,
    )
    assert entry.actor == user


@FROZEN
def test_a_required_invitee_is_removed_only_with_a_reason(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    health = invitee(discussion, "health")
    client = client_for(cast[Role.SOCIAL_WORKER])
    remove = url("strategy_invitee_remove", discussion, health.pk)

    response = client.post(remove, {"reason": "  ", "version": health.version})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter why Health" in body and "the procedure requires them" in body
    health.refresh_from_db()
    assert not health.removed

    response = client.post(
        remove, {"reason": "Health information shared by phone beforehand.", "version": 1}
    )
    assert response.status_code == 302
    health.refresh_from_db()
    assert health.removed
    assert health.change_reason == "Health information shared by phone beforehand."


@FROZEN
def test_an_added_invitee_can_be_removed_without_a_reason(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    client = client_for(cast[Role.SOCIAL_WORKER])
    client.post(
        url("strategy_invitees", discussion),
        {
            "attendee": "adult_services",
            "name": "A. Practitioner",
            "role_title": "Adult services",
            "reason": "Works with the mother on her drinking.",
        },
    )
    added = invitee(discussion, "adult_services")
    assert added.basis == Invitee.Basis.ADDED
    response = client.post(
        url("strategy_invitee_remove", discussion, added.pk), {"reason": "", "version": 1}
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.removed


@FROZEN
def test_inviting_a_partner_lets_them_see_the_case_until_30_days_after(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    police = cast[Role.POLICE_OFFICER]
    place = invitee(discussion, "police")
    client = client_for(cast[Role.SOCIAL_WORKER])

    response = client.post(
        url("strategy_invitee_edit", discussion, place.pk),
        {"user": police.pk, "agency": "", "name": "", "role_title": "DC", "version": 1},
    )

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.user == police and place.agency == cast.police
    engagement = Engagement.objects.get(case=case, user=police)
    assert engagement.purpose == "Invited to the strategy discussion"
    assert str(engagement.ends_on) == "2026-12-16"
    assert client_for(police).get(url("strategy_detail", discussion)).status_code == 200


@FROZEN
def test_an_invitee_from_another_agency_than_chosen_is_refused(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    place = invitee(discussion, "police")
    response = client_for(cast[Role.SOCIAL_WORKER]).post(
        url("strategy_invitee_edit", discussion, place.pk),
        {"user": cast[Role.POLICE_OFFICER].pk, "agency": cast.trust.pk, "version": 1},
    )
    assert response.status_code == 200
    assert "works for Testshire Police" in response.content.decode()
    assert not Engagement.objects.exists()


@FROZEN
def test_a_stale_plan_is_not_saved_and_keeps_what_was_typed(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    client = client_for(cast[Role.SOCIAL_WORKER])
    stale = {**plan_data(cast[Role.TEAM_MANAGER]), "scheduled_time": "15:45", "version": "1"}
    # Someone else changes the plan first.
    other = {**plan_data(cast[Role.SERVICE_MANAGER]), "version": "1"}
    assert client_for(cast[Role.TEAM_MANAGER]).post(url("strategy_plan", discussion), other)[
        "Location"
    ] == url("strategy_detail", discussion)

    response = client.post(url("strategy_plan", discussion), stale)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else changed this record while you were editing it" in body
    assert 'value="15:45"' in body
    discussion.refresh_from_db()
    assert discussion.scheduled_for == HELD
    assert discussion.chair == cast[Role.SERVICE_MANAGER]


@FROZEN
def test_someone_taken_off_the_list_loses_the_access_the_invitation_gave(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    police = cast[Role.POLICE_OFFICER]
    place = invitee(discussion, "police")
    client = client_for(cast[Role.SOCIAL_WORKER])
    client.post(
        url("strategy_invitee_edit", discussion, place.pk), {"user": police.pk, "version": 1}
    )
    assert client_for(police).get(url("strategy_detail", discussion)).status_code == 200

    client.post(
        url("strategy_invitee_remove", discussion, place.pk),
        {"reason": "Police information shared in writing.", "version": 2},
    )

    assert Engagement.objects.get(case=case, user=police).revoked_at is not None
    assert client_for(police).get(url("strategy_detail", discussion)).status_code == 404


@FROZEN
def test_changing_the_plan_to_a_discussion_is_refused_when_a_meeting_is_required(cast) -> None:
    case, concerns = make_case(cast, concerns=["fabricated_induced_illness"])
    discussion = plan(cast, case, concerns)
    data = {**plan_data(cast[Role.TEAM_MANAGER], form="discussion"), "version": "1"}
    response = client_for(cast[Role.TEAM_MANAGER]).post(url("strategy_plan", discussion), data)
    assert response.status_code == 200
    assert "This must be a strategy meeting" in response.content.decode()
    discussion.refresh_from_db()
    assert (discussion.form, discussion.version) == ("meeting", 1)


@FROZEN
def test_inviting_someone_the_procedure_did_not_ask_for_needs_a_reason(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    client = client_for(cast[Role.SOCIAL_WORKER])
    typed = {"attendee": "adult_services", "name": "A. Practitioner", "role_title": "Adult work"}
    response = client.post(url("strategy_invitees", discussion), typed)
    assert response.status_code == 200
    assert "Enter why they are invited" in response.content.decode()
    assert 'value="A. Practitioner"' in response.content.decode()  # what was typed is kept
    assert not Invitee.objects.filter(discussion=discussion, attendee="adult_services").exists()

    reason = "Works with the mother on her drinking."
    response = client.post(url("strategy_invitees", discussion), typed | {"reason": reason})
    assert response.status_code == 302
    added = invitee(discussion, "adult_services")
    assert added.invited_because == reason
    assert reason in client.get(url("strategy_invitees", discussion)).content.decode()
