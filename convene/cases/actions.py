"""Changes to the child, the contact, concerns, engagements and allocation.

Each `do_*` makes one change in one transaction. Edits check the version the user's page was
drawn from (`check_version`, under a row lock) and raise `ConcurrentEditError` if someone else
changed the record first. django-auditlog writes the audit row in the same transaction.
Views check who may act (convene.cases.access) before calling these.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from convene.actions import ActionError, check_version, save_versioned
from convene.cases.models import (
    AgencyInvolvement,
    Case,
    Child,
    Concerns,
    Contact,
    Engagement,
    HouseholdMember,
)
from convene.cases.templatetags.convene_tags import long_date

CHILD_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "expected_birth_date",
    "sex",
    "ethnicity",
    "upn",
    "address",
    "postcode",
    "first_language",
    "interpreter_needed",
    "disability",
    "hospital",
    "medical_examination",
    "lives_outside_area",
    "household_adult_concerns",
)
HOUSEHOLD_FIELDS = (
    "name",
    "relationship",
    "date_of_birth",
    "parental_responsibility",
    "lives_with_child",
    "is_child",
    "notes",
)
CONTACT_FIELDS = (
    "received_at",
    "referrer_name",
    "referrer_role",
    "referrer_agency",
    "referrer_contact_details",
    "referrer_relationship",
    "consent",
    "consent_detail",
    "presenting_issues",
    "reason_and_impact",
    "current_support",
    "services_involved",
    "named_lead",
)
CONCERNS_FIELDS = (
    "identified_at",
    "concerns",
    "summary",
    "immediate_action_taken",
    "immediate_action_detail",
    "forensic_evidence_needed",
)


# A partner's access to a case lasts at most this long; it can be given again.
ENGAGEMENT_MAX_DAYS = 90


def check_engagement(case: Case, user: Any, today: date) -> str:
    """Why this partner cannot be given access now, or "" if they can."""
    live = (
        Engagement.objects.filter(
            case=case, user=user, revoked_at__isnull=True, ends_on__gte=today, starts_on__lte=today
        )
        .order_by("-ends_on")
        .first()
    )
    if live is not None:
        return (
            f"{user.full_name} already has access until {long_date(live.ends_on)}. "
            "Remove that access first to change it."
        )
    if not user.is_partner or user.agency is None:
        return "Choose someone from a partner agency"
    return ""


def _only(data: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    return data


@transaction.atomic
def do_record_contact(
    user: Any,
    *,
    child: dict[str, Any],
    contact: dict[str, Any],
    household: list[dict[str, Any]] = (),  # type: ignore[assignment]
    involvements: list[dict[str, Any]] = (),  # type: ignore[assignment]
    lead_social_worker: Any = None,
) -> Case:
    """A new child, their household and services, a case in the user's council and the
    contact that opened it. The contact is received when the form says, not when it is saved:
    the decision clock counts from then."""
    if not user.is_casework_staff:
        raise ActionError("Only council staff can record a contact.")
    council = user.council
    if lead_social_worker is not None and lead_social_worker.council_id != council.pk:
        raise ActionError("The lead social worker must work for this council.")
    new_child = Child.objects.create(council=council, **_only(child, CHILD_FIELDS))
    for member in household:
        HouseholdMember.objects.create(child=new_child, **_only(member, HOUSEHOLD_FIELDS))
    for involvement in involvements:
        AgencyInvolvement.objects.create(child=new_child, **involvement)
    case = Case.objects.create(
        child=new_child,
        council=council,
        lead_social_worker=lead_social_worker,
        team=lead_social_worker.team if lead_social_worker is not None else None,
        opened_at=contact["received_at"],
        allocated_at=contact["received_at"] if lead_social_worker is not None else None,
    )
    Contact.objects.create(case=case, recorded_by=user, **_only(contact, CONTACT_FIELDS))
    return case


@transaction.atomic
def do_decide_contact(
    user: Any,
    contact: Contact,
    version: int | None,
    *,
    decision: str,
    reason: str,
    now: datetime | None = None,
) -> Contact:
    check_version(contact, version)
    if contact.decision:
        raise ActionError("A decision on this contact has already been recorded.")
    contact.decision = decision
    contact.decision_reason = reason
    contact.decided_at = now or timezone.now()
    contact.decided_by = user
    save_versioned(contact, ["decision", "decision_reason", "decided_at", "decided_by"])
    return contact


@transaction.atomic
def do_acknowledge_referrer(
    user: Any, contact: Contact, version: int | None, now: datetime | None = None
) -> Contact:
    check_version(contact, version)
    if contact.referrer_acknowledged_at is not None:
        raise ActionError("The referrer has already been acknowledged.")
    contact.referrer_acknowledged_at = now or timezone.now()
    save_versioned(contact, ["referrer_acknowledged_at"])
    return contact


@transaction.atomic
def do_edit_child(user: Any, child: Child, version: int | None, changes: dict[str, Any]) -> Child:
    check_version(child, version)
    for name, value in _only(changes, CHILD_FIELDS).items():
        setattr(child, name, value)
    save_versioned(child, list(changes))
    return child


INVOLVEMENT_FIELDS = ("service", "agency_id", "contact_name", "contact_details")


@transaction.atomic
def do_add_agency_involvement(user: Any, child: Child, data: dict[str, Any]) -> AgencyInvolvement:
    """A service found to be involved after the contact (auditlog records who added it)."""
    return AgencyInvolvement.objects.create(
        child=child, **{name: data[name] for name in INVOLVEMENT_FIELDS}
    )


@transaction.atomic
def do_add_household_member(user: Any, child: Child, data: dict[str, Any]) -> HouseholdMember:
    return HouseholdMember.objects.create(child=child, **_only(data, HOUSEHOLD_FIELDS))


@transaction.atomic
def do_edit_household_member(
    user: Any, member: HouseholdMember, version: int | None, changes: dict[str, Any]
) -> HouseholdMember:
    check_version(member, version)
    for name, value in _only(changes, HOUSEHOLD_FIELDS).items():
        setattr(member, name, value)
    save_versioned(member, list(changes))
    return member


@transaction.atomic
def do_record_concerns(user: Any, case: Case, data: dict[str, Any]) -> Concerns:
    if case.closed_at is not None:
        raise ActionError("This case is closed: concerns cannot be added to it.")
    if not data.get("concerns"):
        raise ActionError("Select at least one concern.")
    return Concerns.objects.create(case=case, recorded_by=user, **_only(data, CONCERNS_FIELDS))


@transaction.atomic
def do_grant_engagement(
    user: Any, case: Case, partner: Any, *, purpose: str, ends_on: date, today: date | None = None
) -> Engagement:
    """Give a partner agency user access to the case until `ends_on`."""
    today = today or timezone.localdate()
    # One grant at a time per case, so two people cannot give the same access twice.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    problem = check_engagement(case, partner, today)
    if problem:
        raise ActionError(problem)
    if ends_on < today or (ends_on - today).days > ENGAGEMENT_MAX_DAYS:
        raise ActionError(f"Access can be given for at most {ENGAGEMENT_MAX_DAYS} days.")
    return Engagement.objects.create(
        case=case, user=partner, purpose=purpose, starts_on=today, ends_on=ends_on, granted_by=user
    )


@transaction.atomic
def do_revoke_engagement(user: Any, engagement: Engagement) -> Engagement:
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if locked.revoked_at is not None:
        raise ActionError("This access has already been removed.")
    engagement.revoked_at = timezone.now()
    engagement.save(update_fields=["revoked_at"])
    return engagement


@transaction.atomic
def do_allocate_case(
    user: Any, case: Case, version: int | None, *, lead_social_worker: Any, team: Any = None
) -> Case:
    check_version(case, version)
    if lead_social_worker.council_id != case.council_id:
        raise ActionError("The lead social worker must work for this council.")
    case.lead_social_worker = lead_social_worker
    case.team = team or lead_social_worker.team
    if case.allocated_at is None:
        case.allocated_at = timezone.now()
    save_versioned(case, ["lead_social_worker", "team", "allocated_at"])
    return case
