"""Who sees and changes a section 47 enquiry, what is logged when they do, and the queries a
page makes."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.audit.models import RecordView
from convene.cases.models import HouseholdMember
from convene.enquiries.models import InitialConference
from convene.people.models import Role
from convene.strategy.models import Invitee
from tests.factories import EngagementFactory, local
from tests.web.test_enquiries_helpers import (
    booked_conference,
    client_for,
    detail_url,
    engage,
    moment_data,
    section_47_discussion,
    started_enquiry,
    substantiated_enquiry,
)

NOW = local(2026, 12, 21, 11, 0)


def pages(enquiry) -> list[str]:
    base = detail_url(enquiry)
    return [base + "child-seen/", base + "outcome/", base + "conference/"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.POLICE_OFFICER, "joint"),
        (Role.POLICE_OFFICER, "single"),
        (Role.HEALTH_PROFESSIONAL, "single"),
        (Role.EDUCATION_SAFEGUARDING_LEAD, "joint"),
    ],
)
def test_a_partner_invited_to_the_discussion_reads_the_enquiry_and_conference_not_changes_them(
    cast, role, kind
) -> None:
    enquiry = substantiated_enquiry(
        cast,
        local(2026, 12, 18, 15, 0),
        local(2026, 12, 19, 10, 0),
        local(2026, 12, 20, 10, 0),
        kind=kind,
    )
    conference = booked_conference(cast, enquiry, local(2027, 1, 8, 10, 0))
    partner = cast[role]
    engage(cast, enquiry.case, partner)
    invite(enquiry.strategy_discussion, partner)
    client = client_for(partner)
    response = client.get(detail_url(enquiry))
    page = response.content.decode()
    assert response.status_code == 200
    assert kind.capitalize() in page
    assert "Synthetic Room 1" in page  # the conference booking
    assert "Change when the child was seen" not in page
    assert "Change the outcome" not in page
    assert RecordView.objects.filter(
        user=partner, case=enquiry.case, what="enquiry_detail"
    ).exists()
    for url in [*pages(enquiry), detail_url(enquiry) + "conference/delay/"]:
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
    start = f"/cases/{enquiry.case_id}/strategy/{enquiry.strategy_discussion_id}/enquiry/start/"
    assert client.get(start).status_code == 403
    # The API answers as the page does.
    api = client.get(f"/api/section-47-enquiries/{enquiry.pk}/")
    assert api.status_code == 200
    assert api.json()["id"] == enquiry.pk
    assert client.get(f"/api/initial-conferences/{conference.pk}/").status_code == 200
    assert [row["id"] for row in client.get("/api/section-47-enquiries/").json()["results"]] == [
        enquiry.pk
    ]


@time_machine.travel(NOW, tick=False)
def test_an_engaged_partner_not_invited_to_the_discussion_is_told_no_enquiry_exists(cast) -> None:
    enquiry = substantiated_enquiry(
        cast, local(2026, 12, 18, 15, 0), local(2026, 12, 19, 10, 0), local(2026, 12, 20, 10, 0)
    )
    booked_conference(cast, enquiry, local(2027, 1, 8, 10, 0))
    teacher = cast[Role.EDUCATION_SAFEGUARDING_LEAD]
    engage(cast, enquiry.case, teacher)
    client = client_for(teacher)
    assert client.get(detail_url(enquiry)).status_code == 404
    assert client.get(f"/api/section-47-enquiries/{enquiry.pk}/").status_code == 404
    assert client.get("/api/initial-conferences/").json()["count"] == 0
    page = client.get(f"/cases/{enquiry.case_id}/").content.decode()
    assert "Section 47 enquiry" not in page
    assert "Initial child protection conference" not in page


def invite(discussion, user) -> None:
    Invitee.objects.create(
        discussion=discussion,
        attendee={"police": "police", "health": "health"}.get(user.agency.kind, "school"),
        basis=Invitee.Basis.REQUIRED,
        user=user,
        agency=user.agency,
    )


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("engagement", ["none", "expired", "revoked"])
def test_a_partner_without_a_live_engagement_is_told_the_enquiry_does_not_exist(
    cast, engagement
) -> None:
    enquiry = substantiated_enquiry(
        cast,
        local(2026, 12, 18, 15, 0),
        local(2026, 12, 19, 10, 0),
        local(2026, 12, 20, 10, 0),
        kind="joint",
    )
    conference = booked_conference(cast, enquiry, local(2027, 1, 8, 10, 0))
    police = cast[Role.POLICE_OFFICER]
    today = NOW.date()
    if engagement == "expired":
        EngagementFactory(
            case=enquiry.case,
            user=police,
            starts_on=today - timedelta(days=40),
            ends_on=today - timedelta(days=1),
            granted_by=cast[Role.SOCIAL_WORKER],
        )
    elif engagement == "revoked":
        EngagementFactory(
            case=enquiry.case,
            user=police,
            revoked_at=NOW - timedelta(hours=1),
            granted_by=cast[Role.SOCIAL_WORKER],
        )
    client = client_for(police)
    for url in [detail_url(enquiry), *pages(enquiry)]:
        assert client.get(url).status_code == 404
    assert client.get(f"/api/section-47-enquiries/{enquiry.pk}/").status_code == 404
    assert client.get(f"/api/initial-conferences/{conference.pk}/").status_code == 404
    assert client.get("/api/section-47-enquiries/").json()["results"] == []
    assert not RecordView.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_another_councils_social_worker_finds_nothing(cast) -> None:
    enquiry = started_enquiry(cast, local(2026, 12, 18, 15, 0))
    client = client_for(cast.other_council_social_worker)
    for url in [detail_url(enquiry), *pages(enquiry), detail_url(enquiry) + "conference/delay/"]:
        assert client.get(url).status_code == 404
    start = f"/cases/{enquiry.case_id}/strategy/{enquiry.strategy_discussion_id}/enquiry/start/"
    assert client.get(start).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_an_enquiry_of_another_case_is_not_found_under_this_case(cast) -> None:
    enquiry = started_enquiry(cast, local(2026, 12, 18, 15, 0))
    other = started_enquiry(cast, local(2026, 12, 18, 16, 0))
    client = client_for(cast[Role.SOCIAL_WORKER])
    assert client.get(f"/cases/{other.case_id}/enquiry/{enquiry.id}/").status_code == 404


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("role", "detail", "record", "book"),
    [
        (Role.SOCIAL_WORKER, 200, 200, 200),
        (Role.TEAM_MANAGER, 200, 200, 200),
        (Role.BUSINESS_SUPPORT, 200, 403, 200),
        (Role.CONFERENCE_CHAIR, 200, 403, 403),
        # The council's administrator may not know the case exists.
        (Role.ADMINISTRATOR, 404, 404, 404),
    ],
)
def test_council_staff_see_the_enquiry_and_change_what_their_role_does(
    cast, role, detail, record, book
) -> None:
    enquiry = substantiated_enquiry(
        cast, local(2026, 12, 18, 15, 0), local(2026, 12, 19, 10, 0), local(2026, 12, 20, 10, 0)
    )
    client = client_for(cast[role])
    assert client.get(detail_url(enquiry)).status_code == detail
    assert client.get(detail_url(enquiry) + "child-seen/").status_code == record
    assert client.get(detail_url(enquiry) + "outcome/").status_code == record
    assert client.get(detail_url(enquiry) + "conference/").status_code == book


@time_machine.travel(NOW, tick=False)
def test_only_social_workers_and_managers_start_an_enquiry(cast) -> None:
    discussion = section_47_discussion(cast, local(2026, 12, 18, 15, 0))
    url = f"/cases/{discussion.case_id}/strategy/{discussion.id}/enquiry/start/"
    for role in (Role.BUSINESS_SUPPORT, Role.CONFERENCE_CHAIR):
        response = client_for(cast[role]).post(
            url, {"lead_social_worker": cast[Role.SOCIAL_WORKER].pk, "kind": "single"}
        )
        assert response.status_code == 403
    assert client_for(cast[Role.TEAM_MANAGER]).get(url).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_recording_the_child_seen_is_audited_with_who_changed_what(cast) -> None:
    enquiry = started_enquiry(cast, local(2026, 12, 18, 15, 0))
    social_worker = cast[Role.SOCIAL_WORKER]
    client = client_for(social_worker)
    client.post(
        detail_url(enquiry) + "child-seen/",
        {
            "version": "1",
            **moment_data("seen", local(2026, 12, 19, 10, 0)),
            "seen_alone": "yes",
            "parental_permission": "obtained",
        },
    )
    entry = LogEntry.objects.get_for_object(enquiry).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == social_worker
    assert "child_seen_at" in entry.changes_dict
    assert "parental_permission" in entry.changes_dict
    assert RecordView.objects.filter(
        user=social_worker, case=enquiry.case, child=enquiry.case.child, channel="page"
    ).exists()


@time_machine.travel(NOW, tick=False)
def test_booking_a_conference_is_audited(cast) -> None:
    enquiry = substantiated_enquiry(
        cast, local(2026, 12, 18, 15, 0), local(2026, 12, 19, 10, 0), local(2026, 12, 20, 10, 0)
    )
    support = cast[Role.BUSINESS_SUPPORT]
    response = client_for(support).post(
        detail_url(enquiry) + "conference/",
        {
            **moment_data("scheduled", local(2027, 1, 8, 10, 0)),
            "venue": "Synthetic Room",
            "chair": cast[Role.CONFERENCE_CHAIR].pk,
        },
    )
    assert response.status_code == 302
    conference = InitialConference.objects.get(enquiry=enquiry)
    entry = LogEntry.objects.get_for_object(conference).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == support
    assert RecordView.objects.filter(user=support, what="conference_book").exists()


def test_the_enquiry_page_makes_the_same_queries_however_much_the_case_holds(cast) -> None:
    with time_machine.travel(NOW, tick=False):
        small = substantiated_enquiry(
            cast, local(2026, 12, 18, 15, 0), local(2026, 12, 19, 10, 0), local(2026, 12, 20, 10, 0)
        )
        large = substantiated_enquiry(
            cast,
            local(2026, 12, 18, 15, 0),
            local(2026, 12, 19, 10, 0),
            local(2026, 12, 20, 10, 0),
            household_children=tuple(f"Synthetic Sibling {n}" for n in range(8)),
        )
        for enquiry in (small, large):
            booked_conference(cast, enquiry, local(2027, 1, 8, 10, 0))
        # More concerns and discussions on the larger case's timeline.
        for hour in (9, 10, 11):
            section_47_discussion(
                cast, local(2026, 12, 17, hour, 0), case=large.case, outcome="child_in_need"
            )
        HouseholdMember.objects.create(
            child=large.case.child, name="Synthetic Adult", relationship="Uncle"
        )
        client = client_for(cast[Role.SOCIAL_WORKER])
        counts = []
        for enquiry in (small, large):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(detail_url(enquiry)).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]
        assert counts[1] <= 25
