"""The plan half's later pages in a real browser, each checked with axe-core (WCAG 2.2 AA),
with and without an error: a permanent move and the receiving council's conference, absent
agencies' views after a review, and a version of the plan as distributed."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from convene.conferences.actions import do_sync_booked_conference
from convene.conferences.models import Conference
from convene.people.models import Role
from convene.plans.actions import do_record_plan_distributed
from convene.plans.models import ChildProtectionPlan, CoreGroupMeeting
from tests.browser.steps import fill_date
from tests.web.test_enquiries_helpers import booked_conference, substantiated_enquiry, use_procedure


def test_the_move_views_and_version_pages_are_accessible(page, sign_in, axe, cast) -> None:
    page.set_default_timeout(10_000)
    use_procedure(cast, "darlington")
    worker = cast[Role.SOCIAL_WORKER]
    now = timezone.now()
    enquiry = substantiated_enquiry(
        cast, now - timedelta(days=30), now - timedelta(days=29), now - timedelta(days=25)
    )
    case = enquiry.case
    conference = do_sync_booked_conference(
        booked_conference(cast, enquiry, now - timedelta(days=20))
    )
    Conference.objects.filter(pk=conference.pk).update(
        held_at=now - timedelta(days=20), decision="plan", category="neglect"
    )
    plan = ChildProtectionPlan.objects.create(
        case=case,
        conference=conference,
        category="neglect",
        lead_social_worker=worker,
        started_at=now - timedelta(days=20),
    )
    meeting = CoreGroupMeeting.objects.create(
        plan=plan,
        held_at=now - timedelta(days=10),
        attended="Synthetic",
        minutes="Synthetic",
        recorded_by=worker,
    )
    do_record_plan_distributed(worker, meeting, version=meeting.version)
    review = Conference.objects.create(
        case=case,
        kind=Conference.Kind.REVIEW,
        plan=plan,
        scheduled_for=now - timedelta(days=2),
        held_at=now - timedelta(days=2),
        decision="continue",
        seek_agency_views=True,
        chair=cast[Role.CONFERENCE_CHAIR],
    )
    sign_in(page, worker)
    plan_url = f"/cases/{case.pk}/plans/{plan.pk}/"
    page.goto(f"{plan_url}versions/1/")
    expect(page.locator("h1")).to_contain_text("version 1")
    axe(page)

    page.goto(plan_url)
    page.get_by_role("link", name="Record a permanent move to another council").click()
    axe(page)
    page.get_by_role("button", name="Record the move").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Name the council")
    axe(page)
    page.get_by_label("The council the family has moved to").fill("Synthetic Borough Council")
    fill_date(page, "id_notified_date", timezone.localdate(now))
    page.get_by_role("button", name="Record the move").click()
    expect(page.locator("main")).to_contain_text("Its conference is due by")
    axe(page)
    page.get_by_role("link", name="Record the receiving council's conference").click()
    axe(page)
    page.get_by_role("button", name="Record the conference").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)

    page.goto(f"/cases/{case.pk}/conferences/{review.pk}/")
    expect(page.locator("main")).to_contain_text("Absent agencies' views on ending the plan")
    axe(page)
    page.get_by_role("link", name="Record that the views were asked for").click()
    axe(page)
    page.get_by_role("button", name="Record").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
