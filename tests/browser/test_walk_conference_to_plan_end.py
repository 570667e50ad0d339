"""The plan half in real browsers: a booked initial conference is held, makes a child protection
plan, the social worker records the first core group and two visits and books the first
review, and the review ends the plan (for the exceptional reason Darlington allows at a first
review). The chair, the social worker, a police officer and a health professional each use
their own browser; every page is checked with axe-core (WCAG 2.2 AA), and the core forms are
used again with JavaScript off."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from convene.conferences.actions import do_sync_booked_conference
from convene.conferences.models import Attendee, Conference
from convene.people.models import Role
from convene.plans.models import ChildProtectionPlan, CoreGroupMeeting, Visit
from tests.browser.steps import fill_date
from tests.web.test_enquiries_helpers import (
    booked_conference,
    engage,
    substantiated_enquiry,
    use_procedure,
)


def _moment(page: Page, prefix: str, moment) -> None:
    fill_date(page, f"id_{prefix}_date", timezone.localdate(moment))
    page.locator(f"#id_{prefix}_time").fill(timezone.localtime(moment).strftime("%H:%M"))


def _invite(page: Page, party: str, name: str, organisation: str, contact: bool, user=None) -> None:
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label(party).check()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Agency or service, if any").fill(organisation)
    page.locator("#id_direct_contact_1" if contact else "#id_direct_contact_2").check()
    if user is not None:
        page.get_by_label("Their Convene account, if they have one").select_option(str(user.pk))
    page.get_by_role("button", name="Add to the invitations").click()
    expect(page.locator("main")).to_contain_text("has been added to the invitations")


def _record_outcome(page: Page, conference: Conference, held, axe, **choices) -> None:
    page.get_by_role("link", name="Record the outcome").click()
    axe(page)
    _moment(page, "held", held)
    for attendee in conference.attendees.all():
        page.locator(f"#id_attendance_{attendee.pk}_1").check()  # attended
        if attendee.party == Attendee.Party.AGENCY:
            page.locator(f"#id_report_{attendee.pk}").check()
    page.get_by_label(choices["decision"]).check()
    if "category" in choices:
        page.get_by_label(choices["category"], exact=True).check()
        page.get_by_label("With a plan: the lead social worker").select_option(
            str(choices["lead"].pk)
        )
    if "exception" in choices:
        page.get_by_label(choices["exception"]).check()
    page.get_by_label("The reasons for the decision").fill(
        "Synthetic: the likelihood of significant harm test is met."
    )
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator("main")).to_contain_text("The conference's outcome has been recorded.")
    axe(page)


def test_a_conference_makes_a_plan_that_core_groups_visits_and_a_review_carry_to_its_end(
    page, new_page, sign_in, axe, cast
) -> None:
    page.set_default_timeout(10_000)
    use_procedure(cast, "darlington")
    chair, worker = cast[Role.CONFERENCE_CHAIR], cast[Role.SOCIAL_WORKER]
    officer, nurse = cast[Role.POLICE_OFFICER], cast[Role.HEALTH_PROFESSIONAL]
    now = timezone.now()
    enquiry = substantiated_enquiry(
        cast, now - timedelta(days=9), now - timedelta(days=8), now - timedelta(days=3)
    )
    case = enquiry.case
    held = now - timedelta(hours=2)
    conference = do_sync_booked_conference(booked_conference(cast, enquiry, held))
    for partner in (officer, nurse):
        engage(cast, case, partner)

    # --- The chair invites, then records the conference's outcome. ---
    sign_in(page, chair)
    page.goto(f"/cases/{case.pk}/")
    page.locator("#progress + ul").get_by_role(
        "link", name="Initial child protection conference"
    ).click()
    expect(page.locator("h1")).to_have_text("Initial child protection conference")
    axe(page)
    _invite(page, "Children's social care", worker.full_name, "Children's social care", False)
    axe(page)
    _invite(page, "Another agency", officer.full_name, cast.police.name, True, officer)
    _invite(page, "Another agency", nurse.full_name, cast.trust.name, True, nurse)
    _invite(page, "Parent or carer", "Synthetic Parent", "", False)
    expect(page.locator("main")).to_contain_text("it would be quorate")
    _record_outcome(
        page,
        conference,
        held,
        axe,
        decision="A child protection plan",
        category="Neglect",
        lead=worker,
    )
    expect(page.locator("main")).to_contain_text("under the category of neglect")
    plan = ChildProtectionPlan.objects.get(case=case)

    # --- The police officer and the health professional read the conference they attended. ---
    for partner in (officer, nurse):
        partner_page = new_page()
        sign_in(partner_page, partner)
        partner_page.goto(f"/cases/{case.pk}/conferences/{conference.pk}/")
        expect(partner_page.locator("h1")).to_have_text("Initial child protection conference")
        expect(partner_page.locator("main")).to_contain_text("A child protection plan")
        expect(partner_page.get_by_role("link", name="Record the outcome")).to_have_count(0)
        axe(partner_page)
        # The plan's own page is social care's.
        assert partner_page.goto(f"/cases/{case.pk}/plans/{plan.pk}/").status == 404

    # --- The social worker: the plan, an outcome, the first core group and two visits. ---
    worker_page = new_page()
    sign_in(worker_page, worker)
    worker_page.goto(f"/cases/{case.pk}/")
    worker_page.get_by_role("link", name=re.compile("^Child protection plan, neglect")).click()
    axe(worker_page)
    expect(worker_page.locator("main")).to_contain_text("First core group")
    worker_page.get_by_role("link", name="Add an outcome and its action").click()
    axe(worker_page)
    worker_page.get_by_label("What must change, by how much and by when").fill(
        "Synthetic: the child attends school every day within 6 weeks."
    )
    worker_page.get_by_label("What will be done").fill("Synthetic: a morning routine.")
    worker_page.get_by_label("Who does it").fill("Parents")
    fill_date(worker_page, "id_by_when", timezone.localdate() + timedelta(weeks=6))
    worker_page.get_by_role("button", name="Add to the plan").click()
    expect(worker_page.locator("main")).to_contain_text("The item has been added to the plan.")

    worker_page.get_by_role("link", name="Record a core group meeting").click()
    axe(worker_page)
    _moment(worker_page, "held", now - timedelta(hours=1))
    worker_page.get_by_label("Who took part").fill("Synthetic: social worker, nurse, parents.")
    worker_page.get_by_label("Minutes").fill("Synthetic minutes.")
    worker_page.get_by_label("The chronology was discussed and updated").check()
    worker_page.get_by_role("button", name="Record the meeting").click()
    expect(worker_page.locator("main")).to_contain_text("The core group meeting has been recorded.")

    for minutes_ago, bedroom in ((50, "yes"), (20, "no")):
        worker_page.get_by_role("link", name="Record a visit").click()
        axe(worker_page)
        _moment(worker_page, "visit", now - timedelta(minutes=minutes_ago))
        worker_page.get_by_label("The child's home").check()
        worker_page.locator("#id_child_seen_1").check()
        worker_page.locator("#id_seen_alone_1").check()
        worker_page.locator(
            "#id_bedroom_seen_1" if bedroom == "yes" else "#id_bedroom_seen_2"
        ).check()
        worker_page.get_by_label("The child's views, wishes and feelings").fill(
            "Synthetic: happier at home."
        )
        worker_page.get_by_role("button", name="Record the visit").click()
        expect(worker_page.locator("main")).to_contain_text("The visit has been recorded.")
    assert Visit.objects.filter(plan=plan).count() == 2
    assert CoreGroupMeeting.objects.filter(plan=plan).count() == 1
    axe(worker_page)

    # --- The first review, booked a week ahead and brought forward, ends the plan. ---
    review_day = timezone.localdate() + timedelta(days=7)
    worker_page.get_by_role("link", name="Book a review conference").click()
    axe(worker_page)
    fill_date(worker_page, "id_review_date", review_day)
    worker_page.get_by_label("Time").fill("10:00")
    worker_page.get_by_label("Venue").fill("Synthetic Civic Centre, room 3")
    worker_page.get_by_label("Chair").select_option(str(chair.pk))
    worker_page.get_by_label("Another reason (say which)").check()
    worker_page.get_by_label("If brought forward: the details").fill(
        "Synthetic: the perpetrator has been sentenced."
    )
    worker_page.get_by_role("button", name="Book the review conference").click()
    expect(worker_page.locator("main")).to_contain_text("The review conference has been booked.")
    review = Conference.objects.get(case=case, kind=Conference.Kind.REVIEW)
    for attendee in conference.attendees.all():
        Attendee.objects.create(
            conference=review,
            party=attendee.party,
            name=attendee.name,
            organisation=attendee.organisation,
            direct_contact=attendee.direct_contact,
        )

    review_held = review.scheduled_for
    with time_machine.travel(review_held + timedelta(hours=3), tick=True):
        page.goto(f"/cases/{case.pk}/conferences/{review.pk}/")
        axe(page)
        _record_outcome(
            page,
            review,
            review_held,
            axe,
            decision="The plan ends",
            exception="The perpetrator is serving a significant custodial sentence",
        )
    plan.refresh_from_db()
    assert (plan.ending, plan.ended_at) == ("review", review_held)


def test_the_plan_forms_work_and_keep_what_was_typed_without_javascript(
    new_page, sign_in, cast
) -> None:
    use_procedure(cast, "darlington")
    worker, chair = cast[Role.SOCIAL_WORKER], cast[Role.CONFERENCE_CHAIR]
    now = timezone.now()
    enquiry = substantiated_enquiry(
        cast, now - timedelta(days=9), now - timedelta(days=8), now - timedelta(days=3)
    )
    conference = do_sync_booked_conference(
        booked_conference(cast, enquiry, now - timedelta(hours=2))
    )
    case = enquiry.case
    page = new_page(javascript=False)
    page.set_default_timeout(10_000)
    sign_in(page, chair)
    page.goto(f"/cases/{case.pk}/conferences/{conference.pk}/outcome/")
    # A plan without a category or a lead: refused, the reasons kept.
    page.get_by_label("A child protection plan").check()
    page.get_by_label("The reasons for the decision").fill("Synthetic reasons kept.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose one category of abuse for the plan"
    )
    expect(page.get_by_label("The reasons for the decision")).to_have_value(
        "Synthetic reasons kept."
    )
    assert not ChildProtectionPlan.objects.exists()

    plan = ChildProtectionPlan.objects.create(
        case=case,
        conference=conference,
        category="neglect",
        lead_social_worker=worker,
        started_at=now - timedelta(hours=2),
    )
    worker_page = new_page(javascript=False)
    sign_in(worker_page, worker)
    worker_page.goto(f"/cases/{case.pk}/plans/{plan.pk}/visits/new/")
    _moment(worker_page, "visit", now + timedelta(days=2))
    worker_page.get_by_label("The child's home").check()
    worker_page.locator("#id_child_seen_1").check()
    worker_page.locator("#id_seen_alone_1").check()
    worker_page.locator("#id_bedroom_seen_1").check()
    worker_page.get_by_label("The child's views, wishes and feelings").fill("Synthetic views.")
    worker_page.get_by_role("button", name="Record the visit").click()
    expect(worker_page.locator(".govuk-error-summary")).to_contain_text(
        "The visit cannot be in the future."
    )
    expect(worker_page.get_by_label("The child's views, wishes and feelings")).to_have_value(
        "Synthetic views."
    )
    assert not Visit.objects.exists()


def test_the_transfer_exclusion_and_amendment_pages_are_accessible(
    page, new_page, sign_in, axe, cast
) -> None:
    from convene.conferences.models import ExclusionRequest

    page.set_default_timeout(10_000)
    use_procedure(cast, "darlington")
    now = timezone.now()
    enquiry = substantiated_enquiry(
        cast, now - timedelta(days=9), now - timedelta(days=8), now - timedelta(days=3)
    )
    case = enquiry.case
    conference = do_sync_booked_conference(
        booked_conference(cast, enquiry, now + timedelta(days=5))
    )
    Attendee.objects.create(conference=conference, party="parent", name="Synthetic Parent")
    sign_in(page, cast[Role.CONFERENCE_CHAIR])
    base = f"/cases/{case.pk}/conferences/{conference.pk}"
    page.goto(f"{base}/exclusions/new/")
    axe(page)
    page.get_by_role("button", name="Send the request to the chair").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the grounds")
    axe(page)
    page.get_by_label("Who should be excluded").select_option(label="Synthetic Parent")
    page.get_by_label("The parent may behave so as to interfere seriously").check()
    page.get_by_label("The information or evidence").fill("Synthetic: threats.")
    page.get_by_role("button", name="Send the request to the chair").click()
    expect(page.locator("main")).to_contain_text("Awaiting the chair")
    axe(page)
    exclusion = ExclusionRequest.objects.get()
    page.goto(f"{base}/exclusions/{exclusion.pk}/")
    axe(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    Conference.objects.filter(pk=conference.pk).update(
        held_at=now - timedelta(days=1), decision="no_plan", record_circulated_at=now
    )
    page.goto(f"{base}/amendments/new/")
    axe(page)
    page.get_by_role("button", name="Record the amendment for the chair").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    worker_page = new_page()
    sign_in(worker_page, cast[Role.SOCIAL_WORKER])
    worker_page.goto(f"/cases/{case.pk}/transfer-in/")
    axe(worker_page)
    worker_page.get_by_role("button", name="Record the agreement and book the conference").click()
    expect(worker_page.locator(".govuk-error-summary")).to_be_visible()
    axe(worker_page)
