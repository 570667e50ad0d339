"""Procedures as data: the national baseline and each council's differences.

A procedure file (`procedures/NAME.toml`) holds rules. Each rule quotes the sentence it comes
from and names the source file; the quote is checked against the bundled copy of that file
(`procedures/sources/`) when the procedure is loaded, so a citation can never drift from its
text. A local procedure `extends` the baseline: its rules are added to the baseline's, and may
`replaces` a baseline rule by id. Every key and value is validated at load; a mistake is a
`ProcedureError` naming the file, the rule and the key.

Rule kinds:
- clock: a timescale for one of the contract's clocks (`clock`, `timescale`, `from`). A
  condition on the concerns (`when.concerns_any` and the like) is only for a clock counted
  from concerns_identified.
- strategy_meeting: concerns that make a strategy meeting (not a telephone discussion) mandatory.
- attendee: who must take part (`level = "required"`) or should be invited ("recommended").
- authorisation: a decision that someone must authorise (for the web application).
- requirement: anything else the procedure requires, shown to users but not timed.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, Final, Literal

from convene.rules import SOURCE
from convene.rules.vocabulary import (
    ATTENDEE_CODES,
    AUTHORISED_DECISIONS,
    AUTHORISERS,
    BEFORE_CLOCKS,
    CHILD_FACTS,
    CLOCK_ANCHORS,
    CLOCK_IDS,
    CONCERN_CODES,
    CONFIRMED_ANCHORS,
    PROCEDURE_NAMES,
)

# The procedure files, read from the source (the package directory, wherever the compiled
# modules run from).
PROCEDURES: Final = SOURCE / "procedures"

BASELINE = "working-together"

TimescaleKind = Literal[
    "same_day", "hours", "working_days", "days", "working_days_before", "as_confirmed"
]
RuleKind = Literal["clock", "strategy_meeting", "attendee", "authorisation", "requirement"]
RULE_KINDS: tuple[RuleKind, ...] = (
    "clock",
    "strategy_meeting",
    "attendee",
    "authorisation",
    "requirement",
)


class ProcedureError(ValueError):
    """A procedure file is wrong. The message names the file, the rule and the key."""


@dataclass(frozen=True, slots=True)
class Timescale:
    kind: TimescaleKind
    amount: int
    text: str


_TIMESCALE_PATTERNS: tuple[tuple[re.Pattern[str], TimescaleKind, int], ...] = (
    (re.compile(r"(\d+) working days? before"), "working_days_before", 1),
    (re.compile(r"(\d+) working days?"), "working_days", 1),
    (re.compile(r"(\d+) hours?"), "hours", 1),
    (re.compile(r"(\d+) days?"), "days", 1),
    (re.compile(r"(\d+) weeks?"), "days", 7),
    # Months are ambiguous in calendar arithmetic; the texts give the days, so must we.
    (re.compile(r"\d+ months? \((\d+) days\)"), "days", 1),
)


def parse_timescale(text: str) -> Timescale:
    """Read a timescale as the procedures write it: "same day", "24 hours", "3 working days",
    "45 days", "6 weeks", "3 months (91 days)", "3 working days before", "as confirmed"."""
    if text == "same day":
        return Timescale("same_day", 0, text)
    if text == "as confirmed":  # the interval a manager confirmed, in the timeline
        return Timescale("as_confirmed", 0, text)
    for pattern, kind, multiplier in _TIMESCALE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            amount = int(match.group(1)) * multiplier
            if amount < 1:
                break
            return Timescale(kind, amount, text)
    raise ValueError(
        f"cannot read timescale {text!r} (write e.g. 'same day', '24 hours', '3 working days', "
        "'45 days', '6 weeks', '3 months (91 days)', '3 working days before', 'as confirmed')"
    )


@dataclass(frozen=True, slots=True)
class Conditions:
    """When a rule applies. Every condition given must hold."""

    concerns_any: frozenset[str] | None = None
    immediate_action_taken: bool | None = None
    forensic_evidence_needed: bool | None = None
    child: frozenset[str] = frozenset()

    def describe(self) -> str:
        parts = []
        if self.concerns_any is not None:
            parts.append("concerns: " + " or ".join(sorted(self.concerns_any)))
        if self.immediate_action_taken is not None:
            parts.append(
                f"immediate action taken: {'yes' if self.immediate_action_taken else 'no'}"
            )
        if self.forensic_evidence_needed is not None:
            parts.append(
                f"forensic evidence needed: {'yes' if self.forensic_evidence_needed else 'no'}"
            )
        parts.extend(f"child: {fact.replace('_', ' ')}" for fact in sorted(self.child))
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    procedure: str
    kind: RuleKind
    summary: str
    quote: str
    source: str
    choice: str | None = None
    authority: str | None = None
    # clock rules
    clock: str | None = None
    timescale: Timescale | None = None
    anchors: tuple[str, ...] = ()
    default: bool = False
    when: Conditions = field(default_factory=Conditions)
    # attendee rules
    attendees: tuple[str, ...] = ()
    level: Literal["required", "recommended"] | None = None
    # authorisation rules
    decision: str | None = None
    authorisers: tuple[str, ...] = ()
    reasons_required: bool = False

    @property
    def topic(self) -> str:
        """What the rule is about, for comparing procedures."""
        if self.kind == "clock":
            return f"clock {self.clock}"
        if self.kind == "attendee":
            return f"{self.level} attendees"
        if self.kind == "authorisation":
            return f"authorisation of {self.decision}"
        if self.kind == "strategy_meeting":
            return "strategy meeting mandatory"
        return "requirements"

    def effect(self) -> tuple[object, ...]:
        """What the rule does, without its wording: two rules with equal effects agree."""
        return (
            self.kind,
            self.clock,
            self.timescale.kind if self.timescale else None,
            self.timescale.amount if self.timescale else None,
            self.anchors,
            self.default,
            self.when,
            self.attendees,
            self.level,
            self.decision,
            self.authorisers,
            self.reasons_required,
            self.summary if self.kind == "requirement" else None,
        )


@dataclass(frozen=True)
class Procedure:
    name: str
    title: str
    rules: tuple[Rule, ...]
    closure_days: frozenset[date] = frozenset()
    # Indexes built once so the engine does no searching per timeline.
    clock_rules: Mapping[str, tuple[Rule, ...]] = field(default_factory=dict)
    meeting_rules: tuple[Rule, ...] = ()
    attendee_rules: tuple[Rule, ...] = ()

    def rules_of(self, kind: RuleKind) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.kind == kind)


def _index(name: str, title: str, rules: tuple[Rule, ...], closures: frozenset[date]) -> Procedure:
    clock_rules: dict[str, tuple[Rule, ...]] = {}
    for rule in rules:
        if rule.clock is not None:
            clock_rules[rule.clock] = (*clock_rules.get(rule.clock, ()), rule)
    return Procedure(
        name=name,
        title=title,
        rules=rules,
        closure_days=closures,
        clock_rules=clock_rules,
        meeting_rules=tuple(r for r in rules if r.kind == "strategy_meeting"),
        attendee_rules=tuple(r for r in rules if r.kind == "attendee"),
    )


# --- loading and validation ------------------------------------------------------------------

_FILE_KEYS = {"name", "title", "extends", "source", "closure_days", "rules"}
_RULE_KEYS: dict[str, set[str]] = {
    "clock": {"clock", "timescale", "from", "default", "when"},
    "strategy_meeting": {"when"},
    "attendee": {"attendees", "level", "when"},
    "authorisation": {"decision", "by", "reasons_required"},
    "requirement": set(),
}
_COMMON_KEYS = {"id", "kind", "summary", "quote", "source", "choice", "authority", "replaces"}
_WHEN_KEYS = {"concerns_any", "immediate_action_taken", "forensic_evidence_needed", "child"}


def _normalise(text: str) -> str:
    """Compare quotes on words, not on layout: line breaks, spacing and curly quotes vary."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2013", "-")
    return " ".join(text.split())


