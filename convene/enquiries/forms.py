"""Forms for the section 47 enquiry and the booking of the initial conference.

Each form checks what the user typed and says what is wrong in the words of a GOV.UK error
message; the `check_*` functions hold the rules the actions rely on too. Dates are GOV.UK date
inputs (day, month, year) with a separate 24-hour time, which work without JavaScript.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    Field,
    Layout,
    Size,
    Submit,
)
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from convene.cases.models import HouseholdMember
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.forms import VersionedForm as SharedVersionedForm
from convene.forms import local_moment, parse_time_of_day
from convene.people.models import Role, User
from convene.strategy.models import ENQUIRY_CHOICES

TIME_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
# A conference is booked for the weeks ahead; a date years away is a typing mistake.
BOOKING_HORIZON = timedelta(days=366)


class GovukDateField(DateInputField):
    """A GOV.UK date input whose messages name the date asked for."""

    def __init__(self, what: str, **kwargs: Any) -> None:
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)
        self.what = what
        self.error_messages["required"] = f"Enter {what}"
        self.error_messages["incomplete"] = f"Enter {what}"
        messages = ("the day", "the month", "the year")
        for field, part in zip(self.fields, messages, strict=True):
            field.error_messages["incomplete"] = f"{what.capitalize()} must include {part}"
            field.validators = []

    def compress(self, data_list: Any) -> date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            parts = int(day), int(month), int(year)
            if not 2000 <= parts[2] <= 2100:
                raise ValueError
            return date(parts[2], parts[1], parts[0])
        except ValueError:
            raise ValidationError(f"{self.what.capitalize()} must be a real date") from None


class GovukTimeField(forms.CharField):
    def __init__(self, what: str, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 12)  # "12:30 pm"
        kwargs.setdefault("help_text", "Use the 24-hour clock, for example 14:30")
        super().__init__(**kwargs)
        self.what = what
        self.error_messages["required"] = f"Enter {what}"
        self.error_messages["max_length"] = (
            f"Enter {what} using the 24-hour clock, for example 14:30"
        )

    def clean(self, value: Any) -> time | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        match = TIME_PATTERN.match(text)
        if match is None:
            # "2pm" and "9:30am" mean what they say, as on every other form.
            parsed = parse_time_of_day(text)
            if parsed is not None:
                return parsed
        hour, minute = (int(match.group(1)), int(match.group(2))) if match else (99, 99)
        if hour > 23 or minute > 59:
            raise ValidationError(f"Enter {self.what} using the 24-hour clock, for example 14:30")
        return time(hour, minute)


def combine(day: date | None, at: time | None) -> datetime | None:
    return None if day is None or at is None else local_moment(day, at)


def local_text(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y at %H:%M")


def day_text(day: date) -> str:
    return day.strftime("%A %-d %B %Y")


class VersionedForm(SharedVersionedForm):
    def helper_for(self, *items: Any, submit: str) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = True
        helper.layout = Layout(*items, Field("version"))
        helper.layout.append(Submit("submit", submit))
        return helper


def split_moment(moment: datetime | None) -> tuple[date | None, str]:
    if moment is None:
        return None, ""
    local = timezone.localtime(moment)
    return local.date(), local.strftime("%H:%M")


# --- starting the enquiry -------------------------------------------------------------------


def lead_social_worker_choices(council_id: int) -> QuerySet[User]:
    return User.objects.filter(council_id=council_id, role=Role.SOCIAL_WORKER, is_active=True)


class StartEnquiryForm(forms.Form):
    lead_social_worker = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Lead social worker",
        help_text="The social worker who will lead the enquiry",
        empty_label="Choose a social worker",
        error_messages={
            "required": "Choose the lead social worker",
            "invalid_choice": "Choose a social worker of this council",
        },
    )
    kind = forms.ChoiceField(
        choices=ENQUIRY_CHOICES,
        widget=forms.RadioSelect,
        label="Single or joint enquiry",
        help_text="A joint enquiry is carried out with the police",
        error_messages={"required": "Choose whether the enquiry is single or joint"},
    )

    def __init__(self, *args: Any, council_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lead_social_worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = lead_social_worker_choices(council_id)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("lead_social_worker"),
            Field.radios("kind", legend_size=Size.SMALL, inline=True),
            Submit("submit", "Start the section 47 enquiry"),
        )


# --- seeing the child -----------------------------------------------------------------------

YES_NO = [("yes", "Yes"), ("no", "No")]


def check_child_seen(enquiry: Section47Enquiry, seen_at: datetime, now: datetime) -> dict[str, str]:
    """What is wrong with recording the child as seen at `seen_at`, by field."""
    errors: dict[str, str] = {}
    if seen_at > now:
        errors["seen_date"] = "The date and time the child was seen must be in the past"
    elif seen_at < enquiry.started_at:
        errors["seen_date"] = (
            "The date and time the child was seen must be on or after the enquiry started, "
            f"{local_text(enquiry.started_at)}"
        )
    return errors


class ChildSeenForm(VersionedForm):
    seen_date = GovukDateField(
        "the date the child was seen",
        label="Date the child was seen",
        help_text="For example, 27 3 2027",
    )
    seen_time = GovukTimeField("the time the child was seen", label="Time the child was seen")
    seen_alone = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Was the child seen alone?",
        error_messages={"required": "Say whether the child was seen alone"},
    )
    seen_with = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="If the child was not seen alone: who was present, and why",
        help_text="The record must give the reasons anyone else was present",
    )
    parental_permission = forms.ChoiceField(
        choices=Section47Enquiry.Permission.choices,
        widget=forms.RadioSelect,
        label="Parental permission to see the child",
        error_messages={"required": "Say whether parental permission was obtained"},
    )
    exceptional_circumstance = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=(
            "If permission was not obtained: the exceptional circumstance that justified "
            "seeing the child without it"
        ),
        help_text=(
            "For example: the child could be threatened or coerced into silence, evidence "
            "could be destroyed, or a competent child did not want the parent involved yet"
        ),
    )

    def __init__(self, *args: Any, enquiry: Section47Enquiry, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enquiry = enquiry
        self.now = now
        self.helper = self.helper_for(
            Field("seen_date"),
            Field.text("seen_time", field_width=5),
            # Plain radios with the follow-up question after them, rather than a conditional
            # reveal: the same page with or without JavaScript, and valid ARIA.
            Field.radios("seen_alone", legend_size=Size.SMALL, inline=True),
            Field.textarea("seen_with", rows=3),
            Field.radios("parental_permission", legend_size=Size.SMALL),
            Field.textarea("exceptional_circumstance", rows=3),
            submit="Save",
        )

    @classmethod
    def initial_for(cls, enquiry: Section47Enquiry) -> dict[str, Any]:
        day, at = split_moment(enquiry.child_seen_at)
        alone = {True: "yes", False: "no", None: None}[enquiry.seen_alone]
        return {
            "version": enquiry.version,
            "seen_date": day,
            "seen_time": at,
            "seen_alone": alone,
            "seen_with": enquiry.seen_with,
            "parental_permission": enquiry.parental_permission or None,
            "exceptional_circumstance": enquiry.exceptional_circumstance,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("seen_alone") == "no" and not data.get("seen_with", "").strip():
            self.add_error("seen_with", "Say who was present when the child was seen, and why")
        if data.get("parental_permission") == Section47Enquiry.Permission.NOT_OBTAINED and (
            not data.get("exceptional_circumstance", "").strip()
        ):
            self.add_error(
                "exceptional_circumstance",
                "Say what exceptional circumstance justified seeing the child without "
                "parental permission",
            )
        seen_at = combine(data.get("seen_date"), data.get("seen_time"))
        if seen_at is not None:
            for field, message in check_child_seen(self.enquiry, seen_at, self.now).items():
                self.add_error(field, message)
        data["child_seen_at"] = seen_at
        return data


# --- the outcome ----------------------------------------------------------------------------


def other_children(enquiry: Section47Enquiry) -> list[HouseholdMember]:
    return [member for member in enquiry.case.child.household.all() if member.is_child]


def stub_for(member: HouseholdMember) -> str:
    return f"{member.name} ({member.relationship}):"


def check_other_children(text: str, children: list[HouseholdMember]) -> str | None:
    """Every other child of the household must be named with how they were considered
    (Liverpool: the social worker "must assess the potential needs and safety of any other
    child in the household")."""
    missing = []
    lines = [line.strip() for line in text.splitlines()]
    for member in children:
        stub = stub_for(member)
        said = [line[len(stub) :].strip() for line in lines if line.startswith(stub)]
        if not any(said) and not any(
            member.name in line and not line.startswith(stub) for line in lines
        ):
            missing.append(member.name)
    if missing:
        return "Say how each other child in the household was considered: " + ", ".join(missing)
    return None


def check_outcome(
    enquiry: Section47Enquiry, outcome: str, completed_at: datetime, now: datetime
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if completed_at > now:
        errors["completed_date"] = "The date the enquiry was completed must be in the past"
    elif completed_at < enquiry.started_at:
        errors["completed_date"] = (
            "The date the enquiry was completed must be on or after it started, "
            f"{local_text(enquiry.started_at)}"
        )
    elif enquiry.child_seen_at and completed_at < enquiry.child_seen_at:
        errors["completed_date"] = (
            "The date the enquiry was completed must be on or after the child was seen, "
            f"{local_text(enquiry.child_seen_at)}"
        )
    if outcome == Section47Enquiry.Outcome.NOT_SUBSTANTIATED and hasattr(
        enquiry, "initial_conference"
    ):
        errors["outcome"] = (
            "An initial conference is booked for this enquiry: the concerns cannot be recorded "
            "as not substantiated while it is booked"
        )
    return errors


class OutcomeForm(VersionedForm):
    other_children_considered = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        label="How the other children in the household were considered",
        help_text="Their needs and safety, one child a line",
    )
    outcome = forms.ChoiceField(
        choices=Section47Enquiry.Outcome.choices,
        widget=forms.RadioSelect,
        label="Outcome of the enquiry",
        error_messages={"required": "Choose the outcome of the enquiry"},
    )
    outcome_reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Reasons for the outcome",
        error_messages={"required": "Give the reasons for the outcome"},
    )
    completed_date = GovukDateField(
        "the date the enquiry was completed",
        label="Date the enquiry was completed",
        help_text="For example, 27 3 2027",
    )
    completed_time = GovukTimeField(
        "the time the enquiry was completed", label="Time the enquiry was completed"
    )

    def __init__(self, *args: Any, enquiry: Section47Enquiry, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enquiry = enquiry
        self.now = now
        self.children = other_children(enquiry)
        self.helper = self.helper_for(
            Field.textarea("other_children_considered", rows=5),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("outcome_reasons", rows=5),
            Field("completed_date"),
            Field.text("completed_time", field_width=5),
            submit="Save the outcome",
        )

    @classmethod
    def initial_for(cls, enquiry: Section47Enquiry) -> dict[str, Any]:
        day, at = split_moment(enquiry.completed_at)
        text = enquiry.other_children_considered
        if not text:
            # A line for each other child of the household, to be completed.
            text = "\n".join(f"{stub_for(member)} " for member in other_children(enquiry))
        return {
            "version": enquiry.version,
            "other_children_considered": text,
            "outcome": enquiry.outcome or None,
            "outcome_reasons": enquiry.outcome_reasons,
            "completed_date": day,
            "completed_time": at,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        text = data.get("other_children_considered", "")
        if self.children:
            problem = check_other_children(text, self.children)
            if problem:
                self.add_error("other_children_considered", problem)
        if not self.enquiry.child_seen_at and not self.enquiry.case.child.unborn:
            self.add_error(
                None,
                "Record when the child was seen before recording the outcome: the child must "
                "be seen in the course of the enquiry",
            )
        completed_at = combine(data.get("completed_date"), data.get("completed_time"))
        if completed_at is not None and data.get("outcome"):
            for field, message in check_outcome(
                self.enquiry, data["outcome"], completed_at, self.now
            ).items():
                self.add_error(field, message)
        data["completed_at"] = completed_at
        return data


# --- booking the initial conference --------------------------------------------------------


def chair_choices(council_id: int) -> QuerySet[User]:
    return User.objects.filter(council_id=council_id, role=Role.CONFERENCE_CHAIR, is_active=True)


def check_booking(
    scheduled_for: datetime,
    now: datetime,
    due_day: date | None,
    delay_reason: str,
) -> dict[str, str]:
    """A conference is booked for the future, and a date after the procedure's due date needs
    the reason for the delay."""
    errors: dict[str, str] = {}
    if scheduled_for <= now:
        errors["scheduled_date"] = "The date and time of the conference must be in the future"
    elif scheduled_for > now + BOOKING_HORIZON:
        errors["scheduled_date"] = "The date of the conference must be within the next year"
    elif (
        due_day is not None
        and timezone.localtime(scheduled_for).date() > due_day
        and not delay_reason.strip()
    ):
        errors["delay_reason"] = (
            f"The conference is due by {day_text(due_day)}: give the reason for booking it later"
        )
    return errors


class ConferenceBookingForm(VersionedForm):
    scheduled_date = GovukDateField(
        "the date of the conference",
        label="Date of the conference",
        help_text="For example, 27 3 2027",
    )
    scheduled_time = GovukTimeField("the time of the conference", label="Time of the conference")
    venue = forms.CharField(
        max_length=200,
        label="Venue",
        help_text="Where the conference will be held, or how to join it",
        error_messages={
            "required": "Enter the venue",
            "max_length": "The venue must be 200 characters or fewer",
        },
    )
    chair = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Conference chair",
        empty_label="Choose a conference chair",
        error_messages={
            "required": "Choose the conference chair",
            "invalid_choice": "Choose a conference chair of this council",
        },
    )
    delay_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Reason for booking the conference after its due date",
        help_text="Only needed if the conference is later than the procedure allows",
    )
    agree_delay = forms.BooleanField(
        required=False,
        label="As a manager, I agree to this delay for the reasons given",
    )

    def __init__(
        self,
        *args: Any,
        council_id: int,
        now: datetime,
        due_day: date | None,
        can_agree_delay: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["chair"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = chair_choices(council_id)
        self.now = now
        self.due_day = due_day
        items: list[Any] = [
            Field("scheduled_date"),
            Field.text("scheduled_time", field_width=5),
            Field.text("venue"),
            Field.select("chair"),
            Field.textarea("delay_reason", rows=4),
        ]
        if can_agree_delay:
            items.append(Field.checkbox("agree_delay"))
        else:
            del self.fields["agree_delay"]
        self.helper = self.helper_for(*items, submit="Book the conference")

    @classmethod
    def initial_for(cls, conference: InitialConference | None) -> dict[str, Any]:
        if conference is None:
            return {}
        day, at = split_moment(conference.scheduled_for)
        return {
            "version": conference.version,
            "scheduled_date": day,
            "scheduled_time": at,
            "venue": conference.venue,
            "chair": conference.chair_id,
            "delay_reason": conference.delay_reason,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        scheduled_for = combine(data.get("scheduled_date"), data.get("scheduled_time"))
        if scheduled_for is not None:
            errors = check_booking(
                scheduled_for, self.now, self.due_day, data.get("delay_reason", "")
            )
            for field, message in errors.items():
                self.add_error(field, message)
        data["scheduled_for"] = scheduled_for
        return data


class DelayAgreementForm(VersionedForm):
    delay_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Reasons for the delay",
        help_text="The procedure asks for the reasons to be part of the written agreement",
        error_messages={"required": "Give the reasons for the delay"},
    )
    agree = forms.BooleanField(
        label="As a manager, I agree to this delay for the reasons given",
        error_messages={"required": "Confirm that you agree to the delay"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.helper_for(
            Field.textarea("delay_reason", rows=4),
            Field.checkbox("agree"),
            submit="Record my agreement",
        )
