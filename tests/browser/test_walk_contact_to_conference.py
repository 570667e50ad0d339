"""The whole first slice in a real browser, as its users walk it: a social worker records a
contact, the decision and concerns, plans and records a strategy meeting with attendance and
scaling; the police officer invited shares what the police know from their own browser; a team
manager authorises the decisions from the team view; the record is circulated, and the police
officer reads it, completes the action given to them (and cannot open another child's case);
the social worker runs the section 47 enquiry and books the initial conference by the engine's
due date. Every page visited is checked with axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from convene.cases.models import Case
from convene.cases.timeline import case_evaluation, with_timeline_relations
from convene.people.models import Role
from convene.rules.calendar import england_calendar
from convene.strategy.models import StrategyDiscussion
from tests.browser.steps import fill_date, long_date, menu
from tests.factories import CaseFactory, ChildFactory


@pytest.fixture
def council(cast):
    # Tri-borough's procedure sets a clock for the strategy discussion and makes a meeting
    # mandatory for an unexplained injury: both should show.
    cast.council.procedure = "triborough"
    cast.council.save()
    return cast.council


def test_a_child_goes_from_a_contact_to_a_booked_initial_conference(
    page, new_page, live_server_url, sign_in, axe, cast, council
) -> None:
    page.set_default_timeout(10_000)
    yesterday = timezone.localdate() - timedelta(days=1)
    worker, manager, officer = (
        cast[Role.SOCIAL_WORKER],
        cast[Role.TEAM_MANAGER],
        cast[Role.POLICE_OFFICER],
    )

    # --- The social worker records the contact. ---
    sign_in(page, worker)
    page.get_by_role("button", name="Record a contact").click()
    expect(page).to_have_title("Record a contact – Convene")
    axe(page)
    page.get_by_label("First name").fill("Synthia")
    page.get_by_label("Last name").fill("Walkerton")
    fill_date(page, "id_child-date_of_birth", date(yesterday.year - 7, 3, 14))
    page.get_by_label("Female").check()
    page.locator("#id_child-interpreter_needed_2").check()
    page.get_by_label("No, not in hospital").check()
    page.locator("#id_child-medical_examination_2").check()
    page.locator("#id_child-lives_outside_area_2").check()
    page.locator("#id_adults-0-name").fill("Synthetic Parent")
    page.locator("#id_adults-0-relationship").fill("Mother")
    page.locator("#id_adults-0-parental_responsibility").check()
    fill_date(page, "id_contact-received_on", yesterday)
    page.get_by_label("Time the contact was received").fill("09:30")
    page.get_by_label("Name", exact=True).fill("A. Teacher")
    page.get_by_label("Consent given").check()
    page.get_by_label("Presenting issues").fill("Synthetic: bruising seen at school.")
    page.get_by_label("Reason for the contact and its impact on the child").fill(
        "Synthetic: the child could not explain the bruising."
    )
    page.get_by_role("button", name="Record the contact").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Synthia Walkerton")
    axe(page)
    case = Case.objects.get(child__given_name="Synthia")
    case_url = f"/cases/{case.pk}/"

    # --- The decision on the contact, then the concerns. ---
    page.get_by_role("link", name="Record the decision on the contact").click()
    axe(page)
    page.get_by_label("Referral for an assessment").check()
    page.get_by_label("Reason for the decision").fill("Synthetic: the bruising needs assessing.")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_role("link", name="Record concerns of significant harm").first.click()
    axe(page)
    page.get_by_label("Physical abuse").check()
    page.get_by_label("Unexplained injury").check()
    page.get_by_label("Summary of the concerns").fill("Synthetic: unexplained bruising.")
    fill_date(page, "id_identified_on", yesterday)
    page.get_by_label("Time the concerns were identified").fill("11:00")
    page.locator("#id_immediate_action_taken_2").check()
    page.locator("#id_forensic_evidence_needed_2").check()
    page.get_by_role("button", name="Record the concerns").click()

    # The case page says when the strategy discussion is due, that it must be a meeting and
    # why, and who must take part: three working days under Tri-borough's protocol.
    strategy_due = england_calendar().add_working_days(yesterday, 3)
    main = page.locator("main")
    expect(main).to_contain_text(f"the strategy discussion is due by {strategy_due:%a} ")
    expect(main).to_contain_text("It must be a strategy meeting")
    expect(main).to_contain_text("Unexplained injury")
    axe(page)

    # --- The strategy meeting: plan and invitees. ---
    page.get_by_role("link", name="Arrange a strategy discussion").click()
    expect(page.locator(".govuk-warning-text").first).to_contain_text("must be a strategy meeting")
    axe(page)
    fill_date(page, "id_scheduled_date", yesterday)
    page.get_by_label("Time it will start").fill("14:00")
    page.get_by_label("A strategy meeting").check()
    page.get_by_label("Chair").select_option(label=f"{manager.full_name} (Team manager)")
    page.get_by_role("button", name="Plan the strategy discussion").click()
    expect(page).to_have_title("Who is invited – Convene")
    axe(page)
    for place, user, shown_as in (
        ("Social worker", worker, "Social worker"),
        ("Social work manager", manager, "Team manager"),
        ("Police", officer, "Testshire Police"),
    ):
        page.locator("a", has_text=f"Choose who: {place}").click()
        page.locator("#id_user").select_option(label=f"{user.full_name} ({shown_as})")
        page.get_by_role("button", name="Save").click()
    axe(page)
    page.get_by_role("link", name="Continue to the strategy meeting").click()
    meeting_url = page.url.removeprefix(live_server_url)
    axe(page)

    # --- Who took part: health sent apologies, so the procedure's answer is asked for. ---
    page.get_by_role("link", name="Who took part").click()
    axe(page)
    invitees = StrategyDiscussion.objects.get(case=case).invitees
    row = {invitee.attendee: invitee.pk for invitee in invitees.all()}
    for who in ("social_worker", "social_work_manager", "police", "school"):
        page.locator(f"#id_invitee-{row[who]}-attendance_1").check()
    for who in ("health", "referrer", "specialist"):
        page.locator(f"#id_invitee-{row[who]}-attendance_2").check()
        page.locator(f"#id_invitee-{row[who]}-absence_reason").fill("Synthetic: on leave.")
        page.locator(f"#id_invitee-{row[who]}-information_plan").fill(
            "Synthetic: a written report."
        )
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator("main")).to_contain_text("Health was not present")
    axe(page)

    page.get_by_role("link", name="Information each agency shared").click()
    axe(page)
    page.locator(f"#id_invitee-{row['school']}-information_shared").fill(
        "Synthetic: bruising seen twice."
    )
    page.get_by_role("button", name="Save information").click()

    # --- The police officer, invited, shares what the police know from their own browser. ---
    police_page = new_page()
    sign_in(police_page, officer)
    police_page.get_by_role("link", name=case.reference).first.click()
    police_page.get_by_role("link", name=re.compile("Strategy meeting, arranged for")).click()
    axe(police_page)
    police_page.get_by_role("link", name="Information each agency shared").click()
    # Only their own agency's box to fill in; what the school shared is withheld from them
    # until the record is circulated to them (convene/need_to_know.py).
    own = police_page.get_by_label(f"What {officer.full_name} (")
    expect(police_page.locator("main textarea")).to_have_count(1)
    expect(police_page.locator("main")).not_to_contain_text("Synthetic: bruising seen twice.")
    expect(police_page.locator("main")).to_contain_text("once it is circulated to you")
    axe(police_page)
    own.fill("Synthetic: police were called to the address once, in 2024.")
    police_page.get_by_role("button", name="Save information").click()
    expect(police_page.locator("main")).to_contain_text("Information shared has been saved.")
    axe(police_page)

    page.get_by_role("link", name="Agenda").click()
    axe(page)
    for addressed in page.locator("input[id^='id_item-'][id$='-status_1']").all():
        addressed.check()
    page.locator("main").get_by_role("button").filter(has_text="Save").click()

    # --- Analysis and each professional's scaling. ---
    page.get_by_role("link", name="Analysis and scaling").click()
    axe(page)
    for part in (
        "Past harm",
        "Future danger",
        "Complicating factors",
        "Existing strengths",
        "Existing safety",
        "Safety goals",
        "Next steps",
    ):
        page.get_by_label(part, exact=True).fill(f"Synthetic: {part.lower()}.")
    people = ((worker.full_name, 4), (manager.full_name, 4), (officer.full_name, 5))
    for n, (who, score) in enumerate(people):
        scale = page.get_by_role("group", name=re.compile(rf"^{re.escape(who)} .*how safe"))
        scale.get_by_label(str(score), exact=True).check()
        page.get_by_label("Why this score?").nth(n).fill("Synthetic: the injury is unexplained.")
    page.locator("main").get_by_role("button").filter(has_text="Save").click()

    # --- Decisions: a joint section 47 enquiry, not final until authorised. ---
    page.get_by_role("link", name="Decisions").click()
    axe(page)
    fill_date(page, "id_held_date", yesterday)
    page.get_by_label("Time it started").fill("14:00")
    page.get_by_label("Section 47 enquiry").check()
    page.get_by_label("Joint with the police").check()
    page.get_by_label("Reasons for the decision").fill("Synthetic: unexplained injury, age 7.")
    page.locator("#id_legal_action_2").check()
    page.get_by_label("What will be shared with the child and family").fill(
        "Synthetic: that an enquiry is being made, and why."
    )
    page.locator("#id_interpreter_needed_2").check()
    page.get_by_label("Other children who may be affected, and their needs").fill("None known.")
    page.get_by_label("Contingency plan if the child cannot be found").fill(
        "Synthetic: police to locate."
    )
    page.get_by_role("button", name="Save the decisions").click()
    expect(page.locator("main")).to_contain_text("Not final until authorised")
    axe(page)

    page.goto(meeting_url)
    page.get_by_role("link", name="Actions").click()
    page.get_by_label("Who will do it").select_option(
        label=f"{officer.full_name} (Testshire Police)"
    )
    page.get_by_label("What will they do?").fill("Synthetic: joint visit to see the child.")
    page.get_by_label("For what purpose?").fill("Synthetic: to see the child alone.")
    fill_date(page, "id_due_on", timezone.localdate() + timedelta(days=2))
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("main")).to_contain_text("Synthetic: joint visit to see the child.")
    axe(page)

    # --- The team manager finds the decision in the team view and authorises it. ---
    manager_page = new_page()
    sign_in(manager_page, manager)
    menu(manager_page, "Team")
    awaiting = manager_page.locator("table", has_text="Still to authorise")
    expect(awaiting).to_contain_text("Synthia Walkerton")
    axe(manager_page)
    awaiting.get_by_role("link", name=re.compile("authorise the decisions")).click()
    axe(manager_page)
    manager_page.get_by_label("Reasons or comments (optional)").fill("Synthetic: agreed.")
    manager_page.get_by_role("button", name=re.compile("^Authorise")).click()
    expect(manager_page.locator("main")).to_contain_text("Decisions final")
    axe(manager_page)

    # --- The record: finalised, circulated, the referrer told. ---
    page.goto(meeting_url)
    page.get_by_role("link", name="The record").click()
    axe(page)
    page.get_by_role("button", name="Finalise the record").click()
    page.get_by_role("button", name="Circulate the record").click()
    page.get_by_role("button", name="Record that the referrer has been told the decisions").click()
    axe(page)

    # --- The police officer reads the record sent to them, with what they shared, and
    # completes the action given to them, which My work listed. ---
    elsewhere = CaseFactory(child=ChildFactory(council=council, given_name="Otherly"))
    menu(police_page, "My work")
    expect(police_page.locator("main")).to_contain_text("Synthia Walkerton")
    expect(police_page.locator("main")).to_contain_text("Synthetic: joint visit to see the child.")
    axe(police_page)
    police_page.get_by_role("link", name=case.reference).first.click()
    axe(police_page)
    police_page.get_by_role("link", name=re.compile("Strategy meeting, held")).click()
    police_page.get_by_role("link", name="The record as circulated").click()
    record = police_page.locator("main")
    expect(record).to_contain_text("Synthetic: unexplained injury, age 7.")
    expect(record).to_contain_text("Synthetic: police were called to the address once, in 2024.")
    axe(police_page)
    police_page.get_by_role("link", name=re.compile("^Back to the strategy meeting")).click()
    police_page.get_by_role("link", name="Actions").click()
    police_page.get_by_role("button", name=re.compile("^Mark complete")).click()
    expect(police_page.locator("main")).to_contain_text("Action marked complete.")
    done = police_page.get_by_role("row", name=re.compile("Synthetic: joint visit"))
    expect(done).to_contain_text("Completed")
    expect(done).to_contain_text(officer.full_name)
    expect(police_page.get_by_role("button", name=re.compile("^Mark complete"))).to_have_count(0)
    axe(police_page)
    menu(police_page, "My work")
    expect(police_page.locator("main")).not_to_contain_text("Synthetic: joint visit")
    response = police_page.goto(f"/cases/{elsewhere.pk}/")
    assert response is not None and response.status == 404
    expect(police_page.locator("body")).not_to_contain_text("Otherly")

    # --- The section 47 enquiry, and the conference booked by the engine's due date. ---
    page.goto(case_url)
    page.get_by_role("link", name="Section 47 enquiry").click()
    axe(page)
    page.get_by_label("Lead social worker").select_option(label=worker.full_name)
    page.get_by_label("Joint").check()
    page.get_by_role("button", name="Start the section 47 enquiry").click()
    expect(page.locator("main")).to_contain_text("The section 47 enquiry has started.")
    axe(page)
    page.get_by_role("link", name="Record when the child was seen").click()
    axe(page)
    fill_date(page, "id_seen_date", yesterday)
    page.get_by_label("Time the child was seen").fill("16:00")
    page.locator("#id_seen_alone_1").check()
    page.get_by_label("Parental permission obtained").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record the outcome").click()
    axe(page)
    page.get_by_label("How the other children in the household were considered").fill(
        "Synthetic: there are no other children in the household."
    )
    page.get_by_label("Concerns substantiated").check()
    page.get_by_label("Reasons for the outcome").fill("Synthetic: the injury is non-accidental.")
    fill_date(page, "id_completed_date", yesterday)
    page.get_by_label("Time the enquiry was completed").fill("18:00")
    page.get_by_role("button", name="Save the outcome").click()

    loaded = with_timeline_relations(Case.objects.filter(pk=case.pk)).get()
    conference_clock = case_evaluation(loaded).latest("initial_conference")
    assert conference_clock is not None
    due = conference_clock.due_day
    assert due == england_calendar().add_working_days(yesterday, 15)
    expect(page).to_have_title("Book the initial child protection conference – Convene")
    expect(page.locator("main")).to_contain_text(f"The conference is due by {long_date(due)}")
    axe(page)
    booked_on = england_calendar().add_working_days(timezone.localdate(), 5)
    fill_date(page, "id_scheduled_date", booked_on)
    page.get_by_label("Time of the conference").fill("10:00")
    page.get_by_label("Venue").fill("Synthetic: Town Hall, room 2")
    page.get_by_label("Conference chair").select_option(label=cast[Role.CONFERENCE_CHAIR].full_name)
    page.get_by_role("button", name="Book the conference").click()
    expect(page.locator("main")).to_contain_text(f"{booked_on.day} {booked_on:%B %Y}")
    axe(page)

    page.goto(case_url)
    expect(page.locator("main")).to_contain_text("Initial child protection conference")
    axe(page)
