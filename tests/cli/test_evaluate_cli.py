"""`convene evaluate` as docs/timeline-contract.md describes it: output shape, exit codes, errors.

Most cases call `convene.cli.evaluate.main` in-process with byte streams (fast); a handful run
the installed console script to prove the real command behaves the same, with no traceback.
"""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
import time_machine

from convene.cli import evaluate
from convene.rules.vocabulary import CLOCK_IDS

CONVENE = Path(sys.executable).parent / "convene"
REPO = Path(__file__).resolve().parents[2]

TOP_KEYS = {"procedure", "as_of", "clocks", "strategy"}
CLOCK_KEYS = {"clock", "starts", "due", "met", "state", "rule", "source"}
STRATEGY_KEYS = {"must_be_meeting", "reasons", "required_attendees", "recommended_attendees"}
STATES = {"met", "late", "due", "overdue"}

# The contract's own example input (docs/timeline-contract.md, "Input").
EXAMPLE: dict[str, Any] = {
    "procedure": "darlington",
    "child": {
        "date_of_birth": "2019-05-02",
        "expected_birth_date": None,
        "hospital": None,
        "medical_examination": False,
        "lives_outside_area": False,
        "household_adult_concerns": [],
    },
    "events": [
        {
            "type": "concerns_identified",
            "at": "2026-12-14T09:10",
            "concerns": ["serious_physical_injury"],
        },
        {
            "type": "strategy_discussion",
            "at": "2026-12-14T15:00",
            "form": "meeting",
            "outcome": "section_47",
        },
    ],
}

# Monday 1 June 2026 + 15 working days (no bank holiday in June 2026) = Monday 22 June.
TRANSFER_AGREED = {"type": "transfer_in_agreed", "at": "2026-06-01T10:00"}
TRANSFER_DUE = "2026-06-22"


class Result:
    def __init__(self, code: int, stdout: bytes, stderr: str) -> None:
        self.code = code
        self.stdout = stdout
        self.stderr = stderr

    def json(self) -> Any:
        return orjson.loads(self.stdout)

    def lines(self) -> list[Any]:
        return [orjson.loads(line) for line in self.stdout.splitlines()]


