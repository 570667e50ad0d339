"""Every change to a strategy discussion: planning it, who is invited and who took part, what
was shared, the agenda, analysis and scaling, decisions, actions, authorisation, and the record.

Each `do_*` is one transaction: it checks the version the user's page was drawn from
(`check_version`, under a row lock), refuses what the procedure does not allow (`ActionError`,
with a message for the user), and writes through the ORM so django-auditlog records the change
in the same transaction. Notifications are queued with `transaction.on_commit`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from convene.actions import ActionError, check_version, save_versioned
from convene.cases.models import Case, Concerns, Engagement
from convene.notifications import queue_email
from convene.people.models import Agency, User
from convene.rules.engine import Strategy
from convene.strategy.agendas import agenda_for
from convene.strategy.authorisation import (
    OWN_DECISIONS,
    RECORD_DECISIONS,
    SOCIAL_WORK_MANAGER,
    decisions_final,
    record_authorised,
    required_authorisations,
)
from convene.strategy.forms import AUTHORISER_LABELS, DECISION_FIELDS, invitee_description
from convene.strategy.guidance import AGENCY_KIND_OF
from convene.strategy.models import (
    AgendaItem,
    Authorisation,
    Circulation,
    Invitee,
    Scaling,
    StrategyAction,
    StrategyDiscussion,
)

log = logging.getLogger(__name__)

INVITED_PURPOSE = "Invited to the strategy discussion"
CIRCULATED_PURPOSE = "The strategy discussion record was shared with them"
# Long enough for a participant to take part, read the record and act on it.
ENGAGEMENT_DAYS = 30

NOTIFICATION_SUBJECT = "A strategy discussion record has been shared with you"


# --- checks ----------------------------------------------------------------------------------


def check_record_open(discussion: StrategyDiscussion) -> None:
    """Once the record is finalised, what it says cannot change."""
    if discussion.record_finalised_at is not None:
        raise ActionError(
            "The record of this strategy discussion has been finalised, so it can no longer be "
            "changed. If something is wrong, hold a further strategy discussion."
        )


def check_form_allowed(form: str, strategy: Strategy | None) -> None:
    if form == "discussion" and strategy is not None and strategy.must_be_meeting:
        raise ActionError(
            "This must be a strategy meeting: the procedure requires a meeting for these concerns."
        )


def check_ready_to_finalise(discussion: StrategyDiscussion) -> None:
    problems = []
    if not discussion.outcome or discussion.held_at is None:
        problems.append("record when it took place and what was decided")
    elif not decisions_final(discussion):
        waiting = {
            AUTHORISER_LABELS[item.authoriser]
            for item in required_authorisations(discussion)
            if not item.done and item.decision not in RECORD_DECISIONS
        }
        problems.append("the decisions must be authorised by " + " and ".join(sorted(waiting)))
    unrecorded = [
        inv
        for inv in discussion.invitees.all()
        if not inv.removed and inv.attendance == Invitee.Attendance.INVITED
    ]
    if unrecorded:
        problems.append(
            "record attendance for " + ", ".join(invitee_description(inv) for inv in unrecorded)
        )
    open_items = [item.position for item in discussion.agenda.all() if item.status == "open"]
    if open_items:
        problems.append(
            "mark every agenda item addressed or not applicable (items "
            + ", ".join(str(position) for position in open_items)
            + ")"
        )
    if problems:
        raise ActionError("The record cannot be finalised yet: " + "; ".join(problems) + ".")


# --- engagements -----------------------------------------------------------------------------


def _engage(case: Case, user: User | None, granted_by: User, until: date, purpose: str) -> None:
    """Let a partner agency user see the case until `until`, unless they already may."""
    if user is None or not user.is_partner:
        return
    today = timezone.localdate()
    covered = Engagement.objects.filter(
        case=case, user=user, revoked_at__isnull=True, starts_on__lte=today, ends_on__gte=until
    ).exists()
    if not covered:
        Engagement.objects.create(
            case=case,
            user=user,
            purpose=purpose,
            starts_on=today,
            ends_on=until,
            granted_by=granted_by,
        )


def _disengage(case: Case, user: User | None) -> None:
    """Someone no longer invited loses the access the invitation gave them (not access
    granted for another purpose), unless they are still invited to another discussion."""
    if user is None or not user.is_partner:
        return
    still_invited = Invitee.objects.filter(discussion__case=case, user=user, removed=False).exists()
    if still_invited:
        return
    for engagement in Engagement.objects.filter(
        case=case, user=user, purpose=INVITED_PURPOSE, revoked_at__isnull=True
    ):
        engagement.revoked_at = timezone.now()
        engagement.save(update_fields=["revoked_at"])


def _invitation_ends(discussion: StrategyDiscussion) -> date:
    return timezone.localdate(discussion.scheduled_for) + timedelta(days=ENGAGEMENT_DAYS)


# --- planning --------------------------------------------------------------------------------


def _suggested_agency(case: Case, attendee: str) -> Agency | None:
    kind = AGENCY_KIND_OF.get(attendee)
    if kind is None:
        return None
    agencies = list(Agency.objects.filter(councils=case.council_id, kind=kind)[:2])
    return agencies[0] if len(agencies) == 1 else None


@transaction.atomic
def do_plan_strategy_discussion(
    user: User,
    case: Case,
    concerns: Concerns,
    *,
    form: str,
    scheduled_for: datetime,
    chair: User,
    strategy: Strategy | None,
) -> StrategyDiscussion:
    """Plan the discussion; invite who the procedure requires and recommends for this child,
    and set out the procedure's agenda."""
    check_form_allowed(form, strategy)
    discussion = StrategyDiscussion.objects.create(
        case=case, concerns=concerns, form=form, scheduled_for=scheduled_for, chair=chair
    )
    contact = getattr(case, "contact", None)
    lead = case.lead_social_worker or (user if user.role == "social_worker" else None)
    planned: list[tuple[str, str]] = []
    if strategy is not None:
        planned += [(code, Invitee.Basis.REQUIRED) for code in strategy.required_attendees]
        planned += [(code, Invitee.Basis.RECOMMENDED) for code in strategy.recommended_attendees]
    for code, basis in planned:
        invitee = Invitee(discussion=discussion, attendee=code, basis=basis)
        if code == "social_worker" and lead is not None:
            invitee.user = lead
        elif code == "social_work_manager":
            invitee.user = chair
        elif code == "referrer" and contact is not None:
            invitee.name = contact.referrer_name
            invitee.role_title = contact.referrer_role
        else:
            invitee.agency = _suggested_agency(case, code)
        invitee.save()
    for position, entry in enumerate(agenda_for(case.council.procedure), start=1):
        AgendaItem.objects.create(
            discussion=discussion, position=position, text=entry.text, source=entry.source
        )
    return discussion


