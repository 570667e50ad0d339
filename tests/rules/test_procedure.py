"""Procedures as data: what the loader accepts, and the message for every mistake it rejects.

A council's procedure file is edited by hand, so a mistake must be reported as one line naming
the file, the rule and the key; the synthetic procedures here quote sentences that are in the
bundled Darlington text, so that only the mistake under test is wrong.
"""

from datetime import date, datetime

import pytest

from convene.rules.procedure import (
    BASELINE,
    Conditions,
    ProcedureError,
    load_all,
    load_procedure,
    parse_procedure,
    parse_procedure_text,
    parse_timescale,
)
from convene.rules.vocabulary import (
    ATTENDEE_CODES,
    AUTHORISED_DECISIONS,
    CHILD_FACTS,
    CLOCK_IDS,
    CONCERN_CODES,
    PROCEDURE_NAMES,
)

DARLINGTON = "darlington-child-protection-procedures.txt"
CORE_GROUP_QUOTE = (
    "Meet within 10 working days from the initial child protection conference if the child is "
    "the subject of a child protection plan;"
)
MIDWIFERY_QUOTE = "The involvement of midwifery services is vital"
QUORUM_QUOTE = (
    "Normally, minimum representation is Children's Social Care and at least two other agencies "
    "or key disciplines that have had direct contact with the child and family."
)
RULE = "darlington.toml: rules[0] (id 'r'): "


def clock_rule(**changes):
    """A valid clock rule; a change to None removes the key."""
    rule = {
        "id": "r",
        "clock": "first_core_group",
        "timescale": "5 working days",
        "from": "initial_conference_with_plan",
        "summary": "First core group within 5 working days",
        "quote": CORE_GROUP_QUOTE,
    }
    rule.update(changes)
    return {key: value for key, value in rule.items() if value is not None}


def rule_of(kind, **changes):
    rule = {"id": "r", "kind": kind, "summary": "A summary", "quote": QUORUM_QUOTE}
    rule.update(changes)
    return {key: value for key, value in rule.items() if value is not None}


def meeting_rule(**changes):
    return rule_of("strategy_meeting", **{"when": {"concerns_any": "complex"}, **changes})


def attendee_rule(**changes):
    return rule_of("attendee", **{"attendees": "midwifery", "level": "recommended", **changes})


def authorisation_rule(**changes):
    defaults = {"decision": "section_47", "by": "social_work_manager"}
    return rule_of("authorisation", **{**defaults, **changes})


def local_document(*rules, **changes):
    """A local procedure file darlington.toml; a change to None removes the key."""
    document = {
        "name": "darlington",
        "title": "Darlington (test)",
        "extends": BASELINE,
        "source": DARLINGTON,
        "rules": list(rules),
    }
    document.update(changes)
    return {key: value for key, value in document.items() if value is not None}


def parse_local(*rules, **changes):
    return parse_procedure(
        "darlington.toml", local_document(*rules, **changes), load_procedure(BASELINE)
    )


def error_of(*rules, **changes):
    with pytest.raises(ProcedureError) as raised:
        parse_local(*rules, **changes)
    return str(raised.value)


# --- the shipped procedures -----------------------------------------------------------------


def test_every_shipped_procedure_loads_under_its_own_name():
    procedures = load_all()
    assert list(procedures) == list(PROCEDURE_NAMES)
    for name, procedure in procedures.items():
        assert procedure.name == name
        assert procedure.title
        assert procedure.rules


def test_every_local_procedure_is_the_baseline_plus_its_own_rules():
    baseline = load_procedure(BASELINE)
    assert {rule.procedure for rule in baseline.rules} == {BASELINE}
    for name in PROCEDURE_NAMES[1:]:
        rules = load_procedure(name).rules
        assert rules[: len(baseline.rules)] == baseline.rules
        own = rules[len(baseline.rules) :]
        assert own and {rule.procedure for rule in own} == {name}
        assert all(rule.id.startswith(f"{name}/") for rule in own)


def test_procedures_are_loaded_once():
    assert load_procedure("sheffield") is load_procedure("sheffield")


