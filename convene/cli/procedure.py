"""`convene procedure`: what each council's procedure requires, and where two differ.

convene procedure list
convene procedure show NAME [--json]
convene procedure diff A B
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Iterable
from typing import IO, Any

from convene.cli import BROKEN_PIPE, discard_output
from convene.rules.procedure import (
    BASELINE,
    Procedure,
    ProcedureError,
    Rule,
    load_all,
    load_procedure,
)
from convene.rules.vocabulary import CLOCK_ORDER, PROCEDURE_NAMES

WIDTH = 100


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        self.exit(2, f"convene procedure: {message} (see convene procedure --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="convene procedure", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("list", help="every procedure, with what it sets")
    show = commands.add_parser("show", help="one procedure's rules with their sources")
    show.add_argument("name", choices=PROCEDURE_NAMES, metavar="NAME")
    show.add_argument("--json", action="store_true", help="print the rules as JSON")
    diff = commands.add_parser("diff", help="where two procedures differ")
    diff.add_argument("a", choices=PROCEDURE_NAMES, metavar="A")
    diff.add_argument("b", choices=PROCEDURE_NAMES, metavar="B")
    return parser


def _topic_order(rule: Rule) -> tuple[int, int, str]:
    kinds = ("clock", "strategy_meeting", "attendee", "authorisation", "requirement")
    return (kinds.index(rule.kind), CLOCK_ORDER.get(rule.clock or "", 0), rule.topic)


def describe(rule: Rule) -> str:
    """What a rule sets, in a line: the part that two councils can disagree on."""
    if rule.kind == "clock":
        assert rule.timescale is not None
        joiner = " " if rule.timescale.text.endswith(" before") else " from "
        text = f"{rule.timescale.text}{joiner}{' or '.join(rule.anchors)}"
        if rule.default:
            text += ", unless another rule applies"
    elif rule.kind == "attendee":
        text = ", ".join(rule.attendees)
    elif rule.kind == "authorisation":
        text = " and ".join(rule.authorisers) + (", with reasons" if rule.reasons_required else "")
    elif rule.kind == "strategy_meeting":
        text = "a meeting, not a telephone discussion"
    else:
        text = rule.summary
    condition = rule.when.describe()
    return f"{text} (when {condition})" if condition else text


def _wrap(text: str, indent: str) -> str:
    # Only at spaces: a quote must read back word for word ("Pre-birth", not "Pre- birth").
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _rule_block(rule: Rule) -> list[str]:
    origin = "national" if rule.procedure == BASELINE else rule.procedure
    lines = [
        _wrap(f"{rule.summary}  [{origin}]", "  "),
        _wrap(f"sets: {describe(rule)}", "      "),
        _wrap(f"\u201c{' '.join(rule.quote.split())}\u201d", "      "),
        f"      source: {rule.source}" + (f" ({rule.authority})" if rule.authority else ""),
    ]
    if rule.choice:
        lines.append(_wrap(f"our reading: {rule.choice}", "      "))
    return lines


def rules_table(rules: list[Rule]) -> list[str]:
    """One row per rule: its topic, what it sets, whose rule it is and the text it quotes."""
    rows = [("TOPIC", "SETS", "RULE OF", "SOURCE")]
    for rule in rules:
        origin = "national" if rule.procedure == BASELINE else rule.procedure
        rows.append((rule.topic, describe(rule), origin, rule.source))
    topic_width = max(len(row[0]) for row in rows)
    origin_width = max(len(row[2]) for row in rows)
    sets_width = 40
    lines = []
    for topic, sets, origin, source in rows:
        wrapped = textwrap.wrap(sets, sets_width, break_on_hyphens=False) or [""]
        lines.append(
            f"{topic:<{topic_width}}  {wrapped[0]:<{sets_width}}  {origin:<{origin_width}}  "
            f"{source}".rstrip()
        )
        lines.extend(f"{'':<{topic_width}}  {more}" for more in wrapped[1:])
    return lines


def show(procedure: Procedure, out: IO[str]) -> None:
    out.write(f"{procedure.title} ({procedure.name}): {len(procedure.rules)} rules\n\n")
    ordered = sorted(procedure.rules, key=_topic_order)
    out.write("\n".join(rules_table(ordered)) + "\n\nEach rule with the sentence it quotes:\n")
    topic = None
    for rule in ordered:
        if rule.topic != topic:
            topic = rule.topic
            out.write(f"\n{topic}\n")
        out.write("\n".join(_rule_block(rule)) + "\n")


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "kind": rule.kind,
        "topic": rule.topic,
        "summary": rule.summary,
        "sets": describe(rule),
        "clock": rule.clock,
        "timescale": rule.timescale.text if rule.timescale else None,
        "from": list(rule.anchors),
        "quote": " ".join(rule.quote.split()),
        "source": rule.source,
        "authority": rule.authority,
        "choice": rule.choice,
    }


def list_procedures(procedures: Iterable[Procedure], out: IO[str]) -> None:
    rows = [("NAME", "RULES", "CLOCKS", "TITLE")]
    for procedure in procedures:
        rows.append(
            (
                procedure.name,
                str(len(procedure.rules)),
                str(len(procedure.clock_rules)),
                procedure.title,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)))
        out.write(f"  {row[3]}\n")


def differences(a: Procedure, b: Procedure) -> list[tuple[str, list[Rule], list[Rule]]]:
    """Topics on which the two procedures' rules do not have the same effects."""
    topics: dict[str, tuple[list[Rule], list[Rule]]] = {}
    for side, procedure in enumerate((a, b)):
        for rule in procedure.rules:
            topics.setdefault(rule.topic, ([], []))[side].append(rule)
    found = []
    for topic, (rules_a, rules_b) in topics.items():
        effects_a = {rule.effect() for rule in rules_a}
        effects_b = {rule.effect() for rule in rules_b}
        if effects_a != effects_b:
            only_a = [rule for rule in rules_a if rule.effect() not in effects_b]
            only_b = [rule for rule in rules_b if rule.effect() not in effects_a]
            found.append((topic, only_a, only_b))
    found.sort(key=lambda item: _topic_order((item[1] or item[2])[0]))
    return found


