"""Exports of a child's record. Each export uses the same access check as the page it comes
from, shows what that page shows the user, and is logged as a view of the record (channel
"export"). File names hold case and discussion numbers only, never a name."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from convene.audit.actions import do_log_record_view
from convene.audit.models import RecordView
from convene.cases.access import access_case, can_user_see_timeline, is_council_staff_of_case
from convene.cases.history import case_history
from convene.cases.models import Case
from convene.cases.timeline import case_evaluation
from convene.cases.views import HISTORY_RELATIONS, TIMELINE_ONLY, case_with_records
from convene.conferences.access import access_conference, can_user_record_conference
from convene.exports.pdf import pdf_response
from convene.exports.spreadsheet import csv_response
from convene.strategy import actions as strategy_actions
from convene.strategy.access import (
    access_circulated_record,
    can_user_minute_strategy,
    discussion_of,
)
from convene.strategy.models import Circulation, StrategyDiscussion
from convene.strategy.views import _invitees, _record_context

CHRONOLOGY_HEADER = ["Date", "Time", "What happened", "Details", "Recorded by"]


@login_required
@require_GET
def case_chronology_csv(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case's timeline as a spreadsheet: the rows of the timeline page, earliest first."""
    case = access_case(request.user, case_id)
    if not can_user_see_timeline(request.user, case):
        raise PermissionDenied(TIMELINE_ONLY)
    case = case_with_records(case, *HISTORY_RELATIONS)
    rows = []
    for event in case_history(case):
        at = timezone.localtime(event.at)
        who = event.who.full_name if event.who else "Not recorded"
        rows.append([at.strftime("%Y-%m-%d"), at.strftime("%H:%M"), event.what, event.detail, who])
    response = csv_response(f"chronology-{case.reference}.csv", CHRONOLOGY_HEADER, rows)
    do_log_record_view(request.user, case, RecordView.Channel.EXPORT, "case_chronology_csv")
    return response


def _record_access(user: Any, case: Case, discussion: StrategyDiscussion) -> Circulation | None:
    """Whether the user may read the finalised record, and so download it, with the checks of
    the pages that show it: the record page (those who minute the discussion) and the
    circulated copy (once circulated: council staff of the case, and each participant it was
    sent to). A partner it was not sent to is told nothing (404), as by the circulated copy.
    Returns the user's copy of the circulation, if they were sent one."""
    if can_user_minute_strategy(user, case):
        return discussion.circulations.filter(user=user).first()
    if discussion.record_circulated_at is None and is_council_staff_of_case(user, case):
        raise PermissionDenied("The record can be downloaded here once it is circulated.")
    return access_circulated_record(user, case, discussion)


@login_required
@require_GET
def strategy_record_pdf(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    """The finalised strategy discussion record as a PDF."""
    case = access_case(request.user, case_id)
    discussion = discussion_of(case, discussion_id)
    if discussion.record_finalised_at is None:
        raise Http404("The record is not finalised")
    circulation = _record_access(request.user, case, discussion)
    if circulation is not None:
        strategy_actions.do_open_circulated_record(circulation)
    procedure = case_evaluation(case).procedure
    context = _record_context(discussion, _invitees(discussion), procedure)
    context.update(
        {"case": case, "child": case.child, "discussion": discussion, "printed_at": timezone.now()}
    )
    filename = f"strategy-discussion-record-{case.reference}-{discussion.pk}.pdf"
    response = pdf_response("exports/strategy_record.html", context, filename)
    do_log_record_view(request.user, case, RecordView.Channel.EXPORT, "strategy_record_pdf")
    return response


PARENTS_COPY_ONLY = "Children's social care, business support and chairs send the parent's copy."


def _conference_record(
    request: HttpRequest, case_id: int, conference_id: int, parents: bool
) -> Any:
    conference = access_conference(request.user, case_id, conference_id)
    if conference.held_at is None or not conference.decision:
        raise Http404("The conference has not been held")
    case = conference.case
    if parents and not can_user_record_conference(request.user, case):
        raise PermissionDenied(PARENTS_COPY_ONLY)
    attendees = list(conference.attendees.all())
    reports = [
        attendee
        for attendee in attendees
        if attendee.report.strip() and not (parents and attendee.report_confidential)
    ]
    plan = getattr(conference, "made_plan", None) or conference.plan
    context = {
        "case": case,
        "child": case.child,
        "conference": conference,
        "attendees": attendees,
        "reports": reports,
        "plan": plan,
        "items": list(plan.items.all()) if plan is not None else [],
        "parents_copy": parents,
        "omitted": bool(conference.confidential_information.strip())
        or any(a.report_confidential and a.report.strip() for a in attendees),
        "printed_at": timezone.now(),
    }
    kind = "parents-copy" if parents else "record"
    filename = f"conference-{kind}-{case.reference}-{conference.pk}.pdf"
    response = pdf_response("exports/conference_record.html", context, filename)
    what = "conference_parents_copy_pdf" if parents else "conference_record_pdf"
    do_log_record_view(request.user, case, RecordView.Channel.EXPORT, what)
    return response


@login_required
@require_GET
def conference_record_pdf(request: HttpRequest, case_id: int, conference_id: int) -> HttpResponse:
    """The conference record as a PDF, for those who may read the conference's page."""
    return _conference_record(request, case_id, conference_id, parents=False)


@login_required
@require_GET
def conference_parents_copy_pdf(
    request: HttpRequest, case_id: int, conference_id: int
) -> HttpResponse:
    """The parent's copy: marked so on every page, without what the chair marked confidential."""
    return _conference_record(request, case_id, conference_id, parents=True)
