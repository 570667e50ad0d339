"""The child, the household, the case, the contact, concerns of significant harm, and the
engagements that let partner agencies see a case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from convene.people.models import Agency, Council, Team
from convene.rules.vocabulary import CONCERN_CODES, HOSPITAL_STATUSES, HOUSEHOLD_ADULT_CONCERNS

CONCERN_CHOICES = [(code, code.replace("_", " ").capitalize()) for code in CONCERN_CODES]
HOUSEHOLD_ADULT_CONCERN_CHOICES = [
    (code, code.replace("_", " ").capitalize()) for code in HOUSEHOLD_ADULT_CONCERNS
]


class Versioned(models.Model):
    """A record edited by people: `version` goes up on every change, so an edit made from a
    stale page is detected (`convene.cases.actions.check_version`), never silently applied."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Child(Versioned):
    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        UNKNOWN = "unknown", "Not known"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="children")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_birth_date = models.DateField(
        null=True, blank=True, help_text="For an unborn child: the expected date of delivery."
    )
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=100, blank=True)
    upn = models.CharField("Unique pupil number", max_length=13, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    disability = models.TextField(blank=True)
    # The child's circumstances the procedures ask about (docs/timeline-contract.md, "child").
    hospital = models.CharField(
        max_length=20,
        blank=True,
        choices=[(status, status.capitalize()) for status in HOSPITAL_STATUSES],
        help_text="In hospital now, as an in-patient or out-patient.",
    )
    medical_examination = models.BooleanField(default=False)
    lives_outside_area = models.BooleanField(default=False)
    household_adult_concerns = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_birth_date is not None


class HouseholdMember(Versioned):
    """An adult or child in the household, or a significant other outside it."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="household")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=True)
    is_child = models.BooleanField(
        default=False, help_text="Another child in the household, considered in an enquiry."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["is_child", "name"]


class AgencyInvolvement(models.Model):
    """A service involved with the child (GP, school, health visitor, ...)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="agencies_involved")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True)
    service = models.CharField(max_length=200)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_details = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["service"]


class Case(Versioned):
    """One episode of children's social care work for a child, from contact onwards.
    Referred to in URLs and emails by its number only, never by the child's name."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    lead_social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_cases",
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # When the case first had a lead social worker: the assessment is allocated then (or at
    # the referral, if later). Reallocation keeps it: the assessment was allocated already.
    allocated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"CV-{self.pk:06d}"


class Contact(Versioned):
    """A contact to children's social care (the Darlington contact form's basic facts)."""

    class Consent(models.TextChoices):
        GIVEN = "given", "Consent given"
        REFUSED = "refused", "Consent refused"
        NOT_SOUGHT = "not_sought", "Not sought: seeking it would place the child at risk"

    class Decision(models.TextChoices):
        NO_FURTHER_ACTION = "no_further_action", "No further action"
        ADVICE = "advice", "Advice and information"
        EARLY_HELP = "early_help", "Early help"
        REFERRAL_ASSESSMENT = "referral_assessment", "Referral for an assessment"
        REFERRAL_NO_ASSESSMENT = "referral_no_assessment", "Referral without an assessment"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="contact")
    received_at = models.DateTimeField()
    referrer_name = models.CharField(max_length=200)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_agency = models.CharField(max_length=200, blank=True)
    referrer_contact_details = models.CharField(max_length=200, blank=True)
    referrer_relationship = models.CharField(
        "Relationship to the child", max_length=200, blank=True
    )
    consent = models.CharField(max_length=20, choices=Consent.choices)
    consent_detail = models.TextField(blank=True)
    presenting_issues = models.TextField()
    reason_and_impact = models.TextField("Reason for the contact and its impact on the child")
    current_support = models.TextField(blank=True)
    services_involved = models.TextField(blank=True)
    named_lead = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referrer_acknowledged_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    @property
    def is_referral(self) -> bool:
        return self.decision in (
            self.Decision.REFERRAL_ASSESSMENT,
            self.Decision.REFERRAL_NO_ASSESSMENT,
        )


class Concerns(Versioned):
    """Concerns that the child is suffering, or likely to suffer, significant harm."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="concerns")
    identified_at = models.DateTimeField()
    concerns = models.JSONField(help_text="Codes from the contract's concern list.")
    summary = models.TextField()
    immediate_action_taken = models.BooleanField(default=False)
    immediate_action_detail = models.TextField(blank=True)
    forensic_evidence_needed = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["identified_at"]
        verbose_name_plural = "concerns"


class Engagement(models.Model):
    """A partner agency user's access to one case: for a purpose, until an end date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="engagements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="engagements"
    )
    purpose = models.CharField(max_length=200)
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]
