"""A conference's page: when and where, the invitations, reports, exclusions, the outcome,
circulation and amendments, with the timescales the engine derives."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from convene.cases.access import is_council_staff_of_case
from convene.cases.timeline import case_evaluation
from convene.conferences import actions
from convene.conferences.access import (
    access_conference,
    can_user_record_conference,
    can_user_record_outcome,
    is_chair,
)
from convene.conferences.models import (
    EXCLUSION_GROUNDS,
)
from convene.conferences.views.common import (
    CONFERENCE_CLOCKS,
    _amendments,
    _render,
)
from convene.work.clocks import excluded_report_due


@login_required
@require_GET
def conference_detail(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    conference = access_conference(request.user, case_id, conference_id)
    user = request.user
    staff = is_council_staff_of_case(user, conference.case)
    clocks = (
        [c for c in case_evaluation(conference.case).clocks if c.clock in CONFERENCE_CLOCKS]
        if staff
        else []
    )
    attendees = list(conference.attendees.select_related("user"))
    exclusions = list(conference.exclusion_requests.select_related("family_member"))
    if exclusions:
        request_by = actions.working_days_before(conference, actions.EXCLUSION_REQUEST_DAYS)
        report_by = excluded_report_due(conference)
        today = timezone.localdate()
        grounds = dict(EXCLUSION_GROUNDS)
        for exclusion in exclusions:
            exclusion.ground_labels = [grounds.get(code, code) for code in exclusion.grounds]
            exclusion.late_request = timezone.localdate(exclusion.requested_at) > request_by
            exclusion.report_by = report_by
            sent = exclusion.report_sent_at
            exclusion.report_late = (
                exclusion.decision == "excluded"
                and report_by is not None
                and (timezone.localdate(sent) > report_by if sent else today > report_by)
            )
    return _render(
        request,
        "conferences/detail.html",
        conference,
        "conference_detail",
        {
            "page_title": conference.get_kind_display(),
            "attendees": attendees,
            "quorate_now": actions.is_quorate(attendees, expected=True),
            "pre_birth_days_short": actions.pre_birth_days_short(conference),
            "exclusions": exclusions,
            "amendments": _amendments(conference),
            "amendments_due_by": actions.amendments_due_by(conference),
            "household_children": [m for m in conference.case.child.household.all() if m.is_child],
            "other_subjects": {m.pk for m in conference.other_subjects.all()},
            "is_chair": bool(is_chair(user)),
            "pre_birth_quote": actions.PRE_BIRTH_QUOTE,
            "clocks": clocks,
            "plan": getattr(conference, "made_plan", None) if conference.held_at else None,
            "can_record": bool(can_user_record_conference(user, conference.case)),
            "can_record_outcome": bool(can_user_record_outcome(user, conference.case)),
        },
    )