@transaction.atomic
def do_update_plan(
    user: User,
    discussion: StrategyDiscussion,
    version: int | None,
    *,
    form: str,
    scheduled_for: datetime,
    chair: User,
    strategy: Strategy | None,
) -> None:
    check_version(discussion, version)
    check_record_open(discussion)
    check_form_allowed(form, strategy)
    discussion.form = form
    discussion.scheduled_for = scheduled_for
    discussion.chair = chair
    save_versioned(discussion, ["form", "scheduled_for", "chair"])
    # A later date keeps invited partners able to see the case until after it.
    for invitee in discussion.invitees.filter(removed=False, user__isnull=False).select_related(
        "user"
    ):
        _engage(discussion.case, invitee.user, user, _invitation_ends(discussion), INVITED_PURPOSE)


# --- invitees --------------------------------------------------------------------------------


@transaction.atomic
def do_add_invitee(
    user: User,
    discussion: StrategyDiscussion,
    *,
    attendee: str,
    invited: User | None,
    agency: Agency | None,
    name: str,
    role_title: str,
    reason: str,
) -> Invitee:
    check_record_open(discussion)
    if not reason.strip():
        raise ActionError("Enter why they are invited: the procedure did not ask for them.")
    invitee = Invitee.objects.create(
        discussion=discussion,
        attendee=attendee,
        basis=Invitee.Basis.ADDED,
        user=invited,
        agency=agency,
        name=name.strip(),
        role_title=role_title.strip(),
        invited_because=reason.strip(),
    )
    _engage(discussion.case, invited, user, _invitation_ends(discussion), INVITED_PURPOSE)
    return invitee


