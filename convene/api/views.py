"""The REST API: the same records as the pages, under the same access rules.

Every list is filtered by `cases_visible_to(user)`, the same filter the pages use; every
response that shows a child's record writes a RecordView row (channel "api").

The first steps of the pathway can be recorded too (a contact, its decision, concerns,
attendance, information shared): each endpoint checks the page's predicate, validates with the
page's own Django form (convene/api/writes.py) and calls the page's `do_*` action.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from convene.api import serializers
from convene.api.writes import (
    MAX_ROWS,
    NON_FIELD,
    Errors,
    Invalid,
    answer,
    check_keys,
    form_errors,
    put,
    rows,
)
from convene.audit.actions import do_log_record_view
from convene.audit.models import RecordView
from convene.cases import actions as case_actions
from convene.cases.access import (
    access_case,
    can_user_edit_case,
    can_user_record_contact,
    can_user_see_timeline,
    cases_visible_to,
)
from convene.cases.forms import ConcernsForm, ContactBundle, ContactDecisionForm
from convene.cases.labels import CONCERN_GROUPS
from convene.cases.models import Case, Child, Concerns, Contact
from convene.cases.timeline import case_evaluation, with_timeline_relations
from convene.conferences.models import Conference
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.need_to_know import (
    bookings_visible_to,
    concerns_visible_to,
    conferences_visible_to,
    contacts_visible_to,
    discussions_visible_to,
    enquiries_visible_to,
    plans_visible_to,
)
from convene.plans import actions as plan_actions
from convene.plans.access import can_user_change_plan, can_user_record_core_group
from convene.plans.forms import CoreGroupForm, VisitForm, visit_record
from convene.plans.models import ChildProtectionPlan
from convene.rules.contract import clock_document, strategy_document
from convene.strategy import actions as strategy_actions
from convene.strategy.access import (
    can_user_minute_strategy,
    discussion_of,
    invitees_user_may_inform,
    require,
)
from convene.strategy.forms import AttendanceForm, InformationForm
from convene.strategy.models import Circulation, Invitee, StrategyDiscussion


def _log_views(request: Request, cases: list[Case], what: str) -> None:
    """One RecordView per child record shown in this response."""
    RecordView.objects.bulk_create(
        RecordView(
            user=request.user,
            case=case,
            child_id=case.child_id,
            channel=RecordView.Channel.API,
            what=what,
        )
        for case in cases
    )


# --- writing ---------------------------------------------------------------------------------

CONTACT_ONLY = "Only the council's social care staff can record a contact."
DECIDE_ONLY = "Only the council's social care staff can decide on a contact."
MINUTE_ONLY = "Only children's social care staff can record the meeting."
INFORM_ONLY = "You can add only your own agency's information."
TIMELINE_ONLY = "The case's clocks are children's social care's record."
PLAN_ONLY = "Only the council's social workers and managers change the plan."
CORE_GROUP_ONLY = "Only children's social care and business support record core groups."
VISIT_YES_NO = frozenset({"child_seen", "seen_alone", "bedroom_seen"})


def _writes(request: Any, ok: Any, ok_status: int = 200, *, stale: bool = False) -> dict:
    """extend_schema's arguments for a write endpoint: its body and every answer it gives."""
    responses = {
        ok_status: ok,
        400: OpenApiResponse(serializers.ErrorsResponse, description="Bad input: nothing saved"),
        403: OpenApiResponse(serializers.DetailResponse, description="Not allowed"),
    }
    if ok_status == 200 or stale:
        responses[404] = OpenApiResponse(serializers.DetailResponse, description="Not found")
    if stale:
        responses[409] = OpenApiResponse(
            serializers.ConflictResponse,
            description="Changed by someone else since it was read: nothing saved",
        )
    return {"request": request, "responses": responses}


def _yes_no(value: Any) -> Any:
    """true and false as a page's yes/no radios post them; anything else as it came."""
    return ("yes" if value else "no") if isinstance(value, bool) else value


def _record_id(pk: Any) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404("Not found") from None


