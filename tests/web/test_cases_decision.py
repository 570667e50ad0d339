"""The decision on a contact and the referrer's acknowledgement: who records them, what the
clocks then show, and what happens when two people act at once."""

from __future__ import annotations

import re

import pytest
import time_machine
from auditlog.models import LogEntry

from convene.audit.models import RecordView
from convene.cases.models import Contact
from convene.people.models import Role
from tests.factories import local
from tests.web.cases_support import case_in, engage, error_links, signed_in, text_of, title_of


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def decision_data(contact: Contact, **overrides) -> dict[str, str]:
    data = {
        "decision": "referral_assessment",
        "decision_reason": "Synthetic reason: the threshold for an assessment is met.",
        "version": str(contact.version),
    }
    data.update(overrides)
    return data


def test_the_decision_page_shows_when_the_decision_is_due(cast) -> None:
    case = case_in(cast, procedure="darlington", received_at=local(2026, 11, 2, 10, 0))
    with time_machine.travel(local(2026, 11, 2, 10, 30), tick=False):
        response = signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/contact/decision/")
    page = text_of(response)
    assert "Decision due Tue 3 Nov 2026 at 10am Due" in page
    assert "What is the decision on the contact?" in page
    assert RecordView.objects.filter(case=case, what="contact_decision").exists()


def test_a_social_worker_records_the_decision_and_the_clock_is_met(cast) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    case = case_in(cast, procedure="darlington", received_at=local(2026, 11, 2, 10, 0))
    client = signed_in(worker)
    with time_machine.travel(local(2026, 11, 2, 15, 0), tick=False):
        response = client.post(f"/cases/{case.pk}/contact/decision/", decision_data(case.contact))
        assert response.status_code == 302
        page = client.get(f"/cases/{case.pk}/")

    contact = Contact.objects.get()
    assert contact.decision == "referral_assessment"
    assert contact.decided_by == worker
    assert contact.decided_at == local(2026, 11, 2, 15, 0)
    text = text_of(page)
    assert "Decision recorded: Referral for an assessment" in text
    assert "Decision on the contact Referral for an assessment Completed" in text
    assert "govuk-tag--green" in page.content.decode()
    entry = LogEntry.objects.get_for_object(contact).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == worker
    assert "decision" in entry.changes


def test_a_manager_can_record_the_decision(cast) -> None:
    case = case_in(cast)
    response = signed_in(cast[Role.TEAM_MANAGER]).post(
        f"/cases/{case.pk}/contact/decision/", decision_data(case.contact, decision="early_help")
    )
    assert response.status_code == 302
    assert Contact.objects.get().decision == "early_help"


def test_a_decision_without_a_reason_is_refused_and_keeps_the_choice(cast) -> None:
    case = case_in(cast)
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(
        f"/cases/{case.pk}/contact/decision/",
        decision_data(case.contact, decision="advice", decision_reason=""),
    )
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert error_links(response) == [("#id_decision_reason", "Enter the reason for the decision")]
    assert re.search(r'value="advice"\s*checked="checked"', response.content.decode())
    assert Contact.objects.get().decision == ""


def test_a_decision_made_from_a_stale_page_is_not_saved_and_keeps_the_input(cast) -> None:
    case = case_in(cast)
    stale = decision_data(case.contact, decision_reason="My typed reason.")
    # Someone else decides first.
    signed_in(cast[Role.TEAM_MANAGER]).post(
        f"/cases/{case.pk}/contact/decision/", decision_data(case.contact, decision="advice")
    )
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(
        f"/cases/{case.pk}/contact/decision/", stale
    )
    assert response.status_code == 302  # the page now shows the decision already made
    assert Contact.objects.get().decision == "advice"


