"""Every clock, per procedure, with the sentence it comes from and bank-holiday edges.

Dates were counted by hand. Bank holidays used: Christmas 2026 (Fri 25 Dec; Boxing Day falls on
Saturday, so Mon 28 Dec), New Year 2027 (Fri 1 Jan), Easter 2026 (Good Friday 3 Apr, Easter
Monday 6 Apr), early May 2026 (Mon 4 May), spring 2026 (Mon 25 May), August 2026 (Mon 31 Aug).
"""

from datetime import date

import pytest

from convene.rules.contract import evaluate_document

AS_OF = date(2027, 12, 31)


def run(procedure, events, child=None, as_of=AS_OF):
    raw = {"procedure": procedure, "events": events}
    if child is not None:
        raw["child"] = child
    return evaluate_document(raw, as_of)


def clocks(procedure, events, clock, child=None, as_of=AS_OF):
    return [
        (c["starts"], c["due"], c["met"], c["state"])
        for c in run(procedure, events, child, as_of)["clocks"]
        if c["clock"] == clock
    ]


def ev(type_, at, **fields):
    return {"type": type_, "at": at, **fields}


def concerns(at, *codes, **flags):
    return ev("concerns_identified", at, concerns=list(codes), **flags)


def strategy(at, outcome="section_47", form="meeting"):
    return ev("strategy_discussion", at, form=form, outcome=outcome)


# --- contact, referral, assessment ----------------------------------------------------------

CONTACT_CASES = [
    # darlington: "the Children's Access Point has 24 hours in which to make a decision"
    pytest.param(
        "darlington",
        [ev("contact_received", "2026-12-24T16:00"), ev("contact_decision", "2026-12-25T15:59")],
        [("2026-12-24T16:00", "2026-12-25T16:00", "2026-12-25T15:59", "met")],
        id="darlington-24-hours-over-christmas-met",
    ),
    pytest.param(
        "darlington",
        [ev("contact_received", "2026-12-24T16:00"), ev("contact_decision", "2026-12-29T09:00")],
        [("2026-12-24T16:00", "2026-12-25T16:00", "2026-12-29T09:00", "late")],
        id="darlington-24-hours-late-after-bank-holidays",
    ),
    pytest.param(
        # The clocks go forward at 01:00 on Sunday 28 March 2027: 24 hours after 09:30 GMT on
        # Saturday is 10:30 BST on Sunday.
        "darlington",
        [ev("contact_received", "2027-03-27T09:30")],
        [("2027-03-27T09:30", "2027-03-28T10:30", None, "overdue")],
        id="darlington-24-hours-across-clocks-going-forward",
    ),
    pytest.param(
        # The clocks go back at 02:00 on Sunday 25 October 2026: 24 hours is 08:00 GMT.
        "darlington",
        [ev("contact_received", "2026-10-24T09:00")],
        [("2026-10-24T09:00", "2026-10-25T08:00", None, "overdue")],
        id="darlington-24-hours-across-clocks-going-back",
    ),
    pytest.param(
        # A contact recorded without a time is taken as the start of its day.
        "darlington",
        [ev("contact_received", "2026-12-14"), ev("contact_decision", "2026-12-15")],
        [("2026-12-14", "2026-12-15T00:00", "2026-12-15", "met")],
        id="darlington-date-only-contact",
    ),
    pytest.param(
        # Two contacts before one decision: the decision answers both.
        "darlington",
        [
            ev("contact_received", "2026-12-14T09:00"),
            ev("contact_received", "2026-12-14T11:00"),
            ev("contact_decision", "2026-12-14T12:00"),
        ],
        [
            ("2026-12-14T09:00", "2026-12-15T09:00", "2026-12-14T12:00", "met"),
            ("2026-12-14T11:00", "2026-12-15T11:00", "2026-12-14T12:00", "met"),
        ],
        id="darlington-one-decision-answers-earlier-contacts",
    ),
    pytest.param(
        # The national baseline sets no contact decision timescale: no clock is invented.
        "working-together",
        [ev("contact_received", "2026-12-14T09:00")],
        [],
        id="working-together-no-contact-clock",
    ),
]


