"""Recording the enquiry: seeing the child, parental permission, the other children of the
household and the outcome. Bad input changes nothing and keeps what was typed; an edit from a
stale page is refused."""

from __future__ import annotations

import time_machine

from convene.enquiries.models import Section47Enquiry
from convene.people.models import Role
from tests.factories import local
from tests.web.test_enquiries_helpers import (
    booked_conference,
    client_for,
    detail_url,
    is_checked,
    moment_data,
    started_enquiry,
    substantiated_enquiry,
)

HELD = local(2026, 12, 18, 15, 0)
NOW = local(2026, 12, 22, 12, 0)


def seen_data(**fields) -> dict[str, str]:
    return {
        "version": "1",
        **moment_data("seen", local(2026, 12, 19, 10, 0)),
        "seen_alone": "yes",
        "parental_permission": "obtained",
        **fields,
    }


def errors_of(page: str) -> str:
    start = page.find("govuk-error-summary__list")
    return page[start : page.find("</ul>", start)] if start >= 0 else ""


@time_machine.travel(NOW, tick=False)
def test_a_child_not_seen_alone_needs_who_was_present_and_why(cast) -> None:
    enquiry = started_enquiry(cast, HELD)
    client = client_for(cast[Role.SOCIAL_WORKER])
    url = detail_url(enquiry) + "child-seen/"
    response = client.post(url, seen_data(seen_alone="no", seen_with="  "))
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "Say who was present when the child was seen, and why" in errors_of(page)
    assert is_checked(page, "seen_alone", "no")
    assert 'name="seen_date_0" value="19"' in page
    enquiry.refresh_from_db()
    assert enquiry.child_seen_at is None and enquiry.version == 1

    client.post(
        url, seen_data(seen_alone="no", seen_with="Synthetic: mother, the child asked for her.")
    )
    enquiry.refresh_from_db()
    assert enquiry.seen_alone is False
    assert enquiry.seen_with == "Synthetic: mother, the child asked for her."
    page = client.get(detail_url(enquiry)).content.decode()
    assert "Synthetic: mother, the child asked for her." in page


@time_machine.travel(NOW, tick=False)
def test_seeing_the_child_without_parental_permission_needs_the_exceptional_circumstance(
    cast,
) -> None:
    enquiry = started_enquiry(cast, HELD)
    client = client_for(cast[Role.SOCIAL_WORKER])
    url = detail_url(enquiry) + "child-seen/"
    response = client.post(url, seen_data(parental_permission="not_obtained"))
    assert "Say what exceptional circumstance justified" in errors_of(response.content.decode())
    assert Section47Enquiry.objects.get().parental_permission == ""
    client.post(
        url,
        seen_data(
            parental_permission="not_obtained",
            exceptional_circumstance="Synthetic: the child could be coerced into silence.",
        ),
    )
    enquiry.refresh_from_db()
    assert enquiry.parental_permission == "not_obtained"
    assert enquiry.exceptional_circumstance == "Synthetic: the child could be coerced into silence."


@time_machine.travel(NOW, tick=False)
def test_when_the_child_was_seen_must_be_a_real_past_time_after_the_enquiry_started(cast) -> None:
    enquiry = started_enquiry(cast, HELD)
    client = client_for(cast[Role.SOCIAL_WORKER])
    url = detail_url(enquiry) + "child-seen/"
    cases = [
        (moment_data("seen", local(2026, 12, 22, 13, 0)), "must be in the past"),
        (moment_data("seen", local(2026, 12, 18, 14, 0)), "on or after the enquiry started"),
        ({**moment_data("seen", NOW), "seen_date_0": "31", "seen_date_1": "2"}, "real date"),
        ({**moment_data("seen", NOW), "seen_date_1": ""}, "must include the month"),
        # "9" alone could be morning or evening ("9am" is understood).
        ({**moment_data("seen", NOW), "seen_time": "9"}, "24-hour clock"),
    ]
    for moment, message in cases:
        response = client.post(url, seen_data(**moment))
        assert message in errors_of(response.content.decode()), message
    enquiry.refresh_from_db()
    assert enquiry.child_seen_at is None


