"""Reading a timeline: what is accepted, and the one line `convene evaluate` prints for each
mistake, naming where it is (`events[i].field`, `child.field`, `procedure`, `events`)."""

from datetime import date

import pytest

from convene.rules import timeline as timeline_module
from convene.rules.contract import evaluate_document
from convene.rules.timeline import TimelineError, parse_timeline, parse_when

DAY = "2026-12-14"
GOOD = {"type": "contact_received", "at": DAY}
PROCEDURES = "working-together, liverpool, sheffield, triborough, lancashire, darlington"
CONCERNS = (
    "serious_physical_injury, unexplained_injury, serious_neglect, penetrative_sexual_abuse, "
    "intra_familial_sexual_abuse, child_sexual_exploitation, organised_abuse, multiple_abuse, "
    "fabricated_induced_illness, female_genital_mutilation, honour_based_violence, "
    "allegation_against_professional, child_death_with_siblings, complex, radicalisation, "
    "domestic_abuse, emotional_abuse, neglect, physical_abuse, sexual_abuse"
)
AT_FORMAT = "expected a date YYYY-MM-DD or a local time YYYY-MM-DDTHH:MM"


def error_of(raw):
    with pytest.raises(TimelineError) as raised:
        parse_timeline(raw)
    return str(raised.value)


def timeline(*events, **top):
    return {"procedure": "darlington", "events": list(events), **top}


# --- the document ---------------------------------------------------------------------------

DOCUMENT_MISTAKES = [
    pytest.param(None, "timeline: expected a JSON object, got null", id="null"),
    pytest.param([GOOD], "timeline: expected a JSON object, got a list", id="list"),
    pytest.param("darlington", "timeline: expected a JSON object, got 'darlington'", id="text"),
    pytest.param({"events": []}, "procedure: required field missing", id="no-procedure"),
    pytest.param(
        {"procedure": None, "events": []},
        "procedure: required field missing",
        id="null-procedure",
    ),
    pytest.param(
        {"procedure": "leeds", "events": []},
        f"procedure: unknown procedure 'leeds' (expected one of {PROCEDURES})",
        id="unknown-procedure",
    ),
    pytest.param(
        {"procedure": "Darlington", "events": []},
        f"procedure: unknown procedure 'Darlington' (expected one of {PROCEDURES})",
        id="procedure-names-are-lower-case",
    ),
    pytest.param(
        {"procedure": ["darlington"], "events": []},
        f"procedure: unknown procedure a list (expected one of {PROCEDURES})",
        id="procedure-list",
    ),
    pytest.param({"procedure": "darlington"}, "events: required field missing", id="no-events"),
    pytest.param(
        {"procedure": "darlington", "events": GOOD},
        "events: expected a list of events, got an object",
        id="one-event-not-in-a-list",
    ),
    pytest.param(
        {"procedure": "darlington", "events": 3},
        "events: expected a list of events, got the number 3",
        id="events-number",
    ),
]


@pytest.mark.parametrize(("raw", "message"), DOCUMENT_MISTAKES)
def test_a_mistake_in_the_document_names_the_field(raw, message):
    assert error_of(raw) == message


# --- the child ------------------------------------------------------------------------------

CHILD_MISTAKES = [
    pytest.param([], "child: expected an object, got a list", id="list"),
    pytest.param("2019-05-02", "child: expected an object, got '2019-05-02'", id="text"),
    pytest.param(
        {"hospital": "ward"},
        "child.hospital: unknown value 'ward' (expected null, inpatient or outpatient)",
        id="unknown-hospital",
    ),
    pytest.param(
        {"hospital": True},
        "child.hospital: unknown value true (expected null, inpatient or outpatient)",
        id="hospital-true",
    ),
    pytest.param(
        {"medical_examination": "yes"},
        "child.medical_examination: expected true or false, got 'yes'",
        id="medical-examination-text",
    ),
    pytest.param(
        {"lives_outside_area": 1},
        "child.lives_outside_area: expected true or false, got the number 1",
        id="lives-outside-area-number",
    ),
    pytest.param(
        {"household_adult_concerns": "domestic_abuse"},
        "child.household_adult_concerns: expected a list of codes, got 'domestic_abuse'",
        id="household-concerns-not-a-list",
    ),
    pytest.param(
        {"household_adult_concerns": ["mental_illness", "gambling"]},
        "child.household_adult_concerns[1]: unknown code 'gambling' "
        "(expected one of domestic_abuse, substance_misuse, mental_illness)",
        id="unknown-household-concern",
    ),
    pytest.param(
        {"date_of_birth": "02/05/2019"},
        "child.date_of_birth: expected a date YYYY-MM-DD, got '02/05/2019'",
        id="date-of-birth-day-first",
    ),
    pytest.param(
        {"date_of_birth": "2019-05-02T10:00"},
        "child.date_of_birth: expected a date YYYY-MM-DD, got '2019-05-02T10:00'",
        id="date-of-birth-with-a-time",
    ),
    pytest.param(
        {"date_of_birth": 2019},
        "child.date_of_birth: expected a date YYYY-MM-DD, got the number 2019",
        id="date-of-birth-year-only",
    ),
    pytest.param(
        {"expected_birth_date": "2027-02-30"},
        "child.expected_birth_date: '2027-02-30' is not a real date",
        id="expected-birth-date-not-real",
    ),
]