@pytest.mark.parametrize("procedure, events, expected", CONTACT_CASES)
def test_contact_decision_clock(procedure, events, expected):
    assert clocks(procedure, events, "contact_decision", as_of=date(2027, 6, 1)) == expected


def test_darlington_acknowledges_referrer_within_10_working_days_across_christmas():
    # "The referrer should receive an acknowledgement within 10 working days."
    # 17 Dec 2026 + 10 working days skips 25 and 28 Dec and 1 Jan: 5 Jan 2027.
    events = [ev("contact_received", "2026-12-17T10:00"), ev("referrer_acknowledged", "2027-01-06")]
    assert clocks("darlington", events, "referrer_acknowledgement") == [
        ("2026-12-17T10:00", "2027-01-05", "2027-01-06", "late")
    ]


def test_darlington_allocates_assessment_within_2_working_days_across_christmas():
    # "...a Single Assessment is required this must be progressed and allocated within 2
    # working days." 23 Dec 2026: 24 Dec, (25, 28 Dec holidays), 29 Dec.
    events = [ev("referral_accepted", "2026-12-23T15:00"), ev("assessment_allocated", "2026-12-29")]
    assert clocks("darlington", events, "assessment_allocation") == [
        ("2026-12-23T15:00", "2026-12-29", "2026-12-29", "met")
    ]


def test_no_assessment_clocks_when_no_assessment_is_required():
    events = [ev("referral_accepted", "2026-12-23", assessment_required=False)]
    document = run("darlington", events)
    assert [c["clock"] for c in document["clocks"]] == []


ASSESSMENT_CASES = [
    # working-together: "Single Assessments should be undertaken within a maximum of 45 working
    # days from the point of referral". From Wed 1 Apr 2026, skipping Good Friday, Easter
    # Monday, 4 May and 25 May: 9 Jun 2026.
    pytest.param("working-together", "2026-06-09", id="working-together-45-working-days"),
    pytest.param("darlington", "2026-06-09", id="darlington-45-working-days"),
    pytest.param("triborough", "2026-06-09", id="triborough-45-working-days"),
    pytest.param("sheffield", "2026-06-09", id="sheffield-inherits-45-working-days"),
    # liverpool: "The Child in Need Assessment should be completed within 45 days of the
    # referral" - calendar days: 16 May 2026.
    pytest.param("liverpool", "2026-05-16", id="liverpool-45-calendar-days"),
]


@pytest.mark.parametrize("procedure, due", ASSESSMENT_CASES)
def test_assessment_completion_clock(procedure, due):
    events = [ev("referral_accepted", "2026-04-01T10:00")]
    assert clocks(procedure, events, "assessment_completion", as_of=date(2026, 5, 1)) == [
        ("2026-04-01T10:00", due, None, "due")
    ]


def test_assessment_completion_source_names_the_council_text_when_it_restates_the_rule():
    document = run("triborough", [ev("referral_accepted", "2026-04-01")])
    (clock,) = document["clocks"]
    assert clock["source"] == "triborough-strategy-meeting-protocol.txt"
    assert "45 working days" in clock["rule"]


# --- strategy discussion timing --------------------------------------------------------------