@transaction.atomic
def do_update_invitee(
    user: User,
    invitee: Invitee,
    version: int | None,
    *,
    invited: User | None,
    agency: Agency | None,
    name: str,
    role_title: str,
) -> None:
    check_version(invitee, version)
    check_record_open(invitee.discussion)
    replaced = invitee.user if invitee.user_id and invitee.user != invited else None
    invitee.user = invited
    invitee.agency = agency
    invitee.name = name.strip()
    invitee.role_title = role_title.strip()
    save_versioned(invitee, ["user", "agency", "name", "role_title"])
    discussion = invitee.discussion
    _engage(discussion.case, invited, user, _invitation_ends(discussion), INVITED_PURPOSE)
    _disengage(discussion.case, replaced)


@transaction.atomic
def do_remove_invitee(user: User, invitee: Invitee, version: int | None, reason: str) -> None:
    check_version(invitee, version)
    check_record_open(invitee.discussion)
    if invitee.basis != Invitee.Basis.ADDED and not reason.strip():
        raise ActionError("Enter why they are not being invited: the procedure asks for them.")
    if invitee.attendance == Invitee.Attendance.PRESENT:
        raise ActionError("They took part, so they cannot be taken off the list.")
    invitee.removed = True
    invitee.change_reason = reason.strip()
    save_versioned(invitee, ["removed", "change_reason"])
    _disengage(invitee.discussion.case, invitee.user)


@transaction.atomic
def do_record_attendance(
    user: User,
    discussion: StrategyDiscussion,
    rows: Iterable[tuple[Invitee, int | None, dict[str, Any]]],
) -> None:
    """Attendance of everyone at once: all saved, or none if anyone's row is stale."""
    check_record_open(discussion)
    for invitee, version, data in rows:
        check_version(invitee, version)
        invitee.attendance = data["attendance"]
        present = data["attendance"] == Invitee.Attendance.PRESENT
        invitee.absence_reason = "" if present else data.get("absence_reason", "").strip()
        invitee.information_plan = "" if present else data.get("information_plan", "").strip()
        save_versioned(invitee, ["attendance", "absence_reason", "information_plan"])


@transaction.atomic
def do_record_information(user: User, rows: Iterable[tuple[Invitee, int | None, str]]) -> None:
    for invitee, version, text in rows:
        check_version(invitee, version)
        check_record_open(invitee.discussion)
        if text.strip() != invitee.information_shared:
            invitee.information_shared = text.strip()
            save_versioned(invitee, ["information_shared"])


# --- agenda, analysis, scaling ---------------------------------------------------------------


@transaction.atomic
def do_update_agenda(
    user: User,
    discussion: StrategyDiscussion,
    rows: Iterable[tuple[AgendaItem, int | None, str, str]],
) -> None:
    check_record_open(discussion)
    for item, version, status, note in rows:
        check_version(item, version)
        if (item.status, item.note) != (status, note.strip()):
            item.status = status
            item.note = note.strip()
            save_versioned(item, ["status", "note"])


ANALYSIS_FIELD_NAMES = (
    "past_harm",
    "future_danger",
    "complicating_factors",
    "existing_strengths",
    "existing_safety",
    "safety_goals",
    "next_steps",
)


