"""Readable words for the contract's codes (concerns, attendees, clocks, outcomes).

Codes are the engine's vocabulary; people read these labels. A code without an entry here is
shown with its underscores turned into spaces, so a new code is never shown raw or hidden.
"""

from __future__ import annotations

LABELS: dict[str, str] = {
    # Concerns of significant harm.
    "serious_physical_injury": "Serious physical injury",
    "unexplained_injury": "Unexplained injury",
    "serious_neglect": "Serious neglect",
    "penetrative_sexual_abuse": "Penetrative sexual abuse",
    "intra_familial_sexual_abuse": "Intra-familial sexual abuse or incest",
    "child_sexual_exploitation": "Child sexual exploitation",
    "organised_abuse": "Organised abuse",
    "multiple_abuse": "Multiple abuse (several children or several alleged abusers)",
    "fabricated_induced_illness": "Fabricated or induced illness",
    "female_genital_mutilation": "Female genital mutilation (FGM)",
    "honour_based_violence": "Honour-based violence or forced marriage",
    "allegation_against_professional": "Allegation against a professional, carer or volunteer",
    "child_death_with_siblings": "A child has died and there are siblings or other children",
    "complex": "Complex concerns",
    "radicalisation": "Radicalisation",
    "domestic_abuse": "Domestic abuse",
    "emotional_abuse": "Emotional abuse",
    "neglect": "Neglect",
    "physical_abuse": "Physical abuse",
    "sexual_abuse": "Sexual abuse",
    # Household adults' difficulties (domestic_abuse above serves both lists).
    "substance_misuse": "Substance misuse (drugs or alcohol)",
    "mental_illness": "Mental illness",
    # Attendees.
    "social_worker": "Social worker",
    "social_work_manager": "Social work manager",
    "police": "Police",
    "health": "Health",
    "school": "School or education setting",
    "referrer": "The referrer",
    "midwifery": "Midwifery",
    "medical_consultant": "Medical consultant",
    "senior_ward_nurse": "Senior ward nurse",
    "senior_doctor": "Senior doctor",
    "paediatrician": "Paediatrician",
    "legal_adviser": "Legal adviser",
    "adult_services": "Adult services",
    "specialist": "Specialist (for example, an interpreter or a CSE or FGM specialist)",
    "other_local_authority": "The other local authority",
    # Clocks.
    "contact_decision": "Decision on the contact",
    "assessment_allocation": "Assessment allocated",
    "referrer_acknowledgement": "Referrer acknowledged",
    "assessment_completion": "Assessment completed",
    "strategy_discussion": "Strategy discussion held",
    "strategy_record": "Strategy discussion record circulated",
    "child_seen": "Child seen",
    "section_47_completion": "Section 47 enquiry completed",
    "initial_conference": "Initial child protection conference held",
    "conference_report_to_chair": "Conference report to the chair",
    "conference_report_to_parents": "Conference report shared with parents",
    "conference_decisions": "Conference decisions circulated",
    "conference_record": "Conference record circulated",
    "first_core_group": "First core group meeting",
    "first_review": "First review conference",
    "next_review": "Next review conference",
    "lead_social_worker_visit": "Lead social worker visit",
    "bedroom_seen": "Child's bedroom seen",
    "transfer_conference": "Transfer-in conference",
    "complaint_response": "Response to a complaint",
    "core_group": "Core group meeting",
    "plan_distribution": "Plan distributed after the core group",
    "excluded_parent_report": "Report to the excluded parent",
    "agency_views_requested": "Absent agencies' views sought",
    "agency_views_received": "Absent agencies' views received",
    "receiving_conference": "Receiving council's conference",
    # Hospital.
    "inpatient": "In-patient",
    "outpatient": "Out-patient",
    # Strategy outcomes and forms.
    "section_47": "Section 47 enquiry",
    "further_strategy_discussion": "Further strategy discussion",
    "no_further_action": "No further action",
    "child_in_need": "Child in need",
    "refer_other_agency": "Refer to another agency",
    "meeting": "Strategy meeting",
    "discussion": "Strategy discussion (telephone or virtual)",
    "substantiated": "Concerns substantiated",
    "not_substantiated": "Concerns not substantiated",
}


# A clock's state, in the same word and colour on every page.
CLOCK_STATES: dict[str, tuple[str, str]] = {
    "met": ("Met", "govuk-tag--green"),
    "late": ("Met late", "govuk-tag--orange"),
    "due": ("Due", "govuk-tag--blue"),
    "overdue": ("Overdue", "govuk-tag--red"),
}


def clock_state_label(state: object) -> str:
    return CLOCK_STATES[str(state)][0] if str(state) in CLOCK_STATES else label(state)


def clock_state_tag(state: object) -> str:
    return CLOCK_STATES[str(state)][1] if str(state) in CLOCK_STATES else "govuk-tag--grey"


def label(code: object) -> str:
    """The readable label of a code; unknown codes get their underscores turned to spaces."""
    text = str(code or "")
    if text in LABELS:
        return LABELS[text]
    words = text.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


# Concern codes grouped as the procedures group them, for the concerns form and its readers.
CONCERN_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "category",
        "Category of abuse",
        ("physical_abuse", "emotional_abuse", "sexual_abuse", "neglect"),
    ),
    (
        "serious",
        "Serious harm",
        (
            "serious_physical_injury",
            "unexplained_injury",
            "serious_neglect",
            "penetrative_sexual_abuse",
            "intra_familial_sexual_abuse",
            "fabricated_induced_illness",
            "child_death_with_siblings",
        ),
    ),
    (
        "exploitation",
        "Exploitation and harmful practices",
        (
            "child_sexual_exploitation",
            "female_genital_mutilation",
            "honour_based_violence",
            "radicalisation",
        ),
    ),
    (
        "circumstances",
        "Circumstances of the concerns",
        (
            "domestic_abuse",
            "organised_abuse",
            "multiple_abuse",
            "allegation_against_professional",
            "complex",
        ),
    ),
)
