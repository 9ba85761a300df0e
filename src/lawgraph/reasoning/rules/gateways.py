"""Which information-sharing gateways apply to this disclosure, and why others do not.

Candidates are the gateways the discloser holds (directly, through an ``is_a``
ancestor, or as ``any`` person). Whether each applies is decided by
`lawgraph.knowledge.applicability.assess`, the same test the graph queries and
``lawgraph gateways`` use; this layer turns the verdicts into cited steps and picks out
the duties.
"""

from __future__ import annotations

from dataclasses import dataclass

from lawgraph.knowledge.applicability import Role, assess
from lawgraph.knowledge.models import Commencement, Gateway, Nature, Status
from lawgraph.reasoning.determination import ApplicableGateway, RejectedGateway
from lawgraph.reasoning.rules._common import Facts, Layer, citations_of, step

__all__ = ["COMPELLING", "GatewayResult", "evaluate"]

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


@dataclass(frozen=True)
class GatewayResult:
    """Applicable and rejected gateways, the duties among them, and the layer."""

    applicable: tuple[ApplicableGateway, ...]
    rejected: tuple[RejectedGateway, ...]
    duties: tuple[Gateway, ...]
    layer: Layer


def _is_duty(g: Gateway, role: Role) -> bool:
    # A duty compels disclosure to this recipient only if it names the recipient and the
    # data says it supports Art 6(1)(c) (legal obligation).
    return role is Role.DISCLOSURE and g.nature in COMPELLING and "c" in g.article6


def evaluate(facts: Facts) -> GatewayResult:
    """Sort the discloser's gateways into applicable and rejected."""
    k = facts.knowledge
    applicable: list[ApplicableGateway] = []
    rejected: list[RejectedGateway] = []
    duties: list[Gateway] = []
    layer = Layer()
    s = facts.scenario
    if facts.subject_access:
        # The data subject's own right of access: no gateway is needed or asked about.
        return GatewayResult((), (), (), layer)
    for g in k.gateways_held_by(facts.discloser.id, include_any=True):
        # An onward use has no recipient: only the holder's own functions for the new
        # purpose bear on it (as its public task), not its powers to give to others.
        verdict = assess(
            g,
            holder_line=facts.discloser_line,
            recipient_line=None if facts.onward else facts.recipient_line,
            recipient=None if facts.onward else s.recipient,
            purpose=s.purpose,
            on=s.as_at,
            jurisdiction=s.jurisdiction,
            context=s.context.value,
        )
        if not verdict.applies:
            rejected.append(RejectedGateway(id=g.id, reason="; ".join(verdict.reasons)))
            continue
        role = verdict.role
        if facts.onward and role is not Role.FUNCTION:
            rejected.append(
                RejectedGateway(
                    id=g.id,
                    reason=f"a {role.value} gateway, for giving information to others; it "
                    "does not authorise a new use inside the organisation",
                )
            )
            continue
        cites = citations_of(k, g.id)
        applicable.append(
            ApplicableGateway(
                id=g.id, title=g.title, nature=g.nature.value, role=role.value, citations=cites
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
        if duty and g.exceptions:
            # A duty's statutory limits (e.g. CA 1989 s.47(10), "unreasonable in all the
            # circumstances") are for the person under it to judge on the facts.
            limits = "Judge whether a statutory limit or exception applies: " + " ".join(
                g.exceptions
            )
            judgement = f"{judgement} {limits}" if judgement else limits
        if role is Role.FUNCTION:
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
    layer.flags.extend(_members_differ(facts, {a.id for a in applicable}))
    return GatewayResult(tuple(applicable), tuple(rejected), tuple(duties), layer)


def _members_differ(facts: Facts, applicable: set[str]) -> list[str]:
    """Say when a more specific kind of the discloser or recipient would be reached by a
    gateway this answer does not reach, so naming a grouping ("police", "NHS body") never
    gives a weaker answer silently. Read from the data: ``is_a`` and each gateway's
    holders and recipients, judged by the same `assess`."""
    k, s = facts.knowledge, facts.scenario
    flags: list[str] = []
    for side in ("discloser", "recipient"):
        holder = facts.discloser if side == "discloser" else facts.recipient
        if not any(holder.id in h.is_a for h in k.holders.values()):
            continue  # not a grouping: nothing more specific to name
        found: dict[str, list[str]] = {}
        for member in k.descendants(holder.id):
            line = frozenset({member, *k.ancestors(member)})
            for g in k.gateways.values():
                if g.id in applicable:
                    continue
                named = g.holders if side == "discloser" else g.recipients
                if member not in named:
                    continue
                verdict = assess(
                    g,
                    holder_line=line if side == "discloser" else facts.discloser_line,
                    recipient_line=facts.recipient_line if side == "discloser" else line,
                    recipient=s.recipient if side == "discloser" else member,
                    purpose=s.purpose,
                    on=s.as_at,
                    jurisdiction=s.jurisdiction,
                    context=s.context.value,
                )
                if verdict.applies:
                    found.setdefault(member, []).append(g.id)
        if found:
            which = "; ".join(f"{m}: {', '.join(ids)}" for m, ids in found.items())
            flags.append(
                f"The {side} '{holder.id}' groups more specific bodies, and some of them are "
                f"reached by a gateway this answer is not ({which}). Name the body itself "
                "to see the answer for it: the grouping's answer may be weaker than a member's."
            )
    return flags
