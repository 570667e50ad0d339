"""What each procedure requires of the strategy discussion: meeting or not, and who takes part."""

from datetime import date

import pytest

from convene.rules.calendar import england_calendar
from convene.rules.contract import evaluate_document
from convene.rules.engine import child_facts, derive_strategy, evaluate, is_school_age
from convene.rules.procedure import load_procedure
from convene.rules.timeline import Child, parse_timeline

NATIONAL_MINIMUM = ["social_worker", "social_work_manager", "police", "health"]
SEVEN_YEAR_OLD = {"date_of_birth": "2019-05-02"}


def strategy_for(procedure, concerns=("physical_abuse",), child=None, **flags):
    events = [
        {
            "type": "concerns_identified",
            "at": "2026-12-14T09:10",
            "concerns": list(concerns),
            **flags,
        }
    ]
    raw = {"procedure": procedure, "child": child or SEVEN_YEAR_OLD, "events": events}
    return evaluate_document(raw, date(2026, 12, 14))["strategy"]


def test_no_strategy_requirements_before_any_concerns():
    raw = {"procedure": "sheffield", "events": [{"type": "contact_received", "at": "2026-12-14"}]}
    assert evaluate_document(raw, date(2026, 12, 14))["strategy"] is None


def test_contract_example_shape_for_darlington():
    # "A local authority social worker and their manager, health professionals and a police
    # representative should, as a minimum, be involved in the strategy discussion."
    assert strategy_for("darlington", ["serious_physical_injury"]) == {
        "must_be_meeting": False,
        "reasons": [],
        "required_attendees": NATIONAL_MINIMUM,
        "recommended_attendees": ["school", "referrer"],
    }


MEETING_CASES = [
    # sheffield: "A Strategy Discussion must take the form of a meeting ... if there is concern
    # about one of the following"
    ("sheffield", ["female_genital_mutilation"], ["female_genital_mutilation"]),
    ("sheffield", ["neglect", "organised_abuse"], ["organised_abuse"]),
    ("sheffield", ["multiple_abuse"], ["multiple_abuse"]),
    ("sheffield", ["fabricated_induced_illness"], ["fabricated_induced_illness"]),
    ("sheffield", ["complex"], ["complex"]),
    ("sheffield", ["child_sexual_exploitation"], ["child_sexual_exploitation"]),
    ("sheffield", ["intra_familial_sexual_abuse"], ["intra_familial_sexual_abuse"]),
    ("sheffield", ["allegation_against_professional"], ["allegation_against_professional"]),
    ("sheffield", ["child_death_with_siblings"], ["child_death_with_siblings"]),
    ("sheffield", ["serious_physical_injury"], []),
    # Reasons come in the contract's order, whatever order the concerns were recorded in.
    (
        "sheffield",
        ["female_genital_mutilation", "child_sexual_exploitation"],
        ["child_sexual_exploitation", "female_genital_mutilation"],
    ),
    # triborough: "the CAIT team have advised the following will be prioritised for strategy
    # meetings: Serious GBH and unexplained injuries; Rape and serious sexual assaults
    # involving penetration; Serious neglect; Female Genital Mutilation; Honour Based Violence"
    ("triborough", ["unexplained_injury"], ["unexplained_injury"]),
    ("triborough", ["honour_based_violence"], ["honour_based_violence"]),
    ("triborough", ["penetrative_sexual_abuse"], ["penetrative_sexual_abuse"]),
    ("triborough", ["organised_abuse"], ["organised_abuse"]),
    ("triborough", ["physical_abuse"], []),
    # lancashire: guiding principles for a strategy meeting, read as requirements.
    ("lancashire", ["fabricated_induced_illness"], ["fabricated_induced_illness"]),
    ("lancashire", ["child_death_with_siblings"], ["child_death_with_siblings"]),
    ("lancashire", ["female_genital_mutilation"], []),
    # Neither the national baseline, Liverpool nor Darlington makes a meeting mandatory.
    ("working-together", ["organised_abuse"], []),
    ("liverpool", ["female_genital_mutilation"], []),
    ("darlington", ["complex"], []),
]


@pytest.mark.parametrize("procedure, concerns, reasons", MEETING_CASES)
def test_when_a_strategy_meeting_is_mandatory(procedure, concerns, reasons):
    result = strategy_for(procedure, concerns)
    assert result["reasons"] == reasons
    assert result["must_be_meeting"] is bool(reasons)


def test_strategy_describes_the_latest_concerns():
    raw = {
        "procedure": "sheffield",
        "events": [
            {"type": "concerns_identified", "at": "2026-12-20", "concerns": ["neglect"]},
            {"type": "concerns_identified", "at": "2026-12-14", "concerns": ["complex"]},
        ],
    }
    assert evaluate_document(raw, date(2026, 12, 21))["strategy"]["reasons"] == []


@pytest.mark.parametrize("concerns", [[], ["complex"], ["neglect", "complex"]])
def test_derive_strategy_alone_agrees_with_evaluate(concerns):
    events = [
        {"type": "concerns_identified", "at": f"2026-12-{14 + n}", "concerns": [code]}
        for n, code in enumerate(concerns)
    ] + [{"type": "contact_received", "at": "2026-12-01"}]
    timeline = parse_timeline({"procedure": "sheffield", "events": events})
    procedure = load_procedure("sheffield")
    alone = derive_strategy(timeline, procedure)
    together = evaluate(timeline, procedure, date(2026, 12, 21), england_calendar()).strategy
    assert (alone is None) == (together is None) == (not concerns)
    if alone is not None and together is not None:
        assert vars_of(alone) == vars_of(together)
        assert alone.reasons == (["complex"] if concerns[-1] == "complex" else [])


