"""Changing the child's details and the household: saved with a version check, so an edit
from a stale page never silently overwrites someone else's."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry

from convene.audit.models import RecordView
from convene.cases.models import Child, HouseholdMember
from convene.people.models import Role
from tests.web.cases_support import case_in, error_links, signed_in, text_of, title_of


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def child_data(child: Child, **overrides) -> dict[str, str]:
    data = {
        "child-given_name": child.given_name,
        "child-family_name": child.family_name,
        "child-date_of_birth_0": str(child.date_of_birth.day),
        "child-date_of_birth_1": str(child.date_of_birth.month),
        "child-date_of_birth_2": str(child.date_of_birth.year),
        "child-sex": child.sex,
        "child-ethnicity": "",
        "child-upn": "",
        "child-address": "",
        "child-postcode": "",
        "child-first_language": "English",
        "child-interpreter_needed": "False",
        "child-disability": "",
        "child-hospital": "no",
        "child-medical_examination": "False",
        "child-lives_outside_area": "False",
        "child-version": str(child.version),
    }
    data.update(overrides)
    return data


def test_the_form_shows_the_child_as_saved(cast) -> None:
    case = case_in(cast)
    response = signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/child/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{case.child.given_name}"' in body
    assert 'name="child-date_of_birth_2" value="2018"' in body
    assert RecordView.objects.filter(case=case, what="child_edit").exists()


def test_a_social_worker_changes_the_childs_circumstances(cast) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    case = case_in(cast)
    response = signed_in(worker).post(
        f"/cases/{case.pk}/child/",
        child_data(
            case.child,
            **{
                "child-hospital": "inpatient",
                "child-medical_examination": "True",
                "child-household_adult_concerns": ["substance_misuse", "domestic_abuse"],
            },
        ),
    )
    assert response.status_code == 302
    child = Child.objects.get()
    assert child.hospital == "inpatient"
    assert child.medical_examination is True
    assert sorted(child.household_adult_concerns) == ["domestic_abuse", "substance_misuse"]
    assert child.version == 2
    entry = LogEntry.objects.get_for_object(child).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == worker
    assert "hospital" in entry.changes


def test_an_edit_from_a_stale_page_is_refused_with_a_message_and_keeps_the_input(cast) -> None:
    case = case_in(cast)
    stale = child_data(case.child, **{"child-given_name": "Typedname"})
    # A colleague saves first.
    signed_in(cast[Role.TEAM_MANAGER]).post(
        f"/cases/{case.pk}/child/", child_data(case.child, **{"child-ethnicity": "Not stated"})
    )
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(f"/cases/{case.pk}/child/", stale)

    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert "Someone else changed this record while you were editing it" in text_of(response)
    assert 'value="Typedname"' in response.content.decode()
    child = Child.objects.get()
    assert child.given_name != "Typedname"
    assert child.ethnicity == "Not stated"


def test_a_date_of_birth_in_the_future_is_refused(cast) -> None:
    case = case_in(cast)
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(
        f"/cases/{case.pk}/child/",
        child_data(
            case.child,
            **{
                "child-date_of_birth_0": "1",
                "child-date_of_birth_1": "1",
                "child-date_of_birth_2": str(date.today().year + 1),
            },
        ),
    )
    assert error_links(response) == [
        ("#id_child-date_of_birth_0", "The date of birth must be today or in the past")
    ]
    assert Child.objects.get().version == 1


def test_a_date_missing_its_month_says_so(cast) -> None:
    case = case_in(cast)
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(
        f"/cases/{case.pk}/child/", child_data(case.child, **{"child-date_of_birth_1": ""})
    )
    assert [message for _, message in error_links(response)] == [
        "The date of birth must include a month"
    ]


def test_adding_a_person_to_the_household(cast) -> None:
    case = case_in(cast)
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(
        f"/cases/{case.pk}/household/new/",
        {
            "member-kind": "significant_other",
            "member-name": "Grandparent Example",
            "member-relationship": "Grandfather",
            "member-parental_responsibility": "False",
            "member-notes": "",
        },
    )
    assert response.status_code == 302
    member = HouseholdMember.objects.get()
    assert (member.name, member.lives_with_child, member.is_child) == (
        "Grandparent Example",
        False,
        False,
    )


def test_adding_a_person_without_answers_lists_the_errors(cast) -> None:
    case = case_in(cast)
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(
        f"/cases/{case.pk}/household/new/", {"member-name": "Only A Name"}
    )
    assert error_links(response) == [
        ("#id_member-kind_1", "Select who they are"),
        ("#id_member-relationship", "Enter their relationship to the child"),
        (
            "#id_member-parental_responsibility_1",
            "Select yes if they have parental responsibility for the child",
        ),
    ]
    assert 'value="Only A Name"' in response.content.decode()
    assert HouseholdMember.objects.count() == 0


def test_changing_a_person_checks_the_version(cast) -> None:
    case = case_in(cast)
    member = HouseholdMember.objects.create(
        child=case.child, name="Parent Example", relationship="Mother"
    )
    url = f"/cases/{case.pk}/household/{member.pk}/"
    form = {
        "member-kind": "adult",
        "member-name": "Parent Example",
        "member-relationship": "Mother",
        "member-parental_responsibility": "True",
        "member-version": "1",
    }
    client = signed_in(cast[Role.SOCIAL_WORKER])
    assert client.post(url, form).status_code == 302
    assert HouseholdMember.objects.get().parental_responsibility is True
    response = client.post(url, {**form, "member-relationship": "Stepmother"})
    assert "Someone else changed this record" in text_of(response)
    assert 'value="Stepmother"' in response.content.decode()
    assert HouseholdMember.objects.get().relationship == "Mother"


def test_a_person_of_another_childs_household_is_not_found(cast) -> None:
    case = case_in(cast)
    other = case_in(cast)
    member = HouseholdMember.objects.create(child=other.child, name="Someone", relationship="X")
    response = signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/household/{member.pk}/")
    assert response.status_code == 404
