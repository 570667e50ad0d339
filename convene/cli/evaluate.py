"""`convene evaluate`: the rules engine's JSON contract on the command line.

    convene evaluate TIMELINE.json [--as-of YYYY-MM-DD]      (or - for stdin)
    convene evaluate --batch TIMELINES.jsonl [--as-of ...]

Exit 0 on success. Bad input in single mode: exit 2 and one line on stderr naming the event
index and field. In batch mode a bad line gives {"error": "..."} on its output line, the rest
carry on, and the exit status is 1. Never a traceback; if the reader of stdout goes away early
(`| head`), the command stops quietly with status 141, as a shell shows for SIGPIPE.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

import orjson

from convene.cli import BROKEN_PIPE, discard_output
from convene.rules.contract import evaluate_document
from convene.rules.procedure import ProcedureError, load_all
from convene.rules.timeline import TimelineError, parse_when


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2, like every other bad input
        self.exit(2, f"convene evaluate: {message} (see convene evaluate --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="convene evaluate",
        description=(
            "Derive a case's statutory clocks from its timeline (docs/timeline-contract.md)."
        ),
    )
    parser.add_argument("timeline", nargs="?", help="a timeline JSON file, or - for stdin")
    parser.add_argument("--batch", metavar="FILE", help="JSON Lines: one timeline per line")
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the day to judge due and overdue clocks on (default: today, Europe/London)",
    )
    return parser


def parse_as_of(text: str | None) -> date | tuple[date, int]:
    """The day (or day and minute) to judge by; today in Europe/London by default."""
    if text is None:
        return datetime.now(ZoneInfo("Europe/London")).date()
    day, minute = parse_when(text, "--as-of")
    return day if minute is None else (day, minute)


def _open(path: str, stdin: IO[bytes]) -> IO[bytes]:
    return stdin if path == "-" else open(path, "rb")  # noqa: SIM115 - closed by the caller


def _evaluate_one(line: bytes, as_of: date | tuple[date, int], option: int = 0) -> bytes:
    try:
        raw = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise TimelineError(f"malformed JSON: {error}") from None
    return orjson.dumps(evaluate_document(raw, as_of), option=option)


def run_batch(source: IO[bytes], out: IO[bytes], as_of: date | tuple[date, int]) -> int:
    status = 0
    chunk: list[bytes] = []
    for number, line in enumerate(source, start=1):
        try:
            if line.isspace() or not line:  # (not line.strip(), without copying the line)
                raise TimelineError("empty line: expected one timeline per line")
            chunk.append(_evaluate_one(line, as_of))
        except TimelineError as error:
            status = 1
            chunk.append(orjson.dumps({"error": f"line {number}: {error}"}))
        except Exception as error:  # a bug must not stop the other timelines
            status = 1
            chunk.append(orjson.dumps({"error": f"line {number}: internal error: {error!r}"}))
        if len(chunk) >= 512:
            out.write(b"\n".join(chunk) + b"\n")
            chunk.clear()
    if chunk:
        out.write(b"\n".join(chunk) + b"\n")
    return status


def main(
    argv: list[str],
    stdin: IO[bytes] | None = None,
    stdout: IO[bytes] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    stderr = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    if (args.timeline is None) == (args.batch is None):
        stderr.write("convene evaluate: give one TIMELINE file or --batch FILE\n")
        return 2
    try:
        # Every procedure, not only the ones this input names: a mistake in any procedure file
        # stops the command at start, before it gives any answer.
        load_all()
    except ProcedureError as error:
        stderr.write(f"convene evaluate: a procedure file is wrong: {error}\n")
        return 2
    try:
        as_of = parse_as_of(args.as_of)
        source = _open(args.batch or args.timeline, stdin)
    except TimelineError as error:
        stderr.write(f"convene evaluate: {error}\n")
        return 2
    except OSError as error:
        stderr.write(f"convene evaluate: cannot read {error.filename}: {error.strerror}\n")
        return 2
    try:
        if args.batch:
            status = run_batch(source, stdout, as_of)
        else:
            try:
                output = _evaluate_one(source.read(), as_of, orjson.OPT_INDENT_2)
            except TimelineError as error:
                stderr.write(f"convene evaluate: {error}\n")
                return 2
            except Exception as error:  # never a traceback, even for a bug
                stderr.write(f"convene evaluate: internal error (please report it): {error!r}\n")
                return 2
            stdout.write(output + b"\n")
            status = 0
        stdout.flush()  # here, not in `finally`, so that a broken pipe is caught below
        return status
    except BrokenPipeError:
        discard_output(stdout)
        return BROKEN_PIPE
    finally:
        if source is not stdin:
            source.close()
