"""Forms for the child, the contact, concerns, engagements and allocation.

Every form renders as GOV.UK components (crispy-forms-gds) inside a page's own <form>, so a
page can hold several forms and formsets; `error_summary` lists every error of a page with a
link to the field it is about. Bad input gets a clear message and keeps what the user typed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.forms import formset_factory
from django.forms.utils import ErrorDict
from django.utils import timezone

from convene.cases.actions import ENGAGEMENT_MAX_DAYS, check_engagement
from convene.cases.labels import CONCERN_GROUPS, label
from convene.cases.models import Case, Child, Contact, HouseholdMember
from convene.cases.templatetags.convene_tags import long_date
from convene.forms import fields_helper, local_moment, parse_time_of_day
from convene.people.models import PARTNER_ROLES, Agency, Council, Role, Team, User
from convene.rules.vocabulary import CONCERN_CODES, HOUSEHOLD_ADULT_CONCERNS

SOCIAL_WORK_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER)


# --- fields -----------------------------------------------------------------------------------


class GovUKDateField(DateInputField):
    """The GOV.UK date input (day, month, year) with messages that name the date."""

    def __init__(self, *, what: str, required: bool = True, **kwargs: Any) -> None:
        super().__init__(required=required, require_all_fields=False, **kwargs)
        self.what = what
        self.What = what[:1].upper() + what[1:]
        self.error_messages["required"] = f"Enter {what}"
        self.error_messages["incomplete"] = f"Enter {what}"
        for subfield, part in zip(self.fields, ("day", "month", "year"), strict=True):
            subfield.required = True
            subfield.error_messages["incomplete"] = f"{self.What} must include a {part}"
            subfield.error_messages["required"] = f"{self.What} must include a {part}"
            subfield.validators = [RegexValidator(r"^[0-9]+$", f"{self.What} must be a real date")]

    def compress(self, data_list: Any) -> date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            if len(str(year)) != 4:
                raise ValueError
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.What} must be a real date", code="invalid") from None


class TimeOfDayField(forms.CharField):
    def __init__(self, *, what: str, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "For example, 9:30am or 14:30")
        super().__init__(max_length=12, **kwargs)
        self.what = what
        self.error_messages["required"] = f"Enter {what}"
        self.widget.attrs.update({"class": "govuk-input--width-5", "autocomplete": "off"})

    def clean(self, value: Any) -> time | None:
        text = super().clean(value)
        if not text:
            return None
        parsed = parse_time_of_day(text)
        if parsed is None:
            raise ValidationError(
                f"Enter {self.what} as a real time, for example 9:30am or 14:30", code="invalid"
            )
        return parsed


def time_text(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


class YesNoField(forms.TypedChoiceField):
    """A yes/no question as radios: nothing chosen until the user answers."""

    def __init__(self, *, error: str, **kwargs: Any) -> None:
        super().__init__(
            choices=[("True", "Yes"), ("False", "No")],
            coerce=lambda value: value == "True",
            widget=forms.RadioSelect,
            empty_value=None,
            error_messages={"required": error},
            **kwargs,
        )


def text(name: str, width: str | int | None = None) -> Field:
    """A text input; `width` is a fluid width (Fluid.ONE_HALF) or a number of characters."""
    return Field.text(name, field_width=width) if width else Field.text(name)


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# --- the error summary ------------------------------------------------------------------------


def _anchor(bound_field: Any) -> str:
    """Where the summary's link goes: the first radio or checkbox of a group, the day of a
    date input, otherwise the field itself (as crispy-forms-gds gives them ids)."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


def _in_page_order(form: forms.BaseForm) -> list[Any]:
    """The visible fields in the order the page shows them (its layout's), so the summary
    lists errors top to bottom."""
    visible = form.visible_fields()
    layout = getattr(getattr(form, "helper", None), "layout", None)
    if layout is None:
        return visible
    order = {pointer.name: i for i, pointer in enumerate(layout.get_field_names())}
    return sorted(visible, key=lambda bound: order.get(bound.name, len(order)))


def _form_errors(form: forms.BaseForm) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    visible = _in_page_order(form)
    first = _anchor(visible[0]) if visible else "main-content"
    for message in form.non_field_errors():
        errors.append({"href": f"#{first}", "message": message})
    for bound_field in visible:
        for message in bound_field.errors:
            errors.append({"href": f"#{_anchor(bound_field)}", "message": message})
    return errors


