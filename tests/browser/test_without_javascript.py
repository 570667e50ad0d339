"""The core forms with JavaScript turned off, as on a locked-down council laptop or when a
script fails to load: a social worker records a contact, the decision on it and concerns, plans
a strategy meeting, records who took part and its decisions. Each form submits, and a mistake
comes back with an error summary and everything typed still there, so nothing is typed twice.

(No axe here: axe-core cannot run in a page with JavaScript off, and the pages are the same
HTML the walk checks with JavaScript on.)"""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from convene.cases.models import Case
from convene.people.models import Role
from convene.strategy.models import StrategyDiscussion
from tests.browser.steps import fill_date
from tests.factories import PASSWORD


def sign_in_without_javascript(page: Page, user) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title("My work – Convene")


def expect_error(page: Page, message: str) -> None:
    """The page says there is a problem, in its title and in the error summary, with `message`
    linking to the field at fault."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name=message)).to_be_visible()


def test_a_social_worker_takes_a_case_to_a_strategy_decision_with_javascript_off(
    new_page, cast
) -> None:
    page = new_page(javascript=False)
    yesterday = timezone.localdate() - timedelta(days=1)
    worker, manager, officer = (
        cast[Role.SOCIAL_WORKER],
        cast[Role.TEAM_MANAGER],
        cast[Role.POLICE_OFFICER],
    )
    sign_in_without_javascript(page, worker)
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")

    # --- The contact: the last name forgotten, then added. ---
    page.get_by_role("button", name="Record a contact").click()
    page.get_by_label("First name").fill("Scriptless")
    fill_date(page, "id_child-date_of_birth", yesterday.replace(year=yesterday.year - 4))
    page.get_by_label("Male", exact=True).check()
    page.locator("#id_child-interpreter_needed_2").check()
    page.get_by_label("No, not in hospital").check()
    page.locator("#id_child-medical_examination_2").check()
    page.locator("#id_child-lives_outside_area_2").check()
    page.locator("#id_adults-0-name").fill("Synthetic Carer")
    page.locator("#id_adults-0-relationship").fill("Grandmother")
    fill_date(page, "id_contact-received_on", yesterday)
    page.get_by_label("Time the contact was received").fill("9:15am")
    page.get_by_label("Name", exact=True).fill("A. Health Visitor")
    page.get_by_label("Consent given").check()
    page.get_by_label("Presenting issues").fill("Synthetic: the child is often hungry.")
    page.get_by_label("Reason for the contact and its impact on the child").fill(
        "Synthetic: weight loss over three months."
    )
    page.get_by_role("button", name="Record the contact").last.click()

    expect_error(page, "Enter the last name")
    expect(page.get_by_label("First name")).to_have_value("Scriptless")
    expect(page.get_by_label("Male", exact=True)).to_be_checked()
    expect(page.locator("#id_adults-0-name")).to_have_value("Synthetic Carer")
    expect(page.locator("#id_contact-received_on_0")).to_have_value(str(yesterday.day))
    expect(page.get_by_label("Time the contact was received")).to_have_value("9:15am")
    expect(page.get_by_label("Consent given")).to_be_checked()
    expect(page.get_by_label("Presenting issues")).to_have_value(
        "Synthetic: the child is often hungry."
    )
    page.get_by_label("Last name").fill("Nojava")
    page.get_by_role("button", name="Record the contact").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scriptless Nojava")
    case = Case.objects.get(child__given_name="Scriptless")
    assert case.contact.referrer_name == "A. Health Visitor"

    # --- The decision on the contact: the reason forgotten, then given. ---
    page.get_by_role("link", name="Record the decision on the contact").click()
    page.get_by_label("Referral for an assessment").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Referral for an assessment")).to_be_checked()
    page.get_by_label("Reason for the decision").fill("Synthetic: the weight loss needs assessing.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scriptless Nojava")
    expect(page.locator("main")).to_contain_text("Synthetic: the weight loss needs assessing.")

    # --- Concerns: the summary forgotten, then written. ---
    page.get_by_role("link", name="Record concerns of significant harm").first.click()
    page.get_by_label("Neglect", exact=True).check()
    fill_date(page, "id_identified_on", yesterday)
    page.get_by_label("Time the concerns were identified").fill("10:15")
    page.locator("#id_immediate_action_taken_2").check()
    page.locator("#id_forensic_evidence_needed_2").check()
    page.get_by_role("button", name="Record the concerns").click()
    expect_error(page, "Enter a summary of the concerns")
    expect(page.get_by_label("Neglect", exact=True)).to_be_checked()
    expect(page.locator("#id_identified_on_2")).to_have_value(str(yesterday.year))
    expect(page.get_by_label("Time the concerns were identified")).to_have_value("10:15")
    expect(page.locator("#id_forensic_evidence_needed_2")).to_be_checked()
    page.get_by_label("Summary of the concerns").fill("Synthetic: no food in the house.")
    page.get_by_role("button", name="Record the concerns").click()
    expect(page.locator("main")).to_contain_text("Concerns recorded")
    expect(page.locator("main")).to_contain_text("Synthetic: no food in the house.")

    # --- A strategy meeting, planned and its invitees chosen. ---
    page.get_by_role("link", name="Arrange a strategy discussion").click()
    fill_date(page, "id_scheduled_date", yesterday)
    page.get_by_label("Time it will start").fill("14:00")
    page.get_by_label("A strategy meeting").check()
    page.get_by_label("Chair").select_option(label=f"{manager.full_name} (Team manager)")
    page.get_by_role("button", name="Plan the strategy discussion").click()
    expect(page).to_have_title("Who is invited – Convene")
    page.locator("a", has_text="Choose who: Police").click()
    page.locator("#id_user").select_option(label=f"{officer.full_name} (Testshire Police)")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Continue to the strategy meeting").click()
    discussion = StrategyDiscussion.objects.get(case=case)
    police = discussion.invitees.get(user=officer)
    others = list(discussion.invitees.exclude(pk=police.pk).order_by("pk"))
    assert others, "the procedure invites more than the police"

    # --- Who took part: one required agency sent apologies without saying how their
    # information will reach the meeting. ---
    page.get_by_role("link", name="Who took part").click()
    page.locator(f"#id_invitee-{police.pk}-attendance_1").check()
    absent, *present = others
    for invitee in present:
        page.locator(f"#id_invitee-{invitee.pk}-attendance_1").check()
    page.locator(f"#id_invitee-{absent.pk}-attendance_2").check()
    page.locator(f"#id_invitee-{absent.pk}-absence_reason").fill("Synthetic: on a course.")
    page.get_by_role("button", name="Save attendance").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("information will be shared")
    expect(page.locator(f"#id_invitee-{absent.pk}-attendance_2")).to_be_checked()
    expect(page.locator(f"#id_invitee-{absent.pk}-absence_reason")).to_have_value(
        "Synthetic: on a course."
    )
    expect(page.locator(f"#id_invitee-{police.pk}-attendance_1")).to_be_checked()
    page.locator(f"#id_invitee-{absent.pk}-information_plan").fill("Synthetic: a written report.")
    page.get_by_role("button", name="Save attendance").click()
    expect(page).to_have_title("Strategy meeting – Convene")
    police.refresh_from_db()
    assert police.attendance == "present"

    # --- The decision: no further action, without the reasons the procedure asks for. ---
    page.get_by_role("link", name="Decisions").click()
    fill_date(page, "id_held_date", yesterday)
    page.get_by_label("Time it started").fill("2pm")
    page.get_by_label("No further action", exact=True).check()
    page.locator("#id_legal_action_2").check()
    page.locator("#id_interpreter_needed_2").check()
    page.get_by_label("What will be shared with the child and family").fill(
        "Synthetic: that no further action will be taken."
    )
    page.get_by_role("button", name="Save the decisions").click()
    expect_error(page, "Enter the reasons for no further action")
    expect(page.get_by_label("No further action", exact=True)).to_be_checked()
    expect(page.get_by_label("Time it started")).to_have_value("2pm")
    expect(page.get_by_label("What will be shared with the child and family")).to_have_value(
        "Synthetic: that no further action will be taken."
    )
    page.get_by_label("Reasons for the decision").fill("Synthetic: food bank and family support.")
    page.get_by_role("button", name="Save the decisions").click()
    expect(page.locator("main")).to_contain_text("Not final until authorised")
    discussion.refresh_from_db()
    assert discussion.outcome == "no_further_action"
    assert discussion.decision_reasons == "Synthetic: food bank and family support."
