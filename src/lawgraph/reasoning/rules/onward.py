"""A new use of information already held (``use: onward-use``), and the right of access
(``use: subject-access``): the steps of ``data/rules/onward-use.yaml`` and
``data/rules/subject-access.yaml``, and the use limit of the gateway the information came
in under (``Gateway.use_limit`` in data/gateways).
"""

from __future__ import annotations

from lawgraph.reasoning.rules._common import Facts, Layer, step
from lawgraph.reasoning.rules.gateways import GatewayResult
from lawgraph.reasoning.rules.tables import steps_of

__all__ = ["onward_use", "private_recipient", "subject_access"]


def onward_use(facts: Facts, gw: GatewayResult) -> Layer:
    """Purpose limitation, compatibility, and the use limit the statute attaches."""
    layer = Layer()
    layer.steps.extend(steps_of(facts, gw, "onward-use", frozenset()))
    table = facts.knowledge.rules["onward-use"] if facts.knowledge.rules else None
    for row in table.rows if table else ():
        layer.relies_on.extend(row.step.cite_conditions if row.step else ())
    g = facts.received_under
    if g is None:
        return layer
    layer.relies_on.append(g.id)
    if g.use_limit is None:
        layer.steps.append(
            step(
                "onward-use",
                f"The information came in under {g.title}; the data records no limit that "
                "provision puts on its use, so purpose limitation alone governs the new use.",
                tuple(dict.fromkeys(c.id for c in g.citations)),
                settled=False,
                judgement="Check the provision for any limit on using what it provides.",
            )
        )
        return layer
    allowed = ", ".join(g.usable_for())
    if facts.outside_use_limit:
        text = (
            f"The information came in under {g.title}, which limits its use: "
            f"{g.use_limit.summary} The new purpose {facts.scenario.purpose!r} is not among "
            f"the purposes it may be used for ({allowed}), so the statute does not allow "
            "this use."
        )
        layer.flags.append(
            f"Use limit: {g.id} allows the information to be used only for {allowed}."
        )
    else:
        text = (
            f"The information came in under {g.title}, which limits its use: "
            f"{g.use_limit.summary} The new purpose {facts.scenario.purpose!r} is among "
            f"the purposes it may be used for ({allowed})."
        )
    layer.steps.append(step("onward-use", text, (g.use_limit.citation,), settled=True))
    return layer


def subject_access(facts: Facts, gw: GatewayResult) -> Layer:
    """What the right of access gives, who may exercise it, and the restrictions."""
    return Layer(steps=steps_of(facts, gw, "subject-access", frozenset()))


def private_recipient(facts: Facts, gw: GatewayResult) -> Layer:
    """A disclosure to a private individual who is not the data subject."""
    return Layer(steps=steps_of(facts, gw, "private-recipient", frozenset()))
