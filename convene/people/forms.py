"""Forms for a council's administration: a person, a team, a closure day, a set password.

Each renders as GOV.UK components inside the page's own <form>. A bad value gets a clear
message and keeps what was typed; the checks the actions make (`check_*`) are made here too, so
the message is shown against the field it is about.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field, Fluid
from django import forms
from django.contrib.auth.forms import SetPasswordForm

from convene.actions import ActionError
from convene.cases.forms import GovUKDateField
from convene.forms import VersionedForm, fields_helper
from convene.people.actions import check_closure_day, check_new_email, check_team_name
from convene.people.models import COUNCIL_ROLES, Council, Role, Team, User

COUNCIL_ROLE_CHOICES = [(role.value, role.label) for role in Role if role in COUNCIL_ROLES]


class PersonForm(VersionedForm):
    """A member of the council's staff: a new one (with an email address) or a change."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="Their work email address: it is how they sign in",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name"},
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    role = forms.ChoiceField(
        label="Role",
        choices=COUNCIL_ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the person's role"},
    )
    team = forms.ModelChoiceField(
        label="Team (optional)",
        queryset=Team.objects.none(),
        required=False,
        empty_label="No team",
    )

    def __init__(
        self, *args: Any, council: Council, person: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.council = council
        self.person = person
        self.fields["team"].queryset = Team.objects.filter(council=council)
        self.fields["email"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        fields: list[Any] = []
        if person is None:
            fields.append(Field.text("email", field_width=Fluid.TWO_THIRDS))
        else:
            del self.fields["email"]
            self.initial.setdefault("full_name", person.full_name)
            self.initial.setdefault("job_title", person.job_title)
            self.initial.setdefault("role", person.role)
            self.initial.setdefault("team", person.team_id)
            self.initial.setdefault("version", person.version)
        fields += [
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("job_title", field_width=Fluid.TWO_THIRDS),
            Field.radios("role"),
            Field.select("team"),
            Field("version"),
        ]
        self.helper = fields_helper(*fields)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        try:
            check_new_email(email)
        except ActionError as error:
            raise forms.ValidationError(str(error)) from None
        return email

    def data_for_action(self) -> dict[str, Any]:
        names = ["full_name", "job_title", "role", "team"]
        if self.person is None:
            names.insert(0, "email")
        return {name: self.cleaned_data[name] for name in names}


class TeamForm(VersionedForm):
    name = forms.CharField(
        label="Team name",
        max_length=200,
        error_messages={"required": "Enter the team's name"},
    )

    def __init__(self, *args: Any, council: Council, team: Team | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.council = council
        self.team = team
        if team is not None:
            self.initial.setdefault("name", team.name)
            self.initial.setdefault("version", team.version)
        self.helper = fields_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS), Field("version")
        )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        try:
            check_team_name(self.council, name, excluding=self.team)
        except ActionError as error:
            raise forms.ValidationError(str(error)) from None
        return name


class ClosureDayForm(forms.Form):
    day = GovUKDateField(
        what="the date of the closure day",
        label="Date",
        help_text="For example, 24 12 2027",
    )
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="For example, Christmas Eve closure",
        error_messages={"required": "Enter the reason the offices are closed"},
    )

    def __init__(self, *args: Any, council: Council, today: date | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.council = council
        self.today = today
        self.helper = fields_helper(
            Field("day"), Field.text("reason", field_width=Fluid.TWO_THIRDS)
        )

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        try:
            check_closure_day(self.council, day, self.today)
        except ActionError as error:
            raise forms.ValidationError(str(error)) from None
        return day


class ChoosePasswordForm(SetPasswordForm):
    """Django's set-password form (the password validators of settings), drawn as GOV.UK."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "Confirm the new password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm the new password"
        self.fields["new_password2"].help_text = "Enter the same password again"
        self.helper = fields_helper(
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
        )