@transaction.atomic
def do_record_analysis(
    user: User,
    discussion: StrategyDiscussion,
    version: int | None,
    analysis: dict[str, str],
    scalings: Iterable[tuple[Invitee, int | None, str]],
) -> None:
    """The analysis and each present professional's scaling (score None: not scaled)."""
    check_version(discussion, version)
    check_record_open(discussion)
    for name in ANALYSIS_FIELD_NAMES:
        setattr(discussion, name, analysis.get(name, "").strip())
    save_versioned(discussion, list(ANALYSIS_FIELD_NAMES))
    existing = {scaling.invitee_id: scaling for scaling in discussion.scalings.all()}
    for invitee, score, reason in scalings:
        if invitee.attendance != Invitee.Attendance.PRESENT:
            raise ActionError(f"{invitee_description(invitee)} was not present to give a score.")
        scaling = existing.get(invitee.pk)
        if score is None:
            if scaling is not None:
                scaling.delete()
        elif scaling is None:
            Scaling.objects.create(
                discussion=discussion, invitee=invitee, score=score, reason=reason.strip()
            )
        elif (scaling.score, scaling.reason) != (score, reason.strip()):
            scaling.score = score
            scaling.reason = reason.strip()
            scaling.save(update_fields=["score", "reason"])


# --- decisions and authorisation -------------------------------------------------------------


@transaction.atomic
def do_record_decisions(
    user: User, discussion: StrategyDiscussion, version: int | None, data: dict[str, Any]
) -> int:
    """Record when it took place and what was decided. Changing decisions already authorised
    withdraws those authorisations: they agreed to something else. Returns how many."""
    check_version(discussion, version)
    check_record_open(discussion)
    changed = [name for name in DECISION_FIELDS if getattr(discussion, name) != data[name]]
    for name in DECISION_FIELDS:
        setattr(discussion, name, data[name])
    discussion.held_at = data["held_at"]
    discussion.decisions_recorded_at = timezone.now()
    if changed or discussion.decisions_recorded_by_id is None:
        # Who made the decisions what they are: saving them unchanged does not.
        discussion.decisions_recorded_by = user
    save_versioned(
        discussion,
        [*DECISION_FIELDS, "held_at", "decisions_recorded_at", "decisions_recorded_by"],
    )
    withdrawn = 0
    if changed:
        for authorisation in discussion.authorisations.all():
            authorisation.delete()
            withdrawn += 1
    return withdrawn


@transaction.atomic
def do_authorise(
    user: User,
    discussion: StrategyDiscussion,
    version: int | None,
    *,
    decision: str,
    authoriser: str,
    reasons: str,
    on_behalf_of: str = "",
) -> Authorisation:
    """One authoriser's agreement to one decision, as the procedure requires."""
    # The version covers the decisions: an authoriser agrees to what they were shown.
    check_version(discussion, version)
    discussion.refresh_from_db()
    wanted = {(i.decision, i.authoriser): i for i in required_authorisations(discussion)}
    item = wanted.get((decision, authoriser))
    if item is None:
        raise ActionError("That decision does not need this authorisation.")
    if item.done:
        raise ActionError("That decision has already been authorised.")
    if item.reasons_required and not reasons.strip():
        raise ActionError("Enter the reasons: the procedure requires them.")
    if decision in RECORD_DECISIONS and not decisions_final(discussion):
        raise ActionError("Authorise the decisions before the record.")
    if (
        authoriser == SOCIAL_WORK_MANAGER
        and decision not in RECORD_DECISIONS
        and discussion.decisions_recorded_by_id == user.pk
    ):
        raise ActionError(OWN_DECISIONS)
    authorisation = Authorisation.objects.create(
        discussion=discussion,
        decision=decision,
        authoriser=authoriser,
        user=user,
        on_behalf_of=on_behalf_of.strip(),
        reasons=reasons.strip(),
    )
    return authorisation


# --- actions ---------------------------------------------------------------------------------


@transaction.atomic
def do_add_action(
    user: User,
    discussion: StrategyDiscussion,
    *,
    assigned_to: User | None,
    assignee_name: str,
    what: str,
    purpose: str,
    due_on: date,
) -> StrategyAction:
    check_record_open(discussion)
    return StrategyAction.objects.create(
        discussion=discussion,
        assigned_to=assigned_to,
        assignee_name=assignee_name.strip(),
        what=what.strip(),
        purpose=purpose.strip(),
        due_on=due_on,
    )


