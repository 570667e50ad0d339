"""Logging who viewed a child's record. Every page, API endpoint and export that shows a
child's record calls `do_log_record_view` before it responds."""

from __future__ import annotations

from typing import Any

from convene.audit.models import RecordView
from convene.cases.models import Case


def do_log_record_view(user: Any, case: Case, channel: str, what: str) -> RecordView:
    return RecordView.objects.create(
        user=user, case=case, child_id=case.child_id, channel=channel, what=what
    )