@pytest.mark.parametrize(("child", "message"), CHILD_MISTAKES)
def test_a_mistake_about_the_child_names_the_child_field(child, message):
    assert error_of(timeline(GOOD, child=child)) == message


# --- events ---------------------------------------------------------------------------------


def concerns(**fields):
    return {"type": "concerns_identified", "at": DAY, "concerns": ["neglect"], **fields}


def discussion(**fields):
    return {"type": "strategy_discussion", "at": DAY, "outcome": "section_47", **fields}


def conference(**fields):
    return {"type": "initial_conference", "at": DAY, "plan": True, **fields}


def without(event, key):
    return {name: value for name, value in event.items() if name != key}


EVENT_MISTAKES = [
    pytest.param(3, ": expected an object, got the number 3", id="number"),
    pytest.param(["contact_received", DAY], ": expected an object, got a list", id="list"),
    pytest.param({"at": DAY}, ".type: required field missing", id="no-type"),
    pytest.param(
        {"type": "home_visit", "at": DAY},
        ".type: unknown event type 'home_visit'",
        id="unknown-type",
    ),
    pytest.param(
        {"type": "Contact_Received", "at": DAY},
        ".type: unknown event type 'Contact_Received'",
        id="types-are-lower-case",
    ),
    pytest.param({"type": 5, "at": DAY}, ".type: unknown event type the number 5", id="type-5"),
    pytest.param(
        {"type": "x" * 50, "at": DAY},
        ".type: unknown event type '" + "x" * 36 + "...",
        id="long-value-shortened",
    ),
    # when
    pytest.param({"type": "contact_received"}, ".at: required field missing", id="no-at"),
    pytest.param(
        {"type": "contact_received", "at": None}, ".at: required field missing", id="null-at"
    ),
    pytest.param(
        {"type": "contact_received", "at": 20261214},
        f".at: {AT_FORMAT}, got the number 20261214",
        id="at-number",
    ),
    pytest.param(
        {"type": "contact_received", "at": 1.5},
        f".at: {AT_FORMAT}, got the number 1.5",
        id="at-1.5",
    ),
    pytest.param(
        {"type": "contact_received", "at": False}, f".at: {AT_FORMAT}, got false", id="at-false"
    ),
    pytest.param(
        {"type": "contact_received", "at": True}, f".at: {AT_FORMAT}, got true", id="at-true"
    ),
    pytest.param(
        {"type": "contact_received", "at": {"date": DAY}},
        f".at: {AT_FORMAT}, got an object",
        id="at-object",
    ),
    pytest.param(
        {"type": "contact_received", "at": "14/12/2026"},
        f".at: {AT_FORMAT}, got '14/12/2026'",
        id="day-first",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-12-14 09:10"},
        f".at: {AT_FORMAT}, got '2026-12-14 09:10'",
        id="space-for-T",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-12-14T9:10"},
        f".at: {AT_FORMAT}, got '2026-12-14T9:10'",
        id="one-digit-hour",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-12-14T09.10"},
        f".at: {AT_FORMAT}, got '2026-12-14T09.10'",
        id="dot-for-colon",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-12-14T09:10:00"},
        f".at: {AT_FORMAT}, got '2026-12-14T09:10:00'",
        id="seconds",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-12-14T09:10Z"},
        f".at: {AT_FORMAT}, got '2026-12-14T09:10Z'",
        id="utc-offset",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-12-1"},
        f".at: {AT_FORMAT}, got '2026-12-1'",
        id="one-digit-day",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-12-14x"},
        f".at: {AT_FORMAT}, got '2026-12-14x'",
        id="trailing-text",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-12-14T09:1x"},
        f".at: {AT_FORMAT}, got '2026-12-14T09:1x'",
        id="minute-not-digits",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-12-+4"},
        f".at: {AT_FORMAT}, got '2026-12-+4'",
        id="sign-in-day",
    ),
    pytest.param(
        {"type": "contact_received", "at": "２０２６-12-14"},
        f".at: {AT_FORMAT}, got '２０２６-12-14'",
        id="full-width-digits",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-02-29"},
        ".at: '2026-02-29' is not a real date",
        id="29-february-in-a-common-year",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-13-01T10:00"},
        ".at: '2026-13-01T10:00' is not a real date",
        id="month-13",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-12-14T24:00"},
        ".at: '2026-12-14T24:00' is not a real time of day",
        id="hour-24",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2026-12-14T09:60"},
        ".at: '2026-12-14T09:60' is not a real time of day",
        id="minute-60",
    ),
    pytest.param(
        {"type": "contact_received", "at": "1999-12-31"},
        ".at: '1999-12-31' is outside the supported range 2000-01-01 to 2100-12-31",
        id="before-the-calendar",
    ),
    pytest.param(
        {"type": "contact_received", "at": "2101-01-01T00:00"},
        ".at: '2101-01-01T00:00' is outside the supported range 2000-01-01 to 2100-12-31",
        id="after-the-calendar",
    ),
    # concerns_identified
    pytest.param(
        without(concerns(), "concerns"), ".concerns: required field missing", id="no-concerns"
    ),
    pytest.param(
        concerns(concerns="neglect"),
        ".concerns: expected a list of codes, got 'neglect'",
        id="concerns-not-a-list",
    ),
    pytest.param(
        concerns(concerns=["neglect", "cruelty"]),
        f".concerns[1]: unknown code 'cruelty' (expected one of {CONCERNS})",
        id="unknown-concern",
    ),
    pytest.param(
        concerns(concerns=[None]),
        f".concerns[0]: unknown code null (expected one of {CONCERNS})",
        id="null-concern",
    ),
    pytest.param(
        concerns(immediate_action_taken="yes"),
        ".immediate_action_taken: expected true or false, got 'yes'",
        id="immediate-action-text",
    ),
    pytest.param(
        concerns(at=f"{DAY}T09:10", immediate_action_taken="no"),
        ".immediate_action_taken: expected true or false, got 'no'",
        id="mistake-in-an-event-with-a-time",
    ),
    pytest.param(
        concerns(forensic_evidence_needed=0),
        ".forensic_evidence_needed: expected true or false, got the number 0",
        id="forensic-evidence-number",
    ),
    # strategy_discussion
    pytest.param(
        without(discussion(), "outcome"), ".outcome: required field missing", id="no-outcome"
    ),
    pytest.param(
        discussion(outcome="s47"),
        ".outcome: unknown value 's47' (expected one of section_47, further_strategy_discussion, "
        "no_further_action, child_in_need, refer_other_agency)",
        id="unknown-outcome",
    ),
    pytest.param(
        discussion(form="telephone"),
        ".form: unknown value 'telephone' (expected one of meeting, discussion)",
        id="unknown-form",
    ),
    pytest.param(
        discussion(enquiry="both"),
        ".enquiry: unknown value 'both' (expected one of single, joint)",
        id="unknown-enquiry",
    ),
    pytest.param(
        discussion(outcome="no_further_action", enquiry="joint"),
        ".enquiry: only given when the outcome is section_47",
        id="enquiry-without-section-47",
    ),
    # section 47, conferences, plans, visits
    pytest.param(
        {"type": "section_47_completed", "at": DAY},
        ".outcome: required field missing",
        id="section-47-without-outcome",
    ),
    pytest.param(
        {"type": "section_47_completed", "at": DAY, "outcome": "proven"},
        ".outcome: unknown value 'proven' (expected one of substantiated, not_substantiated)",
        id="unknown-section-47-outcome",
    ),
    pytest.param(
        without(conference(), "plan"), ".plan: required field missing", id="conference-no-plan"
    ),
    pytest.param(
        conference(plan="yes"), ".plan: expected true or false, got 'yes'", id="plan-text"
    ),
    pytest.param(
        conference(category=["physical", "neglect"]),
        ".category: unknown value a list (expected one of physical, emotional, sexual, neglect)",
        id="two-categories",
    ),
    pytest.param(
        conference(plan=False, category="neglect"),
        ".category: only given with a plan (plan is false)",
        id="category-without-plan",
    ),
    pytest.param(
        {"type": "review_conference", "at": DAY},
        ".plan_continues: required field missing",
        id="review-without-plan-continues",
    ),
    pytest.param(
        {"type": "lead_social_worker_visit", "at": DAY, "bedroom_seen": "yes"},
        ".bedroom_seen: expected true or false, got 'yes'",
        id="bedroom-seen-text",
    ),
    pytest.param(
        {"type": "child_seen", "at": DAY, "alone": []},
        ".alone: expected true or false, got a list",
        id="alone-list",
    ),
    pytest.param(
        {"type": "referral_accepted", "at": DAY, "assessment_required": "no"},
        ".assessment_required: expected true or false, got 'no'",
        id="assessment-required-text",
    ),
]


