"""The shared template filters and tags (convene_tags): dates, times, clock states, labels,
and the clock table other pages reuse."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from convene.cases.templatetags.convene_tags import (
    clock_due,
    clock_state_label,
    clock_tag_class,
    code_label,
    date_and_time,
    long_date,
    optional_url,
    short_time,
)
from convene.rules.contract import calendar_for
from convene.rules.engine import evaluate
from convene.rules.procedure import load_procedure
from convene.rules.timeline import parse_timeline

UTC = ZoneInfo("UTC")


def darlington_clocks(as_of: tuple[date, int]):
    procedure = load_procedure("darlington")
    timeline = parse_timeline(
        {
            "procedure": "darlington",
            "child": {"date_of_birth": "2018-05-01"},
            "events": [{"type": "contact_received", "at": "2026-11-02T10:00"}],
        }
    )
    return evaluate(timeline, procedure, as_of, calendar_for(procedure)).clocks


@pytest.mark.parametrize(
    "value, expected",
    [
        (date(2026, 11, 3), "Tue 3 Nov 2026"),
        ("2026-11-03", "Tue 3 Nov 2026"),
        ("2026-11-03T15:05", "Tue 3 Nov 2026"),
        # An aware time is shown in London time: 23:30 UTC in summer is the next day.
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "Wed 1 Jul 2026"),
        (None, ""),
        ("not a date", ""),
    ],
)
def test_long_date(value, expected) -> None:
    assert long_date(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (time(15, 5), "3:05pm"),
        (time(10, 0), "10am"),
        (time(12, 0), "midday"),
        (time(0, 0), "midnight"),
        (time(0, 30), "12:30am"),
        ("2026-11-03T09:45", "9:45am"),
        (date(2026, 11, 3), ""),
    ],
)
def test_short_time(value, expected) -> None:
    assert short_time(value) == expected


def test_date_and_time_shows_the_time_only_when_it_is_known() -> None:
    assert date_and_time("2026-11-03T15:05") == "Tue 3 Nov 2026 at 3:05pm"
    assert date_and_time("2026-11-03") == "Tue 3 Nov 2026"


def test_clocks_show_their_due_date_and_a_coloured_state() -> None:
    decision, acknowledgement = darlington_clocks((date(2026, 11, 2), 10 * 60 + 30))
    assert clock_due(decision) == "Tue 3 Nov 2026 at 10am"
    assert clock_due(acknowledgement) == "Mon 16 Nov 2026"
    assert [clock_tag_class(state) for state in ("met", "due", "overdue", "late")] == [
        "govuk-tag--green",
        "govuk-tag--blue",
        "govuk-tag--red",
        "govuk-tag--orange",
    ]
    assert clock_state_label("overdue") == "Overdue"


def test_codes_read_as_words() -> None:
    assert code_label("female_genital_mutilation") == "Female genital mutilation (FGM)"
    assert code_label("a_code_not_yet_labelled") == "A code not yet labelled"
    assert code_label("") == ""


def test_optional_url_is_empty_while_a_page_does_not_exist() -> None:
    assert optional_url("no_such_page", 1, 2) == ""
    assert optional_url("case_detail", 7) == "/cases/7/"


def test_the_clock_table_lists_clocks_for_one_case_or_across_cases(db) -> None:
    clocks = darlington_clocks((date(2026, 11, 4), 9 * 60))
    html = Template("{% load convene_tags %}{% clock_table clocks caption='Clocks' %}").render(
        Context({"clocks": clocks})
    )
    assert "<caption" in html and "Clocks" in html
    assert html.count('<strong class="govuk-tag govuk-tag--') == 2
    assert "Overdue" in html and "Due" in html
    assert "darlington-child-protection-procedures.txt" in html

    class FakeCase:
        pk = 12
        reference = "CV-000012"

    html = Template("{% load convene_tags %}{% clock_table rows %}").render(
        Context({"rows": [(FakeCase(), clock) for clock in clocks]})
    )
    assert '<a class="govuk-link" href="/cases/12/">CV-000012</a>' in html
    empty = Template("{% load convene_tags %}{% clock_table clocks empty='Nothing due.' %}")
    assert "Nothing due." in empty.render(Context({"clocks": []}))
