"""Form building blocks shared by every app's forms."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms
from django.utils import timezone


def local_moment(day: date, at: time) -> datetime:
    """A date and a time of day as people in England mean them (Europe/London, GMT or BST)."""
    return timezone.make_aware(datetime.combine(day, at))


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
