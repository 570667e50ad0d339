"""What "My work" shows each role: what is theirs to do, and nothing that is someone else's.

- Social worker: the clocks of the cases they lead, and their strategy actions.
- Partner (police, health, education): their strategy actions, the strategy discussions they
  (or their agency) are invited to that are not yet held, the records circulated to them, and
  the cases they are engaged on with the engagement's purpose and end date. Never the social
  worker's clocks. A police officer also sees the decisions awaiting their authorisation as
  the police officer in charge (`can_user_authorise_as_police`).
- Team or service manager: the strategy decisions awaiting their authorisation (the team's
  cases, as the team view counts them; the council's for a manager with no team), the clocks
  of any case they lead, their actions and a link to the team view.
- Business support: the record-keeping clocks (RECORD_KEEPING_CLOCKS) of the council's open
  cases, overdue first, and the initial conferences to be booked. The whole council's, not a
  team's: business support minutes and circulates for every team, and cases with no team or
  no lead social worker still need their records circulated.
- Conference chair: the council's upcoming initial conferences with the reports due before
  each, and the conferences due but not yet booked.
- Administrator: no casework (see the template).

Each builder returns the template's context. Cases are read with `scope_cases`, so the number
of queries does not grow with the number of cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from convene.cases.access import cases_visible_to, is_police_officer, live_engagements
from convene.cases.models import Case
from convene.conferences.models import Attendee, Conference
from convene.enquiries.models import Section47Enquiry
from convene.people.models import Role, User
from convene.plans.models import ChildProtectionPlan
from convene.strategy.access import discussions_user_may_authorise_as_police
from convene.strategy.authorisation import (
    POLICE_OFFICER_IN_CHARGE,
    RECORD_DECISIONS,
    RequiredAuthorisation,
    decisions_final,
    required_authorisations,
)
from convene.strategy.models import (
    Authorisation,
    Circulation,
    Invitee,
    StrategyAction,
    StrategyDiscussion,
)
from convene.work.clocks import (
    RECORD_KEEPING_CLOCKS,
    AwaitingAuthorisation,
    CaseClock,
    Workload,
    authorisations_awaiting,
    booked_conference_clocks,
    conference_to_book,
    evaluations,
    scope_cases,
    workload,
)

# Records circulated to a partner stay on their My work for this long.
CIRCULATED_RECENTLY = timedelta(days=28)
# An engagement ending this soon is flagged.
ENDING_SOON = timedelta(days=7)


def my_actions(user: User) -> QuerySet[StrategyAction]:
    """Actions from strategy discussions assigned to the user and not yet done, on open cases
    the user may still see (a partner loses them when the engagement ends)."""
    return (
        StrategyAction.objects.filter(
            assigned_to=user,
            completed_at__isnull=True,
            discussion__case__in=cases_visible_to(user),
            discussion__case__closed_at__isnull=True,
        )
        .select_related("discussion__case__child")
        .order_by("due_on", "id")
    )


def _lead_clocks(user: User, now: datetime) -> dict[str, Any]:
    work = workload(scope_cases(cases_visible_to(user).filter(lead_social_worker=user)), now)
    return {
        "work": work,
        "overdue": work.overdue,
        "due_today": work.due_today,
        "due_later": work.due_later,
    }


def social_worker_work(user: User, now: datetime) -> dict[str, Any]:
    return {"template": "work/my_work.html", **_lead_clocks(user, now)}


# --- Partners ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    discussion: StrategyDiscussion
    invitee: Invitee
    hold_by: CaseClock | None  # the strategy discussion clock, if the engine sets one

    @property
    def case(self) -> Case:
        return self.discussion.case


@dataclass(frozen=True)
class PoliceAuthorisation:
    """A strategy discussion with decisions the police officer in charge has still to
    authorise, and this officer may."""

    discussion: StrategyDiscussion
    items: list[RequiredAuthorisation]

    @property
    def case(self) -> Case:
        return self.discussion.case


def police_authorisations_awaiting(
    user: User, visible: QuerySet[Case]
) -> list[PoliceAuthorisation]:
    """The decided discussions on the officer's open engaged cases (`visible`) that await the
    police officer in charge and that this officer may authorise as such, in a fixed number of
    queries: only discussions naming them or a police invitee of their agency are read, each
    with its invitees and authorisations. A decision about the record waits, as on the
    authorisation page, until the decisions about the child are final."""
    if not is_police_officer(user):
        return []
    invited = Invitee.objects.filter(discussion=OuterRef("pk"), removed=False)
    mine = Q(user=user)
    if user.agency_id is not None:
        mine |= Q(agency_id=user.agency_id, attendee="police")
    discussions = list(
        StrategyDiscussion.objects.filter(case__in=visible)
        .exclude(outcome="")
        .filter(Exists(invited.filter(mine)))
        .select_related("case__child", "case__council")
        .prefetch_related(
            "invitees",
            Prefetch("authorisations", queryset=Authorisation.objects.select_related("user")),
        )
    )
    awaiting = []
    for discussion in discussions_user_may_authorise_as_police(user, discussions):
        items = [
            item
            for item in required_authorisations(discussion)
            if item.authoriser == POLICE_OFFICER_IN_CHARGE and not item.done
        ]
        if any(item.decision in RECORD_DECISIONS for item in items) and not decisions_final(
            discussion
        ):
            items = [item for item in items if item.decision not in RECORD_DECISIONS]
        if items:
            awaiting.append(PoliceAuthorisation(discussion, items))
    awaiting.sort(key=lambda item: (item.discussion.held_at or item.discussion.scheduled_for,))
    return awaiting


def partner_work(user: User, now: datetime) -> dict[str, Any]:
    today = timezone.localtime(now).date()
    visible = cases_visible_to(user).filter(closed_at__isnull=True)
    engagements = list(
        live_engagements(user)
        .filter(case__closed_at__isnull=True)
        .select_related("case__child")
        .order_by("ends_on", "case_id")
    )
    # Invited by name, or their agency invited with nobody named: discussions not yet held,
    # on cases they may see.
    mine = Q(user=user)
    if user.agency_id is not None:
        mine |= Q(agency_id=user.agency_id, user__isnull=True)
    invitees = sorted(
        Invitee.objects.filter(
            mine,
            removed=False,
            discussion__held_at__isnull=True,
            discussion__case__in=visible,
        ).select_related("discussion"),
        # Soonest first; for one discussion, the row naming the user before the agency's.
        key=lambda i: (i.discussion.scheduled_for, i.discussion_id, i.user_id != user.pk, i.pk),
    )
    # The engine's "hold by" for each invited discussion's case: only that clock is read.
    invited = visible.filter(pk__in=[invitee.discussion.case_id for invitee in invitees])
    cases = {case.pk: case for case in scope_cases(invited)}
    hold_by: dict[int, CaseClock] = {}
    for case, clocks in evaluations(cases.values(), now):
        if clocks is None:
            continue
        open_discussion_clocks = [c for c in clocks.open_clocks if c.clock == "strategy_discussion"]
        if open_discussion_clocks:
            hold_by[case.pk] = CaseClock(case, open_discussion_clocks[0], today)
    invitations = []
    seen: set[int] = set()
    for invitee in invitees:
        if invitee.discussion_id in seen:
            continue  # invited both by name and as the agency: listed once
        seen.add(invitee.discussion_id)
        case = cases[invitee.discussion.case_id]
        invitee.discussion.case = case
        invitations.append(Invitation(invitee.discussion, invitee, hold_by.get(case.pk)))
    circulated = list(
        Circulation.objects.filter(
            user=user,
            sent_at__gte=now - CIRCULATED_RECENTLY,
            discussion__case__in=visible,
        )
        .select_related("discussion__case__child")
        .order_by("-sent_at", "-id")
    )
    # Conferences they are invited to by name, not yet held, with their report's state.
    conference_invitations = list(
        Attendee.objects.filter(
            user=user, conference__held_at__isnull=True, conference__case__in=visible
        )
        .select_related("conference__case__child")
        .order_by("conference__scheduled_for", "pk")
    )
    # The plans made at conferences they were invited to, still running: their core groups
    # and the plan's actions.
    plans = list(
        ChildProtectionPlan.objects.filter(
            ended_at__isnull=True,
            case__in=visible,
            conference__attendees__user=user,
        )
        .select_related("case__child")
        .prefetch_related("items")
        .distinct()
        .order_by("case_id")
    )
    return {
        "template": "work/my_work_partner.html",
        "conference_invitations": conference_invitations,
        "plans": plans,
        "authorises_as_police": is_police_officer(user),
        "police_authorisations": police_authorisations_awaiting(user, visible),
        "engagements": engagements,
        "ending_soon": today + ENDING_SOON,
        "invitations": invitations,
        "circulated": circulated,
        "circulated_days": CIRCULATED_RECENTLY.days,
    }


# --- Managers -------------------------------------------------------------------------------


def manager_scope(user: User) -> QuerySet[Case]:
    """The cases whose decisions a manager authorises from My work: their team's, and open
    work with neither a team nor a lead social worker (as the team view counts them); the
    whole council's for a manager with no team."""
    council_cases = Case.objects.filter(council_id=user.council_id)
    if user.team_id is None or user.team.council_id != user.council_id:
        return council_cases
    return council_cases.filter(
        Q(team_id=user.team_id) | Q(team__isnull=True, lead_social_worker__isnull=True)
    )


