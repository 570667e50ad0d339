"""Who viewed a child's record: for the managers of the child's council only, and looking is
itself logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convene.audit.actions import do_log_record_view
from convene.audit.models import RecordView
from convene.people.models import Role
from tests.factories import CaseFactory, ChildFactory, EngagementFactory, UserFactory, local


@pytest.fixture
def case(cast):
    return CaseFactory(child=ChildFactory(council=cast.council, given_name="Amberly"))


def url(case) -> str:
    return f"/cases/{case.pk}/viewers/"


def test_a_manager_sees_who_viewed_the_record_newest_first(client, cast, case):
    with time_machine.travel(local(2026, 3, 19, 9, 0), tick=False):
        do_log_record_view(cast[Role.SOCIAL_WORKER], case, "page", "case_detail")
    with time_machine.travel(local(2026, 3, 19, 11, 30), tick=False):
        do_log_record_view(cast[Role.POLICE_OFFICER], case, "api", "case-detail")
    with time_machine.travel(local(2026, 3, 20, 10, 0), tick=False):
        client.force_login(cast[Role.TEAM_MANAGER])
        response = client.get(url(case))
    assert response.status_code == 200
    page = response.content.decode()
    rows = page.split("<tbody")[1].split("<tr")[1:]
    assert len(rows) == 3
    # The manager's own look comes first: looking is a view of the record too.
    assert cast[Role.TEAM_MANAGER].full_name in rows[0] and "record_views" in rows[0]
    assert cast[Role.POLICE_OFFICER].full_name in rows[1]
    assert "Police officer" in rows[1] and "Testshire Police" in rows[1]
    assert "API" in rows[1] and "19 March 2026, 11:30" in rows[1]
    assert cast[Role.SOCIAL_WORKER].full_name in rows[2]
    assert "Social worker" in rows[2] and "Testshire" in rows[2] and "Web page" in rows[2]


def test_views_of_the_same_child_through_another_case_are_shown(client, cast, case):
    earlier = CaseFactory(child=case.child)
    do_log_record_view(cast[Role.SOCIAL_WORKER], earlier, "export", "case_export")
    client.force_login(cast[Role.SERVICE_MANAGER])
    page = client.get(url(case)).content.decode()
    assert "case_export" in page and earlier.reference in page


def test_looking_at_who_viewed_is_logged_and_changes_nothing_else(client, cast, case):
    manager = cast[Role.TEAM_MANAGER]
    changes = LogEntry.objects.count()
    client.force_login(manager)
    client.get(url(case))
    view = RecordView.objects.get()
    assert (view.user, view.case, view.child, view.channel, view.what) == (
        manager,
        case,
        case.child,
        "page",
        "record_views",
    )
    assert LogEntry.objects.count() == changes


@pytest.mark.parametrize(
    "role",
    [Role.SOCIAL_WORKER, Role.CONFERENCE_CHAIR, Role.BUSINESS_SUPPORT],
)
def test_council_staff_who_are_not_managers_are_refused(client, cast, case, role):
    client.force_login(cast[role])
    assert client.get(url(case)).status_code == 403
    assert not RecordView.objects.exists()


def test_an_engaged_partner_is_refused(client, cast, case):
    officer = cast[Role.POLICE_OFFICER]
    EngagementFactory(case=case, user=officer)
    client.force_login(officer)
    assert client.get(url(case)).status_code == 403


def test_a_partner_who_is_not_engaged_is_told_the_case_does_not_exist(client, cast, case):
    client.force_login(cast[Role.HEALTH_PROFESSIONAL])
    assert client.get(url(case)).status_code == 404


def test_a_manager_of_another_council_is_told_the_case_does_not_exist(client, cast, case):
    council = cast.other_council_social_worker.council
    client.force_login(UserFactory(role=Role.TEAM_MANAGER, council=council))
    assert client.get(url(case)).status_code == 404
    assert not RecordView.objects.exists()


def test_a_case_that_does_not_exist_is_not_found(client, cast):
    client.force_login(cast[Role.TEAM_MANAGER])
    assert client.get("/cases/999999/viewers/").status_code == 404


def test_views_come_fifty_to_a_page(client, cast, case):
    start = local(2026, 3, 1, 9, 0)
    for n in range(60):
        with time_machine.travel(start + timedelta(minutes=n), tick=False):
            do_log_record_view(cast[Role.SOCIAL_WORKER], case, "page", f"view_{n}")
    client.force_login(cast[Role.TEAM_MANAGER])
    first = client.get(url(case)).content.decode()
    assert first.split("<tbody")[1].count("<tr") == 50
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    second = client.get(url(case) + "?page=2").content.decode()
    # 61 views now (the first page's look was logged) and another for this one: 12 left.
    assert second.split("<tbody")[1].count("<tr") == 12
    assert "view_0<" in second


def test_the_page_makes_the_same_number_of_queries_for_3_or_30_views(
    client, cast, case, django_assert_max_num_queries
):
    def add(number: int) -> None:
        for n in range(number):
            viewer = cast[Role.POLICE_OFFICER] if n % 2 else cast[Role.SOCIAL_WORKER]
            do_log_record_view(viewer, case, "page", "case_detail")

    client.force_login(cast[Role.TEAM_MANAGER])
    add(3)
    client.get(url(case))
    with CaptureQueriesContext(connection) as three:
        client.get(url(case))
    add(27)
    with django_assert_max_num_queries(len(three)):
        client.get(url(case))


def test_the_case_page_links_managers_to_who_viewed_the_record_and_the_change_history(
    client, cast, case
):
    client.force_login(cast[Role.TEAM_MANAGER])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/viewers/"' in page
    assert f'href="/cases/{case.pk}/history/"' in page


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.BUSINESS_SUPPORT])
def test_the_case_page_offers_no_audit_links_to_staff_who_may_not_follow_them(
    client, cast, case, role
):
    client.force_login(cast[role])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "/viewers/" not in page and "/history/" not in page


# --- lists and search results: a view logged for each child shown ----------------------------

LIST_PAGES = ("my_work", "case_list", "team_work", "council_overview")


def _references(page: str) -> set[int]:
    """The cases a page shows, by the references it draws (CV-000123), not the hint's."""
    import re

    return {int(number) for number in re.findall(r'convene-case-ref"[^>]*>CV-(\d{6})<', page)}