@time_machine.travel(NOW, tick=False)
def test_an_edit_from_a_stale_page_is_refused_and_keeps_what_was_typed(cast) -> None:
    enquiry = started_enquiry(cast, HELD)
    enquiry.seen_alone = True
    enquiry.child_seen_at = local(2026, 12, 19, 9, 0)
    enquiry.version = 2  # changed by someone else after the page was drawn at version 1
    enquiry.save()
    client = client_for(cast[Role.SOCIAL_WORKER])
    response = client.post(
        detail_url(enquiry) + "child-seen/",
        seen_data(seen_alone="no", seen_with="Synthetic: an interpreter, for the child."),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record while you were editing it" in page
    assert "Synthetic: an interpreter, for the child." in page
    assert 'name="version" value="2"' in page
    enquiry.refresh_from_db()
    assert enquiry.seen_alone is True
    assert enquiry.child_seen_at == local(2026, 12, 19, 9, 0)


@time_machine.travel(NOW, tick=False)
def test_the_outcome_asks_how_each_other_child_of_the_household_was_considered(cast) -> None:
    enquiry = started_enquiry(
        cast, HELD, household_children=("Synthetic Sibling A", "Synthetic Sibling B")
    )
    enquiry.child_seen_at = local(2026, 12, 19, 10, 0)
    enquiry.seen_alone = True
    enquiry.save()
    client = client_for(cast[Role.SOCIAL_WORKER])
    url = detail_url(enquiry) + "outcome/"
    page = client.get(url).content.decode()
    assert "Synthetic Sibling A (Sibling): \nSynthetic Sibling B (Sibling):" in page
    assert "Parent Example" not in page.split('name="other_children_considered"')[1][:300]
    response = client.post(
        url,
        {
            "version": "2",
            "other_children_considered": (
                "Synthetic Sibling A (Sibling): seen at school, no concerns.\n"
                "Synthetic Sibling B (Sibling): "
            ),
            "outcome": "substantiated",
            "outcome_reasons": "",
            **moment_data("completed", local(2026, 12, 22, 10, 0)),
        },
    )
    page = response.content.decode()
    errors = errors_of(page)
    assert "Say how each other child in the household was considered: Synthetic Sibling B" in (
        errors
    )
    assert "Give the reasons for the outcome" in errors
    assert "seen at school, no concerns." in page
    assert is_checked(page, "outcome", "substantiated")
    enquiry.refresh_from_db()
    assert enquiry.outcome == ""


@time_machine.travel(NOW, tick=False)
def test_the_outcome_waits_for_the_child_to_be_seen_and_follows_it(cast) -> None:
    enquiry = started_enquiry(cast, HELD)
    client = client_for(cast[Role.SOCIAL_WORKER])
    data = {
        "version": "1",
        "outcome": "not_substantiated",
        "outcome_reasons": "Synthetic reasons.",
        **moment_data("completed", local(2026, 12, 21, 10, 0)),
    }
    response = client.post(detail_url(enquiry) + "outcome/", data)
    assert "Record when the child was seen before recording the outcome" in errors_of(
        response.content.decode()
    )
    enquiry.child_seen_at = local(2026, 12, 21, 12, 0)
    enquiry.seen_alone = True
    enquiry.save()
    response = client.post(detail_url(enquiry) + "outcome/", {**data, "version": "2"})
    assert "on or after the child was seen" in errors_of(response.content.decode())
    enquiry.refresh_from_db()
    assert enquiry.outcome == ""


@time_machine.travel(NOW, tick=False)
def test_a_booked_conference_keeps_the_concerns_substantiated(cast) -> None:
    enquiry = substantiated_enquiry(cast, HELD, local(2026, 12, 19, 10, 0), local(2026, 12, 21, 9))
    booked_conference(cast, enquiry, local(2027, 1, 8, 10, 0))
    client = client_for(cast[Role.SOCIAL_WORKER])
    response = client.post(
        detail_url(enquiry) + "outcome/",
        {
            "version": str(enquiry.version),
            "outcome": "not_substantiated",
            "outcome_reasons": "Synthetic reasons.",
            **moment_data("completed", local(2026, 12, 21, 9, 0)),
        },
    )
    assert "An initial conference is booked for this enquiry" in errors_of(
        response.content.decode()
    )
    enquiry.refresh_from_db()
    assert enquiry.outcome == "substantiated"
