"""A section 47 enquiry from the authorised strategy decision to the booked initial
conference, with the timescales the rules engine derives (the clock frozen for each step)."""

from __future__ import annotations

from datetime import date

import time_machine

from convene.cases.timeline import case_evaluation
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import Role
from convene.strategy.models import Authorisation
from tests.factories import local
from tests.web.test_enquiries_helpers import (
    client_for,
    detail_url,
    is_checked,
    moment_data,
    section_47_discussion,
    started_enquiry,
    use_procedure,
)


def start_url(discussion) -> str:
    return f"/cases/{discussion.case_id}/strategy/{discussion.id}/enquiry/start/"


def test_an_enquiry_runs_from_the_decision_to_a_conference_due_after_the_christmas_holidays(
    cast,
) -> None:
    social_worker = cast[Role.SOCIAL_WORKER]
    held = local(2026, 12, 18, 15, 0)  # a Friday
    with time_machine.travel(local(2026, 12, 18, 16, 0), tick=False):
        discussion = section_47_discussion(cast, held, household_children=("Sibling Example",))
        client = client_for(social_worker)
        page = client.get(start_url(discussion)).content.decode()
        assert "18 December 2026 at 15:00" in page
        assert f'<option value="{social_worker.pk}" selected>' in page  # the case's lead
        assert is_checked(page, "kind", "single")  # the discussion's decision
        response = client.post(
            start_url(discussion), {"lead_social_worker": social_worker.pk, "kind": "single"}
        )
        enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion)
        assert response.status_code == 302
        assert response["Location"] == detail_url(enquiry)
        assert enquiry.started_at == held
        assert enquiry.lead_social_worker == social_worker
        # Counted by hand: the 15 working days after Friday 18 December 2026 skip Christmas
        # Day (Fri 25), the Boxing Day substitute (Mon 28) and New Year's Day (Fri 1 Jan):
        # 21 22 23 24 | 29 30 31 | 4 5 6 7 8 | 11 12 13 -> Wednesday 13 January 2027.
        page = client.get(detail_url(enquiry)).content.decode()
        assert "Due by the end of Wednesday 13 January 2027" in page
        assert "sheffield-strategy-discussions.txt" in page

    with time_machine.travel(local(2026, 12, 21, 11, 0), tick=False):
        response = client.post(
            detail_url(enquiry) + "child-seen/",
            {
                "version": "1",
                **moment_data("seen", local(2026, 12, 21, 10, 0)),
                "seen_alone": "yes",
                "parental_permission": "obtained",
            },
        )
        assert response.status_code == 302
        enquiry.refresh_from_db()
        assert enquiry.child_seen_at == local(2026, 12, 21, 10, 0)
        assert enquiry.seen_alone is True

    with time_machine.travel(local(2027, 1, 6, 9, 0), tick=False):
        client = client_for(social_worker)  # signed in afresh: sessions last two weeks
        outcome_page = client.get(detail_url(enquiry) + "outcome/").content.decode()
        assert "Sibling Example (Sibling): " in outcome_page  # a line to complete
        response = client.post(
            detail_url(enquiry) + "outcome/",
            {
                "version": "2",
                "other_children_considered": "Sibling Example (Sibling): seen at school, safe.",
                "outcome": "substantiated",
                "outcome_reasons": "Synthetic: the injury is not explained.",
                **moment_data("completed", local(2027, 1, 5, 16, 0)),
            },
        )
        # Substantiated concerns lead straight to booking the conference.
        assert response["Location"] == detail_url(enquiry) + "conference/"
        booking_page = client.get(response["Location"]).content.decode()
        # The due date and its rule are shown before anything is booked.
        assert "The conference is due by Wednesday 13 January 2027" in booking_page
        assert "sheffield-strategy-discussions.txt" in booking_page
        assert not InitialConference.objects.exists()
        response = client.post(
            response["Location"],
            {
                **moment_data("scheduled", local(2027, 1, 12, 10, 0)),
                "venue": "Synthetic Family Centre, Room 2",
                "chair": cast[Role.CONFERENCE_CHAIR].pk,
                "delay_reason": "",
            },
        )
        assert response.status_code == 302
        conference = InitialConference.objects.get(enquiry=enquiry)
        assert conference.scheduled_for == local(2027, 1, 12, 10, 0)
        assert conference.booked_by == social_worker
        assert conference.delay_reason == ""
        page = client.get(detail_url(enquiry)).content.decode()
        assert "Tuesday 12 January 2027 at 10:00" in page
        assert "Synthetic Family Centre, Room 2" in page
        clock = case_evaluation(enquiry.case).latest("initial_conference")
        assert clock is not None and clock.due_day == date(2027, 1, 13)


