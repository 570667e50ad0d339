"""The England working-day calendar used by the statutory rules engine.

Working days are Monday to Friday except the bank holidays of England and Wales, as given by the
`holidays` package (`GB`, subdivision `ENG`): substitute days when a holiday falls at a weekend,
moved holidays and one-off days such as jubilees, a royal wedding, a state funeral or a
coronation. A council can add its own closure days.

Counting convention (docs/timeline-contract.md):

- "within N working days of X" is `add_working_days(X.date(), N)`: the Nth working day after the
  calendar date of X. X's own date never counts, whether or not it is a working day, so something
  that happens on a Saturday and must be done within 1 working day is due on the Monday.
- "at least N working days before the conference" is
  `subtract_working_days(conference_date, N)`: the Nth working day before the conference date.
- `working_days_between(start, end)` counts the working days in (start, end], so it measures how
  many working days after `start` the date `end` is.

Only dates from FIRST_DATE to LAST_DATE are supported; a date outside that range, given or
computed, raises CalendarRangeError rather than being counted with a calendar we do not have.

Every calendar is built once (a few milliseconds) into two tables, after which each operation is
O(1) index arithmetic with no day-by-day loop:

- `_working_days`: every working day in the range, in order, as `date` objects (kept as dates
  rather than ordinals because `date.fromordinal` would cost more than the rest of a lookup).
- `_before`: indexed by `day.toordinal() - FIRST_DATE.toordinal()`, the number of working days
  strictly before that day; it has one extra entry at the end, so `_before[i + 1]` is the number
  of working days on or before day i, and `_before[i + 1] - _before[i]` is 1 for a working day.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

from convene.rules import SOURCE
from convene.rules.bank_holidays import BANK_HOLIDAYS

FIRST_DATE: Final = date(2000, 1, 1)
LAST_DATE: Final = date(2100, 12, 31)

CLOSURE_DAY_NAME: Final = "Council closure day"

_FIRST_ORDINAL: Final = FIRST_DATE.toordinal()
_DAY_COUNT: Final = LAST_DATE.toordinal() - _FIRST_ORDINAL + 1
_RANGE: Final = f"the supported calendar range {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"


class CalendarRangeError(ValueError):
    """A date given to, or computed by, the calendar is outside FIRST_DATE..LAST_DATE."""


def _index(day: date) -> int:
    index = day.toordinal() - _FIRST_ORDINAL
    if not 0 <= index < _DAY_COUNT:
        raise CalendarRangeError(f"{day.isoformat()} is outside {_RANGE}")
    return index


def _beyond_range(day: date, n: int) -> CalendarRangeError:
    direction = "after" if n > 0 else "before"
    return CalendarRangeError(
        f"{abs(n)} working days {direction} {day.isoformat()} falls outside {_RANGE}"
    )


@cache
def _bank_holidays() -> Mapping[int, str]:
    """Bank holiday names by day index, for the whole supported range."""
    return MappingProxyType(
        {
            date.fromisoformat(day).toordinal() - _FIRST_ORDINAL: name
            for day, name in BANK_HOLIDAYS.items()
        }
    )


def bank_holidays_from_package() -> dict[date, str]:
    """England's bank holidays in the supported range from the `holidays` package, the source
    of truth for the snapshot in bank_holidays.py."""
    import holidays  # here, not at the top: a command needs only the snapshot

    table = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(FIRST_DATE.year, LAST_DATE.year + 1)
    )
    return dict(sorted(table.items()))


_SNAPSHOT_HEADER = '''"""England's bank holidays 2000-2100, generated from the `holidays` package.

Do not edit. The `holidays` package (GB, subdivision ENG) stays the source of truth; this
snapshot exists because computing 101 years of holidays with it took every command ~0.16 s
to start. tests/rules/test_calendar.py checks it equals the package's. After upgrading
`holidays`, regenerate it with:

    .venv/bin/python -c "import convene.rules.calendar as c; c.write_bank_holidays()"
