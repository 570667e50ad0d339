"""`convene procedure list|show|diff`, and `convene help` listing Convene's own commands."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from convene.cli import procedure as command
from convene.rules.procedure import _normalise, load_procedure, source_text

CONVENE = Path(sys.executable).parent / "convene"
REPO = Path(__file__).resolve().parents[2]

PROCEDURES = [
    "working-together",
    "liverpool",
    "sheffield",
    "triborough",
    "lancashire",
    "darlington",
]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = command.main(list(argv), stdout=out)
    return code, out.getvalue()


def words(text: str) -> str:
    """Text compared on words, so that line wrapping does not matter."""
    return " ".join(text.split())


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit:
        command.main(list(argv), stdout=io.StringIO())
    assert exit.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("convene procedure: ")
    return captured.err


# --- list -------------------------------------------------------------------------------------


def test_list_names_all_six_procedures_in_order() -> None:
    code, out = run("list")

    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["NAME", "RULES", "CLOCKS", "TITLE"]
    assert [line.split()[0] for line in lines[1:]] == PROCEDURES


def test_list_counts_each_procedures_rules_and_clocks() -> None:
    _, out = run("list")
    for line in out.splitlines()[1:]:
        name, rules, clocks, *title = line.split()
        procedure = load_procedure(name)
        assert int(rules) == len(procedure.rules)
        assert int(clocks) == len(procedure.clock_rules)
        assert " ".join(title) == procedure.title


# --- show -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PROCEDURES)
def test_show_prints_every_rule_with_its_quote_and_source(name: str) -> None:
    procedure = load_procedure(name)

    code, out = run("show", name)

    assert code == 0
    assert out.splitlines()[0] == f"{procedure.title} ({name}): {len(procedure.rules)} rules"
    text = words(out)
    for rule in procedure.rules:
        assert words(rule.summary) in text
        assert f"\u201c{words(rule.quote)}\u201d" in text, rule.id
        assert f"source: {rule.source}" in out
    assert out.count("source: ") == len(procedure.rules)


def test_show_marks_national_and_local_rules() -> None:
    _, national = run("show", "working-together")
    _, local = run("show", "darlington")

    assert "[national]" in national
    assert "[darlington]" not in national
    assert "[darlington]" in local
    assert "[national]" in local  # a local procedure is the baseline plus its differences


@pytest.mark.parametrize("name", PROCEDURES)
def test_show_json_gives_every_rule_with_a_quote_found_in_its_source(name: str) -> None:
    procedure = load_procedure(name)

    code, out = run("show", name, "--json")

    assert code == 0
    document = json.loads(out)
    assert document["name"] == name
    assert document["title"] == procedure.title
    assert [rule["id"] for rule in document["rules"]] == [rule.id for rule in procedure.rules]
    for rule in document["rules"]:
        assert {"id", "kind", "summary", "sets", "quote", "source", "clock", "timescale"} <= set(
            rule
        )
        assert _normalise(rule["quote"]) in source_text(rule["source"])
        if rule["kind"] == "clock":
            assert rule["clock"] and rule["timescale"] and rule["from"]


def test_show_json_keeps_non_ascii_text_readable() -> None:
    _, out = run("show", "darlington", "--json")
    assert "\\u2019" not in out  # curly apostrophes as themselves, not escaped


# --- diff -------------------------------------------------------------------------------------


def test_a_procedure_does_not_differ_from_itself() -> None:
    assert run("diff", "darlington", "darlington") == (
        0,
        "darlington and darlington set the same rules.\n",
    )


def test_diff_shows_a_clock_only_one_procedure_sets() -> None:
    code, out = run("diff", "working-together", "darlington")

    assert code == 0
    assert out.startswith("working-together and darlington differ on ")
    block = out.split("\nclock contact_decision\n", 1)[1].split("\n\n", 1)[0]
    assert "working-together: nothing further" in block
    assert "darlington: 24 hours from contact_received" in block
    assert "darlington-child-protection-procedures.txt" in block


def test_diff_names_both_sides_of_each_topic() -> None:
    code, out = run("diff", "darlington", "liverpool")

    assert code == 0
    head, *topics = out.split("\n\n")
    count = int(head.split(" differ on ")[1].split()[0])
    assert len(topics) == count > 0
    for topic in topics:
        lines = topic.splitlines()
        body = "\n".join(lines[1:])
        assert "darlington: " in body
        assert "liverpool: " in body


@pytest.mark.parametrize(("a", "b"), [("darlington", "liverpool"), ("sheffield", "triborough")])
def test_diff_is_symmetric_in_its_topics(a: str, b: str) -> None:
    def topics(out: str) -> set[str]:
        return {part.splitlines()[0] for part in out.split("\n\n")[1:]}

    assert topics(run("diff", a, b)[1]) == topics(run("diff", b, a)[1])


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "york"],
        ["show", "york", "--json"],
        ["diff", "darlington", "york"],
        ["diff", "york", "darlington"],
    ],
)
def test_an_unknown_procedure_is_a_clear_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    err = usage_error(capsys, *argv)
    assert "invalid choice: 'york'" in err
    assert "darlington" in err  # the names that would do


@pytest.mark.parametrize(
    "argv", [[], ["frobnicate"], ["show"], ["diff", "darlington"], ["list", "extra"]]
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    usage_error(capsys, *argv)


class ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_ends_quietly() -> None:
    assert command.main(["show", "darlington"], stdout=ClosedPipe()) == 141


# --- the installed command --------------------------------------------------------------------


def convene(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CONVENE), *argv], capture_output=True, text=True, cwd=REPO, timeout=60, check=False
    )


def test_command_lists_the_procedures() -> None:
    process = convene("procedure", "list")

    assert process.returncode == 0, process.stderr
    assert [line.split()[0] for line in process.stdout.splitlines()[1:]] == PROCEDURES


def test_command_rejects_an_unknown_procedure_in_one_line() -> None:
    process = convene("procedure", "show", "york")

    assert process.returncode == 2
    assert process.stdout == ""
    assert len(process.stderr.splitlines()) == 1
    assert "invalid choice: 'york'" in process.stderr


def test_help_lists_convenes_own_commands() -> None:
    process = convene("help")

    assert process.returncode == 0, process.stderr
    section = process.stdout.split("[convene]", 1)[1].split("\n\n", 1)[0]
    assert {"evaluate", "procedure"} <= set(section.split())


def test_a_typo_in_a_procedure_file_is_one_clear_line_not_a_traceback(monkeypatch, capsys):
    from tests.cli.test_evaluate_cli import _broken_darlington

    monkeypatch.setattr(command, "load_all", _broken_darlington)
    code, out = run("list")
    assert code == 2
    assert out == ""
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("convene procedure: a procedure file is wrong: darlington.toml")


@pytest.mark.parametrize("name", PROCEDURES)
def test_show_opens_with_a_table_of_every_rule_with_whose_rule_it_is_and_its_source(name):
    code, out = run("show", name)
    assert code == 0
    procedure = load_procedure(name)
    table = out.split("\n\nEach rule with the sentence it quotes:\n")[0].splitlines()[2:]
    header, rows = table[0], [line for line in table[1:] if not line.startswith(" ")]
    assert header.split() == ["TOPIC", "SETS", "RULE", "OF", "SOURCE"]
    assert len(rows) == len(procedure.rules)
    for row, rule in zip(rows, sorted(procedure.rules, key=command._topic_order), strict=True):
        assert row.startswith(rule.topic)
        assert row.endswith(rule.source)
        origin = "national" if rule.procedure == "working-together" else rule.procedure
        assert f"  {origin}  " in row


def test_a_report_before_the_conference_reads_before_not_before_from():
    code, out = run("show", "darlington")
    assert "3 working days before initial_conference or review_conference" in words(out)
    assert "before from" not in out