def test_an_unknown_procedure_name_is_a_key_error():
    with pytest.raises(KeyError):
        load_procedure("atlantis")


def test_a_shipped_rule_carries_its_timescale_anchors_and_source():
    rules = load_procedure("darlington").clock_rules["conference_report_to_chair"]
    [rule] = [rule for rule in rules if rule.id == "darlington/report-to-chair"]
    assert (rule.timescale.kind, rule.timescale.amount) == ("working_days_before", 3)
    assert rule.anchors == ("initial_conference", "review_conference")
    assert rule.source == DARLINGTON
    assert rule.quote.startswith("The report should be provided to the chair")


# --- local rules and the baseline -----------------------------------------------------------


def test_local_rules_are_added_after_the_baseline_rules():
    baseline = load_procedure(BASELINE)
    procedure = parse_local(clock_rule())
    assert procedure.rules[:-1] == baseline.rules
    local = procedure.rules[-1]
    assert (local.id, local.procedure, local.kind) == ("darlington/r", "darlington", "clock")
    assert [rule.id for rule in procedure.clock_rules["first_core_group"]] == [
        "working-together/first-core-group",
        "darlington/r",
    ]


def test_replaces_removes_the_baseline_rule():
    procedure = parse_local(clock_rule(replaces="working-together/first-core-group"))
    ids = [rule.id for rule in procedure.rules]
    assert "working-together/first-core-group" not in ids
    assert [rule.id for rule in procedure.clock_rules["first_core_group"]] == ["darlington/r"]
    assert len(procedure.rules) == len(load_procedure(BASELINE).rules)


def test_replaces_takes_a_list_of_baseline_rules():
    procedure = parse_local(
        clock_rule(replaces=["working-together/first-core-group", "working-together/first-review"])
    )
    assert "first_review" not in procedure.clock_rules
    assert [rule.id for rule in procedure.clock_rules["first_core_group"]] == ["darlington/r"]


def test_a_rule_source_overrides_the_file_source():
    procedure = parse_local(clock_rule(source=DARLINGTON), source=None)
    assert procedure.rules[-1].source == DARLINGTON


def test_the_baseline_is_parsed_without_a_baseline():
    procedure = parse_procedure(
        "working-together.toml",
        {"name": BASELINE, "title": "Baseline", "rules": [clock_rule(source=DARLINGTON)]},
        None,
    )
    assert [rule.id for rule in procedure.rules] == ["working-together/r"]


def test_closure_days_are_read_from_toml_dates_and_add_to_the_baseline_closures():
    baseline_text = f"""
name = "{BASELINE}"
title = "Baseline (test)"
source = "{DARLINGTON}"
closure_days = [2026-12-24]

[[rules]]
id = "r"
clock = "first_core_group"
timescale = "10 working days"
from = "initial_conference_with_plan"
summary = "First core group within 10 working days"
quote = "{CORE_GROUP_QUOTE}"
"""
    baseline = parse_procedure_text("working-together.toml", baseline_text, None)
    assert baseline.closure_days == {date(2026, 12, 24)}
    local = parse_procedure(
        "darlington.toml",
        local_document(clock_rule(), closure_days=[date(2026, 12, 31)]),
        baseline,
    )
    assert local.closure_days == {date(2026, 12, 24), date(2026, 12, 31)}


def test_quote_matches_whatever_the_line_breaks_spacing_and_curly_quotes():
    # The text has "Children’s" with a curly apostrophe; the rule is typed with a straight one,
    # across lines.
    quote = "Any delay must have written agreement from the\n   Children's Social Care team manager"
    procedure = parse_local(authorisation_rule(quote=quote))
    assert procedure.rules[-1].quote == quote