def _named(page: str, user) -> set[str]:
    """The names of the children (of the cases the user may see) that the page shows."""
    from convene.cases.access import cases_visible_to

    names = {str(case.child) for case in cases_visible_to(user).select_related("child")}
    return {name for name in names if name in page}


@pytest.fixture
def demo_world(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("demo", stdout=StringIO())


def test_every_list_page_logs_one_view_for_each_child_it_shows_in_one_insert(demo_world):
    from convene.people.models import User

    checked = 0
    for user in User.objects.filter(is_active=True).exclude(role=Role.ADMINISTRATOR):
        client = Client()
        client.force_login(user)
        for name in LIST_PAGES:
            RecordView.objects.all().delete()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(name))
            if response.status_code == 403:  # the team and council pages: managers only
                continue
            assert response.status_code == 200, (user.role, name)
            page = response.content.decode()
            shown = _references(page)
            views = RecordView.objects.filter(user=user)
            logged_names = {str(view.child) for view in views.select_related("child")}
            assert _named(page, user) <= logged_names, (user.role, name)
            assert set(views.values_list("case_id", flat=True)) == shown, (user.role, name)
            assert views.count() == len(shown), (user.role, name)
            assert set(views.values_list("channel", flat=True)) <= {"list"}, (user.role, name)
            inserts = [q for q in queries if 'INSERT INTO "audit_recordview"' in q["sql"]]
            assert len(inserts) == (1 if shown else 0), (user.role, name)
            checked += len(shown)
    assert checked > 100  # the demo's lists show many children


def test_the_council_overview_shows_no_child_and_so_logs_none(demo_world):
    from convene.people.models import User

    manager = User.objects.filter(role=Role.SERVICE_MANAGER).first()
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("council_overview")).content.decode()
    assert _references(page) == set()
    assert not RecordView.objects.exists()


def test_search_results_log_a_view_of_each_child_found_as_search(cast):
    found = [
        CaseFactory(child=ChildFactory(council=cast.council, family_name="Quillfeather"))
        for _ in range(2)
    ]
    CaseFactory(child=ChildFactory(council=cast.council, family_name="Ashdown"))
    client = Client()
    worker = cast[Role.SOCIAL_WORKER]
    client.force_login(worker)
    response = client.post("/cases/", {"q": "Quillfeather"})
    assert response.status_code == 200
    views = RecordView.objects.filter(user=worker)
    assert sorted(views.values_list("case_id", flat=True)) == sorted(c.pk for c in found)
    assert set(views.values_list("channel", "what")) == {("search", "case_list")}
    assert all(view.child_id == view.case.child_id for view in views)


def test_the_case_list_without_a_search_logs_its_page_as_list(cast):
    shown = [CaseFactory(child=ChildFactory(council=cast.council)) for _ in range(3)]
    CaseFactory(child=ChildFactory(council=cast.other_council_social_worker.council))
    client = Client()
    client.force_login(cast[Role.BUSINESS_SUPPORT])
    assert client.get("/cases/").status_code == 200
    views = RecordView.objects.all()
    assert sorted(views.values_list("case_id", flat=True)) == sorted(c.pk for c in shown)
    assert set(views.values_list("channel", flat=True)) == {"list"}
