"""Who viewed a child's record, and how the case's records changed: for the managers of the
child's council only. Looking at either page is itself a view of the child's record, so it
is logged like any other."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from convene.audit.actions import do_log_record_view
from convene.audit.history import case_log_entries, describe
from convene.audit.models import RecordView
from convene.cases.access import access_case, can_user_see_record_views
from convene.cases.models import Case
from convene.pagination import paginate

ROWS_PER_PAGE = 50


def _audited_case(request: HttpRequest, case_id: int, what: str) -> Case:
    # 404 for someone who may not see the case at all, 403 for someone who may see it but
    # is not one of its council's managers.
    case = access_case(request.user, case_id)
    if not can_user_see_record_views(request.user, case):
        raise PermissionDenied("Only managers of the child's council can see this.")
    do_log_record_view(request.user, case, "page", what)
    return case


@login_required
@require_GET
def record_views(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _audited_case(request, case_id, "record_views")
    # Every view of the child's record, whichever of the child's cases it was made through.
    views = RecordView.objects.filter(child_id=case.child_id).select_related(
        "user__agency", "user__council", "case"
    )
    page, links = paginate(request, views.order_by("-viewed_at", "-pk"), ROWS_PER_PAGE)
    return render(
        request,
        "audit/record_views.html",
        {
            "page_title": f"Who viewed the record: {case.reference}",
            "case": case,
            "page": page,
            "links": links,
        },
    )


@login_required
@require_GET
def case_history(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _audited_case(request, case_id, "case_history")
    page, links = paginate(request, case_log_entries(case), ROWS_PER_PAGE)
    return render(
        request,
        "audit/case_history.html",
        {
            "page_title": f"Change history: {case.reference}",
            "case": case,
            "page": page,
            "entries": describe(list(page.object_list)),
            "links": links,
        },
    )