STRATEGY_TIMING_CASES = [
    # triborough: "Strategy meetings / discussions should be convened within three working
    # days of child protection concerns being identified". Thu 2 Apr 2026 + 3 working days,
    # skipping Good Friday and Easter Monday: 9 Apr.
    pytest.param(
        "triborough",
        concerns("2026-04-02T10:00", "physical_abuse"),
        "2026-04-09",
        id="triborough-three-working-days-over-easter",
    ),
    # "(e.g. serious physical injury or serious neglect) ... on the same day"
    pytest.param(
        "triborough",
        concerns("2026-04-02T10:00", "serious_physical_injury"),
        "2026-04-02",
        id="triborough-same-day-serious-injury",
    ),
    pytest.param(
        "triborough",
        concerns("2026-12-26T10:00", "serious_neglect"),
        "2026-12-26",
        id="triborough-same-day-even-on-boxing-day",
    ),
    # "For allegations of penetrative sexual abuse ... same day ... if this is required to
    # ensure forensic evidence"
    pytest.param(
        "triborough",
        concerns("2026-04-02T10:00", "penetrative_sexual_abuse", forensic_evidence_needed=True),
        "2026-04-02",
        id="triborough-same-day-forensic-evidence",
    ),
    pytest.param(
        "triborough",
        concerns("2026-04-02T10:00", "penetrative_sexual_abuse"),
        "2026-04-09",
        id="triborough-penetrative-without-forensic-three-days",
    ),
    # "Where immediate action was required by either agency ... within one working day"
    pytest.param(
        "triborough",
        concerns("2026-04-02T10:00", "physical_abuse", immediate_action_taken=True),
        "2026-04-07",
        id="triborough-one-working-day-after-immediate-action",
    ),
    # "particularly complex (e.g. organised abuse / allegations against staff) ... a maximum
    # of five working days": 7, 8, 9, 10, 13 Apr.
    pytest.param(
        "triborough",
        concerns("2026-04-02T10:00", "organised_abuse"),
        "2026-04-13",
        id="triborough-five-working-days-complex",
    ),
    pytest.param(
        "triborough",
        concerns("2026-04-02T10:00", "allegation_against_professional"),
        "2026-04-13",
        id="triborough-five-working-days-allegation-against-staff",
    ),
    # Complex with immediate action: both apply, the earlier wins.
    pytest.param(
        "triborough",
        concerns("2026-04-02T10:00", "complex", immediate_action_taken=True),
        "2026-04-07",
        id="triborough-earliest-of-two-circumstances",
    ),
    # lancashire: "For allegations / concerns indicating a serious risk of harm to the child
    # (e.g. serious physical injury or serious neglect), the strategy discussion should be
    # held on the same day the referral is received."
    pytest.param(
        "lancashire",
        concerns("2026-04-02T10:00", "serious_neglect"),
        "2026-04-02",
        id="lancashire-same-day-serious-neglect",
    ),
    # "When the concerns are particularly complex e.g. organised abuse, the Strategy Meeting
    # must be held within a maximum of 5 working days"
    pytest.param(
        "lancashire",
        concerns("2026-04-02T10:00", "organised_abuse"),
        "2026-04-13",
        id="lancashire-five-working-days-complex",
    ),
]


@pytest.mark.parametrize("procedure, concerns_event, due", STRATEGY_TIMING_CASES)
def test_strategy_discussion_clock(procedure, concerns_event, due):
    result = clocks(procedure, [concerns_event], "strategy_discussion", as_of=date(2026, 4, 1))
    assert result == [(concerns_event["at"], due, None, "due")]


@pytest.mark.parametrize("procedure", ["working-together", "liverpool", "sheffield", "darlington"])
def test_procedures_without_a_strategy_timescale_have_no_strategy_clock(procedure):
    events = [concerns("2026-04-02T10:00", "serious_physical_injury")]
    assert clocks(procedure, events, "strategy_discussion") == []


def test_lancashire_sets_no_strategy_timescale_for_other_concerns():
    assert clocks("lancashire", [concerns("2026-04-02", "neglect")], "strategy_discussion") == []


def test_strategy_discussion_met_same_day_and_each_new_concern_is_a_new_clock():
    events = [
        concerns("2026-04-02T10:00", "serious_physical_injury"),
        strategy("2026-04-02T16:00", outcome="further_strategy_discussion"),
        concerns("2026-04-08T09:00", "physical_abuse"),
        strategy("2026-04-14T09:00"),
    ]
    assert clocks("triborough", events, "strategy_discussion") == [
        ("2026-04-02T10:00", "2026-04-02", "2026-04-02T16:00", "met"),
        # 8 Apr + 3 working days = 13 Apr; held 14 Apr.
        ("2026-04-08T09:00", "2026-04-13", "2026-04-14T09:00", "late"),
    ]


