"""What the API shows of each record. Field names follow the models and the contract."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from convene.cases.models import Case, Child, Concerns, Contact, HouseholdMember
from convene.conferences.models import Attendee, Conference
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.need_to_know import CHILD_FIELDS, IDENTITY, hidden_child_fields
from convene.plans.models import ChildProtectionPlan, CoreGroupMeeting, PlanItem, Visit
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
    """The child. A partner gets only the fields their need to know allows (need_to_know.py):
    the others are left out of the response, so they are optional in the schema."""

    household = HouseholdMemberSerializer(many=True, read_only=True, required=False)

    def to_representation(self, instance: Child) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None:
            for name in hidden_child_fields(request.user):
                data.pop(name, None)
        return data

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
        # Withheld from some partners: see the class's docstring.
        extra_kwargs = {
            name: {"required": False}
            for group, names in CHILD_FIELDS.items()
            if group != IDENTITY
            for name in names
            if name != "household"
        }


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
    """An invitee. For a partner, another agency's information and plan are blank, and
    `information_withheld` true, until the record is circulated to them (need_to_know.py)."""

    information_withheld = serializers.SerializerMethodField()

    class Meta:
        model = Invitee
        exclude = ["discussion"]

    def _withheld(self, invitee: Invitee) -> bool:
        partner = self.context.get("partner")
        if partner is None:
            return False
        agency_id, circulated = partner
        if invitee.discussion_id in circulated:
            return False
        return agency_id is None or invitee.agency_id != agency_id

    def get_information_withheld(self, invitee: Invitee) -> bool:
        return self._withheld(invitee)

    def to_representation(self, instance: Invitee) -> dict[str, Any]:
        data = super().to_representation(instance)
        if self._withheld(instance):
            data["information_shared"] = ""
            data["information_plan"] = ""
        return data


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

    def to_representation(self, instance: StrategyDiscussion) -> dict[str, Any]:
        data = super().to_representation(instance)
        # An agency's scaling is its information: withheld as the information is.
        withheld = {row["id"] for row in data["invitees"] if row["information_withheld"]}
        if withheld:
            data["scalings"] = [row for row in data["scalings"] if row["invitee"] not in withheld]
        return data


class Section47EnquirySerializer(serializers.ModelSerializer):
    class Meta:
        model = Section47Enquiry
        fields = "__all__"


class InitialConferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = InitialConference
        exclude = ["booked_by", "delay_authorised_by"]


class AttendeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendee
        exclude = ["conference", "user"]


class ConferenceSerializer(serializers.ModelSerializer):
    attendees = AttendeeSerializer(many=True, read_only=True)

    class Meta:
        model = Conference
        exclude = ["recorded_by"]


class PlanItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanItem
        exclude = ["plan"]


class CoreGroupMeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoreGroupMeeting
        exclude = ["plan", "recorded_by"]


class VisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Visit
        exclude = ["plan", "visited_by"]


class PlanSerializer(serializers.ModelSerializer):
    items = PlanItemSerializer(many=True, read_only=True)
    core_groups = CoreGroupMeetingSerializer(many=True, read_only=True)
    visits = VisitSerializer(many=True, read_only=True)

    class Meta:
        model = ChildProtectionPlan
        exclude = ["ended_by"]


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


# --- request bodies of the write endpoints ----------------------------------------------------
# Only for the OpenAPI schema: each endpoint validates with its page's own Django form
# (convene/api/writes.py). Dates are "YYYY-MM-DD", times "HH:MM" (24-hour) or "9:30am".

DATE_HELP = "A date, YYYY-MM-DD"
TIME_HELP = "A time of day, for example 14:30 or 9:30am"


class ContactChildRequest(serializers.Serializer):
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(required=False, allow_null=True, help_text=DATE_HELP)
    expected_birth_date = serializers.DateField(
        required=False, allow_null=True, help_text="Only for an unborn child: " + DATE_HELP
    )
    sex = serializers.ChoiceField(choices=Child.Sex.choices)
    ethnicity = serializers.CharField(required=False)
    upn = serializers.CharField(required=False)
    address = serializers.CharField(required=False)
    postcode = serializers.CharField(required=False)
    first_language = serializers.CharField(required=False)
    interpreter_needed = serializers.BooleanField()
    disability = serializers.CharField(required=False)
    hospital = serializers.ChoiceField(choices=["no", "inpatient", "outpatient"])
    medical_examination = serializers.BooleanField()
    lives_outside_area = serializers.BooleanField()
    household_adult_concerns = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Codes of the vocabulary"
    )


class ContactDetailsRequest(serializers.Serializer):
    received_on = serializers.DateField(help_text=DATE_HELP)
    received_time = serializers.CharField(help_text=TIME_HELP)
    referrer_name = serializers.CharField()
    referrer_role = serializers.CharField(required=False)
    referrer_agency = serializers.CharField(required=False)
    referrer_contact_details = serializers.CharField(required=False)
    referrer_relationship = serializers.CharField(required=False)
    consent = serializers.ChoiceField(choices=Contact.Consent.choices)
    consent_detail = serializers.CharField(
        required=False, help_text="Required if consent was refused or not sought"
    )
    presenting_issues = serializers.CharField()
    reason_and_impact = serializers.CharField()
    current_support = serializers.CharField(required=False)
    named_lead = serializers.CharField(required=False)
    lead_social_worker = serializers.IntegerField(
        required=False, allow_null=True, help_text="The id of a social worker of the council"
    )


class HouseholdRowRequest(serializers.Serializer):
    name = serializers.CharField()
    relationship = serializers.CharField()
    date_of_birth = serializers.DateField(required=False, allow_null=True, help_text=DATE_HELP)
    parental_responsibility = serializers.BooleanField(
        required=False, help_text="Not for other children"
    )


class ServiceRowRequest(serializers.Serializer):
    service = serializers.CharField()
    agency = serializers.IntegerField(
        required=False, allow_null=True, help_text="The id of a partner agency on Convene"
    )
    contact_name = serializers.CharField(required=False)
    contact_details = serializers.CharField(required=False)


class ContactRequest(serializers.Serializer):
    """A contact, as the contact page records it: a new child, their household, the services
    involved, and the contact that opens a case in the user's council."""

    child = ContactChildRequest()
    contact = ContactDetailsRequest()
    adults = HouseholdRowRequest(many=True, required=False)
    children = HouseholdRowRequest(many=True, required=False)
    others = HouseholdRowRequest(
        many=True, required=False, help_text="Significant others outside the household"
    )
    agencies = ServiceRowRequest(many=True, required=False, help_text="Services involved")


