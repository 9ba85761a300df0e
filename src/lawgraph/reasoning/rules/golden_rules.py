"""The seven golden rules of information sharing, each with what it says about this
answer; the wording is ``data/rules/principles.yaml`` (paraphrased from HM Government's
2024 advice for practitioners, as its ``golden_rules_source`` says)."""

from __future__ import annotations

from lawgraph.reasoning.determination import GoldenRule, Outcome
from lawgraph.reasoning.labels import enum_label
from lawgraph.reasoning.rules._common import Facts, Layer
from lawgraph.reasoning.rules.gateways import GatewayResult
from lawgraph.reasoning.rules.tables import State, holds, tables_of

__all__ = ["advise"]

_NONE = GatewayResult((), (), (), Layer())


def advise(facts: Facts, outcome: Outcome) -> tuple[GoldenRule, ...]:
    """The golden rules, with a line on each for this answer."""
    s = facts.scenario
    st = State(facts, _NONE, outcome=outcome.value)
    # in words: the rules are read by practitioners, and the JSON has the values
    values = {
        "outcome": enum_label(outcome),
        "consent": enum_label(s.consent),
        "subject": enum_label(s.subject),
        "necessity": enum_label(s.necessity),
    }
    out: list[GoldenRule] = []
    for spec in tables_of(facts).golden_rules:
        here = next((h.text for h in spec.here_when if holds(h.when, st)), spec.here)
        out.append(GoldenRule(number=spec.number, rule=spec.rule, here=here.format(**values)))
    return tuple(out)
