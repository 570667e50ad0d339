"""The plan half: a booked initial conference held, the child protection plan it makes, core
groups, visits, a review, and the plan's end; each clock met by recording the real thing, and
bad input refused with a message and nothing saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.urls import reverse

from convene.cases.timeline import case_evaluation, case_timeline
from convene.conferences.actions import do_sync_booked_conference
from convene.conferences.models import Attendee, Conference
from convene.people.models import Role
from convene.plans.models import ChildProtectionPlan, CoreGroupMeeting, Visit
from tests.factories import local
from tests.web.plan_support import HELD, _day_fields, _hold, _outcome, _url
from tests.web.test_enquiries_helpers import (
    booked_conference,
    client_for,
    substantiated_enquiry,
    use_procedure,
)


def _clock(case, clock_id: str, now):
    found = [c for c in case_evaluation(case, now).clocks if c.clock == clock_id]
    return found[-1] if found else None


# --- the conference ----------------------------------------------------------------------------


def test_booking_the_initial_conference_gives_the_conference_to_hold(cast, conference) -> None:
    assert conference.kind == Conference.Kind.INITIAL
    assert conference.scheduled_for == HELD
    assert conference.chair == cast[Role.CONFERENCE_CHAIR]


def test_a_conference_about_an_unborn_child_is_a_pre_birth_conference(cast) -> None:
    with time_machine.travel(local(2026, 12, 21, 9, 0), tick=False):
        enquiry = substantiated_enquiry(
            cast, local(2026, 12, 18, 15, 0), local(2026, 12, 19, 10, 0), local(2026, 12, 20, 10)
        )
        child = enquiry.case.child
        child.date_of_birth, child.expected_birth_date = None, date(2027, 4, 1)
        child.save()
        conference = do_sync_booked_conference(booked_conference(cast, enquiry, HELD))
    assert conference.kind == Conference.Kind.PRE_BIRTH


def test_the_chair_holds_the_conference_and_the_plan_is_made_meeting_its_clock(
    cast, conference
) -> None:
    response = _hold(cast, conference)
    assert response.status_code == 302
    conference.refresh_from_db()
    assert (conference.quorate, conference.decision, conference.category) == (
        True,
        "plan",
        "neglect",
    )
    plan = ChildProtectionPlan.objects.get()
    assert (plan.category, plan.lead_social_worker, plan.started_at) == (
        "neglect",
        cast[Role.SOCIAL_WORKER],
        HELD,
    )
    assert all(a.attendance == "attended" for a in conference.attendees.all())
    events = case_timeline(conference.case)["events"]
    held = [e for e in events if e["type"] == "initial_conference"]
    assert held == [
        {
            "type": "initial_conference",
            "at": "2027-01-12T10:00",
            "plan": True,
            "category": "neglect",
        }
    ]
    after = local(2027, 1, 13, 9, 0)
    assert _clock(conference.case, "initial_conference", after).state in ("met", "late")
    # The plan's own clocks start: the first core group within 10 working days.
    first_core_group = _clock(conference.case, "first_core_group", after)
    assert first_core_group.state == "due"
    assert first_core_group.due == "2027-01-26"


def test_a_plan_needs_exactly_one_of_the_four_categories_and_a_lead(cast, conference) -> None:
    for fields, message in (
        ({"category": ""}, "Choose one category of abuse for the plan"),
        ({"category": "multiple"}, "Choose one of the four categories"),
        ({"lead_social_worker": ""}, "Choose the plan&#x27;s lead social worker"),
    ):
        response = _hold(cast, conference, **fields)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not ChildProtectionPlan.objects.exists()
    conference.refresh_from_db()
    assert conference.held_at is None


def test_an_inquorate_conference_needs_the_chairs_reason_to_proceed(cast, conference) -> None:
    teacher = conference.attendees.get(name="Synthetic Teacher")
    response = _hold(cast, conference, **{f"attendance_{teacher.pk}": "apologies"})
    assert response.status_code == 200
    assert "The conference was not quorate" in response.content.decode()
    assert not ChildProtectionPlan.objects.exists()
    response = _hold(
        cast,
        conference,
        **{f"attendance_{teacher.pk}": "apologies", "proceed_reason": "delay_detrimental"},
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert (conference.quorate, conference.inquorate_reason) == (False, "delay_detrimental")


def test_a_conference_cannot_be_held_before_the_enquiry_started(cast, conference) -> None:
    early = local(2026, 12, 17, 10, 0)
    response = _hold(cast, conference, **_day_fields("held", early))
    assert "before the section 47 enquiry started" in response.content.decode()
    assert not ChildProtectionPlan.objects.exists()


def test_a_double_submission_records_the_outcome_once(cast, conference) -> None:
    assert _hold(cast, conference).status_code == 302
    again = _hold(cast, conference)
    assert again.status_code == 302  # to the conference: "already recorded"
    assert ChildProtectionPlan.objects.count() == 1


def test_a_stale_page_is_refused_and_saves_nothing(cast, conference) -> None:
    Conference.objects.filter(pk=conference.pk).update(version=conference.version + 1)
    response = _hold(cast, conference)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert not ChildProtectionPlan.objects.exists()


def test_only_the_chair_or_business_support_records_the_outcome(cast, conference) -> None:
    url = _url("conference_outcome", conference, conference_id=conference.pk)
    for role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
        assert client_for(cast[role]).get(url).status_code == 403
    assert client_for(cast[Role.BUSINESS_SUPPORT]).get(url).status_code == 200


def test_adjourning_sets_a_new_date_and_an_interim_plan_and_the_clock_keeps_running(
    cast, conference
) -> None:
    new = local(2027, 2, 2, 10, 0)
    with time_machine.travel(HELD.replace(hour=11), tick=False):
        response = client_for(cast[Role.CONFERENCE_CHAIR]).post(
            _url("conference_adjourn", conference, conference_id=conference.pk),
            {
                "version": conference.version,
                **_day_fields("new", new),
                "interim_plan": "Synthetic interim plan: daily contact.",
            },
        )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.scheduled_for == new and conference.adjourned_at is not None
    assert conference.booking.scheduled_for == new
    clock = _clock(conference.case, "initial_conference", local(2027, 1, 20, 9, 0))
    assert clock.met is None


def test_reports_and_circulation_meet_their_clocks(cast, conference) -> None:
    with time_machine.travel(local(2027, 1, 6, 16, 0), tick=False):
        response = client_for(cast[Role.BUSINESS_SUPPORT]).post(
            _url("conference_reports", conference, conference_id=conference.pk),
            {
                "version": conference.version,
                **_day_fields("chair", local(2027, 1, 6, 12, 0)),
                **_day_fields("parents", local(2027, 1, 6, 15, 0)),
            },
        )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert _hold(cast, conference).status_code == 302
    with time_machine.travel(local(2027, 1, 13, 9, 0), tick=False):
        support = client_for(cast[Role.BUSINESS_SUPPORT])
        for what in ("decisions", "record"):
            conference.refresh_from_db()
            support.post(
                _url("conference_circulate", conference, conference_id=conference.pk),
                {"version": conference.version, "what": what},
            )
    now = local(2027, 1, 14, 9, 0)
    for clock_id in (
        "conference_report_to_chair",
        "conference_report_to_parents",
        "conference_decisions",
        "conference_record",
    ):
        assert _clock(conference.case, clock_id, now).state == "met", clock_id


def test_reports_sent_in_the_future_are_refused(cast, conference) -> None:
    with time_machine.travel(local(2027, 1, 6, 9, 0), tick=False):
        response = client_for(cast[Role.BUSINESS_SUPPORT]).post(
            _url("conference_reports", conference, conference_id=conference.pk),
            {"version": conference.version, **_day_fields("chair", local(2027, 1, 7, 9, 0))},
        )
    assert "cannot have been sent in the future" in response.content.decode()
    conference.refresh_from_db()
    assert conference.report_to_chair_at is None


# --- the plan ---------------------------------------------------------------------------------


def _visit(cast, plan, moment, now=None, **fields):
    data = {
        **_day_fields("visit", moment),
        "place": "home",
        "child_seen": "yes",
        "seen_alone": "yes",
        "bedroom_seen": "yes",
        "child_views": "Synthetic: likes the new routine.",
    }
    data.update(fields)
    with time_machine.travel(now or moment.replace(hour=18), tick=False):
        return client_for(cast[Role.SOCIAL_WORKER]).post(
            _url("visit_new", plan, plan_id=plan.pk), data
        )


def test_visits_every_10_working_days_and_the_bedroom_every_six_weeks(cast, plan) -> None:
    assert _visit(cast, plan, local(2027, 1, 19, 10, 0)).status_code == 302
    assert _visit(cast, plan, local(2027, 2, 2, 10, 0), bedroom_seen="no").status_code == 302
    visit = _clock(plan.case, "lead_social_worker_visit", local(2027, 2, 3, 9, 0))
    assert visit.state == "due"
    assert visit.due == "2027-02-16"  # 10 working days after 2 February
    # Seven weeks on, the bedroom last seen on 19 January is overdue.
    bedroom = _clock(plan.case, "bedroom_seen", local(2027, 3, 9, 9, 0))
    assert bedroom.state == "overdue"


def test_a_visit_in_the_future_or_before_the_plan_is_refused(cast, plan) -> None:
    future = _visit(cast, plan, local(2027, 1, 20, 10, 0), now=local(2027, 1, 19, 9, 0))
    assert "cannot be in the future" in future.content.decode()
    before = _visit(cast, plan, local(2027, 1, 11, 10, 0), now=local(2027, 1, 19, 9, 0))
    assert "cannot be before the plan started" in before.content.decode()
    assert not Visit.objects.exists()


def test_refused_access_must_say_who_was_told(cast, plan) -> None:
    response = _visit(
        cast, plan, local(2027, 1, 19, 10, 0), child_seen="no", seen_alone="", access_refused="on"
    )
    assert "Say when the line manager and the core group were told" in response.content.decode()
    assert not Visit.objects.exists()


def test_the_first_core_group_meets_its_clock(cast, plan) -> None:
    with time_machine.travel(local(2027, 1, 20, 17, 0), tick=False):
        response = client_for(cast[Role.BUSINESS_SUPPORT]).post(
            _url("core_group_new", plan, plan_id=plan.pk),
            {
                **_day_fields("held", local(2027, 1, 20, 14, 0)),
                "attended": "Synthetic: social worker, health visitor, parent.",
                "minutes": "Synthetic minutes.",
                "chronology_discussed": "on",
            },
        )
    assert response.status_code == 302
    assert CoreGroupMeeting.objects.get().chronology_discussed
    assert _clock(plan.case, "first_core_group", local(2027, 1, 21, 9, 0)).state == "met"


def _book_review(cast, plan, at):
    with time_machine.travel(local(2027, 3, 1, 9, 0), tick=False):
        return client_for(cast[Role.SOCIAL_WORKER]).post(
            _url("review_book", plan, plan_id=plan.pk),
            {
                "review_date_0": str(at.day),
                "review_date_1": str(at.month),
                "review_date_2": str(at.year),
                "review_time": at.strftime("%H:%M"),
                "venue": "Synthetic Room 2",
                "chair": str(cast[Role.CONFERENCE_CHAIR].pk),
            },
        )


def test_a_plan_ends_at_its_first_review_only_for_the_exceptional_reason(cast, plan) -> None:
    at = local(2027, 4, 6, 10, 0)
    assert _book_review(cast, plan, at).status_code == 302
    review = Conference.objects.get(kind=Conference.Kind.REVIEW)
    Attendee.objects.bulk_create(
        Attendee(
            conference=review,
            party=a.party,
            name=a.name,
            organisation=a.organisation,
            direct_contact=a.direct_contact,
        )
        for a in plan.conference.attendees.all()
    )
    data = _outcome(review, **_day_fields("held", at), decision="end")
    url = _url("conference_outcome", review, conference_id=review.pk)
    with time_machine.travel(at.replace(hour=13), tick=False):
        chair = client_for(cast[Role.CONFERENCE_CHAIR])
        refused = chair.post(url, data)
        assert "exceptional circumstances" in refused.content.decode()
        plan.refresh_from_db()
        assert plan.ended_at is None
        assert (
            chair.post(url, {**data, "exceptional_reason": "perpetrator_custody"}).status_code
            == 302
        )
    plan.refresh_from_db()
    assert (plan.ended_at, plan.ending) == (at, "review")
    types = [e["type"] for e in case_timeline(plan.case)["events"]]
    assert "review_conference" in types and "plan_ended" in types
    assert _clock(plan.case, "first_review", at.replace(hour=14)).state == "met"


def test_a_review_chaired_by_a_manager_is_refused(cast, plan) -> None:
    with time_machine.travel(local(2027, 3, 1, 9, 0), tick=False):
        response = client_for(cast[Role.SOCIAL_WORKER]).post(
            _url("review_book", plan, plan_id=plan.pk),
            {
                "review_date_0": "6",
                "review_date_1": "4",
                "review_date_2": "2027",
                "review_time": "10:00",
                "venue": "Synthetic Room 2",
                "chair": str(cast[Role.TEAM_MANAGER].pk),
            },
        )
    assert response.status_code == 200
    assert not Conference.objects.filter(kind=Conference.Kind.REVIEW).exists()


def test_a_plan_ended_when_the_child_turns_18_records_plan_ended_and_takes_nothing_more(
    cast, plan
) -> None:
    ended = local(2027, 3, 3, 9, 0)
    with time_machine.travel(ended.replace(hour=12), tick=False):
        response = client_for(cast[Role.SOCIAL_WORKER]).post(
            _url("plan_end", plan, plan_id=plan.pk),
            {
                "version": plan.version,
                "ending": "eighteen",
                **_day_fields("ended", ended),
                "detail": "Synthetic: the child's 18th birthday; a review was held before it.",
            },
        )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.ending == "eighteen"
    assert {"type": "plan_ended", "at": "2027-03-03T09:00"} in case_timeline(plan.case)["events"]
    changes = LogEntry.objects.count()
    late = _visit(cast, plan, local(2027, 3, 3, 10, 0))
    assert "The plan has ended" in late.content.decode()
    assert LogEntry.objects.count() == changes
    # Nothing of the plan falls due after it ended (what was missed before stays missed).
    open_clocks = case_evaluation(plan.case, local(2027, 6, 1, 9, 0)).open_clocks
    plan_clocks = ("lead_social_worker_visit", "bedroom_seen", "first_review", "next_review")
    assert [c for c in open_clocks if c.clock in plan_clocks]  # missed while it ran
    assert all(c.due <= "2027-03-03" for c in open_clocks if c.clock in plan_clocks)


def test_the_plan_page_shows_its_clocks_with_the_rule_and_source(cast, plan) -> None:
    with time_machine.travel(local(2027, 1, 13, 9, 0), tick=False):
        page = (
            client_for(cast[Role.SOCIAL_WORKER])
            .get(_url("plan_detail", plan, plan_id=plan.pk))
            .content.decode()
        )
    assert "First core group" in page or "first core group" in page.lower()
    assert "darlington-child-protection-procedures.txt" in page


def test_a_partner_invited_by_name_reads_the_conference_and_no_other_partner_does(
    cast, conference
) -> None:
    from tests.web.test_enquiries_helpers import engage

    officer, teacher = cast[Role.POLICE_OFFICER], cast[Role.EDUCATION_SAFEGUARDING_LEAD]
    for partner in (officer, teacher):
        engage(cast, conference.case, partner)
    Attendee.objects.create(
        conference=conference,
        party=Attendee.Party.AGENCY,
        name=officer.full_name,
        organisation=cast.police.name,
        user=officer,
    )
    url = _url("conference_detail", conference, conference_id=conference.pk)
    page = client_for(officer).get(url)
    assert page.status_code == 200
    assert "Record the outcome" not in page.content.decode()
    assert client_for(officer).get("/api/conferences/").json()["count"] == 1
    assert client_for(teacher).get(url).status_code == 404
    assert client_for(teacher).get("/api/conferences/").json()["count"] == 0
    plan_page = client_for(officer).get("/api/plans/")
    assert plan_page.json()["count"] == 0


# --- a transfer-in ------------------------------------------------------------------------------


def _transfer(cast, case, agreed, conference_at):
    with time_machine.travel(agreed + timedelta(hours=1), tick=False):
        return client_for(cast[Role.SOCIAL_WORKER]).post(
            reverse("transfer_in", args=[case.pk]),
            {
                **_day_fields("agreed", agreed),
                "originating_council": "Synthetic Shire Council",
                "originating_social_worker": "Synthetic Originating Worker",
                "originating_contact": "worker@synthetic-shire.example",
                "conference_date_0": str(conference_at.day),
                "conference_date_1": str(conference_at.month),
                "conference_date_2": str(conference_at.year),
                "conference_time": conference_at.strftime("%H:%M"),
                "venue": "Synthetic Room 4",
                "chair": str(cast[Role.CONFERENCE_CHAIR].pk),
            },
        )


def test_a_transfer_in_books_its_conference_within_15_working_days_and_holding_it_makes_the_plan(
    cast,
) -> None:
    from tests.web.cases_support import case_in

    case = case_in(cast, procedure="darlington", received_at=local(2027, 3, 1, 9, 0))
    agreed = local(2027, 3, 1, 11, 0)  # a Monday; 15 working days on is Monday 22 March
    response = _transfer(cast, case, agreed, local(2027, 3, 19, 10, 0))
    assert response.status_code == 302
    conference = Conference.objects.get(kind=Conference.Kind.TRANSFER_IN)
    originating = conference.attendees.get()
    assert originating.name == "Synthetic Originating Worker"
    assert "Synthetic Shire Council" in originating.organisation
    clock = _clock(case, "transfer_conference", local(2027, 3, 2, 9, 0))
    assert (clock.due, clock.state) == ("2027-03-22", "due")
    for party, name in (
        (Attendee.Party.SOCIAL_CARE, "Synthetic SW"),
        (Attendee.Party.AGENCY, "Synthetic GP"),
    ):
        Attendee.objects.create(
            conference=conference, party=party, name=name, organisation=name, direct_contact=True
        )
    held = local(2027, 3, 19, 10, 0)
    with time_machine.travel(held.replace(hour=14), tick=False):
        data = _outcome(conference, **_day_fields("held", held))
        data["lead_social_worker"] = str(cast[Role.SOCIAL_WORKER].pk)
        response = client_for(cast[Role.CONFERENCE_CHAIR]).post(
            reverse("conference_outcome", args=[case.pk, conference.pk]), data
        )
    assert response.status_code == 302
    assert ChildProtectionPlan.objects.get(case=case).conference == conference
    assert _clock(case, "transfer_conference", held.replace(hour=15)).state == "met"
    assert _clock(case, "first_core_group", held.replace(hour=15)).state == "due"


def test_a_transfer_in_dated_in_the_future_or_conference_before_it_is_refused(cast) -> None:
    from tests.web.cases_support import case_in

    case = case_in(cast, received_at=local(2027, 3, 1, 9, 0))
    refused = _transfer(cast, case, local(2027, 3, 1, 11, 0), local(2027, 2, 26, 10, 0))
    assert "cannot be before the agreement" in refused.content.decode()
    assert not Conference.objects.exists()


def test_the_chairs_my_work_lists_a_conference_whose_outcome_is_not_recorded(
    cast, conference
) -> None:
    with time_machine.travel(local(2027, 1, 13, 9, 0), tick=False):
        page = client_for(cast[Role.CONFERENCE_CHAIR]).get("/").content.decode()
    assert "Outcome not recorded" in page
    assert _url("conference_detail", conference, conference_id=conference.pk) in page
    _hold(cast, conference)
    with time_machine.travel(local(2027, 1, 13, 9, 0), tick=False):
        page = client_for(cast[Role.CONFERENCE_CHAIR]).get("/").content.decode()
    assert "Outcome not recorded" not in page


# --- a fixed number of queries, however long the plan has run ---------------------------------


def _grow(plan: ChildProtectionPlan, worker, times: int) -> None:
    from convene.plans.models import PlanItem

    start = CoreGroupMeeting.objects.filter(plan=plan).count()
    for n in range(start, start + times):
        moment = plan.started_at + timedelta(days=3 + n)
        CoreGroupMeeting.objects.create(
            plan=plan, held_at=moment, attended="Synthetic", minutes="Synthetic", recorded_by=worker
        )
        Visit.objects.create(
            plan=plan,
            visited_at=moment + timedelta(hours=1),
            place="home",
            child_seen=True,
            bedroom_seen=n % 2 == 0,
            visited_by=worker,
        )
        PlanItem.objects.create(
            plan=plan,
            outcome="Synthetic",
            action="Synthetic",
            who="Parent",
            by_when=date(2027, 6, 1),
        )
        review = Conference.objects.create(
            case=plan.case,
            kind=Conference.Kind.REVIEW,
            plan=plan,
            scheduled_for=moment,
            held_at=moment,
            decision="continue",
        )
        Attendee.objects.create(
            conference=review, party="agency", name="Synthetic", direct_contact=True
        )


@pytest.mark.parametrize("page", ["plan_detail", "case_detail", "conference_detail"])
def test_the_plan_pages_make_the_same_queries_for_a_short_plan_and_a_long_one(
    cast, plan, page
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    worker = cast[Role.SOCIAL_WORKER]
    urls = {
        "plan_detail": _url("plan_detail", plan, plan_id=plan.pk),
        "case_detail": reverse("case_detail", args=[plan.case_id]),
        "conference_detail": _url(
            "conference_detail", plan.conference, conference_id=plan.conference_id
        ),
    }
    with time_machine.travel(local(2027, 6, 1, 9, 0), tick=False):
        client = client_for(worker)
        _grow(plan, worker, 2)
        client.get(urls[page])
        with CaptureQueriesContext(connection) as few:
            assert client.get(urls[page]).status_code == 200
        _grow(plan, worker, 20)
        with CaptureQueriesContext(connection) as many:
            assert client.get(urls[page]).status_code == 200
    assert len(many) == len(few), page


def test_a_pre_birth_conference_less_than_3_months_before_the_due_date_is_warned_of(cast) -> None:
    with time_machine.travel(local(2026, 12, 21, 9, 0), tick=False):
        enquiry = substantiated_enquiry(
            cast, local(2026, 12, 18, 15, 0), local(2026, 12, 19, 10, 0), local(2026, 12, 20, 10)
        )
        child = enquiry.case.child
        child.date_of_birth, child.expected_birth_date = None, date(2027, 4, 1)
        child.save()
        conference = do_sync_booked_conference(booked_conference(cast, enquiry, HELD))
        url = _url("conference_detail", conference, conference_id=conference.pk)
        page = client_for(cast[Role.SOCIAL_WORKER]).get(url).content.decode()
    # 12 January to 1 April is 79 days: 12 short of 91.
    assert "less than 3 months before the baby is due" in page
    assert "12 days short" in page
    assert "Invite midwifery and the neonatal services" in page
    child.expected_birth_date = date(2027, 4, 13)  # 91 days: in time
    child.save()
    with time_machine.travel(local(2026, 12, 21, 9, 0), tick=False):
        page = client_for(cast[Role.SOCIAL_WORKER]).get(url).content.decode()
    assert "less than 3 months before the baby is due" not in page


# --- excluding a family member --------------------------------------------------------------


def _ask_exclusion(cast, conference, at):
    parent = conference.attendees.get(party=Attendee.Party.PARENT)
    with time_machine.travel(at, tick=False):
        return client_for(cast[Role.SOCIAL_WORKER]).post(
            _url("exclusion_request", conference, conference_id=conference.pk),
            {
                "family_member": str(parent.pk),
                "grounds": ["interfere", "child_asks"],
                "evidence": "Synthetic: threats to the health visitor last week.",
            },
        )


def test_the_chair_decides_an_exclusion_finally_and_the_report_deadline_is_checked(
    cast, conference
) -> None:
    from convene.conferences.models import ExclusionRequest

    # Tuesday 12 January: 3 working days before is Thursday 7 January.
    assert _ask_exclusion(cast, conference, local(2027, 1, 6, 9, 0)).status_code == 302
    exclusion = ExclusionRequest.objects.get()
    assert exclusion.grounds == ["interfere", "child_asks"]
    url = _url(
        "exclusion_decide", conference, conference_id=conference.pk, exclusion_id=exclusion.pk
    )
    assert client_for(cast[Role.SOCIAL_WORKER]).get(url).status_code == 403
    decision = {
        "version": exclusion.version,
        "decision": "excluded",
        "extent": "part",
        "extent_detail": "Synthetic: while the police share their information.",
        "reasons": "Synthetic: the child asked; threats of violence.",
        **{
            k.replace("held", "report"): v
            for k, v in _day_fields("held", local(2027, 1, 8, 9, 0)).items()
        },
    }
    with time_machine.travel(local(2027, 1, 8, 12, 0), tick=False):
        chair = client_for(cast[Role.CONFERENCE_CHAIR])
        assert chair.post(url, decision).status_code == 302
        again = chair.post(
            url, {**decision, "version": exclusion.version + 1, "decision": "not_excluded"}
        )
        assert "the decision is final" in again.content.decode()
        page = chair.get(_url("conference_detail", conference, conference_id=conference.pk))
    exclusion.refresh_from_db()
    assert (exclusion.decision, exclusion.extent) == ("excluded", "part")
    body = page.content.decode()
    # The report was sent on 8 January, after Thursday 7 January: late.
    assert "due by Thu 7 Jan 2027" in body
    assert "Late" in body
    assert "Less than 3 working days before" not in body


def test_an_exclusion_asked_for_late_is_flagged_and_one_without_grounds_refused(
    cast, conference
) -> None:
    from convene.conferences.models import ExclusionRequest

    assert _ask_exclusion(cast, conference, local(2027, 1, 11, 9, 0)).status_code == 302
    with time_machine.travel(local(2027, 1, 11, 10, 0), tick=False):
        page = client_for(cast[Role.SOCIAL_WORKER]).get(
            _url("conference_detail", conference, conference_id=conference.pk)
        )
        refused = client_for(cast[Role.SOCIAL_WORKER]).post(
            _url("exclusion_request", conference, conference_id=conference.pk),
            {"family_member": "", "grounds": [], "evidence": ""},
        )
    assert "Less than 3 working days before" in page.content.decode()
    assert "Choose the grounds that are met" in refused.content.decode()
    assert ExclusionRequest.objects.count() == 1


def test_my_work_shows_the_lead_their_visits_and_core_group_due_and_the_manager_the_review(
    cast, plan
) -> None:
    plan.case.lead_social_worker = cast[Role.SOCIAL_WORKER]
    plan.case.team = cast.team
    plan.case.save()
    with time_machine.travel(local(2027, 1, 27, 9, 0), tick=False):
        mine = client_for(cast[Role.SOCIAL_WORKER]).get("/").content.decode()
        team = client_for(cast[Role.TEAM_MANAGER]).get("/team/").content.decode()
    # Held 12 January: the first core group (26 January) and the first visit are overdue.
    assert "Hold the first core group meeting" in mine and "Visit the child" in mine
    assert "Overdue" in mine
    assert "Visit the child" in team


def test_a_partner_invited_by_name_and_sent_the_decisions_gets_link_only_emails(
    cast, conference, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    from tests.web.test_enquiries_helpers import engage

    officer = cast[Role.POLICE_OFFICER]
    engage(cast, conference.case, officer)
    url = _url("conference_invite", conference, conference_id=conference.pk)
    with (
        time_machine.travel(local(2027, 1, 5, 9, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_for(cast[Role.BUSINESS_SUPPORT]).post(
            url,
            {
                "party": "agency",
                "name": officer.full_name,
                "organisation": cast.police.name,
                "direct_contact": "yes",
                "user": str(officer.pk),
            },
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[officer.email]]
    detail = _url("conference_detail", conference, conference_id=conference.pk)
    child = conference.case.child
    for message in mailoutbox:
        assert detail in message.body
        assert child.given_name not in message.body and child.family_name not in message.body
    conference.refresh_from_db()
    _hold(cast, conference)
    conference.refresh_from_db()
    with (
        time_machine.travel(local(2027, 1, 13, 9, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client_for(cast[Role.BUSINESS_SUPPORT]).post(
            _url("conference_circulate", conference, conference_id=conference.pk),
            {"version": conference.version, "what": "decisions"},
        )
    assert len(mailoutbox) == 2
    assert "decisions has been shared with you" in mailoutbox[1].body
    assert child.family_name not in mailoutbox[1].body


def test_a_review_brought_forward_gives_the_procedures_reason_or_the_details_of_another(
    cast, plan
) -> None:
    at = local(2027, 3, 2, 10, 0)
    fields = {"brought_forward": "other", "brought_forward_reason": ""}
    with time_machine.travel(local(2027, 3, 1, 9, 0), tick=False):
        client = client_for(cast[Role.SOCIAL_WORKER])
        url = _url("review_book", plan, plan_id=plan.pk)
        data = {
            "review_date_0": str(at.day),
            "review_date_1": str(at.month),
            "review_date_2": str(at.year),
            "review_time": "10:00",
            "venue": "Synthetic Room 2",
            "chair": str(cast[Role.CONFERENCE_CHAIR].pk),
        }
        refused = client.post(url, {**data, **fields})
        assert "Say why the review is brought forward" in refused.content.decode()
        assert not Conference.objects.filter(kind=Conference.Kind.REVIEW).exists()
        booked = client.post(url, {**data, "brought_forward": "looked_after"})
    assert booked.status_code == 302
    review = Conference.objects.get(kind=Conference.Kind.REVIEW)
    assert review.brought_forward == "looked_after"


def test_an_ended_plan_suggests_the_follow_up_meetings(cast, plan) -> None:
    plan.ended_at, plan.ending, plan.ending_detail = local(2027, 3, 3, 9, 0), "left_uk", "Moved"
    plan.save()
    with time_machine.travel(local(2027, 3, 4, 9, 0), tick=False):
        page = (
            client_for(cast[Role.SOCIAL_WORKER])
            .get(_url("plan_detail", plan, plan_id=plan.pk))
            .content.decode()
        )
    assert "multi-agency meeting by Sat 13 Mar 2027" in page
    assert "by Wed 2 Jun 2027" in page


def test_every_child_of_the_household_is_considered_and_the_subjects_are_recorded(cast) -> None:
    use_procedure(cast, "darlington")
    with time_machine.travel(local(2026, 12, 21, 9, 0), tick=False):
        enquiry = substantiated_enquiry(
            cast,
            local(2026, 12, 18, 15, 0),
            local(2026, 12, 19, 10, 0),
            local(2026, 12, 20, 10),
            household_children=("Synthetic Sibling One", "Synthetic Sibling Two"),
        )
        conference = do_sync_booked_conference(booked_conference(cast, enquiry, HELD))
    for party, name in (("social_care", "SW"), ("agency", "GP"), ("agency", "School")):
        Attendee.objects.create(
            conference=conference, party=party, name=name, organisation=name, direct_contact=True
        )
    one = conference.case.child.household.get(name="Synthetic Sibling One")
    response = _hold(cast, conference, other_subjects=[str(one.pk)])
    assert response.status_code == 302
    assert list(conference.other_subjects.all()) == [one]
    with time_machine.travel(HELD.replace(hour=15), tick=False):
        page = (
            client_for(cast[Role.SOCIAL_WORKER])
            .get(_url("conference_detail", conference, conference_id=conference.pk))
            .content.decode()
        )
    assert "Synthetic Sibling One (subject)" in page
    assert "Synthetic Sibling Two (considered, not a subject)" in page


def test_those_invited_to_the_plans_conference_are_told_when_it_ends(
    cast, plan, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    officer = cast[Role.POLICE_OFFICER]
    Attendee.objects.create(
        conference=plan.conference, party="agency", name=officer.full_name, user=officer
    )
    ended = local(2027, 3, 3, 9, 0)
    with (
        time_machine.travel(ended.replace(hour=12), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_for(cast[Role.SOCIAL_WORKER]).post(
            _url("plan_end", plan, plan_id=plan.pk),
            {
                "version": plan.version,
                "ending": "left_uk",
                **_day_fields("ended", ended),
                "detail": "Synthetic: the family emigrated.",
            },
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert _url("conference_detail", plan.conference, conference_id=plan.conference_id) in (
        mailoutbox[0].body
    )
    assert plan.case.child.family_name not in mailoutbox[0].body


def test_an_amendment_to_the_record_is_accepted_or_refused_by_the_chair(cast, conference) -> None:
    from convene.conferences.models import Amendment

    _hold(cast, conference)
    # The record circulated on Wednesday 13 January: amendments by Wednesday 27 January.
    Conference.objects.filter(pk=conference.pk).update(
        record_circulated_at=local(2027, 1, 13, 9, 0)
    )
    conference.refresh_from_db()
    new = _url("amendment_new", conference, conference_id=conference.pk)
    for received in (local(2027, 1, 20, 9, 0), local(2027, 1, 28, 9, 0)):
        with time_machine.travel(received.replace(hour=12), tick=False):
            response = client_for(cast[Role.BUSINESS_SUPPORT]).post(
                new,
                {
                    "asked_by": "Synthetic Parent",
                    **{
                        k.replace("held", "received"): v
                        for k, v in _day_fields("held", received).items()
                    },
                    "correction": "Synthetic: the date of the incident was the 3rd.",
                },
            )
        assert response.status_code == 302
    first, late = Amendment.objects.order_by("received_at")
    decide = _url(
        "amendment_decide", conference, conference_id=conference.pk, amendment_id=first.pk
    )
    with time_machine.travel(local(2027, 1, 29, 9, 0), tick=False):
        chair = client_for(cast[Role.CONFERENCE_CHAIR])
        refused = chair.post(decide, {"version": first.version, "decision": "refused"})
        assert "Give the reasons for refusing it" in refused.content.decode()
        assert (
            chair.post(decide, {"version": first.version, "decision": "accepted"}).status_code
            == 302
        )
        page = chair.get(_url("conference_detail", conference, conference_id=conference.pk))
    body = page.content.decode()
    assert "Accepted: the record is corrected" in body
    assert body.count("After the 10 working days") == 1  # the one received on the 28th
    assert "by Wed 27 Jan 2027" in body


def test_the_chairs_meeting_with_the_family_is_recorded_before_the_conference(
    cast, conference
) -> None:
    url = _url("family_meeting", conference, conference_id=conference.pk)
    with time_machine.travel(HELD.replace(hour=11), tick=False):
        chair = client_for(cast[Role.CONFERENCE_CHAIR])
        after = chair.post(
            url,
            {"version": conference.version, **_day_fields("met", HELD.replace(hour=10, minute=30))},
        )
        assert "before the conference" in after.content.decode()
        before = chair.post(
            url,
            {
                "version": conference.version,
                **_day_fields("met", HELD.replace(hour=9, minute=30)),
                "notes": "Synthetic: the parents and the social worker; the purpose explained.",
            },
        )
        assert before.status_code == 302
        page = chair.get(_url("conference_detail", conference, conference_id=conference.pk))
    conference.refresh_from_db()
    assert conference.family_meeting_at == HELD.replace(hour=9, minute=30)
    assert "the purpose explained" in page.content.decode()


def test_an_invitation_records_the_support_needed_and_how_the_child_takes_part(
    cast, conference
) -> None:
    url = _url("conference_invite", conference, conference_id=conference.pk)
    child = {"party": "child", "name": "Synthetic Child", "direct_contact": "no"}
    with time_machine.travel(local(2027, 1, 5, 9, 0), tick=False):
        client = client_for(cast[Role.BUSINESS_SUPPORT])
        refused = client.post(url, child)
        assert "Say how the child takes part" in refused.content.decode()
        assert client.post(url, {**child, "contribution": "writing"}).status_code == 302
        parent = {
            "party": "parent",
            "name": "Synthetic Mother",
            "direct_contact": "no",
            "support_needed": "A Polish interpreter",
            "contribution": "attending",  # only a child's is recorded
        }
        assert client.post(url, parent).status_code == 302
        page = client.get(_url("conference_detail", conference, conference_id=conference.pk))
    assert conference.attendees.get(name="Synthetic Child").contribution == "writing"
    mother = conference.attendees.get(name="Synthetic Mother")
    assert (mother.support_needed, mother.contribution) == ("A Polish interpreter", "")
    body = page.content.decode()
    assert "In writing or drawings" in body and "Needs: A Polish interpreter" in body


def test_an_invited_agency_writes_its_own_report_and_not_anothers(cast, conference) -> None:
    from tests.web.test_enquiries_helpers import engage

    officer = cast[Role.POLICE_OFFICER]
    engage(cast, conference.case, officer)
    own = Attendee.objects.create(
        conference=conference, party="agency", name=officer.full_name, user=officer
    )
    other = conference.attendees.get(name="Synthetic Health Visitor")
    with time_machine.travel(local(2027, 1, 8, 9, 0), tick=False):
        client = client_for(officer)
        url = _url("agency_report", conference, conference_id=conference.pk, attendee_id=own.pk)
        empty = client.post(url, {"version": own.version, "report": ""})
        assert "Write the report" in empty.content.decode()
        sent = client.post(url, {"version": own.version, "report": "Synthetic police report."})
        assert sent.status_code == 302
        theirs = _url(
            "agency_report", conference, conference_id=conference.pk, attendee_id=other.pk
        )
        assert client.get(theirs).status_code == 403
    own.refresh_from_db()
    assert (own.report, own.report_submitted) == ("Synthetic police report.", True)
    assert own.report_received_at == local(2027, 1, 8, 9, 0)


def test_an_agency_sending_apologies_without_a_report_is_flagged(cast, conference) -> None:
    teacher = conference.attendees.get(name="Synthetic Teacher")
    response = _hold(
        cast,
        conference,
        **{
            f"attendance_{teacher.pk}": "apologies",
            f"report_{teacher.pk}": "",
            "proceed_reason": "delay_detrimental",
        },
    )
    assert response.status_code == 302
    with time_machine.travel(HELD.replace(hour=15), tick=False):
        page = client_for(cast[Role.CONFERENCE_CHAIR]).get(
            _url("conference_detail", conference, conference_id=conference.pk)
        )
    assert "Apologies, no report" in page.content.decode()


def test_the_plan_is_distributed_within_five_days_of_each_core_group(cast, plan) -> None:
    meeting = CoreGroupMeeting.objects.create(
        plan=plan,
        held_at=local(2027, 1, 20, 14, 0),
        attended="Synthetic",
        minutes="Synthetic",
        recorded_by=cast[Role.SOCIAL_WORKER],
    )
    url = reverse("plan_distributed", args=[plan.case_id, plan.pk, meeting.pk])
    page_url = _url("plan_detail", plan, plan_id=plan.pk)
    with time_machine.travel(local(2027, 1, 26, 9, 0), tick=False):
        client = client_for(cast[Role.BUSINESS_SUPPORT])
        assert "More than 5 days after the meeting" in client.get(page_url).content.decode()
        assert client.post(url, {"version": meeting.version}).status_code == 302
        again = client.post(url, {"version": meeting.version + 1}, follow=True)
        assert "already been recorded as distributed" in again.content.decode()
    meeting.refresh_from_db()
    assert meeting.plan_distributed_at == local(2027, 1, 26, 9, 0)
    on_time = CoreGroupMeeting.objects.create(
        plan=plan,
        held_at=local(2027, 2, 17, 14, 0),
        attended="Synthetic",
        minutes="Synthetic",
        recorded_by=cast[Role.SOCIAL_WORKER],
        plan_distributed_at=local(2027, 2, 19, 9, 0),
    )
    with time_machine.travel(local(2027, 3, 1, 9, 0), tick=False):
        body = client_for(cast[Role.BUSINESS_SUPPORT]).get(page_url).content.decode()
    assert body.count("More than 5 days after the meeting") == 1  # the first only
    assert on_time.plan_distributed_at


def test_a_manager_confirms_how_often_the_core_group_meets(cast, plan) -> None:
    url = reverse("core_group_frequency", args=[plan.case_id, plan.pk])
    with time_machine.travel(local(2027, 1, 14, 9, 0), tick=False):
        assert client_for(cast[Role.SOCIAL_WORKER]).get(url).status_code == 403
        manager = client_for(cast[Role.TEAM_MANAGER])
        refused = manager.post(url, {"version": plan.version, "weeks": "12"})
        assert "Enter a number of weeks from 1 to 8" in refused.content.decode()
        assert manager.post(url, {"version": plan.version, "weeks": "2"}).status_code == 302
    plan.refresh_from_db()
    assert (plan.core_group_weeks, plan.frequency_confirmed_by) == (2, cast[Role.TEAM_MANAGER])


# --- the API: the pages' forms and actions -----------------------------------------------------


def _api_post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_visit_and_a_core_group_are_recorded_through_the_api_as_on_the_pages(cast, plan) -> None:
    visit = {
        "visit_date": "2027-01-19",
        "visit_time": "10:00",
        "place": "home",
        "child_seen": True,
        "seen_alone": True,
        "bedroom_seen": False,
        "child_views": "Synthetic views.",
    }
    meeting = {
        "held_date": "2027-01-20",
        "held_time": "14:00",
        "attended": "Synthetic",
        "minutes": "Synthetic minutes",
        "chronology_discussed": True,
    }
    with time_machine.travel(local(2027, 1, 20, 17, 0), tick=False):
        client = client_for(cast[Role.SOCIAL_WORKER])
        made = _api_post(client, f"/api/plans/{plan.pk}/visits/", visit)
        assert made.status_code == 201, made.json()
        assert (made.json()["child_seen"], made.json()["bedroom_seen"]) == (True, False)
        met = _api_post(client, f"/api/plans/{plan.pk}/core-groups/", meeting)
        assert met.status_code == 201, met.json()
    assert Visit.objects.get().seen_alone is True
    assert CoreGroupMeeting.objects.get().chronology_discussed
    assert _clock(plan.case, "first_core_group", local(2027, 1, 21, 9, 0)).state == "met"


def test_bad_visits_through_the_api_are_400_naming_the_field_and_save_nothing(cast, plan) -> None:
    url = f"/api/plans/{plan.pk}/visits/"
    good = {
        "visit_date": "2027-01-19",
        "visit_time": "10:00",
        "place": "home",
        "child_seen": True,
        "seen_alone": False,
        "bedroom_seen": True,
    }
    with time_machine.travel(local(2027, 1, 19, 9, 0), tick=False):
        client = client_for(cast[Role.SOCIAL_WORKER])
        future = _api_post(client, url, good)
        assert future.status_code == 400
        assert "cannot be in the future" in str(future.json())
        typo = _api_post(client, url, {**good, "bedroom_sen": True})
        assert typo.status_code == 400 and "bedroom_sen" in typo.json()["errors"]
        missing = _api_post(client, url, {**good, "place": ""})
        assert missing.status_code == 400 and "place" in missing.json()["errors"]
        refused = _api_post(client_for(cast[Role.BUSINESS_SUPPORT]), url, good)
        assert refused.status_code == 403
    assert not Visit.objects.exists()
