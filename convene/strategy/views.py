"""Strategy discussion pages. Views parse input, check access and call the actions; every page
that shows the child's record logs the view."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from convene.actions import ActionError, ConcurrentEditError
from convene.audit.actions import do_log_record_view
from convene.cases.access import access_case, is_council_staff_of_case
from convene.cases.models import Case, Concerns
from convene.cases.timeline import case_evaluation
from convene.need_to_know import (
    ACTIONS,
    TOOK_PART,
    require_discussion,
    sight_of,
    withhold_information,
)
from convene.strategy import actions
from convene.strategy.access import (
    access_circulated_record,
    actions_user_may_complete,
    authorisations_user_may_give,
    can_user_authorise_anything,
    can_user_complete_action,
    can_user_give_authorisation,
    can_user_minute_strategy,
    can_user_plan_strategy,
    can_user_record_decisions,
    discussion_of,
    invitees_user_may_inform,
    is_refused_by_four_eyes,
    require,
)
from convene.strategy.authorisation import (
    OWN_DECISIONS,
    RECORD_DECISIONS,
    SOCIAL_WORK_MANAGER,
    decisions_final,
    record_authorised,
    required_authorisations,
)
from convene.strategy.forms import (
    ANALYSIS_FIELDS,
    ActionForm,
    AgendaItemForm,
    AnalysisForm,
    AttendanceForm,
    AuthoriseForm,
    DecisionsForm,
    InformationForm,
    InviteeForm,
    PlanForm,
    RemoveInviteeForm,
    ScalingForm,
    VersionedForm,
    invitee_description,
)
from convene.strategy.guidance import (
    attendance_recorded,
    chair_rules,
    meeting_rules,
    missing_required,
    record_rules,
)
from convene.strategy.models import Invitee, StrategyAction, StrategyDiscussion

MINUTE_ONLY = "Only children's social care staff can record the meeting."
PLAN_ONLY = "Only the council's social workers and managers can plan the strategy discussion."
DECIDE_ONLY = "Only the council's social workers and managers can record the decisions."


# --- helpers ---------------------------------------------------------------------------------


def _discussion(
    request: HttpRequest, case_id: int, discussion_id: int, level: int = TOOK_PART
) -> Any:
    """The case and its discussion, if the user may see the discussion (a partner: one they
    were invited to, or whose record was sent to them; `ACTIONS`: one with their action)."""
    case = access_case(request.user, case_id)
    sight = sight_of(request.user, case)
    require_discussion(sight, discussion_id, level)
    discussion = discussion_of(case, discussion_id)
    discussion.sight = sight
    return case, discussion


def _detail_url(discussion: StrategyDiscussion) -> str:
    return reverse("strategy_detail", args=[discussion.case_id, discussion.pk])


def _invitees(discussion: StrategyDiscussion) -> list[Invitee]:
    invitees = list(discussion.invitees.select_related("user", "agency"))
    for invitee in invitees:
        invitee.discussion = discussion
    return invitees


def _render(
    request: HttpRequest,
    template: str,
    case: Case,
    discussion: StrategyDiscussion | None,
    what: str,
    context: dict[str, Any],
) -> HttpResponse:
    do_log_record_view(request.user, case, "page", what)
    forms = [form for form in context.get("forms", []) if form is not None]
    page_errors = context.get("page_errors", [])
    context = {
        "case": case,
        "child": case.child,
        "discussion": discussion,
        "has_errors": bool(page_errors) or any(form.errors for form in forms),
        **context,
        "forms": forms,
        "page_errors": page_errors,
    }
    return render(request, template, context)


def _version(request: HttpRequest) -> int | None:
    form = VersionedForm(request.POST)
    form.is_valid()
    return form.cleaned_data.get("version")


# --- planning --------------------------------------------------------------------------------


def _planning_context(case: Case) -> dict[str, Any]:
    clocks = case_evaluation(case)
    strategy = clocks.evaluation.strategy
    procedure = clocks.procedure
    return {
        "strategy": strategy,
        "meeting_rules": meeting_rules(procedure, strategy.reasons) if strategy else [],
        "chair_rules": chair_rules(procedure),
        "strategy_clock": clocks.latest("strategy_discussion"),
        "procedure": procedure,
    }


@login_required
def strategy_new(request: HttpRequest, case_id: int, concerns_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, edit=True)
    concerns = get_object_or_404(Concerns, pk=concerns_id, case=case)
    planning = _planning_context(case)
    form = PlanForm(request.POST or None, case=case, strategy=planning["strategy"])
    if request.method == "POST" and form.is_valid():
        try:
            discussion = actions.do_plan_strategy_discussion(
                request.user,
                case,
                concerns,
                form=form.cleaned_data["form"],
                scheduled_for=form.cleaned_data["scheduled_for"],
                chair=form.cleaned_data["chair"],
                strategy=planning["strategy"],
            )
        except ActionError as error:
            form.add_error("form", str(error))
        else:
            messages.success(request, "Strategy discussion planned: check who is invited.")
            return redirect("strategy_invitees", case.pk, discussion.pk)
    return _render(
        request,
        "strategy/plan.html",
        case,
        None,
        "strategy_new",
        {
            "page_title": "Plan the strategy discussion",
            "form": form,
            "forms": [form],
            "concerns": concerns,
            **planning,
        },
    )


@login_required
def strategy_plan(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, edit=True)
    discussion = discussion_of(case, discussion_id)
    planning = _planning_context(case)
    local = timezone.localtime(discussion.scheduled_for)
    form = PlanForm(
        request.POST or None,
        case=case,
        strategy=planning["strategy"],
        initial={
            "scheduled_date": local.date(),
            "scheduled_time": local.strftime("%H:%M"),
            "form": discussion.form,
            "chair": discussion.chair_id,
            "version": discussion.version,
        },
    )
    page_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_plan(
                request.user,
                discussion,
                form.cleaned_data["version"],
                form=form.cleaned_data["form"],
                scheduled_for=form.cleaned_data["scheduled_for"],
                chair=form.cleaned_data["chair"],
                strategy=planning["strategy"],
            )
        except (ActionError, ConcurrentEditError) as error:
            page_errors.append(str(error))
        else:
            messages.success(request, "The plan has been updated.")
            return redirect(_detail_url(discussion))
    return _render(
        request,
        "strategy/plan.html",
        case,
        discussion,
        "strategy_plan",
        {
            "page_title": "Change the plan",
            "form": form,
            "forms": [form],
            "page_errors": page_errors,
            "concerns": discussion.concerns,
            **planning,
        },
    )


# --- the discussion's page -------------------------------------------------------------------


@login_required
def strategy_detail(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    case, discussion = _discussion(request, case_id, discussion_id)
    clocks = case_evaluation(case)
    invitees = withhold_information(discussion.sight, _invitees(discussion))
    context = _record_context(discussion, invitees, clocks.procedure)
    user = request.user
    context.update(
        {
            "page_title": f"Strategy {discussion.form}",
            "strategy_clock": clocks.latest("strategy_discussion"),
            "record_clock": clocks.latest("strategy_record"),
            "can_plan": can_user_plan_strategy(user, case),
            "can_minute": can_user_minute_strategy(user, case),
            "can_decide": can_user_record_decisions(user, case),
            "can_inform": bool(invitees_user_may_inform(user, case, invitees)),
            "can_authorise": can_user_authorise_anything(user, discussion),
            "is_staff": is_council_staff_of_case(user, case),
            "agenda_open": sum(1 for item in context["agenda"] if item.status == "open"),
            "actions_open": sum(1 for action in context["actions"] if not action.completed_at),
            "scalings": [
                scaling
                for scaling in context["scalings"]
                if discussion.sight.sees_information_of(scaling.invitee)
            ],
        }
    )
    return _render(request, "strategy/detail.html", case, discussion, "strategy_detail", context)


def _record_context(
    discussion: StrategyDiscussion, invitees: list[Invitee], procedure: Any
) -> dict[str, Any]:
    """What the record shows: shared by the discussion's page and the circulated record."""
    authorisations = required_authorisations(discussion)
    return {
        "invitees": invitees,
        "current_invitees": [inv for inv in invitees if not inv.removed],
        "removed_invitees": [inv for inv in invitees if inv.removed],
        "missing": missing_required(procedure, invitees) if attendance_recorded(invitees) else [],
        "agenda": list(discussion.agenda.all()),
        "scalings": list(discussion.scalings.select_related("invitee__user", "invitee__agency")),
        "actions": list(discussion.actions.select_related("assigned_to", "completed_by")),
        "authorisations": authorisations,
        "decision_authorisations": [
            a for a in authorisations if a.decision not in RECORD_DECISIONS
        ],
        "record_authorisations": [a for a in authorisations if a.decision in RECORD_DECISIONS],
        "decisions_final": decisions_final(discussion),
        "record_authorised": record_authorised(discussion),
        "analysis": [(label, getattr(discussion, name)) for name, label, _ in ANALYSIS_FIELDS],
        "procedure": procedure,
    }


