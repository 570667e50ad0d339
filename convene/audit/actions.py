"""Logging who viewed a child's record. Every page, API endpoint and export that shows a
child's record calls `do_log_record_view` before it responds."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from convene.audit.models import RecordView
from convene.cases.models import Case


def do_log_record_view(user: Any, case: Case, channel: str, what: str) -> RecordView:
    return RecordView.objects.create(
        user=user, case=case, child_id=case.child_id, channel=channel, what=what
    )


def do_log_records_listed(user: Any, cases: Iterable[Case], channel: str, what: str) -> None:
    """One view for each child shown in a list or in search results: one insert per page."""
    RecordView.objects.bulk_create(
        RecordView(user=user, case=case, child_id=case.child_id, channel=channel, what=what)
        for case in cases
    )


def note_case_shown(request: Any, case: Case) -> None:
    """Remember that a page drawn for this request shows this case (work/_case_ref.html)."""
    shown = getattr(request, "convene_cases_shown", None)
    if shown is None:
        shown = request.convene_cases_shown = {}
    shown.setdefault(case.pk, case)


def logs_cases_shown(channel: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A list page's decorator: once the page is drawn, log a view of every case it showed
    (each one drawn with work/_case_ref.html). The view may set `convene_list_channel` on
    the request, as search results do."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def logged(request: Any, *args: Any, **kwargs: Any) -> Any:
            response = view(request, *args, **kwargs)
            shown = getattr(request, "convene_cases_shown", None)
            if shown and request.user.is_authenticated:
                used = getattr(request, "convene_list_channel", channel)
                do_log_records_listed(request.user, shown.values(), used, view.__name__)
            return response

        return logged

    return decorate
