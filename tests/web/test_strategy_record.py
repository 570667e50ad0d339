"""The whole strategy discussion, from planning to the circulated record, and the rules that
guard the record: finalised only when the decisions are authorised, circulated only when
finalised (and authorised where the procedure says), to every participant."""

from __future__ import annotations

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from convene.audit.models import RecordView
from convene.cases.models import Engagement
from convene.cases.timeline import case_evaluation
from convene.people.models import Role
from convene.strategy.authorisation import record_authorised
from convene.strategy.models import Circulation, StrategyDiscussion
from tests.factories import EngagementFactory
from tests.web.test_strategy_support import (
    AFTER,
    agenda_data,
    attendance_data,
    client_for,
    decisions_data,
    invitee,
    make_case,
    plan,
    plan_data,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def monday_afternoon():
    with time_machine.travel(AFTER, tick=False):
        yield


def post(user, address, data=None, **kwargs):
    return client_for(user).post(address, data or {}, **kwargs)


def step(user, discussion, name: str, **kwargs):
    discussion.refresh_from_db()
    return post(
        user,
        url("strategy_record", discussion),
        {"step": name, "version": discussion.version},
        **kwargs,
    )


def authorise(user, discussion, decision, authoriser="social_work_manager", **fields):
    discussion.refresh_from_db()
    prefix = f"{decision}-{authoriser}"
    data = {"authorise": f"{decision}:{authoriser}", f"{prefix}-version": discussion.version}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return post(user, url("strategy_authorise", discussion), data)


def minute(cast, discussion) -> None:
    """Invite the police officer and health professional; record the meeting."""
    social_worker = cast[Role.SOCIAL_WORKER]
    for code, role in (("police", Role.POLICE_OFFICER), ("health", Role.HEALTH_PROFESSIONAL)):
        place = invitee(discussion, code)
        response = post(
            social_worker,
            url("strategy_invitee_edit", discussion, place.pk),
            {"user": cast[role].pk, "version": place.version},
        )
        assert response.status_code == 302
    assert (
        post(
            cast[Role.BUSINESS_SUPPORT],
            url("strategy_attendance", discussion),
            attendance_data(discussion, {"school": {"attendance": "apologies"}}),
        ).status_code
        == 302
    )
    assert (
        post(
            cast[Role.BUSINESS_SUPPORT], url("strategy_agenda", discussion), agenda_data(discussion)
        ).status_code
        == 302
    )
    health = invitee(discussion, "health")
    assert (
        post(
            cast[Role.HEALTH_PROFESSIONAL],
            url("strategy_information", discussion),
            {
                f"invitee-{health.pk}-information_shared": "Seen by the GP last week.",
                f"invitee-{health.pk}-version": health.version,
            },
        ).status_code
        == 302
    )


def test_the_whole_strategy_meeting_from_plan_to_circulated_record(
    cast, django_capture_on_commit_callbacks
) -> None:
    case, concerns = make_case(cast)
    social_worker, manager = cast[Role.SOCIAL_WORKER], cast[Role.TEAM_MANAGER]
    police, health = cast[Role.POLICE_OFFICER], cast[Role.HEALTH_PROFESSIONAL]
    post(social_worker, reverse("strategy_new", args=[case.pk, concerns.pk]), plan_data(manager))
    discussion = StrategyDiscussion.objects.get(case=case)
    minute(cast, discussion)
    response = post(
        social_worker, url("strategy_decisions", discussion), decisions_data(discussion)
    )
    assert response["Location"] == url("strategy_authorise", discussion)

    # Not authorised: the record can be neither finalised nor circulated.
    body = step(social_worker, discussion, "finalise").content.decode()
    assert "The record cannot be finalised yet" in body
    assert "authorised by a children&#x27;s social care manager" in body
    body = step(cast[Role.BUSINESS_SUPPORT], discussion, "circulate").content.decode()
    assert "Finalise the record before circulating it." in body
    assert not Circulation.objects.exists()

    assert authorise(manager, discussion, "strategy_decision").status_code == 302
    assert step(social_worker, discussion, "finalise").status_code == 302
    discussion.refresh_from_db()
    assert discussion.record_finalised_by == social_worker
    assert record_authorised(discussion)  # a meeting's record needs no separate authorisation

    with django_capture_on_commit_callbacks(execute=True):
        response = step(cast[Role.BUSINESS_SUPPORT], discussion, "circulate", follow=True)
    assert "circulated to 4 participants" in response.content.decode()

    discussion.refresh_from_db()
    assert discussion.record_circulated_at == AFTER
    sent_to = set(Circulation.objects.values_list("user", flat=True))
    # Present or apologies with an account; the school (apologies) has no account here.
    assert sent_to == {social_worker.pk, manager.pk, police.pk, health.pk}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        user.email for user in (social_worker, manager, police, health)
    )
    link = f"http://testserver{url('strategy_record_circulated', discussion)}"
    for message in mail.outbox:
        # No personal data: only that a record is waiting, and the case by number.
        assert message.subject == "A strategy discussion record has been shared with you"
        assert (
            f"A strategy discussion record has been shared with you in Convene: {link}"
            in message.body
        )
        assert case.child.given_name not in message.body + message.subject
        assert case.child.family_name not in message.body + message.subject
    # The strategy record clock is met (Sheffield: within one working day).
    clock = case_evaluation(case).latest("strategy_record")
    assert clock is not None and clock.state == "met"

    # The officer opens what was circulated to them.
    page = client_for(police).get(url("strategy_record_circulated", discussion))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Seen by the GP last week." in body
    assert "Section 47 enquiry" in body
    circulation = Circulation.objects.get(user=police)
    assert circulation.first_viewed_at == AFTER
    assert RecordView.objects.filter(
        user=police, case=case, what="strategy_record_circulated"
    ).exists()

    # The social worker tells the referrer.
    assert step(social_worker, discussion, "referrer_informed").status_code == 302
    discussion.refresh_from_db()
    assert discussion.referrer_informed_at == AFTER
    # Once finalised, the record no longer changes.
    response = post(
        social_worker, url("strategy_decisions", discussion), decisions_data(discussion)
    )
    assert "has been finalised" in response.content.decode()


