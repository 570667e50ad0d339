"""The England working-day calendar: bank holidays, council closure days and the counting rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import holidays
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from convene.rules import bank_holidays
from convene.rules.calendar import (
    CLOSURE_DAY_NAME,
    FIRST_DATE,
    LAST_DATE,
    CalendarRangeError,
    WorkingDayCalendar,
    england_calendar,
    write_bank_holidays,
)

CAL = england_calendar()

# Straight from the holidays package, as the reference below needs an independent source.
PACKAGE_HOLIDAYS = dict(
    holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_DATE.year, LAST_DATE.year + 1))
)
RANGE_MESSAGE = "2000-01-01 to 2100-12-31"


# A slow, obviously-correct reference: walk one day at a time.


def reference_is_working_day(day: date, closures: frozenset[date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in PACKAGE_HOLIDAYS and day not in closures


def reference_add(day: date, n: int, closures: frozenset[date] = frozenset()) -> date:
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if not FIRST_DATE <= day <= LAST_DATE:
            raise CalendarRangeError(day)
        if reference_is_working_day(day, closures):
            remaining -= 1
    return day


def reference_between(start: date, end: date, closures: frozenset[date] = frozenset()) -> int:
    if end < start:
        return -reference_between(end, start, closures)
    days = (start + timedelta(days=i) for i in range(1, (end - start).days + 1))
    return sum(reference_is_working_day(day, closures) for day in days)


# The holidays data itself.

BANK_HOLIDAYS = [
    # Christmas and Boxing Day, with substitute days when they fall at a weekend.
    (date(2020, 12, 25), "Christmas Day"),  # Friday
    (date(2020, 12, 28), "Boxing Day (observed)"),  # 26th was a Saturday
    (date(2021, 12, 27), "Christmas Day (observed)"),  # 25th was a Saturday
    (date(2021, 12, 28), "Boxing Day (observed)"),  # 26th was a Sunday
    (date(2026, 12, 25), "Christmas Day"),  # Friday
    (date(2026, 12, 28), "Boxing Day (observed)"),  # 26th is a Saturday
    # New Year's Day, with substitute days.
    (date(2022, 1, 3), "New Year's Day (observed)"),  # 1st was a Saturday
    (date(2023, 1, 2), "New Year's Day (observed)"),  # 1st was a Sunday
    (date(2026, 1, 1), "New Year's Day"),
    # Easter.
    (date(2026, 4, 3), "Good Friday"),
    (date(2026, 4, 6), "Easter Monday"),
    (date(2027, 3, 26), "Good Friday"),
    (date(2027, 3, 29), "Easter Monday"),
    # Early May, spring and summer bank holidays.
    (date(2026, 5, 4), "May Day"),  # early May bank holiday
    (date(2026, 5, 25), "Spring Bank Holiday"),
    (date(2026, 8, 31), "Late Summer Bank Holiday"),
    # One-off days.
    (date(2002, 6, 3), "Golden Jubilee of Elizabeth II"),
    (date(2011, 4, 29), "Wedding of William and Catherine"),
    (date(2012, 6, 5), "Diamond Jubilee of Elizabeth II"),
    (date(2022, 6, 3), "Platinum Jubilee of Elizabeth II"),
    (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
    (date(2023, 5, 8), "Coronation of Charles III"),
    # Moved bank holidays.
    (date(2002, 6, 4), "Spring Bank Holiday"),  # moved from 27 May for the golden jubilee
    (date(2012, 6, 4), "Spring Bank Holiday"),  # moved from 28 May for the diamond jubilee
    (date(2020, 5, 8), "May Day"),  # moved from Monday 4 May to Friday 8 May for VE Day
    (date(2022, 6, 2), "Spring Bank Holiday"),  # moved from 30 May for the platinum jubilee
]


@pytest.mark.parametrize(("day", "name"), BANK_HOLIDAYS)
def test_a_bank_holiday_is_not_a_working_day_and_is_named(day: date, name: str) -> None:
    assert not CAL.is_working_day(day)
    assert CAL.holiday_name(day) == name


@pytest.mark.parametrize(
    "day",
    [
        date(2002, 5, 27),  # last Monday of May 2002: the spring bank holiday moved to 4 June
        date(2012, 5, 28),  # last Monday of May 2012: moved to 4 June
        date(2020, 5, 4),  # first Monday of May 2020: moved to VE Day, Friday 8 May
        date(2022, 5, 30),  # last Monday of May 2022: moved to 2 June
        date(2021, 12, 29),  # the Wednesday after the 2021 substitute days
        date(2026, 12, 24),  # Christmas Eve is not a bank holiday
        date(2026, 12, 31),  # nor is New Year's Eve
    ],
)
def test_a_day_a_bank_holiday_moved_away_from_is_a_working_day(day: date) -> None:
    assert CAL.is_working_day(day)
    assert CAL.holiday_name(day) is None


def test_weekends_are_not_working_days() -> None:
    assert not CAL.is_working_day(date(2026, 12, 19))  # Saturday
    assert not CAL.is_working_day(date(2026, 12, 20))  # Sunday
    assert CAL.is_working_day(date(2026, 12, 21))  # Monday


def test_a_bank_holiday_at_a_weekend_keeps_its_name() -> None:
    assert CAL.holiday_name(date(2026, 12, 26)) == "Boxing Day"  # Saturday
    assert CAL.holiday_name(date(2026, 12, 27)) is None  # an ordinary Sunday


def test_every_day_of_the_range_matches_the_reference() -> None:
    day = FIRST_DATE
    while day <= LAST_DATE:
        assert CAL.is_working_day(day) == reference_is_working_day(day), day
        assert CAL.holiday_name(day) == PACKAGE_HOLIDAYS.get(day), day
        day += timedelta(days=1)


def test_the_bank_holiday_snapshot_equals_the_holidays_package_exactly() -> None:
    snapshot = {date.fromisoformat(day): name for day, name in bank_holidays.BANK_HOLIDAYS.items()}
    assert snapshot == dict(holidays.country_holidays("GB", subdiv="ENG", years=range(2000, 2101)))


def test_the_bank_holiday_snapshot_is_what_its_command_writes(tmp_path: Path) -> None:
    written = tmp_path / "bank_holidays.py"
    write_bank_holidays(written)
    assert written.read_text(encoding="utf-8") == Path(bank_holidays.__file__).read_text(
        encoding="utf-8"
    )


# Adding, subtracting and counting working days.

ADD_CASES = [
    # Christmas 2026: Friday 25th, Boxing Day substitute Monday 28th.
    (date(2026, 12, 24), 1, date(2026, 12, 29)),
    (date(2026, 12, 14), 15, date(2027, 1, 7)),  # also skips New Year's Day, Friday 1 Jan 2027
    (date(2026, 12, 26), 1, date(2026, 12, 29)),  # from a Saturday; the day itself never counts
    (date(2026, 12, 25), 1, date(2026, 12, 29)),  # from Christmas Day itself
    # Christmas 2020: Boxing Day substitute Monday 28th.
    (date(2020, 12, 24), 1, date(2020, 12, 29)),
    # Christmas 2021: substitutes Monday 27th and Tuesday 28th.
    (date(2021, 12, 24), 1, date(2021, 12, 29)),
    # New Year 2022: substitute Monday 3 Jan.
    (date(2021, 12, 31), 1, date(2022, 1, 4)),
    # New Year 2023: substitute Monday 2 Jan.
    (date(2022, 12, 30), 1, date(2023, 1, 3)),
    # Easter 2026 and 2027: Good Friday and Easter Monday.
    (date(2026, 4, 2), 1, date(2026, 4, 7)),
    (date(2027, 3, 25), 1, date(2027, 3, 30)),
    # Early May, spring and summer bank holidays 2026.
    (date(2026, 5, 1), 1, date(2026, 5, 5)),
    (date(2026, 5, 22), 1, date(2026, 5, 26)),
    (date(2026, 8, 28), 1, date(2026, 9, 1)),
    # Golden jubilee Monday 3 June 2002 and the spring bank holiday moved to Tuesday 4 June.
    (date(2002, 5, 31), 1, date(2002, 6, 5)),
    # Royal wedding Friday 29 April 2011, then early May Monday 2 May.
    (date(2011, 4, 28), 1, date(2011, 5, 3)),
    # Spring bank holiday moved to Monday 4 June 2012, diamond jubilee Tuesday 5 June.
    (date(2012, 6, 1), 1, date(2012, 6, 6)),
    # Early May bank holiday 2020 moved to VE Day, Friday 8 May; Monday 4 May was a working day.
    (date(2020, 5, 7), 1, date(2020, 5, 11)),
    (date(2020, 5, 1), 1, date(2020, 5, 4)),
    # Spring bank holiday moved to Thursday 2 June 2022, platinum jubilee Friday 3 June.
    (date(2022, 6, 1), 1, date(2022, 6, 6)),
    # State funeral of Queen Elizabeth II, Monday 19 September 2022.
    (date(2022, 9, 16), 1, date(2022, 9, 20)),
    # Coronation of Charles III, Monday 8 May 2023 (a week after the early May bank holiday).
    (date(2023, 5, 5), 1, date(2023, 5, 9)),
    # Backwards, across New Year's Day 2027 (Friday) and the Christmas 2026 bank holidays.
    (date(2027, 1, 4), -3, date(2026, 12, 29)),
    (date(2027, 1, 4), -4, date(2026, 12, 24)),
    # Backwards across Easter 2026.
    (date(2026, 4, 7), -1, date(2026, 4, 2)),
    # Zero leaves the day unchanged, even when it is not a working day.
    (date(2026, 12, 26), 0, date(2026, 12, 26)),
]


@pytest.mark.parametrize(("start", "n", "expected"), ADD_CASES)
def test_add_working_days_skips_weekends_and_bank_holidays(
    start: date, n: int, expected: date
) -> None:
    assert CAL.add_working_days(start, n) == expected
    assert CAL.subtract_working_days(start, -n) == expected


def test_at_least_n_working_days_before_a_conference() -> None:
    # Conference on Monday 4 January 2027: 3 working days before skips New Year's Day.
    assert CAL.subtract_working_days(date(2027, 1, 4), 3) == date(2026, 12, 29)


def test_next_working_day_is_strictly_after_the_day() -> None:
    assert CAL.next_working_day(date(2026, 12, 23)) == date(2026, 12, 24)  # a working day
    assert CAL.next_working_day(date(2026, 12, 24)) == date(2026, 12, 29)
    assert CAL.next_working_day(date(2026, 12, 26)) == date(2026, 12, 29)  # a Saturday


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 12, 14), date(2027, 1, 7), 15),
        (date(2027, 1, 7), date(2026, 12, 14), -15),
        (date(2026, 12, 14), date(2026, 12, 14), 0),
        (date(2026, 12, 24), date(2026, 12, 28), 0),  # Christmas, weekend, Boxing Day substitute
        (date(2026, 12, 26), date(2026, 12, 29), 1),  # from a Saturday
        (date(2026, 12, 23), date(2026, 12, 24), 1),  # the end counts, the start does not
    ],
)
def test_working_days_between_counts_after_start_up_to_and_including_end(
    start: date, end: date, expected: int
) -> None:
    assert CAL.working_days_between(start, end) == expected


def test_working_days_between_does_not_invert_a_negative_add_from_a_non_working_day() -> None:
    # Documented: (Friday, Saturday] holds no working day, so the count is n + 1, not n.
    saturday = date(2026, 12, 19)
    friday = CAL.add_working_days(saturday, -1)
    assert friday == date(2026, 12, 18)
    assert CAL.working_days_between(saturday, friday) == 0


# Council closure days.


def test_a_council_closure_day_is_skipped_and_named() -> None:
    council = england_calendar({date(2026, 12, 24)})
    assert not council.is_working_day(date(2026, 12, 24))
    assert council.holiday_name(date(2026, 12, 24)) == CLOSURE_DAY_NAME == "Council closure day"
    assert council.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 29)
    assert council.add_working_days(date(2026, 12, 14), 15) == date(2027, 1, 8)
    assert council.next_working_day(date(2026, 12, 23)) == date(2026, 12, 29)
    assert council.working_days_between(date(2026, 12, 23), date(2026, 12, 29)) == 1
    assert council.closure_days == frozenset({date(2026, 12, 24)})


def test_the_base_calendar_is_unaffected_by_a_council_calendar() -> None:
    england_calendar({date(2026, 12, 24)})
    WorkingDayCalendar([date(2026, 12, 23)])
    assert CAL.is_working_day(date(2026, 12, 24))
    assert CAL.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 24)
    assert CAL.holiday_name(date(2026, 12, 24)) is None
    assert CAL.closure_days == frozenset()


def test_a_closure_day_on_a_bank_holiday_keeps_the_bank_holiday_name() -> None:
    council = england_calendar({date(2026, 12, 25), date(2026, 12, 27)})
    assert council.holiday_name(date(2026, 12, 25)) == "Christmas Day"
    assert council.holiday_name(date(2026, 12, 27)) == CLOSURE_DAY_NAME  # a Sunday
    assert council.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_england_calendar_returns_the_same_object_for_the_same_closure_days() -> None:
    assert england_calendar() is CAL
    assert england_calendar([]) is CAL
    days = [date(2026, 12, 24), date(2026, 12, 31)]
    council = england_calendar(days)
    assert england_calendar(reversed(days)) is council
    assert england_calendar(frozenset(days)) is council
    assert england_calendar(iter(days + days)) is council
    assert england_calendar(days[:1]) is not council


def test_closure_days_given_as_datetimes_count_by_their_date() -> None:
    council = england_calendar([datetime(2026, 12, 24, 9, 30)])
    assert council is england_calendar([date(2026, 12, 24)])
    assert council.closure_days == frozenset({date(2026, 12, 24)})
    assert not council.is_working_day(date(2026, 12, 24))


def test_a_calendar_cannot_be_changed() -> None:
    with pytest.raises(AttributeError, match="immutable"):
        CAL.closure_days = frozenset({date(2026, 12, 24)})  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        del CAL.closure_days
    assert CAL.is_working_day(date(2026, 12, 24))


def test_repr_lists_the_closure_days() -> None:
    assert repr(CAL) == "WorkingDayCalendar(closure_days=[])"
    council = england_calendar([date(2026, 12, 31), date(2026, 12, 24)])
    assert repr(council) == "WorkingDayCalendar(closure_days=[2026-12-24, 2026-12-31])"


# The supported range.


def test_the_first_and_last_working_days_of_the_range() -> None:
    # 1 and 2 January 2000 are a weekend and Monday 3 January the New Year's Day substitute.
    assert CAL.add_working_days(FIRST_DATE, 1) == date(2000, 1, 4)
    assert CAL.is_working_day(LAST_DATE)  # Friday 31 December 2100
    assert CAL.add_working_days(date(2100, 12, 30), 1) == LAST_DATE
    assert CAL.working_days_between(FIRST_DATE, LAST_DATE) == reference_between(
        FIRST_DATE, LAST_DATE
    )


OUTSIDE = [date(1999, 12, 31), date(2101, 1, 1)]


@pytest.mark.parametrize("day", OUTSIDE)
def test_a_date_outside_the_range_is_refused_with_a_clear_message(day: date) -> None:
    message = f"{day.isoformat()} is outside the supported calendar range {RANGE_MESSAGE}"
    calls = [
        lambda: CAL.is_working_day(day),
        lambda: CAL.add_working_days(day, 1),
        lambda: CAL.add_working_days(day, 0),
        lambda: CAL.subtract_working_days(day, 1),
        lambda: CAL.working_days_between(day, date(2026, 1, 1)),
        lambda: CAL.working_days_between(date(2026, 1, 1), day),
        lambda: CAL.next_working_day(day),
        lambda: CAL.holiday_name(day),
        lambda: england_calendar([day]),
        lambda: WorkingDayCalendar([date(2026, 12, 24), day]),
    ]
    for call in calls:
        with pytest.raises(CalendarRangeError, match=re.escape(message)):
            call()


def test_the_millennium_holiday_of_1999_is_not_reachable() -> None:
    # The holidays package would compute 31 December 1999 if asked; the calendar refuses.
    with pytest.raises(CalendarRangeError):
        CAL.holiday_name(date(1999, 12, 31))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: CAL.add_working_days(date(2100, 12, 30), 2),
            "2 working days after 2100-12-30 falls outside",
        ),
        (
            lambda: CAL.add_working_days(LAST_DATE, 1),
            "1 working days after 2100-12-31 falls outside",
        ),
        (
            lambda: CAL.next_working_day(LAST_DATE),
            "1 working days after 2100-12-31 falls outside",
        ),
        (
            lambda: CAL.subtract_working_days(date(2000, 1, 4), 1),
            "1 working days before 2000-01-04 falls outside",
        ),
        (
            lambda: CAL.add_working_days(date(2000, 1, 10), -100),
            "100 working days before 2000-01-10 falls outside",
        ),
    ],
)
def test_a_result_outside_the_range_is_refused_with_a_clear_message(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(CalendarRangeError, match=f"{re.escape(message)} .*{RANGE_MESSAGE}"):
        call()


def test_a_range_error_is_a_value_error() -> None:
    assert issubclass(CalendarRangeError, ValueError)


# Properties over the whole range.

days = st.dates(min_value=FIRST_DATE, max_value=LAST_DATE)
steps = st.integers(min_value=-400, max_value=400)


@st.composite
def closure_sets(draw: st.DrawFn, near: date) -> frozenset[date]:
    # Closure days near the start date, where they can make a difference.
    offsets = draw(st.lists(st.integers(min_value=-40, max_value=40), max_size=6))
    candidates = (near + timedelta(days=offset) for offset in offsets)
    return frozenset(day for day in candidates if FIRST_DATE <= day <= LAST_DATE)


def add_or_none(calendar: WorkingDayCalendar, day: date, n: int) -> date | None:
    try:
        return calendar.add_working_days(day, n)
    except CalendarRangeError:
        return None


@given(days, steps)
def test_adding_then_subtracting_returns_to_a_working_day(day: date, n: int) -> None:
    assume(CAL.is_working_day(day))
    result = add_or_none(CAL, day, n)
    assume(result is not None)
    assert result is not None
    assert CAL.subtract_working_days(result, n) == day


@given(st.data(), days, steps.filter(bool))
def test_adding_working_days_never_lands_on_a_day_off(
    data: st.DataObject, day: date, n: int
) -> None:
    closures = data.draw(closure_sets(day))
    calendar = WorkingDayCalendar(closures)
    result = add_or_none(calendar, day, n)
    assume(result is not None)
    assert result is not None
    assert result.weekday() < 5
    assert result not in PACKAGE_HOLIDAYS
    assert result not in closures
    assert calendar.is_working_day(result)
    assert calendar.holiday_name(result) is None


@given(days, steps, steps)
def test_adding_is_strictly_monotonic_in_n(day: date, n1: int, n2: int) -> None:
    assume(n1 != n2)
    low, high = sorted((n1, n2))
    low_result, high_result = add_or_none(CAL, day, low), add_or_none(CAL, day, high)
    assume(low_result is not None and high_result is not None)
    assert low_result is not None and high_result is not None
    assert low_result < high_result


@given(days, steps)
def test_working_days_between_inverts_adding(day: date, n: int) -> None:
    # For n < 0 only from a working day: see the documented exception above.
    assume(n >= 0 or CAL.is_working_day(day))
    result = add_or_none(CAL, day, n)
    assume(result is not None)
    assert result is not None
    assert CAL.working_days_between(day, result) == n


@given(days, steps)
def test_working_days_between_is_antisymmetric(day: date, offset: int) -> None:
    other = day + timedelta(days=offset)
    assume(FIRST_DATE <= other <= LAST_DATE)
    assert CAL.working_days_between(day, other) == -CAL.working_days_between(other, day)


@given(st.data(), days, steps)
def test_adding_matches_the_day_by_day_reference(data: st.DataObject, day: date, n: int) -> None:
    closures = data.draw(closure_sets(day))
    calendar = WorkingDayCalendar(closures)
    try:
        expected: date | None = reference_add(day, n, closures)
    except CalendarRangeError:
        expected = None
    assert add_or_none(calendar, day, n) == expected
    if n == 1 and expected is not None:
        assert calendar.next_working_day(day) == expected


@given(st.data(), days, st.integers(min_value=-1000, max_value=1000))
def test_working_days_between_matches_the_day_by_day_reference(
    data: st.DataObject, day: date, offset: int
) -> None:
    other = day + timedelta(days=offset)
    assume(FIRST_DATE <= other <= LAST_DATE)
    closures = data.draw(closure_sets(day))
    calendar = WorkingDayCalendar(closures)
    assert calendar.working_days_between(day, other) == reference_between(day, other, closures)
    for closure in closures:
        assert not calendar.is_working_day(closure)
