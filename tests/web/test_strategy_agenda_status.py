"""The discussion page's task list says how far the agenda has got: an agenda with nothing
addressed is not started, never completed."""

from __future__ import annotations

import re

import pytest
import time_machine

from convene.people.models import Role
from convene.strategy.models import AgendaItem
from tests.web.test_strategy_support import AFTER, client_for, make_case, plan, url


def _agenda_status(cast, discussion) -> str:
    page = client_for(cast[Role.BUSINESS_SUPPORT]).get(url("strategy_detail", discussion))
    found = re.search(r'id="task-agenda-status">(.*?)</div>', page.content.decode(), re.S)
    assert found is not None
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
def test_an_agenda_with_nothing_addressed_reads_not_started(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    assert discussion.agenda.exists()
    assert _agenda_status(cast, discussion) == "Not started"


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
def test_an_empty_agenda_reads_not_started_not_completed(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    discussion.agenda.all().delete()
    assert _agenda_status(cast, discussion) == "Not started"


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
def test_a_part_addressed_agenda_counts_what_is_left_and_a_finished_one_is_completed(
    cast,
) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    items = list(discussion.agenda.all())
    AgendaItem.objects.filter(pk=items[0].pk).update(status="addressed")
    assert _agenda_status(cast, discussion) == f"{len(items) - 1} not yet addressed"
    discussion.agenda.update(status="not_applicable")
    AgendaItem.objects.filter(pk=items[0].pk).update(status="addressed")
    assert _agenda_status(cast, discussion) == "Completed"
