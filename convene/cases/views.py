"""Pages for the child, the contact, concerns, the case with its clocks, its history, and
partners' access. Views parse input, check access and call actions; nothing else.

Every page that shows a child's record logs the read (`do_log_record_view`), including a form
re-drawn with errors. URLs carry the case's number only, never a name.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from convene.actions import ActionError, ConcurrentEditError
from convene.audit.actions import do_log_record_view
from convene.cases import actions
from convene.cases.access import (
    access_case,
    can_user_acknowledge_referrer,
    can_user_allocate_case,
    can_user_edit_case,
    can_user_manage_engagements,
    can_user_record_contact,
    can_user_see_engagements,
    can_user_see_record_views,
    can_user_see_timeline,
    live_engagements,
)
from convene.cases.forms import (
    AgencyInvolvementForm,
    AllocationForm,
    ChildEditForm,
    ConcernsForm,
    ContactBundle,
    ContactDecisionForm,
    EngagementForm,
    HouseholdMemberForm,
    VersionForm,
    agency_choices,
    error_summary,
    hide_errors,
    with_another_row,
)
from convene.cases.history import case_history
from convene.cases.models import Case, Child, Engagement, HouseholdMember
from convene.cases.pathway import case_stages, concerns_with_strategy
from convene.cases.templatetags.convene_tags import clock_due
from convene.cases.timeline import CaseClocks, case_evaluation, procedure_for
from convene.enquiries.models import InitialConference
from convene.need_to_know import ACTIONS, ALL_GROUPS, HOUSEHOLD, Sight, sight_of
from convene.rules.calendar import CalendarRangeError
from convene.rules.timeline import TimelineError
from convene.strategy.models import StrategyAction

TIMELINE_ONLY = "The case's timeline is children's social care's record."

# What the case pages read, loaded in a fixed number of queries whatever the case holds.
CASE_RELATIONS = (
    "concerns__recorded_by",
    "strategy_discussions",
    "section_47_enquiries",
    "initial_conferences",
    "conferences__exclusion_requests",
    "transfers_in",
    "plans__core_groups",
    "plans__visits",
    "council__closure_days",
)
# The timeline also names who recorded each event.
HISTORY_RELATIONS = (
    "strategy_discussions__chair",
    "strategy_discussions__record_finalised_by",
    "section_47_enquiries__lead_social_worker",
    "initial_conferences__booked_by",
)


def case_with_records(case: Case, *extra: str) -> Case:
    """The case (already access-checked) with everything its pages read."""
    prefetch_related_objects([case], *CASE_RELATIONS, *extra)
    contact = getattr(case, "contact", None)  # one query; None if no contact
    if contact is not None:
        prefetch_related_objects([contact], "recorded_by", "decided_by")
    return case


def _page(
    request: HttpRequest,
    template: str,
    case: Case | None,
    what: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """Draw a page of a case, logging that the child's record was read."""
    if case is not None:
        do_log_record_view(request.user, case, "page", what)
        context.setdefault("case", case)
        context.setdefault("child", case.child)
        context.setdefault("can_see_access", bool(can_user_see_engagements(request.user, case)))
        context.setdefault("can_see_audit", bool(can_user_see_record_views(request.user, case)))
    context.setdefault("nav_section", "cases")
    errors = context.get("errors") or []
    context["has_errors"] = bool(errors)
    return render(request, template, context, status=status)


# --- a new contact ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest) -> HttpResponse:
    if not can_user_record_contact(request.user):
        raise PermissionDenied("Only the council's social care staff can record a contact.")
    council = request.user.council
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        adding = request.POST.get("add", "")
        if adding in ("adults", "children", "others", "agencies"):
            # "Add another": the same page with one more row, keeping what was typed.
            bundle = ContactBundle(council, with_another_row(request.POST, adding))
            hide_errors(*bundle.all)
        else:
            bundle = ContactBundle(council, request.POST)
            if bundle.is_valid():
                case = actions.do_record_contact(
                    request.user,
                    child=bundle.child.changes(),
                    contact=bundle.contact.contact(),
                    household=bundle.household(),
                    involvements=bundle.involvements(),
                    lead_social_worker=bundle.contact.cleaned_data.get("lead_social_worker"),
                )
                messages.success(request, f"Contact recorded: case {case.reference}")
                return redirect("case_detail", case_id=case.pk)
            errors = bundle.errors()
    else:
        bundle = ContactBundle(council)
    return _page(
        request,
        "cases/contact_new.html",
        None,
        "contact_new",
        {"page_title": "Record a contact", "bundle": bundle, "errors": errors},
    )