def test_each_kind_of_rule_is_read_with_its_own_keys():
    procedure = parse_local(
        clock_rule(
            id="clock",
            clock="strategy_discussion",
            timescale="same day",
            **{"from": "concerns_identified"},
            default=True,
            when={"concerns_any": ["complex", "neglect"], "immediate_action_taken": True},
        ),
        meeting_rule(id="meeting"),
        attendee_rule(id="attendee", attendees=["midwifery", "health"], when={"child": "unborn"}),
        authorisation_rule(id="authorisation", by=["social_work_manager"], reasons_required=True),
        rule_of("requirement", id="requirement", choice="Read so.", authority="Local guidance"),
    )
    clock, meeting, attendee, authorisation, requirement = procedure.rules[-5:]
    assert clock.timescale.kind == "same_day" and clock.default
    assert clock.when == Conditions(
        concerns_any=frozenset({"complex", "neglect"}), immediate_action_taken=True
    )
    assert meeting.when.concerns_any == {"complex"}
    assert procedure.meeting_rules[-1] is meeting
    assert (attendee.attendees, attendee.level) == (("midwifery", "health"), "recommended")
    assert attendee.when.child == {"unborn"}
    assert procedure.attendee_rules[-1] is attendee
    assert authorisation.decision == "section_47"
    assert authorisation.authorisers == ("social_work_manager",)
    assert authorisation.reasons_required
    assert (requirement.choice, requirement.authority) == ("Read so.", "Local guidance")
    assert not parse_local(authorisation_rule()).rules[-1].reasons_required


# --- every mistake, named -------------------------------------------------------------------

CLOCK_KEYS = (
    "authority, choice, clock, default, from, id, kind, quote, replaces, source, summary, "
    "timescale, when"
)
TIMESCALE_HELP = (
    "(write e.g. 'same day', '24 hours', '3 working days', '45 days', '6 weeks', "
    "'3 months (91 days)', '3 working days before', 'as confirmed')"
)

