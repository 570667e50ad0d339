"""The child protection plan, what it sets out to change, its core group meetings and the lead
social worker's visits (darlington-child-protection-procedures.txt, The Child Protection Plan,
Core Groups and Seeing the Child). Every timescale comes from the procedure through the rules
engine: nothing here stores a due date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from convene.cases.models import Case, Versioned
from convene.conferences.models import CATEGORY_CHOICES, Conference


class ChildProtectionPlan(Versioned):
    class Ending(models.TextChoices):
        REVIEW = "review", "A review conference ended it"
        EIGHTEEN = "eighteen", "The child turned 18"
        DIED = "died", "The child died"
        LEFT_UK = "left_uk", "The child left the UK"
        MOVED = "moved", "The family moved permanently: the receiving council's conference held"
        LOOKED_AFTER = "looked_after", "The child became looked after: the care plan protects"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    # The initial, pre-birth or transfer-in conference that made it.
    conference = models.OneToOneField(
        Conference, on_delete=models.PROTECT, related_name="made_plan"
    )
    category = models.CharField(max_length=20, choices=CATEGORY_CHOICES)
    lead_social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    # Core groups meet monthly unless the manager confirms another frequency.
    core_group_weeks = models.PositiveSmallIntegerField(default=4)
    # Darlington: the first line manager should "confirm the visiting frequency of the Lead
    # Social Worker and the frequency of Core Group meetings".
    frequency_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    frequency_confirmed_at = models.DateTimeField(null=True, blank=True)
    contingency = models.TextField(blank=True)
    measuring_progress = models.TextField(blank=True)
    # A permanent move: the day the receiving council was told, and its conference. Darlington:
    # "Only after this event may the original local authority discontinue its Child
    # Protection Plan".
    receiving_council = models.CharField(max_length=200, blank=True)
    moved_notified_at = models.DateTimeField(null=True, blank=True)
    receiving_conference_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ending = models.CharField(max_length=20, choices=Ending.choices, blank=True)
    ending_detail = models.TextField(blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class PlanItem(Versioned):
    """One outcome of the plan: what must change, what is done about it, by whom and when."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_DONE = "not_done", "Not done"

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="items")
    outcome = models.TextField(help_text="What must change, by how much and by when")
    action = models.TextField()
    who = models.CharField(max_length=200)
    by_when = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta:
        ordering = ["by_when", "pk"]


class CoreGroupMeeting(Versioned):
    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.CASCADE, related_name="core_groups"
    )
    held_at = models.DateTimeField()
    attended = models.TextField(help_text="Who took part")
    minutes = models.TextField()
    chronology_discussed = models.BooleanField(default=False)
    # The plan as refined, sent to the core group members, the child and the family.
    plan_distributed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_at"]


class Visit(Versioned):
    """A visit by the lead social worker (or their cover) to see the child."""

    class Place(models.TextChoices):
        HOME = "home", "The child's home"
        PARENT = "parent", "A parent's home"
        SCHOOL = "school", "School"
        ELSEWHERE = "elsewhere", "Elsewhere"

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="visits")
    visited_at = models.DateTimeField()
    place = models.CharField(max_length=20, choices=Place.choices)
    child_seen = models.BooleanField()
    seen_alone = models.BooleanField(default=False)
    bedroom_seen = models.BooleanField()
    present = models.TextField(blank=True)
    child_views = models.TextField(blank=True)
    access_refused = models.BooleanField(default=False)
    # Who was told when access was refused (the line manager and the core group).
    refusal_reported = models.TextField(blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Made by someone covering the lead social worker's absence.
    cover = models.BooleanField(default=False)

    class Meta:
        ordering = ["visited_at"]


class PlanVersion(models.Model):
    """The plan as distributed after a core group: its outcomes and actions, contingency and
    how progress is measured, kept as they were then (the plan itself changes)."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    core_group = models.OneToOneField(
        CoreGroupMeeting, on_delete=models.PROTECT, related_name="plan_version"
    )
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField(help_text="The plan's items, contingency and measures, as sent")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")
        ]
