"""The outcome policy: the first row of ``data/rules/outcome.yaml`` that holds gives the
outcome and its reason, then ``outcome-limits.yaml`` may narrow a sharing outcome."""

from __future__ import annotations

from lawgraph.knowledge.models import Status
from lawgraph.reasoning.determination import (
    BasisChoice,
    ConditionRoute,
    Determination,
    Outcome,
    RegimeChoice,
)
from lawgraph.reasoning.rules._common import Facts
from lawgraph.reasoning.rules.gateways import GatewayResult
from lawgraph.reasoning.rules.tables import State, first_row, selected, tables_of

__all__ = ["decide", "uncertain_backing"]


def uncertain_backing(facts: Facts, a6: tuple[BasisChoice, ...]) -> tuple[str, ...]:
    """The gateways behind Article 6(1) when every basis rests only on gateways marked
    uncertain; empty otherwise.

    A basis that rests on no gateway (vital interests, legitimate interests, consent) is
    independent of the doubt, and so is a gateway-based basis some verified gateway also
    supports: either carries the answer, and the uncertainty is then only listed.
    """
    k = facts.knowledge
    gateway_ids: list[str] = []
    for basis in a6:
        backing = [g for g in basis.supported_by if g in k.gateways]
        if not backing or any(k.gateways[g].status is Status.VERIFIED for g in backing):
            return ()
        gateway_ids.extend(backing)
    return tuple(dict.fromkeys(gateway_ids))


def decide(
    facts: Facts,
    regime: RegimeChoice,
    gw: GatewayResult,
    a6: tuple[BasisChoice, ...],
    routes: dict[str, tuple[ConditionRoute, ...] | None],
) -> tuple[Outcome, str]:
    """The outcome and its reason, from the outcome table and its limits."""
    k = facts.knowledge
    relied = {b.condition for b in a6}
    for found in routes.values():
        relied |= Determination.route_ids(found)
    doubtful = uncertain_backing(facts, a6)
    st = State(
        facts,
        gw,
        regime=regime.value,
        found={
            "article6": tuple(b.condition for b in a6),
            **{t: _ids(r) for t, r in routes.items()},
        },
        relied=frozenset(relied),
        rests_on_uncertain=bool(doubtful),
    )
    tables = tables_of(facts)
    row = first_row(tables["outcome"], st)
    assert row.outcome is not None
    values = {
        "jurisdiction": facts.scenario.jurisdiction.value,
        "duties": ", ".join(g.id for g in gw.duties),
        "verified_duties": ", ".join(g.id for g in gw.duties if g.status is Status.VERIFIED),
        "bases": " and ".join(b.title for b in a6),
        "doubts": "; ".join(
            f"{g}: {k.gateways[g].status_reason or 'no reason recorded'}" for g in doubtful
        ),
        "discloser": facts.discloser.name,
    }
    outcome, reason = Outcome(row.outcome), row.reason.format(**values)
    st.outcome = outcome.value
    for limit in selected(tables["outcome-limits"].rows, st):
        assert limit.outcome is not None
        outcome = Outcome(limit.outcome)
        reason = limit.reason.format(reason=reason)
        st.outcome = outcome.value
    return outcome, reason


def _ids(routes: tuple[ConditionRoute, ...] | None) -> tuple[str, ...] | None:
    return None if routes is None else tuple(r.condition for r in routes)
