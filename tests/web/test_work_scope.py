"""Reading many cases for the work pages: every case gets its own records and the council's
closure days, a chunk at a time, and the clocks equal those of the case page."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.cases.models import Case
from convene.cases.timeline import case_evaluation, with_timeline_relations
from convene.people.models import ClosureDay
from convene.rules.contract import clock_document
from convene.work import clocks as work_clocks
from convene.work.clocks import scope_cases
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ConcernsFactory,
    ContactFactory,
    StrategyDiscussionFactory,
    local,
)

NOW = local(2026, 12, 23, 10, 0)


@pytest.fixture
def cases(cast):
    cast.council.procedure = "darlington"  # clocks from the contact: decision, acknowledgement
    cast.council.save()
    with time_machine.travel(local(2026, 12, 21, 9, 0), tick=False):
        made = []
        for n in range(5):
            case = CaseFactory(child=ChildFactory(council=cast.council))
            ContactFactory(case=case, received_at=local(2026, 12, 21 - n % 3, 9 + n, 0))
            if n % 2 == 0:
                concerns = ConcernsFactory(case=case, identified_at=local(2026, 12, 21, 11, n))
                if n == 4:
                    StrategyDiscussionFactory(case=case, concerns=concerns)
            made.append(case)
    # A closure day of the council's own, which moves due dates on every page alike.
    ClosureDay.objects.create(council=cast.council, day=date(2026, 12, 24), reason="Synthetic")
    CaseFactory(child=ChildFactory(council=cast.council), closed_at=local(2026, 12, 1))
    return made


def clocks(case: Case) -> list[dict]:
    return [clock_document(clock) for clock in case_evaluation(case, NOW).clocks]


def test_each_case_reads_its_own_records_and_gets_the_case_pages_clocks(cases, monkeypatch):
    monkeypatch.setattr(work_clocks, "SCOPE_CHUNK", 2)  # three chunks for five open cases
    read = {case.pk: case for case in scope_cases(Case.objects.all())}
    assert sorted(read) == sorted(case.pk for case in cases)  # the closed case is left out
    for case in cases:
        single = with_timeline_relations(Case.objects.filter(pk=case.pk)).get()
        scoped = read[case.pk]
        assert [c.pk for c in scoped.concerns.all()] == [c.pk for c in single.concerns.all()]
        assert [d.pk for d in scoped.strategy_discussions.all()] == [
            d.pk for d in single.strategy_discussions.all()
        ]
        assert clocks(scoped) == clocks(single) != []
    # Received Monday 21 December: ten working days, not counting the council's closure on
    # the 24th nor Christmas, Boxing Day (observed Monday 28th) and New Year's Day.
    acknowledgement = case_evaluation(read[cases[0].pk], NOW).latest("referrer_acknowledgement")
    assert acknowledgement is not None and acknowledgement.due == "2027-01-08"


def test_reading_the_scope_makes_the_same_queries_for_5_or_15_cases(cases, cast):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for case in scope_cases(Case.objects.filter(council=cast.council)):
                case_evaluation(case, NOW)
                for discussion in case.strategy_discussions.all():
                    list(discussion.authorisations.all())
                    assert discussion.case is case
        return len(captured)

    five = queries()
    for _ in range(10):
        ContactFactory(case=CaseFactory(child=ChildFactory(council=cast.council)))
    assert queries() == five
