"""Who may open each page of a case: need-to-know, the same on every page.

Another council's staff and partners without a live engagement get 404 (the case's existence
is not disclosed); an engaged partner may read but not change; business support and other
council staff read; social care practitioners change; managers allocate. Every page shown
logs the read; a refused request logs nothing."""

from __future__ import annotations

import pytest

from convene.audit.models import RecordView
from convene.cases.models import HouseholdMember
from convene.people.models import Role
from tests.web.cases_support import case_in, engage, signed_in


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# URL name: (path under /cases/<id>/, kind of page)
PAGES = {
    "case_detail": ("", "read"),
    "case_timeline_view": ("timeline/", "timeline"),
    "contact_decision": ("contact/decision/", "read"),
    "child_edit": ("child/", "change"),
    "household_member_new": ("household/new/", "change"),
    "household_member_edit": ("household/{member}/", "change"),
    "concerns_new": ("concerns/new/", "change"),
    "case_access": ("access/", "council"),
    "case_allocate": ("allocate/", "manage"),
}

# Who gets what, by kind of page.
EXPECTED = {
    # The timeline is social care's own record (a partner's need to know: need_to_know.py).
    "engaged_partner": {"read": 200, "change": 403, "council": 403, "manage": 403, "timeline": 403},
    Role.BUSINESS_SUPPORT: {
        "read": 200,
        "change": 403,
        "council": 200,
        "manage": 403,
        "timeline": 200,
    },
    Role.CONFERENCE_CHAIR: {
        "read": 200,
        "change": 403,
        "council": 200,
        "manage": 403,
        "timeline": 200,
    },
    # The council's administrator may not know the case exists.
    Role.ADMINISTRATOR: {
        "read": 404,
        "change": 404,
        "council": 404,
        "manage": 404,
        "timeline": 404,
    },
    Role.SOCIAL_WORKER: {
        "read": 200,
        "change": 200,
        "council": 200,
        "manage": 403,
        "timeline": 200,
    },
    Role.TEAM_MANAGER: {"read": 200, "change": 200, "council": 200, "manage": 200, "timeline": 200},
    Role.SERVICE_MANAGER: {
        "read": 200,
        "change": 200,
        "council": 200,
        "manage": 200,
        "timeline": 200,
    },
}


def url_of(case, name: str) -> str:
    member = HouseholdMember.objects.get_or_create(
        child=case.child, name="Parent Example", defaults={"relationship": "Mother"}
    )[0]
    return f"/cases/{case.pk}/" + PAGES[name][0].format(member=member.pk)


@pytest.mark.parametrize("name", PAGES)
def test_another_councils_staff_are_told_the_case_does_not_exist(cast, name) -> None:
    case = case_in(cast)
    response = signed_in(cast.other_council_social_worker).get(url_of(case, name))
    assert response.status_code == 404
    assert RecordView.objects.count() == 0


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(
    "role", [Role.POLICE_OFFICER, Role.HEALTH_PROFESSIONAL, Role.EDUCATION_SAFEGUARDING_LEAD]
)
def test_partners_without_a_live_engagement_are_told_the_case_does_not_exist(
    cast, name, role
) -> None:
    case = case_in(cast)
    other_case = case_in(cast)
    engage(other_case, cast[role], cast[Role.SOCIAL_WORKER])  # engaged elsewhere only
    response = signed_in(cast[role]).get(url_of(case, name))
    assert response.status_code == 404
    assert RecordView.objects.count() == 0


def test_a_revoked_engagement_gives_no_access(cast) -> None:
    from django.utils import timezone

    case = case_in(cast)
    officer = cast[Role.POLICE_OFFICER]
    engagement = engage(case, officer, cast[Role.SOCIAL_WORKER])
    engagement.revoked_at = timezone.now()
    engagement.save()
    assert signed_in(officer).get(f"/cases/{case.pk}/").status_code == 404


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_role_may_read_or_change_as_its_part_in_the_case_allows(cast, name, who) -> None:
    case = case_in(cast)
    if who == "engaged_partner":
        user = cast[Role.POLICE_OFFICER]
        engage(case, user, cast[Role.SOCIAL_WORKER])
    else:
        user = cast[who]
    url = url_of(case, name)
    expected = EXPECTED[who][PAGES[name][1]]

    response = signed_in(user).get(url)

    assert response.status_code == expected
    views = RecordView.objects.filter(user=user, case=case)
    if expected == 200:
        assert [(view.what, view.channel, view.child_id) for view in views] == [
            (name, "page", case.child_id)
        ]
    else:
        assert not views.exists()


@pytest.mark.parametrize(
    "path", ["contact/acknowledged/", "access/1/remove/", "contact/decision/", "child/"]
)
def test_changes_to_a_case_outside_ones_reach_are_not_found(cast, path) -> None:
    case = case_in(cast)
    for user in (cast.other_council_social_worker, cast[Role.POLICE_OFFICER]):
        response = signed_in(user).post(f"/cases/{case.pk}/{path}", {"version": "1"})
        assert response.status_code == 404


def test_a_case_that_does_not_exist_is_not_found(cast) -> None:
    assert signed_in(cast[Role.SOCIAL_WORKER]).get("/cases/999999/").status_code == 404
