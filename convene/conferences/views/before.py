"""Before a conference: the social worker's report, invitations, agencies' reports, the
chair's meeting with the family, and exclusion requests and the chair's decisions on them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from convene.conferences import actions
from convene.conferences.access import (
    access_conference,
    can_user_record_conference,
    can_user_record_outcome,
    is_chair,
)
from convene.conferences.forms import (
    AgencyReportForm,
    AttendeeForm,
    ExclusionDecisionForm,
    ExclusionRequestForm,
    FamilyMeetingForm,
    ReportsForm,
)
from convene.conferences.models import (
    Attendee,
    Conference,
    ExclusionRequest,
)
from convene.conferences.views.common import (
    OUTCOME_ONLY,
    RECORD_ONLY,
    _data,
    _form_page,
    _link,
    _require,
)
from convene.people.models import User
from convene.work.clocks import excluded_report_due


@login_required
@require_http_methods(["GET", "POST"])
def conference_reports(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)
    return _form_page(
        request,
        conference,
        ReportsForm(_data(request), initial=ReportsForm.initial_for(conference)),
        lambda data: actions.do_record_reports_sent(
            request.user,
            conference,
            version=data["version"],
            to_chair_at=data["to_chair_at"],
            to_parents_at=data["to_parents_at"],
        ),
        what="conference_reports",
        title="The social worker's report",
        success="When the reports were sent has been recorded.",
        lede=(
            "The social worker's report goes to the chair and to the parents before the "
            "conference: record when each was sent."
        ),
    )


def _partners(conference: Conference) -> Any:
    """The partners engaged on the case now: those an invitation can be linked to."""
    today = timezone.localdate()
    engaged = conference.case.engagements.filter(
        revoked_at__isnull=True, starts_on__lte=today, ends_on__gte=today
    )
    return User.objects.filter(pk__in=engaged.values("user_id"), is_active=True)


@login_required
@require_http_methods(["GET", "POST"])
def conference_invite(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)

    def save(data: dict[str, Any]) -> None:
        attendee = actions.do_add_attendee(
            request.user,
            conference,
            party=data["party"],
            name=data["name"],
            organisation=data["organisation"],
            direct_contact=data["direct_contact"] == "yes",
            account=data["user"],
            link=_link(request, conference),
            support_needed=data["support_needed"],
            contribution=data["contribution"],
        )
        messages.success(request, f"{attendee.name} has been added to the invitations.")

    return _form_page(
        request,
        conference,
        AttendeeForm(_data(request), partners=_partners(conference)),
        save,
        what="conference_invite",
        title="Invite someone to the conference",
        success="",
        lede=(
            "Invite the parents (including those with parental responsibility who live "
            "elsewhere), the child where of sufficient age and understanding, and the "
            "agencies involved with the child and family."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def exclusion_request(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_conference(request.user, conference.case), RECORD_ONLY)
    deadline = actions.working_days_before(conference, actions.EXCLUSION_REQUEST_DAYS)
    return _form_page(
        request,
        conference,
        ExclusionRequestForm(_data(request), conference=conference),
        lambda data: actions.do_request_exclusion(
            request.user,
            conference,
            family_member=data["family_member"],
            grounds=data["grounds"],
            evidence=data["evidence"],
        ),
        what="exclusion_request",
        title="Ask the chair to exclude a family member",
        success="The request has been sent to the chair.",
        lede=(
            f"Exclusion is rare. Ask as soon as possible, and by {deadline:%A %-d %B %Y} "
            f"(3 working days before the conference): “{actions.EXCLUSION_REQUEST_QUOTE}”"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def exclusion_decide(
    request: HttpRequest, case_id: int, conference_id: int, exclusion_id: int
) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(is_chair(request.user), "Only the conference chair decides on an exclusion.")
    exclusion = get_object_or_404(ExclusionRequest, pk=exclusion_id, conference=conference)
    deadline = excluded_report_due(conference)
    return _form_page(
        request,
        conference,
        ExclusionDecisionForm(_data(request), initial={"version": exclusion.version}),
        lambda data: actions.do_decide_exclusion(
            request.user,
            exclusion,
            version=data["version"],
            decision=data["decision"],
            extent=data["extent"],
            extent_detail=data["extent_detail"],
            reasons=data["reasons"],
            report_sent_at=data["report_sent_at"],
        ),
        what="exclusion_decide",
        title=f"Excluding {exclusion.family_member.name}: the chair's decision",
        success="The chair's decision has been recorded.",
        lede=(
            "The chair's decision is final, and is confirmed to the family member in writing. "
            + (
                f"Someone excluded receives the social worker's report by {deadline:%A %-d %B %Y}: "
                if deadline
                else "Someone excluded receives the social worker's report: "
            )
            + f"“{actions.EXCLUDED_REPORT_QUOTE}”"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_meeting(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    _require(can_user_record_outcome(request.user, conference.case), OUTCOME_ONLY)
    return _form_page(
        request,
        conference,
        FamilyMeetingForm(_data(request), initial={"version": conference.version}),
        lambda data: actions.do_record_family_meeting(
            request.user,
            conference,
            version=data["version"],
            met_at=data["met_at"],
            notes=data["notes"],
        ),
        what="family_meeting",
        title="The chair's meeting with the family",
        success="The chair's meeting with the family has been recorded.",
        lede=(
            "“The chair must meet with the family, child and social worker prior to the "
            "conference to ensure they understand the purpose of the conference and how it "
            "will be conducted.”"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency_report(
    request: HttpRequest, case_id: int, conference_id: int, attendee_id: int
) -> HttpResponse:
    """An agency's report: its own invitee writes it, or children's social care on its
    behalf; nobody else may read it here before the conference record."""
    conference = access_conference(request.user, case_id, conference_id)
    attendee = get_object_or_404(Attendee, pk=attendee_id, conference=conference)
    own = attendee.user_id is not None and attendee.user_id == request.user.pk
    _require(
        own or can_user_record_conference(request.user, conference.case),
        "Only the agency's own invitee, or children's social care, sends its report.",
    )
    return _form_page(
        request,
        conference,
        AgencyReportForm(
            _data(request), initial={"version": attendee.version, "report": attendee.report}
        ),
        lambda data: actions.do_submit_agency_report(
            request.user, attendee, version=data["version"], report=data["report"]
        ),
        what="agency_report",
        title=f"The report of {attendee.organisation or attendee.name}",
        success="The report has been sent to the conference.",
        lede="An agency that cannot attend must still send its report.",
    )
