"""Recording through the API: the first steps of the pathway, each with the page's own form,
action, audit row and access rules. All data synthetic."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.utils import timezone

from convene.audit.models import RecordView
from convene.cases.models import (
    AgencyInvolvement,
    Case,
    Concerns,
    Contact,
    Engagement,
    HouseholdMember,
)
from convene.people.models import Role
from convene.strategy.models import Invitee
from tests.factories import EngagementFactory
from tests.web.cases_support import case_in, contact_form_data, signed_in
from tests.web.test_strategy_support import AFTER, invitee, make_case, plan

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json")


def created_by(record: Any) -> list[Any]:
    return [
        entry.actor
        for entry in LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)),
            object_pk=str(record.pk),
            action=LogEntry.Action.CREATE,
        )
    ]


def updated_by(record: Any) -> list[Any]:
    return [
        entry.actor
        for entry in LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)),
            object_pk=str(record.pk),
            action=LogEntry.Action.UPDATE,
        )
    ]


# --- a contact --------------------------------------------------------------------------------


def contact_body(**contact: Any) -> dict[str, Any]:
    """The same contact as tests/web/cases_support.py contact_form_data, as JSON."""
    earlier = timezone.localtime() - timedelta(minutes=30)
    return {
        "child": {
            "given_name": "Testchild",
            "family_name": "Example",
            "date_of_birth": "2018-05-01",
            "sex": "female",
            "ethnicity": "Not stated",
            "address": "1 Synthetic Street\nTestshire",
            "postcode": "ts1 1aa",
            "first_language": "English",
            "interpreter_needed": False,
            "hospital": "no",
            "medical_examination": False,
            "lives_outside_area": False,
        },
        "adults": [
            {"name": "Parent Example", "relationship": "Mother", "parental_responsibility": True}
        ],
        "agencies": [
            {"service": "GP", "contact_name": "Dr Synthetic", "contact_details": "01000 000000"}
        ],
        "contact": {
            "received_on": earlier.date().isoformat(),
            "received_time": f"{earlier:%H:%M}",
            "referrer_name": "A. Referrer",
            "referrer_role": "Class teacher",
            "referrer_agency": "Testshire Primary School",
            "referrer_contact_details": "referrer@example.test",
            "referrer_relationship": "Teacher",
            "consent": "given",
            "consent_detail": "Mother agreed by phone.",
            "presenting_issues": "Synthetic presenting issues.",
            "reason_and_impact": "Synthetic reason and impact.",
            **contact,
        },
    }


def _what_was_recorded(case: Case) -> dict[str, Any]:
    child, contact = case.child, case.contact
    return {
        "child": {
            name: getattr(child, name)
            for name in ("given_name", "family_name", "date_of_birth", "sex", "postcode")
        }
        | {"hospital": child.hospital, "interpreter_needed": child.interpreter_needed},
        "contact": {
            name: getattr(contact, name)
            for name in ("referrer_name", "consent", "consent_detail", "presenting_issues")
        }
        | {"received_at": contact.received_at.replace(second=0, microsecond=0)},
        "household": list(
            HouseholdMember.objects.filter(child=child).values_list(
                "name", "relationship", "parental_responsibility", "lives_with_child", "is_child"
            )
        ),
        "services": list(
            AgencyInvolvement.objects.filter(child=child).values_list("service", "contact_name")
        ),
        "lead": case.lead_social_worker_id,
    }


def test_a_social_worker_records_a_contact_through_the_api_as_the_page_does(cast) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    client = signed_in(worker)
    with time_machine.travel(timezone.now(), tick=False):
        page = client.post("/cases/new/", contact_form_data())
        response = post(client, "/api/contacts/", contact_body())

    assert page.status_code == 302
    assert response.status_code == 201, response.json()
    by_page, by_api = Case.objects.order_by("pk")
    assert response.json()["id"] == by_api.contact.pk
    assert response.json()["case"] == by_api.pk
    assert _what_was_recorded(by_api) == _what_was_recorded(by_page)
    assert by_api.child.date_of_birth == date(2018, 5, 1)
    assert by_api.child.postcode == "TS1 1AA"
    assert by_api.council == cast.council
    for record in (by_api.contact, by_api, by_api.child):
        assert created_by(record) == [worker]
    assert RecordView.objects.filter(
        user=worker, case=by_api, channel="api", what="api contact"
    ).exists()


def test_a_contact_through_the_api_can_name_the_lead_social_worker(cast) -> None:
    lead = cast[Role.TEAM_MANAGER]
    client = signed_in(cast[Role.SOCIAL_WORKER])
    response = post(client, "/api/contacts/", contact_body(lead_social_worker=lead.pk))
    assert response.status_code == 201
    case = Case.objects.get()
    assert (case.lead_social_worker, case.team) == (lead, cast.team)


def test_a_contact_with_bad_input_is_refused_naming_each_field_and_nothing_is_saved(cast) -> None:
    body = contact_body(referrer_name="", received_time="25:99")
    body["child"]["date_of_birth"] = "1 May 2018"
    body["child"]["nickname"] = "Not a field"
    body["adults"].append({"name": "Someone Else"})
    response = post(signed_in(cast[Role.SOCIAL_WORKER]), "/api/contacts/", body)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["contact.referrer_name"] == ["Enter the referrer's name"]
    assert errors["contact.received_time"] == [
        "Enter the time the contact was received as a real time, for example 9:30am or 14:30"
    ]
    assert errors["child.date_of_birth"] == ["The date of birth must be a real date"]
    assert errors["child.nickname"] == ["Not a field of this request"]
    assert errors["adults.1.relationship"] == ["Adult 2: enter their relationship to the child"]
    assert Case.objects.count() == Contact.objects.count() == HouseholdMember.objects.count() == 0


def test_a_contact_body_that_is_not_an_object_is_refused(cast) -> None:
    response = post(signed_in(cast[Role.SOCIAL_WORKER]), "/api/contacts/", ["a", "list"])
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["The request body must be a JSON object"]
    }


# --- the decision -----------------------------------------------------------------------------


def test_the_contact_decision_through_the_api_is_recorded_as_on_the_page(cast) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    contact = case_in(cast).contact
    response = post(
        signed_in(worker),
        f"/api/contacts/{contact.pk}/decision/",
        {
            "decision": "referral_assessment",
            "decision_reason": "Synthetic.",
            "version": contact.version,
        },
    )
    assert response.status_code == 200, response.json()
    assert response.json()["decision"] == "referral_assessment"
    contact.refresh_from_db()
    assert (contact.decision, contact.decision_reason, contact.decided_by) == (
        "referral_assessment",
        "Synthetic.",
        worker,
    )
    assert contact.decided_at is not None
    assert updated_by(contact) == [worker]


def test_a_decision_with_missing_answers_is_refused_naming_each_field(cast) -> None:
    contact = case_in(cast).contact
    response = post(
        signed_in(cast[Role.SOCIAL_WORKER]),
        f"/api/contacts/{contact.pk}/decision/",
        {"decision": "maybe", "version": contact.version},
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"decision", "decision_reason"}
    assert errors["decision_reason"] == ["Enter the reason for the decision"]
    contact.refresh_from_db()
    assert contact.decision == ""


def test_a_decision_on_a_contact_changed_since_it_was_read_is_a_conflict(cast) -> None:
    contact = case_in(cast).contact
    read = contact.version
    Contact.objects.filter(pk=contact.pk).update(version=read + 1)  # saved meanwhile
    response = post(
        signed_in(cast[Role.SOCIAL_WORKER]),
        f"/api/contacts/{contact.pk}/decision/",
        {"decision": "advice", "decision_reason": "Synthetic.", "version": read},
    )
    assert response.status_code == 409
    assert "Someone else changed this record" in response.json()["detail"]
    assert list(response.json()["errors"]) == ["version"]
    contact.refresh_from_db()
    assert (contact.decision, contact.version) == ("", read + 1)


def test_a_second_decision_on_a_contact_is_refused(cast) -> None:
    contact = case_in(cast, decision="advice", decision_reason="Synthetic.").contact
    response = post(
        signed_in(cast[Role.TEAM_MANAGER]),
        f"/api/contacts/{contact.pk}/decision/",
        {"decision": "early_help", "decision_reason": "Synthetic.", "version": contact.version},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["A decision on this contact has already been recorded."]
    }
    contact.refresh_from_db()
    assert contact.decision == "advice"


# --- concerns ---------------------------------------------------------------------------------


def concerns_body(**overrides: Any) -> dict[str, Any]:
    earlier = timezone.localtime() - timedelta(minutes=10)
    return {
        "concerns": ["sexual_abuse", "physical_abuse"],
        "summary": "Synthetic summary.",
        "identified_on": earlier.date().isoformat(),
        "identified_time": f"{earlier:%H:%M}",
        "immediate_action_taken": False,
        "forensic_evidence_needed": True,
        **overrides,
    }


def test_concerns_through_the_api_are_recorded_as_on_the_page(cast) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    case = case_in(cast)
    response = post(signed_in(worker), f"/api/cases/{case.pk}/concerns/", concerns_body())
    assert response.status_code == 201, response.json()
    concerns = Concerns.objects.get(case=case)
    assert response.json()["id"] == concerns.pk
    # In the vocabulary's order, as the page saves them.
    assert concerns.concerns == ["physical_abuse", "sexual_abuse"]
    assert (concerns.recorded_by, concerns.forensic_evidence_needed) == (worker, True)
    assert created_by(concerns) == [worker]
    assert RecordView.objects.filter(user=worker, channel="api", what="api concerns").exists()


def test_concerns_with_bad_input_are_refused_naming_each_field_and_nothing_is_saved(cast) -> None:
    case = case_in(cast)
    response = post(
        signed_in(cast[Role.SOCIAL_WORKER]),
        f"/api/cases/{case.pk}/concerns/",
        concerns_body(concerns=["not_a_concern"], immediate_action_taken=True, summary=""),
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"concerns", "summary", "immediate_action_detail"}
    assert "not_a_concern" in errors["concerns"][0]
    assert errors["immediate_action_detail"] == ["Enter what immediate action was taken"]
    assert not Concerns.objects.exists()


def test_concerns_with_none_chosen_are_refused(cast) -> None:
    case = case_in(cast)
    response = post(
        signed_in(cast[Role.SOCIAL_WORKER]),
        f"/api/cases/{case.pk}/concerns/",
        concerns_body(concerns=[]),
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"concerns": ["Select at least one concern"]}


def test_concerns_on_a_closed_case_are_refused_by_the_action(cast) -> None:
    case = case_in(cast)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now())
    response = post(
        signed_in(cast[Role.SOCIAL_WORKER]), f"/api/cases/{case.pk}/concerns/", concerns_body()
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["This case is closed: concerns cannot be added to it."]
    }
    assert not Concerns.objects.exists()


def test_a_cross_site_post_without_a_csrf_token_is_refused(cast) -> None:
    case = case_in(cast)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast[Role.SOCIAL_WORKER])
    response = post(client, f"/api/cases/{case.pk}/concerns/", concerns_body())
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Concerns.objects.exists()


# --- attendance and information -------------------------------------------------------------


@pytest.fixture
def discussion(cast):
    with time_machine.travel(AFTER, tick=False):
        case, concerns = make_case(cast)
        planned = plan(cast, case, concerns)
        yield planned


def everyone_present(discussion, **rows: dict[str, Any]) -> dict[str, Any]:
    """Every invitee present, except the attendee codes given (with their fields)."""
    return {
        "invitees": [
            {
                "id": row.pk,
                "version": row.version,
                **rows.get(row.attendee, {"attendance": "present"}),
            }
            for row in discussion.invitees.filter(removed=False).order_by("pk")
        ]
    }


def attendance_url(discussion) -> str:
    return f"/api/strategy-discussions/{discussion.pk}/attendance/"


def information_url(discussion) -> str:
    return f"/api/strategy-discussions/{discussion.pk}/information/"


def test_business_support_records_attendance_through_the_api(cast, discussion) -> None:
    support = cast[Role.BUSINESS_SUPPORT]
    engagements = Engagement.objects.count()
    absent = {
        "attendance": "apologies",
        "absence_reason": "Urgent discussion between CSC and the police.",
        "information_plan": "Health visitor to share records by phone.",
    }
    response = post(
        signed_in(support), attendance_url(discussion), everyone_present(discussion, health=absent)
    )
    assert response.status_code == 200, response.json()
    health = invitee(discussion, "health")
    assert (health.attendance, health.absence_reason) == ("apologies", absent["absence_reason"])
    others = discussion.invitees.filter(removed=False).exclude(pk=health.pk)
    assert set(others.values_list("attendance", flat=True)) == {"present"}
    assert updated_by(health) == [support]
    assert Engagement.objects.count() == engagements  # recording attendance grants nothing
    shown = {row["id"]: row["attendance"] for row in response.json()["invitees"]}
    assert shown[health.pk] == "apologies"
    assert RecordView.objects.filter(user=support, channel="api").exists()


def test_a_required_agency_absent_without_a_reason_is_refused_naming_its_row(
    cast, discussion
) -> None:
    body = everyone_present(discussion, health={"attendance": "absent"})
    index = next(
        i for i, row in enumerate(body["invitees"]) if row["id"] == invitee(discussion, "health").pk
    )
    response = post(signed_in(cast[Role.SOCIAL_WORKER]), attendance_url(discussion), body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {
        f"invitees.{index}.absence_reason",
        f"invitees.{index}.information_plan",
    }
    assert set(Invitee.objects.values_list("attendance", flat=True)) == {"invited"}


def test_attendance_must_list_every_invitee_and_only_the_discussions(cast, discussion) -> None:
    body = everyone_present(discussion)
    left_out = body["invitees"].pop()
    body["invitees"].append({"id": 999999, "version": 0, "attendance": "present"})
    response = post(signed_in(cast[Role.SOCIAL_WORKER]), attendance_url(discussion), body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    last = len(body["invitees"]) - 1
    assert errors[f"invitees.{last}.id"] == ["No invitee 999999 on this strategy discussion's list"]
    assert len(errors["invitees"]) == 1 and "was present" in errors["invitees"][0]
    assert Invitee.objects.get(pk=left_out["id"]).attendance == "invited"


def test_attendance_without_a_version_is_refused(cast, discussion) -> None:
    body = everyone_present(discussion)
    del body["invitees"][0]["version"]
    response = post(signed_in(cast[Role.SOCIAL_WORKER]), attendance_url(discussion), body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["invitees.0.version"]


def test_attendance_when_one_invitee_changed_meanwhile_is_a_conflict_and_saves_none(
    cast, discussion
) -> None:
    body = everyone_present(discussion)
    stale = body["invitees"][1]
    Invitee.objects.filter(pk=stale["id"]).update(version=stale["version"] + 1)
    response = post(signed_in(cast[Role.SOCIAL_WORKER]), attendance_url(discussion), body)
    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["invitees.1.version"]
    assert set(Invitee.objects.values_list("attendance", flat=True)) == {"invited"}


def test_an_engaged_partner_shares_only_their_own_agencys_information(cast, discussion) -> None:
    health_user = cast[Role.HEALTH_PROFESSIONAL]
    EngagementFactory(case=discussion.case, user=health_user, granted_by=cast[Role.SOCIAL_WORKER])
    health, police = invitee(discussion, "health"), invitee(discussion, "police")
    client = signed_in(health_user)

    forged = post(
        client,
        information_url(discussion),
        {
            "invitees": [
                {"id": health.pk, "version": health.version, "information_shared": "Seen."},
                {"id": police.pk, "version": police.version, "information_shared": "Forged"},
            ]
        },
    )
    assert forged.status_code == 403
    health.refresh_from_db()
    assert health.information_shared == ""

    response = post(
        client,
        information_url(discussion),
        {
            "invitees": [
                {
                    "id": health.pk,
                    "version": health.version,
                    "information_shared": " Seen at A&E twice this year. ",
                }
            ]
        },
    )
    assert response.status_code == 200, response.json()
    health.refresh_from_db()
    police.refresh_from_db()
    assert health.information_shared == "Seen at A&E twice this year."
    assert police.information_shared == ""
    assert updated_by(health) == [health_user]


def test_information_must_list_a_row_with_its_text(cast, discussion) -> None:
    police = invitee(discussion, "police")
    client = signed_in(cast[Role.BUSINESS_SUPPORT])
    assert post(client, information_url(discussion), {}).json()["errors"] == {
        "invitees": ["List at least one of the invitees"]
    }
    response = post(
        client, information_url(discussion), {"invitees": [{"id": police.pk, "version": 0}]}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["invitees.0.information_shared"]


# --- who may record: every role of the cast, another council's worker, partners -------------

SW, TM, SM = Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER
SUPPORT, CHAIR = Role.BUSINESS_SUPPORT, Role.CONFERENCE_CHAIR
OTHER_COUNCIL, POLICE_ENGAGED, HEALTH_ENGAGED = "other council", "police engaged", "health engaged"
WHO = [*Role.values, OTHER_COUNCIL, POLICE_ENGAGED, HEALTH_ENGAGED]
EDIT = {SW, TM, SM}
MINUTE = EDIT | {SUPPORT, CHAIR}
ENGAGED = {POLICE_ENGAGED, HEALTH_ENGAGED}
STAFF = MINUTE  # the administrator sees no child: 404, as for another council


def _status(
    who: str, allowed: set[str], ok: int, *, about_a_case: bool = True, hidden: bool = False
) -> int:
    if about_a_case and who not in STAFF | ENGAGED:
        return 404  # may not know the case exists: another council's, or not engaged
    if hidden and who in ENGAGED:
        return 404  # a partner sees only their own agency's referral (need_to_know.py)
    return ok if who in allowed else 403


@pytest.mark.parametrize("who", WHO)
def test_each_user_gets_the_pages_answer_from_each_recording_endpoint(
    cast, discussion, who
) -> None:
    case = discussion.case
    police_user, health_user = (cast[Role.POLICE_OFFICER], cast[Role.HEALTH_PROFESSIONAL])
    if who in ENGAGED:
        user = police_user if who == POLICE_ENGAGED else health_user
        EngagementFactory(case=case, user=user, granted_by=cast[SW])
    else:
        user = cast.other_council_social_worker if who == OTHER_COUNCIL else cast[who]
    health = invitee(discussion, "health")
    requests = {
        "contact": ("/api/contacts/", contact_body(), EDIT | {OTHER_COUNCIL}, 201),
        "decision": (
            f"/api/contacts/{case.contact.pk}/decision/",
            {
                "decision": "advice",
                "decision_reason": "Synthetic.",
                "version": case.contact.version,
            },
            EDIT,
            200,
        ),
        "concerns": (f"/api/cases/{case.pk}/concerns/", concerns_body(), EDIT, 201),
        "attendance": (attendance_url(discussion), everyone_present(discussion), MINUTE, 200),
        "information": (
            information_url(discussion),
            {
                "invitees": [
                    {"id": health.pk, "version": health.version, "information_shared": "Seen."}
                ]
            },
            MINUTE | {HEALTH_ENGAGED},  # the police officer's agency is not this row's
            200,
        ),
    }
    client = signed_in(user)
    wrong = {}
    with time_machine.travel(AFTER + timedelta(minutes=30), tick=False):
        for name, (url, body, allowed, ok) in requests.items():
            want = _status(
                who, allowed, ok, about_a_case=name != "contact", hidden=name == "decision"
            )
            changes = LogEntry.objects.count()
            with transaction.atomic():
                response = post(client, url, body)
                changed = LogEntry.objects.count() != changes
                transaction.set_rollback(True)
            if response.status_code != want:
                wrong[name] = f"{response.status_code}, expected {want}: {response.content!r}"
            elif changed != (want == ok):
                wrong[name] = f"{response.status_code}, but changed: {changed}"
    assert wrong == {}, who
