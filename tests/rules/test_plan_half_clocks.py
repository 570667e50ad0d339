"""The plan half's clocks (issue 9): core groups after the first, the plan's distribution, an
excluded parent's copy of the report, absent agencies' views on ending a plan, and the
receiving council's conference after a permanent move. Darlington sets each; the baseline
sets none, so other councils have none of these clocks."""

from datetime import date

import pytest

from convene.rules.contract import evaluate_document
from convene.rules.procedure import ProcedureError, parse_procedure
from convene.rules.timeline import TimelineError, parse_timeline

AS_OF = date(2027, 6, 1)
PLAN = {"type": "initial_conference", "at": "2027-01-11T10:00", "plan": True, "category": "neglect"}


def clocks(events, clock, procedure="darlington", as_of=AS_OF):
    result = evaluate_document({"procedure": procedure, "events": events}, as_of)
    return [
        (c["starts"], c["due"], c["met"], c["state"])
        for c in result["clocks"]
        if c["clock"] == clock
    ]


def meeting(at):
    return {"type": "core_group_meeting", "at": at}


# --- core groups after the first ------------------------------------------------------------


def test_core_groups_meet_monthly_after_the_first_each_met_by_the_next():
    events = [PLAN, meeting("2027-01-20"), meeting("2027-02-19"), meeting("2027-03-25")]
    assert clocks(events, "core_group") == [
        ("2027-01-20", "2027-02-20", "2027-02-19", "met"),  # 31 days
        ("2027-02-19", "2027-03-22", "2027-03-25", "late"),
        ("2027-03-25", "2027-04-25", None, "overdue"),
    ]


def test_a_frequency_the_manager_confirms_counts_from_the_next_meeting():
    confirmed = {"type": "core_group_frequency_confirmed", "at": "2027-01-21", "weeks": 2}
    events = [PLAN, meeting("2027-01-20"), confirmed, meeting("2027-02-10")]
    assert clocks(events, "core_group", as_of=date(2027, 2, 20)) == [
        ("2027-01-20", "2027-02-20", "2027-02-10", "met"),  # monthly: confirmed after it
        ("2027-02-10", "2027-02-24", None, "due"),  # fortnightly
    ]
    result = evaluate_document({"procedure": "darlington", "events": events}, AS_OF)
    rules = [c["rule"] for c in result["clocks"] if c["clock"] == "core_group"]
    assert rules[1] == "Core groups meet at the frequency the first line manager confirmed"


def test_a_frequency_confirmed_in_an_earlier_plan_does_not_carry_over():
    confirmed = {"type": "core_group_frequency_confirmed", "at": "2026-06-01", "weeks": 6}
    ended = {"type": "plan_ended", "at": "2026-09-01"}
    earlier = {**PLAN, "at": "2026-05-01T10:00"}
    events = [earlier, confirmed, ended, PLAN, meeting("2027-01-20")]
    assert clocks(events, "core_group") == [("2027-01-20", "2027-02-20", None, "overdue")]


def test_core_groups_outside_a_plan_start_no_clock_and_none_falls_due_after_the_plan_ends():
    ended = {"type": "plan_ended", "at": "2027-02-01"}
    before_plan = meeting("2027-01-05")
    events = [before_plan, PLAN, meeting("2027-01-20"), ended, meeting("2027-02-10")]
    assert clocks(events, "core_group") == []
    assert clocks(events, "plan_distribution") == [("2027-01-20", "2027-01-25", None, "overdue")]


def test_a_core_group_missed_before_the_plan_ended_stays_overdue():
    ended = {"type": "plan_ended", "at": "2027-03-01"}
    events = [PLAN, meeting("2027-01-20"), ended]
    assert clocks(events, "core_group") == [("2027-01-20", "2027-02-20", None, "overdue")]


# --- the plan's distribution ----------------------------------------------------------------


def test_the_plan_is_distributed_within_five_days_of_each_core_group():
    first, second = meeting("2027-01-20"), meeting("2027-02-17")
    distributed = [
        {"type": "plan_distributed", "at": "2027-01-25"},
        {"type": "plan_distributed", "at": "2027-02-23"},
    ]
    assert clocks([PLAN, first, second, *distributed], "plan_distribution") == [
        ("2027-01-20", "2027-01-25", "2027-01-25", "met"),
        ("2027-02-17", "2027-02-22", "2027-02-23", "late"),
    ]


def test_other_councils_set_no_plan_half_clocks_of_their_own():
    events = [PLAN, meeting("2027-01-20"), {"type": "moved_permanently", "at": "2027-02-01"}]
    for procedure in ("working-together", "liverpool", "sheffield", "triborough", "lancashire"):
        for clock in ("core_group", "plan_distribution", "receiving_conference"):
            assert clocks(events, clock, procedure) == []


# --- an excluded parent's copy of the report ------------------------------------------------


def test_an_excluded_parent_has_the_report_three_working_days_before_an_initial_conference():
    # Wed 30 Dec 2026: back over Tue 29, (Mon 28 Boxing Day substitute, Fri 25 Christmas),
    # Thu 24, Wed 23.
    excluded = {"type": "parent_excluded", "at": "2026-12-18"}
    conference = {**PLAN, "at": "2026-12-30T10:00"}
    sent = {"type": "report_to_excluded_parent", "at": "2026-12-23T17:00"}
    assert clocks([excluded, conference, sent], "excluded_parent_report") == [
        ("2026-12-30T10:00", "2026-12-23", "2026-12-23T17:00", "met")
    ]