def _body(request: Request, allowed: frozenset[str]) -> Any:
    errors: Errors = {}
    check_keys(request.data, allowed, errors)
    if errors:
        raise Invalid(errors)
    return request.data


def _only(row: dict[str, Any], fields: frozenset[str]) -> dict[str, Any]:
    """A body row's values for its form: the fields and the version (not its id)."""
    return {name: value for name, value in row.items() if name in fields | {"version"}}


def _invitees(discussion: StrategyDiscussion) -> list[Invitee]:
    invitees = list(discussion.invitees.select_related("user", "agency"))
    for invitee in invitees:
        invitee.discussion = discussion
    return invitees


class _CaseRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only view of one kind of case record, limited to the user's visible cases."""

    what = ""

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def visible_records(self, user: Any) -> QuerySet[Any]:
        """The records of this kind the user may see (need_to_know.py for partners)."""
        return cases_visible_to(user)

    def get_queryset(self) -> QuerySet[Any]:
        visible = self.visible_records(self.request.user).values("pk")
        return self.base_queryset().filter(pk__in=visible)

    def _case_of(self, record: Any) -> Case:
        return record if isinstance(record, Case) else record.case

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        page = getattr(self, "_page", None)
        if page is not None:
            _log_views(request, [self._case_of(record) for record in page], f"api {self.what}")
        return response

    def paginate_queryset(self, queryset: Any) -> Any:
        self._page = super().paginate_queryset(queryset)
        if self._page is None:
            self._page = list(queryset)
        return self._page

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.get_object()
        do_log_record_view(request.user, self._case_of(record), "api", f"api {self.what}")
        return Response(self.get_serializer(record).data)


class CaseViewSet(_CaseRecordViewSet):
    serializer_class = serializers.CaseSerializer
    what = "case"

    def base_queryset(self) -> QuerySet[Case]:
        return Case.objects.select_related("council", "lead_social_worker").order_by("pk")

    @extend_schema(responses=serializers.CaseClocksSerializer)
    @action(detail=True)
    def clocks(self, request: Request, pk: str | None = None) -> Response:
        """The case's clocks and strategy requirements, from the rules engine."""
        case = get_object_or_404(with_timeline_relations(self.get_queryset()), pk=pk)
        require(can_user_see_timeline(request.user, case), TIMELINE_ONLY)
        do_log_record_view(request.user, case, "api", "api clocks")
        result = case_evaluation(case)
        clocks = []
        for clock in result.clocks:
            document = clock_document(clock)
            document["quote"] = clock.rule.quote
            clocks.append(document)
        return Response(
            {
                "procedure": result.procedure.name,
                "as_of": result.as_of.strftime("%Y-%m-%dT%H:%M"),
                "clocks": clocks,
                "strategy": strategy_document(result.evaluation.strategy),
            }
        )

    @extend_schema(**_writes(serializers.ConcernsRequest, serializers.ConcernsSerializer, 201))
    @action(detail=True, methods=["post"])
    def concerns(self, request: Request, pk: str | None = None) -> Response:
        """Record concerns of significant harm on the case, as the concerns page does."""
        case = access_case(request.user, _record_id(pk), edit=True)
        return answer(lambda: self._record_concerns(request, case))

    def _record_concerns(self, request: Request, case: Case) -> Response:
        body = _body(request, frozenset(ConcernsForm.base_fields) | {"concerns"})
        groups = {code: key for key, _, codes in CONCERN_GROUPS for code in codes}
        grouped = {f"concerns_{key}" for key, _, _ in CONCERN_GROUPS}
        fields = {name: f for name, f in ConcernsForm().fields.items() if name not in grouped}
        data, errors = MultiValueDict(), {}
        put(fields, "", body, data, "", errors, also=frozenset({"concerns"}))
        codes = body.get("concerns")
        if codes is not None and not isinstance(codes, list):
            errors["concerns"] = ["Must be a list of concern codes"]
        for code in codes if isinstance(codes, list) else []:
            # A code of no group goes to the first, where the form says it is not a choice.
            data.appendlist(f"concerns_{groups.get(code, CONCERN_GROUPS[0][0])}", str(code))
        form = ConcernsForm(data)
        valid = form.is_valid()
        errors.update(form_errors(form, "", lambda name: "concerns" if name in grouped else name))
        if errors or not valid:
            raise Invalid(errors)
        concerns = case_actions.do_record_concerns(request.user, case, form.concerns())
        do_log_record_view(request.user, case, "api", "api concerns")
        return Response(
            serializers.ConcernsSerializer(concerns).data, status=status.HTTP_201_CREATED
        )