def test_a_discussion_before_the_concerns_does_not_meet_their_clock():
    events = [
        strategy("2026-04-02T09:00", outcome="child_in_need"),
        concerns("2026-04-02T10:00", "serious_physical_injury"),
    ]
    assert clocks("triborough", events, "strategy_discussion", as_of=date(2026, 4, 3)) == [
        ("2026-04-02T10:00", "2026-04-02", None, "overdue")
    ]


def test_date_only_discussion_on_the_day_meets_a_same_day_clock():
    events = [concerns("2026-04-02T10:00", "serious_neglect"), strategy("2026-04-02")]
    assert clocks("lancashire", events, "strategy_discussion") == [
        ("2026-04-02T10:00", "2026-04-02", "2026-04-02", "met")
    ]


# --- strategy record, child seen, section 47 -------------------------------------------------


def test_sheffield_record_circulated_within_one_working_day_over_christmas():
    # "...must be recorded and circulated to all parties within one working day."
    events = [strategy("2026-12-24T14:00"), ev("strategy_record_circulated", "2026-12-29T09:00")]
    assert clocks("sheffield", events, "strategy_record") == [
        ("2026-12-24T14:00", "2026-12-29", "2026-12-29T09:00", "met")
    ]


def test_lancashire_record_within_24_hours():
    # "Full write up and practice management sign off - within 24 hours"
    events = [strategy("2026-12-24T14:00"), ev("strategy_record_circulated", "2026-12-29T09:00")]
    assert clocks("lancashire", events, "strategy_record") == [
        ("2026-12-24T14:00", "2026-12-25T14:00", "2026-12-29T09:00", "late")
    ]


def test_triborough_sets_no_record_timescale():
    # "as soon as practicable" is not a timescale.
    assert clocks("triborough", [strategy("2026-12-24T14:00")], "strategy_record") == []


def test_lancashire_child_seen_within_24_hours_of_the_enquiry_being_agreed():
    # "Where a section 47 enquiry has been agreed, the child should be seen and met within a
    # maximum timescale of 24 hours"
    events = [strategy("2026-04-02T16:00"), ev("child_seen", "2026-04-03T15:00", alone=True)]
    assert clocks("lancashire", events, "child_seen") == [
        ("2026-04-02T16:00", "2026-04-03T16:00", "2026-04-03T15:00", "met")
    ]


def test_no_child_seen_clock_without_a_section_47_enquiry():
    events = [strategy("2026-04-02T16:00", outcome="child_in_need")]
    assert clocks("lancashire", events, "child_seen") == []


def test_liverpool_section_47_completed_within_15_working_days_over_spring_bank_holiday():
    # "where such a decision is made the Section 47 Enquiry must be completed within 15
    # working days." Wed 20 May 2026, skipping Mon 25 May: 11 Jun.
    events = [
        strategy("2026-05-20T11:00"),
        ev("section_47_completed", "2026-06-11", outcome="not_substantiated"),
    ]
    assert clocks("liverpool", events, "section_47_completion") == [
        ("2026-05-20T11:00", "2026-06-11", "2026-06-11", "met")
    ]


def test_a_further_section_47_discussion_does_not_restart_the_enquiry_clock():
    events = [strategy("2026-05-20T11:00"), strategy("2026-05-27T11:00")]
    assert clocks("liverpool", events, "section_47_completion", as_of=date(2026, 6, 1)) == [
        ("2026-05-20T11:00", "2026-06-11", None, "due")
    ]


# --- initial conference ----------------------------------------------------------------------


def test_darlington_contract_example():
    # "The ICPC should take place within 15 working days of the strategy discussion..."
    events = [
        concerns("2026-12-14T09:10", "serious_physical_injury"),
        strategy("2026-12-14T15:00"),
    ]
    document = run("darlington", events, as_of=date(2027, 1, 20))
    assert document["clocks"] == [
        {
            "clock": "initial_conference",
            "starts": "2026-12-14T15:00",
            "due": "2027-01-07",
            "met": None,
            "state": "overdue",
            "rule": "ICPC within 15 working days of the strategy discussion at which s47 was "
            "initiated",
            "source": "darlington-child-protection-procedures.txt",
        }
    ]


