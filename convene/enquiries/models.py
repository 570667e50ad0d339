"""Section 47 enquiries and the booking of the initial child protection conference."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from convene.cases.models import Case, Versioned
from convene.strategy.models import ENQUIRY_CHOICES, StrategyDiscussion


class Section47Enquiry(Versioned):
    class Permission(models.TextChoices):
        OBTAINED = "obtained", "Parental permission obtained"
        NOT_OBTAINED = "not_obtained", "Not obtained: exceptional circumstances"

    class Outcome(models.TextChoices):
        SUBSTANTIATED = "substantiated", "Concerns substantiated"
        NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="section_47_enquiries")
    strategy_discussion = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="section_47_enquiry"
    )
    lead_social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=ENQUIRY_CHOICES)
    started_at = models.DateTimeField()
    child_seen_at = models.DateTimeField(null=True, blank=True)
    seen_alone = models.BooleanField(null=True, blank=True)
    seen_with = models.TextField(blank=True, help_text="Who was present, and why.")
    parental_permission = models.CharField(max_length=20, choices=Permission.choices, blank=True)
    exceptional_circumstance = models.TextField(blank=True)
    other_children_considered = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"


class InitialConference(Versioned):
    """The initial child protection conference, booked once an enquiry is substantiated."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="initial_conferences")
    enquiry = models.OneToOneField(
        Section47Enquiry, on_delete=models.PROTECT, related_name="initial_conference"
    )
    scheduled_for = models.DateTimeField()
    venue = models.CharField(max_length=200)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField()
    # Booked later than the procedure allows: why, and who agreed.
    delay_reason = models.TextField(blank=True)
    delay_authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delay_authorised_at = models.DateTimeField(null=True, blank=True)