def run(*argv: str, stdin: bytes = b"") -> Result:
    """Call the command's main function in-process, as the console script does."""
    out, err = io.BytesIO(), io.StringIO()
    code = evaluate.main(list(argv), stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return Result(code, out.getvalue(), err.getvalue())


def run_doc(document: Any, *argv: str) -> Result:
    return run("-", *argv, stdin=orjson.dumps(document))


def timeline(procedure: str, *events: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"procedure": procedure, "events": list(events), **extra}


def assert_contract_shape(document: Any) -> None:
    assert set(document) == TOP_KEYS
    assert isinstance(document["clocks"], list)
    for clock in document["clocks"]:
        assert set(clock) == CLOCK_KEYS
        assert clock["clock"] in CLOCK_IDS
        assert clock["state"] in STATES
        assert (clock["met"] is not None) == (clock["state"] in {"met", "late"})
        assert all(isinstance(clock[key], str) for key in ("starts", "due", "rule", "source"))
    if document["strategy"] is not None:
        assert set(document["strategy"]) == STRATEGY_KEYS


def assert_one_error_line(result: Result, *fragments: str) -> None:
    """Exit 2, nothing on stdout, exactly one line on stderr containing every fragment."""
    assert result.code == 2, result.stderr
    assert result.stdout == b""
    assert result.stderr.endswith("\n")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("convene evaluate: ")
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


# --- success ---------------------------------------------------------------------------------


def test_the_contracts_example_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "timeline.json"
    path.write_bytes(orjson.dumps(EXAMPLE))

    result = run(str(path), "--as-of", "2027-01-20")

    assert result.code == 0, result.stderr
    assert result.stderr == ""
    document = result.json()
    assert_contract_shape(document)
    assert document["procedure"] == "darlington"
    assert document["as_of"] == "2027-01-20"
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
    strategy = document["strategy"]
    assert strategy["required_attendees"] == [
        "social_worker",
        "social_work_manager",
        "police",
        "health",
    ]
    assert result.stdout.endswith(b"\n")


def test_stdin_gives_the_same_result_as_a_file(tmp_path: Path) -> None:
    path = tmp_path / "timeline.json"
    path.write_bytes(orjson.dumps(EXAMPLE))

    from_file = run(str(path), "--as-of", "2027-01-20")
    from_stdin = run("-", "--as-of", "2027-01-20", stdin=orjson.dumps(EXAMPLE))

    assert from_stdin.code == 0
    assert from_stdin.stdout == from_file.stdout


def test_a_timeline_with_no_events_has_no_clocks_and_no_strategy() -> None:
    result = run_doc(timeline("working-together"), "--as-of", "2027-01-20")

    assert result.code == 0
    assert result.json() == {
        "procedure": "working-together",
        "as_of": "2027-01-20",
        "clocks": [],
        "strategy": None,
    }


def test_events_in_any_order_are_taken_in_time_order() -> None:
    events = [
        {"type": "transfer_conference", "at": "2026-06-22T10:00"},
        {"type": "conference_decisions_circulated", "at": "2026-06-23"},
        TRANSFER_AGREED,
    ]
    forwards = run_doc(timeline("darlington", *events), "--as-of", "2026-07-01")
    backwards = run_doc(timeline("darlington", *events[::-1]), "--as-of", "2026-07-01")

    assert forwards.code == backwards.code == 0
    assert forwards.stdout == backwards.stdout
    starts = [clock["starts"] for clock in forwards.json()["clocks"]]
    assert starts == sorted(starts)


def test_unknown_keys_are_ignored_so_the_contract_can_grow() -> None:
    plain = timeline("working-together", TRANSFER_AGREED)
    extended = timeline(
        "working-together",
        {**TRANSFER_AGREED, "recorded_by": "someone", "new_field": [1, 2]},
        child={"future_fact": True},
        contract_version=2,
    )
    assert (
        run_doc(plain, "--as-of", "2026-07-01").stdout
        == run_doc(extended, "--as-of", "2026-07-01").stdout
    )


@pytest.mark.parametrize(
    ("events", "as_of", "met", "state"),
    [
        (
            [{"type": "transfer_conference", "at": "2026-06-22T17:00"}],
            "2026-07-01",
            "2026-06-22T17:00",
            "met",
        ),
        ([{"type": "transfer_conference", "at": "2026-06-23"}], "2026-07-01", "2026-06-23", "late"),
        ([], "2026-06-22", None, "due"),
        ([], "2026-06-22T23:59", None, "due"),
        ([], "2026-06-23", None, "overdue"),
        ([], "2026-06-23T00:00", None, "overdue"),
    ],
    ids=[
        "met-on-the-due-day",
        "late",
        "due-on-the-due-day",
        "due-at-a-minute-to-midnight",
        "overdue-the-day-after",
        "overdue-at-midnight",
    ],
)
def test_each_state_of_a_day_based_clock(
    events: list[dict[str, Any]], as_of: str, met: str | None, state: str
) -> None:
    result = run_doc(timeline("working-together", TRANSFER_AGREED, *events), "--as-of", as_of)

    assert result.code == 0, result.stderr
    document = result.json()
    assert document["as_of"] == as_of
    [clock] = [c for c in document["clocks"] if c["clock"] == "transfer_conference"]
    assert (clock["starts"], clock["due"], clock["met"], clock["state"]) == (
        "2026-06-01T10:00",
        TRANSFER_DUE,
        met,
        state,
    )


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        ("2026-12-25T16:00", "due"),
        ("2026-12-25T16:01", "overdue"),
        # A bare date is the end of that day: an hour-based clock due that day has passed.
        ("2026-12-25", "overdue"),
        ("2026-12-24", "due"),
    ],
)
def test_an_hour_based_clock_is_due_at_a_local_time(as_of: str, state: str) -> None:
    contact = {"type": "contact_received", "at": "2026-12-24T16:00"}
    result = run_doc(timeline("darlington", contact), "--as-of", as_of)

    assert result.code == 0
    [clock] = [c for c in result.json()["clocks"] if c["clock"] == "contact_decision"]
    assert clock["due"] == "2026-12-25T16:00"
    assert clock["state"] == state