def vars_of(strategy):
    names = ("must_be_meeting", "reasons", "required_attendees", "recommended_attendees")
    return [getattr(strategy, name) for name in names]


ATTENDEE_CASES = [
    # lancashire: "If a child is of school age, then school should also be in attendance."
    ("lancashire", SEVEN_YEAR_OLD, [*NATIONAL_MINIMUM, "school"], ["referrer"]),
    ("lancashire", {"date_of_birth": "2024-01-10"}, NATIONAL_MINIMUM, ["school", "referrer"]),
    # liverpool/sheffield: "In the case of a pre-birth Strategy Discussion, this should involve
    # the Midwifery services". An unborn child has no school to invite.
    (
        "liverpool",
        {"expected_birth_date": "2027-03-01"},
        [*NATIONAL_MINIMUM, "midwifery"],
        ["referrer"],
    ),
    (
        "sheffield",
        {"expected_birth_date": "2027-03-01"},
        [*NATIONAL_MINIMUM, "midwifery"],
        ["referrer", "legal_adviser", "specialist"],
    ),
    (
        "darlington",
        {"expected_birth_date": "2027-03-01"},
        NATIONAL_MINIMUM,
        ["referrer", "midwifery"],
    ),
    # "If the child is a hospital patient (in-patient or out-patient) ... the medical
    # consultant responsible for the child's health should be involved, as should the senior
    # ward nurse where the child is an in-patient."
    (
        "sheffield",
        {**SEVEN_YEAR_OLD, "hospital": "inpatient"},
        [*NATIONAL_MINIMUM, "medical_consultant", "senior_ward_nurse"],
        ["school", "referrer", "legal_adviser", "specialist"],
    ),
    (
        "liverpool",
        {**SEVEN_YEAR_OLD, "hospital": "outpatient"},
        [*NATIONAL_MINIMUM, "medical_consultant"],
        ["school", "referrer"],
    ),
    # "Where a medical examination may be necessary, or has taken place, a senior doctor..."
    (
        "liverpool",
        {**SEVEN_YEAR_OLD, "medical_examination": True},
        [*NATIONAL_MINIMUM, "senior_doctor"],
        ["school", "referrer"],
    ),
    # triborough: "a paediatric examination has taken place or may be necessary, a
    # paediatrician should always be included."
    (
        "triborough",
        {**SEVEN_YEAR_OLD, "medical_examination": True, "hospital": "inpatient"},
        [*NATIONAL_MINIMUM, "medical_consultant", "senior_ward_nurse", "paediatrician"],
        ["school", "referrer", "specialist"],
    ),
    # sheffield: "If the child lives outside of the area all agencies that have information
    # about the child and family must be invited"; liverpool: "as appropriate".
    (
        "sheffield",
        {**SEVEN_YEAR_OLD, "lives_outside_area": True},
        [*NATIONAL_MINIMUM, "other_local_authority"],
        ["school", "referrer", "legal_adviser", "specialist"],
    ),
    (
        "liverpool",
        {**SEVEN_YEAR_OLD, "lives_outside_area": True},
        NATIONAL_MINIMUM,
        ["school", "referrer", "other_local_authority"],
    ),
    # "Where parents or adults in the household are experiencing problems such as domestic
    # abuse, substance misuse or mental illness ... consider involving the relevant adult
    # services"
    (
        "liverpool",
        {**SEVEN_YEAR_OLD, "household_adult_concerns": ["substance_misuse"]},
        NATIONAL_MINIMUM,
        ["school", "referrer", "adult_services"],
    ),
    (
        "working-together",
        {**SEVEN_YEAR_OLD, "household_adult_concerns": ["mental_illness"]},
        NATIONAL_MINIMUM,
        ["school", "referrer"],
    ),
]


@pytest.mark.parametrize("procedure, child, required, recommended", ATTENDEE_CASES)
def test_required_and_recommended_attendees(procedure, child, required, recommended):
    result = strategy_for(procedure, child=child)
    assert result["required_attendees"] == required
    assert result["recommended_attendees"] == recommended


def test_a_child_born_after_the_concerns_was_unborn_when_they_arose():
    child = Child(date_of_birth=date(2027, 1, 5))
    assert "unborn" in child_facts(child, date(2026, 12, 14))
    assert "born" in child_facts(child, date(2027, 1, 5))


def test_a_child_with_no_dates_is_taken_as_born_but_not_of_known_school_age():
    assert child_facts(Child(), date(2026, 12, 14)) == frozenset({"born"})


@pytest.mark.parametrize(
    "born, on, expected",
    [
        (date(2019, 5, 2), date(2023, 8, 31), False),  # still in nursery
        (date(2019, 5, 2), date(2023, 9, 1), True),  # reception, aged 4
        (date(2019, 9, 1), date(2023, 9, 1), False),  # September-born start a year later
        (date(2019, 9, 1), date(2024, 9, 1), True),
        (date(2008, 12, 13), date(2026, 12, 12), True),  # 17
        (date(2008, 12, 14), date(2026, 12, 14), False),  # 18 today: an adult
        (date(2008, 2, 29), date(2026, 2, 28), True),  # leap-day birthday falls on 1 March
        (date(2008, 2, 29), date(2026, 3, 1), False),
    ],
)
def test_school_age_runs_from_reception_to_eighteen(born, on, expected):
    assert is_school_age(born, on) is expected
