"""What each person has to do: my work, the team's work, the council's overview, and the
list of cases a person may see.

Read-only pages: they change nothing, so they call no actions. Clocks come from the rules
engine for open cases of the page's scope only (see convene/work/clocks.py).
"""

from __future__ import annotations

import re
from collections import Counter

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from convene.audit.actions import logs_cases_shown
from convene.audit.models import RecordView
from convene.cases.access import (
    can_user_list_cases,
    can_user_record_contact,
    can_user_see_team,
    cases_visible_to,
)
from convene.cases.models import Case
from convene.enquiries.models import InitialConference
from convene.pagination import paginate
from convene.people.models import Role, Team, User
from convene.rules.vocabulary import CLOCK_IDS
from convene.strategy.models import StrategyAction
from convene.work.clocks import (
    STATE_LABELS,
    awaiting_authorisation,
    clock_label,
    council_counts,
    scope_cases,
    workload,
)
from convene.work.mine import my_actions, work_for

CASES_PER_PAGE = 25
# "CV-000123", "cv123" or "123": a case reference as people type it.
REFERENCE = re.compile(r"^\s*(?:cv\s*-?\s*)?0*(\d{1,12})\s*$", re.IGNORECASE)


@login_required
@logs_cases_shown(RecordView.Channel.LIST)
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    """What is the user's to do, by role (see convene/work/mine.py)."""
    user = request.user
    now = timezone.localtime()
    context = work_for(user, now)
    template = context.pop("template")
    context.update(
        {
            "page_title": "My work",
            "can_record_contact": bool(can_user_record_contact(user)),
            "actions": list(my_actions(user)),
            "now": now,
            "today": now.date(),
            "administration_url": _administration_url(user),
        }
    )
    return render(request, template, context)


# Council administration's page, under whichever name convene/people/ gives it.
ADMINISTRATION_URL_NAMES = ("council_administration", "administration")


def _administration_url(user: User) -> str:
    """Council administration, for an administrator, if this installation has it."""
    if user.role != Role.ADMINISTRATOR:
        return ""
    for name in ADMINISTRATION_URL_NAMES:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search by child's name or case reference",
        required=False,
        max_length=100,
        error_messages={"max_length": "Search must be 100 characters or fewer"},
    )