def test_initial_conference_counts_from_the_discussion_that_initiated_the_enquiry():
    # Sheffield's text counts from the last discussion; the national rule from the first.
    # Both apply and the earlier date wins (15 working days from 14 Dec: 7 Jan 2027; from
    # 21 Dec: 14 Jan).
    events = [
        strategy("2026-12-14T15:00"),
        strategy("2026-12-21T10:00"),
        ev("initial_conference", "2027-01-07T10:00", plan=False),
    ]
    assert clocks("sheffield", events, "initial_conference") == [
        ("2026-12-14T15:00", "2027-01-07", "2027-01-07T10:00", "met")
    ]


def test_sheffield_initial_conference_cites_sheffield_when_both_rules_agree():
    document = run("sheffield", [strategy("2026-12-14T15:00")])
    (clock,) = [c for c in document["clocks"] if c["clock"] == "initial_conference"]
    assert clock["source"] == "sheffield-strategy-discussions.txt"


def test_no_initial_conference_clock_when_the_enquiry_is_not_substantiated():
    events = [
        strategy("2026-12-14T15:00"),
        ev("section_47_completed", "2027-01-20", outcome="not_substantiated"),
    ]
    assert clocks("darlington", events, "initial_conference") == []


def test_initial_conference_after_a_substantiated_enquiry_meets_the_clock():
    events = [
        strategy("2026-12-14T15:00"),
        ev("section_47_completed", "2026-12-30", outcome="substantiated"),
        ev("initial_conference", "2027-01-08T10:00", plan=True, category="neglect"),
    ]
    assert clocks("darlington", events, "initial_conference") == [
        ("2026-12-14T15:00", "2027-01-07", "2027-01-08T10:00", "late")
    ]


def test_a_new_enquiry_after_one_ends_has_its_own_conference_clock():
    events = [
        strategy("2026-04-01T10:00"),
        ev("section_47_completed", "2026-04-20", outcome="not_substantiated"),
        strategy("2026-06-01T10:00"),
    ]
    # 1 Jun 2026 + 15 working days: 22 Jun.
    assert clocks("working-together", events, "initial_conference", as_of=date(2026, 6, 2)) == [
        ("2026-06-01T10:00", "2026-06-22", None, "due")
    ]


def test_one_conference_answers_a_substantiated_enquiry_and_a_further_one_opened_before_it():
    # A further discussion opening a new enquiry after the first was found substantiated, and
    # then one initial conference: neither enquiry is left with a conference "overdue".
    events = [
        strategy("2026-04-01T10:00"),
        ev("section_47_completed", "2026-04-10", outcome="substantiated"),
        strategy("2026-04-14T10:00"),
        ev("initial_conference", "2026-04-21T10:00", plan=False),
    ]
    # 1 Apr 2026 + 15 working days over Easter (3 and 6 Apr): 24 Apr; 14 Apr: 6 May (4 May).
    assert clocks("liverpool", events, "initial_conference") == [
        ("2026-04-01T10:00", "2026-04-24", "2026-04-21T10:00", "met"),
        ("2026-04-14T10:00", "2026-05-06", "2026-04-21T10:00", "met"),
    ]


# --- conference reports, decisions, record ---------------------------------------------------


def test_darlington_reports_counted_back_from_the_conference_across_new_year():
    # "The report should be provided to the chair at least three working days prior to the
    # Initial Child Protection Conference" and to parents "at least two working days in
    # advance". Conference Tue 5 Jan 2027: back over 1 Jan, 3 working days is 30 Dec, 2 is 31.
    events = [
        strategy("2026-12-14T15:00"),
        ev("conference_report_to_chair", "2026-12-30T17:00"),
        ev("conference_report_to_parents", "2027-01-04"),
        ev("initial_conference", "2027-01-05T10:00", plan=False),
    ]
    assert clocks("darlington", events, "conference_report_to_chair") == [
        ("2027-01-05T10:00", "2026-12-30", "2026-12-30T17:00", "met")
    ]
    assert clocks("darlington", events, "conference_report_to_parents") == [
        ("2027-01-05T10:00", "2026-12-31", "2027-01-04", "late")
    ]