@pytest.mark.parametrize(("event", "message"), EVENT_MISTAKES)
def test_a_mistake_in_the_first_event_names_events_0_and_the_field(event, message):
    assert error_of(timeline(event)) == "events[0]" + message


@pytest.mark.parametrize(("event", "message"), EVENT_MISTAKES)
def test_a_mistake_after_a_good_event_on_the_same_day_names_its_index(event, message):
    # The first event has been read (and its day seen) before the mistake is found.
    assert error_of(timeline(GOOD, GOOD, event)) == "events[2]" + message


def test_the_first_mistake_in_input_order_is_reported():
    bad_type = {"type": "home_visit", "at": "2026-12-20"}
    bad_day = {"type": "contact_received", "at": "2026-02-30"}
    assert error_of(timeline(GOOD, bad_type, bad_day)) == (
        "events[1].type: unknown event type 'home_visit'"
    )


def test_a_clock_that_runs_off_the_calendar_names_the_event_it_counts_from():
    # Input order is kept in the message, though the referral comes first in time.
    raw = {
        "procedure": "working-together",
        "events": [
            {"type": "contact_received", "at": "2100-12-21"},
            {"type": "referral_accepted", "at": "2100-12-20"},
        ],
    }
    with pytest.raises(TimelineError) as raised:
        evaluate_document(raw, date(2100, 12, 31))
    assert str(raised.value) == (
        "events[1].at: 45 working days after 2100-12-20 falls outside the supported calendar "
        "range 2000-01-01 to 2100-12-31"
    )


