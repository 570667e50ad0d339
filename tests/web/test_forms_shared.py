"""The form building blocks every app uses: times as people type them, and local moments
across the clock changes."""

from __future__ import annotations

from datetime import UTC, date, time

import pytest

from convene.forms import local_moment, parse_time_of_day


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("9:30am", time(9, 30)),
        ("9.30 am", time(9, 30)),
        ("9am", time(9, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("2:05pm", time(14, 5)),
        ("09:30", time(9, 30)),
        ("21:05", time(21, 5)),
        ("0:00", time(0, 0)),
        ("midday", time(12, 0)),
        ("noon", time(12, 0)),
        ("midnight", time(0, 0)),
    ],
)
def test_times_are_read_as_people_type_them(typed, meant) -> None:
    assert parse_time_of_day(typed) == meant


@pytest.mark.parametrize("typed", ["9", "25:00", "12:60", "13pm", "0am", "half nine", ""])
def test_a_time_that_is_not_a_time_or_could_mean_two_is_refused(typed) -> None:
    assert parse_time_of_day(typed) is None


def test_a_local_moment_is_in_gmt_in_winter_and_bst_in_summer() -> None:
    assert local_moment(date(2026, 3, 28), time(12, 0)).astimezone(UTC).hour == 12
    assert local_moment(date(2026, 3, 29), time(12, 0)).astimezone(UTC).hour == 11
    assert local_moment(date(2026, 10, 24), time(12, 0)).astimezone(UTC).hour == 11
    assert local_moment(date(2026, 10, 25), time(12, 0)).astimezone(UTC).hour == 12


def test_the_strategy_and_enquiry_forms_understand_am_and_pm_too() -> None:
    from convene.enquiries.forms import GovukTimeField
    from convene.strategy.forms import parse_time

    assert parse_time("2pm") == time(14, 0)
    assert parse_time("14:00") == time(14, 0)
    assert GovukTimeField("the time of the conference").clean("9:30am") == time(9, 30)
    with pytest.raises(Exception, match="24-hour clock"):
        GovukTimeField("the time of the conference").clean("9")
