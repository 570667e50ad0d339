"""Booking the initial child protection conference: the due date from the procedure, a reason
for any delay, and where the procedure asks for it (Darlington) a manager's agreement."""

from __future__ import annotations

import time_machine

from convene.enquiries.models import InitialConference
from convene.people.models import Role
from tests.factories import local
from tests.web.test_enquiries_helpers import (
    booked_conference,
    client_for,
    detail_url,
    is_checked,
    moment_data,
    substantiated_enquiry,
    use_procedure,
)

HELD = local(2026, 12, 18, 15, 0)  # conference due by Wednesday 13 January 2027
NOW = local(2027, 1, 6, 9, 0)
DARLINGTON_QUOTE = "Any delay must have written agreement from the Children’s Social Care team"


def enquiry(cast):
    return substantiated_enquiry(cast, HELD, local(2026, 12, 19, 10, 0), local(2027, 1, 5, 16, 0))


def booking(cast, when, **fields) -> dict[str, object]:
    return {
        **moment_data("scheduled", when),
        "venue": "Synthetic Family Centre",
        "chair": cast[Role.CONFERENCE_CHAIR].pk,
        "delay_reason": "",
        **fields,
    }


@time_machine.travel(NOW, tick=False)
def test_a_date_after_the_due_date_needs_a_reason_and_keeps_what_was_typed(cast) -> None:
    record = enquiry(cast)
    client = client_for(cast[Role.BUSINESS_SUPPORT])
    url = detail_url(record) + "conference/"
    response = client.post(url, booking(cast, local(2027, 1, 14, 10, 0), venue="Room 9"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "The conference is due by Wednesday 13 January 2027: give the reason" in page
    assert 'value="Room 9"' in page
    assert 'name="scheduled_date_0" value="14"' in page
    assert not InitialConference.objects.exists()

    response = client.post(
        url,
        booking(
            cast, local(2027, 1, 14, 10, 0), delay_reason="Synthetic: the paediatrician's report."
        ),
    )
    assert response.status_code == 302
    conference = InitialConference.objects.get()
    assert conference.delay_reason == "Synthetic: the paediatrician's report."
    # Sheffield asks for no one's agreement to a delay.
    assert conference.delay_authorised_by is None
    page = client.get(detail_url(record)).content.decode()
    assert "After the due date" in page
    assert "Not yet agreed" not in page


@time_machine.travel(NOW, tick=False)
def test_darlington_needs_a_managers_written_agreement_to_a_delay(cast) -> None:
    use_procedure(cast, "darlington")
    record = enquiry(cast)
    url = detail_url(record) + "conference/"
    support = client_for(cast[Role.BUSINESS_SUPPORT])
    booking_page = support.get(url).content.decode()
    assert DARLINGTON_QUOTE in booking_page  # the rule, before booking
    assert 'name="agree_delay"' not in booking_page  # only a manager can agree
    response = support.post(
        url, booking(cast, local(2027, 1, 15, 10, 0), delay_reason="Synthetic: chair unwell.")
    )
    assert response.status_code == 302
    conference = InitialConference.objects.get()
    assert conference.delay_authorised_by is None
    page = support.get(detail_url(record)).content.decode()
    assert "Not yet agreed" in page
    assert DARLINGTON_QUOTE in page
    assert support.get(url + "delay/").status_code == 403

    manager = client_for(cast[Role.TEAM_MANAGER])
    agreement_page = manager.get(url + "delay/").content.decode()
    assert DARLINGTON_QUOTE in agreement_page
    assert "Synthetic: chair unwell." in agreement_page
    response = manager.post(
        url + "delay/", {"version": "1", "delay_reason": "Synthetic: chair unwell."}
    )
    assert "Confirm that you agree to the delay" in response.content.decode()
    conference.refresh_from_db()
    assert conference.delay_authorised_by is None

    response = manager.post(
        url + "delay/",
        {"version": "1", "delay_reason": "Synthetic: chair unwell; risk monitored.", "agree": "on"},
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.delay_authorised_by == cast[Role.TEAM_MANAGER]
    assert conference.delay_authorised_at == NOW
    assert conference.delay_reason == "Synthetic: chair unwell; risk monitored."
    page = manager.get(detail_url(record)).content.decode()
    assert "Agreed</strong> by " + cast[Role.TEAM_MANAGER].full_name in page


@time_machine.travel(NOW, tick=False)
def test_a_manager_booking_a_delayed_darlington_conference_can_agree_at_once(cast) -> None:
    use_procedure(cast, "darlington")
    record = enquiry(cast)
    manager = client_for(cast[Role.TEAM_MANAGER])
    url = detail_url(record) + "conference/"
    assert 'name="agree_delay"' in manager.get(url).content.decode()
    manager.post(
        url,
        booking(
            cast,
            local(2027, 1, 15, 10, 0),
            delay_reason="Synthetic: the family's solicitor.",
            agree_delay="on",
        ),
    )
    conference = InitialConference.objects.get()
    assert conference.delay_authorised_by == cast[Role.TEAM_MANAGER]

    # Moving it later still needs agreement afresh: the manager agreed to a particular day.
    support = client_for(cast[Role.BUSINESS_SUPPORT])
    support.post(
        url,
        booking(
            cast,
            local(2027, 1, 18, 10, 0),
            delay_reason="Synthetic: the family's solicitor.",
            version="1",
        ),
    )
    conference.refresh_from_db()
    assert conference.scheduled_for == local(2027, 1, 18, 10, 0)
    assert conference.delay_authorised_by is None


@time_machine.travel(NOW, tick=False)
def test_a_darlington_conference_on_time_needs_no_reason_or_agreement(cast) -> None:
    use_procedure(cast, "darlington")
    record = enquiry(cast)
    client = client_for(cast[Role.SOCIAL_WORKER])
    # Darlington counts from the discussion that initiated the enquiry: 13 January 2027 too.
    assert (
        "due by Wednesday 13 January 2027"
        in client.get(detail_url(record) + "conference/").content.decode()
    )
    response = client.post(
        detail_url(record) + "conference/", booking(cast, local(2027, 1, 13, 14, 0))
    )
    assert response.status_code == 302
    conference = InitialConference.objects.get()
    assert conference.delay_reason == ""
    assert "Not yet agreed" not in client.get(detail_url(record)).content.decode()
    assert client.get(detail_url(record) + "conference/delay/").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_a_conference_cannot_be_booked_in_the_past_or_without_a_conference_chair(cast) -> None:
    record = enquiry(cast)
    client = client_for(cast[Role.SOCIAL_WORKER])
    url = detail_url(record) + "conference/"
    response = client.post(url, booking(cast, local(2027, 1, 5, 10, 0)))
    assert "The date and time of the conference must be in the future" in response.content.decode()
    response = client.post(url, booking(cast, local(2027, 1, 6, 8, 59)))
    assert "must be in the future" in response.content.decode()
    response = client.post(
        url, booking(cast, local(2027, 1, 12, 10, 0), chair=cast[Role.SOCIAL_WORKER].pk)
    )
    assert "Choose a conference chair of this council" in response.content.decode()
    response = client.post(url, {"scheduled_time": "25:00", "venue": "", "chair": ""})
    page = response.content.decode()
    assert "Enter the date of the conference" in page
    assert "Enter the time of the conference using the 24-hour clock" in page
    assert "Enter the venue" in page
    assert "Choose the conference chair" in page
    assert not InitialConference.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_changing_a_booking_someone_else_changed_keeps_the_input_and_saves_nothing(cast) -> None:
    record = enquiry(cast)
    conference = booked_conference(cast, record, local(2027, 1, 12, 10, 0))
    client = client_for(cast[Role.BUSINESS_SUPPORT])
    url = detail_url(record) + "conference/"
    form_page = client.get(url).content.decode()
    assert 'name="version" value="1"' in form_page
    # Meanwhile someone else moves it.
    conference.venue = "Synthetic Room 3"
    conference.version = 2
    conference.save()
    response = client.post(
        url, booking(cast, local(2027, 1, 11, 10, 0), venue="Synthetic Room 7", version="1")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in page
    assert 'value="Synthetic Room 7"' in page
    assert 'name="version" value="2"' in page
    conference.refresh_from_db()
    assert conference.venue == "Synthetic Room 3"
    assert conference.scheduled_for == local(2027, 1, 12, 10, 0)


@time_machine.travel(NOW, tick=False)
def test_the_booking_form_shows_the_booking_being_changed(cast) -> None:
    record = enquiry(cast)
    booked_conference(cast, record, local(2027, 1, 12, 10, 0), venue="Synthetic Room 5")
    page = client_for(cast[Role.SOCIAL_WORKER]).get(detail_url(record) + "conference/")
    body = page.content.decode()
    assert "Change the initial conference booking" in body
    assert 'value="Synthetic Room 5"' in body
    assert 'name="scheduled_time" value="10:00"' in body
    assert f'<option value="{cast[Role.CONFERENCE_CHAIR].pk}" selected>' in body
    assert not is_checked(body, "agree_delay", "on")
