"""Which regime governs: UK GDPR with DPA 2018 Part 2, or Part 3 (law enforcement).

Decided by who processes and for what purpose, in the rows of ``data/rules/regime.yaml``
(the first that applies): Part 3 only where the discloser is a competent authority (DPA
2018 s.30, Sch 7) and the purpose a law enforcement purpose (s.31); a body that is not,
or is not acting as, a competent authority shares with one under the UK GDPR; and a
competent authority sharing for a purpose that may be either gets the choice flagged.
"""

from __future__ import annotations

from lawgraph.reasoning.determination import RegimeChoice
from lawgraph.reasoning.rules._common import Facts, Layer
from lawgraph.reasoning.rules.gateways import GatewayResult
from lawgraph.reasoning.rules.tables import State, first_row, step_of, tables_of

__all__ = ["decide"]

_NO_GATEWAYS = GatewayResult((), (), (), Layer())


def decide(facts: Facts) -> tuple[RegimeChoice, Layer]:
    """The regime and the step explaining it."""
    row = first_row(tables_of(facts)["regime"], State(facts, _NO_GATEWAYS))
    assert row.regime is not None and row.step is not None  # checked when loaded
    names = {
        "discloser": facts.discloser.name,
        "recipient": facts.recipient.name,
        "purpose": facts.scenario.purpose,
    }
    st = step_of(facts, row.step, State(facts, _NO_GATEWAYS))
    st = st.model_copy(
        update={
            "text": st.text.format(**names),
            "judgement": st.judgement.format(**names) if st.judgement else None,
        }
    )
    layer = Layer(steps=[st], relies_on=list(row.step.cite_conditions))
    if row.flag is not None:
        layer.flags.append(row.flag.format(**names))
    return RegimeChoice(row.regime), layer