def test_a_clock_the_procedure_does_not_set_is_absent() -> None:
    # Darlington times the contact decision (24 hours); the national baseline does not.
    contact = {"type": "contact_received", "at": "2026-12-24T16:00"}
    national = run_doc(timeline("working-together", contact), "--as-of", "2027-01-01")
    darlington = run_doc(timeline("darlington", contact), "--as-of", "2027-01-01")

    assert national.json()["clocks"] == []
    assert [c["clock"] for c in darlington.json()["clocks"]] == [
        "contact_decision",
        "referrer_acknowledgement",
    ]


@pytest.mark.parametrize(
    "procedure",
    ["working-together", "liverpool", "sheffield", "triborough", "lancashire", "darlington"],
)
def test_every_procedure_evaluates_the_example(procedure: str) -> None:
    result = run_doc({**EXAMPLE, "procedure": procedure}, "--as-of", "2027-01-20")

    assert result.code == 0, result.stderr
    document = result.json()
    assert_contract_shape(document)
    assert document["procedure"] == procedure
    assert any(clock["clock"] == "initial_conference" for clock in document["clocks"])


def test_output_is_indented_json_for_one_timeline() -> None:
    result = run_doc(EXAMPLE, "--as-of", "2027-01-20")
    assert result.stdout.startswith(b'{\n  "procedure": "darlington"')


# --- --as-of defaults to today in Europe/London -----------------------------------------------


@pytest.mark.parametrize(
    ("now", "today"),
    [
        (datetime(2027, 1, 20, 12, 0, tzinfo=UTC), "2027-01-20"),
        # Winter: London is on GMT, so 23:30 UTC is still the same day.
        (datetime(2027, 1, 20, 23, 30, tzinfo=UTC), "2027-01-20"),
        # Summer: London is on BST, an hour ahead, so 23:30 UTC is already the next day there.
        (datetime(2027, 6, 30, 23, 30, tzinfo=UTC), "2027-07-01"),
    ],
    ids=["midday", "winter-late-evening", "summer-after-london-midnight"],
)
def test_as_of_defaults_to_today_in_london(now: datetime, today: str) -> None:
    with time_machine.travel(now, tick=False):
        result = run_doc(EXAMPLE)

    assert result.code == 0, result.stderr
    assert result.json()["as_of"] == today


def test_the_default_as_of_decides_the_state() -> None:
    document = timeline("working-together", TRANSFER_AGREED)
    with time_machine.travel(datetime(2026, 6, 22, 22, 59, tzinfo=UTC), tick=False):
        on_the_day = run_doc(document).json()["clocks"][0]["state"]
    with time_machine.travel(datetime(2026, 6, 22, 23, 0, tzinfo=UTC), tick=False):
        next_day_in_london = run_doc(document).json()["clocks"][0]["state"]

    assert (on_the_day, next_day_in_london) == ("due", "overdue")


# --- bad input: exit 2, one line naming the place ------------------------------------------------

GOOD_EVENTS: list[dict[str, Any]] = [
    {"type": "concerns_identified", "at": "2026-12-14T09:10", "concerns": ["neglect"]},
    {"type": "strategy_discussion", "at": "2026-12-14T15:00", "outcome": "section_47"},
    {"type": "child_seen", "at": "2026-12-15", "alone": True},
    {"type": "initial_conference", "at": "2027-01-05", "plan": True, "category": "neglect"},
]


def with_event(index: int, **changes: Any) -> dict[str, Any]:
    events = [dict(event) for event in GOOD_EVENTS]
    for key, value in changes.items():
        if value is ...:
            del events[index][key]
        else:
            events[index][key] = value
    return timeline("working-together", *events)


