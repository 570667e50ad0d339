"""Minuting the discussion: who took part, what each agency shared, analysis and scaling,
actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from convene.audit.models import RecordView
from convene.people.models import Role
from convene.strategy.models import Invitee, Scaling, StrategyAction
from tests.factories import EngagementFactory, UserFactory
from tests.web.test_strategy_support import (
    AFTER,
    attendance_data,
    client_for,
    date_fields,
    invitee,
    make_case,
    plan,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def monday_afternoon():
    with time_machine.travel(AFTER, tick=False):
        yield


HEALTH_ABSENT = {
    "health": {
        "attendance": "apologies",
        "absence_reason": "Urgent discussion between CSC and the police.",
        "information_plan": "Health visitor to share records with the social worker by phone.",
    }
}


@pytest.fixture
def discussion(cast):
    case, concerns = make_case(cast)
    return plan(cast, case, concerns)


def test_business_support_records_attendance(cast, discussion) -> None:
    client = client_for(cast[Role.BUSINESS_SUPPORT])
    assert client.get(url("strategy_attendance", discussion)).status_code == 200

    response = client.post(url("strategy_attendance", discussion), attendance_data(discussion))

    assert response.status_code == 302
    assert set(discussion.invitees.values_list("attendance", flat=True)) == {"present"}
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Invitee), action=LogEntry.Action.UPDATE
    ).first()
    assert entry is not None and entry.actor == cast[Role.BUSINESS_SUPPORT]


@pytest.mark.parametrize("role", [Role.POLICE_OFFICER, Role.HEALTH_PROFESSIONAL])
def test_engaged_partners_cannot_record_attendance(cast, discussion, role) -> None:
    EngagementFactory(case=discussion.case, user=cast[role], granted_by=cast[Role.SOCIAL_WORKER])
    client = client_for(cast[role])
    assert client.get(url("strategy_attendance", discussion)).status_code == 403


def test_a_required_agency_absent_needs_a_reason_and_an_information_plan(cast, discussion) -> None:
    client = client_for(cast[Role.SOCIAL_WORKER])
    data = attendance_data(discussion, {"health": {"attendance": "absent"}})

    response = client.post(url("strategy_attendance", discussion), data)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter why Health, Testshire NHS Trust did not take part" in body
    assert "Enter how Health, Testshire NHS Trust&#x27;s information will be shared" in body
    assert set(discussion.invitees.values_list("attendance", flat=True)) == {"invited"}


def test_an_absent_recommended_agency_needs_no_reason(cast, discussion) -> None:
    data = attendance_data(discussion, {"school": {"attendance": "absent"}})
    response = client_for(cast[Role.SOCIAL_WORKER]).post(
        url("strategy_attendance", discussion), data
    )
    assert response.status_code == 302
    assert invitee(discussion, "school").attendance == "absent"


def test_health_absent_is_warned_about_with_the_procedures_words(cast, discussion) -> None:
    cast.council.procedure = "lancashire"
    cast.council.save()
    client = client_for(cast[Role.SOCIAL_WORKER])
    client.post(url("strategy_attendance", discussion), attendance_data(discussion, HEALTH_ABSENT))

    body = client.get(url("strategy_detail", discussion)).content.decode()

    assert "govuk-warning-text" in body
    assert "Health was not present. The procedure requires health to take part" in body
    # Lancashire's own answer, quoted with its source.
    assert (
        "If health cannot attend due to the matter requiring an urgent discussion between CSC and "
        "the police, the recording should state this and clarify how information sharing and "
        "discussion with health will take place." in body
    )
    assert "lancashire-strategy-s47-practice-guidance.txt" in body
    assert "Health visitor to share records with the social worker by phone." in body


def test_no_warning_once_every_required_agency_is_present(cast, discussion) -> None:
    client = client_for(cast[Role.SOCIAL_WORKER])
    client.post(url("strategy_attendance", discussion), attendance_data(discussion))
    body = client.get(url("strategy_detail", discussion)).content.decode()
    assert "was not present" not in body


def test_a_stale_attendance_saves_nothing_and_keeps_the_input(cast, discussion) -> None:
    stale = attendance_data(discussion, HEALTH_ABSENT)
    client_for(cast[Role.BUSINESS_SUPPORT]).post(
        url("strategy_attendance", discussion), attendance_data(discussion)
    )
    response = client_for(cast[Role.SOCIAL_WORKER]).post(
        url("strategy_attendance", discussion), stale
    )
    body = response.content.decode()
    assert "Someone else changed this record while you were editing it" in body
    assert "Urgent discussion between CSC and the police." in body
    assert invitee(discussion, "health").attendance == "present"


def test_an_engaged_health_professional_adds_only_their_agencys_information(
    cast, discussion
) -> None:
    health_user = cast[Role.HEALTH_PROFESSIONAL]
    EngagementFactory(case=discussion.case, user=health_user, granted_by=cast[Role.SOCIAL_WORKER])
    health, police = invitee(discussion, "health"), invitee(discussion, "police")
    client = client_for(health_user)
    page = client.get(url("strategy_information", discussion)).content.decode()
    assert f'name="invitee-{health.pk}-information_shared"' in page
    assert f'name="invitee-{police.pk}-information_shared"' not in page

    response = client.post(
        url("strategy_information", discussion),
        {
            f"invitee-{health.pk}-information_shared": "Seen at A&E twice this year.",
            f"invitee-{health.pk}-version": health.version,
            # A field for another agency's row is ignored, not saved.
            f"invitee-{police.pk}-information_shared": "Forged",
            f"invitee-{police.pk}-version": police.version,
        },
    )

    assert response.status_code == 302
    health.refresh_from_db()
    police.refresh_from_db()
    assert health.information_shared == "Seen at A&E twice this year."
    assert police.information_shared == ""
    assert RecordView.objects.filter(user=health_user, what="strategy_information").exists()


def test_a_partner_of_an_agency_not_invited_is_told_nothing_of_the_discussion(
    cast, discussion
) -> None:
    teacher = cast[Role.EDUCATION_SAFEGUARDING_LEAD]
    invitee(discussion, "school").delete()
    EngagementFactory(case=discussion.case, user=teacher, granted_by=cast[Role.SOCIAL_WORKER])
    client = client_for(teacher)
    assert client.get(url("strategy_information", discussion)).status_code == 404
    assert client.post(url("strategy_information", discussion), {}).status_code == 404
    assert client.get(url("strategy_detail", discussion)).status_code == 404


def test_a_partner_not_engaged_cannot_see_the_information(cast, discussion) -> None:
    response = client_for(cast[Role.HEALTH_PROFESSIONAL]).get(
        url("strategy_information", discussion)
    )
    assert response.status_code == 404


def test_each_present_professional_scales_safety_with_a_reason(cast, discussion) -> None:
    client = client_for(cast[Role.SOCIAL_WORKER])
    client.post(
        url("strategy_attendance", discussion),
        attendance_data(discussion, {"school": {"attendance": "absent"}}),
    )
    police, health, school = (invitee(discussion, code) for code in ("police", "health", "school"))
    page = client.get(url("strategy_analysis", discussion)).content.decode()
    assert f'name="scaling-{police.pk}-score"' in page
    assert f'name="scaling-{school.pk}-score"' not in page  # not present
    assert "0 (no safety) to 10 (safe)" in page
    discussion.refresh_from_db()
    data = {
        "version": discussion.version,
        "past_harm": "Bruising to the arm.",
        "future_danger": "Further injury.",
        f"scaling-{police.pk}-score": "3",
        f"scaling-{police.pk}-reason": "Explanation does not fit the injury.",
        f"scaling-{health.pk}-score": "4",
        f"scaling-{health.pk}-reason": "",
    }

    response = client.post(url("strategy_analysis", discussion), data)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter the reason for Health, Testshire NHS Trust&#x27;s score" in body
    assert 'href="#id_scaling-' in body
    assert not Scaling.objects.exists()

    data[f"scaling-{health.pk}-reason"] = "Missed health appointments."
    assert client.post(url("strategy_analysis", discussion), data).status_code == 302
    discussion.refresh_from_db()
    assert discussion.past_harm == "Bruising to the arm."
    assert sorted(discussion.scalings.values_list("score", flat=True)) == [3, 4]


def test_a_score_outside_0_to_10_is_refused(cast, discussion) -> None:
    client = client_for(cast[Role.SOCIAL_WORKER])
    client.post(url("strategy_attendance", discussion), attendance_data(discussion))
    police = invitee(discussion, "police")
    discussion.refresh_from_db()
    response = client.post(
        url("strategy_analysis", discussion),
        {
            "version": discussion.version,
            f"scaling-{police.pk}-score": "11",
            f"scaling-{police.pk}-reason": "Too high",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Scaling.objects.exists()


def test_actions_are_added_and_tracked_to_completion(cast, discussion) -> None:
    police = cast[Role.POLICE_OFFICER]
    EngagementFactory(case=discussion.case, user=police, granted_by=cast[Role.SOCIAL_WORKER])
    client = client_for(cast[Role.BUSINESS_SUPPORT])
    due = AFTER.date() + timedelta(days=1)

    response = client.post(
        url("strategy_actions", discussion),
        {
            "assigned_to": police.pk,
            "what": "Visit the family with the social worker.",
            "purpose": "See the child and the home.",
            **date_fields("due_on", due),
        },
    )

    assert response.status_code == 302
    action = StrategyAction.objects.get()
    assert (action.assigned_to, action.due_on) == (police, due)
    # The officer it is assigned to can mark it complete; they see who does what.
    police_client = client_for(police)
    page = police_client.get(url("strategy_actions", discussion)).content.decode()
    assert "Visit the family with the social worker." in page
    assert "Mark complete" in page
    police_client.post(
        url("strategy_action_complete", discussion, action.pk), {"version": action.version}
    )
    action.refresh_from_db()
    assert action.completed_at is not None and action.completed_by == police


def test_an_action_needs_who_what_why_and_a_date_not_in_the_past(cast, discussion) -> None:
    response = client_for(cast[Role.SOCIAL_WORKER]).post(
        url("strategy_actions", discussion),
        {"what": "", "purpose": "", **date_fields("due_on", AFTER.date() - timedelta(days=1))},
    )
    body = response.content.decode()
    assert "Choose who will do it, or enter their name" in body
    assert "Enter what will be done" in body
    assert "Enter what the action is for" in body
    assert "The date must be today or in the future" in body
    assert not StrategyAction.objects.exists()


def test_someone_else_cannot_complete_a_partners_action(cast, discussion) -> None:
    health = cast[Role.HEALTH_PROFESSIONAL]
    EngagementFactory(case=discussion.case, user=health, granted_by=cast[Role.SOCIAL_WORKER])
    action = StrategyAction.objects.create(
        discussion=discussion,
        assigned_to=cast[Role.SOCIAL_WORKER],
        what="Visit",
        purpose="See the child",
        due_on=AFTER.date(),
    )
    response = client_for(health).post(
        url("strategy_action_complete", discussion, action.pk), {"version": 1}
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.completed_at is None


def test_completing_an_action_twice_from_a_stale_page_says_so(cast, discussion) -> None:
    action = StrategyAction.objects.create(
        discussion=discussion, assignee_name="A. Nurse", what="Visit", purpose="x", due_on=AFTER
    )
    client = client_for(cast[Role.SOCIAL_WORKER])
    client.post(url("strategy_action_complete", discussion, action.pk), {"version": 1})
    response = client.post(
        url("strategy_action_complete", discussion, action.pk), {"version": 1}, follow=True
    )
    assert "Someone else changed this record" in response.content.decode()


def _grow(discussion, cast, n: int) -> None:
    for i in range(n):
        person = UserFactory(council=cast.council)
        Invitee.objects.create(
            discussion=discussion,
            attendee="specialist",
            basis="added",
            user=person,
            information_shared=f"Synthetic {i}",
            attendance="present",
        )
        StrategyAction.objects.create(
            discussion=discussion,
            assigned_to=person,
            what=f"Task {i}",
            purpose="x",
            due_on=AFTER.date(),
        )
        Scaling.objects.create(
            discussion=discussion, invitee=discussion.invitees.last(), score=5, reason="r"
        )


@pytest.mark.parametrize(
    "page", ["strategy_detail", "strategy_attendance", "strategy_actions", "strategy_record"]
)
def test_pages_make_the_same_number_of_queries_however_many_people_take_part(
    cast, discussion, page, django_assert_max_num_queries
) -> None:
    client = client_for(cast[Role.SOCIAL_WORKER])
    _grow(discussion, cast, 2)
    client.get(url(page, discussion))  # warm caches (procedure, session)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url(page, discussion)).status_code == 200
    _grow(discussion, cast, 12)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url(page, discussion)).status_code == 200
