"""axe-core (WCAG 2.2 AA) on the pages the walks do not pass through, reached as their users
reach them, by the menu and the links on the case: the case list and its search, the case's
timeline, who has access (giving a partner access), allocation, the child's details, household
and services, who viewed the record and its change history; the team view and the council
overview; changing and removing a strategy discussion's invitees; a manager's agreement to a
late conference; the error pages. Forms are checked as they first show and again showing an
error, since an error summary and error messages are where accessibility most often breaks."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from convene.cases.models import Case
from convene.cases.timeline import case_evaluation
from convene.people.models import Role
from convene.strategy.actions import do_plan_strategy_discussion
from tests.browser.steps import fill_date, menu
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ConcernsFactory,
    ContactFactory,
    TeamFactory,
)
from tests.web.test_enquiries_helpers import (
    booked_conference,
    section_47_discussion,
    substantiated_enquiry,
)


def expect_error_summary(page: Page, message: str) -> None:
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)


def case_with_concerns(cast, given_name: str) -> Case:
    case = CaseFactory(
        child=ChildFactory(council=cast.council, given_name=given_name, family_name="Axeford"),
        lead_social_worker=cast[Role.SOCIAL_WORKER],
        team=cast.team,
    )
    ContactFactory(case=case, recorded_by=cast[Role.SOCIAL_WORKER])
    ConcernsFactory(case=case, recorded_by=cast[Role.SOCIAL_WORKER])
    return case


def test_a_managers_pages_about_a_case_are_accessible(page, sign_in, axe, cast) -> None:
    page.set_default_timeout(10_000)
    manager, health = cast[Role.TEAM_MANAGER], cast[Role.HEALTH_PROFESSIONAL]
    case = case_with_concerns(cast, "Accessa")
    case_with_concerns(cast, "Otherwyn")

    sign_in(page, manager)
    menu(page, "Cases")
    expect(page.locator("main")).to_contain_text("2 cases")
    axe(page)
    page.get_by_label("Search").fill("Accessa")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("main")).to_contain_text("1 case found for ‘Accessa’")
    axe(page)
    page.get_by_label("Search").fill("Nobody-by-this-name")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("main")).to_contain_text("0 cases found")
    axe(page)
    page.get_by_label("Search").fill("Accessa")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name=case.reference).click()
    axe(page)

    nav = page.get_by_role("navigation", name=f"Case {case.reference}")
    nav.get_by_role("link", name="Timeline").click()
    expect(page.locator("main")).to_contain_text("Concerns of significant harm identified")
    axe(page)

    # Who has access: a partner given access, after a first try without a reason.
    nav.get_by_role("link", name="Who has access").click()
    expect(page.locator("main")).to_contain_text("No partner agency staff have access now.")
    axe(page)
    who = page.get_by_label("Who needs access?")
    who.select_option(label=who.locator("option", has_text=health.full_name).inner_text())
    fill_date(page, "id_access-ends_on", timezone.localdate() + timedelta(days=14))
    page.get_by_role("button", name="Give access").click()
    expect_error_summary(page, "Enter why they need access")
    axe(page)
    page.get_by_label("Why do they need access?").fill("Synthetic: a joint health assessment")
    page.get_by_role("button", name="Give access").click()
    access = page.get_by_role("row", name=re.compile(health.full_name))
    expect(access).to_contain_text("Synthetic: a joint health assessment")
    axe(page)

    nav.get_by_role("link", name="Who viewed the record").click()
    expect(page.locator("main")).to_contain_text(manager.full_name)
    axe(page)
    page.get_by_role("link", name="Change history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change history")
    axe(page)

    # Allocation, from the case page.
    page.get_by_role("link", name=f"Back to case {case.reference}").click()
    page.get_by_role("link", name="Change lead social worker").click()
    axe(page)
    page.get_by_label("Lead social worker").select_option(
        label=f"{manager.full_name}, team manager"
    )
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator("main")).to_contain_text(f"{manager.full_name} (Assessment team)")

    # The child's details, with a mistake first.
    page.get_by_role("link", name="Change the child's details").click()
    axe(page)
    page.get_by_label("First name").fill("")
    page.get_by_role("button", name="Save the child's details").click()
    expect_error_summary(page, "Enter the first name")
    axe(page)
    page.get_by_label("First name").fill("Accessa")
    page.get_by_label("Postcode").fill("ZZ1 1ZZ")
    page.get_by_role("button", name="Save the child's details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessa Axeford")

    # A person in the household, with a mistake first.
    page.get_by_role("link", name="Add a person").click()
    axe(page)
    page.get_by_label("An adult who lives in the child's household").check()
    page.get_by_label("Full name").fill("Synthetic Stepfather")
    page.get_by_role("button", name="Save").click()
    expect_error_summary(page, "Enter their relationship to the child")
    axe(page)
    page.get_by_label("Relationship to the child").fill("Stepfather")
    page.get_by_role(
        "group", name="Do they have parental responsibility for the child?"
    ).get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Synthetic Stepfather")
    page.get_by_role("link", name=re.compile("Synthetic Stepfather")).first.click()
    axe(page)
    page.get_by_role("link", name="Cancel").click()

    # A service involved, with a mistake first.
    page.get_by_role("link", name="Add a service").click()
    axe(page)
    page.get_by_label("Contact name (optional)").fill("Synthetic GP")
    page.get_by_role("button", name="Add the service").click()
    expect_error_summary(page, "Enter the service")
    axe(page)
    page.get_by_label("Service", exact=True).fill("GP")
    page.get_by_role("button", name="Add the service").click()
    expect(page.locator("main")).to_contain_text("Synthetic GP")
    axe(page)


def test_the_team_view_and_council_overview_are_accessible(page, sign_in, axe, cast) -> None:
    page.set_default_timeout(10_000)
    held = timezone.now() - timedelta(days=10)
    # A conference to book, by a due date not yet passed.
    substantiated_enquiry(cast, held, held + timedelta(hours=20), held + timedelta(days=6))
    # Decided three days ago, not yet authorised, its record not circulated: overdue.
    waiting = section_47_discussion(
        cast,
        timezone.now() - timedelta(days=3),
        authorised=False,
        case=CaseFactory(
            child=ChildFactory(council=cast.council, given_name="Teamsworth"),
            lead_social_worker=cast[Role.SOCIAL_WORKER],
            team=cast.team,
        ),
    )
    CaseFactory(child=ChildFactory(council=cast.council, given_name="Unallocata"))
    TeamFactory(council=cast.council, name="Family support team")  # so a team can be chosen

    sign_in(page, cast[Role.TEAM_MANAGER])
    menu(page, "Team")
    overdue = page.locator("table", has_text="Overdue, most overdue first")
    expect(overdue).to_contain_text(waiting.case.reference)
    awaiting = page.locator("table", has_text="Still to authorise")
    expect(awaiting).to_contain_text(waiting.case.reference)
    unallocated = page.locator("table", has_text="Open cases with no lead social worker")
    expect(unallocated).to_contain_text("Unallocata")
    axe(page)
    page.get_by_label("Team").select_option(label="All teams")
    page.get_by_role("button", name="Show team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("All teams")
    axe(page)
    menu(page, "Council")
    expect(page.locator("main")).to_contain_text("3 open cases")
    axe(page)


def test_changing_and_removing_a_strategy_invitee_is_accessible(page, sign_in, axe, cast) -> None:
    page.set_default_timeout(10_000)
    worker = cast[Role.SOCIAL_WORKER]
    case = case_with_concerns(cast, "Invitella")
    do_plan_strategy_discussion(
        worker,
        case,
        case.concerns.get(),
        form="meeting",
        scheduled_for=timezone.now() + timedelta(hours=3),
        chair=cast[Role.TEAM_MANAGER],
        strategy=case_evaluation(case).evaluation.strategy,
    )

    sign_in(page, worker)
    menu(page, "Cases")
    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("link", name=re.compile("Strategy meeting, arranged for")).click()
    page.get_by_role("link", name="Who is invited").click()
    axe(page)
    page.locator("a", has_text="Choose who: Police").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)
    page.locator("#id_user").select_option(
        label=f"{cast[Role.POLICE_OFFICER].full_name} (Testshire Police)"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text(cast[Role.POLICE_OFFICER].full_name)

    # Taking a required agency off the list needs a reason: asked for, then given.
    page.locator("a", has_text="Take off the list: Health").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("requires them")
    axe(page)
    page.get_by_role("button", name="Take off the list").click()
    expect_error_summary(page, "is not being invited")
    axe(page)
    page.get_by_label("Why are they not being invited?").fill(
        "Synthetic: no health involvement with this child."
    )
    page.get_by_role("button", name="Take off the list").click()
    expect(page).to_have_title("Who is invited – Convene")
    expect(page.locator("main")).to_contain_text(
        "Synthetic: no health involvement with this child."
    )
    axe(page)


def test_a_managers_agreement_to_a_late_conference_is_accessible(page, sign_in, axe, cast) -> None:
    # Darlington's procedure asks a manager to agree in writing to a late conference.
    cast.council.procedure = "darlington"
    cast.council.save()
    page.set_default_timeout(10_000)
    held = timezone.now() - timedelta(days=40)
    enquiry = substantiated_enquiry(
        cast, held, held + timedelta(hours=20), held + timedelta(days=6)
    )
    booked_conference(
        cast,
        enquiry,
        timezone.now() + timedelta(days=3),
        delay_reason="Synthetic: the paediatrician's report is not ready.",
    )

    sign_in(page, cast[Role.TEAM_MANAGER])
    menu(page, "Cases")
    page.get_by_role("link", name=enquiry.case.reference).click()
    page.get_by_role("link", name="Initial child protection conference").click()
    expect(page.locator("main")).to_contain_text("Not yet agreed")
    axe(page)
    page.get_by_role("link", name="Record your agreement to the delay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Agree to a delayed initial conference"
    )
    axe(page)
    page.locator("main").get_by_role("button").click()
    expect_error_summary(page, "Confirm that you agree to the delay")
    axe(page)
    page.get_by_label("As a manager, I agree to this delay for the reasons given").check()
    page.locator("main").get_by_role("button").click()
    expect(page.locator("main")).to_contain_text("Your agreement to the delay has been recorded.")
    axe(page)


def test_the_error_pages_are_accessible(page, sign_in, axe, cast) -> None:
    page.set_default_timeout(10_000)
    sign_in(page, cast[Role.SOCIAL_WORKER])
    response = page.goto("/cases/999999/")
    assert response is not None and response.status == 404
    expect(page).to_have_title("Page not found – Convene")
    axe(page)
    page.get_by_role("link", name="Go to My work").click()
    expect(page).to_have_title("My work – Convene")
    # A social worker is not a manager: the team view is not theirs.
    response = page.goto("/team/")
    assert response is not None and response.status == 403
    expect(page.locator("main")).to_contain_text("Only managers can see a team's work.")
    axe(page)
