"""A request said to be made under Children Act 2004 s.16H (safeguarding partners).

Who must comply, and the limits on the duty, are what the data records about s.16H; the
outcome table (``data/rules/outcome.yaml``) turns an unconfirmed s.16H entry into a
needs-review answer.
"""

from __future__ import annotations

from lawgraph.knowledge.models import Status
from lawgraph.reasoning.rules._common import Facts, Layer, citations_of, step

__all__ = ["S16H", "advise"]

#: Children Act 2004 s.16H, the safeguarding partners' power to require information.
S16H = "ca2004-s16H"


def advise(facts: Facts) -> Layer:
    """The s.16H step, and a flag when the data does not confirm the duty."""
    k = facts.knowledge
    layer = Layer()
    if S16H not in k.gateways:
        return layer
    g = k.gateways[S16H]
    layer.relies_on.append(S16H)
    settled = g.status is not Status.UNCERTAIN
    layer.steps.append(
        step(
            "s16h-request",
            "The information is asked for by safeguarding partners under Children Act 2004 "
            "s.16H. Whether the person asked must comply, and any limits on what can be "
            "required or how it may be used, come from s.16H itself"
            + (": " + " ".join(g.conditions) if settled else "")
            + ("" if settled else f"; the data does not confirm them ({g.status_reason})"),
            citations_of(k, S16H),
            settled=settled,
            judgement=None
            if settled
            else "Read s.16H (and any statutory guidance on it) or take advice on whether "
            "the request obliges you to comply and what it can require.",
        )
    )
    if not settled:
        layer.flags.append(
            "s.16H request: the data marks ca2004-s16H uncertain, so whether it obliges the "
            "discloser to comply, and its limits, are unconfirmed."
        )
    return layer
