"""The REST API: the same records as the pages, under the same access rules.

Every list is filtered by `cases_visible_to(user)`, the same filter the pages use; every
response that shows a child's record writes a RecordView row (channel "api").
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from convene.api import serializers
from convene.audit.actions import do_log_record_view
from convene.audit.models import RecordView
from convene.cases.access import cases_visible_to
from convene.cases.models import Case, Child, Concerns, Contact
from convene.cases.timeline import case_evaluation, with_timeline_relations
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.rules.contract import clock_document, strategy_document
from convene.strategy.models import StrategyDiscussion


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


class _CaseRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only view of one kind of case record, limited to the user's visible cases."""

    case_path = "case"
    what = ""

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        visible = cases_visible_to(self.request.user).values("pk")
        return self.base_queryset().filter(**{f"{self.case_path}__in": visible})

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
    case_path = "pk"
    what = "case"

    def base_queryset(self) -> QuerySet[Case]:
        return Case.objects.select_related("council", "lead_social_worker").order_by("pk")

    @extend_schema(responses=serializers.CaseClocksSerializer)
    @action(detail=True)
    def clocks(self, request: Request, pk: str | None = None) -> Response:
        """The case's clocks and strategy requirements, from the rules engine."""
        case = get_object_or_404(with_timeline_relations(self.get_queryset()), pk=pk)
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


class ConcernsViewSet(_CaseRecordViewSet):
    serializer_class = serializers.ConcernsSerializer
    what = "concerns"

    def base_queryset(self) -> QuerySet[Concerns]:
        return Concerns.objects.select_related("case").order_by("pk")


class StrategyDiscussionViewSet(_CaseRecordViewSet):
    serializer_class = serializers.StrategyDiscussionSerializer
    what = "strategy discussion"

    def base_queryset(self) -> QuerySet[StrategyDiscussion]:
        return (
            StrategyDiscussion.objects.select_related("case")
            .prefetch_related("invitees", "agenda", "scalings", "actions", "authorisations")
            .order_by("pk")
        )


class Section47EnquiryViewSet(_CaseRecordViewSet):
    serializer_class = serializers.Section47EnquirySerializer
    what = "section 47 enquiry"

    def base_queryset(self) -> QuerySet[Section47Enquiry]:
        return Section47Enquiry.objects.select_related("case").order_by("pk")


class InitialConferenceViewSet(_CaseRecordViewSet):
    serializer_class = serializers.InitialConferenceSerializer
    what = "initial conference"

    def base_queryset(self) -> QuerySet[InitialConference]:
        return InitialConference.objects.select_related("case").order_by("pk")
