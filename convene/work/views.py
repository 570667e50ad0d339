"""What each person has to do: my work, the team's work, the council's overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from convene.cases.access import can_user_see_team, cases_visible_to


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    cases = cases_visible_to(request.user).filter(lead_social_worker=request.user)
    return render(request, "work/my_work.html", {"page_title": "My work", "cases": cases})


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = cases_visible_to(request.user).select_related("child")
    return render(request, "work/case_list.html", {"page_title": "Cases", "cases": cases})


@login_required
def team_work(request: HttpRequest) -> HttpResponse:
    if not can_user_see_team(request.user):
        raise PermissionDenied
    return render(request, "work/team_work.html", {"page_title": "Team"})


@login_required
def council_overview(request: HttpRequest) -> HttpResponse:
    if not can_user_see_team(request.user):
        raise PermissionDenied
    return render(request, "work/council_overview.html", {"page_title": "Council"})
