"""What the plan half's tests share: a booked Darlington initial conference with its
invitees, holding it, and the forms' date fields. The fixtures are in tests/web/conftest.py."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from convene.conferences.actions import do_sync_booked_conference
from convene.conferences.models import Attendee, Conference
from convene.people.models import Role
from tests.factories import local
from tests.web.test_enquiries_helpers import (
    booked_conference,
    client_for,
    substantiated_enquiry,
    use_procedure,
)

# Darlington: visits every 10 working days, the bedroom every six weeks.
HELD = local(2027, 1, 12, 10, 0)  # a Tuesday


def _day_fields(prefix: str, moment) -> dict[str, str]:
    return {
        f"{prefix}_date_0": str(moment.day),
        f"{prefix}_date_1": str(moment.month),
        f"{prefix}_date_2": str(moment.year),
        f"{prefix}_time": moment.strftime("%H:%M"),
    }


def booked_initial_conference(cast) -> Conference:
    use_procedure(cast, "darlington")
    with time_machine.travel(local(2026, 12, 21, 9, 0), tick=False):
        enquiry = substantiated_enquiry(
            cast, local(2026, 12, 18, 15, 0), local(2026, 12, 19, 10, 0), local(2026, 12, 20, 10)
        )
        booking = booked_conference(cast, enquiry, HELD)
        conference = do_sync_booked_conference(booking)
    for party, name, organisation in (
        (Attendee.Party.SOCIAL_CARE, "Synthetic Social Worker", "Children's social care"),
        (Attendee.Party.AGENCY, "Synthetic Health Visitor", "Synthetic NHS Trust"),
        (Attendee.Party.AGENCY, "Synthetic Teacher", "Synthetic Primary School"),
        (Attendee.Party.PARENT, "Synthetic Parent", ""),
    ):
        Attendee.objects.create(
            conference=conference,
            party=party,
            name=name,
            organisation=organisation,
            direct_contact=party == Attendee.Party.AGENCY,
        )
    return conference


def _url(name: str, record, **ids) -> str:
    return reverse(name, kwargs={"case_id": record.case_id, **ids})


def _outcome(conference: Conference, **fields) -> dict[str, str]:
    data = {
        "version": str(conference.version),
        **_day_fields("held", HELD),
        "decision": "plan",
        "category": "neglect",
        "reasons": "Synthetic: the likelihood of significant harm test is met.",
        "dissent": "",
        "recommendations": "",
    }
    for attendee in conference.attendees.all():
        data[f"attendance_{attendee.pk}"] = "attended"
        data[f"report_{attendee.pk}"] = "on"
    data.update(fields)
    return data


def _hold(cast, conference: Conference, **fields):
    chair = cast[Role.CONFERENCE_CHAIR]
    fields.setdefault("lead_social_worker", str(cast[Role.SOCIAL_WORKER].pk))
    with time_machine.travel(HELD.replace(hour=13), tick=False):
        return client_for(chair).post(
            _url("conference_outcome", conference, conference_id=conference.pk),
            _outcome(conference, **fields),
        )