def search_cases(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Cases matching a case reference, or whose child's names contain every word typed."""
    text = text.strip()
    if not text:
        return cases
    match = REFERENCE.match(text)
    if match:
        return cases.filter(pk=int(match.group(1)))
    query = Q()
    for word in text.split():
        query &= Q(child__given_name__icontains=word) | Q(child__family_name__icontains=word)
    return cases.filter(query)


@login_required
@logs_cases_shown(RecordView.Channel.LIST)
@require_http_methods(["GET", "POST"])
def case_list(request: HttpRequest) -> HttpResponse:
    if not can_user_list_cases(request.user):
        raise PermissionDenied("Council administrators see no child's record.")
    # A child's name never goes into a URL (server logs, browser history, Referer headers),
    # nor is it kept after the request that searched: the search is posted and its results
    # drawn in answer, their pages turned by posting the search again with the page number.
    cases = cases_visible_to(request.user).select_related("child", "lead_social_worker", "team")
    number = None
    if request.method == "POST":
        form = SearchForm(request.POST)
        if form.is_valid():
            q = form.cleaned_data["q"].strip()
            cases = search_cases(cases, q)
            number = request.POST.get("page")
        else:
            # Invalid search: show nothing rather than everything, with the error and the input.
            q = ""
            cases = cases.none()
    else:
        q = ""
        form = SearchForm()
    if q:
        request.convene_list_channel = RecordView.Channel.SEARCH
    page, links = paginate(
        request, cases.order_by("-opened_at", "-pk"), CASES_PER_PAGE, number=number
    )
    return render(
        request,
        "work/case_list.html",
        {
            "page_title": "Cases",
            "can_record_contact": bool(can_user_record_contact(request.user)),
            "form": form,
            "q": q,
            "page": page,
            "links": links,
        },
    )


def _team_choice(request: HttpRequest) -> Team | None:
    """The team to show: ?team=<id> within the manager's council, else the manager's own
    team. None means every team of the council (a service manager with no team)."""
    user = request.user
    teams = Team.objects.filter(council_id=user.council_id)
    wanted = request.GET.get("team", "")
    if wanted == "all":
        return None
    if wanted.isdigit():
        chosen = teams.filter(pk=int(wanted)).first()
        if chosen is not None:
            return chosen
    return user.team if user.team_id and user.team.council_id == user.council_id else None


@login_required
@logs_cases_shown(RecordView.Channel.LIST)
@require_GET
def team_work(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_user_see_team(user):
        raise PermissionDenied("Only managers can see a team's work.")
    team = _team_choice(request)
    council_cases = Case.objects.filter(council_id=user.council_id)
    if team is None:
        scope = council_cases
        workers = User.objects.filter(council_id=user.council_id)
    else:
        # Open work with neither a team nor a lead social worker is every team's to pick up.
        scope = council_cases.filter(
            Q(team=team) | Q(team__isnull=True, lead_social_worker__isnull=True)
        )
        workers = User.objects.filter(team=team)
    work = workload(scope_cases(scope))

    awaiting = [item for case in work.cases for item in awaiting_authorisation(case)]
    awaiting.sort(key=lambda item: item.discussion.held_at or item.discussion.scheduled_for)
    unallocated = sorted(
        (case for case in work.cases if case.lead_social_worker_id is None),
        key=lambda case: (case.opened_at, case.pk),
    )

    # Per social worker: cases led and clocks from the evaluated cases, actions in one query.
    lead_ids = {case.lead_social_worker_id for case in work.cases if case.lead_social_worker_id}
    people = list(
        User.objects.filter(
            Q(pk__in=workers.filter(role=Role.SOCIAL_WORKER, is_active=True).values("pk"))
            | Q(pk__in=lead_ids)
        ).order_by("full_name")
    )
    led = Counter(case.lead_social_worker_id for case in work.cases)
    overdue = Counter(c.case.lead_social_worker_id for c in work.clocks if c.state == "overdue")
    due_today = Counter(
        c.case.lead_social_worker_id for c in work.clocks if c.state == "due" and c.due_today
    )
    today = work.today
    action_counts = {
        row["assigned_to"]: row
        for row in StrategyAction.objects.filter(
            assigned_to__in=[p.pk for p in people],
            completed_at__isnull=True,
            discussion__case__closed_at__isnull=True,
        )
        .values("assigned_to")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    }
    per_worker = [
        {
            "user": person,
            "cases": led[person.pk],
            "overdue": overdue[person.pk],
            "due_today": due_today[person.pk],
            "actions": action_counts.get(person.pk, {}).get("open", 0),
            "actions_overdue": action_counts.get(person.pk, {}).get("overdue", 0),
        }
        for person in people
    ]
    return render(
        request,
        "work/team_work.html",
        {
            "page_title": f"Team: {team.name}" if team else "All teams",
            "team": team,
            "teams": Team.objects.filter(council_id=user.council_id),
            "work": work,
            "overdue": work.overdue,
            "awaiting": awaiting,
            "unallocated": unallocated,
            "per_worker": per_worker,
            "today": today,
        },
    )


STAGES = (
    ("contact_awaiting_decision", "Contact awaiting a decision"),
    ("concerns_awaiting_strategy_discussion", "Concerns awaiting a strategy discussion"),
    ("strategy_awaiting_authorisation", "Strategy discussion decisions awaiting authorisation"),
    ("section_47_open", "Section 47 enquiry open"),
)


@login_required
@logs_cases_shown(RecordView.Channel.LIST)
@require_GET
def council_overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_user_see_team(user):
        raise PermissionDenied("Only managers can see the council's overview.")
    now = timezone.localtime()
    counts = council_counts(Case.objects.filter(council_id=user.council_id), now)
    by_stage, by_state, overdue_by_clock = counts.by_stage, counts.by_state, counts.overdue_by_clock
    conferences_booked = (
        InitialConference.objects.filter(
            case__council_id=user.council_id,
            case__closed_at__isnull=True,
            scheduled_for__gte=now,
        )
        .values("case_id")
        .distinct()
        .count()
    )
    stage_rows = [(label, by_stage[code]) for code, label in STAGES]
    stage_rows.append(("Initial conference booked", conferences_booked))
    return render(
        request,
        "work/council_overview.html",
        {
            "page_title": f"Council overview: {user.council.name}",
            "open_cases": counts.open_cases,
            "stage_rows": stage_rows,
            "state_rows": [(STATE_LABELS[state], by_state[state]) for state in STATE_LABELS],
            "overdue_rows": [
                (clock_label(clock_id), overdue_by_clock[clock_id])
                for clock_id in CLOCK_IDS
                if overdue_by_clock[clock_id]
            ],
            "overdue_total": sum(overdue_by_clock.values()),
            "unevaluated": counts.unevaluated,
            "now": now,
        },
    )