RULE_MISTAKES = [
    pytest.param(
        clock_rule(kind="timer"),
        "'kind': unknown kind 'timer' (expected one of clock, strategy_meeting, attendee, "
        "authorisation, requirement)",
        id="unknown-kind",
    ),
    pytest.param(
        clock_rule(timescales="5 working days"),
        f"unknown key 'timescales' (allowed: {CLOCK_KEYS})",
        id="misspelt-key",
    ),
    pytest.param(
        rule_of("requirement", clock="first_core_group"),
        "unknown key 'clock' (allowed: authority, choice, id, kind, quote, replaces, source, "
        "summary)",
        id="key-of-another-kind",
    ),
    pytest.param(
        clock_rule(source="nowhere.txt"),
        "'source': 'nowhere.txt' is not in procedures/sources/",
        id="unknown-source",
    ),
    pytest.param(clock_rule(quote=None), "'quote' is required", id="no-quote"),
    pytest.param(clock_rule(quote="  "), "'quote' must be a non-empty string", id="blank-quote"),
    pytest.param(
        clock_rule(quote="A" * 61),
        f"'quote' is not in the source {DARLINGTON}: {'A' * 60!r}...",
        id="long-quote-not-in-source-is-shortened",
    ),
    pytest.param(
        clock_rule(replaces=3), "'replaces' must be a rule id or a list of them", id="replaces-3"
    ),
    pytest.param(
        clock_rule(replaces=["working-together/first-core-group", 3]),
        "'replaces' must be a rule id or a list of them",
        id="replaces-list-with-a-number",
    ),
    pytest.param(
        clock_rule(replaces="working-together/nope"),
        "'replaces': 'working-together/nope' is not a rule of the baseline 'working-together'",
        id="replaces-unknown-rule",
    ),
    pytest.param(
        clock_rule(replaces="first-core-group"),
        "'replaces': 'first-core-group' is not a rule of the baseline 'working-together'",
        id="replaces-without-the-procedure-name",
    ),
    pytest.param(clock_rule(summary=None), "'summary' is required", id="no-summary"),
    pytest.param(clock_rule(choice=5), "'choice' must be a non-empty string", id="choice-not-text"),
    pytest.param(
        clock_rule(authority=""), "'authority' must be a non-empty string", id="empty-authority"
    ),
    # clock rules
    pytest.param(clock_rule(clock=None), "'clock' is required", id="no-clock"),
    pytest.param(
        clock_rule(clock="core_groups"),
        f"'clock': unknown clock 'core_groups' (expected one of {', '.join(CLOCK_IDS)})",
        id="unknown-clock",
    ),
    pytest.param(
        clock_rule(clock=["first_core_group", "first_review"]),
        "'clock' must be one clock, not a list",
        id="two-clocks",
    ),
    pytest.param(clock_rule(timescale=None), "'timescale' is required", id="no-timescale"),
    pytest.param(
        clock_rule(timescale="promptly"),
        f"'timescale': cannot read timescale 'promptly' {TIMESCALE_HELP}",
        id="unreadable-timescale",
    ),
    pytest.param(
        clock_rule(timescale="0 working days"),
        f"'timescale': cannot read timescale '0 working days' {TIMESCALE_HELP}",
        id="zero-timescale",
    ),
    pytest.param(
        clock_rule(clock="conference_report_to_chair", timescale="3 working days"),
        "'timescale': clock 'conference_report_to_chair' is counted back from the conference: "
        "write 'N working days before'",
        id="report-not-counted-before",
    ),
    pytest.param(
        clock_rule(timescale="3 working days before"),
        "'timescale': clock 'first_core_group' cannot be counted 'before'",
        id="ordinary-clock-counted-before",
    ),
    pytest.param(
        clock_rule(**{"from": None}),
        "'from' must be a code or a non-empty list of codes",
        id="no-from",
    ),
    pytest.param(
        clock_rule(**{"from": []}),
        "'from' must be a code or a non-empty list of codes",
        id="empty-from",
    ),
    pytest.param(
        clock_rule(**{"from": "concerns_identified"}),
        "'from': unknown code 'concerns_identified' (expected one of "
        "initial_conference_with_plan, transfer_conference)",
        id="anchor-of-another-clock",
    ),
    pytest.param(
        clock_rule(default="yes"), "'default' must be true or false", id="default-not-bool"
    ),
    # conditions
    pytest.param(clock_rule(when="unborn"), "'when' must be a table", id="when-not-a-table"),
    pytest.param(
        clock_rule(when={"children": "unborn"}),
        "unknown key 'when.children' (allowed: child, concerns_any, forensic_evidence_needed, "
        "immediate_action_taken)",
        id="when-misspelt-key",
    ),
    pytest.param(
        clock_rule(when={"child": "toddler"}),
        f"'when.child': unknown code 'toddler' (expected one of {', '.join(CHILD_FACTS)})",
        id="unknown-child-fact",
    ),
    pytest.param(
        clock_rule(
            clock="strategy_discussion",
            **{"from": "concerns_identified"},
            when={"concerns_any": ["neglect", "starvation"]},
        ),
        f"'when.concerns_any': unknown code 'starvation' (expected one of "
        f"{', '.join(CONCERN_CODES)})",
        id="unknown-concern",
    ),
    pytest.param(
        clock_rule(
            clock="strategy_discussion",
            **{"from": "concerns_identified"},
            when={"immediate_action_taken": "yes"},
        ),
        "'when.immediate_action_taken' must be true or false",
        id="immediate-action-not-bool",
    ),
    pytest.param(
        clock_rule(when={"forensic_evidence_needed": 1}),
        "'when.forensic_evidence_needed' must be true or false",
        id="forensic-evidence-not-bool",
    ),
    # engine.py looks for concerns only on the strategy discussion clock: elsewhere such a
    # condition would never hold, so the rule would silently never apply.
    pytest.param(
        clock_rule(when={"concerns_any": "neglect"}),
        "'when.concerns_any': clock 'first_core_group' is not counted from concerns_identified, "
        "so it cannot depend on the concerns",
        id="concerns-on-a-clock-without-concerns",
    ),
    pytest.param(
        clock_rule(when={"immediate_action_taken": False}),
        "'when.immediate_action_taken': clock 'first_core_group' is not counted from "
        "concerns_identified, so it cannot depend on the concerns",
        id="immediate-action-on-a-clock-without-concerns",
    ),
    pytest.param(
        clock_rule(when={"forensic_evidence_needed": True}),
        "'when.forensic_evidence_needed': clock 'first_core_group' is not counted from "
        "concerns_identified, so it cannot depend on the concerns",
        id="forensic-evidence-on-a-clock-without-concerns",
    ),
    # strategy meeting rules
    pytest.param(
        meeting_rule(when=None),
        "'when.concerns_any' is required for a strategy_meeting rule",
        id="meeting-without-concerns",
    ),
    pytest.param(
        meeting_rule(when={"child": "unborn"}),
        "'when.concerns_any' is required for a strategy_meeting rule",
        id="meeting-on-child-facts-only",
    ),
    pytest.param(
        meeting_rule(when={"concerns_any": []}),
        "'when.concerns_any' must be a code or a non-empty list of codes",
        id="meeting-with-no-concerns",
    ),
    # attendee rules
    pytest.param(
        attendee_rule(attendees=None),
        "'attendees' must be a code or a non-empty list of codes",
        id="no-attendees",
    ),
    pytest.param(
        attendee_rule(attendees=["midwifery", "teacher"]),
        f"'attendees': unknown code 'teacher' (expected one of {', '.join(ATTENDEE_CODES)})",
        id="unknown-attendee",
    ),
    pytest.param(
        attendee_rule(level=None),
        "'level' must be 'required' or 'recommended'",
        id="no-level",
    ),
    pytest.param(
        attendee_rule(level="optional"),
        "'level' must be 'required' or 'recommended'",
        id="unknown-level",
    ),
    # authorisation rules
    pytest.param(authorisation_rule(decision=None), "'decision' is required", id="no-decision"),
    pytest.param(
        authorisation_rule(decision="adoption"),
        f"'decision': unknown code 'adoption' (expected one of {', '.join(AUTHORISED_DECISIONS)})",
        id="unknown-decision",
    ),
    pytest.param(
        authorisation_rule(decision=["section_47", "legal_action"]),
        "'decision' must be one code, not a list",
        id="two-decisions",
    ),
    pytest.param(
        authorisation_rule(by=None),
        "'by' must be a code or a non-empty list of codes",
        id="no-authoriser",
    ),
    pytest.param(
        authorisation_rule(by="chair"),
        "'by': unknown code 'chair' (expected one of social_work_manager, "
        "police_officer_in_charge, legal_adviser)",
        id="unknown-authoriser",
    ),
    pytest.param(
        authorisation_rule(reasons_required="always"),
        "'reasons_required' must be true or false",
        id="reasons-required-not-bool",
    ),
]


