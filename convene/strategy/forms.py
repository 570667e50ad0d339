"""Forms for planning, minuting and deciding a strategy discussion.

Validation lives here (and in `check_*` in actions.py): bad input gets a clear message on the
field it is about, and nothing is saved. Dates use the GOV.UK date input (day, month, year)
with a separate 24-hour time, as council staff write them in the procedures' forms.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from convene.cases.models import Case
from convene.forms import VersionedForm, fields_helper, local_moment, parse_time_of_day
from convene.people.models import MANAGER_ROLES, Agency, User
from convene.rules.engine import Strategy
from convene.rules.vocabulary import ATTENDEE_CODES
from convene.strategy.authorisation import LEGAL_ADVISER, RequiredAuthorisation
from convene.strategy.models import (
    ENQUIRY_CHOICES,
    OUTCOME_CHOICES,
    AgendaItem,
    Invitee,
)

ATTENDEE_LABELS = {
    "social_worker": "Social worker",
    "social_work_manager": "Social work manager",
    "police": "Police",
    "health": "Health",
    "school": "School or nursery",
    "referrer": "Referrer",
    "midwifery": "Midwifery",
    "medical_consultant": "Medical consultant",
    "senior_ward_nurse": "Senior ward nurse",
    "senior_doctor": "Senior doctor",
    "paediatrician": "Paediatrician",
    "legal_adviser": "Legal adviser",
    "adult_services": "Adult services",
    "specialist": "Specialist in this kind of harm",
    "other_local_authority": "Another local authority",
}

AUTHORISER_LABELS = {
    "social_work_manager": "a children's social care manager",
    "police_officer_in_charge": "the police officer in charge",
    "legal_adviser": "a legal adviser",
}

DECISION_LABELS = {
    "strategy_decision": "The strategy discussion's decisions",
    "section_47": "The decision to start a section 47 enquiry",
    "no_further_action_insufficient_evidence": "No further action: insufficient evidence",
    "legal_action": "Legal action",
    "strategy_record": "The record of the discussion",
    "initial_conference_delay": "Delay to the initial conference",
}

FORM_LABELS = {
    "meeting": "A strategy meeting",
    "discussion": "A strategy discussion by telephone or video call",
}

YES_NO = [("yes", "Yes"), ("no", "No")]


def label_of(code: str) -> str:
    return code.replace("_", " ").capitalize()


def _boolean(value: str) -> bool:
    return value == "yes"


_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def date_field(label: str, hint: str = "For example, 27 3 2027", required: bool = True) -> Any:
    field = DateInputField(label=label, help_text=hint, required=required)
    field.error_messages["required"] = f"Enter the {label.lower()}"
    field.error_messages["incomplete"] = f"Enter the {label.lower()} as day, month and year"
    return field


def time_field(label: str = "Time") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=12,  # "12:30 pm"
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time, for example 14:30"},
    )


def parse_time(text: str) -> time:
    match = _TIME.match(text or "")
    if not match:
        # "2pm" and "9:30am" mean what they say, as on every other form.
        parsed = parse_time_of_day(text or "")
        if parsed is not None:
            return parsed
        raise forms.ValidationError("Enter the time in hours and minutes, for example 14:30")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise forms.ValidationError("Enter a real time, for example 14:30")
    return time(hour, minute)


def invitable_users(case: Case) -> QuerySet[User]:
    """Council staff of the case's council and partner staff of agencies serving it."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(council_id=case.council_id) | Q(agency__councils=case.council_id))
        .select_related("agency", "council")
        .distinct()
        .order_by("full_name")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        where = obj.agency.name if obj.agency_id else obj.get_role_display()
        return f"{obj.full_name} ({where})"


