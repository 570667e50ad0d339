"""Child protection conferences held: the initial conference booked after a section 47
enquiry (or a pre-birth one, for an unborn child), a transfer-in conference, and the review
conferences of a plan. What was decided, who took part, and what was circulated when.

Darlington (darlington-child-protection-procedures.txt, Child Protection Conference):
"Normally, minimum representation is Children's Social Care and at least two other agencies or
key disciplines that have had direct contact with the child and family."
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from convene.cases.models import Case, Versioned
from convene.enquiries.models import InitialConference

CATEGORY_CHOICES = [
    ("physical", "Physical abuse"),
    ("emotional", "Emotional abuse"),
    ("sexual", "Sexual abuse"),
    ("neglect", "Neglect"),
]


# Darlington: "In the following circumstances the chair may decide to proceed with the
# conference despite lack of agency representation."
PROCEED_INQUORATE_REASONS = [
    ("one_other_agency", "Children's Social Care and one other agency are represented"),
    ("fewer_agencies", "The child does not have relevant contact with 3 agencies"),
    ("local_difficulties", "There are local difficulties concerning agency attendance"),
    ("delay_detrimental", "Sufficient information is available and a delay will be detrimental"),
]
# Darlington: "A child protection plan should not be removed at the first review conference
# except in exceptional circumstances ... The perpetrator of the abuse is the subject of a
# significant custodial sentence that removes the risk of further significant harm, or the
# perpetrator is deceased."
FIRST_REVIEW_EXCEPTIONS = [
    ("perpetrator_custody", "The perpetrator is serving a significant custodial sentence"),
    ("perpetrator_deceased", "The perpetrator has died"),
]


# Why a review conference is brought forward: the occasions Darlington's text names.
BROUGHT_FORWARD_REASONS = [
    (
        "inquorate_proceeded",
        "The conference before it proceeded without a quorum: an early review was advised",
    ),
    ("sibling_concerns", "Significant concerns about a sibling: combined with a further ICPC"),
    ("looked_after", "The child became looked after: to consider ending the plan"),
    ("agreed_circumstances", "Circumstances agreed at the conference for an earlier review"),
    ("other", "Another reason (say which)"),
]


class Conference(Versioned):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial child protection conference"
        PRE_BIRTH = "pre_birth", "Pre-birth child protection conference"
        TRANSFER_IN = "transfer_in", "Transfer-in child protection conference"
        REVIEW = "review", "Review child protection conference"

    class Decision(models.TextChoices):
        PLAN = "plan", "A child protection plan"
        NO_PLAN = "no_plan", "No child protection plan"
        CONTINUE = "continue", "The plan continues"
        END = "end", "The plan ends"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conferences")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The section 47 booking that an initial or pre-birth conference comes from.
    booking = models.OneToOneField(
        InitialConference,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conference",
    )
    # The plan a review conference reviews.
    plan = models.ForeignKey(
        "plans.ChildProtectionPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
    )
    scheduled_for = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    brought_forward = models.CharField(max_length=30, choices=BROUGHT_FORWARD_REASONS, blank=True)
    brought_forward_reason = models.TextField(blank=True)
    # The social worker's report, shared before the conference.
    report_to_chair_at = models.DateTimeField(null=True, blank=True)
    report_to_parents_at = models.DateTimeField(null=True, blank=True)
    # Darlington: "The chair must meet with the family, child and social worker prior to the
    # conference to ensure they understand the purpose of the conference and how it will be
    # conducted."
    family_meeting_at = models.DateTimeField(null=True, blank=True)
    family_meeting_notes = models.TextField(blank=True)
    # Held: quorum, the decision and its reasons.
    held_at = models.DateTimeField(null=True, blank=True)
    quorate = models.BooleanField(null=True, blank=True)
    inquorate_reason = models.CharField(
        max_length=30, choices=PROCEED_INQUORATE_REASONS, blank=True
    )
    adjourned_at = models.DateTimeField(null=True, blank=True)
    interim_plan = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    category = models.CharField(max_length=20, choices=CATEGORY_CHOICES, blank=True)
    decision_reasons = models.TextField(blank=True)
    dissent = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    # Darlington: "Confidential material may be excluded from the parents' copy." What the
    # chair marks confidential is in the record, never in the parent's copy.
    confidential_information = models.TextField(blank=True)
    exceptional_reason = models.CharField(
        max_length=30, choices=FIRST_REVIEW_EXCEPTIONS, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Darlington, Discontinuing the Child Protection Plan: where agencies working with the child
    # are absent, "the chair may decide to seek their views first", in writing.
    seek_agency_views = models.BooleanField(default=False)
    agency_views_requested_at = models.DateTimeField(null=True, blank=True)
    agency_views_received_at = models.DateTimeField(null=True, blank=True)
    decisions_circulated_at = models.DateTimeField(null=True, blank=True)
    record_circulated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # A conference concerns a household: every child of it is considered; the case's child is
    # a subject, and so are these of the household's other children.
    other_subjects = models.ManyToManyField(
        "cases.HouseholdMember", blank=True, related_name="conferences_as_subject"
    )

    class Meta:
        ordering = ["scheduled_for", "pk"]

    @property
    def is_review(self) -> bool:
        return self.kind == self.Kind.REVIEW

    @property
    def held(self) -> bool:
        return self.held_at is not None

    # The timeline's parent_excluded and report_to_excluded_parent (convene/cases/timeline.py),
    # read from the exclusion requests (prefetched); the council overview's rows carry the
    # same two values, computed by the database.
    @property
    def parent_excluded_at(self) -> Any:
        return min(
            (r.decided_at for r in self._exclusions() if r.decided_at is not None), default=None
        )

    @property
    def excluded_report_sent_at(self) -> Any:
        return min(
            (r.report_sent_at for r in self._exclusions() if r.report_sent_at is not None),
            default=None,
        )

    def _exclusions(self) -> list[ExclusionRequest]:
        excluded = ExclusionRequest.Decision.EXCLUDED
        return [r for r in self.exclusion_requests.all() if r.decision == excluded]


class Attendee(Versioned):
    """Someone invited to a conference: the family, social care or an agency."""

    class Party(models.TextChoices):
        SOCIAL_CARE = "social_care", "Children's social care"
        AGENCY = "agency", "Another agency"
        PARENT = "parent", "Parent or carer"
        CHILD = "child", "The child"

    class Contribution(models.TextChoices):
        ATTENDING = "attending", "Attending"
        ADVOCATE = "advocate", "Through an advocate"
        WRITING = "writing", "In writing or drawings"

    class Attendance(models.TextChoices):
        INVITED = "invited", "Invited"
        ATTENDED = "attended", "Attended"
        APOLOGIES = "apologies", "Sent apologies"

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendees")
    party = models.CharField(max_length=20, choices=Party.choices)
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    # A partner with an account: they see the conference they are invited to.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Quorum counts agencies "who have had direct contact with the child".
    direct_contact = models.BooleanField(default=False)
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.INVITED
    )
    report_submitted = models.BooleanField(default=False)
    # An agency's report, written in the page, and when it was received.
    report = models.TextField(blank=True)
    report_received_at = models.DateTimeField(null=True, blank=True)
    report_confidential = models.BooleanField(default=False)  # left out of the parent's copy
    # An interpreter, a signer, or other support to take part.
    support_needed = models.CharField(max_length=200, blank=True)
    # The child: how they contribute, where of sufficient age and understanding.
    contribution = models.CharField(max_length=20, choices=Contribution.choices, blank=True)

    class Meta:
        ordering = ["party", "name"]

    def __str__(self) -> str:
        return self.name


class TransferIn(Versioned):
    """Two councils' agreement that a child on another council's plan, now living here, comes
    to this council: the transfer-in conference follows (Darlington: "A transfer conference
    should be held within 15 working days of the agreement between the two authorities")."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers_in")
    agreed_at = models.DateTimeField()
    originating_council = models.CharField(max_length=200)
    originating_social_worker = models.CharField(max_length=200)
    originating_contact = models.CharField(max_length=200, blank=True)
    conference = models.OneToOneField(
        Conference, on_delete=models.PROTECT, null=True, blank=True, related_name="transfer"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["agreed_at"]


# Darlington, Exclusion of Family Members from a Conference: "The chair should make a decision
# in response to:"
EXCLUSION_GROUNDS = [
    ("prejudice_welfare", "The parent's presence might seriously prejudice the child's welfare"),
    ("interfere", "The parent may behave so as to interfere seriously with the conference"),
    ("child_asks", "The child asks that the parent is not present while they are"),
    ("prevent_contribution", "The parent's presence would prevent a participant contributing"),
    ("confidential", "Confidential information must be received or shared"),
    ("family_conflict", "Conflicts between family members: they should attend at separate times"),
]


class ExclusionRequest(Versioned):
    """A request to the chair to exclude a family member from part or all of a conference,
    and the chair's decision, which is final."""

    class Decision(models.TextChoices):
        EXCLUDED = "excluded", "Excluded"
        NOT_EXCLUDED = "not_excluded", "Not excluded"

    class Extent(models.TextChoices):
        WHOLE = "whole", "The whole conference"
        PART = "part", "Part of the conference"

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="exclusion_requests"
    )
    family_member = models.ForeignKey(Attendee, on_delete=models.PROTECT, related_name="+")
    grounds = models.JSONField(help_text="Codes from EXCLUSION_GROUNDS")
    evidence = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    extent = models.CharField(max_length=10, choices=Extent.choices, blank=True)
    extent_detail = models.TextField(blank=True)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The excluded person's copy of the social worker's report.
    report_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]


class Amendment(Versioned):
    """A correction to the accuracy of a conference's record, sent in writing to the chair,
    who accepts or refuses it (Darlington: "Any amendment to accuracy of record should be sent,
    in writing, within 10 working days of the receipt of that record to the chair")."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted: the record is corrected"
        REFUSED = "refused", "Refused"

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="amendments")
    asked_by = models.CharField(max_length=200)
    received_at = models.DateTimeField()
    correction = models.TextField()
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_at"]
