"""Forms for conferences: reports sent, invitations, the outcome, adjourning, a review booked.
Each says what is wrong in GOV.UK's words and keeps what was typed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from convene.cases.models import HouseholdMember
from convene.conferences.models import (
    BROUGHT_FORWARD_REASONS,
    CATEGORY_CHOICES,
    EXCLUSION_GROUNDS,
    FIRST_REVIEW_EXCEPTIONS,
    PROCEED_INQUORATE_REASONS,
    Amendment,
    Attendee,
    Conference,
    ExclusionRequest,
)
from convene.enquiries.forms import (
    GovukDateField,
    GovukTimeField,
    VersionedForm,
    combine,
    split_moment,
)
from convene.forms import submit_helper
from convene.people.models import Role, User

YES_NO = [("yes", "Yes"), ("no", "No")]


def _moment(form: forms.Form, day: str, at: str, what: str, *, required: bool) -> datetime | None:
    data = form.cleaned_data
    if data.get(day) and not data.get(at) and at not in form.errors:
        form.add_error(at, f"Enter the time {what}")
    elif (data.get(at) or required) and not data.get(day) and day not in form.errors:
        form.add_error(day, f"Enter the date {what}")
    return combine(data.get(day), data.get(at))


class ReportsForm(VersionedForm):
    chair_date = GovukDateField(
        "the date the report went to the chair",
        label="Date the report went to the chair",
        required=False,
    )
    chair_time = GovukTimeField(
        "the time the report went to the chair",
        label="Time the report went to the chair",
        required=False,
    )
    parents_date = GovukDateField(
        "the date the report went to the parents",
        label="Date the report went to the parents",
        required=False,
    )
    parents_time = GovukTimeField(
        "the time the report went to the parents",
        label="Time the report went to the parents",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.helper_for(
            Field("chair_date"),
            Field.text("chair_time", field_width=5),
            Field("parents_date"),
            Field.text("parents_time", field_width=5),
            submit="Save",
        )

    @classmethod
    def initial_for(cls, conference: Conference) -> dict[str, Any]:
        chair_date, chair_time = split_moment(conference.report_to_chair_at)
        parents_date, parents_time = split_moment(conference.report_to_parents_at)
        return {
            "version": conference.version,
            "chair_date": chair_date,
            "chair_time": chair_time,
            "parents_date": parents_date,
            "parents_time": parents_time,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["to_chair_at"] = _moment(
            self, "chair_date", "chair_time", "the report went to the chair", required=False
        )
        data["to_parents_at"] = _moment(
            self, "parents_date", "parents_time", "the report went to the parents", required=False
        )
        return data


class AttendeeForm(forms.Form):
    party = forms.ChoiceField(
        choices=Attendee.Party.choices,
        widget=forms.RadioSelect,
        label="Who is invited",
        error_messages={"required": "Choose who is invited"},
    )
    name = forms.CharField(
        max_length=200,
        label="Name",
        error_messages={"required": "Enter the name of the person invited"},
    )
    organisation = forms.CharField(
        max_length=200, required=False, label="Agency or service, if any"
    )
    direct_contact = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Has their agency had direct contact with the child and family?",
        help_text="The conference is quorate with two such agencies besides social care",
        error_messages={"required": "Say whether their agency has had direct contact"},
    )
    support_needed = forms.CharField(
        max_length=200,
        required=False,
        label="An interpreter or other support they need, if any",
        help_text="For example, a Polish interpreter, or a British Sign Language signer",
    )
    contribution = forms.ChoiceField(
        choices=Attendee.Contribution.choices,
        widget=forms.RadioSelect,
        required=False,
        label="For the child: how they take part",
    )
    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Their Convene account, if they have one",
        help_text="They can then read the conference's page",
        empty_label="No account",
    )

    def __init__(self, *args: Any, partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["user"].queryset = partners
        self.helper = submit_helper(
            Field.radios("party", legend_size=Size.SMALL),
            Field.text("name"),
            Field.text("organisation"),
            Field.radios("direct_contact", legend_size=Size.SMALL, inline=True),
            Field.text("support_needed"),
            Field.radios("contribution", legend_size=Size.SMALL),
            Field("user"),
            submit="Add to the invitations",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        child = data.get("party") == Attendee.Party.CHILD
        if child and not data.get("contribution"):
            self.add_error("contribution", "Say how the child takes part")
        if not child:
            data["contribution"] = ""
        return data


class OutcomeForm(VersionedForm):
    held_date = GovukDateField("the date the conference was held", label="Date held")
    held_time = GovukTimeField("the time the conference was held", label="Time held")
    proceed_reason = forms.ChoiceField(
        choices=PROCEED_INQUORATE_REASONS,
        widget=forms.RadioSelect,
        required=False,
        label="If it was not quorate: why the chair proceeded",
        help_text="Otherwise adjourn the conference rather than record an outcome",
    )
    decision = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="The chair's decision",
        error_messages={"required": "Choose the conference's decision"},
    )
    category = forms.ChoiceField(
        choices=CATEGORY_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        label="With a plan: the category of abuse (one only)",
        error_messages={"invalid_choice": "Choose one of the four categories"},
    )
    lead_social_worker = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="With a plan: the lead social worker",
        help_text="A qualified social worker, or in the interim a team manager",
        empty_label="Choose the lead social worker",
    )
    exceptional_reason = forms.ChoiceField(
        choices=FIRST_REVIEW_EXCEPTIONS,
        widget=forms.RadioSelect,
        required=False,
        label="Ending the plan at its first review: the exceptional circumstance",
    )
    other_subjects = forms.ModelMultipleChoiceField(
        queryset=HouseholdMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="The household's other children who are subjects of this conference",
        help_text="Every child of the household is considered; tick those who are subjects",
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="The reasons for the decision",
        error_messages={"required": "Give the reasons for the decision"},
    )
    dissent = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Dissenting views, if any",
    )
    recommendations = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Without a plan: recommendations (a child in need plan, or early help)",
    )
    confidential_information = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Confidential information, if any",
        help_text=(
            "Kept in the record but left out of the parent's copy: for example a third "
            "party's details shared in confidence"
        ),
    )
    seek_agency_views = forms.BooleanField(
        required=False,
        label="Seek absent agencies' views in writing before deciding whether to end the plan",
        help_text=(
            "The plan continues meanwhile. Ask within 10 working days; their answers are due "
            "10 working days after"
        ),
    )

    def __init__(
        self, *args: Any, conference: Conference, attendees: list[Attendee], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.attendees = attendees
        review = conference.is_review
        decisions = [
            (code, label)
            for code, label in Conference.Decision.choices
            if (code in ("continue", "end")) == review
        ]
        self.fields["decision"].choices = decisions
        self.fields["lead_social_worker"].queryset = User.objects.filter(
            council_id=conference.case.council_id,
            role__in=(Role.SOCIAL_WORKER, Role.TEAM_MANAGER),
            is_active=True,
        )
        layout: list[Any] = [Field("held_date"), Field.text("held_time", field_width=5)]
        for attendee in attendees:
            self.fields[f"attendance_{attendee.pk}"] = forms.ChoiceField(
                choices=[
                    (Attendee.Attendance.ATTENDED, "Attended"),
                    (Attendee.Attendance.APOLOGIES, "Sent apologies"),
                    (Attendee.Attendance.INVITED, "Did not attend"),
                ],
                widget=forms.RadioSelect,
                label=", ".join(filter(None, (attendee.name, attendee.organisation))),
                initial=attendee.attendance,
                error_messages={"required": f"Say whether {attendee.name} attended"},
            )
            self.fields[f"report_{attendee.pk}"] = forms.BooleanField(
                required=False, label="Sent a report", initial=attendee.report_submitted
            )
            layout.append(
                Field.radios(f"attendance_{attendee.pk}", legend_size=Size.SMALL, inline=True)
            )
            layout.append(Field.checkbox(f"report_{attendee.pk}"))
            if attendee.party != Attendee.Party.PARENT:
                self.fields[f"confidential_{attendee.pk}"] = forms.BooleanField(
                    required=False,
                    label="Their report is confidential: leave it out of the parent's copy",
                    initial=attendee.report_confidential,
                )
                layout.append(Field.checkbox(f"confidential_{attendee.pk}"))
        others = conference.case.child.household.filter(is_child=True)
        self.fields["other_subjects"].queryset = others
        self.fields["other_subjects"].label_from_instance = lambda member: member.name
        if others.exists():
            layout.append(Field.checkboxes("other_subjects", legend_size=Size.SMALL))
        else:
            del self.fields["other_subjects"]
        layout.append(Field.radios("proceed_reason", legend_size=Size.SMALL))
        layout.append(Field.radios("decision", legend_size=Size.SMALL))
        if review:
            layout.append(Field.checkbox("seek_agency_views"))
            layout.append(Field.radios("exceptional_reason", legend_size=Size.SMALL))
            del self.fields["category"], self.fields["lead_social_worker"]
            del self.fields["recommendations"]
        else:
            layout.append(Field.radios("category", legend_size=Size.SMALL))
            layout.append(Field("lead_social_worker"))
            del self.fields["exceptional_reason"], self.fields["seek_agency_views"]
        layout.append(Field.textarea("reasons", rows=4))
        layout.append(Field.textarea("dissent", rows=3))
        layout.append(Field.textarea("confidential_information", rows=3))
        if not review:
            layout.append(Field.textarea("recommendations", rows=3))
        self.helper = self.helper_for(*layout, submit="Record the outcome")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["held_at"] = combine(data.get("held_date"), data.get("held_time"))
        if data.get("decision") == "plan":
            if not data.get("category"):
                self.add_error("category", "Choose one category of abuse for the plan")
            if not data.get("lead_social_worker"):
                self.add_error("lead_social_worker", "Choose the plan's lead social worker")
        if data.get("seek_agency_views") and data.get("decision") == "end":
            self.add_error(
                "seek_agency_views",
                "Views are sought only while the plan continues: choose to continue the plan "
                "until they answer",
            )
        if data.get("decision") == "no_plan" and not (data.get("recommendations") or "").strip():
            self.add_error(
                "recommendations", "Record the recommendations: a child in need plan or early help"
            )
        data["attendance"] = tuple(
            (
                attendee,
                data.get(f"attendance_{attendee.pk}") or attendee.attendance,
                bool(data.get(f"report_{attendee.pk}")),
            )
            for attendee in self.attendees
        )
        data["confidential_reports"] = tuple(
            attendee for attendee in self.attendees if data.get(f"confidential_{attendee.pk}")
        )
        return data


class AdjournForm(VersionedForm):
    new_date = GovukDateField("the new date of the conference", label="New date")
    new_time = GovukTimeField("the new time of the conference", label="New time")
    interim_plan = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="The interim protection plan",
        help_text="How the child is kept safe until the conference meets",
        error_messages={"required": "Record the interim protection plan"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.helper_for(
            Field("new_date"),
            Field.text("new_time", field_width=5),
            Field.textarea("interim_plan", rows=5),
            submit="Adjourn the conference",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["new_at"] = combine(data.get("new_date"), data.get("new_time"))
        return data


class ReviewBookingForm(forms.Form):
    review_date = GovukDateField("the date of the review conference", label="Date")
    review_time = GovukTimeField("the time of the review conference", label="Time")
    venue = forms.CharField(
        max_length=200, label="Venue", error_messages={"required": "Enter the venue"}
    )
    chair = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Chair",
        empty_label="Choose a chair",
        error_messages={"required": "Choose the chair"},
    )
    brought_forward = forms.ChoiceField(
        choices=[("", "It is not brought forward"), *BROUGHT_FORWARD_REASONS],
        widget=forms.RadioSelect,
        required=False,
        label="Is it brought forward?",
    )
    brought_forward_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="If brought forward: the details",
    )

    def __init__(self, *args: Any, council_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(
            council_id=council_id, role=Role.CONFERENCE_CHAIR, is_active=True
        )
        self.helper = submit_helper(
            Field("review_date"),
            Field.text("review_time", field_width=5),
            Field.text("venue"),
            Field("chair"),
            Field.radios("brought_forward", legend_size=Size.SMALL),
            Field.textarea("brought_forward_reason", rows=3),
            submit="Book the review conference",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["scheduled_for"] = combine(data.get("review_date"), data.get("review_time"))
        if data.get("brought_forward") == "other" and not data.get("brought_forward_reason"):
            self.add_error("brought_forward_reason", "Say why the review is brought forward")
        return data


class TransferInForm(forms.Form):
    agreed_date = GovukDateField("the date the councils agreed", label="Date the councils agreed")
    agreed_time = GovukTimeField("the time the councils agreed", label="Time they agreed")
    originating_council = forms.CharField(
        max_length=200,
        label="The originating council",
        error_messages={"required": "Enter the originating council"},
    )
    originating_social_worker = forms.CharField(
        max_length=200,
        label="Its lead social worker",
        help_text="They are invited, and send their report at least 5 working days before",
        error_messages={"required": "Enter the originating council's lead social worker"},
    )
    originating_contact = forms.CharField(
        max_length=200, required=False, label="Their email address or telephone number"
    )
    conference_date = GovukDateField(
        "the date of the transfer-in conference", label="Date of the conference"
    )
    conference_time = GovukTimeField(
        "the time of the transfer-in conference", label="Time of the conference"
    )
    venue = forms.CharField(
        max_length=200, label="Venue", error_messages={"required": "Enter the venue"}
    )
    chair = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Chair",
        empty_label="Choose a chair",
        error_messages={"required": "Choose the chair"},
    )

    def __init__(self, *args: Any, council_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(
            council_id=council_id, role=Role.CONFERENCE_CHAIR, is_active=True
        )
        self.helper = submit_helper(
            Field("agreed_date"),
            Field.text("agreed_time", field_width=5),
            Field.text("originating_council"),
            Field.text("originating_social_worker"),
            Field.text("originating_contact"),
            Field("conference_date"),
            Field.text("conference_time", field_width=5),
            Field.text("venue"),
            Field("chair"),
            submit="Record the agreement and book the conference",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["agreed_at"] = combine(data.get("agreed_date"), data.get("agreed_time"))
        data["scheduled_for"] = combine(data.get("conference_date"), data.get("conference_time"))
        return data


class ExclusionRequestForm(forms.Form):
    family_member = forms.ModelChoiceField(
        queryset=Attendee.objects.none(),
        label="Who should be excluded",
        empty_label="Choose a family member",
        error_messages={"required": "Choose the family member"},
    )
    grounds = forms.MultipleChoiceField(
        choices=EXCLUSION_GROUNDS,
        widget=forms.CheckboxSelectMultiple,
        label="Which of the procedure's grounds are met",
        error_messages={"required": "Choose the grounds that are met"},
    )
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="The information or evidence the request is based on",
        error_messages={"required": "Give the information or evidence"},
    )

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family_member"].queryset = conference.attendees.filter(
            party__in=(Attendee.Party.PARENT, Attendee.Party.CHILD)
        )
        self.fields["family_member"].label_from_instance = lambda attendee: attendee.name
        self.helper = submit_helper(
            Field("family_member"),
            Field.checkboxes("grounds", legend_size=Size.SMALL),
            Field.textarea("evidence", rows=5),
            submit="Send the request to the chair",
        )


class ExclusionDecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        choices=ExclusionRequest.Decision.choices,
        widget=forms.RadioSelect,
        label="The chair's decision",
        error_messages={"required": "Choose whether the family member is excluded"},
    )
    extent = forms.ChoiceField(
        choices=ExclusionRequest.Extent.choices,
        widget=forms.RadioSelect,
        required=False,
        label="If excluded: from",
    )
    extent_detail = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="If part: which part, for the minimum time necessary",
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="The reasons, as they will be confirmed in writing",
        error_messages={"required": "Give the reasons for the decision"},
    )
    report_date = GovukDateField(
        "the date the report was sent", label="Report sent to them on", required=False
    )
    report_time = GovukTimeField(
        "the time the report was sent", label="Report sent at", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.helper_for(
            Field.radios("decision", legend_size=Size.SMALL, inline=True),
            Field.radios("extent", legend_size=Size.SMALL),
            Field.textarea("extent_detail", rows=2),
            Field.textarea("reasons", rows=4),
            Field("report_date"),
            Field.text("report_time", field_width=5),
            submit="Record the decision",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == ExclusionRequest.Decision.EXCLUDED and not data.get("extent"):
            self.add_error("extent", "Say whether it is the whole conference or part")
        data["report_sent_at"] = _moment(
            self, "report_date", "report_time", "the report was sent", required=False
        )
        return data


class AmendmentForm(forms.Form):
    asked_by = forms.CharField(
        max_length=200,
        label="Who asked for it",
        error_messages={"required": "Say who asked for the amendment"},
    )
    received_date = GovukDateField("the date it was received", label="Date received")
    received_time = GovukTimeField("the time it was received", label="Time received")
    correction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="What should be corrected, as they wrote it",
        error_messages={"required": "Enter what should be corrected"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(
            Field.text("asked_by"),
            Field("received_date"),
            Field.text("received_time", field_width=5),
            Field.textarea("correction", rows=5),
            submit="Record the amendment for the chair",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["received_at"] = combine(data.get("received_date"), data.get("received_time"))
        return data


class AmendmentDecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        choices=Amendment.Decision.choices,
        widget=forms.RadioSelect,
        label="The chair's decision",
        error_messages={"required": "Choose whether the amendment is accepted"},
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Reasons (needed to refuse it)",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.helper_for(
            Field.radios("decision", legend_size=Size.SMALL),
            Field.textarea("reasons", rows=3),
            submit="Record the decision",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == Amendment.Decision.REFUSED and not data.get("reasons"):
            self.add_error("reasons", "Give the reasons for refusing it")
        return data


class FamilyMeetingForm(VersionedForm):
    met_date = GovukDateField("the date the chair met the family", label="Date")
    met_time = GovukTimeField("the time the chair met the family", label="Time")
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Who was there, and what was explained",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.helper_for(
            Field("met_date"),
            Field.text("met_time", field_width=5),
            Field.textarea("notes", rows=4),
            submit="Save",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["met_at"] = combine(data.get("met_date"), data.get("met_time"))
        return data


class AgencyReportForm(VersionedForm):
    report = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        label="The agency's report to the conference",
        help_text="What your agency knows of the child and family, its concerns and its view",
        error_messages={"required": "Write the report"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.helper_for(Field.textarea("report", rows=12), submit="Send the report")


class AgencyViewsForm(VersionedForm):
    step = forms.ChoiceField(
        choices=[("requested", "Asked for"), ("received", "Received")],
        widget=forms.HiddenInput,
    )
    on_date = GovukDateField("the date", label="Date")
    on_time = GovukTimeField("the time", label="Time")

    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["step"] = step
        super().__init__(*args, **kwargs)
        label = "asked in writing" if step == "requested" else "received in writing"
        self.fields["on_date"].label = f"The date the views were {label}"
        self.helper = self.helper_for(
            Field("step"),
            Field("on_date"),
            Field.text("on_time", field_width=5),
            submit="Record",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["at"] = combine(data.get("on_date"), data.get("on_time"))
        return data