class ChildViewSet(_CaseRecordViewSet):
    serializer_class = serializers.ChildSerializer
    what = "child"

    def get_queryset(self) -> QuerySet[Child]:
        visible = cases_visible_to(self.request.user).values("child_id")
        return Child.objects.filter(pk__in=visible).prefetch_related("household").order_by("pk")

    def _case_of(self, record: Any) -> Case:
        visible = cases_visible_to(self.request.user)
        case: Case = visible.filter(child=record).order_by("-opened_at").first()
        return case

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super(_CaseRecordViewSet, self).list(request, *args, **kwargs)
        page = getattr(self, "_page", None) or []
        children = {child.pk for child in page}
        cases = {}
        for case in cases_visible_to(request.user).filter(child_id__in=children):
            cases.setdefault(case.child_id, case)
        _log_views(request, list(cases.values()), "api child")
        return response


class ContactViewSet(_CaseRecordViewSet):
    serializer_class = serializers.ContactSerializer
    what = "contact"

    def base_queryset(self) -> QuerySet[Contact]:
        return Contact.objects.select_related("case").order_by("pk")

    def visible_records(self, user: Any) -> QuerySet[Contact]:
        return contacts_visible_to(user)

    @extend_schema(**_writes(serializers.ContactRequest, serializers.ContactSerializer, 201))
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a contact, as the contact page does: a new child, their household and
        services, and a case opened in the user's council."""
        require(can_user_record_contact(request.user), CONTACT_ONLY)
        return answer(lambda: self._record_contact(request))

    def _record_contact(self, request: Request) -> Response:
        council = request.user.council
        blank = ContactBundle(council)
        body = _body(request, frozenset({"child", "contact", *(f.prefix for f in blank.formsets)}))
        data, errors = MultiValueDict(), {}
        put(blank.child.fields, "child", body.get("child"), data, "child", errors)
        put(blank.contact.fields, "contact", body.get("contact"), data, "contact", errors)
        for formset in blank.formsets:
            section = formset.prefix
            listed = body.get(section) or []
            if not isinstance(listed, list) or len(listed) > MAX_ROWS:
                errors[section] = [f"Must be a list of at most {MAX_ROWS} rows"]
                listed = []
            data[f"{section}-TOTAL_FORMS"] = str(len(listed))
            data[f"{section}-INITIAL_FORMS"] = "0"
            fields = formset.forms[0].fields
            for index, row in enumerate(listed):
                put(fields, f"{section}-{index}", row, data, f"{section}.{index}", errors)
        bundle = ContactBundle(council, data)
        valid = bundle.is_valid()
        errors.update(form_errors(bundle.child, "child"))
        errors.update(form_errors(bundle.contact, "contact"))
        for formset in bundle.formsets:
            if formset.non_form_errors():
                errors[formset.prefix] = list(formset.non_form_errors())
            for index, form in enumerate(formset.forms):
                errors.update(form_errors(form, f"{formset.prefix}.{index}"))
        if errors or not valid:
            raise Invalid(errors)
        case = case_actions.do_record_contact(
            request.user,
            child=bundle.child.changes(),
            contact=bundle.contact.contact(),
            household=bundle.household(),
            involvements=bundle.involvements(),
            lead_social_worker=bundle.contact.cleaned_data.get("lead_social_worker"),
        )
        do_log_record_view(request.user, case, "api", "api contact")
        return Response(
            serializers.ContactSerializer(case.contact).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        **_writes(serializers.ContactDecisionRequest, serializers.ContactSerializer, stale=True)
    )
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, pk: str | None = None) -> Response:
        """The decision on the contact, as the decision page records it."""
        contact = generics.get_object_or_404(self.get_queryset(), pk=pk)
        case = access_case(request.user, contact.case_id)
        require(can_user_edit_case(request.user, case), DECIDE_ONLY)
        return answer(lambda: self._decide(request, contact))

    def _decide(self, request: Request, contact: Contact) -> Response:
        body = _body(request, frozenset(ContactDecisionForm.base_fields))
        if contact.decision:
            raise Invalid({NON_FIELD: ["A decision on this contact has already been recorded."]})
        data, errors = MultiValueDict(), {}
        put(ContactDecisionForm().fields, "", body, data, "", errors)
        form = ContactDecisionForm(data)
        valid = form.is_valid()
        errors.update(form_errors(form, ""))
        if errors or not valid:
            raise Invalid(errors)
        case_actions.do_decide_contact(
            request.user,
            contact,
            form.cleaned_data["version"],
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["decision_reason"],
        )
        do_log_record_view(request.user, contact.case, "api", "api contact")
        return Response(serializers.ContactSerializer(contact).data)