@pytest.mark.parametrize(
    ("document", "place"),
    [
        (with_event(2, at="2026-12-15T25:00"), "events[2].at"),
        (with_event(2, at="2026-02-30"), "events[2].at"),
        (with_event(2, at="15/12/2026"), "events[2].at"),
        (with_event(2, at=20261215), "events[2].at"),
        (with_event(2, at=...), "events[2].at: required field missing"),
        (with_event(2, at="1999-12-31"), "events[2].at"),
        (with_event(2, at="2101-01-01"), "events[2].at"),
        (with_event(1, type="strategy_meeting"), "events[1].type"),
        (with_event(1, type=...), "events[1].type: required field missing"),
        (with_event(1, outcome=...), "events[1].outcome: required field missing"),
        (with_event(1, outcome="section 47"), "events[1].outcome"),
        (with_event(1, form="phone"), "events[1].form"),
        (with_event(1, outcome="no_further_action", enquiry="joint"), "events[1].enquiry"),
        (with_event(0, concerns=["neglect", "bruising"]), "events[0].concerns[1]"),
        (with_event(0, concerns="neglect"), "events[0].concerns"),
        (with_event(0, immediate_action_taken="yes"), "events[0].immediate_action_taken"),
        (with_event(2, alone=1), "events[2].alone"),
        (with_event(3, plan=...), "events[3].plan: required field missing"),
        (with_event(3, plan=False), "events[3].category"),
        (with_event(3, category=["neglect", "physical"]), "events[3].category"),
        ({"procedure": "york", "events": []}, "procedure: unknown procedure 'york'"),
        ({"events": []}, "procedure: required field missing"),
        ({"procedure": "darlington"}, "events: required field missing"),
        ({"procedure": "darlington", "events": {}}, "events: expected a list"),
        ({"procedure": "darlington", "events": [[]]}, "events[0]: expected an object"),
        ({"procedure": "darlington", "events": [], "child": []}, "child: expected an object"),
        (
            {"procedure": "darlington", "events": [], "child": {"date_of_birth": "2019-5-2"}},
            "child.date_of_birth",
        ),
        (
            {"procedure": "darlington", "events": [], "child": {"hospital": "ward"}},
            "child.hospital",
        ),
        (
            {"procedure": "darlington", "events": [], "child": {"lives_outside_area": "no"}},
            "child.lives_outside_area",
        ),
        (
            {
                "procedure": "darlington",
                "events": [],
                "child": {"household_adult_concerns": ["gambling"]},
            },
            "child.household_adult_concerns[0]",
        ),
        ([EXAMPLE], "timeline: expected a JSON object"),
        ("darlington", "timeline: expected a JSON object"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_place(document: Any, place: str) -> None:
    assert_one_error_line(run_doc(document, "--as-of", "2027-01-20"), place)


def test_an_event_whose_clock_runs_off_the_calendar_is_named() -> None:
    # 15 working days after 20 December 2100 is beyond the last day the calendar knows.
    document = timeline(
        "working-together",
        {"type": "complaint_received", "at": "2100-12-01"},
        {"type": "transfer_in_agreed", "at": "2100-12-20"},
    )
    assert_one_error_line(run_doc(document, "--as-of", "2100-12-31"), "events[1].at")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{",
        b"{'procedure': 'darlington'}",
        b'{"procedure": "darlington", "events": [],}',
        b'{"procedure": "darlington", "events": [NaN]}',
        b"\xff\xfe{}",
        b'{"procedure": "darlington", "events": []} {}',
    ],
    ids=["empty", "truncated", "single-quotes", "trailing-comma", "nan", "not-utf8", "two-docs"],
)
def test_malformed_json_exits_2_with_one_line(data: bytes) -> None:
    assert_one_error_line(run("-", "--as-of", "2027-01-20", stdin=data), "malformed JSON")


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-timeline.json"
    assert_one_error_line(run(str(missing)), "cannot read", str(missing))


def test_a_directory_is_not_a_readable_timeline(tmp_path: Path) -> None:
    assert_one_error_line(run(str(tmp_path)), "cannot read", str(tmp_path))


@pytest.mark.parametrize(
    "as_of", ["2027-13-01", "2027-02-29", "today", "", "2027-01-20T24:00", "20270120"]
)
def test_a_bad_as_of_exits_2(as_of: str) -> None:
    assert_one_error_line(run_doc(EXAMPLE, "--as-of", as_of), "--as-of")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "give one TIMELINE file or --batch FILE"),
        (["a.json", "--batch", "b.jsonl"], "give one TIMELINE file or --batch FILE"),
        (["a.json", "b.json"], "unrecognized arguments: b.json"),
        (["a.json", "--as-of"], "--as-of"),
        (["a.json", "--frobnicate"], "--frobnicate"),
    ],
    ids=["nothing", "file-and-batch", "two-files", "as-of-without-value", "unknown-option"],
)
def test_usage_errors_exit_2_with_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = io.BytesIO()
    try:
        code = evaluate.main(argv, stdin=io.BytesIO(), stdout=out)
    except SystemExit as exit:  # argparse's own errors leave through SystemExit, as usual
        code = exit.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert code == 2
    assert out.getvalue() == b""
    assert err.count("\n") == 1
    assert err.startswith("convene evaluate: ")
    assert message in err