def test_report_never_sent_before_the_conference_is_overdue():
    events = [ev("initial_conference", "2027-01-05T10:00", plan=False)]
    assert clocks("darlington", events, "conference_report_to_chair") == [
        ("2027-01-05T10:00", "2026-12-30", None, "overdue")
    ]


def test_a_report_sent_after_the_last_conference_is_late_not_missing():
    events = [
        ev("initial_conference", "2027-01-05T10:00", plan=False),
        ev("conference_report_to_chair", "2027-01-06"),
    ]
    assert clocks("darlington", events, "conference_report_to_chair") == [
        ("2027-01-05T10:00", "2026-12-30", "2027-01-06", "late")
    ]


def test_a_report_after_one_conference_counts_for_the_next_one():
    events = [
        ev("initial_conference", "2026-08-20T10:00", plan=True, category="emotional"),
        ev("conference_report_to_chair", "2026-11-13"),
        ev("review_conference", "2026-11-19T10:00", plan_continues=True),
    ]
    assert clocks("darlington", events, "conference_report_to_chair") == [
        ("2026-08-20T10:00", "2026-08-17", None, "overdue"),
        ("2026-11-19T10:00", "2026-11-16", "2026-11-13", "met"),
    ]


def test_darlington_transfer_report_five_working_days_before_over_new_year():
    # "The lead social worker from the originating authority ... is expected to submit a report
    # at least five working days before the conference". Fri 8 Jan 2027 back 5 working days,
    # over New Year's Day and Christmas (28 Dec): Thu 31 Dec.
    events = [
        ev("transfer_in_agreed", "2026-12-21"),
        ev("conference_report_to_chair", "2026-12-31T16:00"),
        ev("transfer_conference", "2027-01-08T10:00"),
    ]
    assert clocks("darlington", events, "conference_report_to_chair") == [
        ("2027-01-08T10:00", "2026-12-31", "2026-12-31T16:00", "met")
    ]
    assert clocks("darlington", events, "conference_report_to_parents") == []
    assert clocks("working-together", events, "conference_report_to_chair") == []


def test_review_conference_reports_count_only_reports_since_the_last_conference():
    events = [
        ev("conference_report_to_chair", "2026-08-14"),
        ev("initial_conference", "2026-08-20T10:00", plan=True, category="emotional"),
        ev("review_conference", "2026-11-19T10:00", plan_continues=True),
    ]
    # 19 Nov 2026 back 3 working days: 16 Nov. The August report was for the first conference.
    assert clocks("darlington", events, "conference_report_to_chair") == [
        ("2026-08-20T10:00", "2026-08-17", "2026-08-14", "met"),
        ("2026-11-19T10:00", "2026-11-16", None, "overdue"),
    ]


def test_darlington_decisions_and_record_after_conference_over_christmas():
    # Decisions "circulated to all those invited within two working days"; record "within 20
    # working days of the conference". Wed 23 Dec 2026: decisions 29 Dec; record 25 Jan 2027.
    events = [
        ev("initial_conference", "2026-12-23T10:00", plan=False),
        ev("conference_decisions_circulated", "2026-12-24T09:00"),
        ev("conference_record_circulated", "2027-01-26"),
    ]
    assert clocks("darlington", events, "conference_decisions") == [
        ("2026-12-23T10:00", "2026-12-29", "2026-12-24T09:00", "met")
    ]
    assert clocks("darlington", events, "conference_record") == [
        ("2026-12-23T10:00", "2027-01-25", "2027-01-26", "late")
    ]


def test_baseline_sets_no_report_or_circulation_timescales():
    events = [ev("initial_conference", "2026-12-23T10:00", plan=False)]
    assert run("working-together", events)["clocks"] == []


# --- the plan: core group, reviews, visits ---------------------------------------------------

PLAN = [ev("initial_conference", "2026-08-20T10:00", plan=True, category="neglect")]