class ConcernsViewSet(_CaseRecordViewSet):
    serializer_class = serializers.ConcernsSerializer
    what = "concerns"

    def base_queryset(self) -> QuerySet[Concerns]:
        return Concerns.objects.select_related("case").order_by("pk")

    def visible_records(self, user: Any) -> QuerySet[Concerns]:
        return concerns_visible_to(user)


class StrategyDiscussionViewSet(_CaseRecordViewSet):
    serializer_class = serializers.StrategyDiscussionSerializer
    what = "strategy discussion"

    def base_queryset(self) -> QuerySet[StrategyDiscussion]:
        return (
            StrategyDiscussion.objects.select_related("case")
            .prefetch_related("invitees", "agenda", "scalings", "actions", "authorisations")
            .order_by("pk")
        )

    def visible_records(self, user: Any) -> QuerySet[StrategyDiscussion]:
        return discussions_visible_to(user)

    def get_serializer_context(self) -> dict[str, Any]:
        # Other agencies' information is withheld from a partner until the record is
        # circulated to them (need_to_know.py).
        user = self.request.user
        context = super().get_serializer_context()
        if not user.is_casework_staff:
            context["partner"] = (
                user.agency_id,
                frozenset(
                    Circulation.objects.filter(user=user).values_list("discussion_id", flat=True)
                ),
            )
        return context

    def _discussion(self, request: Request, pk: str | None) -> tuple[Case, StrategyDiscussion]:
        found = generics.get_object_or_404(self.get_queryset(), pk=pk)
        case = access_case(request.user, found.case_id)
        return case, discussion_of(case, found.pk)

    def _saved(self, request: Request, case: Case, discussion: StrategyDiscussion) -> Response:
        do_log_record_view(request.user, case, "api", "api strategy discussion")
        saved = self.base_queryset().get(pk=discussion.pk)
        return Response(serializers.StrategyDiscussionSerializer(saved).data)

    @extend_schema(
        **_writes(
            serializers.AttendanceRequest, serializers.StrategyDiscussionSerializer, stale=True
        )
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str | None = None) -> Response:
        """Who took part, as the attendance page records it: every invitee on the list at
        once, all saved or none."""
        case, discussion = self._discussion(request, pk)
        require(can_user_minute_strategy(request.user, case), MINUTE_ONLY)
        listed: dict[int, dict[str, Any]] = {}
        return answer(
            lambda: self._record_attendance(request, case, discussion, listed),
            lambda invitee: f"invitees.{listed[invitee.pk]['index']}.version",
        )

    def _record_attendance(
        self,
        request: Request,
        case: Case,
        discussion: StrategyDiscussion,
        listed: dict[int, dict[str, Any]],
    ) -> Response:
        body = _body(request, frozenset({"invitees"}))
        fields = frozenset({"attendance", "absence_reason", "information_plan"})
        errors: Errors = {}
        invitees = [invitee for invitee in _invitees(discussion) if not invitee.removed]
        current = {invitee.pk for invitee in invitees}
        for row in rows(body, "invitees", fields, errors):
            if row["id"] not in current:
                errors[f"invitees.{row['index']}.id"] = [
                    f"No invitee {row['id']} on this strategy discussion's list"
                ]
            else:
                listed[row["id"]] = row
        forms = []
        for invitee in invitees:
            row = listed.get(invitee.pk)
            data: MultiValueDict = MultiValueDict()
            form = AttendanceForm(data, invitee=invitee)
            if row is not None:
                where = f"invitees.{row['index']}"
                put(form.fields, form.prefix, _only(row, fields), data, where, errors)
            if not form.is_valid():
                if row is None:  # not listed: the list is incomplete
                    messages = [m for found in form.errors.values() for m in found]
                    errors.setdefault("invitees", []).extend(messages)
                else:
                    errors.update(form_errors(form, f"invitees.{row['index']}"))
            forms.append(form)
        if errors:
            raise Invalid(errors)
        strategy_actions.do_record_attendance(
            request.user,
            discussion,
            [(f.invitee, f.cleaned_data["version"], f.cleaned_data) for f in forms],
        )
        return self._saved(request, case, discussion)

    @extend_schema(
        **_writes(
            serializers.InformationRequest, serializers.StrategyDiscussionSerializer, stale=True
        )
    )
    @action(detail=True, methods=["post"])
    def information(self, request: Request, pk: str | None = None) -> Response:
        """What an agency shared, as the information page records it: a minute-taker any
        agency's row, a partner engaged on the case only their own agency's."""
        case, discussion = self._discussion(request, pk)
        invitees = _invitees(discussion)
        editable = {
            invitee.pk: invitee
            for invitee in invitees_user_may_inform(request.user, case, invitees)
        }
        require(bool(editable), INFORM_ONLY)
        listed: dict[int, dict[str, Any]] = {}
        return answer(
            lambda: self._record_information(request, case, discussion, invitees, editable, listed),
            lambda invitee: f"invitees.{listed[invitee.pk]['index']}.version",
        )

    def _record_information(
        self,
        request: Request,
        case: Case,
        discussion: StrategyDiscussion,
        invitees: list[Invitee],
        editable: dict[int, Invitee],
        listed: dict[int, dict[str, Any]],
    ) -> Response:
        body = _body(request, frozenset({"invitees"}))
        fields = frozenset({"information_shared"})
        errors: Errors = {}
        current = {invitee.pk for invitee in invitees if not invitee.removed}
        forms = []
        for row in rows(body, "invitees", fields, errors):
            where = f"invitees.{row['index']}"
            if row["id"] not in current:
                errors[f"{where}.id"] = [
                    f"No invitee {row['id']} on this strategy discussion's list"
                ]
                continue
            require(row["id"] in editable, INFORM_ONLY)
            listed[row["id"]] = row
            if "information_shared" not in row:
                errors[f"{where}.information_shared"] = [
                    "Enter the information shared (an empty text clears it)"
                ]
            data: MultiValueDict = MultiValueDict()
            form = InformationForm(data, invitee=editable[row["id"]])
            put(form.fields, form.prefix, _only(row, fields), data, where, errors)
            if not form.is_valid():
                errors.update(form_errors(form, where))
            forms.append(form)
        if errors:
            raise Invalid(errors)
        strategy_actions.do_record_information(
            request.user,
            [
                (f.invitee, f.cleaned_data["version"], f.cleaned_data["information_shared"])
                for f in forms
            ],
        )
        return self._saved(request, case, discussion)


