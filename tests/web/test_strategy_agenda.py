"""The procedure's agenda as a checklist, in the procedure's own words."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine

from convene.people.models import Role
from convene.rules.procedure import _normalise, source_text
from convene.rules.vocabulary import PROCEDURE_NAMES
from convene.strategy.agendas import AGENDAS, agenda_for
from convene.strategy.models import AgendaItem
from tests.factories import EngagementFactory
from tests.web.test_strategy_support import (
    AFTER,
    agenda_data,
    client_for,
    make_case,
    plan,
    url,
)

SHARED = Path("/work/shared/procedures")


def _words(text: str) -> str:
    return " ".join(text.split())


def _quote_cases() -> list[tuple[str, int]]:
    return [(name, index) for name, items in AGENDAS.items() for index in range(len(items))]


@pytest.mark.parametrize(("procedure", "index"), _quote_cases())
def test_every_agenda_item_is_quoted_verbatim_from_its_procedure(procedure, index) -> None:
    entry = AGENDAS[procedure][index]
    # The bundled copy the rules engine checks its own quotes against...
    assert _normalise(entry.text) in source_text(entry.source)
    # ...and the shared specification itself, where it is present.
    shared = SHARED / entry.source
    if shared.exists():
        assert _words(entry.text) in _words(shared.read_text(encoding="utf-8"))


def test_every_procedure_has_an_agenda_from_its_own_text() -> None:
    for name in PROCEDURE_NAMES:
        items = agenda_for(name)
        assert len(items) >= 5
        if name != "working-together":
            assert {item.source for item in items} == {items[0].source}
            assert items[0].source.split("-")[0] in (name, "darlington")
    # Working Together has no text here: Darlington restates its list.
    assert {item.source for item in agenda_for("working-together")} == {
        "darlington-child-protection-procedures.txt"
    }


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
@pytest.mark.parametrize("procedure", ["liverpool", "lancashire", "darlington"])
def test_the_discussion_gets_its_councils_agenda(cast, procedure) -> None:
    cast.council.procedure = procedure
    cast.council.save()
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    rows = list(discussion.agenda.values_list("position", "text", "source", "status"))
    expected = [
        (position, entry.text, entry.source, "open")
        for position, entry in enumerate(agenda_for(procedure), start=1)
    ]
    assert rows == expected


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
def test_business_support_ticks_off_the_agenda(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    client = client_for(cast[Role.BUSINESS_SUPPORT])
    page = client.get(url("strategy_agenda", discussion)).content.decode()
    assert "Agree a contingency plan if the child cannot be located;" in page
    assert "Quoted from sheffield-strategy-discussions.txt" in page

    response = client.post(url("strategy_agenda", discussion), agenda_data(discussion))

    assert response.status_code == 302
    assert set(discussion.agenda.values_list("status", flat=True)) == {"addressed"}
    assert set(discussion.agenda.values_list("version", flat=True)) == {2}


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
def test_not_applicable_needs_a_note_and_nothing_is_saved_without_it(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    press = discussion.agenda.get(text="Coordinate a press strategy, if relevant;")
    data = agenda_data(discussion)
    data[f"item-{press.pk}-status"] = "not_applicable"
    data[f"item-{press.pk}-note"] = ""
    client = client_for(cast[Role.SOCIAL_WORKER])

    response = client.post(url("strategy_agenda", discussion), data)

    body = response.content.decode()
    assert response.status_code == 200
    assert f"Enter why item {press.position} does not apply to this child" in body
    assert f'href="#id_item-{press.pk}-note"' in body
    assert set(discussion.agenda.values_list("status", flat=True)) == {"open"}

    data[f"item-{press.pk}-note"] = "No media interest."
    assert client.post(url("strategy_agenda", discussion), data).status_code == 302
    press.refresh_from_db()
    assert (press.status, press.note) == ("not_applicable", "No media interest.")


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
def test_a_stale_agenda_is_not_saved_and_keeps_the_notes_typed(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    stale = agenda_data(discussion)
    first = discussion.agenda.first()
    stale[f"item-{first.pk}-note"] = "My own note"
    client_for(cast[Role.BUSINESS_SUPPORT]).post(
        url("strategy_agenda", discussion), agenda_data(discussion)
    )

    response = client_for(cast[Role.SOCIAL_WORKER]).post(url("strategy_agenda", discussion), stale)

    body = response.content.decode()
    assert "Someone else changed this record" in body
    assert "My own note" in body
    first.refresh_from_db()
    assert first.note == "Discussed."


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
def test_partners_cannot_change_the_agenda(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    health = cast[Role.HEALTH_PROFESSIONAL]
    EngagementFactory(case=case, user=health, granted_by=cast[Role.SOCIAL_WORKER])
    response = client_for(health).post(url("strategy_agenda", discussion), agenda_data(discussion))
    assert response.status_code == 403
    assert not AgendaItem.objects.filter(discussion=discussion, status="addressed").exists()