def test_first_core_group_within_10_working_days_over_august_bank_holiday():
    # "Meet within 10 working days from the initial child protection conference if the child
    # is the subject of a child protection plan". Thu 20 Aug 2026, skipping 31 Aug: 4 Sep.
    events = [*PLAN, ev("core_group_meeting", "2026-09-04T14:00")]
    assert clocks("working-together", events, "first_core_group") == [
        ("2026-08-20T10:00", "2026-09-04", "2026-09-04T14:00", "met")
    ]


def test_no_plan_no_core_group_or_review():
    events = [ev("initial_conference", "2026-08-20T10:00", plan=False)]
    assert clocks("working-together", events, "first_core_group") == []
    assert clocks("working-together", events, "first_review") == []


def test_first_review_in_91_days_then_every_182_days():
    # "the first review conference must be held within 3 months (91 days) of the initial
    # conference"; "Further reviews must be held at intervals of not more than 6 months (182
    # days)".
    events = [
        *PLAN,
        ev("review_conference", "2026-11-19T10:00", plan_continues=True),
        ev("review_conference", "2027-05-21T10:00", plan_continues=True),
    ]
    assert clocks("working-together", events, "first_review") == [
        ("2026-08-20T10:00", "2026-11-19", "2026-11-19T10:00", "met")
    ]
    assert clocks("working-together", events, "next_review", as_of=date(2027, 6, 1)) == [
        ("2026-11-19T10:00", "2027-05-20", "2027-05-21T10:00", "late"),
        ("2027-05-21T10:00", "2027-11-19", None, "due"),
    ]


def test_review_that_ends_the_plan_meets_the_review_and_starts_no_other():
    events = [*PLAN, ev("review_conference", "2026-11-10T10:00", plan_continues=False)]
    assert clocks("working-together", events, "first_review") == [
        ("2026-08-20T10:00", "2026-11-19", "2026-11-10T10:00", "met")
    ]
    assert clocks("working-together", events, "next_review") == []


def test_plan_ended_before_a_review_fell_due_withdraws_it():
    events = [*PLAN, ev("plan_ended", "2026-10-01")]
    assert clocks("working-together", events, "first_review") == []


def test_review_missed_before_the_plan_ended_stays_overdue():
    events = [*PLAN, ev("plan_ended", "2026-12-01")]
    assert clocks("working-together", events, "first_review") == [
        ("2026-08-20T10:00", "2026-11-19", None, "overdue")
    ]


def test_darlington_visits_every_10_working_days_chained_from_each_visit():
    # "Ensure the child(ren) is/are seen at least every 10 working days by the Lead Social
    # Worker". Plan Tue 1 Dec 2026: due 15 Dec. Seen 10 Dec: next due 24 Dec. Seen 30 Dec
    # (late): next due, over 1 Jan, 14 Jan 2027. A visit that did not see the child counts
    # for nothing.
    events = [
        ev("initial_conference", "2026-12-01T10:00", plan=True, category="physical"),
        ev("lead_social_worker_visit", "2026-12-10T16:00", child_seen=True),
        ev("lead_social_worker_visit", "2026-12-22T16:00", child_seen=False),
        ev("lead_social_worker_visit", "2026-12-30T11:00", child_seen=True),
    ]
    assert clocks("darlington", events, "lead_social_worker_visit", as_of=date(2027, 1, 4)) == [
        ("2026-12-01T10:00", "2026-12-15", "2026-12-10T16:00", "met"),
        ("2026-12-10T16:00", "2026-12-24", "2026-12-30T11:00", "late"),
        ("2026-12-30T11:00", "2027-01-14", None, "due"),
    ]


def test_darlington_bedroom_seen_every_six_weeks():
    # "At least every six weeks the lead social worker should have access to where the child
    # sleeps." 1 Dec 2026 + 42 days: 12 Jan 2027.
    events = [
        ev("initial_conference", "2026-12-01T10:00", plan=True, category="physical"),
        ev("lead_social_worker_visit", "2026-12-10T16:00", child_seen=True, bedroom_seen=False),
    ]
    assert clocks("darlington", events, "bedroom_seen", as_of=date(2027, 1, 13)) == [
        ("2026-12-01T10:00", "2027-01-12", None, "overdue")
    ]