@transaction.atomic
def do_complete_action(user: User, action: StrategyAction, version: int | None) -> None:
    check_version(action, version)
    if action.completed_at is not None:
        raise ActionError("This action has already been marked complete.")
    action.completed_at = timezone.now()
    action.completed_by = user
    save_versioned(action, ["completed_at", "completed_by"])


# --- the record ------------------------------------------------------------------------------


@transaction.atomic
def do_finalise_record(user: User, discussion: StrategyDiscussion, version: int | None) -> None:
    check_version(discussion, version)
    discussion.refresh_from_db()  # authorisations as they are now, under the lock
    check_record_open(discussion)
    check_ready_to_finalise(discussion)
    discussion.record_finalised_at = timezone.now()
    discussion.record_finalised_by = user
    save_versioned(discussion, ["record_finalised_at", "record_finalised_by"])


def recipients(
    discussion: StrategyDiscussion, invitees: Iterable[Invitee] | None = None
) -> list[Invitee]:
    """Everyone who took part or sent apologies and has an account, once each."""
    if invitees is None:
        invitees = discussion.invitees.select_related("user")
    seen: set[int] = set()
    chosen = []
    for invitee in invitees:
        if (
            not invitee.removed
            and invitee.user_id is not None
            and invitee.attendance in (Invitee.Attendance.PRESENT, Invitee.Attendance.APOLOGIES)
            and invitee.user_id not in seen
        ):
            seen.add(invitee.user_id)
            chosen.append(invitee)
    return chosen


def _notify(email: str, link: str) -> None:
    # No personal data: only that a record is waiting, and where (the case by its number).
    queue_email(
        email,
        NOTIFICATION_SUBJECT,
        f"A strategy discussion record has been shared with you in Convene: {link}\n\n"
        "Sign in to Convene to read it.",
    )


@transaction.atomic
def do_circulate_record(
    user: User, discussion: StrategyDiscussion, version: int | None, link: str
) -> list[Circulation]:
    """Send the finalised, authorised record to every participant, and tell each by email."""
    check_version(discussion, version)
    discussion.refresh_from_db()
    if discussion.record_circulated_at is not None:
        raise ActionError("The record has already been circulated.")
    if discussion.record_finalised_at is None:
        raise ActionError("Finalise the record before circulating it.")
    if not decisions_final(discussion):
        raise ActionError("The decisions must be authorised before the record is circulated.")
    if not record_authorised(discussion):
        raise ActionError("The record must be authorised by a manager before it is circulated.")
    now = timezone.now()
    circulations = []
    for invitee in recipients(discussion):
        circulations.append(
            Circulation.objects.create(
                discussion=discussion, invitee=invitee, user=invitee.user, sent_at=now
            )
        )
        _engage(
            discussion.case,
            invitee.user,
            user,
            timezone.localdate(now) + timedelta(days=ENGAGEMENT_DAYS),
            CIRCULATED_PURPOSE,
        )
        _notify(invitee.user.email, link)
    discussion.record_circulated_at = now
    save_versioned(discussion, ["record_circulated_at"])
    return circulations


@transaction.atomic
def do_record_referrer_informed(
    user: User, discussion: StrategyDiscussion, version: int | None
) -> None:
    check_version(discussion, version)
    discussion.refresh_from_db()
    if discussion.referrer_informed_at is not None:
        raise ActionError("The referrer has already been recorded as informed.")
    if not decisions_final(discussion):
        raise ActionError(
            "The decisions are not final until they are authorised: tell the referrer after that."
        )
    discussion.referrer_informed_at = timezone.now()
    save_versioned(discussion, ["referrer_informed_at"])


@transaction.atomic
def do_open_circulated_record(circulation: Circulation) -> None:
    if circulation.first_viewed_at is None:
        circulation.first_viewed_at = timezone.now()
        circulation.save(update_fields=["first_viewed_at"])
