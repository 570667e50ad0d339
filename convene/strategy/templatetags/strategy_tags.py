"""Labels and small helpers for the strategy discussion pages."""

from __future__ import annotations

from typing import Any

from django import forms, template

from convene.strategy.forms import (
    ATTENDEE_LABELS,
    AUTHORISER_LABELS,
    DECISION_LABELS,
    ENQUIRY_LABELS,
    FORM_LABELS,
    OUTCOME_LABELS,
    label_of,
)

register = template.Library()


@register.filter
def attendee_label(code: str) -> str:
    return ATTENDEE_LABELS.get(code, label_of(code))


@register.filter
def authoriser_label(code: str) -> str:
    return AUTHORISER_LABELS.get(code, label_of(code))


@register.filter
def decision_label(code: str) -> str:
    return DECISION_LABELS.get(code, label_of(code))


@register.filter
def outcome_label(code: str) -> str:
    return OUTCOME_LABELS.get(code, label_of(code)) if code else ""


@register.filter
def enquiry_label(code: str) -> str:
    return ENQUIRY_LABELS.get(code, label_of(code)) if code else ""


@register.filter
def form_label(code: str) -> str:
    return FORM_LABELS.get(code, label_of(code))


@register.filter
def code_label(code: str) -> str:
    return label_of(code)


@register.filter
def plain(text: str) -> str:
    """A quote without the source's markdown emphasis markers."""
    return text.replace("**", "")


@register.filter
def error_anchor(bound_field: Any) -> str:
    """The id the error summary links to: the first radio, the day of a date, or the input."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id
