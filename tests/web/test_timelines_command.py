"""`convene timelines`: every case's timeline as JSON Lines, read back by `convene evaluate`."""

from __future__ import annotations

import io

import orjson
import pytest
from django.core.management import CommandError, call_command

from convene.cases.timeline import case_evaluation, case_timeline
from convene.cli import evaluate
from convene.people.models import Role
from tests.web.cases_support import case_in


def _lines(path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_every_case_is_one_line_in_the_contracts_input_form_with_its_reference(
    cast, tmp_path
) -> None:
    cases = [case_in(cast) for _ in range(3)]
    elsewhere = case_in(cast)
    elsewhere.council = cast.other_council_social_worker.council
    elsewhere.save()
    target = tmp_path / "timelines.jsonl"
    call_command("timelines", output=str(target), stderr=io.StringIO())
    lines = _lines(target)
    assert [line["reference"] for line in lines] == [c.reference for c in [*cases, elsewhere]]
    for line, case in zip(lines, [*cases, elsewhere], strict=True):
        assert {k: v for k, v in line.items() if k != "reference"} == case_timeline(case)
    # No name or free text of the child's: only what the rules read.
    assert cast[Role.SOCIAL_WORKER].full_name not in target.read_text()
    assert all(c.child.given_name not in target.read_text() for c in cases)


def test_one_councils_cases_by_its_name_in_any_case(cast, tmp_path) -> None:
    mine = case_in(cast)
    other = case_in(cast)
    other.council = cast.other_council_social_worker.council
    other.save()
    target = tmp_path / "mine.jsonl"
    call_command(
        "timelines", council=cast.council.name.upper(), output=str(target), stderr=io.StringIO()
    )
    assert [line["reference"] for line in _lines(target)] == [mine.reference]


def test_an_unknown_council_is_named_with_the_councils_there_are(cast) -> None:
    with pytest.raises(CommandError, match="no council called 'Nowhere'.*Testshire"):
        call_command("timelines", council="Nowhere")


def test_evaluate_reads_the_lines_back_and_gives_the_pages_clocks(cast, tmp_path) -> None:
    case = case_in(cast, procedure="darlington")
    target = tmp_path / "timelines.jsonl"
    call_command("timelines", output=str(target), stderr=io.StringIO())
    out = io.BytesIO()
    clocks = case_evaluation(case)
    as_of = clocks.as_of.strftime("%Y-%m-%dT%H:%M")
    code = evaluate.main(
        ["--batch", str(target), "--as-of", as_of], stdout=out, stderr=io.StringIO()
    )
    assert code == 0
    (result,) = [orjson.loads(line) for line in out.getvalue().splitlines()]
    assert result["reference"] == case.reference
    assert [(c["clock"], c["due"], c["state"]) for c in result["clocks"]] == [
        (c.clock, c.due, c.state) for c in clocks.clocks
    ]