def manager_work(user: User, now: datetime) -> dict[str, Any]:
    decided = StrategyDiscussion.objects.filter(case=OuterRef("pk")).exclude(outcome="")
    scope = manager_scope(user).filter(Exists(decided))
    awaiting: list[AwaitingAuthorisation] = []
    for case in scope_cases(scope):
        awaiting.extend(authorisations_awaiting(case, user))
    awaiting.sort(key=lambda item: (item.discussion.held_at or item.discussion.scheduled_for,))
    return {
        "template": "work/my_work_manager.html",
        "awaiting": awaiting,
        "team": user.team if user.team_id else None,
        **_lead_clocks(user, now),
    }


# --- Business support and conference chairs ------------------------------------------------


@dataclass(frozen=True)
class ToBook:
    """A substantiated enquiry with no initial conference booked, and the engine's clock for
    holding the conference (None when the procedure sets none or it cannot be evaluated)."""

    case: Case
    enquiry: Section47Enquiry
    clock: CaseClock | None


@dataclass(frozen=True)
class Booked:
    case: Case
    conference: Conference  # not yet held: upcoming, or past and awaiting its outcome
    reports: list[CaseClock]  # due before the conference, from the engine

    @property
    def awaiting_outcome(self) -> bool:
        return self.conference.scheduled_for < timezone.now()

    @property
    def reports_outstanding(self) -> list[CaseClock]:
        return [c for c in self.reports if c.state in ("due", "overdue")]


