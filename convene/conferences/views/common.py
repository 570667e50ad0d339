"""What the conference pages share: access refusals, drawing a page (logging the read), and
one form page pattern (`_form_page`: a valid POST saved by its action, or the form again with
what was typed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from convene.actions import ActionError, ConcurrentEditError
from convene.audit.actions import do_log_record_view
from convene.conferences import actions
from convene.conferences.models import (
    Amendment,
    Conference,
)

RECORD_ONLY = "Only children's social care, business support and chairs record this."
OUTCOME_ONLY = "Only the chair, or business support minuting the conference, records its outcome."


def _require(allowed: Any, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _render(
    request: HttpRequest, template: str, conference: Conference, what: str, context: dict
) -> HttpResponse:
    do_log_record_view(request.user, conference.case, "page", what)
    forms = [f for f in [context.get("form")] if f is not None]
    errors = context.get("page_errors", [])
    return render(
        request,
        template,
        {
            "case": conference.case,
            "child": conference.case.child,
            "conference": conference,
            "nav_section": "cases",
            "has_errors": bool(errors) or any(f.errors for f in forms),
            **context,
        },
    )


def _link(request: HttpRequest, conference: Conference) -> str:
    """The conference's page as a full address, for a link-only email."""
    return request.build_absolute_uri(
        reverse("conference_detail", args=[conference.case_id, conference.pk])
    )


def _detail(conference: Conference) -> Any:
    return redirect("conference_detail", conference.case_id, conference.pk)


# Clocks of a conference, by the contract's ids, as the page lists them.
CONFERENCE_CLOCKS = (
    "initial_conference",
    "transfer_conference",
    "first_review",
    "next_review",
    "conference_report_to_chair",
    "conference_report_to_parents",
    "conference_decisions",
    "conference_record",
    "excluded_parent_report",
    "agency_views_requested",
    "agency_views_received",
)


def _amendments(conference: Conference) -> list[Amendment]:
    """The record's amendments, each marked late if received after the 10 working days."""
    amendments = list(conference.amendments.all())
    due = actions.amendments_due_by(conference) if amendments else None
    for amendment in amendments:
        amendment.late = due is not None and timezone.localdate(amendment.received_at) > due
    return amendments


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _form_page(
    request: HttpRequest,
    conference: Conference,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    what: str,
    title: str,
    success: str,
    lede: str,
) -> HttpResponse:
    """A conference's form: on a valid POST, `save` it with the action and go back to the
    conference; a refusal or a stale page draws the form again, with what was typed."""
    page_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except (ActionError, ConcurrentEditError) as error:
            page_errors.append(str(error))
        else:
            if success:
                messages.success(request, success)
            return _detail(conference)
    return _render(
        request,
        "conferences/form.html",
        conference,
        what,
        {"page_title": title, "form": form, "page_errors": page_errors, "lede": lede},
    )