# --- --batch: one result or error per line ----------------------------------------------------


def jsonl(*documents: Any) -> bytes:
    return b"".join(orjson.dumps(document) + b"\n" for document in documents)


def test_batch_gives_one_compact_result_per_line(tmp_path: Path) -> None:
    documents = [
        {**EXAMPLE, "procedure": name} for name in ("darlington", "liverpool", "sheffield")
    ]
    path = tmp_path / "timelines.jsonl"
    path.write_bytes(jsonl(*documents))

    result = run("--batch", str(path), "--as-of", "2027-01-20")

    assert result.code == 0
    assert result.stderr == ""
    lines = result.lines()
    assert [line["procedure"] for line in lines] == ["darlington", "liverpool", "sheffield"]
    for line, document in zip(lines, documents, strict=True):
        assert_contract_shape(line)
        assert line == run_doc(document, "--as-of", "2027-01-20").json()
    assert b"\n  " not in result.stdout  # one line each


def test_batch_reports_a_bad_line_and_carries_on() -> None:
    bad_event = with_event(2, at="2026-12-15T25:00")
    data = (
        jsonl(EXAMPLE, bad_event)
        + b"{not json\n"
        + jsonl({"procedure": "york", "events": []}, EXAMPLE)
    )

    result = run("--batch", "-", "--as-of", "2027-01-20", stdin=data)

    assert result.code == 1
    assert result.stderr == ""
    lines = result.lines()
    assert len(lines) == 5
    assert_contract_shape(lines[0])
    assert_contract_shape(lines[4])
    assert lines[0] == lines[4]
    for number in (2, 3, 4):
        assert set(lines[number - 1]) == {"error"}
    assert lines[1]["error"].startswith("line 2: events[2].at")
    assert lines[2]["error"].startswith("line 3: malformed JSON")
    assert lines[3]["error"].startswith("line 4: procedure")


@pytest.mark.parametrize("blank", [b"\n", b"  \t\n", b"\r\n"], ids=["empty", "spaces", "crlf"])
def test_batch_reports_an_empty_line(blank: bytes) -> None:
    data = orjson.dumps(EXAMPLE) + b"\n" + blank + orjson.dumps(EXAMPLE) + b"\n"
    result = run("--batch", "-", "--as-of", "2027-01-20", stdin=data)

    assert result.code == 1
    lines = result.lines()
    assert len(lines) == 3
    assert lines[1]["error"] == "line 2: empty line: expected one timeline per line"


def test_batch_accepts_crlf_and_a_last_line_without_newline() -> None:
    data = orjson.dumps(EXAMPLE) + b"\r\n" + orjson.dumps(EXAMPLE)
    result = run("--batch", "-", "--as-of", "2027-01-20", stdin=data)

    assert result.code == 0
    assert len(result.lines()) == 2


def test_an_empty_batch_is_not_an_error() -> None:
    result = run("--batch", "-", "--as-of", "2027-01-20", stdin=b"")
    assert (result.code, result.stdout, result.stderr) == (0, b"", "")