# --- invitees --------------------------------------------------------------------------------


@login_required
def strategy_invitees(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, edit=True)
    discussion = discussion_of(case, discussion_id)
    form = InviteeForm(request.POST or None, case=case)
    page_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitee = actions.do_add_invitee(
                request.user,
                discussion,
                attendee=data["attendee"],
                invited=data["user"],
                agency=data["agency"],
                name=data["name"],
                role_title=data["role_title"],
                reason=data["reason"],
            )
        except ActionError as error:
            page_errors.append(str(error))
        else:
            messages.success(request, f"Invited {_who(invitee)}.")
            return redirect("strategy_invitees", case.pk, discussion.pk)
    clocks = case_evaluation(case)
    return _render(
        request,
        "strategy/invitees.html",
        case,
        discussion,
        "strategy_invitees",
        {
            "page_title": "Who is invited",
            "form": form,
            "forms": [form],
            "page_errors": page_errors,
            "invitees": _invitees(discussion),
            "strategy": clocks.evaluation.strategy,
        },
    )


def _who(invitee: Invitee) -> str:
    return invitee_description(invitee)


def _invitee(discussion: StrategyDiscussion, invitee_id: int) -> Invitee:
    invitee = get_object_or_404(
        Invitee.objects.select_related("user", "agency"), pk=invitee_id, discussion=discussion
    )
    invitee.discussion = discussion
    return invitee


