"""Shared helpers for the cases app's page tests (tests/web/test_cases_*.py): a case at a
chosen stage, a valid contact form, and who can see what."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from convene.cases.models import Case
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import Role
from tests.factories import (
    CaseFactory,
    ConcernsFactory,
    ContactFactory,
    EngagementFactory,
    StrategyDiscussionFactory,
)


def text_of(response: Any) -> str:
    """The page's text, tags removed and spaces collapsed, to assert what a reader sees."""
    body = response.content.decode()
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def title_of(response: Any) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match is not None
    return html.unescape(" ".join(match.group(1).split()))


def error_links(response: Any) -> list[tuple[str, str]]:
    """The error summary's (link target, message) pairs."""
    body = response.content.decode()
    if "govuk-error-summary__list" not in body:
        return []
    summary = body[body.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return [
        (href, html.unescape(message))
        for href, message in re.findall(r'<a href="([^"]+)">(.*?)</a>', summary)
    ]


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def case_in(cast: Any, *, procedure: str | None = None, **contact_fields: Any) -> Case:
    """A case of the cast's council with a contact (received now unless told otherwise)."""
    if procedure is not None:
        cast.council.procedure = procedure
        cast.council.save(update_fields=["procedure"])
    case = CaseFactory(child__council=cast.council)
    contact_fields.setdefault("recorded_by", cast[Role.SOCIAL_WORKER])
    ContactFactory(case=case, **contact_fields)
    return case


def engage(case: Case, user: Any, granted_by: Any, days: int = 30) -> Any:
    return EngagementFactory(
        case=case,
        user=user,
        granted_by=granted_by,
        ends_on=timezone.localdate() + timedelta(days=days),
    )


def add_pathway(case: Case, recorder: Any, at: datetime, *, sets: int = 1) -> None:
    """Concerns, a held strategy discussion deciding on section 47, the enquiry (child seen,
    substantiated) and the initial conference booked, `sets` times over."""
    for number in range(sets):
        start = at + timedelta(days=number)
        concerns = ConcernsFactory(
            case=case, identified_at=start, recorded_by=recorder, concerns=["physical_abuse"]
        )
        discussion = StrategyDiscussionFactory(
            case=case,
            concerns=concerns,
            scheduled_for=start + timedelta(hours=2),
            held_at=start + timedelta(hours=2),
            outcome="section_47",
            enquiry="single",
            chair=recorder,
            record_finalised_by=recorder,
            record_circulated_at=start + timedelta(hours=5),
        )
        enquiry = Section47Enquiry.objects.create(
            case=case,
            strategy_discussion=discussion,
            lead_social_worker=recorder,
            kind="single",
            started_at=start + timedelta(hours=3),
            child_seen_at=start + timedelta(hours=6),
            seen_alone=True,
            outcome="substantiated",
            completed_at=start + timedelta(hours=8),
        )
        InitialConference.objects.create(
            case=case,
            enquiry=enquiry,
            scheduled_for=start + timedelta(days=10),
            venue="Synthetic venue",
            booked_by=recorder,
            booked_at=start + timedelta(hours=9),
        )


def contact_form_data(**overrides: Any) -> dict[str, Any]:
    """A complete, valid contact form as the browser posts it (synthetic data)."""
    now = timezone.localtime()
    earlier = now - timedelta(minutes=30)
    data: dict[str, Any] = {
        "child-given_name": "Testchild",
        "child-family_name": "Example",
        "child-date_of_birth_0": "1",
        "child-date_of_birth_1": "5",
        "child-date_of_birth_2": "2018",
        "child-expected_birth_date_0": "",
        "child-expected_birth_date_1": "",
        "child-expected_birth_date_2": "",
        "child-sex": "female",
        "child-ethnicity": "Not stated",
        "child-upn": "",
        "child-address": "1 Synthetic Street\nTestshire",
        "child-postcode": "ts1 1aa",
        "child-first_language": "English",
        "child-interpreter_needed": "False",
        "child-disability": "",
        "child-hospital": "no",
        "child-medical_examination": "False",
        "child-lives_outside_area": "False",
        "adults-TOTAL_FORMS": "1",
        "adults-INITIAL_FORMS": "0",
        "adults-0-name": "Parent Example",
        "adults-0-relationship": "Mother",
        "adults-0-parental_responsibility": "on",
        "children-TOTAL_FORMS": "1",
        "children-INITIAL_FORMS": "0",
        "children-0-name": "",
        "children-0-relationship": "",
        "others-TOTAL_FORMS": "1",
        "others-INITIAL_FORMS": "0",
        "others-0-name": "",
        "others-0-relationship": "",
        "agencies-TOTAL_FORMS": "1",
        "agencies-INITIAL_FORMS": "0",
        "agencies-0-service": "GP",
        "agencies-0-agency": "",
        "agencies-0-contact_name": "Dr Synthetic",
        "agencies-0-contact_details": "01000 000000",
        "contact-received_on_0": str(earlier.day),
        "contact-received_on_1": str(earlier.month),
        "contact-received_on_2": str(earlier.year),
        "contact-received_time": f"{earlier:%H:%M}",
        "contact-referrer_name": "A. Referrer",
        "contact-referrer_role": "Class teacher",
        "contact-referrer_agency": "Testshire Primary School",
        "contact-referrer_contact_details": "referrer@example.test",
        "contact-referrer_relationship": "Teacher",
        "contact-consent": "given",
        "contact-consent_detail": "Mother agreed by phone.",
        "contact-presenting_issues": "Synthetic presenting issues.",
        "contact-reason_and_impact": "Synthetic reason and impact.",
        "contact-current_support": "",
        "contact-named_lead": "",
        "contact-lead_social_worker": "",
    }
    data.update(overrides)
    return data
