"""An end of plan recorded when no plan is open changes nothing.

Records overlap in practice: a review conference ends the plan and the case worker also records
the plan as ended, or an end is recorded before the conference that starts a plan is entered.
"""

from datetime import date

from convene.rules.contract import evaluate_document

AS_OF = date(2027, 3, 1)
PLAN_START = {
    "type": "initial_conference",
    "at": "2026-12-01T10:00",
    "plan": True,
    "category": "physical",
}
VISIT = {"type": "lead_social_worker_visit", "at": "2026-12-10T16:00", "child_seen": True}


def visits(events):
    result = evaluate_document({"procedure": "darlington", "events": events}, AS_OF)
    return [
        (c["starts"], c["due"], c["met"], c["state"])
        for c in result["clocks"]
        if c["clock"] == "lead_social_worker_visit"
    ]


def test_plan_ended_after_the_review_that_ended_the_plan_changes_nothing():
    review = {"type": "review_conference", "at": "2026-12-15T10:00", "plan_continues": False}
    ended = {"type": "plan_ended", "at": "2026-12-16"}
    later_visit = {"type": "lead_social_worker_visit", "at": "2027-01-10T16:00", "child_seen": True}
    expected = [("2026-12-01T10:00", "2026-12-15", "2026-12-10T16:00", "met")]
    assert visits([PLAN_START, VISIT, review, later_visit]) == expected
    assert visits([PLAN_START, VISIT, review, ended, later_visit]) == expected


def test_an_end_recorded_before_the_plan_starts_does_not_stop_its_visits():
    # Darlington: the child is seen at least every 10 working days; 1 Dec 2026 -> 15 Dec.
    ended = {"type": "plan_ended", "at": "2026-11-20"}
    closing_review = {"type": "review_conference", "at": "2026-11-25", "plan_continues": False}
    expected = [
        ("2026-12-01T10:00", "2026-12-15", "2026-12-10T16:00", "met"),
        ("2026-12-10T16:00", "2026-12-24", None, "overdue"),
    ]
    assert visits([ended, closing_review, PLAN_START, VISIT]) == expected