"""

BANK_HOLIDAYS: dict[str, str] = {
'''
_SNAPSHOT: Final = SOURCE / "bank_holidays.py"  # the source, wherever this module runs from


def write_bank_holidays(path: Path = _SNAPSHOT) -> None:
    """Write the module bank_holidays.py afresh from the package."""
    rows = "".join(
        f'    "{day.isoformat()}": {json.dumps(name)},\n'
        for day, name in bank_holidays_from_package().items()
    )
    path.write_text(f"{_SNAPSHOT_HEADER}{rows}}}\n", encoding="utf-8")


@cache
def _base_flags() -> bytes:
    """One byte per day of the range: 1 for a working day of England, ignoring closures."""
    week = bytes([1 if (FIRST_DATE.weekday() + i) % 7 < 5 else 0 for i in range(7)])
    flags = bytearray((week * (_DAY_COUNT // 7 + 1))[:_DAY_COUNT])
    for index in _bank_holidays():
        flags[index] = 0
    return bytes(flags)


@cache
def _base_working_days() -> tuple[date, ...]:
    # Shared by every calendar, so calendars with closure days reuse the same date objects.
    ordinals = range(_FIRST_ORDINAL, _FIRST_ORDINAL + _DAY_COUNT)
    return tuple(map(date.fromordinal, itertools.compress(ordinals, _base_flags())))


def _closure_set(days: Iterable[date]) -> frozenset[date]:
    # A datetime is not equal to its date, so it is reduced to one: the set is a cache key.
    closures = frozenset(day.date() if isinstance(day, datetime) else day for day in days)
    for day in closures:
        _index(day)
    return closures


class WorkingDayCalendar:
    """England's working days, less a council's own closure days. Immutable."""

    __slots__ = ("_before", "_flags", "_frozen", "_names", "_working_days", "closure_days")

    closure_days: frozenset[date]
    _flags: bytes
    _frozen: bool
    _before: list[int]
    _working_days: tuple[date, ...]
    _names: Mapping[int, str]

    def __init__(self, closure_days: Iterable[date] = ()) -> None:
        closures = _closure_set(closure_days)
        closed = {_index(day) for day in closures}
        flags = bytearray(_base_flags())
        for index in closed:
            flags[index] = 0
        before = [0]
        before += itertools.accumulate(flags)
        working_days = _base_working_days()
        if closures:
            working_days = tuple(day for day in working_days if day not in closures)
        # A closure day that is also a bank holiday keeps its bank holiday name.
        names = {index: CLOSURE_DAY_NAME for index in closed}
        names.update(_bank_holidays())

        self.closure_days = closures
        self._flags = bytes(flags)
        self._before = before
        self._working_days = working_days
        self._names = MappingProxyType(names)
        self._frozen = True

    def __setattr__(self, name: str, value: object) -> None:
        # england_calendar() hands the same object to every caller, so none may change it. (Run
        # compiled, __init__ sets its attributes directly; run as Python, through here.)
        if getattr(self, "_frozen", False):
            raise AttributeError(f"{type(self).__name__} is immutable")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __repr__(self) -> str:
        days = ", ".join(day.isoformat() for day in sorted(self.closure_days))
        return f"{type(self).__name__}(closure_days=[{days}])"

    def is_working_day(self, day: date) -> bool:
        return self._flags[_index(day)] == 1

    def add_working_days(self, day: date, n: int) -> date:
        """n > 0: the nth working day after `day` (day itself never counts, whatever it is).
        n < 0: the |n|th working day before `day`. n == 0: `day` unchanged."""
        index = day.toordinal() - _FIRST_ORDINAL
        if not 0 <= index < _DAY_COUNT:
            raise CalendarRangeError(f"{day.isoformat()} is outside {_RANGE}")
        if n > 0:
            position = self._before[index + 1] + n - 1
            if position < len(self._working_days):
                return self._working_days[position]
        elif n < 0:
            position = self._before[index] + n
            # Checked explicitly: a negative index would silently count from the end.
            if position >= 0:
                return self._working_days[position]
        else:
            return day
        raise _beyond_range(day, n)

    def subtract_working_days(self, day: date, n: int) -> date:
        """The nth working day before `day` (n > 0); the same as add_working_days(day, -n)."""
        return self.add_working_days(day, -n)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open interval (start, end]; negative of (end, start] if
        end < start.

        add_working_days(d, n) == e implies working_days_between(d, e) == n for n >= 0, and for
        n < 0 when d is a working day. When d is not a working day and n < 0, the count is
        n + 1: e.g. from a Saturday, add_working_days(saturday, -1) is the Friday, and
        (Friday, Saturday] holds no working day.
        """
        return self._before[_index(end) + 1] - self._before[_index(start) + 1]

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        position = self._before[_index(day) + 1]
        if position < len(self._working_days):
            return self._working_days[position]
        raise _beyond_range(day, 1)

    def holiday_name(self, day: date) -> str | None:
        """The bank holiday's name, CLOSURE_DAY_NAME for a council closure day, else None.

        A bank holiday at a weekend is named too (its substitute day is named "... (observed)").
        """
        return self._names.get(_index(day))


_calendars: Final[dict[frozenset[date], WorkingDayCalendar]] = {}
_calendars_lock: Final = threading.Lock()


def england_calendar(closure_days: Iterable[date] = ()) -> WorkingDayCalendar:
    """Cached: the same closure set returns the same (immutable) calendar object."""
    key = _closure_set(closure_days)
    calendar = _calendars.get(key)
    if calendar is None:
        with _calendars_lock:
            # Another thread may have built this calendar meanwhile: keep the first one, so that
            # every caller gets the same object.
            calendar = _calendars.setdefault(key, WorkingDayCalendar(key))
    return calendar
