"""The plan half's newer clocks, met by recording the real thing: a permanent move and the
receiving council's conference (only after it may the plan end), absent agencies' views before
ending a plan, core groups after the first, and an excluded parent's copy of the report."""

from __future__ import annotations

from html import unescape

import time_machine
from auditlog.models import LogEntry
from django.urls import reverse

from convene.cases.timeline import case_evaluation, case_timeline
from convene.conferences.models import Conference, ExclusionRequest
from convene.people.models import Role
from convene.plans.models import CoreGroupMeeting
from tests.factories import local
from tests.web.plan_support import _day_fields, _hold, _outcome
from tests.web.test_enquiries_helpers import client_for


def _plan_url(name, plan):
    return reverse(name, args=[plan.case_id, plan.pk])


def _date_fields(prefix, moment):
    return {key: value for key, value in _day_fields(prefix, moment).items() if "time" not in key}


def _clocks(plan, clock, now):
    return [
        (c.starts.at, c.due, c.state)
        for c in case_evaluation(plan.case, now).clocks
        if c.clock == clock
    ]


def test_a_permanent_move_starts_the_receiving_councils_15_working_days(cast, plan) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    with time_machine.travel(local(2027, 4, 20, 11, 0), tick=False):
        client = client_for(worker)
        response = client.post(
            _plan_url("plan_move", plan),
            {
                "version": plan.version,
                "receiving_council": "Synthetic Borough Council",
                **_date_fields("notified", local(2027, 4, 20)),
            },
        )
        assert response.status_code == 302
        page = client.get(_plan_url("plan_detail", plan)).content.decode()
    # Tue 20 April 2027 plus 15 working days, past the early May bank holiday: 12 May.
    assert "Synthetic Borough Council" in page
    assert "Its conference is due by Wed 12 May 2027" in page
    assert _clocks(plan, "receiving_conference", local(2027, 5, 13, 9, 0)) == [
        ("2027-04-20T00:00", "2027-05-12", "overdue")
    ]
    assert "Record the receiving council's conference" in page


def test_the_plan_ends_after_a_move_only_once_the_receiving_conference_is_held(cast, plan) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    end = {
        "ending": "moved",
        **_day_fields("ended", local(2027, 5, 10, 16, 0)),
        "detail": "Synthetic: the receiving council's conference made its own plan.",
    }
    with time_machine.travel(local(2027, 5, 10, 17, 0), tick=False):
        client = client_for(worker)
        refused = client.post(_plan_url("plan_end", plan), {"version": plan.version, **end})
        assert "only once the receiving council's conference" in unescape(refused.content.decode())
        plan.refresh_from_db()
        assert plan.ended_at is None
        client.post(
            _plan_url("plan_move", plan),
            {
                "version": plan.version,
                "receiving_council": "Synthetic Borough Council",
                **_date_fields("notified", local(2027, 4, 20)),
            },
        )
        plan.refresh_from_db()
        before_move = client.post(
            _plan_url("receiving_conference", plan),
            {"version": plan.version, **_date_fields("held", local(2027, 4, 19))},
        )
        assert "cannot be before it was told of the move" in before_move.content.decode()
        assert "19" in before_move.content.decode()  # what was typed is kept
        held = client.post(
            _plan_url("receiving_conference", plan),
            {"version": plan.version, **_date_fields("held", local(2027, 5, 6))},
        )
        assert held.status_code == 302
        plan.refresh_from_db()
        ended = client.post(_plan_url("plan_end", plan), {"version": plan.version, **end})
        assert ended.status_code == 302
    plan.refresh_from_db()
    assert plan.ending == "moved"
    events = case_timeline(plan.case)["events"]
    assert {"type": "receiving_conference", "at": "2027-05-06T00:00"} in events
    assert {"type": "plan_ended", "at": "2027-05-10T16:00"} in events
    assert _clocks(plan, "receiving_conference", local(2027, 6, 1, 9, 0)) == [
        ("2027-04-20T00:00", "2027-05-12", "met")
    ]


def test_a_move_needs_the_receiving_council_and_a_day_not_in_the_future(cast, plan) -> None:
    with time_machine.travel(local(2027, 4, 20, 11, 0), tick=False):
        client = client_for(cast[Role.SOCIAL_WORKER])
        changes = LogEntry.objects.count()
        blank = client.post(
            _plan_url("plan_move", plan),
            {"version": plan.version, **_date_fields("notified", local(2027, 4, 20))},
        )
        assert "Name the council the family has moved to" in blank.content.decode()
        future = client.post(
            _plan_url("plan_move", plan),
            {
                "version": plan.version,
                "receiving_council": "Synthetic Borough Council",
                **_date_fields("notified", local(2027, 4, 21)),
            },
        )
        body = future.content.decode()
        assert "cannot be in the future" in body
        assert "Synthetic Borough Council" in body  # kept
        stale = client.post(
            _plan_url("plan_move", plan),
            {
                "version": plan.version - 1,
                "receiving_council": "Synthetic Borough Council",
                **_date_fields("notified", local(2027, 4, 20)),
            },
        )
        assert stale.status_code == 200
    assert LogEntry.objects.count() == changes
    plan.refresh_from_db()
    assert plan.moved_notified_at is None


def _review(plan, cast) -> Conference:
    review = Conference.objects.create(
        case=plan.case,
        kind=Conference.Kind.REVIEW,
        plan=plan,
        scheduled_for=local(2027, 4, 6, 10, 0),
        chair=cast[Role.CONFERENCE_CHAIR],
    )
    for attendee in plan.conference.attendees.all():  # the same invitees: quorate
        attendee.pk = None
        attendee.conference = review
        attendee.save()
    return review


