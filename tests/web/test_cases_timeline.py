"""The case's timeline: its events in time order, each with who recorded it."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.audit.models import RecordView
from convene.people.models import Role
from tests.factories import local
from tests.web.cases_support import add_pathway, case_in, signed_in


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def timeline_rows(response) -> list[list[str]]:
    body = response.content.decode()
    table = body[body.index("<tbody") : body.index("</tbody>")]
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table, re.S)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in rows
    ]


def test_the_timeline_lists_the_cases_events_in_time_order_with_who_recorded_them(cast) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    case = case_in(cast, received_at=local(2026, 11, 2, 9, 0), recorded_by=worker)
    add_pathway(case, worker, local(2026, 11, 2, 10, 0))
    response = signed_in(cast[Role.TEAM_MANAGER]).get(f"/cases/{case.pk}/timeline/")
    rows = timeline_rows(response)
    assert len(rows) == 7
    whats = [row[1] for row in rows]
    assert whats[0].startswith("Contact received")
    assert whats[1].startswith("Concerns of significant harm identified Physical abuse")
    assert whats[2].startswith("Strategy discussion held Strategy meeting. Outcome: Section 47")
    assert whats[3].startswith("Strategy discussion record circulated")
    assert whats[4] == "Child seen Seen alone"
    assert whats[5] == "Section 47 enquiry completed Concerns substantiated"
    assert whats[6].startswith("Initial child protection conference booked For Thu 12 Nov 2026")
    assert rows[0][0] == "Mon 2 Nov 2026 at 9am"
    assert all(row[2] == worker.full_name for row in rows)
    assert RecordView.objects.filter(case=case, what="case_timeline_view").exists()


def test_who_acknowledged_the_referrer_comes_from_the_audit_log(cast) -> None:
    case = case_in(cast)
    clerk = cast[Role.BUSINESS_SUPPORT]
    signed_in(clerk).post(
        f"/cases/{case.pk}/contact/acknowledged/", {"version": str(case.contact.version)}
    )
    rows = timeline_rows(signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/timeline/"))
    acknowledged = [row for row in rows if row[1] == "Referrer acknowledged"]
    assert acknowledged and acknowledged[0][2] == clerk.full_name


def test_the_timeline_takes_the_same_number_of_queries_however_long_it_is(cast) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    client = signed_in(worker)
    short = case_in(cast, received_at=local(2026, 11, 2, 9, 0))
    add_pathway(short, worker, local(2026, 11, 2, 10, 0), sets=1)
    long = case_in(cast, received_at=local(2026, 11, 2, 9, 0))
    add_pathway(long, worker, local(2026, 11, 2, 10, 0), sets=5)
    client.get(f"/cases/{short.pk}/timeline/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/cases/{short.pk}/timeline/")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/cases/{long.pk}/timeline/")
    assert len(many) == len(few)
