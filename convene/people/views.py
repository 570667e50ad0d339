"""The council's administration pages (its people, teams and closure days), and the page where
someone sets their password from an emailed link.

Only the council's administrators reach these pages (`administered_council`: 403 for anyone
else); a person, team or closure day of another council is a 404. Views parse input, check
access and call actions; nothing else.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from convene.actions import ActionError, ConcurrentEditError
from convene.people import actions
from convene.people.access import (
    access_closure_day,
    access_person,
    access_team,
    administered_council,
)
from convene.people.forms import ChoosePasswordForm, ClosureDayForm, PersonForm, TeamForm
from convene.people.models import User

NAV = {"nav_section": "administration"}


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, {**NAV, **context})


@login_required
def administration(request: HttpRequest) -> HttpResponse:
    council = administered_council(request.user)
    return _render(
        request,
        "people/administration.html",
        {
            "page_title": f"Administration – {council.name}",
            "council": council,
            "people_count": User.objects.filter(council=council, is_active=True).count(),
            "team_count": council.teams.count(),
            "closure_count": council.closure_days.filter(day__gt=timezone.localdate()).count(),
        },
    )


# --- people -----------------------------------------------------------------------------------


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    council = administered_council(request.user)
    return _render(
        request,
        "people/people_list.html",
        {
            "page_title": "People",
            "council": council,
            "people": User.objects.filter(council=council)
            .select_related("team")
            .order_by("-is_active", "full_name"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    council = administered_council(request.user)
    form = PersonForm(request.POST or None, council=council, prefix="person")
    if request.method == "POST" and form.is_valid():
        try:
            person = actions.do_add_person(
                request.user, council, form.data_for_action(), _site(request)
            )
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{person.full_name} is added. They have been sent an email with a link to set "
                "their password.",
            )
            return redirect("person_detail", person_id=person.pk)
    return _render(request, "people/person_form.html", {"page_title": "Add a person", "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id)
    council = person.council
    # Bound to a copy, so that the page's heading keeps the saved name.
    form = PersonForm(
        request.POST or None,
        council=council,
        person=User.objects.get(pk=person.pk),
        prefix="person",
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_person(
                request.user, person, form.cleaned_data["version"], form.data_for_action()
            )
        except (ActionError, ConcurrentEditError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{person.full_name}'s details are saved")
            return redirect("people_list")
    return _render(
        request,
        "people/person_detail.html",
        {"page_title": person.full_name, "person": person, "form": form},
    )


@login_required
@require_POST
def person_active(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id)
    active = request.POST.get("active") == "yes"
    try:
        actions.do_set_person_active(request.user, person, _version(request), active)
    except (ActionError, ConcurrentEditError) as error:
        messages.error(request, str(error))
    else:
        if active:
            messages.success(request, f"{person.full_name} is reactivated: they can sign in")
        else:
            messages.success(
                request, f"{person.full_name} is deactivated: they can no longer sign in"
            )
    return redirect("person_detail", person_id=person.pk)


@login_required
@require_POST
def person_set_password_email(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id)
    try:
        actions.do_send_set_password_email(request.user, person, _site(request))
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{person.full_name} has been sent a set-password email")
    return redirect("person_detail", person_id=person.pk)


# --- teams ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def team_list(request: HttpRequest) -> HttpResponse:
    council = administered_council(request.user)
    form = TeamForm(request.POST or None, council=council, prefix="team")
    if request.method == "POST" and form.is_valid():
        try:
            team = actions.do_add_team(request.user, council, form.cleaned_data["name"])
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The team {team.name} is added")
            return redirect("team_list")
    return _render(
        request,
        "people/team_list.html",
        {
            "page_title": "Teams",
            "council": council,
            "teams": council.teams.annotate(
                active_members=Count("members", filter=Q(members__is_active=True))
            ),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_rename(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team(request.user, team_id)
    form = TeamForm(request.POST or None, council=team.council, team=team, prefix="team")
    saved_name = team.name
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_rename_team(
                request.user, team, form.cleaned_data["version"], form.cleaned_data["name"]
            )
        except (ActionError, ConcurrentEditError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The team {saved_name} is renamed {team.name}")
            return redirect("team_list")
    return _render(
        request,
        "people/team_rename.html",
        {"page_title": f"Rename the team {saved_name}", "team": team, "form": form},
    )


# --- closure days -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def closure_day_list(request: HttpRequest) -> HttpResponse:
    council = administered_council(request.user)
    today = timezone.localdate()
    form = ClosureDayForm(request.POST or None, council=council, today=today, prefix="closure")
    if request.method == "POST" and form.is_valid():
        try:
            closure = actions.do_add_closure_day(
                request.user,
                council,
                form.cleaned_data["day"],
                form.cleaned_data["reason"],
                today=today,
            )
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{actions.day_text(closure.day)} is added as a closure day: deadlines of the "
                "council's cases no longer count it as a working day",
            )
            return redirect("closure_day_list")
    closures = list(council.closure_days.all())
    return _render(
        request,
        "people/closure_day_list.html",
        {
            "page_title": "Closure days",
            "council": council,
            "upcoming": [closure for closure in closures if closure.day > today],
            "past": [closure for closure in closures if closure.day <= today][::-1],
            "form": form,
        },
    )


@login_required
@require_POST
def closure_day_remove(request: HttpRequest, closure_id: int) -> HttpResponse:
    closure = access_closure_day(request.user, closure_id)
    try:
        actions.do_remove_closure_day(request.user, closure)
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{actions.day_text(closure.day)} is no longer a closure day: it counts as a "
            "working day again",
        )
    return redirect(reverse("closure_day_list"))


# --- setting a password from the emailed link -------------------------------------------------


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Django's password reset confirmation: the link's token is checked, works once, and
    runs out after PASSWORD_RESET_TIMEOUT."""

    form_class = ChoosePasswordForm
    template_name = "people/set_password.html"
    success_url = reverse_lazy("set_password_done")


class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "people/set_password_done.html"
