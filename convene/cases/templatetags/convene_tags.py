"""Template filters and tags shared by Convene's pages.

    {% load convene_tags %}
    {{ contact.received_at|long_date }}        Tue 3 Nov 2026
    {{ contact.received_at|short_time }}       3:05pm
    {{ contact.received_at|date_and_time }}    Tue 3 Nov 2026 at 3:05pm
    {{ clock|clock_due }}                      the due date (and time for an hour-based clock)
    {{ clock.state|clock_tag_class }}          govuk-tag--green / --blue / --red / --orange
    {{ clock.state|clock_state_label }}        Met / Due / Overdue / Late
    {{ "female_genital_mutilation"|code_label }}
    {% clock_table clocks caption="Clocks" %}  a table of clocks (or of (case, clock) pairs)
    {% optional_url "strategy_new" case.id concerns.id as url %}  "" if no such URL yet

Dates follow the GOV.UK style: "Tue 3 Nov 2026", "3:05pm", "10am", "midday", "midnight".
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from convene.audit.actions import note_case_shown
from convene.cases import labels
from convene.cases.labels import label

register = template.Library()


def _moment(value: Any) -> date | datetime | None:
    """A date, or a local datetime, from a date, an aware datetime, an engine event or the
    contract's text ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM")."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    if hasattr(value, "day") and hasattr(value, "minute") and isinstance(value.day, date):
        # An engine event: a day, and minutes after midnight when the time is known.
        if value.minute is None:
            return value.day
        hours, minutes = divmod(value.minute, 60)
        return datetime.combine(value.day, time(hours, minutes))
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return date.fromisoformat(value)
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


@register.filter
def long_date(value: Any) -> str:
    """Tue 3 Nov 2026."""
    moment = _moment(value)
    if moment is None:
        return ""
    return f"{moment:%a} {moment.day} {moment:%b} {moment.year}"


def _time_text(moment: time) -> str:
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    if moment.minute == 0:
        return f"{hour}{suffix}"
    return f"{hour}:{moment.minute:02d}{suffix}"


@register.filter
def short_time(value: Any) -> str:
    """3:05pm, 10am, midday, midnight; empty for a date without a time."""
    if isinstance(value, time):
        return _time_text(value)
    moment = _moment(value)
    if not isinstance(moment, datetime):
        return ""
    return _time_text(moment.time())


@register.filter
def date_and_time(value: Any) -> str:
    """Tue 3 Nov 2026 at 3:05pm, or just the date when no time is known."""
    moment = _moment(value)
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return f"{long_date(moment)} at {_time_text(moment.time())}"
    return long_date(moment)


@register.filter
def clock_due(clock: Any) -> str:
    """When a clock is due: the day (by the end of it), or the day and time."""
    if clock is None:
        return ""
    if clock.due_minute is None:
        return long_date(clock.due_day)
    hours, minutes = divmod(clock.due_minute, 60)
    if hours >= 24:  # the end of the day
        return long_date(clock.due_day)
    return f"{long_date(clock.due_day)} at {_time_text(time(hours, minutes))}"


@register.filter
def clock_tag_class(state: Any) -> str:
    return labels.clock_state_tag(state)


@register.filter
def clock_state_label(state: Any) -> str:
    return labels.clock_state_label(state)


@register.filter
def code_label(code: Any) -> str:
    return label(code)


@register.filter
def code_labels(codes: Any) -> list[str]:
    return [label(code) for code in codes or ()]


@register.inclusion_tag("cases/includes/clock_table.html")
def clock_table(
    clocks: Any, caption: str = "", empty: str = "No clocks are running.", case: Any = None
) -> dict[str, Any]:
    """A table of clocks. `clocks` holds engine clocks, or (case, clock) pairs for a list that
    spans cases (then each row links to its case page by the case's reference)."""
    rows = []
    spans_cases = False
    for item in clocks or ():
        if isinstance(item, tuple | list):
            row_case, clock = item
            spans_cases = True
        else:
            row_case, clock = case, item
        rows.append({"case": row_case, "clock": clock})
    return {"rows": rows, "caption": caption, "empty": empty, "spans_cases": spans_cases}


@register.simple_tag(takes_context=True)
def note_shown(context: Any, case: Any) -> str:
    """Records that the page shows this case, so that its view is logged (logs_cases_shown)."""
    request = context.get("request")
    if request is not None and case is not None:
        note_case_shown(request, case)
    return ""


@register.simple_tag
def optional_url(name: str, *args: Any) -> str:
    """The URL, or "" while the page it names does not exist yet (other apps' pages)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
