"""Which information-sharing gateways apply to this disclosure, and why others do not.

Candidates are the gateways the discloser holds (directly, through an ``is_a``
ancestor, or as ``any`` person). A candidate applies when its recipients include the
recipient (or the gateway names no recipient and is one of the discloser's own
functions), its purposes include the purpose, it is in force on the date asked, and it
applies in the jurisdiction. Everything is read from ``data/gateways``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lawgraph.knowledge.models import ANY, Commencement, Gateway, Nature, Status
from lawgraph.legislation.enactment import enacted_no_earlier_than
from lawgraph.legislation.models import Extent, Territory
from lawgraph.reasoning.determination import ApplicableGateway, RejectedGateway
from lawgraph.reasoning.rules._common import Facts, Layer, citations_of, step

__all__ = ["COMPELLING", "FUNCTIONS", "GatewayResult", "evaluate"]

#: Natures that describe the discloser's own function rather than a disclosure.
FUNCTIONS = frozenset({Nature.DUTY_TO_MAKE_ARRANGEMENTS, Nature.DUTY_TO_HAVE_REGARD})

#: Natures that can oblige the holder to give information to the recipient.
COMPELLING = frozenset(
    {
        Nature.DUTY_TO_SHARE,
        Nature.DUTY_TO_COMPLY_WITH_REQUEST,
        Nature.DUTY_TO_NOTIFY,
        Nature.DUTY_TO_COOPERATE,
        Nature.DUTY_TO_MAKE_ARRANGEMENTS,
    }
)

_TERRITORY = {
    "england": Territory.ENGLAND,
    "wales": Territory.WALES,
    "scotland": Territory.SCOTLAND,
    "northern-ireland": Territory.NORTHERN_IRELAND,
}


@dataclass(frozen=True)
class GatewayResult:
    """Applicable and rejected gateways, the duties among them, and the layer."""

    applicable: tuple[ApplicableGateway, ...]
    rejected: tuple[RejectedGateway, ...]
    duties: tuple[Gateway, ...]
    layer: Layer


def _is_duty(g: Gateway, role: str) -> bool:
    # A duty compels disclosure to this recipient only if it names the recipient and the
    # data says it supports Art 6(1)(c) (legal obligation).
    return role == "disclosure" and g.nature in COMPELLING and "c" in g.article6


def _reasons(facts: Facts, g: Gateway) -> tuple[list[str], str]:
    s = facts.scenario
    reasons: list[str] = []
    role = "disclosure"
    if g.recipients:
        if ANY not in g.recipients and not facts.recipient_line.intersection(g.recipients):
            reasons.append(
                f"its recipients ({', '.join(g.recipients)}) do not include {s.recipient}"
            )
    elif g.nature in FUNCTIONS:
        role = "function"
    else:
        reasons.append(
            f"it is a {g.nature.value.replace('_', ' ')} with no recipient: "
            "it does not provide for a disclosure by the holder"
        )
    if g.nature is Nature.POWER_TO_REQUEST:
        reasons.append("it is a power to request information, not to disclose it")
    if s.purpose not in g.purposes:
        reasons.append(f"purpose {s.purpose!r} is not among its purposes ({', '.join(g.purposes)})")
    if g.commencement is Commencement.PROSPECTIVE:
        reasons.append("not in force until commenced (the data records it as prospective)")
    elif g.in_force_from and dt.date.fromisoformat(g.in_force_from) > s.as_at:
        reasons.append(f"not in force until {g.in_force_from}")
    elif (doc := facts.knowledge.gateway_documents.get(g.id)) and (
        (made := enacted_no_earlier_than(doc)) is not None and made > s.as_at
    ):
        # no in-force date recorded, but a statute cannot be in force before it exists
        reasons.append(f"not in force: {doc} dates from {made.year}, after {s.as_at}")
    if g.in_force_to and dt.date.fromisoformat(g.in_force_to) < s.as_at:
        reasons.append(f"ceased to be in force on {g.in_force_to}")
    if s.jurisdiction not in g.applies_to:
        where = ", ".join(j.value for j in g.applies_to) or "nowhere recorded"
        reasons.append(f"it applies to {where}, not {s.jurisdiction.value}")
    elif g.extent and not Extent.parse(g.extent).includes(_TERRITORY[s.jurisdiction.value]):
        reasons.append(f"its extent ({g.extent}) does not include {s.jurisdiction.value}")
    return reasons, role


def evaluate(facts: Facts) -> GatewayResult:
    """Sort the discloser's gateways into applicable and rejected."""
    k = facts.knowledge
    applicable: list[ApplicableGateway] = []
    rejected: list[RejectedGateway] = []
    duties: list[Gateway] = []
    layer = Layer()
    for g in k.gateways_held_by(facts.discloser.id, include_any=True):
        reasons, role = _reasons(facts, g)
        if reasons:
            rejected.append(RejectedGateway(id=g.id, reason="; ".join(reasons)))
            continue
        cites = citations_of(k, g.id)
        applicable.append(
            ApplicableGateway(
                id=g.id, title=g.title, nature=g.nature.value, role=role, citations=cites
            )
        )
        layer.relies_on.append(g.id)
        duty = _is_duty(g, role)
        if duty:
            duties.append(g)
        judgement = None
        if g.status is Status.UNCERTAIN:
            judgement = f"The data marks {g.id} uncertain: {g.status_reason}"
        elif g.commencement in (Commencement.UNCERTAIN, Commencement.PARTLY_IN_FORCE):
            judgement = f"Check that the provision of {g.id} relied on is in force."
        if role == "function":
            text = (
                f"{g.title}: a statutory function of {facts.discloser.name} for this purpose. "
                "It names no recipient, so it grounds a public task but does not itself "
                "require or authorise this disclosure."
            )
        elif duty:
            text = f"{g.title}: a duty ({g.nature.value}) that reaches this disclosure."
        else:
            text = f"{g.title}: a {g.nature.value.replace('_', ' ')} that reaches this disclosure."
        if g.conditions:
            text += " Conditions: " + " ".join(g.conditions)
        layer.steps.append(
            step("gateways", text, cites, settled=judgement is None, judgement=judgement)
        )
    return GatewayResult(tuple(applicable), tuple(rejected), tuple(duties), layer)
