"""A partner's My work in the plan half: the conferences they are invited to by name, with
their report to write, and the running plans made at a conference they were invited to, with
the plan's actions. Nothing of a conference or plan they were not invited to."""

from __future__ import annotations

import time_machine

from convene.conferences.models import Attendee
from convene.people.models import Role
from convene.plans.models import PlanItem
from tests.factories import local
from tests.web.plan_support import _hold
from tests.web.test_enquiries_helpers import client_for, engage


def _invite(cast, conference, partner) -> Attendee:
    engage(cast, conference.case, partner)
    return Attendee.objects.create(
        conference=conference,
        party=Attendee.Party.AGENCY,
        name=partner.full_name,
        organisation=cast.police.name,
        user=partner,
        direct_contact=True,
    )


def test_a_partner_sees_the_conference_they_are_invited_to_and_their_report_to_write(
    cast, conference
) -> None:
    officer, teacher = cast[Role.POLICE_OFFICER], cast[Role.EDUCATION_SAFEGUARDING_LEAD]
    attendee = _invite(cast, conference, officer)
    engage(cast, conference.case, teacher)
    with time_machine.travel(local(2027, 1, 5, 9, 0), tick=False):
        page = client_for(officer).get("/").content.decode()
        other = client_for(teacher).get("/").content.decode()
    report = f"/cases/{conference.case_id}/conferences/{conference.pk}/reports/{attendee.pk}/"
    assert "Write your report" in page and report in page
    assert "12 January 2027, 10:00" in page
    assert "You are not invited to any child protection conference" in other
    assert report not in other


def test_a_partner_sees_the_actions_of_a_plan_made_at_their_conference(cast, conference) -> None:
    officer, teacher = cast[Role.POLICE_OFFICER], cast[Role.EDUCATION_SAFEGUARDING_LEAD]
    _invite(cast, conference, officer)
    engage(cast, conference.case, teacher)
    assert _hold(cast, conference).status_code == 302
    conference.refresh_from_db()
    plan = conference.made_plan
    PlanItem.objects.create(
        plan=plan,
        outcome="Synthetic: the child is safe at home.",
        action="Synthetic: police check on the household every week.",
        who="Northshire Police",
        by_when=local(2027, 3, 1).date(),
    )
    with time_machine.travel(local(2027, 1, 20, 9, 0), tick=False):
        page = client_for(officer).get("/").content.decode()
        other = client_for(teacher).get("/").content.decode()
    assert "Synthetic: police check on the household every week." in page
    assert "Write your report" not in page  # the conference is held
    assert "Synthetic: police check" not in other
    assert "You are not part of any running child protection plan" in other