def test_parse_when_names_the_place_it_is_given():
    with pytest.raises(TimelineError) as raised:
        parse_when("tomorrow", "--as-of")
    assert str(raised.value) == f"--as-of: {AT_FORMAT}, got 'tomorrow'"


# --- what is accepted -----------------------------------------------------------------------


def test_a_date_only_at_has_no_time_of_day():
    [event] = parse_timeline(timeline({"type": "contact_received", "at": "2024-02-29"})).events
    assert (event.type, event.at, event.day, event.minute) == (
        "contact_received",
        "2024-02-29",
        date(2024, 2, 29),
        None,
    )


@pytest.mark.parametrize(
    ("at", "day", "minute"),
    [
        ("2026-12-14T00:00", date(2026, 12, 14), 0),
        ("2026-12-14T09:10", date(2026, 12, 14), 9 * 60 + 10),
        ("2026-12-14T23:59", date(2026, 12, 14), 23 * 60 + 59),
        ("2000-01-01T00:00", date(2000, 1, 1), 0),
        ("2100-12-31T23:59", date(2100, 12, 31), 23 * 60 + 59),
    ],
)
def test_a_local_time_is_read_to_the_minute(at, day, minute):
    [event] = parse_timeline(timeline({"type": "contact_received", "at": at})).events
    assert (event.at, event.day, event.minute) == (at, day, minute)


def test_the_same_at_read_twice_gives_the_same_time():
    events = parse_timeline(
        timeline(
            {"type": "contact_received", "at": "2026-03-29T02:30"},
            {"type": "contact_decision", "at": "2026-03-29T02:30"},
            {"type": "referral_accepted", "at": "2026-03-29"},
        )
    ).events
    assert [(e.day, e.minute) for e in events] == [
        (date(2026, 3, 29), None),
        (date(2026, 3, 29), 150),
        (date(2026, 3, 29), 150),
    ]