def _conferences_to_book(case: Case, clocks: Any, today: date) -> ToBook | None:
    enquiry = conference_to_book(case)
    if enquiry is None:
        return None
    clock = None
    if clocks is not None:
        latest = clocks.latest("initial_conference")
        if latest is not None and latest.state in ("due", "overdue"):
            clock = CaseClock(case, latest, today)
    return ToBook(case, enquiry, clock)


def _upcoming(case: Case, now: datetime) -> list[Booked]:
    """Conferences of every kind not yet held: those ahead, and those whose date has passed
    with no outcome recorded (never silently forgotten)."""
    return [
        Booked(case, conference, booked_conference_clocks(case, conference, now))
        for conference in case.conferences.all()
        if conference.held_at is None
    ]


def _sort_to_book(items: list[ToBook]) -> list[ToBook]:
    far = datetime.max.replace(tzinfo=timezone.get_current_timezone())
    return sorted(
        items,
        key=lambda item: (item.clock.due_at if item.clock else far, item.case.pk),
    )


def business_support_work(user: User, now: datetime) -> dict[str, Any]:
    today = timezone.localtime(now).date()
    council_cases = Case.objects.filter(council_id=user.council_id)
    work = Workload(now=timezone.localtime(now))
    to_book: list[ToBook] = []
    for case, clocks in evaluations(scope_cases(council_cases), now):
        work.cases.append(case)
        if clocks is None:
            work.unevaluated.append(case)
        else:
            work.clocks.extend(
                CaseClock(case, clock, today)
                for clock in clocks.open_clocks
                if clock.clock in RECORD_KEEPING_CLOCKS
            )
        for booked in _upcoming(case, now):
            work.clocks.extend(booked.reports_outstanding)
        item = _conferences_to_book(case, clocks, today)
        if item is not None:
            to_book.append(item)
    return {
        "template": "work/my_work_business_support.html",
        "work": work,
        "overdue": work.overdue,
        "due_today": work.due_today,
        "due_later": work.due_later,
        "to_book": _sort_to_book(to_book),
    }


def conference_chair_work(user: User, now: datetime) -> dict[str, Any]:
    today = timezone.localtime(now).date()
    upcoming_conference = Conference.objects.filter(case=OuterRef("pk"), held_at__isnull=True)
    substantiated = Section47Enquiry.objects.filter(
        case=OuterRef("pk"),
        outcome=Section47Enquiry.Outcome.SUBSTANTIATED,
        completed_at__isnull=False,
    )
    scope = Case.objects.filter(council_id=user.council_id).filter(
        Exists(upcoming_conference) | Exists(substantiated)
    )
    booked: list[Booked] = []
    to_book: list[ToBook] = []
    unevaluated: list[Case] = []
    for case, clocks in evaluations(scope_cases(scope), now):
        if clocks is None:
            unevaluated.append(case)
        booked.extend(_upcoming(case, now))
        item = _conferences_to_book(case, clocks, today)
        if item is not None:
            to_book.append(item)
    booked.sort(key=lambda item: (item.conference.scheduled_for, item.conference.pk))
    return {
        "template": "work/my_work_chair.html",
        "booked": booked,
        "to_book": _sort_to_book(to_book),
        "unevaluated": unevaluated,
    }


def administrator_work(user: User, now: datetime) -> dict[str, Any]:
    return {"template": "work/my_work_administrator.html"}


BUILDERS = {
    Role.SOCIAL_WORKER: social_worker_work,
    Role.TEAM_MANAGER: manager_work,
    Role.SERVICE_MANAGER: manager_work,
    Role.BUSINESS_SUPPORT: business_support_work,
    Role.CONFERENCE_CHAIR: conference_chair_work,
    Role.POLICE_OFFICER: partner_work,
    Role.HEALTH_PROFESSIONAL: partner_work,
    Role.EDUCATION_SAFEGUARDING_LEAD: partner_work,
    Role.ADMINISTRATOR: administrator_work,
}


def work_for(user: User, now: datetime) -> dict[str, Any]:
    """The context of the user's My work, by role (the template under "template"). A council
    role with no council sees no case: every scope above is of the user's council."""
    return BUILDERS.get(user.role, administrator_work)(user, now)