class PlanForm(VersionedForm):
    scheduled_date = date_field("Date it will take place")
    scheduled_time = time_field("Time it will start")
    form = forms.ChoiceField(
        label="Will it be a meeting or a discussion?",
        choices=list(FORM_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it will be a meeting or a discussion"},
    )
    chair = UserChoiceField(
        label="Chair",
        queryset=User.objects.none(),
        help_text="A manager from children's social care",
        error_messages={"required": "Select who will chair it"},
    )

    def __init__(self, *args: Any, case: Case, strategy: Strategy | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        self.fields["chair"].empty_label = "Choose the chair"
        self.fields["chair"].queryset = User.objects.filter(
            council_id=case.council_id, role__in=MANAGER_ROLES, is_active=True
        ).select_related("agency")
        self.helper = fields_helper(
            Field("scheduled_date"),
            Field.text("scheduled_time", field_width=5),
            Field.radios("form", legend_size=Size.MEDIUM),
            Field.select("chair"),
            Field("version"),
        )

    def clean_scheduled_time(self) -> time:
        return parse_time(self.cleaned_data["scheduled_time"])

    def clean_form(self) -> str:
        chosen = self.cleaned_data["form"]
        if chosen == "discussion" and self.strategy is not None and self.strategy.must_be_meeting:
            reasons = ", ".join(label_of(code).lower() for code in self.strategy.reasons)
            raise forms.ValidationError(
                "This must be a strategy meeting, not a telephone or video discussion: the "
                f"procedure requires a meeting when there are concerns of {reasons}"
            )
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("scheduled_date") and data.get("scheduled_time"):
            data["scheduled_for"] = local_moment(data["scheduled_date"], data["scheduled_time"])
        return data


class InviteeForm(VersionedForm):
    """Someone to invite: a person with an account, or a name and role."""

    attendee = forms.ChoiceField(
        label="Taking part as",
        choices=[("", "Choose")] + [(code, ATTENDEE_LABELS[code]) for code in ATTENDEE_CODES],
        error_messages={"required": "Select what they are taking part as"},
    )
    user = UserChoiceField(
        label="Person with a Convene account",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not chosen",
        help_text="Inviting someone from a partner agency lets them see this case",
    )
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none(), required=False)
    name = forms.CharField(
        label="Or their name",
        max_length=200,
        required=False,
        help_text="If they have no Convene account",
    )
    role_title = forms.CharField(label="Their role", max_length=200, required=False)
    reason = forms.CharField(
        label="Why are they invited?",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Kept with the record. Inviting someone from a partner agency gives them "
        "access to this case, so say what they bring to the discussion",
    )

    def __init__(self, *args: Any, case: Case, fixed: Invitee | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fixed = fixed
        self.fields["user"].queryset = invitable_users(case)
        self.fields["agency"].queryset = Agency.objects.filter(councils=case.council_id)
        layout: list[Any] = []
        if fixed is None:
            layout.append(Field.select("attendee"))
        else:
            # A required or recommended place keeps what the procedure asked for (its reason).
            del self.fields["attendee"]
            del self.fields["reason"]
        layout += [
            Field.select("user"),
            Field.select("agency"),
            Field.text("name"),
            Field.text("role_title"),
            *([Field.textarea("reason", rows=2)] if fixed is None else []),
            Field("version"),
        ]
        self.helper = fields_helper(*layout)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        user: User | None = data.get("user")
        agency: Agency | None = data.get("agency")
        if user is None and not (data.get("name") or "").strip():
            self.add_error("user", "Choose the person, or enter their name below")
        if "reason" in self.fields and not (data.get("reason") or "").strip():
            # The procedure did not ask for them: someone must say why they are needed.
            self.add_error("reason", "Enter why they are invited")
        if user is not None and user.agency_id is not None:
            if agency is not None and agency.pk != user.agency_id:
                self.add_error("agency", f"{user.full_name} works for {user.agency.name}")
            data["agency"] = user.agency
        return data


class RemoveInviteeForm(VersionedForm):
    reason = forms.CharField(
        label="Why are they not being invited?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, invitee: Invitee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitee = invitee
        self.helper = fields_helper(Field.textarea("reason", rows=3), Field("version"))
        if invitee.basis != Invitee.Basis.ADDED:
            self.fields[
                "reason"
            ].help_text = "The procedure asks for them: the reason is kept with the record"

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason and self.invitee.basis != Invitee.Basis.ADDED:
            raise forms.ValidationError(
                f"Enter why {invitee_description(self.invitee)} is not being invited: the "
                f"procedure {'requires' if self.invitee.basis == 'required' else 'recommends'} them"
            )
        return reason


def invitee_description(invitee: Invitee) -> str:
    who = invitee.user.full_name if invitee.user_id else invitee.name
    role = ATTENDEE_LABELS.get(invitee.attendee, label_of(invitee.attendee))
    agency = f", {invitee.agency.name}" if invitee.agency_id else ""
    return f"{who} ({role}{agency})" if who else f"{role}{agency}"


ATTENDANCE_CHOICES = [
    (Invitee.Attendance.PRESENT, "Present"),
    (Invitee.Attendance.APOLOGIES, "Sent apologies"),
    (Invitee.Attendance.ABSENT, "Absent"),
]


class AttendanceForm(VersionedForm):
    attendance = forms.ChoiceField(
        choices=ATTENDANCE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    absence_reason = forms.CharField(
        label="Why did they not take part?",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    information_plan = forms.CharField(
        label="How will their agency's information be shared and discussed?",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, invitee: Invitee, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"invitee-{invitee.pk}", **kwargs)
        self.invitee = invitee
        self.description = invitee_description(invitee)
        required = invitee.basis == Invitee.Basis.REQUIRED
        self.fields["attendance"].label = self.description + (
            " – required by the procedure" if required else ""
        )
        self.helper = fields_helper(
            Field.radios("attendance", legend_size=Size.SMALL),
            Field.textarea("absence_reason", rows=3),
            Field.textarea("information_plan", rows=3),
            Field("version"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        attendance = data.get("attendance")
        if not attendance:
            self.add_error(
                "attendance",
                f"Select whether {self.description} was present, sent apologies or was absent",
            )
            return data
        required = self.invitee.basis == Invitee.Basis.REQUIRED
        if required and attendance != Invitee.Attendance.PRESENT:
            if not data.get("absence_reason", "").strip():
                self.add_error(
                    "absence_reason",
                    f"Enter why {self.description} did not take part: the procedure requires them",
                )
            if not data.get("information_plan", "").strip():
                self.add_error(
                    "information_plan",
                    f"Enter how {self.description}'s information will be shared and discussed",
                )
        return data


class InformationForm(VersionedForm):
    information_shared = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args: Any, invitee: Invitee, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"invitee-{invitee.pk}", **kwargs)
        self.invitee = invitee
        self.fields["information_shared"].label = f"What {invitee_description(invitee)} shared"
        self.helper = fields_helper(Field.textarea("information_shared", rows=3), Field("version"))


AGENDA_CHOICES = [
    (AgendaItem.Status.ADDRESSED, "Addressed"),
    (AgendaItem.Status.NOT_APPLICABLE, "Not applicable"),
    (AgendaItem.Status.OPEN, "Not yet addressed"),
]


class AgendaItemForm(VersionedForm):
    status = forms.ChoiceField(choices=AGENDA_CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="What was agreed; or why it does not apply",
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"item-{item.pk}", **kwargs)
        self.item = item
        self.fields["status"].label = f"{item.position}. {item.text.replace('**', '')}"
        self.fields["status"].help_text = f"Quoted from {item.source}"
        self.fields["status"].error_messages["required"] = (
            f"Select whether item {item.position} was addressed"
        )
        self.helper = fields_helper(
            Field.radios("status", legend_size=Size.SMALL),
            Field.textarea("note", rows=3),
            Field("version"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("status") == AgendaItem.Status.NOT_APPLICABLE
            and not data.get("note", "").strip()
        ):
            self.add_error(
                "note", f"Enter why item {self.item.position} does not apply to this child"
            )
        return data


ANALYSIS_FIELDS = (
    ("past_harm", "Past harm", "What has happened to the child"),
    ("future_danger", "Future danger", "What we are worried will happen if nothing changes"),
    ("complicating_factors", "Complicating factors", "What makes the situation harder"),
    ("existing_strengths", "Existing strengths", "What is working well in the family"),
    ("existing_safety", "Existing safety", "Protection already in place"),
    ("safety_goals", "Safety goals", "What needs to be true for the child to be safe"),
    ("next_steps", "Next steps", "What happens next, and who does it"),
)


class AnalysisForm(VersionedForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, hint in ANALYSIS_FIELDS:
            self.fields[name] = forms.CharField(
                label=label,
                help_text=hint,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.helper = fields_helper(
            *(
                Field.textarea(name, label_size=Size.SMALL, rows=3)
                for name, _, _ in ANALYSIS_FIELDS
            ),
            Field("version"),
        )


SCORE_CHOICES = [(str(score), str(score)) for score in range(11)]


class ScalingForm(forms.Form):
    score = forms.ChoiceField(choices=SCORE_CHOICES, widget=forms.RadioSelect, required=False)
    reason = forms.CharField(
        label="Why this score?", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, invitee: Invitee, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"scaling-{invitee.pk}", **kwargs)
        self.invitee = invitee
        self.description = invitee_description(invitee)
        self.fields[
            "score"
        ].label = f"{self.description}: how safe is the child, from 0 (no safety) to 10 (safe)?"
        self.helper = fields_helper(
            Field.radios("score", legend_size=Size.SMALL),
            Field.textarea("reason", rows=3),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        score, reason = data.get("score"), data.get("reason", "").strip()
        if score and not reason:
            self.add_error("reason", f"Enter the reason for {self.description}'s score")
        if reason and not score:
            self.add_error("score", f"Select {self.description}'s score from 0 to 10")
        data["score"] = int(score) if score else None
        return data


class DecisionsForm(VersionedForm):
    held_date = date_field("Date it took place")
    held_time = time_field("Time it started")
    outcome = forms.ChoiceField(
        label="What was decided?",
        choices=[
            ("section_47", "Section 47 enquiry"),
            ("further_strategy_discussion", "A further strategy discussion"),
            ("no_further_action", "No further action"),
            ("child_in_need", "Services for a child in need (section 17)"),
            ("refer_other_agency", "Referral to another agency"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what was decided"},
    )
    enquiry = forms.ChoiceField(
        label="Single agency or joint enquiry?",
        choices=[
            ("single", "Single agency (children's social care)"),
            ("joint", "Joint with the police"),
        ],
        widget=forms.RadioSelect,
        required=False,
        help_text="For a section 47 enquiry",
    )
    insufficient_evidence = forms.BooleanField(
        label="No further action because there is insufficient evidence of risk of significant "
        "harm",
        required=False,
    )
    decision_reasons = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    legal_action = forms.ChoiceField(
        label="Is legal action required?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether legal action is required"},
    )
    legal_action_detail = forms.CharField(
        label="What legal action, and the legal advice given",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    shared_with_family = forms.CharField(
        label="What will be shared with the child and family",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    withheld_from_family = forms.CharField(
        label="What will not be shared with the family",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    withheld_reason = forms.CharField(
        label="Why it will not be shared",
        help_text="For example, it may jeopardise a police investigation or place the child at "
        "risk of significant harm",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    interpreter_needed = forms.ChoiceField(
        label="Is an interpreter needed for the child or family?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether an interpreter is needed"},
    )
    interpreter_language = forms.CharField(label="Language", max_length=100, required=False)
    other_children_affected = forms.CharField(
        label="Other children who may be affected, and their needs",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    contingency_if_not_found = forms.CharField(
        label="Contingency plan if the child cannot be found",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = fields_helper(
            Field("held_date"),
            Field.text("held_time", field_width=5),
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.radios("enquiry", legend_size=Size.SMALL),
            Field.checkbox("insufficient_evidence"),
            Field.textarea("decision_reasons", rows=3),
            Field.radios("legal_action", legend_size=Size.SMALL),
            Field.textarea("legal_action_detail", rows=3),
            Field.textarea("shared_with_family", rows=3),
            Field.textarea("withheld_from_family", rows=3),
            Field.textarea("withheld_reason", rows=3),
            Field.radios("interpreter_needed", legend_size=Size.SMALL),
            Field.text("interpreter_language", field_width=20),
            Field.textarea("other_children_affected", rows=3),
            Field.textarea("contingency_if_not_found", rows=3),
            Field("version"),
        )

    def clean_held_time(self) -> time:
        return parse_time(self.cleaned_data["held_time"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("held_date") and data.get("held_time"):
            held_at = local_moment(data["held_date"], data["held_time"])
            if held_at > timezone.now():
                self.add_error("held_date", "The date it took place must be in the past")
            data["held_at"] = held_at
        outcome = data.get("outcome")
        if outcome == "section_47":
            if not data.get("enquiry"):
                self.add_error(
                    "enquiry", "Select whether the section 47 enquiry is single agency or joint"
                )
        else:
            data["enquiry"] = ""
        if data.get("insufficient_evidence"):
            if outcome != "no_further_action":
                self.add_error(
                    "insufficient_evidence",
                    "Only a decision of no further action can be for insufficient evidence",
                )
            elif not data.get("decision_reasons", "").strip():
                self.add_error(
                    "decision_reasons",
                    "Enter the reasons: no further action for insufficient evidence must have "
                    "its reasons recorded",
                )
        if outcome == "no_further_action" and not data.get("decision_reasons", "").strip():
            self.add_error("decision_reasons", "Enter the reasons for no further action")
        data["legal_action"] = _boolean(data.get("legal_action", ""))
        if data["legal_action"] and not data.get("legal_action_detail", "").strip():
            self.add_error("legal_action_detail", "Enter what legal action is required")
        if (
            data.get("withheld_from_family", "").strip()
            and not data.get("withheld_reason", "").strip()
        ):
            self.add_error("withheld_reason", "Enter why it will not be shared with the family")
        data["interpreter_needed"] = _boolean(data.get("interpreter_needed", ""))
        if data["interpreter_needed"] and not data.get("interpreter_language", "").strip():
            self.add_error("interpreter_language", "Enter the language the interpreter is for")
        return data

    @staticmethod
    def initial_from(discussion: Any) -> dict[str, Any]:
        held = timezone.localtime(discussion.held_at or discussion.scheduled_for)
        initial: dict[str, Any] = {
            "held_date": held.date(),
            "held_time": held.strftime("%H:%M"),
            "version": discussion.version,
        }
        for name in DECISION_FIELDS:
            initial[name] = getattr(discussion, name)
        if discussion.outcome:
            initial["legal_action"] = "yes" if discussion.legal_action else "no"
            initial["interpreter_needed"] = "yes" if discussion.interpreter_needed else "no"
        else:
            initial.pop("legal_action")
            initial.pop("interpreter_needed")
        return initial


DECISION_FIELDS = (
    "outcome",
    "enquiry",
    "insufficient_evidence",
    "decision_reasons",
    "legal_action",
    "legal_action_detail",
    "shared_with_family",
    "withheld_from_family",
    "withheld_reason",
    "interpreter_needed",
    "interpreter_language",
    "other_children_affected",
    "contingency_if_not_found",
)


class ActionForm(forms.Form):
    assigned_to = UserChoiceField(
        label="Who will do it",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not chosen",
    )
    assignee_name = forms.CharField(
        label="Or their name and agency",
        max_length=200,
        required=False,
        help_text="If they have no Convene account",
    )
    what = forms.CharField(
        label="What will they do?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what will be done"},
    )
    purpose = forms.CharField(
        label="For what purpose?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what the action is for"},
    )
    due_on = date_field("By when")

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = invitable_users(case)
        self.helper = fields_helper(
            Field.select("assigned_to"),
            Field.text("assignee_name"),
            Field.textarea("what", rows=3),
            Field.textarea("purpose", rows=3),
            Field("due_on"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("assigned_to") is None and not data.get("assignee_name", "").strip():
            self.add_error("assigned_to", "Choose who will do it, or enter their name")
        due_on = data.get("due_on")
        if due_on is not None and due_on < timezone.localdate():
            self.add_error("due_on", "The date must be today or in the future")
        return data


class AuthoriseForm(VersionedForm):
    reasons = forms.CharField(
        label="Reasons", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    on_behalf_of = forms.CharField(
        label="Name of the legal adviser",
        max_length=200,
        required=False,
        help_text="You are recording the legal adviser's agreement on their behalf",
    )

    def __init__(self, *args: Any, item: RequiredAuthorisation, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"{item.decision}-{item.authoriser}", **kwargs)
        self.item = item
        fields: list[Any] = []
        if item.authoriser == LEGAL_ADVISER:
            fields.append(Field.text("on_behalf_of"))
        else:
            del self.fields["on_behalf_of"]
        if item.reasons_required:
            self.fields["reasons"].help_text = "The procedure requires the reasons to be recorded"
        else:
            self.fields["reasons"].label = "Reasons or comments (optional)"
        fields += [Field.textarea("reasons", rows=3), Field("version")]
        self.helper = fields_helper(*fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.item.reasons_required and not data.get("reasons", "").strip():
            self.add_error("reasons", "Enter the reasons: the procedure requires them")
        if self.item.authoriser == LEGAL_ADVISER and not data.get("on_behalf_of", "").strip():
            self.add_error("on_behalf_of", "Enter the name of the legal adviser who agreed")
        return data


OUTCOME_LABELS = dict(OUTCOME_CHOICES) | {
    "section_47": "Section 47 enquiry",
    "further_strategy_discussion": "A further strategy discussion",
    "child_in_need": "Services for a child in need (section 17)",
    "refer_other_agency": "Referral to another agency",
}
ENQUIRY_LABELS = dict(ENQUIRY_CHOICES) | {
    "single": "Single agency",
    "joint": "Joint with the police",
}