def test_the_cache_of_days_read_stays_bounded_in_a_long_batch(refill):
    # `convene evaluate --batch` may read millions of timelines in one process.
    full = refill(
        timeline_module._DAY_CACHE, {f"day {n}": date(2026, 1, 1) for n in range(100_001)}
    )
    assert parse_when("2031-05-06T07:08", "at") == (date(2031, 5, 6), 7 * 60 + 8)
    assert len(full) == 1
    assert parse_when("2031-05-06", "at") == (date(2031, 5, 6), None)


def test_events_are_taken_in_time_order_date_only_first_then_input_order():
    raw = timeline(
        {"type": "contact_decision", "at": "2026-12-15T09:00"},
        {"type": "referral_accepted", "at": "2026-12-14T10:00"},
        {"type": "referrer_acknowledged", "at": "2026-12-14T10:00"},
        {"type": "contact_received", "at": "2026-12-14"},
        {"type": "assessment_allocated", "at": "2026-12-14T08:00"},
    )
    events = parse_timeline(raw).events
    assert [(e.index, e.type) for e in events] == [
        (3, "contact_received"),
        (4, "assessment_allocated"),
        (1, "referral_accepted"),
        (2, "referrer_acknowledged"),
        (0, "contact_decision"),
    ]


def test_an_empty_timeline_is_valid():
    parsed = parse_timeline({"procedure": "working-together", "events": []})
    assert (parsed.procedure, parsed.events) == ("working-together", [])


def test_event_fields_are_read_and_defaults_filled():
    raw = timeline(
        {
            "type": "concerns_identified",
            "at": "2026-12-14T09:10",
            "concerns": ["serious_physical_injury", "neglect"],
            "immediate_action_taken": True,
        },
        {"type": "strategy_discussion", "at": "2026-12-14T15:00", "outcome": "section_47"},
        {
            "type": "strategy_discussion",
            "at": "2026-12-15T15:00",
            "form": "meeting",
            "outcome": "section_47",
            "enquiry": "joint",
        },
        {"type": "referral_accepted", "at": "2026-12-16"},
        {"type": "initial_conference", "at": "2026-12-17", "plan": True, "category": "neglect"},
        {"type": "lead_social_worker_visit", "at": "2026-12-18", "child_seen": True},
    )
    fields = [event.fields for event in parse_timeline(raw).events]
    assert fields == [
        {
            "concerns": ("serious_physical_injury", "neglect"),
            "immediate_action_taken": True,
            "forensic_evidence_needed": False,
        },
        {"form": None, "outcome": "section_47", "enquiry": None},
        {"form": "meeting", "outcome": "section_47", "enquiry": "joint"},
        # An assessment is required unless the referral says otherwise.
        {"assessment_required": True},
        {"plan": True, "category": "neglect"},
        # Not stated means not seen.
        {"child_seen": True, "bedroom_seen": False},
    ]


def test_null_is_read_as_not_given():
    raw = timeline(
        {"type": "child_seen", "at": DAY, "alone": None},
        {"type": "initial_conference", "at": DAY, "plan": False, "category": None},
        child={"hospital": None, "date_of_birth": None, "household_adult_concerns": None},
    )
    parsed = parse_timeline(raw)
    assert [event.fields for event in parsed.events] == [
        {"alone": False},
        {"plan": False, "category": None},
    ]
    assert (parsed.child.hospital, parsed.child.date_of_birth) == (None, None)
    assert parsed.child.household_adult_concerns == ()


def test_the_childs_facts_are_read():
    child = parse_timeline(
        timeline(
            GOOD,
            child={
                "date_of_birth": "2019-05-02",
                "expected_birth_date": "2019-05-10",
                "hospital": "inpatient",
                "medical_examination": True,
                "lives_outside_area": True,
                "household_adult_concerns": ["domestic_abuse", "mental_illness"],
            },
        )
    ).child
    assert (child.date_of_birth, child.expected_birth_date) == (
        date(2019, 5, 2),
        date(2019, 5, 10),
    )
    assert child.hospital == "inpatient"
    assert child.medical_examination and child.lives_outside_area
    assert child.household_adult_concerns == ("domestic_abuse", "mental_illness")


@pytest.mark.parametrize("child", [None, {}], ids=["null", "empty"])
def test_a_child_not_described_has_no_facts(child):
    raw = timeline(GOOD) if child is None else timeline(GOOD, child=child)
    parsed = parse_timeline(raw).child
    assert (parsed.date_of_birth, parsed.expected_birth_date, parsed.hospital) == (None,) * 3
    assert not parsed.medical_examination and not parsed.lives_outside_area
    assert parsed.household_adult_concerns == ()


