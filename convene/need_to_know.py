"""A partner's need to know: what of a case a partner agency's user may see. The one place that
decides it, used by the pages, the API, the exports and search alike.

Council staff with casework see the whole of their council's cases (`cases_visible_to`).
A partner (police, health, a school) with a live engagement on a case sees only:
- the child's identifying details their agency's work needs (`PARTNER_GROUPS`, by the kind of
  agency: the police and health see where the child lives and who with, a school the pupil
  number, health the child's health);
- the strategy discussions they were invited to (by name, or their agency while no one of it is
  named), and those whose record was circulated to them;
- within those, the information their own agency shared, and the others' only once the record
  that holds it has been circulated to them;
- the actions assigned to them (on the discussion's actions page only, if that is all);
- the section 47 enquiry and conference booking that followed a discussion they may see;
- the contact only when the referrer was of their own agency: never another referrer's
  identity, consent or account.
They never see social care's clocks, the case's timeline or its chronology export.

Where the referrer's agency (free text on the contact) cannot be matched with certainty to
the partner's agency, the contact is withheld: the reading that protects the referrer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from convene.cases.access import cases_visible_to
from convene.cases.models import Case, Concerns, Contact
from convene.conferences.models import Conference
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import Agency
from convene.plans.models import ChildProtectionPlan
from convene.strategy.models import Circulation, Invitee, StrategyAction, StrategyDiscussion

# --- field groups ----------------------------------------------------------------------------

IDENTITY = "identity"  # who the child is: enough to find them in one's own records
COMMUNICATION = "communication"  # how to speak with the child
ADDRESS = "address"  # where the child lives
EDUCATION = "education"  # the unique pupil number
HEALTH = "health"  # disability, hospital, medical examination
HOUSEHOLD = "household"  # who the child lives with, and the adults' difficulties
SERVICES = "services"  # other services involved, with their contacts
SOCIAL_CARE = "social_care"  # ethnicity (for social care's returns)
REFERRAL = "referral"  # the contact: referrer, consent, their account, the decision
CLOCKS = "clocks"  # social care's timescales, stages and timeline

# The child's fields in each group (the API's and the case page's).
CHILD_FIELDS: dict[str, tuple[str, ...]] = {
    IDENTITY: ("given_name", "family_name", "date_of_birth", "expected_birth_date", "sex"),
    COMMUNICATION: ("first_language", "interpreter_needed"),
    ADDRESS: ("address", "postcode", "lives_outside_area"),
    EDUCATION: ("upn",),
    HEALTH: ("disability", "hospital", "medical_examination"),
    HOUSEHOLD: ("household_adult_concerns", "household"),
    SOCIAL_CARE: ("ethnicity",),
}
ALL_GROUPS = frozenset(
    {IDENTITY, COMMUNICATION, ADDRESS, EDUCATION, HEALTH, HOUSEHOLD, SERVICES, SOCIAL_CARE}
    | {REFERRAL, CLOCKS}
)
# What each kind of partner agency needs. The police and health check the household's adults
# and see the child at home; a school knows the child as a pupil; another agency only who the
# child is and how to speak with them.
PARTNER_GROUPS: dict[str, frozenset[str]] = {
    Agency.Kind.POLICE: frozenset({IDENTITY, COMMUNICATION, ADDRESS, HOUSEHOLD}),
    Agency.Kind.HEALTH: frozenset({IDENTITY, COMMUNICATION, ADDRESS, HOUSEHOLD, HEALTH}),
    Agency.Kind.SCHOOL: frozenset({IDENTITY, COMMUNICATION, EDUCATION}),
    Agency.Kind.OTHER: frozenset({IDENTITY, COMMUNICATION}),
}


def groups_for(user: Any) -> frozenset[str]:
    """The field groups the user may see of a case they may see."""
    if user.is_casework_staff:
        return ALL_GROUPS
    agency = user.agency if user.is_partner and user.agency_id else None
    return PARTNER_GROUPS.get(agency.kind, frozenset()) if agency else frozenset()


def hidden_child_fields(user: Any) -> frozenset[str]:
    groups = groups_for(user)
    return frozenset(
        name for group, names in CHILD_FIELDS.items() if group not in groups for name in names
    )


def _same_agency(free_text: str, agency: Agency | None) -> bool:
    return bool(agency and free_text.strip().casefold() == agency.name.strip().casefold())


# --- one case --------------------------------------------------------------------------------

# How much of a discussion a user may see.
NOTHING, ACTIONS, TOOK_PART, ALL = 0, 1, 2, 3


@dataclass
class Sight:
    """What one user may see of one case (already known to be visible to them)."""

    staff: bool
    groups: frozenset[str]
    agency_id: int | None = None
    invited: frozenset[int] = frozenset()  # discussion ids
    circulated: frozenset[int] = frozenset()
    assigned: frozenset[int] = frozenset()
    own_referral: bool = False

    def sees(self, group: str) -> bool:
        return group in self.groups

    def discussion_level(self, discussion_id: int) -> int:
        if self.staff:
            return ALL
        if discussion_id in self.invited or discussion_id in self.circulated:
            return TOOK_PART
        if discussion_id in self.assigned:
            return ACTIONS
        return NOTHING

    def sees_discussion(self, discussion_id: int) -> bool:
        return self.discussion_level(discussion_id) >= TOOK_PART

    def sees_information_of(self, invitee: Invitee) -> bool:
        """An agency's information in a discussion: the partner's own, or all of it once the
        record has been circulated to them."""
        if self.staff or invitee.discussion_id in self.circulated:
            return True
        return self.agency_id is not None and invitee.agency_id == self.agency_id

    def sees_enquiry(self, enquiry: Section47Enquiry) -> bool:
        return self.staff or self.sees_discussion(enquiry.strategy_discussion_id)

    @property
    def sees_contact(self) -> bool:
        return self.staff or self.own_referral


def _invited_filter(user: Any, prefix: str = "") -> Q:
    """Invitee rows that invite the user: by name, or their agency while nobody is named."""
    return Q(**{f"{prefix}removed": False}) & (
        Q(**{f"{prefix}user": user})
        | Q(**{f"{prefix}user__isnull": True, f"{prefix}agency_id": user.agency_id})
    )


def sight_of(user: Any, case: Case) -> Sight:
    """What the user may see of a case they may see (`access_case` has been asked)."""
    if user.is_casework_staff:
        return Sight(staff=True, groups=ALL_GROUPS)
    invited = Invitee.objects.filter(_invited_filter(user), discussion__case=case)
    circulated = Circulation.objects.filter(user=user, discussion__case=case)
    assigned = StrategyAction.objects.filter(assigned_to=user, discussion__case=case)
    contact = Contact.objects.filter(case=case).values_list("referrer_agency", flat=True).first()
    return Sight(
        staff=False,
        groups=groups_for(user),
        agency_id=user.agency_id,
        invited=frozenset(invited.values_list("discussion_id", flat=True)),
        circulated=frozenset(circulated.values_list("discussion_id", flat=True)),
        assigned=frozenset(assigned.values_list("discussion_id", flat=True)),
        own_referral=contact is not None and _same_agency(contact, user.agency),
    )


def require_discussion(sight: Sight, discussion_id: int, level: int = TOOK_PART) -> None:
    """404 for a discussion the user may not see: as for a case they may not know of."""
    if sight.discussion_level(discussion_id) < level:
        raise Http404("No such strategy discussion")


def withhold_information(sight: Sight, invitees: list[Invitee]) -> list[Invitee]:
    """The invitees as the user may read them: other agencies' information blanked (in memory
    only, for drawing a page) and marked `withheld` until the record is circulated to them."""
    for invitee in invitees:
        # Marked only where there is something to withhold.
        invitee.withheld = bool(invitee.information_shared) and not sight.sees_information_of(
            invitee
        )
        if not sight.sees_information_of(invitee):
            invitee.information_shared = ""
            invitee.information_plan = ""
    return invitees


# --- many cases: the API's lists -------------------------------------------------------------


def discussions_visible_to(user: Any) -> QuerySet[StrategyDiscussion]:
    """The discussions the user may read in full (TOOK_PART or ALL)."""
    discussions = StrategyDiscussion.objects.filter(case__in=cases_visible_to(user).values("pk"))
    if user.is_casework_staff:
        return discussions
    invited = Invitee.objects.filter(_invited_filter(user)).values("discussion_id")
    circulated = Circulation.objects.filter(user=user).values("discussion_id")
    return discussions.filter(Q(pk__in=invited) | Q(pk__in=circulated))


def concerns_visible_to(user: Any) -> QuerySet[Concerns]:
    """Concerns: a partner sees those a discussion they may see was about."""
    concerns = Concerns.objects.filter(case__in=cases_visible_to(user).values("pk"))
    if user.is_casework_staff:
        return concerns
    return concerns.filter(pk__in=discussions_visible_to(user).values("concerns_id"))


def contacts_visible_to(user: Any) -> QuerySet[Contact]:
    """Contacts: a partner sees only a referral their own agency made."""
    contacts = Contact.objects.filter(case__in=cases_visible_to(user).values("pk"))
    if user.is_casework_staff:
        return contacts
    if not user.is_partner or user.agency_id is None:
        return contacts.none()
    return contacts.filter(referrer_agency__iexact=user.agency.name.strip())


def enquiries_visible_to(user: Any) -> QuerySet[Section47Enquiry]:
    enquiries = Section47Enquiry.objects.filter(case__in=cases_visible_to(user).values("pk"))
    if user.is_casework_staff:
        return enquiries
    return enquiries.filter(strategy_discussion__in=discussions_visible_to(user).values("pk"))


def bookings_visible_to(user: Any) -> QuerySet[InitialConference]:
    """Initial conference bookings: a partner sees the one after an enquiry they may see."""
    bookings = InitialConference.objects.filter(case__in=cases_visible_to(user).values("pk"))
    if user.is_casework_staff:
        return bookings
    return bookings.filter(enquiry__in=enquiries_visible_to(user).values("pk"))


def conferences_visible_to(user: Any) -> QuerySet[Conference]:
    """Conferences: a partner sees those they are invited to by name."""
    conferences = Conference.objects.filter(case__in=cases_visible_to(user).values("pk"))
    if user.is_casework_staff:
        return conferences
    return conferences.filter(attendees__user=user).distinct()


def plans_visible_to(user: Any) -> QuerySet[ChildProtectionPlan]:
    """Plans, with their core groups and visits: social care's, for now (a partner's view of
    the core groups and plan items they belong to is still to be built)."""
    plans = ChildProtectionPlan.objects.filter(case__in=cases_visible_to(user).values("pk"))
    return plans if user.is_casework_staff else plans.none()