def diff(a: Procedure, b: Procedure, out: IO[str]) -> None:
    found = differences(a, b)
    if not found:
        out.write(f"{a.name} and {b.name} set the same rules.\n")
        return
    out.write(f"{a.name} and {b.name} differ on {len(found)} topics.\n")
    for topic, only_a, only_b in found:
        out.write(f"\n{topic}\n")
        for name, rules in ((a.name, only_a), (b.name, only_b)):
            if not rules:
                out.write(f"  {name}: nothing further\n")
            for rule in rules:
                out.write(_wrap(f"{name}: {describe(rule)}  ({rule.source})", "  ") + "\n")


def main(argv: list[str], stdout: IO[str] | None = None) -> int:
    out = stdout or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        load_all()  # a mistake in any procedure file is reported before anything is shown
        _run(args, out)
        out.flush()
    except ProcedureError as error:
        sys.stderr.write(f"convene procedure: a procedure file is wrong: {error}\n")
        return 2
    except BrokenPipeError:  # `convene procedure show NAME | head`: stop quietly
        discard_output(out)
        return BROKEN_PIPE
    return 0


def _run(args: argparse.Namespace, out: IO[str]) -> None:
    if args.command == "list":
        list_procedures(load_all().values(), out)
    elif args.command == "show":
        procedure = load_procedure(args.name)
        if args.json:
            document = {
                "name": procedure.name,
                "title": procedure.title,
                "rules": [rule_json(rule) for rule in procedure.rules],
            }
            out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        else:
            show(procedure, out)
    else:
        diff(load_procedure(args.a), load_procedure(args.b), out)
