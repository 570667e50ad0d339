"""Shared set-up for the strategy discussion tests (imported by tests/web/test_strategy_*.py):
a Testshire (Sheffield procedure) case with a contact and concerns, and the form data the
pages post. All data synthetic."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from convene.cases.models import Case, Concerns
from convene.people.models import Role, User
from convene.strategy import actions
from convene.strategy.models import Invitee, StrategyDiscussion
from tests.factories import CaseFactory, ChildFactory, ConcernsFactory, ContactFactory, local

# Monday 16 November 2026: concerns at 08:00, the discussion at 14:00, decisions at 16:00.
MONDAY = local(2026, 11, 16, 8, 0)
HELD = local(2026, 11, 16, 14, 0)
AFTER = local(2026, 11, 16, 16, 0)


def make_case(cast: Any, concerns: list[str] | None = None, **child: Any) -> tuple[Case, Concerns]:
    lead = cast[Role.SOCIAL_WORKER]
    case = CaseFactory(
        child=ChildFactory(council=cast.council, **child), lead_social_worker=lead, team=cast.team
    )
    ContactFactory(case=case, recorded_by=lead, received_at=MONDAY, referrer_name="A. Referrer")
    found = ConcernsFactory(
        case=case,
        identified_at=MONDAY,
        concerns=concerns or ["physical_abuse"],
        recorded_by=lead,
    )
    return case, found


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def plan_data(chair: User, *, form: str = "meeting", when: datetime = HELD) -> dict[str, Any]:
    local_when = timezone.localtime(when)
    return {
        **date_fields("scheduled_date", local_when.date()),
        "scheduled_time": local_when.strftime("%H:%M"),
        "form": form,
        "chair": str(chair.pk),
    }


def plan(cast: Any, case: Case, concerns: Concerns, form: str = "meeting") -> StrategyDiscussion:
    """A discussion planned through the action, as the planning page does."""
    from convene.cases.timeline import case_evaluation

    return actions.do_plan_strategy_discussion(
        cast[Role.SOCIAL_WORKER],
        case,
        concerns,
        form=form,
        scheduled_for=HELD,
        chair=cast[Role.TEAM_MANAGER],
        strategy=case_evaluation(case).evaluation.strategy,
    )


def url(name: str, discussion: StrategyDiscussion, *more: int) -> str:
    return reverse(name, args=[discussion.case_id, discussion.pk, *more])


def invitee(discussion: StrategyDiscussion, attendee: str) -> Invitee:
    return discussion.invitees.get(attendee=attendee, removed=False)


def attendance_data(
    discussion: StrategyDiscussion, absent: dict[str, dict[str, str]] | None = None
) -> dict[str, str]:
    """Everyone present, except the attendee codes in `absent` (with their fields)."""
    absent = absent or {}
    data: dict[str, str] = {}
    for row in discussion.invitees.filter(removed=False):
        prefix = f"invitee-{row.pk}"
        fields = absent.get(row.attendee, {"attendance": "present"})
        data[f"{prefix}-version"] = str(row.version)
        data[f"{prefix}-attendance"] = fields.get("attendance", "absent")
        data[f"{prefix}-absence_reason"] = fields.get("absence_reason", "")
        data[f"{prefix}-information_plan"] = fields.get("information_plan", "")
    return data


def agenda_data(discussion: StrategyDiscussion, status: str = "addressed") -> dict[str, str]:
    data: dict[str, str] = {}
    for item in discussion.agenda.all():
        data[f"item-{item.pk}-version"] = str(item.version)
        data[f"item-{item.pk}-status"] = status
        data[f"item-{item.pk}-note"] = "Discussed." if status != "open" else ""
    return data


def decisions_data(
    discussion: StrategyDiscussion, *, outcome: str = "section_47", **overrides: str
) -> dict[str, str]:
    discussion.refresh_from_db()
    held = timezone.localtime(HELD)
    data = {
        **date_fields("held_date", held.date()),
        "held_time": held.strftime("%H:%M"),
        "outcome": outcome,
        "enquiry": "joint" if outcome == "section_47" else "",
        "decision_reasons": "",
        "legal_action": "no",
        "legal_action_detail": "",
        "shared_with_family": "That an enquiry is being made.",
        "withheld_from_family": "",
        "withheld_reason": "",
        "interpreter_needed": "no",
        "interpreter_language": "",
        "other_children_affected": "",
        "contingency_if_not_found": "",
        "version": str(discussion.version),
    }
    data.update(overrides)
    return data