# --- the case page ----------------------------------------------------------------------------


def evaluate_case(case: Case) -> tuple[CaseClocks | None, str]:
    """The case's clocks, or None and why not: a record whose dates the engine cannot count
    (say, imported from before 2000) must not take the whole case page down."""
    try:
        return case_evaluation(case), ""
    except (TimelineError, CalendarRangeError) as error:
        return None, str(error)


def _strategy_requirements(clocks: CaseClocks | None) -> dict[str, Any] | None:
    if clocks is None:
        return None
    strategy = clocks.evaluation.strategy
    if strategy is None:
        return None
    meeting_rules = []
    for rule in clocks.procedure.meeting_rules:
        concerns = rule.when.concerns_any or frozenset()
        if concerns.intersection(strategy.reasons):
            meeting_rules.append(rule)
    return {
        "strategy": strategy,
        "meeting_rules": meeting_rules,
        "clock": clocks.latest("strategy_discussion"),
    }


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    sight = sight_of(request.user, case)
    if not sight.staff:
        return _partner_case_detail(request, case, sight)
    case = case_with_records(case)
    clocks, clock_problem = evaluate_case(case)
    can_edit = bool(can_user_edit_case(request.user, case))
    household = list(case.child.household.all())
    context = {
        "page_title": f"Case {case.reference}",
        "clocks": clocks,
        "clock_problem": clock_problem,
        "procedure": clocks.procedure if clocks else procedure_for(case),
        "stages": case_stages(case, clocks, can_edit=can_edit),
        "strategy": _strategy_requirements(clocks),
        "concerns_list": concerns_with_strategy(case, can_edit=can_edit),
        "household": [m for m in household if m.lives_with_child and not m.is_child],
        "other_children": [m for m in household if m.is_child],
        "significant_others": [m for m in household if not m.lives_with_child and not m.is_child],
        "involvements": list(case.child.agencies_involved.select_related("agency")),
        "contact": getattr(case, "contact", None),
        "conferences": list(case.conferences.all()),
        "plans": list(case.plans.all()),
        "open_plan": any(plan.ended_at is None for plan in case.plans.all()),
        "can_edit": can_edit,
        "can_acknowledge": bool(can_user_acknowledge_referrer(request.user, case)),
        "can_allocate": bool(can_user_allocate_case(request.user, case)),
    }
    return _page(request, "cases/case_detail.html", case, "case_detail", context)


def _partner_case_detail(request: HttpRequest, case: Case, sight: Sight) -> HttpResponse:
    """A partner's view of the case: only what their need to know allows (need_to_know.py)."""
    user = request.user
    discussions = [
        discussion
        for discussion in case.strategy_discussions.order_by("scheduled_for")
        if sight.discussion_level(discussion.pk) >= ACTIONS
    ]
    for discussion in discussions:
        discussion.took_part = sight.sees_discussion(discussion.pk)
    enquiries = [
        enquiry
        for enquiry in case.section_47_enquiries.select_related("lead_social_worker")
        if sight.sees_enquiry(enquiry)
    ]
    conferences = list(
        InitialConference.objects.filter(enquiry__in=enquiries).select_related("chair")
    )
    household = list(case.child.household.all()) if sight.sees(HOUSEHOLD) else []
    context = {
        "page_title": f"Case {case.reference}",
        "sight": sight,
        "groups": {group: sight.sees(group) for group in ALL_GROUPS},
        "engagement": live_engagements(user).filter(case=case).first(),
        "discussions": discussions,
        "my_actions": list(
            StrategyAction.objects.filter(assigned_to=user, discussion__case=case).select_related(
                "discussion"
            )
        ),
        "enquiries": enquiries,
        "conferences": conferences,
        "household": [m for m in household if m.lives_with_child and not m.is_child],
        "other_children": [m for m in household if m.is_child],
        "significant_others": [m for m in household if not m.lives_with_child and not m.is_child],
        "contact": getattr(case, "contact", None) if sight.sees_contact else None,
    }
    return _page(request, "cases/case_partner.html", case, "case_detail", context)