class Section47EnquiryViewSet(_CaseRecordViewSet):
    serializer_class = serializers.Section47EnquirySerializer
    what = "section 47 enquiry"

    def base_queryset(self) -> QuerySet[Section47Enquiry]:
        return Section47Enquiry.objects.select_related("case").order_by("pk")

    def visible_records(self, user: Any) -> QuerySet[Section47Enquiry]:
        return enquiries_visible_to(user)


class InitialConferenceViewSet(_CaseRecordViewSet):
    serializer_class = serializers.InitialConferenceSerializer
    what = "initial conference"

    def base_queryset(self) -> QuerySet[InitialConference]:
        return InitialConference.objects.select_related("case").order_by("pk")

    def visible_records(self, user: Any) -> QuerySet[InitialConference]:
        return bookings_visible_to(user)


class ConferenceViewSet(_CaseRecordViewSet):
    """Conferences held or booked: initial, pre-birth, transfer-in and review."""

    serializer_class = serializers.ConferenceSerializer
    what = "conference"

    def base_queryset(self) -> QuerySet[Conference]:
        return (
            Conference.objects.select_related("case").prefetch_related("attendees").order_by("pk")
        )

    def visible_records(self, user: Any) -> QuerySet[Conference]:
        return conferences_visible_to(user)


