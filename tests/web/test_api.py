"""The API: the same need-to-know access as the pages, every read audited, an OpenAPI schema."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from convene.audit.models import RecordView
from convene.people.models import Role
from tests.factories import (
    CaseFactory,
    ConcernsFactory,
    ContactFactory,
    EngagementFactory,
    StrategyDiscussionFactory,
    local,
)

ENDPOINTS = [
    "cases",
    "children",
    "contacts",
    "concerns",
    "strategy-discussions",
    "section-47-enquiries",
    "initial-conferences",
]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(cast):
    case = CaseFactory(child__council=cast.council)
    ContactFactory(case=case, recorded_by=cast[Role.SOCIAL_WORKER])
    StrategyDiscussionFactory(
        case=case, concerns=ConcernsFactory(case=case, recorded_by=cast[Role.SOCIAL_WORKER])
    )
    return case


@pytest.mark.django_db
def test_the_api_refuses_a_visitor_who_has_not_signed_in(client: Client) -> None:
    assert client.get("/api/cases/").status_code == 403


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_council_staff_list_their_own_councils_records_only(cast, case, endpoint) -> None:
    CaseFactory()  # another council's case
    response = signed_in(cast[Role.BUSINESS_SUPPORT]).get(f"/api/{endpoint}/")
    assert response.status_code == 200
    expected = {
        "cases": 1,
        "children": 1,
        "contacts": 1,
        "concerns": 1,
        "strategy-discussions": 1,
        "section-47-enquiries": 0,
        "initial-conferences": 0,
    }[endpoint]
    assert response.json()["count"] == expected


@pytest.mark.parametrize(
    "role", [Role.POLICE_OFFICER, Role.HEALTH_PROFESSIONAL, Role.EDUCATION_SAFEGUARDING_LEAD]
)
def test_a_partner_sees_nothing_until_engaged_and_nothing_after_the_engagement_ends(
    cast, case, role
) -> None:
    user = cast[role]
    client = signed_in(user)
    assert client.get("/api/cases/").json()["count"] == 0
    assert client.get(f"/api/cases/{case.pk}/").status_code == 404
    assert client.get(f"/api/cases/{case.pk}/clocks/").status_code == 404
    engagement = EngagementFactory(case=case, user=user, granted_by=cast[Role.SOCIAL_WORKER])
    assert client.get("/api/cases/").json()["count"] == 1
    assert client.get(f"/api/children/{case.child_id}/").status_code == 200
    with time_machine.travel(engagement.ends_on + timedelta(days=1)):
        client = signed_in(user)  # a new day's session: the old one has expired
        assert client.get("/api/cases/").json()["count"] == 0
        assert client.get(f"/api/children/{case.child_id}/").status_code == 404


def test_another_councils_social_worker_gets_404_for_every_record(cast, case) -> None:
    client = signed_in(cast.other_council_social_worker)
    discussion = case.strategy_discussions.get()
    for url in (
        f"/api/cases/{case.pk}/",
        f"/api/cases/{case.pk}/clocks/",
        f"/api/children/{case.child_id}/",
        f"/api/contacts/{case.contact.pk}/",
        f"/api/strategy-discussions/{discussion.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_every_read_of_a_childs_record_is_logged_with_the_api_channel(cast, case) -> None:
    user = cast[Role.SOCIAL_WORKER]
    client = signed_in(user)
    client.get(f"/api/children/{case.child_id}/")
    client.get("/api/contacts/")
    client.get(f"/api/cases/{case.pk}/clocks/")
    views = RecordView.objects.filter(user=user, child=case.child, channel="api")
    assert sorted(views.values_list("what", flat=True)) == [
        "api child",
        "api clocks",
        "api contact",
    ]


def test_the_api_changes_records_only_through_its_recording_endpoints(cast, case) -> None:
    # Recording a contact, its decision, concerns, attendance and information shared is
    # tested in tests/web/test_api_write.py; nothing else can be changed or removed.
    client = signed_in(cast[Role.TEAM_MANAGER])
    for method in (client.patch, client.put, client.delete):
        response = method(
            f"/api/children/{case.child_id}/",
            {"given_name": "Changed"},
            content_type="application/json",
        )
        assert response.status_code == 405
    assert client.post("/api/children/", {}, content_type="application/json").status_code == 405
    case.child.refresh_from_db()
    assert case.child.given_name != "Changed"


def test_clocks_come_from_the_rules_engine_with_their_source_sentence(cast) -> None:
    case = CaseFactory(child__council=cast.council)
    with time_machine.travel(local(2026, 12, 23, 10, 0)):
        ConcernsFactory(
            case=case,
            identified_at=local(2026, 12, 23, 9, 0),
            recorded_by=cast[Role.SOCIAL_WORKER],
        )
        StrategyDiscussionFactory(
            case=case,
            concerns=case.concerns.get(),
            held_at=local(2026, 12, 23, 9, 30),
            outcome="section_47",
            enquiry="joint",
        )
        body = signed_in(cast[Role.SOCIAL_WORKER]).get(f"/api/cases/{case.pk}/clocks/").json()
    assert body["procedure"] == "sheffield"
    by_clock = {clock["clock"]: clock for clock in body["clocks"]}
    # Sheffield counts the initial conference from the s47 strategy discussion: 15 working
    # days from Wed 23 Dec 2026 skip Christmas, Boxing Day (Mon 28) and New Year's Day.
    conference = by_clock["initial_conference"]
    assert conference["due"] == "2027-01-18"
    assert conference["state"] == "due"
    assert conference["quote"]
    assert conference["source"].endswith(".txt")


def test_the_openapi_schema_and_docs_are_served(cast) -> None:
    client = signed_in(cast[Role.SOCIAL_WORKER])
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/cases/{id}/clocks/" in schema.content
    for recording in (
        b"/api/contacts/:",
        b"/api/contacts/{id}/decision/",
        b"/api/cases/{id}/concerns/",
        b"/api/strategy-discussions/{id}/attendance/",
        b"/api/strategy-discussions/{id}/information/",
    ):
        assert recording in schema.content
    assert b"ContactRequest" in schema.content
    assert client.get("/api/docs/").status_code == 200


def test_listing_cases_makes_the_same_number_of_queries_for_more_cases(
    cast, django_assert_max_num_queries
) -> None:
    client = signed_in(cast[Role.SOCIAL_WORKER])
    for _ in range(2):
        StrategyDiscussionFactory(case=CaseFactory(child__council=cast.council))
    with django_assert_max_num_queries(20) as few:
        client.get("/api/strategy-discussions/")
        client.get("/api/cases/")
    for _ in range(20):
        StrategyDiscussionFactory(case=CaseFactory(child__council=cast.council))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/strategy-discussions/")
        client.get("/api/cases/")
