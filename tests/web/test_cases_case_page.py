"""The case page: the pathway's stages, the clocks the council's procedure derives from what
has been recorded, and what the procedure asks of the strategy discussion."""

from __future__ import annotations

import html
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.audit.models import RecordView
from convene.cases.models import HouseholdMember
from convene.people.models import Role
from tests.factories import ConcernsFactory, local
from tests.web.cases_support import add_pathway, case_in, signed_in, text_of


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def clock_rows(response) -> list[str]:
    """The clock table's rows as text."""
    body = response.content.decode()
    if "convene-clock-table" not in body:
        return []
    table = body[body.index("convene-clock-table") :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table, re.S)[1:]
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


def test_under_darlington_a_contact_starts_the_decision_and_acknowledgement_clocks(cast) -> None:
    case = case_in(cast, procedure="darlington", received_at=local(2026, 11, 2, 10, 0))
    with time_machine.travel(local(2026, 11, 2, 10, 30), tick=False):
        response = signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/")

    rows = clock_rows(response)
    assert len(rows) == 2
    decision, acknowledgement = rows
    assert "Decision on the contact" in decision
    assert "Children's Access Point decides on a contact within 24 hours" in decision
    assert "Tue 3 Nov 2026 at 10am" in decision
    assert "Due" in decision
    assert "Referrer acknowledged" in acknowledgement
    assert "Mon 16 Nov 2026" in acknowledgement
    body = response.content.decode()
    # Each clock shows the procedure's own sentence and where it comes from.
    assert "govuk-tag--blue" in body
    assert "<details" in body
    assert "darlington-child-protection-procedures.txt" in body
    assert "Counted from Mon 2 Nov 2026 at 10am" in text_of(response)


def test_under_darlington_a_decision_not_made_in_24_hours_is_overdue(cast) -> None:
    case = case_in(cast, procedure="darlington", received_at=local(2026, 11, 2, 10, 0))
    with time_machine.travel(local(2026, 11, 3, 10, 1), tick=False):
        response = signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/")
    decision = clock_rows(response)[0]
    assert "Overdue" in decision
    assert "govuk-tag--red" in response.content.decode()
    progress = text_of(response)
    assert "Decision on the contact Due by Tue 3 Nov 2026 at 10am Overdue" in progress


def test_under_sheffield_a_contact_starts_no_clock_and_the_page_says_so(cast) -> None:
    case = case_in(cast, procedure="sheffield", received_at=local(2026, 11, 2, 10, 0))
    with time_machine.travel(local(2026, 11, 2, 10, 30), tick=False):
        response = signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/")
    assert clock_rows(response) == []
    page = text_of(response)
    assert "No timescales are running on this case" in page
    assert "Sheffield" in page


