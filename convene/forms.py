"""Form building blocks shared by every app's forms."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms
from django.utils import timezone

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time_of_day(text: str) -> time | None:
    """9:30am, 9.30 am, 9am, 14:30, midday, noon, midnight. None if it is not a time."""
    text = text.strip().lower().replace(" ", "")
    if text in ("midday", "noon", "12noon"):
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute, suffix = int(match[1]), int(match[2] or 0), match[3]
    if minute > 59:
        return None
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match[2] is None or hour > 23:
        # "9" alone could be morning or evening: ask for minutes or am/pm.
        return None
    return time(hour, minute)


def local_moment(day: date, at: time) -> datetime:
    """A date and a time of day as people in England mean them (Europe/London, GMT or BST)."""
    return timezone.make_aware(datetime.combine(day, at))


def submit_helper(*fields: Any, submit: str) -> FormHelper:
    """The whole <form>: its fields, then one button saying what it does."""
    from crispy_forms_gds.layout import Submit

    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


def fields_helper(*fields: Any) -> FormHelper:
    """Fields only: the page draws the <form>, its CSRF token and its buttons."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


class VersionedForm(forms.Form):
    """Carries the version of the record the page was drawn from, so that a change made
    meanwhile by someone else is detected (check_version), never silently overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