@cache
def source_text(filename: str) -> str:
    """The bundled copy of a procedure text, normalised for quote checking."""
    resource = PROCEDURES / "sources" / filename
    if not resource.is_file():
        raise FileNotFoundError(filename)
    return _normalise(resource.read_text(encoding="utf-8"))


class _Reader:
    """Validates one procedure file, naming the place of every mistake."""

    def __init__(self, filename: str) -> None:
        self.place = filename

    def fail(self, message: str) -> ProcedureError:
        return ProcedureError(f"{self.place}: {message}")

    def choices(self, key: str, value: Any, allowed: tuple[str, ...], what: str) -> ProcedureError:
        return self.fail(
            f"'{key}': unknown {what} {value!r} (expected one of {', '.join(allowed)})"
        )

    def string(self, table: Mapping[str, Any], key: str, required: bool = True) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(f"'{key}' is required")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be a non-empty string")
        return value

    def boolean(self, table: Mapping[str, Any], key: str, prefix: str = "") -> bool | None:
        value = table.get(key)
        if value is not None and not isinstance(value, bool):
            raise self.fail(f"'{prefix}{key}' must be true or false")
        return value

    def codes(self, value: Any, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            raise self.fail(f"'{key}' must be a code or a non-empty list of codes")
        for code in value:
            if code not in allowed:
                raise self.choices(key, code, allowed, "code")
        return tuple(value)

    def code(self, value: Any, key: str, allowed: tuple[str, ...], what: str = "code") -> str:
        if value is None:
            raise self.fail(f"'{key}' is required")
        if isinstance(value, list):
            raise self.fail(f"'{key}' must be one {what}, not a list")
        if value not in allowed:
            raise self.choices(key, value, allowed, what)
        return str(value)

    def unknown_keys(self, table: Mapping[str, Any], allowed: set[str], prefix: str = "") -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            raise self.fail(
                f"unknown key '{prefix}{extra[0]}' (allowed: {', '.join(sorted(allowed))})"
            )

    def conditions(self, table: Mapping[str, Any]) -> Conditions:
        when = table.get("when", {})
        if not isinstance(when, dict):
            raise self.fail("'when' must be a table")
        self.unknown_keys(when, _WHEN_KEYS, "when.")
        concerns = when.get("concerns_any")
        child = when.get("child")
        return Conditions(
            concerns_any=None
            if concerns is None
            else frozenset(self.codes(concerns, "when.concerns_any", CONCERN_CODES)),
            immediate_action_taken=self.boolean(when, "immediate_action_taken", "when."),
            forensic_evidence_needed=self.boolean(when, "forensic_evidence_needed", "when."),
            child=frozenset()
            if child is None
            else frozenset(self.codes(child, "when.child", CHILD_FACTS)),
        )

    def rule(
        self, table: Any, procedure: str, default_source: str | None
    ) -> tuple[Rule, tuple[str, ...]]:
        if not isinstance(table, dict):
            raise self.fail("must be a table")
        local_id = self.string(table, "id")
        assert local_id is not None
        self.place = f"{self.place} (id {local_id!r})"
        kind = table.get("kind", "clock")
        if kind not in RULE_KINDS:
            raise self.choices("kind", kind, RULE_KINDS, "kind")
        self.unknown_keys(table, _COMMON_KEYS | _RULE_KEYS[kind])
        source = self.string(table, "source", required=default_source is None) or default_source
        assert source is not None
        quote = self.string(table, "quote")
        assert quote is not None
        try:
            text = source_text(source)
        except FileNotFoundError:
            raise self.fail(f"'source': {source!r} is not in procedures/sources/") from None
        if _normalise(quote) not in text:
            shown = repr(quote) if len(quote) <= 60 else repr(quote[:60]) + "..."
            raise self.fail(f"'quote' is not in the source {source}: {shown}")
        replaces = table.get("replaces", [])
        if isinstance(replaces, str):
            replaces = [replaces]
        if not isinstance(replaces, list) or not all(isinstance(r, str) for r in replaces):
            raise self.fail("'replaces' must be a rule id or a list of them")
        summary = self.string(table, "summary")
        assert summary is not None
        common: dict[str, Any] = {
            "id": f"{procedure}/{local_id}",
            "procedure": procedure,
            "kind": kind,
            "summary": summary,
            "quote": quote,
            "source": source,
            "choice": self.string(table, "choice", required=False),
            "authority": self.string(table, "authority", required=False),
        }
        if kind == "clock":
            common.update(self._clock(table))
        elif kind == "strategy_meeting":
            when = self.conditions(table)
            if when.concerns_any is None:
                raise self.fail("'when.concerns_any' is required for a strategy_meeting rule")
            common["when"] = when
        elif kind == "attendee":
            common["attendees"] = self.codes(table.get("attendees"), "attendees", ATTENDEE_CODES)
            level = table.get("level")
            if level not in ("required", "recommended"):
                raise self.fail("'level' must be 'required' or 'recommended'")
            common["level"] = level
            common["when"] = self.conditions(table)
        elif kind == "authorisation":
            common["decision"] = self.code(table.get("decision"), "decision", AUTHORISED_DECISIONS)
            common["authorisers"] = self.codes(table.get("by"), "by", AUTHORISERS)
            common["reasons_required"] = bool(self.boolean(table, "reasons_required"))
        return Rule(**common), tuple(replaces)

    def _clock(self, table: Mapping[str, Any]) -> dict[str, Any]:
        clock = self.code(table.get("clock"), "clock", CLOCK_IDS, "clock")
        text = self.string(table, "timescale")
        assert text is not None
        try:
            timescale = parse_timescale(text)
        except ValueError as error:
            raise self.fail(f"'timescale': {error}") from None
        if (timescale.kind == "working_days_before") != (clock in BEFORE_CLOCKS):
            raise self.fail(
                f"'timescale': clock {clock!r} "
                + (
                    "is counted back from the conference: write 'N working days before'"
                    if clock in BEFORE_CLOCKS
                    else "cannot be counted 'before'"
                )
            )
        anchors = self.codes(table.get("from"), "from", CLOCK_ANCHORS[clock])
        confirmed = [anchor in CONFIRMED_ANCHORS for anchor in anchors]
        if (timescale.kind == "as_confirmed") != all(confirmed) or any(confirmed) != all(confirmed):
            raise self.fail(
                "'timescale': 'as confirmed' is the timescale of, and only of, "
                + ", ".join(sorted(CONFIRMED_ANCHORS))
            )
        when = self.conditions(table)
        # Only a clock counted from the concerns has concerns to test; on any other clock such
        # a condition could never hold, and the rule would silently never apply.
        if "concerns_identified" not in CLOCK_ANCHORS[clock]:
            for key in ("concerns_any", "immediate_action_taken", "forensic_evidence_needed"):
                if getattr(when, key) is not None:
                    raise self.fail(
                        f"'when.{key}': clock {clock!r} is not counted from concerns_identified,"
                        " so it cannot depend on the concerns"
                    )
        return {
            "clock": clock,
            "timescale": timescale,
            "anchors": anchors,
            "default": bool(self.boolean(table, "default")),
            "when": when,
        }


def parse_procedure(
    filename: str, document: Mapping[str, Any], baseline: Procedure | None
) -> Procedure:
    """Build a procedure from a parsed procedure file `NAME.toml`; `baseline` when it
    `extends` one."""
    reader = _Reader(filename)
    reader.unknown_keys(document, _FILE_KEYS)
    name = reader.string(document, "name")
    title = reader.string(document, "title")
    assert name is not None and title is not None
    if filename != f"{name}.toml":
        raise reader.fail(f"'name' is {name!r}, but the file is {filename}")
    default_source = reader.string(document, "source", required=False)
    extends = reader.string(document, "extends", required=False)
    if baseline is None:
        if extends is not None:
            raise reader.fail("'extends' is only for a local procedure, not the baseline")
    elif extends != baseline.name:
        raise reader.fail(f"'extends' must name the baseline {baseline.name!r}")
    closures: set[date] = set(baseline.closure_days) if baseline else set()
    raw_closures = document.get("closure_days", [])
    if not isinstance(raw_closures, list):
        raise reader.fail("'closure_days' must be a list of dates (write [2026-12-24])")
    for value in raw_closures:
        # A TOML date-time is a datetime: a date that never equals a calendar day.
        if isinstance(value, datetime):
            raise reader.fail(
                f"'closure_days': {value.isoformat()} has a time of day (write 2026-12-24)"
            )
        if not isinstance(value, date):
            raise reader.fail(f"'closure_days': {value!r} is not a date (write 2026-12-24)")
        closures.add(value)
    raw_rules = document.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise reader.fail("'rules' must be a non-empty array of tables ([[rules]])")
    rules: list[Rule] = list(baseline.rules) if baseline else []
    baseline_ids = {rule.id for rule in rules}
    seen = set(baseline_ids)
    for index, table in enumerate(raw_rules):
        reader.place = f"{filename}: rules[{index}]"
        rule, replaces = reader.rule(table, name, default_source)
        if rule.id in seen:
            raise reader.fail("'id': a rule with this id comes earlier in the file")
        for replaced in replaces:
            if replaced not in baseline_ids:
                raise reader.fail(
                    f"'replaces': {replaced!r} is not a rule of the baseline {BASELINE!r}"
                )
            rules = [r for r in rules if r.id != replaced]
        seen.add(rule.id)
        rules.append(rule)
    return _index(name, title, tuple(rules), frozenset(closures))


def parse_procedure_text(filename: str, text: str, baseline: Procedure | None) -> Procedure:
    """Build a procedure from the text of a procedure file (see `parse_procedure`)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProcedureError(f"{filename}: not valid TOML: {error}") from None
    return parse_procedure(filename, document, baseline)


@cache
def load_procedure(name: str) -> Procedure:
    """The named procedure, validated; loaded once per process."""
    if name not in PROCEDURE_NAMES:
        raise KeyError(name)
    baseline = None if name == BASELINE else load_procedure(BASELINE)
    resource = PROCEDURES / f"{name}.toml"
    return parse_procedure_text(f"{name}.toml", resource.read_text(encoding="utf-8"), baseline)


def load_all() -> dict[str, Procedure]:
    return {name: load_procedure(name) for name in PROCEDURE_NAMES}