@login_required
def strategy_invitee_edit(
    request: HttpRequest, case_id: int, discussion_id: int, invitee_id: int
) -> HttpResponse:
    case = access_case(request.user, case_id, edit=True)
    discussion = discussion_of(case, discussion_id)
    invitee = _invitee(discussion, invitee_id)
    form = InviteeForm(
        request.POST or None,
        case=case,
        fixed=invitee,
        initial={
            "user": invitee.user_id,
            "agency": invitee.agency_id,
            "name": invitee.name,
            "role_title": invitee.role_title,
            "version": invitee.version,
        },
    )
    page_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_update_invitee(
                request.user,
                invitee,
                data["version"],
                invited=data["user"],
                agency=data["agency"],
                name=data["name"],
                role_title=data["role_title"],
            )
        except (ActionError, ConcurrentEditError) as error:
            page_errors.append(str(error))
        else:
            messages.success(request, f"Updated: {_who(invitee)}.")
            return redirect("strategy_invitees", case.pk, discussion.pk)
    return _render(
        request,
        "strategy/invitee_edit.html",
        case,
        discussion,
        "strategy_invitee_edit",
        {
            "page_title": "Who will take part",
            "invitee": invitee,
            "form": form,
            "forms": [form],
            "page_errors": page_errors,
        },
    )


