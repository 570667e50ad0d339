"""Every page and API endpoint, opened by every role: need-to-know holds everywhere.

A case of the cast's council with a record at every stage is opened, at every URL the project
has, by a user of each role, by a social worker of another council, by partner users with and
without an engagement, and by a visitor who has not signed in. The rules:

- signed out: never the record (sign-in redirect for pages, 403 for the API);
- another council, or a partner with no live engagement: 404 for anything about the case;
- the council's own staff and engaged partners: the page, or 403 where their role may not act,
  or a redirect (a form's POST, or a page not open at this stage); never a 404 (except a
  circulated record's copy, for those it was not sent to) or a server error.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from convene.cases.models import HouseholdMember
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import Role
from convene.strategy.models import Invitee
from tests.factories import (
    CaseFactory,
    ContactFactory,
    EngagementFactory,
    StrategyActionFactory,
    held_strategy_discussion,
)

# URLs about no particular case.
GENERAL = {"healthz", "my_work", "case_list", "team_work", "council_overview", "contact_new"}
PUBLIC = {"healthz", "login", "api-schema", "api-docs"}
SKIPPED = {"logout"}  # POST only, and signs the user out of the rest of the walk


def _names() -> list[str]:
    names: set[str] = set()

    def walk(patterns: list) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if "admin" not in str(pattern.pattern):
                    walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return sorted(names - SKIPPED)


@pytest.fixture
def case_urls(cast) -> dict[str, str]:
    """One URL per route name, for a case of the cast's council with every kind of record."""
    worker = cast[Role.SOCIAL_WORKER]
    case = CaseFactory(child__council=cast.council, lead_social_worker=worker, team=cast.team)
    ContactFactory(case=case, recorded_by=worker)
    discussion = held_strategy_discussion(case, timezone.now() - timedelta(days=2))
    invitee = Invitee.objects.create(
        discussion=discussion, attendee="police", basis=Invitee.Basis.REQUIRED, name="DC Test"
    )
    action = StrategyActionFactory(discussion=discussion, assigned_to=worker)
    enquiry = Section47Enquiry.objects.create(
        case=case,
        strategy_discussion=discussion,
        lead_social_worker=worker,
        kind="single",
        started_at=discussion.held_at,
    )
    conference = InitialConference.objects.create(
        case=case,
        enquiry=enquiry,
        scheduled_for=timezone.now() + timedelta(days=5),
        venue="Room 1",
        booked_by=worker,
        booked_at=timezone.now(),
    )
    member = HouseholdMember.objects.create(
        child=case.child, name="A Parent", relationship="Mother"
    )
    engagement = EngagementFactory(
        case=case, user=cast[Role.HEALTH_PROFESSIONAL], granted_by=worker
    )
    ids = {
        "case_id": case.pk,
        "concerns_id": discussion.concerns_id,
        "discussion_id": discussion.pk,
        "invitee_id": invitee.pk,
        "action_id": action.pk,
        "enquiry_id": enquiry.pk,
        "engagement_id": engagement.pk,
        "member_id": member.pk,
    }
    api_pk = {
        "api-case-detail": case.pk,
        "api-case-clocks": case.pk,
        "api-child-detail": case.child_id,
        "api-contact-detail": case.contact.pk,
        "api-concerns-detail": discussion.concerns_id,
        "api-strategy-discussion-detail": discussion.pk,
        "api-section-47-enquiry-detail": enquiry.pk,
        "api-initial-conference-detail": conference.pk,
    }
    urls: dict[str, str] = {}
    for name in _names():
        if name in api_pk:
            urls[name] = reverse(name, kwargs={"pk": api_pk[name]})
            continue
        keys = [key for key in ids if f"<int:{key}>" in _route(name)]
        urls[name] = reverse(name, kwargs={key: ids[key] for key in keys})
    return urls


def _route(name: str) -> str:
    found: list[str] = []

    def walk(patterns: list, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif pattern.name == name:
                found.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "")
    return found[0]


# The Section 47 enquiry is social care's, shared only with the police on a joint enquiry:
# other engaged partners are told nothing of it.
ENQUIRY_ROUTES = {
    "enquiry_detail",
    "enquiry_child_seen",
    "enquiry_outcome",
    "conference_book",
    "conference_delay_agree",
}

# A participant's own copy of a circulated record: 404 for anyone it was not sent to.
RECIPIENTS_ONLY = {"strategy_record_circulated"}


def _is_about_the_case(name: str, url: str) -> bool:
    if name.startswith("api-"):
        return name.endswith(("-detail", "-clocks"))
    return url.startswith("/cases/") and name not in GENERAL


def _open(client: Client, url: str) -> int:
    """GET, or for a route that only takes a form's POST, an empty POST: either way the
    access check must answer before anything about the case is disclosed."""
    status = client.get(url).status_code
    if status == 405:
        status = client.post(url, {}).status_code
    return status


def test_every_route_has_a_url_in_the_walk(case_urls) -> None:
    missing = sorted(set(_names()) - set(case_urls))
    assert missing == [], f"routes the permission walk cannot build a URL for: {missing}"


def test_a_visitor_who_has_not_signed_in_never_sees_a_record(case_urls) -> None:
    client = Client()
    wrong = {}
    for name, url in case_urls.items():
        if name in PUBLIC:
            continue
        status = _open(client, url)
        expected = 403 if name.startswith("api-") else 302
        if status != expected:
            wrong[name] = status
    assert wrong == {}


@pytest.mark.parametrize("who", ["other_council", *sorted(Role.values)])
def test_every_route_answers_each_role_as_need_to_know_requires(cast, case_urls, who) -> None:
    if who == "other_council":
        user, engaged = cast.other_council_social_worker, False
    else:
        user = cast[who]
        # The health professional holds an engagement on the case (see case_urls);
        # the police officer and the education lead do not.
        engaged = user.is_council_staff or who == Role.HEALTH_PROFESSIONAL
    client = Client()
    client.force_login(user)
    wrong = {}
    for name, url in case_urls.items():
        status = _open(client, url)
        if status >= 500:
            wrong[name] = status
        elif _is_about_the_case(name, url):
            if not engaged and status != 404:
                wrong[name] = status
            elif engaged and name in RECIPIENTS_ONLY and status == 404:
                continue
            elif user.is_partner and name in ENQUIRY_ROUTES:
                if status != 404:
                    wrong[name] = status
            elif engaged and status not in (200, 302, 403, 405):
                wrong[name] = status
        elif status not in (200, 302, 403, 405):
            wrong[name] = status
    assert wrong == {}, f"{who}: unexpected answers {wrong}"
