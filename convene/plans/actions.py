"""Changes to a child protection plan, its items, core group meetings and visits: `do_*`
actions, one transaction each (convene/actions.py). The rules engine derives every timescale
from what these record: the first core group, the visits every 10 working days, the bedroom
every 6 weeks, the reviews (convene/cases/timeline.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from convene.actions import ActionError, check_version, save_versioned
from convene.notifications import queue_email
from convene.plans.models import (
    ChildProtectionPlan,
    CoreGroupMeeting,
    PlanItem,
    PlanVersion,
    Visit,
)


def _check_open(plan: ChildProtectionPlan) -> ChildProtectionPlan:
    locked = ChildProtectionPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.ended_at is not None:
        raise ActionError("The plan has ended: nothing more can be recorded on it.")
    return locked


def _check_moment(plan: ChildProtectionPlan, moment: datetime, what: str) -> None:
    if moment > timezone.now():
        raise ActionError(f"The {what} cannot be in the future.")
    if moment < plan.started_at:
        raise ActionError(f"The {what} cannot be before the plan started.")


@transaction.atomic
def do_add_plan_item(
    user: Any, plan: ChildProtectionPlan, *, outcome: str, action: str, who: str, by_when: date
) -> PlanItem:
    _check_open(plan)
    if not (outcome.strip() and action.strip() and who.strip()):
        raise ActionError("Say what must change, what will be done, and who does it.")
    return PlanItem.objects.create(
        plan=plan, outcome=outcome.strip(), action=action.strip(), who=who.strip(), by_when=by_when
    )


@transaction.atomic
def do_update_plan_item(user: Any, item: PlanItem, *, version: int | None, status: str) -> PlanItem:
    _check_open(item.plan)
    check_version(item, version)
    if status not in PlanItem.Status.values:
        raise ActionError("Choose the item's progress.")
    item.status = status
    save_versioned(item, ["status"])
    return item


@transaction.atomic
def do_record_core_group(
    user: Any,
    plan: ChildProtectionPlan,
    *,
    held_at: datetime,
    attended: str,
    minutes: str,
    chronology_discussed: bool,
) -> CoreGroupMeeting:
    plan = _check_open(plan)
    _check_moment(plan, held_at, "core group meeting")
    if CoreGroupMeeting.objects.filter(plan=plan, held_at=held_at).exists():
        raise ActionError("A core group meeting at that date and time is already recorded.")
    return CoreGroupMeeting.objects.create(
        plan=plan,
        held_at=held_at,
        attended=attended.strip(),
        minutes=minutes.strip(),
        chronology_discussed=chronology_discussed,
        recorded_by=user,
    )


@dataclass(frozen=True)
class VisitRecord:
    visited_at: datetime
    place: str
    child_seen: bool
    seen_alone: bool
    bedroom_seen: bool
    present: str = ""
    child_views: str = ""
    access_refused: bool = False
    refusal_reported: str = ""
    cover: bool = False


@transaction.atomic
def do_record_visit(user: Any, plan: ChildProtectionPlan, record: VisitRecord) -> Visit:
    plan = _check_open(plan)
    _check_moment(plan, record.visited_at, "visit")
    if Visit.objects.filter(plan=plan, visited_at=record.visited_at).exists():
        raise ActionError("A visit at that date and time is already recorded.")
    if record.access_refused and not record.refusal_reported.strip():
        raise ActionError(
            "Access was refused: record when the line manager and the core group were told."
        )
    if record.seen_alone and not record.child_seen:
        raise ActionError("A child not seen cannot have been seen alone.")
    return Visit.objects.create(
        plan=plan,
        visited_at=record.visited_at,
        place=record.place,
        child_seen=record.child_seen,
        seen_alone=record.seen_alone,
        bedroom_seen=record.bedroom_seen,
        present=record.present.strip(),
        child_views=record.child_views.strip(),
        access_refused=record.access_refused,
        refusal_reported=record.refusal_reported.strip(),
        visited_by=user,
        cover=record.cover or user.pk != plan.lead_social_worker_id,
    )


# Endings recorded outside a review conference (a review ends a plan with its decision).
OTHER_ENDINGS = frozenset(
    {
        ChildProtectionPlan.Ending.EIGHTEEN,
        ChildProtectionPlan.Ending.DIED,
        ChildProtectionPlan.Ending.LEFT_UK,
        ChildProtectionPlan.Ending.MOVED,
        ChildProtectionPlan.Ending.LOOKED_AFTER,
    }
)


@transaction.atomic
def do_end_plan(
    user: Any,
    plan: ChildProtectionPlan,
    *,
    version: int | None,
    ending: str,
    ended_at: datetime,
    detail: str,
    link: str = "",
) -> ChildProtectionPlan:
    plan = _check_open(plan)
    check_version(plan, version)
    if ending not in OTHER_ENDINGS:
        raise ActionError("Choose why the plan ends. A review conference ends a plan itself.")
    _check_moment(plan, ended_at, "end of the plan")
    if not detail.strip():
        raise ActionError("Record what happened.")
    if ending == ChildProtectionPlan.Ending.MOVED:
        _check_receiving_conference_held(plan, ended_at)
    plan.ended_at = ended_at
    plan.ending = ending
    plan.ending_detail = detail.strip()
    plan.ended_by = user
    save_versioned(plan, ["ended_at", "ending", "ending_detail", "ended_by"])
    notify_plan_ended(plan, link)
    return plan


PLAN_ENDED_SUBJECT = "Convene: a child protection plan has ended"


def notify_plan_ended(plan: ChildProtectionPlan, link: str) -> None:
    """Everyone invited to the conference that made the plan, who has an account, is told by
    a link-only email (no child's data): the link is that conference's page."""
    if not link:
        return
    for attendee in plan.conference.attendees.filter(user__isnull=False).select_related("user"):
        queue_email(
            attendee.user.email,
            PLAN_ENDED_SUBJECT,
            f"A child protection plan made at a conference you were invited to has ended: "
            f"{link}\n\nSign in to Convene to read it.",
        )


@transaction.atomic
def do_record_plan_distributed(
    user: Any, meeting: CoreGroupMeeting, *, version: int | None, at: datetime | None = None
) -> CoreGroupMeeting:
    """The plan as the core group refined it, sent to its members, the child and the family:
    now, or when it was sent (`at`)."""
    check_version(meeting, version)
    if meeting.plan_distributed_at:
        raise ActionError("The plan has already been recorded as distributed.")
    at = at or timezone.now()
    if at > timezone.now():
        raise ActionError("The plan cannot have been distributed in the future.")
    if at < meeting.held_at:
        raise ActionError("The plan cannot have been distributed before the meeting.")
    meeting.plan_distributed_at = at
    _keep_version(user, meeting, at)
    save_versioned(meeting, ["plan_distributed_at"])
    return meeting


@transaction.atomic
def do_confirm_core_group_frequency(
    user: Any, plan: ChildProtectionPlan, *, version: int | None, weeks: int
) -> ChildProtectionPlan:
    """A manager confirms how often the core group meets (monthly unless set otherwise)."""
    plan = _check_open(plan)
    check_version(plan, version)
    if not user.is_manager:
        raise ActionError("A manager confirms how often the core group meets.")
    if not 1 <= weeks <= 8:
        raise ActionError("The core group meets at least every 8 weeks.")
    plan.core_group_weeks = weeks
    plan.frequency_confirmed_by = user
    plan.frequency_confirmed_at = timezone.now()
    save_versioned(plan, ["core_group_weeks", "frequency_confirmed_by", "frequency_confirmed_at"])
    return plan


# Darlington, Discontinuing the Child Protection Plan: "the receiving local authority should
# convene a Child Protection Conference within 15 working days of being notified of the move.
# Only after this event may the original local authority discontinue its Child Protection
# Plan". The engine's receiving_conference clock counts the 15 working days.
MOVE_ENDS_AFTER_CONFERENCE = (
    "After a permanent move the plan ends only once the receiving council's conference has "
    "been held: record the move and that conference first."
)


def _check_receiving_conference_held(plan: ChildProtectionPlan, ended_at: datetime) -> None:
    held = plan.receiving_conference_at
    if held is None:
        raise ActionError(MOVE_ENDS_AFTER_CONFERENCE)
    if ended_at < held:
        raise ActionError("The plan cannot end before the receiving council's conference.")


@transaction.atomic
def do_record_permanent_move(
    user: Any,
    plan: ChildProtectionPlan,
    *,
    version: int | None,
    receiving_council: str,
    notified_at: datetime,
) -> ChildProtectionPlan:
    """The family has moved permanently to another council, which has been told: its
    conference is now due, and the plan continues until it is held."""
    plan = _check_open(plan)
    check_version(plan, version)
    if plan.moved_notified_at is not None:
        raise ActionError("The move has already been recorded.")
    if not receiving_council.strip():
        raise ActionError("Name the council the family has moved to.")
    _check_day(plan, notified_at, "day the receiving council was told")
    plan.receiving_council = receiving_council.strip()
    plan.moved_notified_at = notified_at
    save_versioned(plan, ["receiving_council", "moved_notified_at"])
    return plan


@transaction.atomic
def do_record_receiving_conference(
    user: Any, plan: ChildProtectionPlan, *, version: int | None, held_at: datetime
) -> ChildProtectionPlan:
    """The receiving council's conference has been held: the plan may now end."""
    plan = _check_open(plan)
    check_version(plan, version)
    if plan.moved_notified_at is None:
        raise ActionError("Record the permanent move first.")
    if plan.receiving_conference_at is not None:
        raise ActionError("The receiving council's conference has already been recorded.")
    _check_day(plan, held_at, "receiving council's conference")
    if timezone.localdate(held_at) < timezone.localdate(plan.moved_notified_at):
        raise ActionError(
            "The receiving council's conference cannot be before it was told of the move."
        )
    plan.receiving_conference_at = held_at
    save_versioned(plan, ["receiving_conference_at"])
    return plan


def _check_day(plan: ChildProtectionPlan, moment: datetime, what: str) -> None:
    """A day (recorded as its start) that is not in the future or before the plan's day."""
    day = timezone.localdate(moment)
    if day > timezone.localdate():
        raise ActionError(f"The {what} cannot be in the future.")
    if day < timezone.localdate(plan.started_at):
        raise ActionError(f"The {what} cannot be before the plan started.")


def _keep_version(user: Any, meeting: CoreGroupMeeting, at: datetime) -> PlanVersion:
    """The plan as it is distributed after this core group, kept as the next version."""
    plan = ChildProtectionPlan.objects.select_for_update().get(pk=meeting.plan_id)
    number = (plan.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    content = {
        "items": [
            {
                "outcome": item.outcome,
                "action": item.action,
                "who": item.who,
                "by_when": item.by_when.isoformat(),
                "status": item.get_status_display(),
            }
            for item in plan.items.all()
        ],
        "contingency": plan.contingency,
        "measuring_progress": plan.measuring_progress,
        "category": plan.get_category_display(),
        "lead_social_worker": plan.lead_social_worker.full_name,
    }
    return PlanVersion.objects.create(
        plan=plan, number=number, core_group=meeting, made_at=at, made_by=user, content=content
    )
