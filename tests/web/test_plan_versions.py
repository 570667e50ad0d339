"""The plan keeps its versions: each distribution after a core group keeps the plan as it was
sent, and later changes to the plan leave that version as it was."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from convene.people.models import Role
from convene.plans.models import CoreGroupMeeting, PlanItem
from tests.factories import local
from tests.web.test_enquiries_helpers import client_for


def _meeting(cast, plan, moment) -> CoreGroupMeeting:
    return CoreGroupMeeting.objects.create(
        plan=plan,
        held_at=moment,
        attended="Synthetic",
        minutes="Synthetic",
        recorded_by=cast[Role.SOCIAL_WORKER],
    )


def _distribute(cast, plan, meeting, now):
    url = reverse("plan_distributed", args=[plan.case_id, plan.pk, meeting.pk])
    with time_machine.travel(now, tick=False):
        return client_for(cast[Role.BUSINESS_SUPPORT]).post(url, {"version": meeting.version})


def test_each_distribution_keeps_the_plan_as_it_was_sent(cast, plan) -> None:
    item = PlanItem.objects.create(
        plan=plan,
        outcome="Synthetic: school attendance above 95%.",
        action="Synthetic: walk the child to school.",
        who="Parents",
        by_when=local(2027, 3, 1).date(),
    )
    first = _meeting(cast, plan, local(2027, 1, 20, 14, 0))
    assert _distribute(cast, plan, first, local(2027, 1, 21, 9, 0)).status_code == 302
    PlanItem.objects.filter(pk=item.pk).update(status="done", action="Synthetic: changed later.")
    second = _meeting(cast, plan, local(2027, 2, 17, 14, 0))
    assert _distribute(cast, plan, second, local(2027, 2, 18, 9, 0)).status_code == 302
    versions = list(plan.versions.all())
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].content["items"][0]["action"] == "Synthetic: walk the child to school."
    assert versions[0].content["items"][0]["status"] == "Not started"
    assert versions[1].content["items"][0]["status"] == "Done"
    with time_machine.travel(local(2027, 2, 18, 10, 0), tick=False):
        client = client_for(cast[Role.SOCIAL_WORKER])
        page = client.get(reverse("plan_version", args=[plan.case_id, plan.pk, 1]))
        plan_page = client.get(reverse("plan_detail", args=[plan.case_id, plan.pk]))
    assert "Synthetic: walk the child to school." in page.content.decode()
    assert "Synthetic: changed later." not in page.content.decode()
    assert reverse("plan_version", args=[plan.case_id, plan.pk, 2]) in plan_page.content.decode()


def test_a_version_of_another_plan_or_none_is_not_found(cast, plan) -> None:
    with time_machine.travel(local(2027, 2, 18, 10, 0), tick=False):
        client = client_for(cast[Role.SOCIAL_WORKER])
        missing = client.get(reverse("plan_version", args=[plan.case_id, plan.pk, 1]))
        partner = client_for(cast[Role.POLICE_OFFICER]).get(
            reverse("plan_version", args=[plan.case_id, plan.pk, 1])
        )
    assert missing.status_code == 404
    assert partner.status_code == 404