def test_an_unborn_child_has_an_expected_birth_date_and_an_outpatient_hospital():
    child = parse_timeline(
        timeline(GOOD, child={"expected_birth_date": "2027-03-01", "hospital": "outpatient"})
    ).child
    assert (child.date_of_birth, child.expected_birth_date, child.hospital) == (
        None,
        date(2027, 3, 1),
        "outpatient",
    )


def test_unknown_keys_are_ignored_so_a_newer_producer_can_add_fields():
    raw = {
        "procedure": "sheffield",
        "contract_version": 2,
        "child": {"name": "not needed", "hospital": "outpatient"},
        "events": [
            {"type": "child_seen", "at": DAY, "alone": True, "seen_by": "lead social worker"},
            {"type": "contact_received", "at": DAY, "notes": {"any": ["shape"]}},
        ],
    }
    parsed = parse_timeline(raw)
    assert parsed.procedure == "sheffield"
    assert parsed.child.hospital == "outpatient"
    assert [event.fields for event in parsed.events] == [{"alone": True}, {}]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            timeline(
                {
                    "type": "concerns_identified",
                    "at": DAY,
                    "concerns": ["neglect"],
                    "immediate_action": True,
                }
            ),
            "events[0].immediate_action: unknown field; did you mean 'immediate_action_taken'?",
        ),
        (
            timeline({"type": "child_seen", "at": DAY, "alon": True}),
            "events[0].alon: unknown field; did you mean 'alone'?",
        ),
        (
            timeline(GOOD, child={"date_of_brith": "2019-05-02"}),
            "child.date_of_brith: unknown field; did you mean 'date_of_birth'?",
        ),
        (
            {"procedure": "darlington", "chid": {}, "events": []},
            "chid: unknown field; did you mean 'child'?",
        ),
    ],
)
def test_a_misspelt_field_is_an_error_naming_the_field_it_resembles(raw, message):
    # Ignored, `immediate_action` would drop Tri-borough's one-working-day rule without a word.
    with pytest.raises(TimelineError) as error:
        parse_timeline(raw)
    assert str(error.value).startswith(message)


def test_concerns_need_at_least_one_code():
    raw = timeline({"type": "concerns_identified", "at": DAY, "concerns": []})
    with pytest.raises(TimelineError, match=r"events\[0\]\.concerns: expected at least one code"):
        parse_timeline(raw)


@pytest.mark.parametrize("at", ["2026-03-29T01:00", "2026-03-29T01:30", "2027-03-28T01:59"])
def test_a_local_time_skipped_when_the_clocks_go_forward_is_an_error(at):
    with pytest.raises(TimelineError, match="not a real local time: the clocks go forward"):
        parse_timeline(timeline({"type": "contact_received", "at": at}))
    with pytest.raises(TimelineError, match="not a real local time"):
        parse_when(at, "--as-of")


def test_times_either_side_of_the_skipped_hour_and_the_repeated_hour_are_read():
    events = parse_timeline(
        timeline(
            {"type": "contact_received", "at": "2026-03-29T00:59"},
            {"type": "contact_received", "at": "2026-03-29T02:00"},
            {"type": "contact_received", "at": "2026-10-25T01:30"},  # happens twice: valid
        )
    ).events
    assert [(e.day, e.minute) for e in events] == [
        (date(2026, 3, 29), 59),
        (date(2026, 3, 29), 120),
        (date(2026, 10, 25), 90),
    ]


def test_the_nights_the_clocks_go_forward_agree_with_the_time_zone_database():
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    for night in sorted(timeline_module._SPRING_FORWARD):
        change = datetime(night.year, night.month, night.day, 1, 0, tzinfo=UTC)
        # One minute before the change it is 00:59 GMT; at it, 02:00 BST: 01:xx never happens.
        assert (change - timedelta(minutes=1)).astimezone(london).strftime("%H:%M") == "00:59"
        assert change.astimezone(london).strftime("%H:%M") == "02:00"
        assert (change - timedelta(days=1)).astimezone(london).utcoffset() == timedelta(0)
    assert len(timeline_module._SPRING_FORWARD) == 101


def test_a_timeline_of_more_events_than_can_be_ordered_is_refused():
    # Each event's sort key holds its place in the input below MAX_EVENTS (1,048,576).
    raw = timeline(*[{"type": "plan_ended", "at": "2026-12-14"}] * (timeline_module.MAX_EVENTS + 1))
    with pytest.raises(TimelineError, match=r"^events: more than 1,048,576 events"):
        parse_timeline(raw)
