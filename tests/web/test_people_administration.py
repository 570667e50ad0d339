"""A council's administrator manages its people, teams and closure days; nobody else can, and
no administrator can touch another council's. The Django admin is for system administrators,
and never shows a child's record."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import Client

from convene.people.models import ClosureDay, Council, Role, Team, User
from tests.factories import PASSWORD, CouncilFactory, TeamFactory, UserFactory, local
from tests.web.cases_support import case_in, error_links, signed_in, text_of

PAGES = [
    "/administration/",
    "/administration/people/",
    "/administration/people/new/",
    "/administration/teams/",
    "/administration/closure-days/",
]


@pytest.fixture
def administrator(cast) -> User:
    return cast[Role.ADMINISTRATOR]


@pytest.fixture
def other_administrator(db) -> User:
    return UserFactory(role=Role.ADMINISTRATOR, council=CouncilFactory(name="Elsewhere"))


def person_form(**fields: object) -> dict[str, object]:
    data = {
        "person-email": "new.worker@example.test",
        "person-full_name": "Synthetic New Worker",
        "person-job_title": "Social worker",
        "person-role": Role.SOCIAL_WORKER,
        "person-team": "",
    }
    data.update({f"person-{name}": value for name, value in fields.items()})
    return data


def can_sign_in(email: str) -> bool:
    response = Client().post("/sign-in/", {"username": email, "password": PASSWORD})
    return response.status_code == 302


def closure_form(day: date, reason: str = "Council closure") -> dict[str, object]:
    return {
        "closure-day_0": day.day,
        "closure-day_1": day.month,
        "closure-day_2": day.year,
        "closure-reason": reason,
    }


# --- who may administer -----------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(Role.values))
def test_only_the_councils_administrator_may_open_the_administration_pages(cast, role) -> None:
    person = cast[Role.SOCIAL_WORKER]
    pages = [
        *PAGES,
        f"/administration/people/{person.pk}/",
        f"/administration/teams/{cast.team.pk}/",
    ]
    client = signed_in(cast[role])
    statuses = {page: client.get(page).status_code for page in pages}
    expected = 200 if role == Role.ADMINISTRATOR else 403
    assert statuses == dict.fromkeys(pages, expected)


@pytest.mark.parametrize("role", sorted(set(Role.values) - {Role.ADMINISTRATOR}))
def test_no_one_but_the_administrator_can_change_anything(cast, role) -> None:
    person = cast[Role.SOCIAL_WORKER]
    closure = ClosureDay.objects.create(council=cast.council, day=date(2099, 3, 3), reason="R")
    client = signed_in(cast[role])
    posts = {
        "/administration/people/new/": person_form(),
        f"/administration/people/{person.pk}/": person_form(version=person.version),
        f"/administration/people/{person.pk}/active/": {"active": "no", "version": 1},
        f"/administration/people/{person.pk}/set-password-email/": {},
        "/administration/teams/": {"team-name": "A new team"},
        f"/administration/teams/{cast.team.pk}/": {"team-name": "Renamed", "team-version": 1},
        "/administration/closure-days/": closure_form(date(2099, 3, 4)),
        f"/administration/closure-days/{closure.pk}/remove/": {},
    }
    statuses = {url: client.post(url, data).status_code for url, data in posts.items()}
    assert statuses == dict.fromkeys(posts, 403)
    person.refresh_from_db()
    assert person.is_active and person.full_name != "Synthetic New Worker"
    assert not User.objects.filter(email="new.worker@example.test").exists()
    assert ClosureDay.objects.filter(pk=closure.pk).exists()


def test_another_councils_administrator_cannot_see_or_change_this_councils_people(
    cast, other_administrator
) -> None:
    person = cast[Role.SOCIAL_WORKER]
    closure = ClosureDay.objects.create(council=cast.council, day=date(2099, 3, 3), reason="R")
    client = signed_in(other_administrator)

    assert person.full_name not in text_of(client.get("/administration/people/"))
    assert cast.team.name not in text_of(client.get("/administration/teams/"))
    assert client.get(f"/administration/people/{person.pk}/").status_code == 404
    assert client.get(f"/administration/teams/{cast.team.pk}/").status_code == 404
    posts = {
        f"/administration/people/{person.pk}/": person_form(version=person.version),
        f"/administration/people/{person.pk}/active/": {"active": "no", "version": 1},
        f"/administration/people/{person.pk}/set-password-email/": {},
        f"/administration/teams/{cast.team.pk}/": {"team-name": "Renamed", "team-version": 1},
        f"/administration/closure-days/{closure.pk}/remove/": {},
    }
    assert {url: client.post(url, data).status_code for url, data in posts.items()} == (
        dict.fromkeys(posts, 404)
    )
    person.refresh_from_db()
    assert person.is_active
    assert ClosureDay.objects.filter(pk=closure.pk).exists()


def test_a_visitor_who_has_not_signed_in_is_asked_to_sign_in(db) -> None:
    for page in PAGES:
        response = Client().get(page)
        assert response.status_code == 302 and response.url.startswith("/sign-in/")


def test_only_administrators_see_administration_in_the_menu(cast, administrator) -> None:
    assert "Administration" in text_of(signed_in(administrator).get("/"))
    assert "Administration" not in text_of(signed_in(cast[Role.TEAM_MANAGER]).get("/"))
    assert "Administration" not in text_of(signed_in(cast[Role.POLICE_OFFICER]).get("/"))


# --- people -----------------------------------------------------------------------------------


def test_the_people_page_lists_the_councils_staff_with_role_team_and_status(
    cast, administrator
) -> None:
    leaver = cast[Role.BUSINESS_SUPPORT]
    leaver.is_active = False
    leaver.save()
    page = text_of(signed_in(administrator).get("/administration/people/"))
    worker = cast[Role.SOCIAL_WORKER]
    assert f"{worker.full_name} {worker.email} Social worker Assessment team Active" in page
    assert f"{leaver.full_name} {leaver.email} Business support Assessment team Deactivated" in (
        page
    )
    assert cast[Role.POLICE_OFFICER].full_name not in page  # a partner, not the council's
    assert cast.other_council_social_worker.full_name not in page


def test_adding_a_person_creates_their_account_and_emails_them_a_link_to_set_a_password(
    cast, administrator, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(administrator).post(
            "/administration/people/new/",
            person_form(email="New.Worker@Example.test", role=Role.TEAM_MANAGER, team=cast.team.pk),
        )

    person = User.objects.get(email="new.worker@example.test")
    assert response.status_code == 302 and response.url == f"/administration/people/{person.pk}/"
    assert (person.full_name, person.role, person.council, person.team) == (
        "Synthetic New Worker",
        Role.TEAM_MANAGER,
        cast.council,
        cast.team,
    )
    assert person.is_active and not person.has_usable_password()
    [email] = mail.outbox
    assert email.to == ["new.worker@example.test"] and email.subject == "Set your Convene password"
    assert "Synthetic New Worker" not in email.body  # no personal data beyond the address
    link = re.search(r"http://testserver(/set-password/\S+/)", email.body)
    assert link is not None

    # The link opens the page to choose a password; once set, they sign in with it.
    visitor = Client()
    form_page = visitor.get(link[1], follow=True)
    assert "Set your password" in text_of(form_page)
    set_url = form_page.redirect_chain[-1][0]
    done = visitor.post(set_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302 and done.url == "/set-password/done/"
    assert can_sign_in("new.worker@example.test")
    # The link worked once.
    assert "This link no longer works" in text_of(Client().get(link[1], follow=True))


def test_a_duplicate_email_address_is_refused_with_a_clear_message_and_keeps_the_input(
    cast, administrator
) -> None:
    existing = cast.other_council_social_worker
    response = signed_in(administrator).post(
        "/administration/people/new/", person_form(email=existing.email.upper())
    )

    assert response.status_code == 200
    assert error_links(response) == [
        (
            "#id_person-email",
            "Someone already has a Convene account with this email address: check the "
            "address, or ask a system administrator if the account should move to your council",
        )
    ]
    body = response.content.decode()
    assert f'value="{existing.email.upper()}"' in body
    assert 'value="Synthetic New Worker"' in body
    assert User.objects.filter(email__iexact=existing.email).count() == 1


def test_a_person_must_have_a_name_and_a_council_role(cast, administrator) -> None:
    response = signed_in(administrator).post(
        "/administration/people/new/", person_form(full_name="", role=Role.POLICE_OFFICER)
    )
    messages = [message for _, message in error_links(response)]
    assert "Enter the person's full name" in messages
    assert any("police_officer is not one of the available choices" in m for m in messages)


def test_the_administrator_changes_a_persons_role_team_and_job_title(cast, administrator) -> None:
    person = cast[Role.SOCIAL_WORKER]
    other_team = TeamFactory(council=cast.council, name="Child protection team")
    response = signed_in(administrator).post(
        f"/administration/people/{person.pk}/",
        person_form(
            full_name=person.full_name,
            job_title="Senior practitioner",
            role=Role.TEAM_MANAGER,
            team=other_team.pk,
            version=person.version,
        ),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.role, person.team, person.job_title, person.version) == (
        Role.TEAM_MANAGER,
        other_team,
        "Senior practitioner",
        2,
    )
    assert person.email  # the email address is not changed by this form


def test_a_team_of_another_council_cannot_be_chosen(cast, administrator) -> None:
    person = cast[Role.SOCIAL_WORKER]
    elsewhere = TeamFactory(council=CouncilFactory(name="Elsewhere"))
    response = signed_in(administrator).post(
        f"/administration/people/{person.pk}/",
        person_form(team=elsewhere.pk, version=person.version),
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.team == cast.team


def test_a_change_made_meanwhile_by_another_administrator_is_detected_not_overwritten(
    cast, administrator
) -> None:
    person = cast[Role.SOCIAL_WORKER]
    stale = person.version
    client = signed_in(administrator)
    client.post(
        f"/administration/people/{person.pk}/",
        person_form(full_name=person.full_name, job_title="First", version=stale),
    )
    response = client.post(
        f"/administration/people/{person.pk}/",
        person_form(full_name="A Stale Name", job_title="Second", version=stale),
    )

    assert response.status_code == 200
    assert "Someone else changed this record while you were editing it" in text_of(response)
    assert 'value="A Stale Name"' in response.content.decode()
    person.refresh_from_db()
    assert person.job_title == "First" and person.full_name != "A Stale Name"


def test_a_deactivated_person_cannot_sign_in_until_reactivated(cast, administrator) -> None:
    person = cast[Role.SOCIAL_WORKER]
    their_session = signed_in(person)
    client = signed_in(administrator)

    response = client.post(
        f"/administration/people/{person.pk}/active/", {"active": "no", "version": person.version}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert User.objects.filter(pk=person.pk).exists()  # never deleted
    assert not can_sign_in(person.email)
    assert their_session.get("/").status_code == 302  # signed out

    client.post(
        f"/administration/people/{person.pk}/active/", {"active": "yes", "version": person.version}
    )
    person.refresh_from_db()
    assert person.is_active
    assert can_sign_in(person.email)


def test_administrators_cannot_deactivate_themselves_or_change_their_own_role(
    administrator,
) -> None:
    client = signed_in(administrator)
    response = client.post(
        f"/administration/people/{administrator.pk}/active/",
        {"active": "no", "version": administrator.version},
        follow=True,
    )
    assert "You cannot deactivate your own account" in text_of(response)
    response = client.post(
        f"/administration/people/{administrator.pk}/",
        person_form(
            full_name=administrator.full_name,
            role=Role.SOCIAL_WORKER,
            version=administrator.version,
        ),
    )
    assert "You cannot change your own role" in text_of(response)
    administrator.refresh_from_db()
    assert administrator.is_active and administrator.role == Role.ADMINISTRATOR


def test_a_person_can_be_sent_a_new_set_password_link(
    cast, administrator, django_capture_on_commit_callbacks
) -> None:
    person = cast[Role.SOCIAL_WORKER]
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(administrator).post(
            f"/administration/people/{person.pk}/set-password-email/", follow=True
        )
    assert f"{person.full_name} has been sent a set-password email" in text_of(response)
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_changes_to_people_are_in_the_audit_log_with_who_made_them(cast, administrator) -> None:
    person = cast[Role.SOCIAL_WORKER]
    client = signed_in(administrator)
    client.post("/administration/people/new/", person_form())
    client.post(
        f"/administration/people/{person.pk}/active/", {"active": "no", "version": person.version}
    )

    user_type = ContentType.objects.get_for_model(User)
    added = User.objects.get(email="new.worker@example.test")
    created = LogEntry.objects.get(
        content_type=user_type, object_id=added.pk, action=LogEntry.Action.CREATE
    )
    assert created.actor == administrator
    assert "password" not in created.changes_dict
    changed = LogEntry.objects.get(
        content_type=user_type, object_id=person.pk, action=LogEntry.Action.UPDATE
    )
    assert changed.actor == administrator
    assert changed.changes_dict["is_active"] == ["True", "False"]


# --- teams ------------------------------------------------------------------------------------


def test_the_administrator_adds_and_renames_teams(cast, administrator) -> None:
    client = signed_in(administrator)
    response = client.post("/administration/teams/", {"team-name": " Front door "})
    assert response.status_code == 302
    team = Team.objects.get(council=cast.council, name="Front door")

    response = client.post(
        f"/administration/teams/{team.pk}/", {"team-name": "MASH", "team-version": team.version}
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.name == "MASH"
    assert "MASH" in text_of(client.get("/administration/teams/"))
    entries = LogEntry.objects.get_for_object(team)
    assert {entry.action for entry in entries} == {LogEntry.Action.CREATE, LogEntry.Action.UPDATE}
    assert {entry.actor for entry in entries} == {administrator}


def test_a_team_name_already_used_in_the_council_is_refused(cast, administrator) -> None:
    response = signed_in(administrator).post(
        "/administration/teams/", {"team-name": "assessment TEAM"}
    )
    assert error_links(response) == [
        ("#id_team-name", "The council already has a team with this name")
    ]
    assert 'value="assessment TEAM"' in response.content.decode()
    assert Team.objects.filter(council=cast.council).count() == 1


def test_a_rename_from_a_stale_page_is_detected(cast, administrator) -> None:
    client = signed_in(administrator)
    url = f"/administration/teams/{cast.team.pk}/"
    client.post(url, {"team-name": "First name", "team-version": 1})
    response = client.post(url, {"team-name": "Second name", "team-version": 1})
    assert "Someone else changed this record while you were editing it" in text_of(response)
    cast.team.refresh_from_db()
    assert cast.team.name == "First name"


# --- closure days -----------------------------------------------------------------------------


def test_a_closure_day_moves_the_due_date_of_the_councils_case_clocks(cast, administrator) -> None:
    # Under Darlington's procedure the referrer is acknowledged within 10 working days.
    case = case_in(cast, procedure="darlington", received_at=local(2026, 11, 2, 10, 0))
    case_page = f"/cases/{case.pk}/"
    with time_machine.travel(local(2026, 11, 2, 10, 30), tick=False):
        worker = signed_in(cast[Role.SOCIAL_WORKER])
        assert "Mon 16 Nov 2026" in text_of(worker.get(case_page))

        response = signed_in(administrator).post(
            "/administration/closure-days/",
            closure_form(date(2026, 11, 4), "Staff training day"),
            follow=True,
        )
        assert "Wednesday 4 November 2026 is added as a closure day" in text_of(response)

        page = text_of(worker.get(case_page))
    assert "Tue 17 Nov 2026" in page and "Mon 16 Nov 2026" not in page
    closure = ClosureDay.objects.get(council=cast.council)
    [entry] = LogEntry.objects.get_for_object(closure)
    assert entry.action == LogEntry.Action.CREATE and entry.actor == administrator


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            date(2026, 12, 25),
            "Friday 25 December 2026 is a bank holiday (Christmas Day): it is already not a "
            "working day",
        ),
        (
            date(2026, 11, 7),
            "Saturday 7 November 2026 is a Saturday: weekends are never working days",
        ),
        (
            date(2026, 11, 2),
            "The closure day must be after today: a closure day in the past would change "
            "deadlines that have already passed",
        ),
    ],
)
def test_a_day_that_is_already_not_a_working_day_or_has_passed_is_refused(
    cast, administrator, day, message
) -> None:
    with time_machine.travel(local(2026, 11, 2, 10, 30), tick=False):
        response = signed_in(administrator).post(
            "/administration/closure-days/", closure_form(day, "Office move")
        )
    assert error_links(response) == [("#id_closure-day_0", message)]
    assert 'value="Office move"' in response.content.decode()
    assert not ClosureDay.objects.exists()


def test_the_same_closure_day_cannot_be_added_twice(cast, administrator) -> None:
    ClosureDay.objects.create(council=cast.council, day=date(2099, 3, 3), reason="Office move")
    response = signed_in(administrator).post(
        "/administration/closure-days/", closure_form(date(2099, 3, 3))
    )
    assert error_links(response) == [
        ("#id_closure-day_0", "Tuesday 3 March 2099 is already a closure day (Office move)")
    ]


def test_another_councils_closure_day_does_not_stop_this_council_adding_the_same_day(
    cast, administrator
) -> None:
    elsewhere = cast.other_council_social_worker.council
    ClosureDay.objects.create(council=elsewhere, day=date(2099, 3, 3), reason="Theirs")
    signed_in(administrator).post("/administration/closure-days/", closure_form(date(2099, 3, 3)))
    assert ClosureDay.objects.filter(council=cast.council, day=date(2099, 3, 3)).exists()


def test_only_a_future_closure_day_can_be_removed(cast, administrator) -> None:
    past = ClosureDay.objects.create(council=cast.council, day=date(2026, 10, 30), reason="Past")
    future = ClosureDay.objects.create(council=cast.council, day=date(2026, 11, 4), reason="Next")
    client = signed_in(administrator)
    with time_machine.travel(local(2026, 11, 2, 10, 30), tick=False):
        page = text_of(client.get("/administration/closure-days/"))
        assert "Only future days can be added or removed" in page
        refused = client.post(f"/administration/closure-days/{past.pk}/remove/", follow=True)
        assert "Only a future closure day can be removed" in text_of(refused)
        client.post(f"/administration/closure-days/{future.pk}/remove/")

    assert list(ClosureDay.objects.values_list("reason", flat=True)) == ["Past"]
    closure_type = ContentType.objects.get_for_model(ClosureDay)
    deleted = LogEntry.objects.get(
        content_type=closure_type, object_id=future.pk, action=LogEntry.Action.DELETE
    )
    assert deleted.actor == administrator


# --- the Django admin -------------------------------------------------------------------------


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("system.admin@example.test", PASSWORD)


def test_the_audit_log_is_not_in_the_django_admin(superuser) -> None:
    client = signed_in(superuser)
    assert client.get("/admin/auditlog/logentry/").status_code == 404
    assert client.get("/admin/auditlog/logentry/?q=anything").status_code == 404
    assert not admin.site.is_registered(LogEntry)


def test_no_childs_or_cases_record_is_in_the_django_admin() -> None:
    apps = {model._meta.app_label for model in admin.site._registry}
    assert apps.isdisjoint({"cases", "strategy", "enquiries", "audit", "auditlog"})
    for model in (User, Council, Team, ClosureDay):
        assert admin.site.is_registered(model)


def test_a_system_administrator_finds_users_by_email_or_name(cast, superuser) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    client = signed_in(superuser)
    by_email = client.get("/admin/people/user/", {"q": worker.email})
    by_name = client.get("/admin/people/user/", {"q": worker.full_name})
    assert by_email.status_code == by_name.status_code == 200
    assert worker.email in by_email.content.decode()
    assert worker.email in by_name.content.decode()
    assert cast[Role.TEAM_MANAGER].email not in by_email.content.decode()


def test_a_system_administrator_opens_and_adds_accounts_in_the_django_admin(
    cast, superuser
) -> None:
    client = signed_in(superuser)
    worker = cast[Role.SOCIAL_WORKER]
    assert client.get(f"/admin/people/user/{worker.pk}/change/").status_code == 200
    for page in ("council", "agency", "team", "closureday"):
        assert client.get(f"/admin/people/{page}/").status_code == 200
    response = client.post(
        "/admin/people/user/add/",
        {
            "email": "added.by.admin@example.test",
            "full_name": "Synthetic Added",
            "role": Role.SOCIAL_WORKER,
            "council": cast.council.pk,
            "usable_password": "false",
        },
    )
    assert response.status_code == 302
    added = User.objects.get(email="added.by.admin@example.test")
    assert added.council == cast.council and not added.has_usable_password()
    # Accounts are deactivated, never deleted.
    assert client.get(f"/admin/people/user/{worker.pk}/delete/").status_code == 403


def test_council_administrators_cannot_open_the_django_admin(administrator) -> None:
    response = signed_in(administrator).get("/admin/people/user/")
    assert response.status_code == 302 and "/admin/login/" in response.url