def error_summary(*forms_and_formsets: Any) -> list[dict[str, str]]:
    """Every error of a page's forms and formsets, in page order, with links."""
    errors: list[dict[str, str]] = []
    for item in forms_and_formsets:
        if item is None:
            continue
        if isinstance(item, forms.BaseFormSet):
            for message in item.non_form_errors():
                first = item.forms[0] if item.forms else None
                href = f"#{_anchor(first.visible_fields()[0])}" if first else "#main-content"
                errors.append({"href": href, "message": message})
            for form in item.forms:
                errors.extend(_form_errors(form))
        else:
            errors.extend(_form_errors(item))
    return errors


def hide_errors(*forms_and_formsets: Any) -> None:
    """Keep what was typed without checking it (after "Add another"): the forms are drawn
    from the data as if valid so far, with no messages and no red borders."""
    for item in forms_and_formsets:
        members = item.forms if isinstance(item, forms.BaseFormSet) else [item]
        for form in members:
            form._errors = ErrorDict()  # Django validates only while _errors is None
            form.helper.form_show_errors = False


# --- the child --------------------------------------------------------------------------------

HOSPITAL_CHOICES = [
    ("no", "No, not in hospital"),
    ("inpatient", "Yes, as an in-patient"),
    ("outpatient", "Yes, as an out-patient"),
]
YES_NO_CHILD_FIELDS = ("interpreter_needed", "medical_examination", "lives_outside_area")


class ChildForm(forms.ModelForm):
    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the last name"}
    )
    date_of_birth = GovUKDateField(
        label="Date of birth",
        what="the date of birth",
        required=False,
        help_text="For example, 27 3 2019. Leave blank for an unborn child.",
    )
    expected_birth_date = GovUKDateField(
        label="Expected date of birth (unborn child)",
        what="the expected date of birth",
        required=False,
        help_text="Only for an unborn child. For example, 14 6 2027.",
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Child.Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's sex, or ‘Not known’"},
    )
    ethnicity = forms.CharField(label="Ethnicity", max_length=100, required=False)
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        max_length=13,
        required=False,
        help_text="13 characters, for example A123456789012. Leave blank if not known.",
    )
    address = forms.CharField(
        label="Address", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    first_language = forms.CharField(label="First language", max_length=100, required=False)
    interpreter_needed = YesNoField(
        label="Does the child or family need an interpreter?",
        error="Select yes if the child or family needs an interpreter",
    )
    disability = forms.CharField(
        label="Disability (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Any disability, and what it means for how to communicate with the child.",
    )
    hospital = forms.ChoiceField(
        label="Is the child in hospital?",
        choices=HOSPITAL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child is in hospital"},
    )
    medical_examination = YesNoField(
        label="Is a medical examination needed?",
        error="Select yes if a medical examination is needed",
    )
    lives_outside_area = YesNoField(
        label="Does the child live outside the council's area?",
        error="Select yes if the child lives outside the council's area",
    )
    household_adult_concerns = forms.MultipleChoiceField(
        label="Do any adults in the household have these difficulties?",
        choices=[(code, label(code)) for code in HOUSEHOLD_ADULT_CONCERNS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. Leave blank if none are known.",
    )

    class Meta:
        model = Child
        fields = [
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
        ]

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        if self.instance.pk is None:
            # Facts about a new child are asked, never assumed: nothing is pre-selected.
            for name in ("sex", "hospital", *YES_NO_CHILD_FIELDS):
                self.initial[name] = None
        else:
            self.initial["hospital"] = self.instance.hospital or "no"
        self.helper = fields_helper(
            HTML('<h2 class="govuk-heading-m">The child</h2>'),
            text("given_name", Fluid.ONE_HALF),
            text("family_name", Fluid.ONE_HALF),
            Field("date_of_birth"),
            Field("expected_birth_date"),
            Field.radios("sex", inline=True),
            text("ethnicity", Fluid.ONE_HALF),
            text("upn", Fluid.ONE_THIRD),
            Field("address"),
            text("postcode", 10),
            text("first_language", Fluid.ONE_HALF),
            Field.radios("interpreter_needed", inline=True),
            Field("disability"),
            HTML('<h2 class="govuk-heading-m">The child’s circumstances</h2>'),
            Field.radios("hospital"),
            Field.radios("medical_examination", inline=True),
            Field.radios("lives_outside_area", inline=True),
            Field.checkboxes("household_adult_concerns"),
        )

    def clean_hospital(self) -> str:
        value = self.cleaned_data["hospital"]
        return "" if value == "no" else value

    def clean_upn(self) -> str:
        return self.cleaned_data["upn"].strip().upper()

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data["postcode"].upper().split())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        born = data.get("date_of_birth")
        expected = data.get("expected_birth_date")
        if "date_of_birth" in self.errors or "expected_birth_date" in self.errors:
            return data
        if born and expected:
            self.add_error(
                "expected_birth_date",
                "Leave the expected date of birth blank: the child has a date of birth",
            )
        elif not born and not expected:
            self.add_error(
                "date_of_birth",
                "Enter the date of birth, or the expected date of birth if the child is not "
                "born yet",
            )
        elif born and born > self.today:
            self.add_error("date_of_birth", "The date of birth must be today or in the past")
        elif born and born < self.today.replace(year=self.today.year - 25):
            self.add_error("date_of_birth", "The date of birth must be within the last 25 years")
        elif expected and expected < self.today - timedelta(days=31):
            self.add_error(
                "expected_birth_date",
                "The expected date of birth is more than a month ago: if the baby has been "
                "born, enter the date of birth instead",
            )
        elif expected and expected > self.today + timedelta(days=300):
            self.add_error(
                "expected_birth_date", "The expected date of birth must be within 10 months"
            )
        return data

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ChildEditForm(ChildForm):
    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)
        self.helper.layout.append(Field("version"))