def test_absent_agencies_views_are_sought_and_received_each_within_10_working_days(
    cast, plan
) -> None:
    review = _review(plan, cast)
    outcome_url = reverse("conference_outcome", args=[plan.case_id, review.pk])
    with time_machine.travel(local(2027, 4, 6, 15, 0), tick=False):
        chair = client_for(cast[Role.CONFERENCE_CHAIR])
        data = _outcome(review, decision="continue", seek_agency_views="on")
        data.update(_day_fields("held", local(2027, 4, 6, 10, 0)))
        assert chair.post(outcome_url, data).status_code == 302
    review.refresh_from_db()
    assert review.seek_agency_views
    views_url = reverse("agency_views", args=[plan.case_id, review.pk])
    with time_machine.travel(local(2027, 4, 22, 9, 0), tick=False):
        chair = client_for(cast[Role.CONFERENCE_CHAIR])
        # Tue 6 April 2027 plus 10 working days is 20 April: asking on the 22nd is late.
        assert _clocks(plan, "agency_views_requested", local(2027, 4, 22, 9, 0)) == [
            ("2027-04-06T10:00", "2027-04-20", "overdue")
        ]
        asked = chair.post(
            views_url,
            {
                "version": review.version,
                "step": "requested",
                **_day_fields("on", local(2027, 4, 21, 14, 0)),
            },
        )
        assert asked.status_code == 302
    review.refresh_from_db()
    with time_machine.travel(local(2027, 5, 10, 9, 0), tick=False):
        chair = client_for(cast[Role.CONFERENCE_CHAIR])
        assert (
            chair.post(
                views_url,
                {
                    "version": review.version,
                    "step": "received",
                    **_day_fields("on", local(2027, 5, 5, 9, 0)),
                },
            ).status_code
            == 302
        )
    now = local(2027, 5, 10, 9, 0)
    assert _clocks(plan, "agency_views_requested", now) == [
        ("2027-04-06T10:00", "2027-04-20", "late")
    ]
    # Wed 21 April plus 10 working days, past the early May bank holiday: 6 May.
    assert _clocks(plan, "agency_views_received", now) == [
        ("2027-04-21T14:00", "2027-05-06", "met")
    ]


def test_views_are_not_sought_when_the_review_ends_the_plan(cast, plan) -> None:
    review = _review(plan, cast)
    with time_machine.travel(local(2027, 4, 6, 15, 0), tick=False):
        data = _outcome(
            review, decision="end", seek_agency_views="on", exceptional_reason="custody"
        )
        data.update(_day_fields("held", local(2027, 4, 6, 10, 0)))
        response = client_for(cast[Role.CONFERENCE_CHAIR]).post(
            reverse("conference_outcome", args=[plan.case_id, review.pk]), data
        )
    assert "only while the plan continues" in response.content.decode()
    review.refresh_from_db()
    assert review.held_at is None


def test_core_groups_after_the_first_are_due_monthly_or_as_the_manager_confirmed(
    cast, plan
) -> None:
    CoreGroupMeeting.objects.create(
        plan=plan,
        held_at=local(2027, 1, 20, 14, 0),
        attended="Synthetic",
        minutes="Synthetic",
        recorded_by=cast[Role.SOCIAL_WORKER],
    )
    now = local(2027, 2, 1, 9, 0)
    assert _clocks(plan, "core_group", now) == [("2027-01-20T14:00", "2027-02-20", "due")]
    with time_machine.travel(local(2027, 1, 21, 9, 0), tick=False):
        client_for(cast[Role.TEAM_MANAGER]).post(
            reverse("core_group_frequency", args=[plan.case_id, plan.pk]),
            {"version": plan.version, "weeks": "2"},
        )
    CoreGroupMeeting.objects.create(
        plan=plan,
        held_at=local(2027, 2, 3, 14, 0),
        attended="Synthetic",
        minutes="Synthetic",
        recorded_by=cast[Role.SOCIAL_WORKER],
    )
    assert _clocks(plan, "core_group", local(2027, 2, 18, 9, 0)) == [
        ("2027-01-20T14:00", "2027-02-20", "met"),
        ("2027-02-03T14:00", "2027-02-17", "overdue"),  # fortnightly, as confirmed
    ]


def test_an_excluded_parent_has_the_report_three_working_days_before_the_conference(
    cast, conference
) -> None:
    parent = conference.attendees.get(party="parent")
    ExclusionRequest.objects.create(
        conference=conference,
        family_member=parent,
        grounds=["violence"],
        evidence="Synthetic",
        requested_by=cast[Role.SOCIAL_WORKER],
        decision=ExclusionRequest.Decision.EXCLUDED,
        decided_by=cast[Role.CONFERENCE_CHAIR],
        decided_at=local(2027, 1, 4, 9, 0),
        report_sent_at=local(2027, 1, 8, 9, 0),
    )
    assert _hold(cast, conference).status_code == 302
    conference.refresh_from_db()
    plan = conference.made_plan
    # Tue 12 January 2027 back three working days: Thu 7 January. Sent on the 8th: late.
    assert _clocks(plan, "excluded_parent_report", local(2027, 2, 1, 9, 0)) == [
        ("2027-01-12T10:00", "2027-01-07", "late")
    ]