# --- the contact: decision and acknowledgement ------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_decision(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    contact = getattr(case, "contact", None)
    if contact is None:
        raise Http404("This case has no contact")
    can_edit = bool(can_user_edit_case(request.user, case))
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("Only the council's social care staff can decide on a contact.")
    form = None
    if can_edit and not contact.decision:
        if request.method == "POST":
            form = ContactDecisionForm(request.POST)
            if form.is_valid():
                try:
                    actions.do_decide_contact(
                        request.user,
                        contact,
                        form.cleaned_data["version"],
                        decision=form.cleaned_data["decision"],
                        reason=form.cleaned_data["decision_reason"],
                    )
                except (ConcurrentEditError, ActionError) as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request, f"Decision recorded: {contact.get_decision_display()}"
                    )
                    return redirect("case_detail", case_id=case.pk)
        else:
            form = ContactDecisionForm(initial={"version": contact.version})
    elif request.method == "POST":
        messages.info(request, "A decision on this contact has already been recorded.")
        return redirect("case_detail", case_id=case.pk)
    clocks, _ = evaluate_case(case_with_records(case))
    return _page(
        request,
        "cases/contact_decision.html",
        case,
        "contact_decision",
        {
            "page_title": f"Decision on the contact – case {case.reference}",
            "form": form,
            "contact": contact,
            "clock": clocks.latest("contact_decision") if clocks else None,
            "errors": error_summary(form) if form is not None and form.is_bound else [],
        },
    )


