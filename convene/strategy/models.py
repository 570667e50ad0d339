"""Strategy discussions and meetings: who took part, what was shared, the analysis and
scaling, the decisions and who authorised them, actions, and the record's circulation."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from convene.cases.models import Case, Concerns, Versioned
from convene.people.models import Agency
from convene.rules.vocabulary import (
    ATTENDEE_CODES,
    AUTHORISED_DECISIONS,
    AUTHORISERS,
    ENQUIRY_KINDS,
    STRATEGY_FORMS,
    STRATEGY_OUTCOMES,
)


def _label(code: str) -> str:
    return code.replace("_", " ").capitalize()


ATTENDEE_CHOICES = [(code, _label(code)) for code in ATTENDEE_CODES]
OUTCOME_CHOICES = [(code, _label(code)) for code in STRATEGY_OUTCOMES]
FORM_CHOICES = [(code, _label(code)) for code in STRATEGY_FORMS]
ENQUIRY_CHOICES = [(code, _label(code)) for code in ENQUIRY_KINDS]
DECISION_CHOICES = [(code, _label(code)) for code in AUTHORISED_DECISIONS]
AUTHORISER_CHOICES = [(code, _label(code)) for code in AUTHORISERS]


class StrategyDiscussion(Versioned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="strategy_discussions")
    concerns = models.ForeignKey(Concerns, on_delete=models.PROTECT, related_name="+")
    form = models.CharField(max_length=20, choices=FORM_CHOICES)
    scheduled_for = models.DateTimeField()
    held_at = models.DateTimeField(null=True, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The analysis (signs of safety).
    past_harm = models.TextField(blank=True)
    future_danger = models.TextField(blank=True)
    complicating_factors = models.TextField(blank=True)
    existing_strengths = models.TextField(blank=True)
    existing_safety = models.TextField(blank=True)
    safety_goals = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    # Decisions.
    outcome = models.CharField(max_length=40, choices=OUTCOME_CHOICES, blank=True)
    enquiry = models.CharField(max_length=10, choices=ENQUIRY_CHOICES, blank=True)
    insufficient_evidence = models.BooleanField(
        default=False, help_text="No further action because there is insufficient evidence."
    )
    decision_reasons = models.TextField(blank=True)
    legal_action = models.BooleanField(default=False)
    legal_action_detail = models.TextField(blank=True)
    shared_with_family = models.TextField(blank=True)
    withheld_from_family = models.TextField(blank=True)
    withheld_reason = models.TextField(blank=True)
    interpreter_needed = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=100, blank=True)
    other_children_affected = models.TextField(blank=True)
    contingency_if_not_found = models.TextField(blank=True)
    decisions_recorded_at = models.DateTimeField(null=True, blank=True)
    # Four eyes: a manager does not authorise decisions they recorded themselves.
    decisions_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The record.
    record_finalised_at = models.DateTimeField(null=True, blank=True)
    record_finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    record_circulated_at = models.DateTimeField(null=True, blank=True)
    referrer_informed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scheduled_for"]


class Invitee(Versioned):
    """Someone invited, required or recommended by the procedure or added by the social
    worker, and whether they took part. Versioned: attendance and each agency's information
    are recorded by different people at the same time."""

    class Basis(models.TextChoices):
        REQUIRED = "required", "Required by the procedure"
        RECOMMENDED = "recommended", "Recommended by the procedure"
        ADDED = "added", "Added by the social worker"

    class Attendance(models.TextChoices):
        INVITED = "invited", "Invited"
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="invitees"
    )
    attendee = models.CharField(max_length=40, choices=ATTENDEE_CHOICES)
    basis = models.CharField(max_length=20, choices=Basis.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True)
    name = models.CharField(max_length=200, blank=True)
    role_title = models.CharField(max_length=200, blank=True)
    # Someone the procedure did not ask for is invited for a reason (it gives them access).
    invited_because = models.TextField(blank=True)
    # Taking a required or recommended invitee off the list needs a reason.
    removed = models.BooleanField(default=False)
    change_reason = models.TextField(blank=True)
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.INVITED
    )
    absence_reason = models.TextField(blank=True)
    information_plan = models.TextField(
        blank=True, help_text="When absent: how the agency's information will be shared."
    )
    information_shared = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]


class AgendaItem(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", "Not yet addressed"
        ADDRESSED = "addressed", "Addressed"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="agenda"
    )
    position = models.PositiveIntegerField()
    text = models.TextField()
    source = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]


class Scaling(models.Model):
    """A professional's judgement: 0 (no safety) to 10 (safe), with a reason."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="scalings"
    )
    invitee = models.ForeignKey(Invitee, on_delete=models.CASCADE, related_name="scalings")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    reason = models.TextField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["discussion", "invitee"], name="one_scaling_each"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=10), name="scaling_0_to_10"
            ),
        ]


class StrategyAction(Versioned):
    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="actions"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategy_actions",
    )
    assignee_name = models.CharField(max_length=200, blank=True)
    what = models.TextField()
    purpose = models.TextField()
    due_on = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]


class Authorisation(models.Model):
    """One authoriser's agreement to one decision. A decision is final only when every
    authoriser the procedure names has agreed."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="authorisations"
    )
    decision = models.CharField(max_length=60, choices=DECISION_CHOICES)
    authoriser = models.CharField(max_length=40, choices=AUTHORISER_CHOICES)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A legal adviser has no account: a manager records their agreement, naming them.
    on_behalf_of = models.CharField(max_length=200, blank=True)
    reasons = models.TextField(blank=True)
    authorised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["authorised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["discussion", "decision", "authoriser"], name="one_authorisation_each"
            ),
        ]


class Circulation(models.Model):
    """The finalised record sent to one participant, and when they first opened it."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="circulations"
    )
    invitee = models.ForeignKey(Invitee, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    first_viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