def test_batch_of_many_lines_keeps_order_and_count() -> None:
    # More lines than the writer's chunk, with errors sprinkled in.
    documents: list[Any] = []
    for number in range(1, 1201):
        if number % 97 == 0:
            documents.append({"procedure": "nowhere", "events": []})
        else:
            documents.append(
                timeline(
                    "working-together",
                    {"type": "transfer_in_agreed", "at": f"2026-06-{number % 28 + 1:02d}"},
                )
            )
    result = run("--batch", "-", "--as-of", "2026-07-01", stdin=jsonl(*documents))

    assert result.code == 1
    lines = result.lines()
    assert len(lines) == 1200
    for number, line in enumerate(lines, start=1):
        if number % 97 == 0:
            assert line["error"].startswith(f"line {number}: procedure")
        else:
            assert line["clocks"][0]["starts"] == f"2026-06-{number % 28 + 1:02d}"


def test_batch_with_a_missing_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "none.jsonl"
    assert_one_error_line(run("--batch", str(missing)), "cannot read", str(missing))


def test_batch_with_a_bad_as_of_exits_2() -> None:
    assert_one_error_line(run("--batch", "-", "--as-of", "soon", stdin=jsonl(EXAMPLE)), "--as-of")


# --- the installed command, in a real process ----------------------------------------------------


def convene(*argv: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(CONVENE), *argv], input=stdin, capture_output=True, cwd=REPO, timeout=60, check=False
    )


def test_command_evaluates_a_file(tmp_path: Path) -> None:
    path = tmp_path / "timeline.json"
    path.write_bytes(orjson.dumps(EXAMPLE))

    process = convene("evaluate", str(path), "--as-of", "2027-01-20")

    assert process.returncode == 0, process.stderr
    assert process.stderr == b""
    document = orjson.loads(process.stdout)
    assert_contract_shape(document)
    assert document == run_doc(EXAMPLE, "--as-of", "2027-01-20").json()


def test_command_reads_stdin_and_reports_bad_input_in_one_line() -> None:
    good = convene("evaluate", "-", "--as-of", "2027-01-20", stdin=orjson.dumps(EXAMPLE))
    bad = convene(
        "evaluate", "-", "--as-of", "2027-01-20", stdin=orjson.dumps(with_event(2, at="2026-13-01"))
    )

    assert good.returncode == 0
    assert orjson.loads(good.stdout)["procedure"] == "darlington"
    assert bad.returncode == 2
    assert bad.stdout == b""
    assert bad.stderr.decode().splitlines() == [
        "convene evaluate: events[2].at: '2026-13-01' is not a real date"
    ]