# --- the household and services ---------------------------------------------------------------

HOUSEHOLD_KINDS = {
    # kind: (is_child, lives_with_child)
    "adult": (False, True),
    "child": (True, True),
    "significant_other": (False, False),
}
HOUSEHOLD_KIND_CHOICES = [
    ("adult", "An adult who lives in the child's household"),
    ("child", "Another child in the household"),
    ("significant_other", "A significant other who does not live in the household"),
]


def household_kind(member: HouseholdMember) -> str:
    if member.is_child:
        return "child"
    return "adult" if member.lives_with_child else "significant_other"


class RowForm(forms.Form):
    """A row of a repeating section: its messages name the row ("Adult 2: enter ..."), so
    the error summary says which of several alike rows is wrong."""

    def __init__(self, *args: Any, row: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row = row

    def full_clean(self) -> None:
        super().full_clean()
        if self.row and self._errors:
            for name, messages in list(self._errors.items()):
                self._errors[name] = self.error_class(
                    [f"{self.row}: {message[:1].lower()}{message[1:]}" for message in messages]
                )


class RowFormSet(forms.BaseFormSet):
    """Numbers its rows for their messages: `row_name` 1, 2, ..."""

    row_name = ""

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        if index is not None and self.row_name:
            kwargs["row"] = f"{self.row_name} {index + 1}"
        return kwargs


class HouseholdEntryForm(RowForm):
    """One person in the contact form's household, other children or significant others."""

    name = forms.CharField(label="Full name", max_length=200, required=True)
    relationship = forms.CharField(
        label="Relationship to the child",
        max_length=200,
        help_text="For example, mother, stepfather, brother, grandmother",
    )
    date_of_birth = GovUKDateField(
        label="Date of birth (optional)", what="their date of birth", required=False
    )
    parental_responsibility = forms.BooleanField(
        label="Has parental responsibility for the child", required=False
    )

    def __init__(self, *args: Any, kind: str = "adult", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["name"].error_messages["required"] = "Enter their full name"
        self.fields["relationship"].error_messages["required"] = (
            "Enter their relationship to the child"
        )
        fields: list[Any] = [
            text("name", Fluid.ONE_HALF),
            text("relationship", Fluid.ONE_HALF),
            Field("date_of_birth"),
        ]
        if kind == "child":
            self.fields["relationship"].help_text = "For example, brother, half-sister, cousin"
            del self.fields["parental_responsibility"]
        else:
            fields.append(Field.checkbox("parental_responsibility", small=True))
        self.helper = fields_helper(*fields)

    def clean_date_of_birth(self) -> date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise ValidationError("Their date of birth must be today or in the past")
        return born

    def member(self) -> dict[str, Any]:
        is_child, lives_with_child = HOUSEHOLD_KINDS[self.kind]
        return {
            "name": self.cleaned_data["name"],
            "relationship": self.cleaned_data["relationship"],
            "date_of_birth": self.cleaned_data.get("date_of_birth"),
            "parental_responsibility": self.cleaned_data.get("parental_responsibility", False),
            "is_child": is_child,
            "lives_with_child": lives_with_child,
        }


HouseholdEntryFormSet = formset_factory(HouseholdEntryForm, formset=RowFormSet, extra=1, max_num=20)


class HouseholdMemberForm(forms.ModelForm):
    """Add or change one person in the household, or a significant other."""

    kind = forms.ChoiceField(
        label="Who are they?",
        choices=HOUSEHOLD_KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who they are"},
    )
    name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )
    relationship = forms.CharField(
        label="Relationship to the child",
        max_length=200,
        help_text="For example, mother, stepfather, brother, grandmother",
        error_messages={"required": "Enter their relationship to the child"},
    )
    date_of_birth = GovUKDateField(
        label="Date of birth (optional)", what="their date of birth", required=False
    )
    parental_responsibility = YesNoField(
        label="Do they have parental responsibility for the child?",
        error="Select yes if they have parental responsibility for the child",
    )
    notes = forms.CharField(
        label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    class Meta:
        model = HouseholdMember
        fields = ["name", "relationship", "date_of_birth", "parental_responsibility", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial["parental_responsibility"] = None
        else:
            self.initial["kind"] = household_kind(self.instance)
            self.fields["version"] = version_field()
            self.initial["version"] = self.instance.version
        layout: list[Any] = [
            Field.radios("kind"),
            text("name", Fluid.ONE_HALF),
            text("relationship", Fluid.ONE_HALF),
            Field("date_of_birth"),
            Field.radios("parental_responsibility", inline=True),
            Field("notes"),
        ]
        if "version" in self.fields:
            layout.append(Field("version"))
        self.helper = fields_helper(*layout)

    def clean_date_of_birth(self) -> date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise ValidationError("Their date of birth must be today or in the past")
        return born

    def changes(self) -> dict[str, Any]:
        is_child, lives_with_child = HOUSEHOLD_KINDS[self.cleaned_data["kind"]]
        return {
            **{name: self.cleaned_data[name] for name in self.Meta.fields},
            "is_child": is_child,
            "lives_with_child": lives_with_child,
        }


class AgencyInvolvementForm(RowForm):
    service = forms.CharField(
        label="Service",
        max_length=200,
        help_text="For example, GP, health visitor, school, youth offending service",
        error_messages={"required": "Enter the service"},
    )
    agency = forms.ChoiceField(label="Partner agency on Convene (optional)", required=False)
    contact_name = forms.CharField(label="Contact name (optional)", max_length=200, required=False)
    contact_details = forms.CharField(
        label="Contact details (optional)",
        max_length=200,
        required=False,
        help_text="Phone number or email address",
    )

    def __init__(self, *args: Any, agency_choices: list[tuple[str, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Not on Convene")] + list(agency_choices)
        self.helper = fields_helper(
            text("service", Fluid.ONE_HALF),
            Field.select("agency"),
            text("contact_name", Fluid.ONE_HALF),
            text("contact_details", Fluid.ONE_HALF),
        )

    def involvement(self) -> dict[str, Any]:
        agency = self.cleaned_data.get("agency")
        return {
            "service": self.cleaned_data["service"],
            "agency_id": int(agency) if agency else None,
            "contact_name": self.cleaned_data["contact_name"],
            "contact_details": self.cleaned_data["contact_details"],
        }


def agency_choices(council: Council) -> list[tuple[str, str]]:
    """The partner agencies that work with the council, for a service's agency."""
    return [
        (str(agency.pk), agency.name)
        for agency in Agency.objects.filter(councils=council).order_by("name")
    ]


AgencyInvolvementFormSet = formset_factory(
    AgencyInvolvementForm, formset=RowFormSet, extra=1, max_num=20
)


# --- the contact ------------------------------------------------------------------------------


def social_work_staff(council: Council) -> Any:
    return User.objects.filter(council=council, role__in=SOCIAL_WORK_ROLES, is_active=True)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return f"{user.full_name}, {user.get_role_display().lower()}"


class ContactForm(forms.Form):
    received_on = GovUKDateField(
        label="Date the contact was received",
        what="the date the contact was received",
        help_text="For example, 3 11 2026",
    )
    received_time = TimeOfDayField(
        label="Time the contact was received", what="the time the contact was received"
    )
    referrer_name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the referrer's name"}
    )
    referrer_role = forms.CharField(label="Role or job title", max_length=200, required=False)
    referrer_agency = forms.CharField(
        label="Agency or organisation", max_length=200, required=False
    )
    referrer_contact_details = forms.CharField(
        label="Contact details",
        max_length=200,
        required=False,
        help_text="Phone number or email address",
    )
    referrer_relationship = forms.CharField(
        label="Relationship to the child",
        max_length=200,
        required=False,
        help_text="For example, class teacher, neighbour, aunt",
    )
    consent = forms.ChoiceField(
        label="Has the family consented to the contact?",
        choices=Contact.Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent was given, refused or not sought"},
    )
    consent_detail = forms.CharField(
        label="Consent: details",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Who gave or refused consent. If consent was refused or not sought, why.",
    )
    presenting_issues = forms.CharField(
        label="Presenting issues",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the presenting issues"},
    )
    reason_and_impact = forms.CharField(
        label="Reason for the contact and its impact on the child",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The concerns, and why the child is thought to be at risk of significant "
        "harm or in need of services.",
        error_messages={"required": "Enter the reason for the contact and its impact on the child"},
    )
    current_support = forms.CharField(
        label="What support is currently in place (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    named_lead = forms.CharField(
        label="Named lead (optional)",
        max_length=200,
        required=False,
        help_text="The professional who owns the contact made",
    )
    lead_social_worker = StaffChoiceField(
        label="Lead social worker (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not allocated yet",
    )

    def __init__(self, *args: Any, council: Council, now: datetime | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.now = timezone.localtime(now or timezone.now())
        self.fields["lead_social_worker"].queryset = social_work_staff(council)
        self.initial.setdefault("received_on", self.now.date())
        self.initial.setdefault("received_time", time_text(self.now))
        self.helper = fields_helper(
            Fieldset(
                Field("received_on"),
                text("received_time"),
                legend="When the contact was received",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            Fieldset(
                text("referrer_name", Fluid.ONE_HALF),
                text("referrer_role", Fluid.ONE_HALF),
                text("referrer_agency", Fluid.ONE_HALF),
                text("referrer_contact_details", Fluid.ONE_HALF),
                text("referrer_relationship", Fluid.ONE_HALF),
                legend="The person making the contact (the referrer)",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            HTML('<h2 class="govuk-heading-m">Consent</h2>'),
            Field.radios("consent"),
            Field("consent_detail"),
            HTML('<h2 class="govuk-heading-m">The concerns</h2>'),
            Field("presenting_issues"),
            Field("reason_and_impact"),
            Field("current_support"),
            HTML('<h2 class="govuk-heading-m">Who leads</h2>'),
            text("named_lead", Fluid.ONE_HALF),
            Field.select("lead_social_worker"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, moment = data.get("received_on"), data.get("received_time")
        if day and moment:
            received_at = local_moment(day, moment)
            if received_at > self.now:
                self.add_error(
                    "received_time", "The time the contact was received must be in the past"
                )
            elif received_at < self.now - timedelta(days=366):
                self.add_error(
                    "received_on", "The date the contact was received must be in the last year"
                )
            else:
                data["received_at"] = received_at
        consent = data.get("consent")
        if consent == Contact.Consent.REFUSED and not data.get("consent_detail"):
            self.add_error("consent_detail", "Enter who refused consent and why")
        if consent == Contact.Consent.NOT_SOUGHT and not data.get("consent_detail"):
            self.add_error(
                "consent_detail", "Enter why seeking consent would place the child at risk"
            )
        return data

    def contact(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "received_at": data["received_at"],
            "referrer_name": data["referrer_name"],
            "referrer_role": data["referrer_role"],
            "referrer_agency": data["referrer_agency"],
            "referrer_contact_details": data["referrer_contact_details"],
            "referrer_relationship": data["referrer_relationship"],
            "consent": data["consent"],
            "consent_detail": data["consent_detail"],
            "presenting_issues": data["presenting_issues"],
            "reason_and_impact": data["reason_and_impact"],
            "current_support": data["current_support"],
            "named_lead": data["named_lead"],
        }


# The contact form's repeating sections: prefix -> (kind, heading, what one row is called).
CONTACT_SECTIONS = (
    ("adults", "adult", "Adults in the child's household", "Adult"),
    ("children", "child", "Other children in the household", "Child"),
    ("others", "significant_other", "Significant others outside the household", "Person"),
)


class ContactBundle:
    """Everything the contact page asks, as one unit: the child, the household, other
    children, significant others, the services involved and the contact itself."""

    def __init__(self, council: Council, data: Any = None, now: datetime | None = None) -> None:
        self.council = council
        self.now = timezone.localtime(now or timezone.now())
        choices = agency_choices(council)
        self.child = ChildForm(data, prefix="child", today=self.now.date())
        self.sections = []
        for prefix, kind, heading, row_name in CONTACT_SECTIONS:
            formset = HouseholdEntryFormSet(data, prefix=prefix, form_kwargs={"kind": kind})
            formset.row_name = row_name
            self.sections.append(
                {"prefix": prefix, "heading": heading, "row_name": row_name, "formset": formset}
            )
        self.agencies = AgencyInvolvementFormSet(
            data, prefix="agencies", form_kwargs={"agency_choices": choices}
        )
        self.agencies.row_name = "Service"
        self.contact = ContactForm(data, prefix="contact", council=council, now=self.now)

    @property
    def formsets(self) -> list[Any]:
        return [section["formset"] for section in self.sections] + [self.agencies]

    @property
    def all(self) -> list[Any]:
        return [self.child, *self.formsets, self.contact]

    def is_valid(self) -> bool:
        return all([item.is_valid() for item in self.all])  # every one, for every message

    def errors(self) -> list[dict[str, str]]:
        return error_summary(*self.all)

    def household(self) -> list[dict[str, Any]]:
        return [
            form.member()
            for section in self.sections
            for form in section["formset"].forms
            if form.has_changed() and form.cleaned_data
        ]

    def involvements(self) -> list[dict[str, Any]]:
        return [
            form.involvement()
            for form in self.agencies.forms
            if form.has_changed() and form.cleaned_data
        ]


def with_another_row(data: Any, prefix: str) -> Any:
    """The submitted data with one more empty row in a formset: "Add another" without JS."""
    copied = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(copied.get(key, "1"))
    except ValueError:
        total = 1
    copied[key] = str(min(total + 1, 20))
    return copied


# --- the decision, acknowledgement and concerns -----------------------------------------------


class ContactDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What is the decision on the contact?",
        choices=Contact.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision on the contact"},
    )
    decision_reason = forms.CharField(
        label="Reason for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reason for the decision"},
    )
    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = fields_helper(
            Field.radios("decision", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field("decision_reason"),
            Field("version"),
        )


class VersionForm(forms.Form):
    """A button that changes a record: the version its page was drawn from."""

    version = version_field()


class ConcernsForm(forms.Form):
    identified_on = GovUKDateField(
        label="Date the concerns were identified",
        what="the date the concerns were identified",
        help_text="For example, 3 11 2026",
    )
    identified_time = TimeOfDayField(
        label="Time the concerns were identified", what="the time the concerns were identified"
    )
    summary = forms.CharField(
        label="Summary of the concerns",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter a summary of the concerns"},
    )
    immediate_action_taken = YesNoField(
        label="Has immediate action been taken to protect the child?",
        error="Select yes if immediate action has been taken to protect the child",
        help_text="For example, police protection or an emergency protection order.",
    )
    immediate_action_detail = forms.CharField(
        label="Immediate action: details",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="If immediate action was taken: what, by whom and when.",
    )
    forensic_evidence_needed = YesNoField(
        label="Is forensic evidence needed?",
        error="Select yes if forensic evidence is needed",
        help_text="For example, a medical examination to secure evidence of sexual abuse.",
    )

    def __init__(self, *args: Any, now: datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = timezone.localtime(now or timezone.now())
        self.initial.setdefault("identified_on", self.now.date())
        self.initial.setdefault("identified_time", time_text(self.now))
        group_fields = []
        for key, heading, codes in CONCERN_GROUPS:
            name = f"concerns_{key}"
            self.fields[name] = forms.MultipleChoiceField(
                label=heading,
                choices=[(code, label(code)) for code in codes],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
            group_fields.append(Field.checkboxes(name, legend_size=Size.SMALL, small=True))
        self.helper = fields_helper(
            HTML(
                '<h2 class="govuk-heading-m">What are the concerns?</h2>'
                '<p class="govuk-hint">Select all that apply. The procedure uses them to '
                "decide when the strategy discussion is due, whether it must be a meeting, "
                "and who must be invited.</p>"
            ),
            *group_fields,
            Field("summary"),
            Fieldset(
                Field("identified_on"),
                text("identified_time"),
                legend="When the concerns were identified",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            HTML('<h2 class="govuk-heading-m">Action and evidence</h2>'),
            Field.radios("immediate_action_taken", inline=True),
            Field("immediate_action_detail"),
            Field.radios("forensic_evidence_needed", inline=True),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = {code for key, _, _ in CONCERN_GROUPS for code in data.get(f"concerns_{key}", [])}
        if not chosen:
            self.add_error(f"concerns_{CONCERN_GROUPS[0][0]}", "Select at least one concern")
        data["concerns"] = [code for code in CONCERN_CODES if code in chosen]
        day, moment = data.get("identified_on"), data.get("identified_time")
        if day and moment:
            identified_at = local_moment(day, moment)
            if identified_at > self.now:
                self.add_error(
                    "identified_time", "The time the concerns were identified must be in the past"
                )
            else:
                data["identified_at"] = identified_at
        if data.get("immediate_action_taken") and not data.get("immediate_action_detail"):
            self.add_error("immediate_action_detail", "Enter what immediate action was taken")
        return data

    def concerns(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "identified_at": data["identified_at"],
            "concerns": data["concerns"],
            "summary": data["summary"],
            "immediate_action_taken": data["immediate_action_taken"],
            "immediate_action_detail": (
                data["immediate_action_detail"] if data["immediate_action_taken"] else ""
            ),
            "forensic_evidence_needed": data["forensic_evidence_needed"],
        }


# --- engagements and allocation ---------------------------------------------------------------


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        title = f", {user.job_title}" if user.job_title else ""
        agency = user.agency.name if user.agency else "no agency"
        return f"{user.full_name}{title} – {agency}"


def partners_for(council: Council) -> Any:
    """Partner staff of the agencies that serve the council's area."""
    return (
        User.objects.filter(role__in=PARTNER_ROLES, is_active=True, agency__councils=council)
        .select_related("agency")
        .distinct()
        .order_by("agency__name", "full_name")
    )


class EngagementForm(forms.Form):
    user = PartnerChoiceField(
        label="Who needs access?",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who needs access",
            "invalid_choice": "Choose someone from a partner agency that serves this area",
        },
    )
    purpose = forms.CharField(
        label="Why do they need access?",
        max_length=200,
        help_text="For example, invited to the strategy discussion, or a joint visit",
        error_messages={"required": "Enter why they need access"},
    )
    ends_on = GovUKDateField(
        label="Access ends on",
        what="the date access ends",
        help_text=f"At most {ENGAGEMENT_MAX_DAYS} days from today. For example, 27 3 2027.",
    )

    def __init__(self, *args: Any, case: Case, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.today = today or timezone.localdate()
        self.fields["user"].queryset = partners_for(case.council)
        self.helper = fields_helper(
            Field.select("user"),
            text("purpose", Fluid.TWO_THIRDS),
            Field("ends_on"),
        )

    def clean_ends_on(self) -> date:
        ends_on = self.cleaned_data["ends_on"]
        latest = self.today + timedelta(days=ENGAGEMENT_MAX_DAYS)
        if ends_on < self.today:
            raise ValidationError("The date access ends must be today or in the future")
        if ends_on > latest:
            raise ValidationError(
                f"The date access ends must be within {ENGAGEMENT_MAX_DAYS} days, "
                f"on or before {long_date(latest)}"
            )
        return ends_on

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        user = data.get("user")
        if user is not None:
            problem = check_engagement(self.case, user, self.today)
            if problem:
                self.add_error("user", problem)
        return data


class AllocationForm(forms.Form):
    lead_social_worker = StaffChoiceField(
        label="Lead social worker",
        queryset=User.objects.none(),
        empty_label="Choose a social worker",
        error_messages={"required": "Choose the lead social worker"},
    )
    team = forms.ModelChoiceField(
        label="Team (optional)",
        queryset=Team.objects.none(),
        required=False,
        empty_label="The lead social worker's team",
    )
    version = version_field()

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_social_worker"].queryset = social_work_staff(case.council)
        self.fields["team"].queryset = Team.objects.filter(council=case.council)
        self.initial.setdefault("lead_social_worker", case.lead_social_worker_id)
        self.initial.setdefault("team", case.team_id)
        self.initial.setdefault("version", case.version)
        self.helper = fields_helper(
            Field.select("lead_social_worker"), Field.select("team"), Field("version")
        )
