"""The minimum-necessary step: the data minimisation principle of the regime, then the
bases relied on (each limited to what is "necessary"); which principle each regime has
is ``data/rules/principles.yaml``."""

from __future__ import annotations

from lawgraph.reasoning.determination import BasisChoice, ConditionRoute, RegimeChoice, Step
from lawgraph.reasoning.rules import necessity
from lawgraph.reasoning.rules._common import Facts, citations_of
from lawgraph.reasoning.rules.tables import tables_of

__all__ = ["advise", "principles"]


def principles(facts: Facts, regime: RegimeChoice) -> tuple[str, ...]:
    """The conditions stating the data minimisation principle of `regime`."""
    return tables_of(facts).minimisation[regime.value]


def advise(
    facts: Facts,
    regime: RegimeChoice,
    a6: tuple[BasisChoice, ...],
    p3: tuple[ConditionRoute, ...] | None,
) -> Step:
    """The minimum-necessary step, citing the principle first and then the bases."""
    k = facts.knowledge
    cites = [
        c for cid in principles(facts, regime) if cid in k.conditions for c in citations_of(k, cid)
    ]
    basis_cites = [c for b in a6 for c in b.citations] + [c for r in p3 or () for c in r.citations]
    if not basis_cites and not cites:
        fallback = tables_of(facts).minimisation_fallback
        basis_cites = [c for cid in fallback for c in citations_of(k, cid)]
    return necessity.minimum_necessary(facts, tuple(cites + basis_cites))