def test_the_task_list_shows_each_stage_of_the_pathway_with_its_status(cast) -> None:
    case = case_in(cast, procedure="sheffield", received_at=local(2026, 11, 2, 10, 0))
    with time_machine.travel(local(2026, 11, 2, 10, 30), tick=False):
        page = text_of(signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/"))
    assert "Contact Received Mon 2 Nov 2026 at 10am Completed" in page
    assert "Decision on the contact Not yet started" in page
    assert "Concerns of significant harm Not yet started" in page
    assert "Strategy discussion Cannot start yet" in page
    assert "Section 47 enquiry Cannot start yet" in page
    assert "Initial child protection conference Cannot start yet" in page


def test_the_task_list_follows_the_case_to_the_conference(cast) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    case = case_in(cast, procedure="sheffield", received_at=local(2026, 11, 2, 9, 0))
    add_pathway(case, worker, local(2026, 11, 2, 10, 0))
    with time_machine.travel(local(2026, 11, 3, 9, 0), tick=False):
        page = text_of(signed_in(worker).get(f"/cases/{case.pk}/"))
    assert "Strategy discussion Held Mon 2 Nov 2026 at midday: Section 47 enquiry Completed" in page
    assert "Section 47 enquiry Concerns substantiated Completed" in page
    # Booked, not yet held: in progress until the conference's outcome is recorded.
    assert "Initial child protection conference Booked for Thu 12 Nov 2026 at 10am In progress" in (
        page
    )


def test_after_concerns_the_page_shows_when_the_strategy_discussion_is_due_and_who_to_invite(
    cast,
) -> None:
    case = case_in(cast, procedure="triborough", received_at=local(2026, 11, 2, 9, 0))
    ConcernsFactory(
        case=case,
        identified_at=local(2026, 11, 2, 11, 0),
        concerns=["female_genital_mutilation"],
        recorded_by=cast[Role.SOCIAL_WORKER],
    )
    with time_machine.travel(local(2026, 11, 2, 12, 0), tick=False):
        response = signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/")
    page = text_of(response)
    strategy = page[page.index("The strategy discussion Due") :]
    assert strategy.startswith("The strategy discussion Due Thu 5 Nov 2026 Due")
    assert "Must be a meeting" in strategy
    assert "Female genital mutilation (FGM)" in strategy
    must = strategy[strategy.index("Must take part") : strategy.index("Should be invited")]
    for attendee in ("Social worker", "Social work manager", "Police", "Health"):
        assert attendee in must
    assert "The referrer" in strategy[strategy.index("Should be invited") :]
    assert "Strategy discussion Due by Thu 5 Nov 2026 Due" in page


def test_a_procedure_without_a_meeting_requirement_says_a_discussion_will_do(cast) -> None:
    case = case_in(cast, procedure="sheffield")
    ConcernsFactory(case=case, concerns=["neglect"], recorded_by=cast[Role.SOCIAL_WORKER])
    page = text_of(signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/"))
    assert "the procedure does not require a meeting for these concerns" in page
    assert "The procedure sets no timescale for the strategy discussion" in page


def test_links_to_pages_of_other_apps_appear_only_once_those_pages_exist(cast, settings) -> None:
    case = case_in(cast)
    concerns = ConcernsFactory(case=case, recorded_by=cast[Role.SOCIAL_WORKER])
    response = signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    from django.urls import NoReverseMatch, reverse

    try:
        expected = reverse("strategy_new", args=[case.pk, concerns.pk])
    except NoReverseMatch:
        expected = None
    if expected:
        assert f'href="{expected}"' in response.content.decode()
    else:
        assert "Arrange a strategy discussion" not in text_of(response)


def test_the_page_shows_the_child_the_household_and_the_contact(cast) -> None:
    case = case_in(cast, referrer_name="Synthetic Referrer")
    HouseholdMember.objects.create(
        child=case.child, name="Parent Example", relationship="Father", parental_responsibility=True
    )
    page = text_of(signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/"))
    assert f"Case {case.reference}" in page
    assert "Date of birth Tue 1 May 2018" in page
    assert "Parent Example Father Not known Yes" in page
    assert "Synthetic Referrer" in page


def test_viewing_the_case_page_is_logged(cast) -> None:
    case = case_in(cast)
    officer = cast[Role.POLICE_OFFICER]
    from tests.web.cases_support import engage

    engage(case, officer, cast[Role.SOCIAL_WORKER])
    signed_in(officer).get(f"/cases/{case.pk}/")
    view = RecordView.objects.get()
    assert (view.user, view.case, view.child, view.channel, view.what) == (
        officer,
        case,
        case.child,
        "page",
        "case_detail",
    )


def test_the_case_page_takes_the_same_number_of_queries_however_much_is_recorded(
    cast, django_assert_max_num_queries
) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    client = signed_in(worker)
    small = case_in(cast, received_at=local(2026, 11, 2, 9, 0))
    add_pathway(small, worker, local(2026, 11, 2, 10, 0), sets=1)
    large = case_in(cast, received_at=local(2026, 11, 2, 9, 0))
    add_pathway(large, worker, local(2026, 11, 2, 10, 0), sets=6)
    for number in range(5):
        HouseholdMember.objects.create(
            child=large.child, name=f"Member {number}", relationship="Relative"
        )
    client.get(f"/cases/{small.pk}/")  # warm caches (content types, procedures)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/cases/{small.pk}/").status_code == 200
    with django_assert_max_num_queries(len(few)):
        assert client.get(f"/cases/{large.pk}/").status_code == 200


def test_a_case_whose_dates_cannot_be_counted_still_opens_and_says_why(cast) -> None:
    case = case_in(cast, received_at=local(1999, 12, 30, 9, 0))
    response = signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    page = text_of(response)
    assert "The clocks of this case cannot be worked out from what is recorded" in page
    assert "Contact Received Thu 30 Dec 1999 at 9am Completed" in page


def test_after_a_section_47_decision_the_pathway_links_to_starting_the_enquiry(cast) -> None:
    from tests.factories import held_strategy_discussion

    case = case_in(cast, procedure="sheffield", received_at=local(2026, 11, 2, 10, 0))
    discussion = held_strategy_discussion(case, local(2026, 11, 3, 11, 0))
    response = signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/")
    start = f"/cases/{case.pk}/strategy/{discussion.pk}/enquiry/start/"
    assert start in response.content.decode()
    # Someone who may not start it sees the stage without the link.
    engaged_view = signed_in(cast[Role.BUSINESS_SUPPORT]).get(f"/cases/{case.pk}/")
    assert start not in engaged_view.content.decode()
