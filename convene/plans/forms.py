"""Forms for the plan: an item, a core group meeting, a visit, the end of the plan."""

from __future__ import annotations

from datetime import time
from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from convene.enquiries.forms import GovukDateField, GovukTimeField, VersionedForm, combine
from convene.forms import submit_helper
from convene.plans.actions import OTHER_ENDINGS, VisitRecord
from convene.plans.models import ChildProtectionPlan, PlanItem, Visit

YES_NO = [("yes", "Yes"), ("no", "No")]


class PlanItemForm(forms.Form):
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What must change, by how much and by when",
        error_messages={"required": "Say what must change"},
    )
    action = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What will be done",
        error_messages={"required": "Say what will be done"},
    )
    who = forms.CharField(
        max_length=200,
        label="Who does it",
        help_text="A professional, an agency, or a member of the family",
        error_messages={"required": "Say who does it"},
    )
    by_when = GovukDateField("the date it is due", label="By when")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(
            Field.textarea("outcome", rows=3),
            Field.textarea("action", rows=3),
            Field.text("who"),
            Field("by_when"),
            submit="Add to the plan",
        )


class PlanItemStatusForm(VersionedForm):
    status = forms.ChoiceField(choices=PlanItem.Status.choices, label="Progress")


class CoreGroupForm(forms.Form):
    held_date = GovukDateField("the date of the meeting", label="Date of the meeting")
    held_time = GovukTimeField("the time of the meeting", label="Time of the meeting")
    attended = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Who took part",
        error_messages={"required": "Say who took part"},
    )
    minutes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Minutes",
        help_text="Progress against the plan, and how the plan was refined",
        error_messages={"required": "Enter the minutes"},
    )
    chronology_discussed = forms.BooleanField(
        required=False, label="The chronology was discussed and updated"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(
            Field("held_date"),
            Field.text("held_time", field_width=5),
            Field.textarea("attended", rows=3),
            Field.textarea("minutes", rows=6),
            Field.checkbox("chronology_discussed"),
            submit="Record the meeting",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["held_at"] = combine(data.get("held_date"), data.get("held_time"))
        return data


class VisitForm(forms.Form):
    visit_date = GovukDateField("the date of the visit", label="Date of the visit")
    visit_time = GovukTimeField("the time of the visit", label="Time of the visit")
    place = forms.ChoiceField(
        choices=Visit.Place.choices,
        widget=forms.RadioSelect,
        label="Where",
        error_messages={"required": "Say where the visit was"},
    )
    child_seen = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Was the child seen?",
        error_messages={"required": "Say whether the child was seen"},
    )
    seen_alone = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Was the child seen alone?",
        required=False,
    )
    bedroom_seen = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Was the child's bedroom seen?",
        help_text="Where the child sleeps must be seen at least every six weeks",
        error_messages={"required": "Say whether the bedroom was seen"},
    )
    present = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Who was present"
    )
    child_views = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="The child's views, wishes and feelings",
    )
    access_refused = forms.BooleanField(required=False, label="Access was refused")
    refusal_reported = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="If access was refused: when the line manager and the core group were told",
    )
    cover = forms.BooleanField(
        required=False, label="I visited to cover the lead social worker's absence"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(
            Field("visit_date"),
            Field.text("visit_time", field_width=5),
            Field.radios("place", legend_size=Size.SMALL),
            Field.radios("child_seen", legend_size=Size.SMALL, inline=True),
            Field.radios("seen_alone", legend_size=Size.SMALL, inline=True),
            Field.radios("bedroom_seen", legend_size=Size.SMALL, inline=True),
            Field.textarea("present", rows=2),
            Field.textarea("child_views", rows=4),
            Field.checkbox("access_refused"),
            Field.textarea("refusal_reported", rows=2),
            Field.checkbox("cover"),
            submit="Record the visit",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["visited_at"] = combine(data.get("visit_date"), data.get("visit_time"))
        if data.get("child_seen") == "yes" and not data.get("seen_alone"):
            self.add_error("seen_alone", "Say whether the child was seen alone")
        if data.get("child_seen") == "no" and data.get("seen_alone") == "yes":
            self.add_error("seen_alone", "A child not seen cannot have been seen alone")
        if data.get("access_refused") and not (data.get("refusal_reported") or "").strip():
            self.add_error(
                "refusal_reported", "Say when the line manager and the core group were told"
            )
        return data


class EndPlanForm(VersionedForm):
    ending = forms.ChoiceField(
        choices=[
            (code, label)
            for code, label in ChildProtectionPlan.Ending.choices
            if code in OTHER_ENDINGS
        ],
        widget=forms.RadioSelect,
        label="Why the plan ends",
        help_text="A review conference ends a plan with its own decision",
        error_messages={"required": "Choose why the plan ends"},
    )
    ended_date = GovukDateField("the date the plan ended", label="Date")
    ended_time = GovukTimeField("the time the plan ended", label="Time")
    detail = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What happened",
        help_text=(
            "A permanent move: the receiving council's conference, held. Becoming looked "
            "after: how the care plan now protects the child"
        ),
        error_messages={"required": "Record what happened"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.helper_for(
            Field.radios("ending", legend_size=Size.SMALL),
            Field("ended_date"),
            Field.text("ended_time", field_width=5),
            Field.textarea("detail", rows=4),
            submit="End the plan",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["ended_at"] = combine(data.get("ended_date"), data.get("ended_time"))
        return data


class PermanentMoveForm(VersionedForm):
    receiving_council = forms.CharField(
        max_length=200,
        label="The council the family has moved to",
        error_messages={"required": "Name the council the family has moved to"},
    )
    notified_date = GovukDateField(
        "the day the receiving council was told", label="The day the receiving council was told"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.helper_for(
            Field.text("receiving_council"), Field("notified_date"), submit="Record the move"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["notified_at"] = combine(data.get("notified_date"), time.min)  # the day's start
        return data


class ReceivingConferenceForm(VersionedForm):
    held_date = GovukDateField(
        "the day of the receiving council's conference", label="The day it was held"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.helper_for(Field("held_date"), submit="Record the conference")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["held_at"] = combine(data.get("held_date"), time.min)
        return data


class FrequencyForm(VersionedForm):
    weeks = forms.IntegerField(
        min_value=1,
        max_value=8,
        label="The core group meets every (weeks)",
        help_text="Monthly (4 weeks) unless you set otherwise",
        error_messages={
            "required": "Enter how many weeks apart the core group meets",
            "invalid": "Enter a number of weeks, like 4",
            "min_value": "Enter a number of weeks from 1 to 8",
            "max_value": "Enter a number of weeks from 1 to 8",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.helper_for(Field.text("weeks", field_width=2), submit="Confirm")


def visit_record(data: dict[str, Any]) -> VisitRecord:
    """The visit form's cleaned data as the action's record (the page and the API alike)."""
    return VisitRecord(
        visited_at=data["visited_at"],
        place=data["place"],
        child_seen=data["child_seen"] == "yes",
        seen_alone=data.get("seen_alone") == "yes",
        bedroom_seen=data["bedroom_seen"] == "yes",
        present=data["present"],
        child_views=data["child_views"],
        access_refused=data["access_refused"],
        refusal_reported=data["refusal_reported"],
        cover=data["cover"],
    )