@pytest.mark.parametrize(("rule", "message"), RULE_MISTAKES)
def test_a_mistake_in_a_rule_names_the_file_the_rule_and_the_key(rule, message):
    assert error_of(rule) == RULE + message


def test_quote_not_in_source_is_rejected_naming_the_rule():
    # The text says 10 working days; a rule that misquotes it must not load.
    misquote = CORE_GROUP_QUOTE.replace("10 working days", "5 working days")
    assert error_of(clock_rule(quote=misquote)) == (
        f"{RULE}'quote' is not in the source {DARLINGTON}: {misquote[:60]!r}..."
    )


def test_quote_from_another_source_is_rejected_naming_that_source():
    sheffield = "sheffield-strategy-discussions.txt"
    assert error_of(clock_rule(source=sheffield, quote=MIDWIFERY_QUOTE)) == (
        f"{RULE}'quote' is not in the source {sheffield}: {MIDWIFERY_QUOTE!r}"
    )


def test_a_rule_that_is_not_a_table_is_named_by_its_position():
    assert error_of(clock_rule(), "r") == "darlington.toml: rules[1]: must be a table"


@pytest.mark.parametrize(
    ("id_", "message"), [(None, "'id' is required"), ("", "'id' must be a non-empty string")]
)
def test_a_rule_without_an_id_is_named_by_its_position(id_, message):
    assert error_of(clock_rule(id=id_)) == f"darlington.toml: rules[0]: {message}"


def test_a_rule_without_a_source_is_rejected_when_the_file_names_none():
    assert error_of(clock_rule(), source=None) == RULE + "'source' is required"


def test_a_duplicate_rule_id_names_the_second_rule():
    assert error_of(clock_rule(), clock_rule(timescale="6 working days")) == (
        "darlington.toml: rules[1] (id 'r'): 'id': a rule with this id comes earlier in the file"
    )