def test_the_enquiry_cannot_start_until_the_decision_is_authorised_and_says_by_whom(cast) -> None:
    use_procedure(cast, "liverpool")
    with time_machine.travel(local(2026, 12, 18, 16, 0), tick=False):
        discussion = section_47_discussion(cast, local(2026, 12, 18, 15, 0), authorised=False)
        client = client_for(cast[Role.SOCIAL_WORKER])
        page = client.get(start_url(discussion)).content.decode()
        assert "You cannot start the enquiry yet" in page
        assert "a children&#x27;s social care manager, for the strategy decision" in page
        assert (
            "a children&#x27;s social care manager, for the decision to start a section 47 "
            "enquiry" in page
        )
        assert 'name="lead_social_worker"' not in page

        Authorisation.objects.create(
            discussion=discussion,
            decision="strategy_decision",
            authoriser="social_work_manager",
            user=cast[Role.TEAM_MANAGER],
        )
        response = client.post(
            start_url(discussion),
            {"lead_social_worker": cast[Role.SOCIAL_WORKER].pk, "kind": "single"},
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "<title>Error: " in page
        assert "for the decision to start a section 47 enquiry" in page
        assert "for the strategy decision" not in page  # given now
        assert not Section47Enquiry.objects.exists()


def test_an_enquiry_starts_only_from_a_decision_to_make_one_and_one_at_a_time(cast) -> None:
    with time_machine.travel(local(2026, 12, 18, 16, 0), tick=False):
        no_action = section_47_discussion(
            cast, local(2026, 12, 18, 15, 0), outcome="no_further_action", enquiry=""
        )
        client = client_for(cast[Role.SOCIAL_WORKER])
        page = client.get(start_url(no_action)).content.decode()
        assert "did not decide to start a section 47 enquiry" in page

        open_one = started_enquiry(cast, local(2026, 12, 17, 15, 0))
        further = section_47_discussion(cast, local(2026, 12, 18, 15, 0), case=open_one.case)
        response = client.post(
            start_url(further),
            {"lead_social_worker": cast[Role.SOCIAL_WORKER].pk, "kind": "single"},
        )
        assert "already open for case" in response.content.decode()
        assert Section47Enquiry.objects.count() == 1

        # Starting again from the same discussion goes to the enquiry already started.
        response = client.get(start_url(open_one.strategy_discussion))
        assert response["Location"] == detail_url(open_one)


def test_starting_needs_a_lead_social_worker_and_keeps_the_choice_made(cast) -> None:
    with time_machine.travel(local(2026, 12, 18, 16, 0), tick=False):
        discussion = section_47_discussion(cast, local(2026, 12, 18, 15, 0), enquiry="")
        client = client_for(cast[Role.SOCIAL_WORKER])
        response = client.post(start_url(discussion), {"lead_social_worker": "", "kind": "joint"})
        page = response.content.decode()
        assert "Choose the lead social worker" in page
        assert is_checked(page, "kind", "joint")
        response = client.post(
            start_url(discussion),
            {"lead_social_worker": cast[Role.TEAM_MANAGER].pk, "kind": "joint"},
        )
        assert "Choose a social worker of this council" in response.content.decode()
        assert not Section47Enquiry.objects.exists()


def test_the_child_seen_clock_comes_from_the_procedure_with_its_state_and_source(cast) -> None:
    use_procedure(cast, "lancashire")
    with time_machine.travel(local(2026, 12, 18, 11, 0), tick=False):
        enquiry = started_enquiry(cast, local(2026, 12, 18, 10, 0))
        client = client_for(cast[Role.SOCIAL_WORKER])
        page = client.get(detail_url(enquiry) + "child-seen/").content.decode()
        assert "Due 10:00 on Saturday 19 December 2026" in page
        assert "govuk-tag--blue" in page
        assert "lancashire-strategy-s47-practice-guidance.txt" in page
    with time_machine.travel(local(2026, 12, 19, 11, 0), tick=False):
        page = client.get(detail_url(enquiry)).content.decode()
        assert "Overdue" in page
        client.post(
            detail_url(enquiry) + "child-seen/",
            {
                "version": "1",
                **moment_data("seen", local(2026, 12, 19, 10, 30)),
                "seen_alone": "no",
                "seen_with": "Synthetic: a police officer, for the joint interview.",
                "parental_permission": "obtained",
            },
        )
        page = client.get(detail_url(enquiry)).content.decode()
        assert "Met late" in page
        assert "done 10:30 on Saturday 19 December 2026" in page


def test_concerns_not_substantiated_end_the_conference_clock(cast) -> None:
    with time_machine.travel(local(2026, 12, 22, 9, 0), tick=False):
        enquiry = started_enquiry(cast, local(2026, 12, 18, 15, 0))
        enquiry.child_seen_at = local(2026, 12, 19, 10, 0)
        enquiry.seen_alone = True
        enquiry.save()
        assert case_evaluation(enquiry.case).latest("initial_conference") is not None
        client = client_for(cast[Role.SOCIAL_WORKER])
        response = client.post(
            detail_url(enquiry) + "outcome/",
            {
                "version": str(enquiry.version),
                "outcome": "not_substantiated",
                "outcome_reasons": "Synthetic: an accidental injury, explained and consistent.",
                **moment_data("completed", local(2026, 12, 21, 17, 0)),
            },
        )
        assert response["Location"] == detail_url(enquiry)
        assert case_evaluation(enquiry.case).latest("initial_conference") is None
        page = client.get(detail_url(enquiry)).content.decode()
        assert "No initial child protection conference is needed" in page
        assert "Book the initial conference" not in page
        booking = client.post(
            detail_url(enquiry) + "conference/",
            {
                **moment_data("scheduled", local(2027, 1, 5, 10, 0)),
                "venue": "Synthetic Room",
                "chair": cast[Role.CONFERENCE_CHAIR].pk,
            },
        )
        assert "booked once the enquiry's concerns are substantiated" in booking.content.decode()
        assert not InitialConference.objects.exists()
