"""No further action for insufficient evidence, in a real browser, under a procedure that
needs two people to agree to it: Sheffield's ("may only be made providing it is agreed by a
Children's Social Care Manager and the Officer in Charge of the Police Child Abuse Investigation
Unit and the reasons recorded"). A social worker records the decision at a telephone strategy
discussion; the team manager authorises it, and it is still not final; the police officer in
charge authorises it, must give reasons, and only then is it final. Every page visited is
checked with axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from convene.people.models import Role
from convene.strategy.models import Authorisation
from tests.browser.steps import fill_date, menu
from tests.factories import CaseFactory, ChildFactory, ConcernsFactory, ContactFactory

# The button's accessible name: "Authorise", then the decision (hidden from sight).
STRATEGY_DECISION = re.compile("^Authorise ?: The strategy discussion's decisions$")
NO_FURTHER_ACTION = re.compile("^Authorise ?: No further action: insufficient evidence$")
SHEFFIELD_QUOTE = "Officer in Charge of the Police Child Abuse Investigation Unit"


def open_authorisation(page: Page, reference: str) -> None:
    """From My work, as a partner would: the case, its strategy discussion, Authorisation."""
    menu(page, "My work")
    page.get_by_role("link", name=reference).first.click()
    page.get_by_role("link", name=re.compile(r"Strategy discussion.*, held")).click()
    page.get_by_role("link", name="Authorisation").click()


def test_no_further_action_for_insufficient_evidence_is_final_only_once_police_agree(
    page, new_page, sign_in, axe, cast
) -> None:
    page.set_default_timeout(10_000)
    assert cast.council.procedure == "sheffield"
    worker, manager, officer = (
        cast[Role.SOCIAL_WORKER],
        cast[Role.TEAM_MANAGER],
        cast[Role.POLICE_OFFICER],
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    now = timezone.now()
    case = CaseFactory(
        child=ChildFactory(council=cast.council, given_name="Evidentia", family_name="Sparse"),
        lead_social_worker=worker,
        team=cast.team,
    )
    ContactFactory(case=case, recorded_by=worker, received_at=now - timedelta(days=1, hours=6))
    ConcernsFactory(
        case=case,
        recorded_by=worker,
        identified_at=now - timedelta(days=1, hours=5),
        concerns=["sexual_abuse"],
        summary="Synthetic: a disclosure at school, later withdrawn.",
    )

    # --- The social worker holds a telephone strategy discussion with the police. ---
    sign_in(page, worker)
    menu(page, "Cases")
    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("link", name="Arrange a strategy discussion").click()
    fill_date(page, "id_scheduled_date", yesterday)
    page.get_by_label("Time it will start").fill("15:00")
    page.get_by_label("A strategy discussion by telephone or video call").check()
    page.get_by_label("Chair").select_option(label=f"{manager.full_name} (Team manager)")
    page.get_by_role("button", name="Plan the strategy discussion").click()
    page.locator("a", has_text="Choose who: Police").click()
    page.locator("#id_user").select_option(label=f"{officer.full_name} (Testshire Police)")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Continue to the strategy discussion").click()
    page.get_by_role("link", name="Decisions").click()
    fill_date(page, "id_held_date", yesterday)
    page.get_by_label("Time it started").fill("15:00")
    page.get_by_label("No further action", exact=True).check()
    page.get_by_label("No further action because there is insufficient evidence").check()
    page.get_by_label("Reasons for the decision").fill(
        "Synthetic: the disclosure was withdrawn and nothing corroborates it."
    )
    page.locator("#id_legal_action_2").check()
    page.locator("#id_interpreter_needed_2").check()
    page.get_by_role("button", name="Save the decisions").click()
    main = page.locator("main")
    expect(main).to_contain_text("Not final until authorised")
    expect(main).to_contain_text(
        "No further action: insufficient evidence: Awaiting authorisation by "
        "the police officer in charge"
    )
    axe(page)

    # --- The team manager authorises it: still not final, the police must agree too. ---
    manager_page = new_page()
    sign_in(manager_page, manager)
    menu(manager_page, "Team")
    awaiting = manager_page.get_by_role("row", name=re.compile(case.reference))
    expect(awaiting).to_contain_text("Police officer in charge")
    awaiting.get_by_role("link", name=re.compile("authorise the decisions")).click()
    axe(manager_page)
    # The manager is asked only for their own agreement, to both decisions that need it.
    expect(manager_page.get_by_role("heading", name=re.compile("authorise as"))).to_have_count(2)
    expect(
        manager_page.get_by_role("heading", name=re.compile("police officer in charge"))
    ).to_have_count(0)
    manager_page.get_by_role("button", name=STRATEGY_DECISION).click()
    expect(manager_page.locator("main")).to_contain_text("Authorisation recorded.")
    # The procedure requires reasons for this one: without them, nothing is recorded.
    manager_page.get_by_role("button", name=NO_FURTHER_ACTION).click()
    expect(manager_page).to_have_title(re.compile("^Error: "))
    expect(manager_page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reasons: the procedure requires them"
    )
    axe(manager_page)
    manager_page.get_by_label("Reasons", exact=True).fill(
        "Synthetic: agreed; the school will monitor and refer again if needed."
    )
    manager_page.get_by_role("button", name=NO_FURTHER_ACTION).click()
    decision = manager_page.locator("main")
    expect(decision).to_contain_text("Authorisation recorded.")
    expect(decision).to_contain_text("Not final until authorised")
    expect(decision).to_contain_text("Awaiting authorisation by the police officer in charge")
    expect(decision.get_by_role("button", name=re.compile("^Authorise"))).to_have_count(0)
    # The rule that needs them both is quoted once, not once for each of them.
    quoted = decision.locator("summary", has_text="No further action for insufficient evidence")
    expect(quoted).to_have_count(1)
    quoted.click()
    expect(decision).to_contain_text(SHEFFIELD_QUOTE)
    axe(manager_page)
    assert not Authorisation.objects.filter(authoriser="police_officer_in_charge").exists()

    # --- The police officer in charge authorises it, with their reasons: now it is final. ---
    police_page = new_page()
    sign_in(police_page, officer)
    open_authorisation(police_page, case.reference)
    expect(police_page.locator("main")).to_contain_text("Not final until authorised")
    axe(police_page)
    police_page.get_by_role("button", name=NO_FURTHER_ACTION).click()
    expect(police_page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reasons: the procedure requires them"
    )
    police_page.get_by_label("Reasons", exact=True).fill(
        "Synthetic: no evidence to support a criminal investigation."
    )
    police_page.get_by_role("button", name=NO_FURTHER_ACTION).click()
    final = police_page.locator("main")
    expect(final).to_contain_text("Decisions final")
    expect(final).not_to_contain_text("Not final until authorised")
    expect(final).to_contain_text(
        "No further action: insufficient evidence: Authorised by the police officer in charge "
        f"{officer.full_name}"
    )
    axe(police_page)
    given = Authorisation.objects.get(authoriser="police_officer_in_charge")
    assert given.user == officer
    assert given.reasons == "Synthetic: no evidence to support a criminal investigation."

    # --- The social worker sees it final; the team view no longer lists it. ---
    page.reload()
    expect(page.locator("main")).to_contain_text("Decisions final")
    axe(page)
    manager_page.reload()
    menu(manager_page, "Team")
    expect(manager_page.locator("main")).to_contain_text("No decisions are awaiting authorisation.")