def test_a_rule_cannot_replace_a_local_rule():
    rules = (clock_rule(id="first"), clock_rule(id="second", replaces="darlington/first"))
    assert error_of(*rules) == (
        "darlington.toml: rules[1] (id 'second'): 'replaces': 'darlington/first' is not a rule "
        "of the baseline 'working-together'"
    )


def test_the_baseline_cannot_replace_its_own_rules():
    document = {
        "name": BASELINE,
        "title": "Baseline",
        "source": DARLINGTON,
        "rules": [clock_rule(id="a"), clock_rule(id="b", replaces="working-together/a")],
    }
    with pytest.raises(ProcedureError) as raised:
        parse_procedure("working-together.toml", document, None)
    assert str(raised.value) == (
        "working-together.toml: rules[1] (id 'b'): 'replaces': 'working-together/a' is not a "
        "rule of the baseline 'working-together'"
    )


FILE_MISTAKES = [
    pytest.param(
        {"rule": []},
        "unknown key 'rule' (allowed: closure_days, extends, name, rules, source, title)",
        id="misspelt-key",
    ),
    pytest.param({"name": None}, "'name' is required", id="no-name"),
    pytest.param({"title": ""}, "'title' must be a non-empty string", id="blank-title"),
    pytest.param(
        {"name": "sheffield"},
        "'name' is 'sheffield', but the file is darlington.toml",
        id="name-is-not-the-file-name",
    ),
    pytest.param(
        {"extends": None}, "'extends' must name the baseline 'working-together'", id="no-extends"
    ),
    pytest.param(
        {"extends": "liverpool"},
        "'extends' must name the baseline 'working-together'",
        id="extends-another-procedure",
    ),
    pytest.param({"source": 3}, "'source' must be a non-empty string", id="source-not-text"),
    pytest.param(
        {"closure_days": date(2026, 12, 24)},
        "'closure_days' must be a list of dates (write [2026-12-24])",
        id="closure-days-not-a-list",
    ),
    pytest.param(
        {"closure_days": [date(2026, 12, 24), "2026-12-31"]},
        "'closure_days': '2026-12-31' is not a date (write 2026-12-24)",
        id="closure-day-as-text",
    ),
    # A datetime is a date in Python, but never equal to a calendar day: it would close nothing.
    pytest.param(
        {"closure_days": [datetime(2026, 12, 24, 9, 0)]},
        "'closure_days': 2026-12-24T09:00:00 has a time of day (write 2026-12-24)",
        id="closure-day-with-a-time",
    ),
    pytest.param(
        {"rules": None},
        "'rules' must be a non-empty array of tables ([[rules]])",
        id="no-rules",
    ),
    pytest.param(
        {"rules": []}, "'rules' must be a non-empty array of tables ([[rules]])", id="empty-rules"
    ),
    pytest.param(
        {"rules": {"id": "r"}},
        "'rules' must be a non-empty array of tables ([[rules]])",
        id="rules-not-an-array",
    ),
]


@pytest.mark.parametrize(("changes", "message"), FILE_MISTAKES)
def test_a_mistake_in_a_procedure_file_names_the_file_and_the_key(changes, message):
    assert error_of(clock_rule(), **changes) == f"darlington.toml: {message}"


def test_the_baseline_extends_nothing():
    document = {"name": BASELINE, "title": "Baseline", "extends": BASELINE, "rules": []}
    with pytest.raises(ProcedureError) as raised:
        parse_procedure("working-together.toml", document, None)
    assert str(raised.value) == (
        "working-together.toml: 'extends' is only for a local procedure, not the baseline"
    )


def test_a_file_that_is_not_toml_names_the_file_and_the_line():
    with pytest.raises(ProcedureError) as raised:
        parse_procedure_text("darlington.toml", 'name = "darlington"\ntitle\n', None)
    message = str(raised.value)
    assert message.startswith("darlington.toml: not valid TOML: ")
    assert "line 2" in message