@extend_schema_field({"type": "string", "enum": Contact.Decision.values})
class ContactDecisionField(serializers.CharField):
    """The contact decision's codes, inline (a named enum would collide with the
    authorisation's "decision" in the schema's component names)."""


class ContactDecisionRequest(serializers.Serializer):
    decision = ContactDecisionField()
    decision_reason = serializers.CharField()
    version = serializers.IntegerField(help_text="The contact's version as read")


class ConcernsRequest(serializers.Serializer):
    concerns = serializers.ListField(
        child=serializers.CharField(), help_text="Concern codes of the vocabulary, at least one"
    )
    summary = serializers.CharField()
    identified_on = serializers.DateField(help_text=DATE_HELP)
    identified_time = serializers.CharField(help_text=TIME_HELP)
    immediate_action_taken = serializers.BooleanField()
    immediate_action_detail = serializers.CharField(
        required=False, help_text="Required if immediate action was taken"
    )
    forensic_evidence_needed = serializers.BooleanField()


class AttendanceRowRequest(serializers.Serializer):
    id = serializers.IntegerField(help_text="The invitee's id")
    version = serializers.IntegerField(help_text="The invitee's version as read")
    attendance = serializers.ChoiceField(choices=["present", "apologies", "absent"])
    absence_reason = serializers.CharField(
        required=False, help_text="Required for a required attendee who was not present"
    )
    information_plan = serializers.CharField(
        required=False, help_text="Required for a required attendee who was not present"
    )


class AttendanceRequest(serializers.Serializer):
    invitees = AttendanceRowRequest(
        many=True, help_text="Every invitee on the list (not those taken off it)"
    )


class InformationRowRequest(serializers.Serializer):
    id = serializers.IntegerField(help_text="The invitee's id")
    version = serializers.IntegerField(help_text="The invitee's version as read")
    information_shared = serializers.CharField(allow_blank=True)


class InformationRequest(serializers.Serializer):
    invitees = InformationRowRequest(
        many=True, help_text="The rows to change: a partner only their own agency's"
    )


class ErrorsResponse(serializers.Serializer):
    """What was wrong, by the request's field ("contact.referrer_name", "adults.0.name",
    "invitees.1.attendance"; "non_field_errors" for the request as a whole)."""

    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ConflictResponse(ErrorsResponse):
    """The record changed after the client read it: nothing was saved."""

    detail = serializers.CharField()


class DetailResponse(serializers.Serializer):
    detail = serializers.CharField()


class VisitRequest(serializers.Serializer):
    visit_date = serializers.DateField(help_text=DATE_HELP)
    visit_time = serializers.CharField(help_text=TIME_HELP)
    place = serializers.ChoiceField(choices=Visit.Place.choices)
    child_seen = serializers.BooleanField()
    seen_alone = serializers.BooleanField(
        required=False, help_text="Required if the child was seen"
    )
    bedroom_seen = serializers.BooleanField()
    present = serializers.CharField(required=False, allow_blank=True)
    child_views = serializers.CharField(required=False, allow_blank=True)
    access_refused = serializers.BooleanField(required=False)
    refusal_reported = serializers.CharField(
        required=False, allow_blank=True, help_text="Required if access was refused"
    )
    cover = serializers.BooleanField(required=False)


class CoreGroupMeetingRequest(serializers.Serializer):
    held_date = serializers.DateField(help_text=DATE_HELP)
    held_time = serializers.CharField(help_text=TIME_HELP)
    attended = serializers.CharField()
    minutes = serializers.CharField()
    chronology_discussed = serializers.BooleanField(required=False)
