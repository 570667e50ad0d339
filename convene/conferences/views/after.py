"""At and after a conference: its outcome (or adjourning it), circulation, and amendments
to its record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from convene.actions import ActionError, ConcurrentEditError
from convene.conferences import actions
from convene.conferences.access import (
    access_conference,
    can_user_record_conference,
    can_user_record_outcome,
    is_chair,
)
from convene.conferences.forms import (
    AdjournForm,
    AgencyViewsForm,
    AmendmentDecisionForm,
    AmendmentForm,
    OutcomeForm,
)
from convene.conferences.models import (
    Amendment,
)
from convene.conferences.views.common import (
    OUTCOME_ONLY,
    RECORD_ONLY,
    _data,
    _detail,
    _form_page,
    _link,
    _require,
)


@login_required
@require_http_methods(["GET", "POST"])
def conference_outcome(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_outcome(request.user, conference.case), OUTCOME_ONLY)
    if conference.held_at:
        messages.info(request, "This conference's outcome has already been recorded.")
        return _detail(conference)
    form = OutcomeForm(
        _data(request),
        initial={"version": conference.version},
        conference=conference,
        attendees=list(conference.attendees.all()),
    )

    def save(data: dict[str, Any]) -> None:
        actions.do_record_conference(
            request.user,
            conference,
            actions.Outcome(
                held_at=data["held_at"],
                decision=data["decision"],
                category=data.get("category") or "",
                reasons=data["reasons"],
                dissent=data["dissent"],
                recommendations=data.get("recommendations") or "",
                proceed_reason=data["proceed_reason"],
                exceptional_reason=data.get("exceptional_reason") or "",
                lead_social_worker=data.get("lead_social_worker"),
                attendance=data["attendance"],
                other_subjects=tuple(data.get("other_subjects") or ()),
                seek_agency_views=bool(data.get("seek_agency_views")),
                confidential_information=data.get("confidential_information") or "",
                confidential_reports=data["confidential_reports"],
            ),
            version=data["version"],
            plan_link=(
                request.build_absolute_uri(
                    reverse(
                        "conference_detail",
                        args=[conference.case_id, conference.plan.conference_id],
                    )
                )
                if conference.plan_id
                else ""
            ),
        )

    return _form_page(
        request,
        conference,
        form,
        save,
        what="conference_outcome",
        title="The conference's outcome",
        success="The conference's outcome has been recorded.",
        lede=(
            "Who attended, whether the conference was quorate, and the chair's decision. "
            "The decision is the chair's; dissenting views are recorded with it."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_adjourn(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_outcome(request.user, conference.case), OUTCOME_ONLY)
    return _form_page(
        request,
        conference,
        AdjournForm(_data(request), initial={"version": conference.version}),
        lambda data: actions.do_adjourn_conference(
            request.user,
            conference,
            version=data["version"],
            new_date=data["new_at"],
            interim_plan=data["interim_plan"],
        ),
        what="conference_adjourn",
        title="Adjourn the conference",
        success="The conference has been adjourned to its new date.",
        lede=(
            "An inquorate conference that does not proceed needs an interim protection "
            "plan, and another date, usually within a month, set at once."
        ),
    )


@login_required
@require_POST
def conference_circulate(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)
    what = request.POST.get("what", "")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        actions.do_circulate_conference(
            request.user, conference, version=version, what=what, link=_link(request, conference)
        )
    except (ActionError, ConcurrentEditError) as error:
        messages.error(request, str(error))
    else:
        done = "decisions" if what == "decisions" else "record"
        messages.success(request, f"The conference's {done} has been recorded as circulated.")
    return _detail(conference)


@login_required
@require_http_methods(["GET", "POST"])
def amendment_new(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)
    due = actions.amendments_due_by(conference)
    return _form_page(
        request,
        conference,
        AmendmentForm(_data(request)),
        lambda data: actions.do_record_amendment(
            request.user,
            conference,
            asked_by=data["asked_by"],
            received_at=data["received_at"],
            correction=data["correction"],
        ),
        what="amendment_new",
        title="An amendment to the record",
        success="The amendment has been recorded for the chair.",
        lede=(
            (f"Amendments are due by {due:%A %-d %B %Y}. " if due else "")
            + f"“{actions.AMENDMENT_QUOTE}”"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def amendment_decide(
    request: HttpRequest, case_id: int, conference_id: int, amendment_id: int
) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(is_chair(request.user), "Only the conference chair decides on an amendment.")
    amendment = get_object_or_404(Amendment, pk=amendment_id, conference=conference)
    return _form_page(
        request,
        conference,
        AmendmentDecisionForm(_data(request), initial={"version": amendment.version}),
        lambda data: actions.do_decide_amendment(
            request.user,
            amendment,
            version=data["version"],
            decision=data["decision"],
            reasons=data["reasons"],
        ),
        what="amendment_decide",
        title=f"An amendment asked for by {amendment.asked_by}",
        success="The chair's decision on the amendment has been recorded.",
        lede=amendment.correction,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency_views(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    """Absent agencies' views on ending the plan: asked for in writing, then received."""
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)
    if not conference.seek_agency_views or conference.agency_views_received_at:
        messages.info(request, "There are no absent agencies' views to record.")
        return _detail(conference)
    step = "received" if conference.agency_views_requested_at else "requested"
    return _form_page(
        request,
        conference,
        AgencyViewsForm(_data(request), initial={"version": conference.version}, step=step),
        lambda data: actions.do_record_agency_views(
            request.user, conference, version=data["version"], step=data["step"], at=data["at"]
        ),
        what="agency_views",
        title=(
            "Absent agencies' views: asked for"
            if step == "requested"
            else "Absent agencies' views: received"
        ),
        success="Recorded.",
        lede=f"“{actions.AGENCY_VIEWS_QUOTE}”",
    )