@login_required
@require_POST
def referrer_acknowledged(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    if not can_user_acknowledge_referrer(request.user, case):
        raise PermissionDenied("Only the council's staff can record the acknowledgement.")
    contact = getattr(case, "contact", None)
    if contact is None:
        raise Http404("This case has no contact")
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was out of date: try again.")
    else:
        try:
            actions.do_acknowledge_referrer(request.user, contact, form.cleaned_data["version"])
        except (ConcurrentEditError, ActionError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The referrer's acknowledgement is recorded")
    return redirect("case_detail", case_id=case.pk)


# --- the child and the household --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, edit=True)
    # A copy of the child to bind the form to: the page's heading keeps the saved name.
    child = Child.objects.get(pk=case.child_id)
    form = ChildEditForm(request.POST or None, instance=child, prefix="child")
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_edit_child(request.user, child, form.cleaned_data["version"], form.changes())
        except ConcurrentEditError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The child's details are saved")
            return redirect("case_detail", case_id=case.pk)
    return _page(
        request,
        "cases/child_edit.html",
        case,
        "child_edit",
        {
            "page_title": f"Change the child's details – case {case.reference}",
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
    )


def _household_page(
    request: HttpRequest, case: Case, member: HouseholdMember | None
) -> HttpResponse:
    form = HouseholdMemberForm(request.POST or None, instance=member, prefix="member")
    if request.method == "POST" and form.is_valid():
        try:
            if member is None:
                actions.do_add_household_member(request.user, case.child, form.changes())
            else:
                actions.do_edit_household_member(
                    request.user, member, form.cleaned_data["version"], form.changes()
                )
        except ConcurrentEditError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The household is saved")
            return redirect(reverse("case_detail", args=[case.pk]) + "#household")
    title = "Add a person" if member is None else "Change a person's details"
    return _page(
        request,
        "cases/household_member_form.html",
        case,
        "household_member_new" if member is None else "household_member_edit",
        {
            "page_title": f"{title} – case {case.reference}",
            "heading": title,
            "form": form,
            "member": member,
            "errors": error_summary(form) if form.is_bound else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_member_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, edit=True)
    return _household_page(request, case, None)


@login_required
@require_http_methods(["GET", "POST"])
def household_member_edit(request: HttpRequest, case_id: int, member_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, edit=True)
    member = get_object_or_404(HouseholdMember, pk=member_id, child_id=case.child_id)
    return _household_page(request, case, member)


@login_required
@require_http_methods(["GET", "POST"])
def agency_involvement_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, edit=True)
    form = AgencyInvolvementForm(
        request.POST or None, prefix="service", agency_choices=agency_choices(case.council)
    )
    if request.method == "POST" and form.is_valid():
        actions.do_add_agency_involvement(request.user, case.child, form.involvement())
        messages.success(request, "The service is added")
        return redirect(reverse("case_detail", args=[case.pk]) + "#services")
    return _page(
        request,
        "cases/agency_involvement_form.html",
        case,
        "agency_involvement_new",
        {
            "page_title": f"Add a service involved – case {case.reference}",
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
    )


# --- concerns ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def concerns_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, edit=True)
    form = ConcernsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_concerns(request.user, case, form.concerns())
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            clocks, _ = evaluate_case(case_with_records(case))
            clock = clocks.latest("strategy_discussion") if clocks else None
            due = f": the strategy discussion is due by {clock_due(clock)}" if clock else ""
            messages.success(request, f"Concerns recorded{due}")
            return redirect(reverse("case_detail", args=[case.pk]) + "#strategy")
    return _page(
        request,
        "cases/concerns_new.html",
        case,
        "concerns_new",
        {
            "page_title": f"Record concerns of significant harm – case {case.reference}",
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
    )


# --- the case's history -----------------------------------------------------------------------


@login_required
def case_timeline_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    if not can_user_see_timeline(request.user, case):
        raise PermissionDenied(TIMELINE_ONLY)
    case = case_with_records(case, *HISTORY_RELATIONS)
    return _page(
        request,
        "cases/case_timeline.html",
        case,
        "case_timeline_view",
        {"page_title": f"Timeline – case {case.reference}", "events": case_history(case)},
    )


# --- partners' access -------------------------------------------------------------------------


def _engagements(case: Case) -> tuple[list[Engagement], list[Engagement]]:
    today = timezone.localdate()
    live, past = [], []
    for engagement in case.engagements.select_related("user__agency", "granted_by"):
        is_live = (
            engagement.revoked_at is None and engagement.starts_on <= today <= engagement.ends_on
        )
        (live if is_live else past).append(engagement)
    return live, past


@login_required
@require_http_methods(["GET", "POST"])
def case_access(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    if not can_user_see_engagements(request.user, case):
        raise PermissionDenied("Only the council's staff can see who has access to a case.")
    can_manage = bool(can_user_manage_engagements(request.user, case))
    form = None
    if can_manage:
        form = EngagementForm(request.POST or None, case=case, prefix="access")
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Only the lead social worker or a manager can give access.")
        assert form is not None
        if form.is_valid():
            partner = form.cleaned_data["user"]
            try:
                actions.do_grant_engagement(
                    request.user,
                    case,
                    partner,
                    purpose=form.cleaned_data["purpose"],
                    ends_on=form.cleaned_data["ends_on"],
                )
            except ActionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{partner.full_name} has access to this case")
                return redirect("case_access", case_id=case.pk)
    live, past = _engagements(case)
    return _page(
        request,
        "cases/case_access.html",
        case,
        "case_access",
        {
            "page_title": f"Access to case {case.reference}",
            "form": form,
            "live": live,
            "past": past,
            "can_manage": can_manage,
            "today": timezone.localdate(),
            "errors": error_summary(form) if form is not None and form.is_bound else [],
        },
    )


@login_required
@require_POST
def engagement_revoke(request: HttpRequest, case_id: int, engagement_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    if not can_user_manage_engagements(request.user, case):
        raise PermissionDenied("Only the lead social worker or a manager can remove access.")
    engagement = get_object_or_404(
        Engagement.objects.select_related("user"), pk=engagement_id, case=case
    )
    try:
        actions.do_revoke_engagement(request.user, engagement)
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{engagement.user.full_name} no longer has access")
    return redirect("case_access", case_id=case.pk)


# --- allocation -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_allocate(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    if not can_user_allocate_case(request.user, case):
        raise PermissionDenied("Only a manager can allocate a case.")
    form = AllocationForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_allocate_case(
                request.user,
                case,
                form.cleaned_data["version"],
                lead_social_worker=form.cleaned_data["lead_social_worker"],
                team=form.cleaned_data.get("team"),
            )
        except (ConcurrentEditError, ActionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Case allocated to {case.lead_social_worker.full_name}")
            return redirect("case_detail", case_id=case.pk)
    return _page(
        request,
        "cases/case_allocate.html",
        case,
        "case_allocate",
        {
            "page_title": f"Allocate case {case.reference}",
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
    )
