"""The clocks every procedure inherits from the national baseline, table-driven for all six,
with bank-holiday edges: what each council's case shows and which text it cites.

Dates counted by hand. Bank holidays crossed: Christmas 2026 (Fri 25 Dec, Mon 28 Dec for Boxing
Day), New Year's Day 2027 (Fri 1 Jan), the early May and spring bank holidays 2026 (Mon 4 and
Mon 25 May), the August bank holiday 2026 (Mon 31 Aug), Easter 2027 (Good Friday 26 Mar, Easter
Monday 29 Mar).
"""

from __future__ import annotations

from datetime import date

import pytest

from convene.rules.contract import evaluate_document

PROCEDURES = [
    "working-together",
    "liverpool",
    "sheffield",
    "triborough",
    "lancashire",
    "darlington",
]
DARLINGTON = "darlington-child-protection-procedures.txt"
# Where two rules give the same date the council's own is cited (engine.py); these councils
# restate the national rule in their own words.
OWN_TEXT = {
    ("initial_conference", "sheffield"): "sheffield-strategy-discussions.txt",
    ("initial_conference", "triborough"): "triborough-strategy-meeting-protocol.txt",
}


def clocks_of(procedure: str, events: list[dict], clock: str, as_of: date) -> list[tuple]:
    result = evaluate_document({"procedure": procedure, "events": events}, as_of)
    return [
        (c["starts"], c["due"], c["met"], c["state"], c["source"])
        for c in result["clocks"]
        if c["clock"] == clock
    ]


def ev(type_: str, at: str, **fields) -> dict:
    return {"type": type_, "at": at, **fields}


S47 = ev("strategy_discussion", "2026-12-17T10:00", form="meeting", outcome="section_47")
CONFERENCE = ev("initial_conference", "2026-08-20T10:00", plan=True, category="neglect")
REVIEW = ev("review_conference", "2026-11-19T10:00", plan_continues=True)

# (clock, events, as_of, (starts, due, met, state)); the source is checked per procedure.
CASES = [
    # "The ICPC should take place within 15 working days of the strategy discussion ... at which
    # the section 47 enquiry was initiated." Thu 17 Dec 2026, over Christmas and New Year:
    # Tue 12 Jan 2027.
    (
        "initial_conference",
        [S47],
        date(2027, 1, 12),
        ("2026-12-17T10:00", "2027-01-12", None, "due"),
    ),
    (
        "initial_conference",
        [S47],
        date(2027, 1, 13),
        ("2026-12-17T10:00", "2027-01-12", None, "overdue"),
    ),
    (
        "initial_conference",
        [S47, ev("initial_conference", "2027-01-12T14:00", plan=False)],
        date(2027, 2, 1),
        ("2026-12-17T10:00", "2027-01-12", "2027-01-12T14:00", "met"),
    ),
    (
        "initial_conference",
        [S47, ev("initial_conference", "2027-01-13", plan=False)],
        date(2027, 2, 1),
        ("2026-12-17T10:00", "2027-01-12", "2027-01-13", "late"),
    ),
    # "Meet within 10 working days from the initial child protection conference if the child is
    # the subject of a child protection plan": Thu 20 Aug 2026, over 31 Aug: Fri 4 Sep.
    (
        "first_core_group",
        [CONFERENCE, ev("core_group_meeting", "2026-09-04T16:00")],
        date(2026, 12, 1),
        ("2026-08-20T10:00", "2026-09-04", "2026-09-04T16:00", "met"),
    ),
    (
        "first_core_group",
        [CONFERENCE, ev("core_group_meeting", "2026-09-07")],
        date(2026, 12, 1),
        ("2026-08-20T10:00", "2026-09-04", "2026-09-07", "late"),
    ),
    # "the first review conference must be held within 3 months (91 days) of the initial
    # conference": 20 Aug 2026 + 91 days: Thu 19 Nov.
    (
        "first_review",
        [CONFERENCE, REVIEW],
        date(2026, 12, 1),
        ("2026-08-20T10:00", "2026-11-19", "2026-11-19T10:00", "met"),
    ),
    (
        "first_review",
        [CONFERENCE],
        date(2026, 11, 20),
        ("2026-08-20T10:00", "2026-11-19", None, "overdue"),
    ),
    # "Further reviews must be held at intervals of not more than 6 months (182 days)":
    # 19 Nov 2026 + 182 days: Thu 20 May 2027.
    (
        "next_review",
        [CONFERENCE, REVIEW],
        date(2027, 5, 20),
        ("2026-11-19T10:00", "2027-05-20", None, "due"),
    ),
    (
        "next_review",
        [CONFERENCE, REVIEW, ev("review_conference", "2027-05-21", plan_continues=False)],
        date(2027, 6, 1),
        ("2026-11-19T10:00", "2027-05-20", "2027-05-21", "late"),
    ),
    # "the receiving local authority should convene a Child Protection Conference within 15
    # working days of being notified of the move": Thu 25 Mar 2027, over Easter: Mon 19 Apr.
    (
        "transfer_conference",
        [ev("transfer_in_agreed", "2027-03-25"), ev("transfer_conference", "2027-04-19T09:30")],
        date(2027, 5, 1),
        ("2027-03-25", "2027-04-19", "2027-04-19T09:30", "met"),
    ),
    (
        "transfer_conference",
        [ev("transfer_in_agreed", "2027-03-25")],
        date(2027, 4, 20),
        ("2027-03-25", "2027-04-19", None, "overdue"),
    ),
]


@pytest.mark.parametrize("procedure", PROCEDURES)
@pytest.mark.parametrize(("clock", "events", "as_of", "expected"), CASES)
def test_every_procedure_keeps_the_national_timescale(procedure, clock, events, as_of, expected):
    source = OWN_TEXT.get((clock, procedure), DARLINGTON)
    assert clocks_of(procedure, events, clock, as_of) == [(*expected, source)]


# "within a maximum of 45 working days from the point of referral": Fri 24 Apr 2026, over the
# early May and spring bank holidays: Tue 30 Jun. Liverpool's own 45 calendar days is earlier.
@pytest.mark.parametrize(
    ("procedure", "due", "source"),
    [
        ("working-together", "2026-06-30", DARLINGTON),
        ("sheffield", "2026-06-30", DARLINGTON),
        ("lancashire", "2026-06-30", DARLINGTON),
        ("triborough", "2026-06-30", "triborough-strategy-meeting-protocol.txt"),
        ("darlington", "2026-06-30", DARLINGTON),
        ("liverpool", "2026-06-08", "liverpool-strategy-discussions-s47.txt"),
    ],
)
def test_assessment_completion_by_procedure_over_the_may_bank_holidays(procedure, due, source):
    events = [ev("referral_accepted", "2026-04-24T11:00")]
    assert clocks_of(procedure, events, "assessment_completion", date(2026, 5, 1)) == [
        ("2026-04-24T11:00", due, None, "due", source)
    ]