@login_required
def strategy_invitee_remove(
    request: HttpRequest, case_id: int, discussion_id: int, invitee_id: int
) -> HttpResponse:
    case = access_case(request.user, case_id, edit=True)
    discussion = discussion_of(case, discussion_id)
    invitee = _invitee(discussion, invitee_id)
    form = RemoveInviteeForm(
        request.POST or None, invitee=invitee, initial={"version": invitee.version}
    )
    page_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_remove_invitee(
                request.user, invitee, form.cleaned_data["version"], form.cleaned_data["reason"]
            )
        except (ActionError, ConcurrentEditError) as error:
            page_errors.append(str(error))
        else:
            messages.success(request, f"{_who(invitee)} is no longer invited.")
            return redirect("strategy_invitees", case.pk, discussion.pk)
    return _render(
        request,
        "strategy/invitee_remove.html",
        case,
        discussion,
        "strategy_invitee_remove",
        {
            "page_title": "Take someone off the list",
            "invitee": invitee,
            "form": form,
            "forms": [form],
            "page_errors": page_errors,
        },
    )


# --- minuting: attendance, information, agenda, analysis -------------------------------------


@login_required
def strategy_attendance(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    case, discussion = _discussion(request, case_id, discussion_id)
    require(can_user_minute_strategy(request.user, case), MINUTE_ONLY)
    invitees = [inv for inv in _invitees(discussion) if not inv.removed]
    data = request.POST if request.method == "POST" else None
    forms = [
        AttendanceForm(
            data,
            invitee=invitee,
            initial={
                "attendance": "" if invitee.attendance == "invited" else invitee.attendance,
                "absence_reason": invitee.absence_reason,
                "information_plan": invitee.information_plan,
                "version": invitee.version,
            },
        )
        for invitee in invitees
    ]
    page_errors: list[str] = []
    if data is not None and all([form.is_valid() for form in forms]):
        try:
            actions.do_record_attendance(
                request.user,
                discussion,
                [(f.invitee, f.cleaned_data["version"], f.cleaned_data) for f in forms],
            )
        except (ActionError, ConcurrentEditError) as error:
            page_errors.append(str(error))
        else:
            messages.success(request, "Attendance recorded.")
            return redirect(_detail_url(discussion))
    procedure = case_evaluation(case).procedure
    return _render(
        request,
        "strategy/attendance.html",
        case,
        discussion,
        "strategy_attendance",
        {
            "page_title": "Who took part",
            "forms": forms,
            "page_errors": page_errors,
            "missing": missing_required(procedure, invitees)
            if attendance_recorded(invitees)
            else [],
        },
    )


@login_required
def strategy_information(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    case, discussion = _discussion(request, case_id, discussion_id)
    invitees = _invitees(discussion)
    editable = invitees_user_may_inform(request.user, case, invitees)
    editable_ids = {invitee.pk for invitee in editable}
    withhold_information(discussion.sight, [i for i in invitees if i.pk not in editable_ids])
    data = request.POST if request.method == "POST" else None
    if data is not None:
        require(bool(editable), "You can add only your own agency's information.")
    forms = [
        InformationForm(
            data,
            invitee=invitee,
            initial={
                "information_shared": invitee.information_shared,
                "version": invitee.version,
            },
        )
        for invitee in editable
    ]
    page_errors: list[str] = []
    if data is not None and all([form.is_valid() for form in forms]):
        try:
            actions.do_record_information(
                request.user,
                [
                    (f.invitee, f.cleaned_data["version"], f.cleaned_data["information_shared"])
                    for f in forms
                ],
            )
        except (ActionError, ConcurrentEditError) as error:
            page_errors.append(str(error))
        else:
            messages.success(request, "Information shared has been saved.")
            return redirect(_detail_url(discussion))
    return _render(
        request,
        "strategy/information.html",
        case,
        discussion,
        "strategy_information",
        {
            "page_title": "Information each agency shared",
            "forms": forms,
            "page_errors": page_errors,
            "others": [inv for inv in invitees if not inv.removed and inv.pk not in editable_ids],
        },
    )


@login_required
def strategy_agenda(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    case, discussion = _discussion(request, case_id, discussion_id)
    require(can_user_minute_strategy(request.user, case), MINUTE_ONLY)
    data = request.POST if request.method == "POST" else None
    forms = [
        AgendaItemForm(
            data,
            item=item,
            initial={"status": item.status, "note": item.note, "version": item.version},
        )
        for item in discussion.agenda.all()
    ]
    page_errors: list[str] = []
    if data is not None and all([form.is_valid() for form in forms]):
        try:
            actions.do_update_agenda(
                request.user,
                discussion,
                [
                    (
                        f.item,
                        f.cleaned_data["version"],
                        f.cleaned_data["status"],
                        f.cleaned_data["note"],
                    )
                    for f in forms
                ],
            )
        except (ActionError, ConcurrentEditError) as error:
            page_errors.append(str(error))
        else:
            messages.success(request, "The agenda has been updated.")
            return redirect(_detail_url(discussion))
    return _render(
        request,
        "strategy/agenda.html",
        case,
        discussion,
        "strategy_agenda",
        {"page_title": "Agenda", "forms": forms, "page_errors": page_errors},
    )


@login_required
def strategy_analysis(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    case, discussion = _discussion(request, case_id, discussion_id)
    require(can_user_minute_strategy(request.user, case), MINUTE_ONLY)
    data = request.POST if request.method == "POST" else None
    initial = {name: getattr(discussion, name) for name, _, _ in ANALYSIS_FIELDS}
    analysis = AnalysisForm(data, initial={**initial, "version": discussion.version})
    present = [
        inv
        for inv in _invitees(discussion)
        if not inv.removed and inv.attendance == Invitee.Attendance.PRESENT
    ]
    existing = {scaling.invitee_id: scaling for scaling in discussion.scalings.all()}
    scalings = []
    for invitee in present:
        scaling = existing.get(invitee.pk)
        scalings.append(
            ScalingForm(
                data,
                invitee=invitee,
                initial={"score": str(scaling.score), "reason": scaling.reason} if scaling else {},
            )
        )
    forms = [analysis, *scalings]
    page_errors: list[str] = []
    if data is not None and all([form.is_valid() for form in forms]):
        try:
            actions.do_record_analysis(
                request.user,
                discussion,
                analysis.cleaned_data["version"],
                analysis.cleaned_data,
                [(f.invitee, f.cleaned_data["score"], f.cleaned_data["reason"]) for f in scalings],
            )
        except (ActionError, ConcurrentEditError) as error:
            page_errors.append(str(error))
        else:
            messages.success(request, "The analysis and scaling have been saved.")
            return redirect(_detail_url(discussion))
    return _render(
        request,
        "strategy/analysis.html",
        case,
        discussion,
        "strategy_analysis",
        {
            "page_title": "Analysis and scaling",
            "analysis_form": analysis,
            "scaling_forms": scalings,
            "forms": forms,
            "page_errors": page_errors,
            "scaling_rules": [
                rule
                for rule in case_evaluation(case).procedure.rules_of("requirement")
                if rule.id.endswith("/scaling")
            ],
        },
    )


# --- decisions, actions, authorisation -------------------------------------------------------


@login_required
def strategy_decisions(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    require(can_user_record_decisions(request.user, case), DECIDE_ONLY)
    discussion = discussion_of(case, discussion_id)
    form = DecisionsForm(request.POST or None, initial=DecisionsForm.initial_from(discussion))
    page_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            withdrawn = actions.do_record_decisions(
                request.user, discussion, form.cleaned_data["version"], form.cleaned_data
            )
        except (ActionError, ConcurrentEditError) as error:
            page_errors.append(str(error))
        else:
            message = "The decisions have been recorded. They are not final until authorised."
            if withdrawn:
                message += (
                    " The authorisations already given have been withdrawn: the changed "
                    "decisions need authorising again."
                )
            messages.success(request, message)
            return redirect("strategy_authorise", case.pk, discussion.pk)
    procedure = case_evaluation(case).procedure
    return _render(
        request,
        "strategy/decisions.html",
        case,
        discussion,
        "strategy_decisions",
        {
            "page_title": "Decisions",
            "form": form,
            "forms": [form],
            "page_errors": page_errors,
            "authorisation_rules": procedure.rules_of("authorisation"),
            "requirement_rules": [
                rule
                for rule in procedure.rules_of("requirement")
                if rule.id.split("/", 1)[1]
                in ("family-information", "contingency-not-located", "single-or-joint")
            ],
        },
    )


@login_required
def strategy_actions(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    case, discussion = _discussion(request, case_id, discussion_id, ACTIONS)
    can_add = can_user_minute_strategy(request.user, case)
    form = ActionForm(request.POST or None, case=case) if can_add else None
    if request.method == "POST":
        require(can_add, MINUTE_ONLY)
    page_errors: list[str] = []
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_action(
                request.user,
                discussion,
                assigned_to=data["assigned_to"],
                assignee_name=data["assignee_name"],
                what=data["what"],
                purpose=data["purpose"],
                due_on=data["due_on"],
            )
        except ActionError as error:
            page_errors.append(str(error))
        else:
            messages.success(request, "Action added.")
            return redirect("strategy_actions", case.pk, discussion.pk)
    action_list = list(discussion.actions.select_related("assigned_to", "completed_by"))
    if not discussion.sight.sees_discussion(discussion.pk):
        # Not invited, record not sent: only the actions assigned to them.
        action_list = [action for action in action_list if action.assigned_to_id == request.user.pk]
    completable = actions_user_may_complete(request.user, case, action_list)
    for action in action_list:
        action.can_complete = action.pk in completable
    return _render(
        request,
        "strategy/actions.html",
        case,
        discussion,
        "strategy_actions",
        {
            "page_title": "Actions",
            "form": form,
            "forms": [form],
            "page_errors": page_errors,
            "actions": action_list,
        },
    )


@login_required
@require_POST
def strategy_action_complete(
    request: HttpRequest, case_id: int, discussion_id: int, action_id: int
) -> HttpResponse:
    case, discussion = _discussion(request, case_id, discussion_id, ACTIONS)
    action = get_object_or_404(StrategyAction, pk=action_id, discussion=discussion)
    require(
        can_user_complete_action(request.user, case, action.assigned_to_id),
        "Only the person it is assigned to, or children's social care, can complete it.",
    )
    try:
        actions.do_complete_action(request.user, action, _version(request))
    except (ActionError, ConcurrentEditError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Action marked complete.")
    return redirect("strategy_actions", case.pk, discussion.pk)


@login_required
def strategy_authorise(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    case, discussion = _discussion(request, case_id, discussion_id)
    items = required_authorisations(discussion)
    data = request.POST if request.method == "POST" else None
    submitted = request.POST.get("authorise", "") if data is not None else ""
    forms = []
    for item in authorisations_user_may_give(request.user, discussion, items):
        if item.done:
            continue
        if item.decision in RECORD_DECISIONS and not decisions_final(discussion):
            continue
        bound = data if submitted == f"{item.decision}:{item.authoriser}" else None
        forms.append(AuthoriseForm(bound, item=item, initial={"version": discussion.version}))
    page_errors: list[str] = []
    if data is not None:
        chosen = next((form for form in forms if form.is_bound), None)
        if chosen is None and not submitted:
            # Nothing chosen: told so, if they may authorise anything here at all.
            require(
                can_user_authorise_anything(request.user, discussion),
                "You cannot give this authorisation.",
            )
            page_errors.append("Choose which authorisation to give.")
        elif chosen is None:
            decision, _, authoriser = submitted.partition(":")
            require(
                can_user_give_authorisation(request.user, discussion, decision, authoriser),
                OWN_DECISIONS
                if authoriser == SOCIAL_WORK_MANAGER
                and is_refused_by_four_eyes(request.user, discussion)
                else "You cannot give this authorisation.",
            )
            page_errors.append("That authorisation is no longer needed.")
        elif chosen.is_valid():
            try:
                actions.do_authorise(
                    request.user,
                    discussion,
                    chosen.cleaned_data["version"],
                    decision=chosen.item.decision,
                    authoriser=chosen.item.authoriser,
                    reasons=chosen.cleaned_data["reasons"],
                    on_behalf_of=chosen.cleaned_data.get("on_behalf_of", ""),
                )
            except (ActionError, ConcurrentEditError) as error:
                page_errors.append(str(error))
            else:
                messages.success(request, "Authorisation recorded.")
                return redirect("strategy_authorise", case.pk, discussion.pk)
    return _render(
        request,
        "strategy/authorise.html",
        case,
        discussion,
        "strategy_authorise",
        {
            "page_title": "Authorisation",
            "forms": forms,
            "page_errors": page_errors,
            "authorisations": items,
            # Four eyes: tell a manager why the decisions they recorded have no form here.
            "own_decisions": OWN_DECISIONS
            if any(
                not item.done
                and item.authoriser == SOCIAL_WORK_MANAGER
                and item.decision not in RECORD_DECISIONS
                for item in items
            )
            and is_refused_by_four_eyes(request.user, discussion)
            else "",
            "decisions_final": decisions_final(discussion),
            "record_authorised": record_authorised(discussion),
        },
    )


# --- the record ------------------------------------------------------------------------------


@login_required
def strategy_record(request: HttpRequest, case_id: int, discussion_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    require(can_user_minute_strategy(request.user, case), MINUTE_ONLY)
    discussion = discussion_of(case, discussion_id)
    page_errors: list[str] = []
    if request.method == "POST":
        step = request.POST.get("step")
        version = _version(request)
        try:
            if step == "finalise":
                require(can_user_record_decisions(request.user, case), DECIDE_ONLY)
                actions.do_finalise_record(request.user, discussion, version)
                message = "The record has been finalised."
            elif step == "circulate":
                link = request.build_absolute_uri(
                    reverse("strategy_record_circulated", args=[case.pk, discussion.pk])
                )
                sent = actions.do_circulate_record(request.user, discussion, version, link)
                message = f"The record has been circulated to {len(sent)} participants."
            elif step == "referrer_informed":
                require(can_user_record_decisions(request.user, case), DECIDE_ONLY)
                actions.do_record_referrer_informed(request.user, discussion, version)
                message = "Recorded that the referrer has been told the decisions."
            else:
                raise Http404("No such step")
        except (ActionError, ConcurrentEditError) as error:
            page_errors.append(str(error))
            discussion = discussion_of(case, discussion_id)
        else:
            messages.success(request, message)
            return redirect("strategy_record", case.pk, discussion.pk)
    clocks = case_evaluation(case)
    invitees = _invitees(discussion)
    context = _record_context(discussion, invitees, clocks.procedure)
    context.update(
        {
            "page_title": "The record",
            "page_errors": page_errors,
            "record_clock": clocks.latest("strategy_record"),
            "record_rules": record_rules(clocks.procedure),
            "recipients": actions.recipients(discussion, invitees),
            "circulations": list(discussion.circulations.select_related("user")),
            "can_decide": can_user_record_decisions(request.user, case),
            "no_account": [
                inv
                for inv in context["current_invitees"]
                if inv.user_id is None and inv.attendance in ("present", "apologies")
            ],
        }
    )
    return _render(request, "strategy/record.html", case, discussion, "strategy_record", context)


@login_required
def strategy_record_circulated(
    request: HttpRequest, case_id: int, discussion_id: int
) -> HttpResponse:
    """The record as circulated, read-only, for a participant it was sent to."""
    case = access_case(request.user, case_id)
    discussion = discussion_of(case, discussion_id)
    circulation = access_circulated_record(request.user, case, discussion)
    if circulation is not None:
        actions.do_open_circulated_record(circulation)
    clocks = case_evaluation(case)
    context = _record_context(discussion, _invitees(discussion), clocks.procedure)
    context.update({"page_title": "Strategy discussion record", "circulation": circulation})
    return _render(
        request,
        "strategy/record_circulated.html",
        case,
        discussion,
        "strategy_record_circulated",
        context,
    )
