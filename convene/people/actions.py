"""Changes a council's administrator makes: its people, teams and closure days.

Each `do_*` makes one change in one transaction; django-auditlog writes the audit row (who,
when, old and new values) by its signal inside the same transaction. People are never deleted,
only deactivated: the audit history of every record they touched keeps them as its actor.
`check_*` validators are shared with the forms, so a page shows the same message the action
would raise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from convene.actions import ActionError, check_version, save_versioned
from convene.notifications import queue_email
from convene.people.models import COUNCIL_ROLES, ClosureDay, Council, Team, User
from convene.rules.calendar import (
    CLOSURE_DAY_NAME,
    FIRST_DATE,
    LAST_DATE,
    CalendarRangeError,
    england_calendar,
)
from convene.rules.procedure import load_procedure

SET_PASSWORD_SUBJECT = "Set your Convene password"


def day_text(day: date) -> str:
    """Tuesday 3 November 2026."""
    return f"{day:%A} {day.day} {day:%B} {day.year}"


# --- people -----------------------------------------------------------------------------------


def check_new_email(email: str, *, excluding: User | None = None) -> None:
    """An email address signs in one person only (whatever their council or agency)."""
    taken = User.objects.filter(email__iexact=email.strip())
    if excluding is not None:
        taken = taken.exclude(pk=excluding.pk)
    if taken.exists():
        raise ActionError(
            "Someone already has a Convene account with this email address: check the address, "
            "or ask a system administrator if the account should move to your council"
        )


def check_person_fields(council: Council, changes: dict[str, Any]) -> None:
    if "role" in changes and changes["role"] not in COUNCIL_ROLES:
        raise ActionError("Choose a council role")
    team = changes.get("team")
    if team is not None and team.council_id != council.pk:
        raise ActionError("Choose one of the council's teams")


def set_password_link(site: str, person: User) -> str:
    """The one-off link to set a password (Django's password reset token: it stops working
    once the password is set, or after PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return site.rstrip("/") + path


def _queue_set_password_email(site: str, person: User) -> None:
    # No personal data beyond the address it goes to: not even the person's name.
    queue_email(
        person.email,
        SET_PASSWORD_SUBJECT,
        "An account has been set up for you in Convene. Choose your password here (the link "
        f"works once, for {_timeout_days()} days):\n\n{set_password_link(site, person)}\n\n"
        "If you did not expect this email, tell your council's Convene administrator.",
    )


def _timeout_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


@transaction.atomic
def do_add_person(actor: User, council: Council, data: dict[str, Any], site: str) -> User:
    """A new member of the council's staff, with no password until they set one from the
    emailed link."""
    check_new_email(data["email"])
    check_person_fields(council, data)
    person = User(
        email=User.objects.normalize_email(data["email"].strip()).lower(),
        full_name=data["full_name"],
        job_title=data.get("job_title", ""),
        role=data["role"],
        team=data.get("team"),
        council=council,
    )
    person.set_unusable_password()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        # Added meanwhile by someone else, between the check and the save.
        check_new_email(data["email"])
        raise
    _queue_set_password_email(site, person)
    return person


@transaction.atomic
def do_change_person(
    actor: User, person: User, version: int | None, changes: dict[str, Any]
) -> User:
    check_version(person, version)
    person.refresh_from_db()
    check_person_fields(person.council, changes)
    if person.pk == actor.pk and changes.get("role", person.role) != person.role:
        raise ActionError(
            "You cannot change your own role: ask another of the council's administrators"
        )
    for name, value in changes.items():
        setattr(person, name, value)
    save_versioned(person, list(changes))
    return person


@transaction.atomic
def do_set_person_active(actor: User, person: User, version: int | None, active: bool) -> User:
    """Deactivate (they can no longer sign in, and are signed out) or reactivate a person."""
    check_version(person, version)
    person.refresh_from_db()
    if person.pk == actor.pk and not active:
        raise ActionError(
            "You cannot deactivate your own account: ask another of the council's administrators"
        )
    person.is_active = active
    save_versioned(person, ["is_active"])
    return person


@transaction.atomic
def do_send_set_password_email(actor: User, person: User, site: str) -> None:
    """A new set-password link, for someone whose link ran out or who forgot their password."""
    if not person.is_active:
        raise ActionError("Reactivate the person before sending them a set-password email")
    _queue_set_password_email(site, person)


# --- teams ------------------------------------------------------------------------------------


def check_team_name(council: Council, name: str, *, excluding: Team | None = None) -> None:
    taken = Team.objects.filter(council=council, name__iexact=name.strip())
    if excluding is not None:
        taken = taken.exclude(pk=excluding.pk)
    if taken.exists():
        raise ActionError("The council already has a team with this name")


@transaction.atomic
def do_add_team(actor: User, council: Council, name: str) -> Team:
    check_team_name(council, name)
    try:
        with transaction.atomic():
            return Team.objects.create(council=council, name=name.strip())
    except IntegrityError:
        check_team_name(council, name)
        raise


@transaction.atomic
def do_rename_team(actor: User, team: Team, version: int | None, name: str) -> Team:
    check_version(team, version)
    team.refresh_from_db()
    check_team_name(team.council, name, excluding=team)
    team.name = name.strip()
    save_versioned(team, ["name"])
    return team


# --- closure days -----------------------------------------------------------------------------


def check_closure_day(council: Council, day: date, today: date | None = None) -> None:
    """A closure day is a future working day of the council: a past one would change clocks
    that have already run, and a weekend, bank holiday or existing closure day is already not
    a working day."""
    today = today or timezone.localdate()
    if day <= today:
        raise ActionError(
            "The closure day must be after today: a closure day in the past would change "
            "deadlines that have already passed"
        )
    try:
        calendar = england_calendar(load_procedure(council.procedure).closure_days)
        working = calendar.is_working_day(day)
    except CalendarRangeError:
        raise ActionError(
            f"Enter a date between {day_text(FIRST_DATE)} and {day_text(LAST_DATE)}"
        ) from None
    existing = ClosureDay.objects.filter(council=council, day=day).first()
    if existing is not None:
        raise ActionError(f"{day_text(day)} is already a closure day ({existing.reason})")
    if working:
        return
    if day.weekday() >= 5:
        raise ActionError(f"{day_text(day)} is a {day:%A}: weekends are never working days")
    name = calendar.holiday_name(day)
    if name == CLOSURE_DAY_NAME:
        raise ActionError(f"{day_text(day)} is already a closure day in the council's procedure")
    raise ActionError(
        f"{day_text(day)} is a bank holiday ({name}): it is already not a working day"
    )


@transaction.atomic
def do_add_closure_day(
    actor: User, council: Council, day: date, reason: str, today: date | None = None
) -> ClosureDay:
    """From now on every clock of the council's cases skips this day."""
    check_closure_day(council, day, today)
    try:
        with transaction.atomic():
            return ClosureDay.objects.create(council=council, day=day, reason=reason.strip())
    except IntegrityError:
        check_closure_day(council, day, today)
        raise


def check_closure_removable(closure: ClosureDay, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if closure.day <= today:
        raise ActionError(
            "Only a future closure day can be removed: removing a past one would change "
            "deadlines that have already passed"
        )


@transaction.atomic
def do_remove_closure_day(actor: User, closure: ClosureDay, today: date | None = None) -> None:
    check_closure_removable(closure, today)
    closure.delete()
