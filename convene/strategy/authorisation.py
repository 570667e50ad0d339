"""Who must authorise a strategy discussion's decisions, under the council's procedure.

Nothing decided at a strategy discussion is final until every authoriser the procedure names
has agreed. The procedure's `authorisation` rules say who; on top of them Convene asks a
children's social care manager to authorise every strategy decision in every procedure (the
protective reading of "nothing is final until authorised"; Sheffield states it in terms).
"""

from __future__ import annotations

from dataclasses import dataclass

from convene.rules.procedure import Rule, load_procedure
from convene.strategy.models import Authorisation, StrategyDiscussion

SOCIAL_WORK_MANAGER = "social_work_manager"
POLICE_OFFICER_IN_CHARGE = "police_officer_in_charge"
LEGAL_ADVISER = "legal_adviser"

# Four eyes: the manager who authorises the decisions is not the one who recorded them.
OWN_DECISIONS = (
    "You recorded these decisions, so another manager must authorise them as the social work "
    "manager."
)

# Decisions about the record rather than the child: they gate circulation, not the enquiry.
RECORD_DECISIONS = frozenset({"strategy_record"})

# Rules that in their own words apply only to a telephone discussion ("For telephone
# discussions, a copy of the notes ... must be authorised by the manager"): a meeting's record
# does not need them.
TELEPHONE_ONLY_RULES = frozenset(
    {"sheffield/authorise-telephone-record", "triborough/authorise-telephone-record"}
)


@dataclass(frozen=True)
class RequiredAuthorisation:
    decision: str
    authoriser: str
    reasons_required: bool
    rule: Rule | None  # None: Convene's own default (see the module's docstring)
    given: Authorisation | None

    @property
    def done(self) -> bool:
        return self.given is not None


def decisions_taken(discussion: StrategyDiscussion) -> list[str]:
    """The authorisable decisions this discussion has recorded, in the contract's order."""
    if not discussion.outcome:
        return []
    taken = ["strategy_decision"]
    if discussion.outcome == "section_47":
        taken.append("section_47")
    if discussion.outcome == "no_further_action" and discussion.insufficient_evidence:
        taken.append("no_further_action_insufficient_evidence")
    if discussion.legal_action:
        taken.append("legal_action")
    if discussion.record_finalised_at is not None:
        taken.append("strategy_record")
    return taken


def required_authorisations(discussion: StrategyDiscussion) -> list[RequiredAuthorisation]:
    procedure = load_procedure(discussion.case.council.procedure)
    given = {(a.decision, a.authoriser): a for a in discussion.authorisations.all()}
    required: dict[tuple[str, str], RequiredAuthorisation] = {}
    rules_by_decision: dict[str, list[Rule]] = {}
    for rule in procedure.rules_of("authorisation"):
        assert rule.decision is not None
        if rule.id in TELEPHONE_ONLY_RULES and discussion.form != "discussion":
            continue
        rules_by_decision.setdefault(rule.decision, []).append(rule)
    for decision in decisions_taken(discussion):
        for rule in rules_by_decision.get(decision, []):
            for authoriser in rule.authorisers:
                key = (decision, authoriser)
                if key not in required:
                    required[key] = RequiredAuthorisation(
                        decision, authoriser, rule.reasons_required, rule, given.get(key)
                    )
        if decision == "strategy_decision":
            key = (decision, SOCIAL_WORK_MANAGER)
            required.setdefault(
                key,
                RequiredAuthorisation(decision, SOCIAL_WORK_MANAGER, False, None, given.get(key)),
            )
    return list(required.values())


def decisions_final(discussion: StrategyDiscussion) -> bool:
    """Every decision about the child authorised by everyone the procedure names."""
    if not discussion.outcome:
        return False
    return all(
        item.done
        for item in required_authorisations(discussion)
        if item.decision not in RECORD_DECISIONS
    )


def record_authorised(discussion: StrategyDiscussion) -> bool:
    return all(
        item.done
        for item in required_authorisations(discussion)
        if item.decision in RECORD_DECISIONS
    )


def awaiting_authorisation(discussion: StrategyDiscussion) -> list[RequiredAuthorisation]:
    """The authorisations still to be given, decisions about the child first."""
    return [item for item in required_authorisations(discussion) if not item.done]