def test_command_batch_carries_on_after_a_bad_line() -> None:
    data = jsonl(EXAMPLE) + b"[]\n" + jsonl(EXAMPLE)
    process = convene("evaluate", "--batch", "-", "--as-of", "2027-01-20", stdin=data)

    assert process.returncode == 1
    assert process.stderr == b""
    lines = [orjson.loads(line) for line in process.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[1] == {"error": "line 2: timeline: expected a JSON object, got a list"}


@pytest.mark.parametrize(
    "argv",
    [["evaluate", "/nonexistent/timeline.json"], ["evaluate", "-", "--as-of", "31/01/2027"]],
    ids=["unreadable-file", "bad-as-of"],
)
def test_command_errors_are_one_line_without_traceback(argv: list[str]) -> None:
    process = convene(*argv, stdin=orjson.dumps(EXAMPLE))

    assert process.returncode == 2
    assert process.stdout == b""
    assert len(process.stderr.decode().splitlines()) == 1
    assert b"Traceback" not in process.stderr


def test_command_survives_a_reader_that_stops_early(tmp_path: Path) -> None:
    """`convene evaluate --batch big.jsonl | head -1`: no traceback when the pipe closes."""
    path = tmp_path / "big.jsonl"
    path.write_bytes(jsonl(*[EXAMPLE] * 3000))
    process = subprocess.run(
        f"'{CONVENE}' evaluate --batch '{path}' --as-of 2027-01-20 | head -c 10",
        shell=True,
        capture_output=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert process.stdout == b'{"procedur'
    assert b"Traceback" not in process.stderr
    assert b"Error" not in process.stderr


# --- a bug must not become a traceback ---------------------------------------------------------


def test_an_internal_error_is_one_line_in_single_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(raw: Any, as_of: Any) -> Any:
        raise RuntimeError("engine bug\nsecond line")

    monkeypatch.setattr(evaluate, "evaluate_document", broken)

    result = run_doc(EXAMPLE, "--as-of", "2027-01-20")

    assert_one_error_line(result, "internal error", "RuntimeError")


def test_an_internal_error_in_batch_spoils_only_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    real = evaluate.evaluate_document

    def sometimes_broken(raw: Any, as_of: Any) -> Any:
        if raw.get("procedure") == "sheffield":
            raise RuntimeError("engine bug")
        return real(raw, as_of)

    monkeypatch.setattr(evaluate, "evaluate_document", sometimes_broken)
    data = jsonl(EXAMPLE, {**EXAMPLE, "procedure": "sheffield"}, EXAMPLE)

    result = run("--batch", "-", "--as-of", "2027-01-20", stdin=data)

    assert result.code == 1
    first, second, third = result.lines()
    assert first == third
    assert second["error"].startswith("line 2: internal error")


class ClosedPipe(io.BytesIO):
    def write(self, data: Any) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("batch", [False, True])
def test_a_closed_pipe_ends_quietly(batch: bool) -> None:
    argv = ["--batch", "-"] if batch else ["-"]
    err = io.StringIO()
    code = evaluate.main(
        [*argv, "--as-of", "2027-01-20"],
        stdin=io.BytesIO(jsonl(EXAMPLE)),
        stdout=ClosedPipe(),
        stderr=err,
    )
    assert code == 141
    assert err.getvalue() == ""


def _broken_darlington() -> None:
    """Load Darlington's file with one typo, as a council's edit might leave it."""
    from importlib import resources

    from convene.rules.procedure import load_procedure, parse_procedure_text

    text = (resources.files("convene.rules") / "procedures" / "darlington.toml").read_text()
    assert '"24 hours"' in text
    parse_procedure_text(
        "darlington.toml",
        text.replace('"24 hours"', '"24 hourz"', 1),
        load_procedure("working-together"),
    )


def test_a_typo_in_any_procedure_file_stops_the_command_at_start(monkeypatch) -> None:
    # Even for a timeline of another council: a broken procedure must not go unnoticed.
    monkeypatch.setattr(evaluate, "load_all", _broken_darlington)
    result = run_doc(timeline("liverpool", TRANSFER_AGREED), "--as-of", "2026-07-01")
    assert result.code == 2
    assert result.stdout == b""
    [line] = result.stderr.splitlines()
    assert line.startswith("convene evaluate: a procedure file is wrong: darlington.toml: rules[")
    assert "24 hourz" in line


# --- the optional reference (an addition to the contract) -------------------------------------


def test_a_reference_is_echoed_first_in_the_output() -> None:
    result = run_doc({**EXAMPLE, "reference": "CV-000123"}, "--as-of", "2026-12-20")
    assert result.code == 0, result.stderr
    document = orjson.loads(result.stdout)
    assert next(iter(document)) == "reference"
    assert document["reference"] == "CV-000123"
    without = orjson.loads(run_doc(EXAMPLE, "--as-of", "2026-12-20").stdout)
    assert {key: value for key, value in document.items() if key != "reference"} == without


def test_a_batch_echoes_each_lines_reference() -> None:
    lines = b"\n".join(orjson.dumps({**EXAMPLE, "reference": f"CV-00000{n}"}) for n in (1, 2))
    result = run("--batch", "-", "--as-of", "2026-12-20", stdin=lines + b"\n")
    assert [line["reference"] for line in result.lines()] == ["CV-000001", "CV-000002"]


def test_a_reference_that_is_not_a_string_is_refused() -> None:
    assert_one_error_line(run_doc({**EXAMPLE, "reference": 123}), "reference", "string")