def test_a_concurrent_change_to_the_contact_is_reported_with_the_input_kept(cast) -> None:
    case = case_in(cast)
    stale = decision_data(case.contact, decision_reason="My typed reason.")
    # Someone acknowledges the referrer meanwhile: the contact's version moves on.
    signed_in(cast[Role.BUSINESS_SUPPORT]).post(
        f"/cases/{case.pk}/contact/acknowledged/", {"version": str(case.contact.version)}
    )
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(
        f"/cases/{case.pk}/contact/decision/", stale
    )
    assert response.status_code == 200
    assert "Someone else changed this record while you were editing it" in text_of(response)
    assert title_of(response).startswith("Error: ")
    assert "My typed reason." in response.content.decode()
    assert Contact.objects.get().decision == ""


@pytest.mark.parametrize("role", [Role.BUSINESS_SUPPORT, Role.CONFERENCE_CHAIR])
def test_council_staff_outside_social_work_see_the_decision_page_but_cannot_decide(
    cast, role
) -> None:
    case = case_in(cast)
    client = signed_in(cast[role])
    page = client.get(f"/cases/{case.pk}/contact/decision/")
    assert page.status_code == 200
    assert "No decision has been recorded yet." in text_of(page)
    response = client.post(f"/cases/{case.pk}/contact/decision/", decision_data(case.contact))
    assert response.status_code == 403
    assert Contact.objects.get().decision == ""


def test_an_engaged_partner_sees_the_decision_but_cannot_record_it(cast) -> None:
    case = case_in(cast)
    officer = cast[Role.POLICE_OFFICER]
    engage(case, officer, cast[Role.SOCIAL_WORKER])
    client = signed_in(officer)
    assert client.get(f"/cases/{case.pk}/contact/decision/").status_code == 200
    response = client.post(f"/cases/{case.pk}/contact/decision/", decision_data(case.contact))
    assert response.status_code == 403


def test_under_darlington_acknowledging_the_referrer_meets_its_clock(cast) -> None:
    case = case_in(cast, procedure="darlington", received_at=local(2026, 11, 2, 10, 0))
    client = signed_in(cast[Role.BUSINESS_SUPPORT])
    with time_machine.travel(local(2026, 11, 4, 9, 0), tick=False):
        response = client.post(
            f"/cases/{case.pk}/contact/acknowledged/", {"version": str(case.contact.version)}
        )
        assert response.status_code == 302
        page = client.get(f"/cases/{case.pk}/")
    contact = Contact.objects.get()
    assert contact.referrer_acknowledged_at == local(2026, 11, 4, 9, 0)
    text = text_of(page)
    assert "The referrer's acknowledgement is recorded" in text
    assert "Referrer acknowledged within 10 working days" in text
    row = text[text.index("Referrer acknowledged within 10 working days") :]
    assert "Met Wed 4 Nov 2026 at 9am" in row
    assert LogEntry.objects.get_for_object(contact).filter(actor=cast[Role.BUSINESS_SUPPORT])


def test_acknowledging_twice_from_the_same_page_says_it_is_already_done(cast) -> None:
    case = case_in(cast)
    client = signed_in(cast[Role.SOCIAL_WORKER])
    form = {"version": str(case.contact.version)}
    client.post(f"/cases/{case.pk}/contact/acknowledged/", form)
    response = client.post(f"/cases/{case.pk}/contact/acknowledged/", form, follow=True)
    assert "Someone else changed this record" in text_of(response)
    assert Contact.objects.get().version == case.contact.version + 1


def test_partners_cannot_mark_the_referrer_acknowledged(cast) -> None:
    case = case_in(cast)
    officer = cast[Role.POLICE_OFFICER]
    response = signed_in(officer).post(
        f"/cases/{case.pk}/contact/acknowledged/", {"version": str(case.contact.version)}
    )
    assert response.status_code == 404
    engage(case, officer, cast[Role.SOCIAL_WORKER])
    response = signed_in(officer).post(
        f"/cases/{case.pk}/contact/acknowledged/", {"version": str(case.contact.version)}
    )
    assert response.status_code == 403
    assert Contact.objects.get().referrer_acknowledged_at is None
