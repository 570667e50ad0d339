"""What the API shows of each record. Field names follow the models and the contract."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from convene.cases.models import Case, Child, Concerns, Contact, HouseholdMember
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.strategy.models import (
    AgendaItem,
    Authorisation,
    Invitee,
    Scaling,
    StrategyAction,
    StrategyDiscussion,
)


class HouseholdMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseholdMember
        fields = [
            "id",
            "name",
            "relationship",
            "date_of_birth",
            "parental_responsibility",
            "lives_with_child",
            "is_child",
        ]


class ChildSerializer(serializers.ModelSerializer):
    household = HouseholdMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "given_name",
            "family_name",
            "date_of_birth",
            "expected_birth_date",
            "sex",
            "ethnicity",
            "upn",
            "address",
            "postcode",
            "first_language",
            "interpreter_needed",
            "disability",
            "hospital",
            "medical_examination",
            "lives_outside_area",
            "household_adult_concerns",
            "household",
            "version",
        ]


class CaseSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    procedure = serializers.CharField(source="council.procedure", read_only=True)
    council = serializers.CharField(source="council.name", read_only=True)
    lead_social_worker = serializers.CharField(
        source="lead_social_worker.full_name", read_only=True, default=None
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "child",
            "council",
            "procedure",
            "lead_social_worker",
            "opened_at",
            "closed_at",
            "version",
        ]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        exclude = ["recorded_by", "decided_by"]


class ConcernsSerializer(serializers.ModelSerializer):
    class Meta:
        model = Concerns
        exclude = ["recorded_by"]


class InviteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitee
        exclude = ["discussion"]


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        exclude = ["discussion"]


class ScalingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Scaling
        exclude = ["discussion"]


class StrategyActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategyAction
        exclude = ["discussion"]


class AuthorisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Authorisation
        exclude = ["discussion"]


class StrategyDiscussionSerializer(serializers.ModelSerializer):
    invitees = InviteeSerializer(many=True, read_only=True)
    agenda = AgendaItemSerializer(many=True, read_only=True)
    scalings = ScalingSerializer(many=True, read_only=True)
    actions = StrategyActionSerializer(many=True, read_only=True)
    authorisations = AuthorisationSerializer(many=True, read_only=True)

    class Meta:
        model = StrategyDiscussion
        exclude = ["record_finalised_by"]


class Section47EnquirySerializer(serializers.ModelSerializer):
    class Meta:
        model = Section47Enquiry
        fields = "__all__"


class InitialConferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = InitialConference
        exclude = ["booked_by", "delay_authorised_by"]


class ClockSerializer(serializers.Serializer):
    """One clock as the contract writes it (docs/timeline-contract.md)."""

    clock = serializers.CharField()
    starts = serializers.CharField()
    due = serializers.CharField()
    met = serializers.CharField(allow_null=True)
    state = serializers.ChoiceField(choices=["met", "late", "due", "overdue"])
    rule = serializers.CharField()
    source = serializers.CharField()
    quote = serializers.CharField()


class StrategyRequirementsSerializer(serializers.Serializer):
    must_be_meeting = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    required_attendees = serializers.ListField(child=serializers.CharField())
    recommended_attendees = serializers.ListField(child=serializers.CharField())


class CaseClocksSerializer(serializers.Serializer):
    procedure = serializers.CharField()
    as_of = serializers.CharField()
    clocks = ClockSerializer(many=True)
    strategy = serializers.SerializerMethodField()

    @extend_schema_field(StrategyRequirementsSerializer(allow_null=True))
    def get_strategy(self, obj: dict[str, Any]) -> dict[str, Any] | None:
        strategy: dict[str, Any] | None = obj["strategy"]
        return strategy