def test_an_excluded_parent_has_the_report_five_working_days_before_a_review():
    excluded = {"type": "parent_excluded", "at": "2027-03-10"}
    review = {"type": "review_conference", "at": "2027-04-01T10:00", "plan_continues": True}
    # Thu 1 Apr 2027 back five working days: Wed 31, Tue 30, (Mon 29 Easter Monday, Fri 26
    # Good Friday), Thu 25, Wed 24, Tue 23 March.
    assert clocks([PLAN, excluded, review], "excluded_parent_report") == [
        ("2027-04-01T10:00", "2027-03-23", None, "overdue")
    ]


def test_an_exclusion_is_for_one_conference_only():
    excluded = {"type": "parent_excluded", "at": "2027-01-04"}
    review = {"type": "review_conference", "at": "2027-04-09T10:00", "plan_continues": True}
    found = clocks([excluded, PLAN, review], "excluded_parent_report")
    assert [starts for starts, *_ in found] == ["2027-01-11T10:00"]
    assert clocks([PLAN, review], "excluded_parent_report") == []


# --- absent agencies' views on ending the plan ---------------------------------------------


def test_absent_agencies_views_are_sought_and_answered_within_ten_working_days_each():
    # Mon 21 Dec 2026: ten working days, skipping Christmas, Boxing Day's substitute and New
    # Year's Day, is Thu 7 Jan 2027.
    review = {
        "type": "review_conference",
        "at": "2026-12-21T10:00",
        "plan_continues": True,
        "seek_agency_views": True,
    }
    earlier = {**PLAN, "at": "2026-09-21T10:00"}
    asked = {"type": "agency_views_requested", "at": "2027-01-07"}
    answered = {"type": "agency_views_received", "at": "2027-01-22"}
    events = [earlier, review, asked, answered]
    assert clocks(events, "agency_views_requested") == [
        ("2026-12-21T10:00", "2027-01-07", "2027-01-07", "met")
    ]
    assert clocks(events, "agency_views_received") == [
        ("2027-01-07", "2027-01-21", "2027-01-22", "late")
    ]


def test_no_views_are_due_when_the_chair_does_not_seek_them():
    review = {"type": "review_conference", "at": "2027-04-09T10:00", "plan_continues": True}
    assert clocks([PLAN, review], "agency_views_requested") == []


# --- a permanent move -----------------------------------------------------------------------


def test_the_receiving_council_holds_its_conference_within_fifteen_working_days_of_the_move():
    # Tue 20 Apr 2027 plus 15 working days, skipping the early May bank holiday (Mon 3 May).
    moved = {"type": "moved_permanently", "at": "2027-04-20"}
    held = {"type": "receiving_conference", "at": "2027-05-12T14:00"}
    assert clocks([PLAN, moved, held], "receiving_conference") == [
        ("2027-04-20", "2027-05-12", "2027-05-12T14:00", "met")
    ]
    assert clocks([PLAN, moved], "receiving_conference", as_of=date(2027, 5, 13)) == [
        ("2027-04-20", "2027-05-12", None, "overdue")
    ]


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("weeks", [0, 14, 2.5, "4", True, None])
def test_a_confirmed_frequency_must_be_whole_weeks_from_one_to_thirteen(weeks):
    event = {"type": "core_group_frequency_confirmed", "at": "2027-01-21"}
    if weeks is not None:
        event["weeks"] = weeks
    with pytest.raises(TimelineError, match=r"events\[0\]\.weeks: "):
        parse_timeline({"procedure": "darlington", "events": [event]})


def test_views_cannot_be_sought_for_a_plan_the_review_ended():
    review = {
        "type": "review_conference",
        "at": "2027-04-09",
        "plan_continues": False,
        "seek_agency_views": True,
    }
    with pytest.raises(TimelineError, match=r"events\[0\]\.seek_agency_views: only while"):
        parse_timeline({"procedure": "darlington", "events": [review]})


BASE = {"name": "darlington", "title": "T", "extends": "working-together"}


def rule(**changes):
    return {
        "id": "r",
        "clock": "core_group",
        "timescale": "as confirmed",
        "from": "core_group_meeting_at_confirmed_frequency",
        "summary": "s",
        "quote": "confirm the visiting frequency of the Lead Social Worker",
        "source": "darlington-child-protection-procedures.txt",
        **changes,
    }


@pytest.mark.parametrize(
    "changes",
    [
        {"from": "core_group_meeting"},
        {"timescale": "4 weeks"},
        {"from": ["core_group_meeting", "core_group_meeting_at_confirmed_frequency"]},
    ],
)
def test_as_confirmed_is_the_timescale_of_a_confirmed_frequency_only(changes):
    from convene.rules.procedure import load_procedure

    with pytest.raises(ProcedureError, match="'as confirmed'"):
        parse_procedure(
            "darlington.toml",
            {**BASE, "rules": [rule(**changes)]},
            load_procedure("working-together"),
        )


def test_a_confirmed_frequency_rule_loads():
    from convene.rules.procedure import load_procedure

    procedure = parse_procedure(
        "darlington.toml", {**BASE, "rules": [rule()]}, load_procedure("working-together")
    )
    assert [r.timescale.kind for r in procedure.clock_rules["core_group"]] == ["as_confirmed"]