def test_visits_stop_when_the_plan_ends():
    events = [
        ev("initial_conference", "2026-12-01T10:00", plan=True, category="physical"),
        ev("lead_social_worker_visit", "2026-12-10T16:00", child_seen=True),
        ev("plan_ended", "2026-12-18"),
        ev("lead_social_worker_visit", "2027-01-10T16:00", child_seen=True),
    ]
    assert clocks("darlington", events, "lead_social_worker_visit") == [
        ("2026-12-01T10:00", "2026-12-15", "2026-12-10T16:00", "met")
    ]


# --- transfer and complaints -----------------------------------------------------------------


def test_transfer_conference_within_15_working_days_of_agreement():
    # "A transfer conference should be held within 15 working days of the agreement between the
    # two authorities." 14 Dec 2026: 7 Jan 2027.
    events = [ev("transfer_in_agreed", "2026-12-14"), ev("transfer_conference", "2027-01-07T10:00")]
    for procedure in ("darlington", "working-together"):
        assert clocks(procedure, events, "transfer_conference") == [
            ("2026-12-14", "2027-01-07", "2027-01-07T10:00", "met")
        ]


def test_darlington_treats_a_transfer_conference_as_an_initial_conference():
    # "The transfer conference should be treated as an initial child protection conference in
    # the receiving authority." 7 Jan 2027: core group by 21 Jan; first review 8 Apr.
    events = [ev("transfer_conference", "2027-01-07T10:00")]
    assert clocks("darlington", events, "first_core_group", as_of=date(2027, 1, 8)) == [
        ("2027-01-07T10:00", "2027-01-21", None, "due")
    ]
    assert clocks("darlington", events, "first_review", as_of=date(2027, 1, 8)) == [
        ("2027-01-07T10:00", "2027-04-08", None, "due")
    ]
    assert clocks("working-together", events, "first_review") == []


def test_darlington_complaint_response_within_10_working_days():
    # "...will respond within 10 working days." Thu 24 Dec 2026: 12 Jan 2027.
    events = [ev("complaint_received", "2026-12-24"), ev("complaint_responded", "2027-01-11")]
    assert clocks("darlington", events, "complaint_response") == [
        ("2026-12-24", "2027-01-12", "2027-01-11", "met")
    ]


# --- states and order ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "as_of, state",
    [
        (date(2027, 1, 6), "due"),
        (date(2027, 1, 7), "due"),  # due by the end of the day
        (date(2027, 1, 8), "overdue"),
        ((date(2027, 1, 7), 23 * 60 + 59), "due"),
        ((date(2027, 1, 8), 0), "overdue"),
    ],
)
def test_day_clock_state_by_as_of(as_of, state):
    result = clocks("darlington", [strategy("2026-12-14T15:00")], "initial_conference", as_of=as_of)
    assert result[0][3] == state


@pytest.mark.parametrize(
    "as_of, state",
    [
        (date(2026, 12, 24), "due"),
        # A bare date is the end of that day, past a clock due at 16:00 on it.
        (date(2026, 12, 25), "overdue"),
        ((date(2026, 12, 25), 15 * 60 + 59), "due"),
        ((date(2026, 12, 25), 16 * 60 + 1), "overdue"),
    ],
)
def test_hour_clock_state_by_as_of(as_of, state):
    result = clocks(
        "darlington", [ev("contact_received", "2026-12-24T16:00")], "contact_decision", as_of=as_of
    )
    assert result[0][3] == state


def test_events_in_any_order_are_taken_in_time_order_and_clocks_listed_by_start():
    events = [
        strategy("2026-12-14T15:00"),
        concerns("2026-12-14T09:10", "serious_physical_injury"),
        ev("contact_received", "2026-12-14T08:00"),
    ]
    document = run("darlington", events, as_of=date(2026, 12, 15))
    assert [(c["clock"], c["starts"]) for c in document["clocks"]] == [
        ("contact_decision", "2026-12-14T08:00"),
        ("referrer_acknowledgement", "2026-12-14T08:00"),
        ("initial_conference", "2026-12-14T15:00"),
    ]