def test_a_telephone_discussion_record_needs_the_managers_authorisation_first(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns, form="discussion")
    minute(cast, discussion)
    social_worker, manager = cast[Role.SOCIAL_WORKER], cast[Role.TEAM_MANAGER]
    post(social_worker, url("strategy_decisions", discussion), decisions_data(discussion))
    authorise(manager, discussion, "strategy_decision")
    step(social_worker, discussion, "finalise")
    discussion.refresh_from_db()
    assert not record_authorised(discussion)
    page = client_for(cast[Role.BUSINESS_SUPPORT]).get(url("strategy_record", discussion))
    assert (
        "Awaiting authorisation by a children&#x27;s social care manager" in page.content.decode()
    )

    body = step(cast[Role.BUSINESS_SUPPORT], discussion, "circulate").content.decode()
    assert "must be authorised by a manager before it is circulated" in body
    assert not Circulation.objects.exists()

    authorise(manager, discussion, "strategy_record")
    assert step(cast[Role.BUSINESS_SUPPORT], discussion, "circulate").status_code == 302
    assert Circulation.objects.count() == 4


def test_the_referrer_is_told_only_once_the_decisions_are_final(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    social_worker = cast[Role.SOCIAL_WORKER]
    post(social_worker, url("strategy_decisions", discussion), decisions_data(discussion))
    body = step(social_worker, discussion, "referrer_informed").content.decode()
    assert "not final until they are authorised" in body
    discussion.refresh_from_db()
    assert discussion.referrer_informed_at is None


def test_finalising_needs_attendance_and_every_agenda_item(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    social_worker = cast[Role.SOCIAL_WORKER]
    post(social_worker, url("strategy_decisions", discussion), decisions_data(discussion))
    authorise(cast[Role.TEAM_MANAGER], discussion, "strategy_decision")
    body = step(social_worker, discussion, "finalise").content.decode()
    assert "record attendance for" in body
    assert "mark every agenda item addressed or not applicable (items 1, 2," in body
    discussion.refresh_from_db()
    assert discussion.record_finalised_at is None


def test_business_support_cannot_finalise_and_partners_cannot_circulate(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    assert step(cast[Role.BUSINESS_SUPPORT], discussion, "finalise").status_code == 403
    police = cast[Role.POLICE_OFFICER]
    EngagementFactory(case=case, user=police, granted_by=cast[Role.SOCIAL_WORKER])
    assert step(police, discussion, "circulate").status_code == 403


def test_the_circulated_record_is_only_for_those_it_was_sent_to(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    teacher = cast[Role.EDUCATION_SAFEGUARDING_LEAD]
    EngagementFactory(case=case, user=teacher, granted_by=cast[Role.SOCIAL_WORKER])
    # Not yet circulated: no-one sees it.
    assert client_for(teacher).get(url("strategy_record_circulated", discussion)).status_code == 404
    minute(cast, discussion)
    post(
        cast[Role.SOCIAL_WORKER], url("strategy_decisions", discussion), decisions_data(discussion)
    )
    authorise(cast[Role.TEAM_MANAGER], discussion, "strategy_decision")
    step(cast[Role.SOCIAL_WORKER], discussion, "finalise")
    step(cast[Role.BUSINESS_SUPPORT], discussion, "circulate")

    # Engaged on the case but not a participant: not circulated to them.
    assert client_for(teacher).get(url("strategy_record_circulated", discussion)).status_code == 404
    # Another council: the case does not exist for them.
    other = client_for(cast.other_council_social_worker)
    assert other.get(url("strategy_record_circulated", discussion)).status_code == 404
    # Council staff of the case can read it; a recipient's engagement covers reading it.
    manager = client_for(cast[Role.SERVICE_MANAGER])
    assert manager.get(url("strategy_record_circulated", discussion)).status_code == 200
    assert Engagement.objects.filter(
        case=case, user=cast[Role.POLICE_OFFICER], revoked_at__isnull=True
    ).exists()