# --- timescales -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "amount"),
    [
        ("same day", "same_day", 0),
        ("1 hour", "hours", 1),
        ("24 hours", "hours", 24),
        ("1 working day", "working_days", 1),
        ("3 working days", "working_days", 3),
        ("1 day", "days", 1),
        ("45 days", "days", 45),
        ("6 weeks", "days", 42),
        ("1 week", "days", 7),
        ("3 months (91 days)", "days", 91),
        ("6 months (182 days)", "days", 182),
        ("1 working day before", "working_days_before", 1),
        ("3 working days before", "working_days_before", 3),
    ],
)
def test_timescales_are_read_as_the_procedures_write_them(text, kind, amount):
    timescale = parse_timescale(text)
    assert (timescale.kind, timescale.amount, timescale.text) == (kind, amount, text)


@pytest.mark.parametrize(
    "text",
    # Months alone are ambiguous in calendar arithmetic: the days must be given.
    ["3 months", "0 days", "0 weeks", "soon", "3 working days after", "Same day", "3  days"],
)
def test_a_timescale_that_cannot_be_counted_is_rejected(text):
    with pytest.raises(ValueError, match="cannot read timescale"):
        parse_timescale(text)


# --- describing rules -----------------------------------------------------------------------


def test_conditions_describe_every_condition_in_words():
    when = Conditions(
        concerns_any=frozenset({"neglect", "complex"}),
        immediate_action_taken=True,
        forensic_evidence_needed=False,
        child=frozenset({"school_age", "hospital_inpatient"}),
    )
    assert when.describe() == (
        "concerns: complex or neglect; immediate action taken: yes; "
        "forensic evidence needed: no; child: hospital inpatient; child: school age"
    )
    opposite = Conditions(immediate_action_taken=False, forensic_evidence_needed=True)
    assert opposite.describe() == "immediate action taken: no; forensic evidence needed: yes"


def test_a_rule_without_conditions_describes_none():
    assert Conditions().describe() == ""


def test_conditions_of_a_shipped_rule_are_described():
    rule = next(
        r
        for r in load_procedure("triborough").rules
        if r.id.endswith("strategy-discussion-forensic")
    )
    assert rule.when.describe() == (
        "concerns: penetrative_sexual_abuse; forensic evidence needed: yes"
    )


@pytest.mark.parametrize(
    ("procedure", "rule_id", "topic"),
    [
        ("darlington", "darlington/report-to-chair", "clock conference_report_to_chair"),
        ("sheffield", "sheffield/meeting-complex", "strategy meeting mandatory"),
        ("working-together", "working-together/strategy-minimum-attendees", "required attendees"),
        ("working-together", "working-together/strategy-referrer", "recommended attendees"),
        ("liverpool", "liverpool/section-47-decision", "authorisation of section_47"),
        ("darlington", "darlington/plan-category", "requirements"),
    ],
)
def test_the_topic_of_a_rule_says_what_it_is_about(procedure, rule_id, topic):
    [rule] = [rule for rule in load_procedure(procedure).rules if rule.id == rule_id]
    assert rule.topic == topic


def rule(procedure, rule_id):
    [found] = [r for r in load_procedure(procedure).rules if r.id == rule_id]
    return found


def test_rules_with_the_same_timescale_in_other_words_have_the_same_effect():
    national = rule("working-together", "working-together/assessment-completion")
    darlington = rule("darlington", "darlington/assessment-completion")
    assert national.quote != darlington.quote
    assert national.effect() == darlington.effect()


def test_rules_with_different_timescales_have_different_effects():
    national = rule("working-together", "working-together/assessment-completion")
    liverpool = rule("liverpool", "liverpool/assessment-completion")  # 45 days, not working days
    assert national.effect() != liverpool.effect()


def test_requirements_differ_in_effect_by_what_they_require():
    quorum = rule("darlington", "darlington/conference-quorum")
    category = rule("darlington", "darlington/plan-category")
    assert quorum.effect() != category.effect()


def test_rules_of_a_kind_come_in_file_order():
    authorisations = load_procedure("sheffield").rules_of("authorisation")
    assert [r.id for r in authorisations] == [
        "sheffield/authorise-strategy-decision",
        "sheffield/authorise-no-further-action",
        "sheffield/authorise-legal-action",
        "sheffield/authorise-telephone-record",
    ]
    assert load_procedure(BASELINE).rules_of("authorisation") == ()
