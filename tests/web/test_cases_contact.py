"""Recording a contact: the child, their household, services involved and the Darlington
contact form's facts open a case in the user's council."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from convene.cases.models import AgencyInvolvement, Case, Child, Contact, HouseholdMember
from convene.people.models import Role
from tests.factories import local
from tests.web.cases_support import contact_form_data, error_links, signed_in, text_of, title_of


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_a_social_worker_records_a_contact_and_a_case_opens_for_the_child(cast) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    client = signed_in(worker)
    response = client.post("/cases/new/", contact_form_data())

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.council == cast.council
    assert case.lead_social_worker is None
    child = case.child
    assert (child.given_name, child.family_name, child.date_of_birth) == (
        "Testchild",
        "Example",
        date(2018, 5, 1),
    )
    assert child.sex == "female"
    assert child.postcode == "TS1 1AA"
    assert child.hospital == ""
    assert child.medical_examination is False
    contact = case.contact
    assert contact.recorded_by == worker
    assert contact.referrer_name == "A. Referrer"
    assert contact.consent == Contact.Consent.GIVEN
    member = HouseholdMember.objects.get()
    assert (member.name, member.relationship, member.parental_responsibility) == (
        "Parent Example",
        "Mother",
        True,
    )
    assert member.lives_with_child and not member.is_child
    assert AgencyInvolvement.objects.get().service == "GP"
    # The blank "other children" and "significant others" rows add nobody.
    assert HouseholdMember.objects.count() == 1
    page = client.get(response["Location"])
    assert f"Contact recorded: case {case.reference}" in text_of(page)


def test_the_contact_records_when_it_was_received_not_when_it_was_typed(cast) -> None:
    with time_machine.travel(local(2026, 11, 2, 11, 45), tick=False):
        signed_in(cast[Role.SOCIAL_WORKER]).post(
            "/cases/new/",
            contact_form_data(
                **{
                    "contact-received_on_0": "2",
                    "contact-received_on_1": "11",
                    "contact-received_on_2": "2026",
                    "contact-received_time": "9:10am",
                }
            ),
        )
    assert Contact.objects.get().received_at == local(2026, 11, 2, 9, 10)


def test_recording_a_contact_is_in_the_audit_log_with_who_did_it(cast) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    signed_in(worker).post("/cases/new/", contact_form_data())
    contact = Contact.objects.get()
    for record in (contact, contact.case, contact.case.child):
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)),
            object_pk=str(record.pk),
            action=LogEntry.Action.CREATE,
        )
        assert [entry.actor for entry in entries] == [worker]


def test_the_social_worker_can_name_the_lead_social_worker_whose_team_takes_the_case(cast) -> None:
    lead = cast[Role.TEAM_MANAGER]
    signed_in(cast[Role.SOCIAL_WORKER]).post(
        "/cases/new/", contact_form_data(**{"contact-lead_social_worker": str(lead.pk)})
    )
    case = Case.objects.get()
    assert case.lead_social_worker == lead
    assert case.team == cast.team


def test_an_unborn_child_is_recorded_with_an_expected_date_of_birth(cast) -> None:
    with time_machine.travel(local(2026, 11, 2, 12, 0), tick=False):
        signed_in(cast[Role.SOCIAL_WORKER]).post(
            "/cases/new/",
            contact_form_data(
                **{
                    "child-date_of_birth_0": "",
                    "child-date_of_birth_1": "",
                    "child-date_of_birth_2": "",
                    "child-expected_birth_date_0": "14",
                    "child-expected_birth_date_1": "3",
                    "child-expected_birth_date_2": "2027",
                    "child-sex": "unknown",
                }
            ),
        )
    child = Child.objects.get()
    assert child.unborn
    assert child.expected_birth_date == date(2027, 3, 14)


def test_the_blank_form_asks_every_question_with_nothing_preselected(cast) -> None:
    response = signed_in(cast[Role.SOCIAL_WORKER]).get("/cases/new/")
    body = response.content.decode()
    assert response.status_code == 200
    assert title_of(response).startswith("Record a contact")
    for legend in (
        "Date of birth",
        "Is the child in hospital?",
        "Is a medical examination needed?",
        "Does the child live outside the council's area?",
        "Do any adults in the household have these difficulties?",
        "Has the family consented to the contact?",
    ):
        assert legend in text_of(response)
    # Radios start unanswered: facts about a child are asked, never assumed.
    assert 'name="child-medical_examination"' in body
    assert 'checked="checked"' not in body


def test_a_contact_with_missing_answers_is_refused_with_every_error_and_keeps_the_input(
    cast,
) -> None:
    data = contact_form_data(
        **{
            "child-given_name": "",
            "child-hospital": "",
            "child-date_of_birth_0": "31",
            "child-date_of_birth_1": "2",
            "child-date_of_birth_2": "2019",
            "contact-presenting_issues": "",
            "contact-consent": "refused",
            "contact-consent_detail": "",
            "contact-referrer_name": "Typed Referrer",
        }
    )
    response = signed_in(cast[Role.SOCIAL_WORKER]).post("/cases/new/", data)

    assert response.status_code == 200
    assert Case.objects.count() == 0 and Child.objects.count() == 0
    assert title_of(response).startswith("Error: ")
    errors = dict((message, href) for href, message in error_links(response))
    assert errors["Enter the first name"] == "#id_child-given_name"
    assert errors["Select whether the child is in hospital"] == "#id_child-hospital_1"
    assert errors["The date of birth must be a real date"] == "#id_child-date_of_birth_0"
    assert errors["Enter the presenting issues"] == "#id_contact-presenting_issues"
    assert errors["Enter who refused consent and why"] == "#id_contact-consent_detail"
    body = response.content.decode()
    assert 'value="Typed Referrer"' in body
    assert 'value="Parent Example"' in body
    assert 'id="id_child-hospital_1"' in body
    assert "govuk-form-group--error" in body


def test_a_contact_received_in_the_future_is_refused(cast) -> None:
    with time_machine.travel(local(2026, 11, 2, 9, 0), tick=False):
        response = signed_in(cast[Role.SOCIAL_WORKER]).post(
            "/cases/new/",
            contact_form_data(
                **{
                    "contact-received_on_0": "2",
                    "contact-received_on_1": "11",
                    "contact-received_on_2": "2026",
                    "contact-received_time": "3pm",
                }
            ),
        )
    assert (
        "#id_contact-received_time",
        "The time the contact was received must be in the past",
    ) in (error_links(response))
    assert Case.objects.count() == 0


def test_a_time_that_is_not_a_time_is_refused_with_an_example(cast) -> None:
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(
        "/cases/new/", contact_form_data(**{"contact-received_time": "teatime"})
    )
    messages = [message for _, message in error_links(response)]
    assert (
        "Enter the time the contact was received as a real time, for example 9:30am or 14:30"
        in messages
    )
    assert 'value="teatime"' in response.content.decode()


def test_a_child_with_both_a_date_of_birth_and_an_expected_one_is_refused(cast) -> None:
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(
        "/cases/new/",
        contact_form_data(
            **{
                "child-expected_birth_date_0": "1",
                "child-expected_birth_date_1": "1",
                "child-expected_birth_date_2": "2027",
            }
        ),
    )
    messages = [message for _, message in error_links(response)]
    assert "Leave the expected date of birth blank: the child has a date of birth" in messages


def test_add_another_shows_one_more_row_keeping_the_input_and_showing_no_errors(cast) -> None:
    data = contact_form_data(**{"add": "children", "child-given_name": ""})
    response = signed_in(cast[Role.SOCIAL_WORKER]).post("/cases/new/", data)

    body = response.content.decode()
    assert response.status_code == 200
    assert Case.objects.count() == 0
    assert 'name="children-TOTAL_FORMS" value="2"' in body
    assert 'name="children-1-name"' in body
    assert 'value="Parent Example"' in body
    assert "There is a problem" not in body
    assert "govuk-input--error" not in body and "govuk-form-group--error" not in body
    assert not title_of(response).startswith("Error")


def test_rows_added_with_add_another_are_saved(cast) -> None:
    data = contact_form_data(
        **{
            "children-TOTAL_FORMS": "2",
            "children-0-name": "Sibling One",
            "children-0-relationship": "Brother",
            "children-1-name": "Sibling Two",
            "children-1-relationship": "Sister",
            "others-0-name": "Grandparent Example",
            "others-0-relationship": "Grandmother",
        }
    )
    signed_in(cast[Role.SOCIAL_WORKER]).post("/cases/new/", data)
    children = HouseholdMember.objects.filter(is_child=True).order_by("name")
    assert [member.name for member in children] == ["Sibling One", "Sibling Two"]
    other = HouseholdMember.objects.get(name="Grandparent Example")
    assert not other.lives_with_child and not other.is_child


def test_a_row_with_a_name_but_no_relationship_is_refused(cast) -> None:
    data = contact_form_data(**{"others-0-name": "Half Filled"})
    response = signed_in(cast[Role.SOCIAL_WORKER]).post("/cases/new/", data)
    assert ("#id_others-0-relationship", "Person 1: enter their relationship to the child") in (
        error_links(response)
    )


@pytest.mark.parametrize(
    "role",
    [
        Role.BUSINESS_SUPPORT,
        Role.CONFERENCE_CHAIR,
        Role.POLICE_OFFICER,
        Role.HEALTH_PROFESSIONAL,
        Role.EDUCATION_SAFEGUARDING_LEAD,
    ],
)
def test_only_social_care_staff_record_contacts(cast, role) -> None:
    client = signed_in(cast[role])
    assert client.get("/cases/new/").status_code == 403
    assert client.post("/cases/new/", contact_form_data()).status_code == 403
    assert Case.objects.count() == 0


def test_a_contact_opens_the_case_in_the_recorders_own_council(cast) -> None:
    other = cast.other_council_social_worker
    signed_in(other).post("/cases/new/", contact_form_data())
    assert Case.objects.get().council == other.council
    # ... which the first council's staff cannot see.
    case = Case.objects.get()
    assert signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/").status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(client, cast) -> None:
    response = client.get("/cases/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
