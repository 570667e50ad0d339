"""Synthetic records for the section 47 enquiry tests (no tests here): a case whose strategy
discussion decided on a section 47 enquiry, the enquiry at each stage, and form data."""

from __future__ import annotations

import re
from datetime import datetime

from django.test import Client
from django.utils import timezone

from convene.cases.models import Case, HouseholdMember
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import Role, User
from convene.strategy.authorisation import required_authorisations
from convene.strategy.models import Authorisation, StrategyDiscussion
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ConcernsFactory,
    EngagementFactory,
    StrategyDiscussionFactory,
)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def use_procedure(cast, procedure: str) -> None:
    cast.council.procedure = procedure
    cast.council.save()


def new_case(cast, *, household_children: tuple[str, ...] = ()) -> Case:
    child = ChildFactory(council=cast.council)
    for name in household_children:
        HouseholdMember.objects.create(
            child=child, name=name, relationship="Sibling", is_child=True
        )
    HouseholdMember.objects.create(child=child, name="Parent Example", relationship="Mother")
    return CaseFactory(
        child=child, council=cast.council, lead_social_worker=cast[Role.SOCIAL_WORKER]
    )


def authorise_all(cast, discussion: StrategyDiscussion) -> None:
    """Every authorisation the procedure asks of the discussion's decisions, given by the
    team manager (a police officer in charge's by the cast's police officer)."""
    for item in required_authorisations(discussion):
        if item.done:
            continue
        user = (
            cast[Role.POLICE_OFFICER]
            if item.authoriser == "police_officer_in_charge"
            else cast[Role.TEAM_MANAGER]
        )
        Authorisation.objects.create(
            discussion=discussion,
            decision=item.decision,
            authoriser=item.authoriser,
            user=user,
            reasons="Synthetic reasons.",
        )


def section_47_discussion(
    cast,
    held_at: datetime,
    *,
    case: Case | None = None,
    authorised: bool = True,
    household_children: tuple[str, ...] = (),
    **fields,
) -> StrategyDiscussion:
    """A strategy discussion held at `held_at` that decided on a section 47 enquiry."""
    case = case or new_case(cast, household_children=household_children)
    concerns = ConcernsFactory(
        case=case, identified_at=held_at, recorded_by=cast[Role.SOCIAL_WORKER]
    )
    fields.setdefault("enquiry", "single")
    fields.setdefault("outcome", "section_47")
    discussion = StrategyDiscussionFactory(
        case=case,
        concerns=concerns,
        scheduled_for=held_at,
        held_at=held_at,
        decisions_recorded_at=held_at,
        decision_reasons="Synthetic decision reasons.",
        **fields,
    )
    if authorised:
        authorise_all(cast, discussion)
    return discussion


def started_enquiry(cast, held_at: datetime, *, kind: str = "single", **kwargs) -> Section47Enquiry:
    discussion = section_47_discussion(cast, held_at, enquiry=kind, **kwargs)
    return Section47Enquiry.objects.create(
        case=discussion.case,
        strategy_discussion=discussion,
        lead_social_worker=cast[Role.SOCIAL_WORKER],
        kind=kind,
        started_at=held_at,
    )


def substantiated_enquiry(
    cast, held_at: datetime, seen_at: datetime, completed_at: datetime, **kwargs
) -> Section47Enquiry:
    enquiry = started_enquiry(cast, held_at, **kwargs)
    enquiry.child_seen_at = seen_at
    enquiry.seen_alone = True
    enquiry.parental_permission = Section47Enquiry.Permission.OBTAINED
    enquiry.outcome = Section47Enquiry.Outcome.SUBSTANTIATED
    enquiry.outcome_reasons = "Synthetic: concerns substantiated."
    enquiry.completed_at = completed_at
    enquiry.save()
    return enquiry


def booked_conference(cast, enquiry: Section47Enquiry, at: datetime, **fields) -> InitialConference:
    return InitialConference.objects.create(
        case=enquiry.case,
        enquiry=enquiry,
        scheduled_for=at,
        venue=fields.pop("venue", "Synthetic Room 1"),
        chair=cast[Role.CONFERENCE_CHAIR],
        booked_by=cast[Role.BUSINESS_SUPPORT],
        booked_at=timezone.now(),
        **fields,
    )


def engage(cast, case: Case, user: User) -> None:
    """A live engagement for a partner user (dates from today, whatever day that is)."""
    today = timezone.localdate()
    EngagementFactory(
        case=case,
        user=user,
        starts_on=today,
        ends_on=today.replace(year=today.year + 1),
        granted_by=cast[Role.SOCIAL_WORKER],
    )


def moment_data(prefix: str, moment: datetime) -> dict[str, str]:
    """Form data for a GOV.UK date input `<prefix>_date` and its time `<prefix>_time`."""
    local = timezone.localtime(moment)
    return {
        f"{prefix}_date_0": str(local.day),
        f"{prefix}_date_1": str(local.month),
        f"{prefix}_date_2": str(local.year),
        f"{prefix}_time": local.strftime("%H:%M"),
    }


def detail_url(enquiry: Section47Enquiry) -> str:
    return f"/cases/{enquiry.case_id}/enquiry/{enquiry.id}/"


def is_checked(page: str, name: str, value: str) -> bool:
    """Whether the radio or checkbox `name` with `value` is checked on the page."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    return False
