"""The list of cases a person may see: searchable by the child's name or the case reference,
a page at a time."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.people.models import Role
from tests.factories import CaseFactory, ChildFactory, EngagementFactory, local


@pytest.fixture
def frozen():
    with time_machine.travel(local(2026, 3, 20, 10, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def cases(cast, frozen):
    def case(given, family, council=None):
        child = ChildFactory(council=council or cast.council, given_name=given, family_name=family)
        return CaseFactory(child=child)

    return {
        "amber": case("Amberly", "Quillfeather"),
        "bracken": case("Brackenly", "Quillfeather"),
        "corven": case("Corvenly", "Ashdown"),
        "elsewhere": case("Dunmorly", "Farrowby", council=cast.other_council_social_worker.council),
    }


def listing(client, user, query: str = "") -> str:
    client.force_login(user)
    response = client.get("/cases/" + query)
    assert response.status_code == 200
    return response.content.decode()


def search(client, user, typed: str, page: str = "") -> str:
    """Search as the form does: posted, and the results drawn in answer."""
    client.force_login(user)
    response = client.post("/cases/", {"q": typed, "page": page})
    assert response.status_code == 200
    return response.content.decode()


def test_council_staff_see_their_councils_cases_only(client, cast, cases):
    for role in (Role.SOCIAL_WORKER, Role.BUSINESS_SUPPORT, Role.SERVICE_MANAGER):
        page = listing(client, cast[role])
        assert "Amberly" in page and "Corvenly" in page
        assert "Dunmorly" not in page
        assert "3 cases" in page


def test_a_partner_sees_only_cases_they_are_engaged_on_until_the_engagement_ends(
    client, cast, cases, frozen
):
    officer = cast[Role.POLICE_OFFICER]
    EngagementFactory(case=cases["amber"], user=officer, ends_on=date(2026, 3, 31))
    page = listing(client, officer)
    assert "Amberly" in page
    assert "Brackenly" not in page and "Dunmorly" not in page
    frozen.move_to(local(2026, 4, 1, 9, 0))
    page = listing(client, officer)
    assert "Amberly" not in page
    assert "0 cases" in page


def test_a_revoked_engagement_hides_the_case(client, cast, cases):
    officer = cast[Role.POLICE_OFFICER]
    EngagementFactory(
        case=cases["amber"], user=officer, ends_on=date(2026, 3, 31), revoked_at=local(2026, 3, 20)
    )
    assert "Amberly" not in listing(client, officer)


def test_search_by_family_name_finds_every_child_of_that_name(client, cast, cases):
    page = search(client, cast[Role.SOCIAL_WORKER], "quillfeather")
    assert "Amberly" in page and "Brackenly" in page
    assert "Corvenly" not in page
    assert "2 cases found" in page
    assert 'value="quillfeather"' in page


def test_search_by_full_name_needs_every_word_to_match(client, cast, cases):
    page = search(client, cast[Role.SOCIAL_WORKER], "Amberly Quillfeather")
    assert "Amberly" in page and "Brackenly" not in page


@pytest.mark.parametrize("typed", ["{ref}", "{ref_lower}", "{pk}", "CV{pk}"])
def test_search_by_case_reference(client, cast, cases, typed):
    case = cases["corven"]
    query = typed.format(ref=case.reference, ref_lower=case.reference.lower(), pk=case.pk)
    page = search(client, cast[Role.SOCIAL_WORKER], query)
    assert "Corvenly" in page
    assert "Amberly" not in page


def test_search_never_finds_a_case_the_user_may_not_see(client, cast, cases):
    page = search(client, cast[Role.SOCIAL_WORKER], cases["elsewhere"].reference)
    assert "Dunmorly" not in page
    assert "No cases match your search" in page
    page = search(client, cast[Role.HEALTH_PROFESSIONAL], "Amberly")
    assert "Amberly Quillfeather" not in page


def test_a_search_that_is_too_long_is_refused_with_the_text_kept(client, cast, cases):
    typed = "x" * 101
    client.force_login(cast[Role.SOCIAL_WORKER])
    page = client.post("/cases/", {"q": typed}).content.decode()
    assert "<title>Error: Cases" in page
    assert "There is a problem" in page
    assert 'href="#id_q"' in page
    assert "Search must be 100 characters or fewer" in page
    assert f'value="{typed}"' in page
    assert "Amberly" not in page


def test_the_childs_name_searched_for_never_appears_in_a_url(client, cast, cases):
    page = search(client, cast[Role.SOCIAL_WORKER], "Quillfeather")
    assert "2 cases found for &lsquo;Quillfeather&rsquo;" in page
    assert 'method="post"' in page
    links = [part.split('"')[0] for part in page.split('href="')[1:]]
    assert not [link for link in links if "Quillfeather" in link or "q=" in link]


def test_the_search_is_kept_nowhere_beyond_the_request_that_used_it(client, cast, cases):
    page = search(client, cast[Role.SOCIAL_WORKER], "quillfeather")
    assert "2 cases found" in page
    assert 'href="/cases/">Clear search' in page
    assert "quillfeather" not in str(dict(client.session.items())).lower()
    from django.contrib.sessions.models import Session

    for session in Session.objects.all():
        assert "quillfeather" not in str(session.get_decoded()).lower()
    page = listing(client, cast[Role.SOCIAL_WORKER])
    assert "3 cases" in page and "Corvenly" in page
    assert "Clear search" not in page


def test_search_results_come_a_page_at_a_time_with_the_search_posted_again(client, cast, frozen):
    for n in range(30):
        CaseFactory(
            child=ChildFactory(council=cast.council, given_name=f"Pagely{n}", family_name="Rowan")
        )
    first = search(client, cast[Role.SOCIAL_WORKER], "Rowan")
    assert first.count("Pagely") == 25
    assert "Page 1 of 2" in first
    assert '<input type="hidden" name="q" value="Rowan">' in first
    assert 'name="page" value="2"' in first
    assert "?page=" not in first
    second = search(client, cast[Role.SOCIAL_WORKER], "Rowan", page="2")
    assert second.count("Pagely") == 5
    assert 'name="page" value="1"' in second


def test_the_whole_list_comes_a_page_at_a_time(client, cast, frozen):
    for n in range(30):
        CaseFactory(
            child=ChildFactory(council=cast.council, given_name=f"Pagely{n}", family_name="Rowan")
        )
    first = listing(client, cast[Role.SOCIAL_WORKER])
    assert 'href="?page=2"' in first
    second = listing(client, cast[Role.SOCIAL_WORKER], "?page=2")
    assert second.count("Pagely") == 5


def test_the_list_links_to_cases_by_number_never_by_name(client, cast, cases):
    page = listing(client, cast[Role.SOCIAL_WORKER])
    assert "Quillfeather" not in "".join(part.split('"')[0] for part in page.split('href="')[1:])


def test_the_list_makes_the_same_number_of_queries_for_3_or_30_cases(
    client, cast, frozen, django_assert_max_num_queries
):
    def add(number: int) -> None:
        for _ in range(number):
            CaseFactory(
                child=ChildFactory(council=cast.council),
                lead_social_worker=cast[Role.SOCIAL_WORKER],
                team=cast.team,
            )

    client.force_login(cast[Role.SOCIAL_WORKER])
    add(3)
    client.get("/cases/")
    with CaptureQueriesContext(connection) as three:
        client.get("/cases/")
    add(27)
    with django_assert_max_num_queries(len(three)):
        client.get("/cases/")


def test_social_care_staff_can_start_recording_a_contact_from_the_cases_page(client, cast):
    assert 'href="/cases/new/"' in listing(client, cast[Role.SOCIAL_WORKER])
    for role in (Role.POLICE_OFFICER, Role.BUSINESS_SUPPORT):
        assert "/cases/new/" not in listing(client, cast[role])