class PlanViewSet(_CaseRecordViewSet):
    """Child protection plans with their items, core group meetings and visits."""

    serializer_class = serializers.PlanSerializer
    what = "child protection plan"

    def base_queryset(self) -> QuerySet[ChildProtectionPlan]:
        return (
            ChildProtectionPlan.objects.select_related("case")
            .prefetch_related("items", "core_groups", "visits")
            .order_by("pk")
        )

    def visible_records(self, user: Any) -> QuerySet[ChildProtectionPlan]:
        return plans_visible_to(user)

    def _plan(self, pk: str | None) -> ChildProtectionPlan:
        plan: ChildProtectionPlan = generics.get_object_or_404(
            self.base_queryset().filter(pk__in=self.visible_records(self.request.user)),
            pk=_record_id(pk),
        )
        return plan

    def _form(self, request: Request, form_class: Any, yes_no: frozenset[str]) -> Any:
        """The page's form bound to the body (true/false into its yes/no radios)."""
        body = _body(request, frozenset(form_class.base_fields))
        values = {
            name: ("yes" if value else "no")
            if name in yes_no and isinstance(value, bool)
            else value
            for name, value in body.items()
        }
        data, errors = MultiValueDict(), {}
        put(form_class().fields, "", values, data, "", errors)
        form = form_class(data)
        valid = form.is_valid()
        errors.update(form_errors(form, ""))
        if errors or not valid:
            raise Invalid(errors)
        return form

    @extend_schema(**_writes(serializers.VisitRequest, serializers.VisitSerializer, 201))
    @action(detail=True, methods=["post"])
    def visits(self, request: Request, pk: str | None = None) -> Response:
        """Record a visit to the child, as the visit page does."""
        plan = self._plan(pk)
        require(can_user_change_plan(request.user, plan.case), PLAN_ONLY)

        def record() -> Response:
            form = self._form(request, VisitForm, VISIT_YES_NO)
            visit = plan_actions.do_record_visit(
                request.user, plan, visit_record(form.cleaned_data)
            )
            do_log_record_view(request.user, plan.case, "api", "api visit")
            return Response(serializers.VisitSerializer(visit).data, status=status.HTTP_201_CREATED)

        return answer(record)

    @extend_schema(
        **_writes(serializers.CoreGroupMeetingRequest, serializers.CoreGroupMeetingSerializer, 201)
    )
    @action(detail=True, methods=["post"], url_path="core-groups", url_name="core_groups")
    def core_groups(self, request: Request, pk: str | None = None) -> Response:
        """Record a core group meeting, as the core group page does."""
        plan = self._plan(pk)
        require(can_user_record_core_group(request.user, plan.case), CORE_GROUP_ONLY)

        def record() -> Response:
            data = self._form(request, CoreGroupForm, frozenset()).cleaned_data
            meeting = plan_actions.do_record_core_group(
                request.user,
                plan,
                held_at=data["held_at"],
                attended=data["attended"],
                minutes=data["minutes"],
                chronology_discussed=data["chronology_discussed"],
            )
            do_log_record_view(request.user, plan.case, "api", "api core group")
            return Response(
                serializers.CoreGroupMeetingSerializer(meeting).data,
                status=status.HTTP_201_CREATED,
            )

        return answer(record)
