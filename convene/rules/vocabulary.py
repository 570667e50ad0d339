"""The contract's vocabulary (docs/timeline-contract.md, version 1): codes the engine accepts.

Tuples keep the contract's order, which is also the order codes are printed in.
"""

from __future__ import annotations

from typing import Final

CONTRACT_VERSION: Final = 1

PROCEDURE_NAMES: Final = (
    "working-together",
    "liverpool",
    "sheffield",
    "triborough",
    "lancashire",
    "darlington",
)

CLOCK_IDS: Final = (
    "contact_decision",
    "assessment_allocation",
    "referrer_acknowledgement",
    "assessment_completion",
    "strategy_discussion",
    "strategy_record",
    "child_seen",
    "section_47_completion",
    "initial_conference",
    "conference_report_to_chair",
    "conference_report_to_parents",
    "conference_decisions",
    "conference_record",
    "first_core_group",
    "first_review",
    "next_review",
    "lead_social_worker_visit",
    "bedroom_seen",
    "transfer_conference",
    "complaint_response",
    # Added in version 1 with the plan half (issue 9).
    "core_group",
    "plan_distribution",
    "excluded_parent_report",
    "agency_views_requested",
    "agency_views_received",
    "receiving_conference",
)

CONCERN_CODES: Final = (
    "serious_physical_injury",
    "unexplained_injury",
    "serious_neglect",
    "penetrative_sexual_abuse",
    "intra_familial_sexual_abuse",
    "child_sexual_exploitation",
    "organised_abuse",
    "multiple_abuse",
    "fabricated_induced_illness",
    "female_genital_mutilation",
    "honour_based_violence",
    "allegation_against_professional",
    "child_death_with_siblings",
    "complex",
    "radicalisation",
    "domestic_abuse",
    "emotional_abuse",
    "neglect",
    "physical_abuse",
    "sexual_abuse",
)

ATTENDEE_CODES: Final = (
    "social_worker",
    "social_work_manager",
    "police",
    "health",
    "school",
    "referrer",
    "midwifery",
    "medical_consultant",
    "senior_ward_nurse",
    "senior_doctor",
    "paediatrician",
    "legal_adviser",
    "adult_services",
    "specialist",
    "other_local_authority",
)

HOUSEHOLD_ADULT_CONCERNS: Final = ("domestic_abuse", "substance_misuse", "mental_illness")
HOSPITAL_STATUSES: Final = ("inpatient", "outpatient")

STRATEGY_FORMS: Final = ("meeting", "discussion")
STRATEGY_OUTCOMES: Final = (
    "section_47",
    "further_strategy_discussion",
    "no_further_action",
    "child_in_need",
    "refer_other_agency",
)
ENQUIRY_KINDS: Final = ("single", "joint")
SECTION_47_OUTCOMES: Final = ("substantiated", "not_substantiated")
PLAN_CATEGORIES: Final = ("physical", "emotional", "sexual", "neglect")

# What a procedure rule may require of the child's circumstances (see engine.child_facts).
CHILD_FACTS: Final = (
    "born",
    "unborn",
    "school_age",
    "hospital_patient",
    "hospital_inpatient",
    "medical_examination",
    "household_adult_concerns",
    "lives_outside_area",
)

# Decisions a procedure may require someone to authorise (used by the web application).
AUTHORISED_DECISIONS: Final = (
    "strategy_decision",
    "section_47",
    "no_further_action_insufficient_evidence",
    "legal_action",
    "strategy_record",
    "initial_conference_delay",
)
AUTHORISERS: Final = ("social_work_manager", "police_officer_in_charge", "legal_adviser")

CONCERN_ORDER: Final = {code: i for i, code in enumerate(CONCERN_CODES)}
ATTENDEE_ORDER: Final = {code: i for i, code in enumerate(ATTENDEE_CODES)}
CLOCK_ORDER: Final = {clock: i for i, clock in enumerate(CLOCK_IDS)}

# What each clock may be counted from: the anchors the engine derives from a timeline
# (engine.py documents each). A rule names one or more of its clock's anchors in `from`.
CLOCK_ANCHORS: Final[dict[str, tuple[str, ...]]] = {
    "contact_decision": ("contact_received",),
    "assessment_allocation": ("referral_accepted",),
    "referrer_acknowledgement": ("contact_received",),
    "assessment_completion": ("referral_accepted",),
    "strategy_discussion": ("concerns_identified",),
    "strategy_record": ("strategy_discussion",),
    "child_seen": ("section_47_initiated",),
    "section_47_completion": ("section_47_initiated",),
    "initial_conference": ("section_47_initiated", "last_section_47_strategy_discussion"),
    "conference_report_to_chair": (
        "initial_conference",
        "review_conference",
        "transfer_conference",
    ),
    "conference_report_to_parents": (
        "initial_conference",
        "review_conference",
        "transfer_conference",
    ),
    "conference_decisions": ("initial_conference", "review_conference", "transfer_conference"),
    "conference_record": ("initial_conference", "review_conference", "transfer_conference"),
    "first_core_group": ("initial_conference_with_plan", "transfer_conference"),
    "first_review": ("initial_conference_with_plan", "transfer_conference"),
    "next_review": ("review_conference_plan_continues",),
    "lead_social_worker_visit": ("plan_start_or_last_visit",),
    "bedroom_seen": ("plan_start_or_last_bedroom_seen",),
    "transfer_conference": ("transfer_in_agreed",),
    "complaint_response": ("complaint_received",),
    "core_group": ("core_group_meeting", "core_group_meeting_at_confirmed_frequency"),
    "plan_distribution": ("core_group_meeting",),
    "excluded_parent_report": ("initial_conference", "review_conference", "transfer_conference"),
    "agency_views_requested": ("review_conference_seeking_views",),
    "agency_views_received": ("agency_views_requested",),
    "receiving_conference": ("moved_permanently",),
}

# Anchors whose timescale is the one the manager confirmed (a rule's "as confirmed").
CONFIRMED_ANCHORS: Final = frozenset({"core_group_meeting_at_confirmed_frequency"})
# The longest core group interval a manager may confirm, in weeks (a quarter: a review
# conference is due at least every six months, and core groups meet between reviews).
MAX_CORE_GROUP_WEEKS: Final = 13

# Clocks counted back from a conference ("at least N working days before the conference").
BEFORE_CLOCKS: Final = frozenset(
    {"conference_report_to_chair", "conference_report_to_parents", "excluded_parent_report"}
)
