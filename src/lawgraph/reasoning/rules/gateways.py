"""Which information-sharing gateways apply to this disclosure, and why others do not.

Candidates are the gateways the discloser holds (directly, through an ``is_a``
ancestor, or as ``any`` person). Whether each applies is decided by
`lawgraph.knowledge.applicability.assess`, the same test the graph queries and
``lawgraph gateways`` use; this layer turns the verdicts into cited steps and picks out
the duties.
"""

from __future__ import annotations

from dataclasses import dataclass

from lawgraph.knowledge.applicability import COMPELLING, Applicability, Role, assess, obliges
from lawgraph.knowledge.models import Commencement, Gateway, PurposeCover, Status
from lawgraph.reasoning.determination import ApplicableGateway, RejectedGateway
from lawgraph.reasoning.rules._common import Facts, Layer, citations_of, step

__all__ = ["COMPELLING", "GatewayResult", "evaluate"]


@dataclass(frozen=True)
class GatewayResult:
    """Applicable and rejected gateways, the duties among them, and the layer."""

    applicable: tuple[ApplicableGateway, ...]
    rejected: tuple[RejectedGateway, ...]
    duties: tuple[Gateway, ...]
    layer: Layer


def _is_duty(g: Gateway, role: Role) -> bool:
    # A duty compels disclosure to this recipient only if it names the recipient and the
    # data says it supports Art 6(1)(c) (legal obligation): decided in one place, which
    # the sharing diagram's duty arrows also read.
    return obliges(g, role)


def _verdicts(
    facts: Facts,
) -> list[tuple[Gateway, Applicability, RejectedGateway | None]]:
    """Each of the discloser's gateways with `assess`'s verdict on this question, and the
    answer's entry for it when it does not apply. The verdict reads only what the key
    names (not the data categories or consent), so it is worked out once per question
    for the loaded knowledge; the entries are frozen, so answers can share them."""
    s = facts.scenario
    # An onward use has no recipient: only the holder's own functions for the new
    # purpose bear on it (as its public task), not its powers to give to others.
    recipient_line = None if facts.onward else facts.recipient_line
    recipient = None if facts.onward else s.recipient
    key = (
        "verdicts",
        facts.discloser.id,
        facts.discloser_line,
        recipient_line,
        recipient,
        s.purpose,
        s.as_at,
        s.jurisdiction,
        s.context.value,
    )

    def verdicts() -> list[tuple[Gateway, Applicability, RejectedGateway | None]]:
        out: list[tuple[Gateway, Applicability, RejectedGateway | None]] = []
        for g in facts.knowledge.gateways_held_by(facts.discloser.id, include_any=True):
            verdict = assess(
                g,
                holder_line=facts.discloser_line,
                recipient_line=recipient_line,
                recipient=recipient,
                purpose=s.purpose,
                on=s.as_at,
                jurisdiction=s.jurisdiction,
                context=s.context.value,
                served_through=facts.purpose.served_through,
                purpose_is_a=facts.purpose_is_a,
            )
            refused = (
                None
                if verdict.applies
                else RejectedGateway(id=g.id, reason="; ".join(verdict.reasons))
            )
            out.append((g, verdict, refused))
        return out

    return facts.knowledge.memoised(key, verdicts)


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
    for g, verdict, refused in _verdicts(facts):
        if refused is not None:
            rejected.append(refused)
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
        cites = citations_of(k, g.id)  # a cover's citation is always among them
        applicable.append(
            ApplicableGateway(id=g.id, title=g.title, nature=g.nature, role=role, citations=cites)
        )
        layer.relies_on.append(g.id)
        duty = _is_duty(g, role)
        if duty:
            duties.append(g)
        judgement = None
        # Practitioners read these: the gateway by its title; why the data is uncertain
        # is the curator's note, kept in the answer's `uncertain` entries (and data/).
        if g.status is Status.UNCERTAIN:
            judgement = (
                f"lawgraph's data on {g.title!r} is marked uncertain: check the provision "
                "(on legislation.gov.uk or with your adviser) before relying on it."
            )
        elif g.commencement in (Commencement.UNCERTAIN, Commencement.PARTLY_IN_FORCE):
            judgement = f"Check that the provision of {g.title!r} relied on is in force."
        if verdict.cover is not None and verdict.cover.judgement:
            judgement = (
                f"{judgement} {verdict.cover.judgement}" if judgement else verdict.cover.judgement
            )
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
        if verdict.cover is not None:
            text += " " + _covered(facts, verdict.cover)
        if g.conditions:
            text += " Conditions: " + " ".join(g.conditions)
        layer.steps.append(
            step("gateways", text, cites, settled=judgement is None, judgement=judgement)
        )
    if not _any_gateway_serves(facts):
        layer.flags.append(
            f"No information-sharing gateway in the data serves purpose {s.purpose!r}: the "
            "statutory gateways recorded (safeguarding, crime and disorder, public protection "
            "and the others) each serve only the purposes their provisions state, so none of "
            "them can be relied on here. Only the general bases of data protection law can "
            "apply, each with its own test, and the answer says no where none does."
        )
    return GatewayResult(tuple(applicable), tuple(rejected), tuple(duties), layer)


def _any_gateway_serves(facts: Facts) -> bool:
    """Some gateway in the data lists the purpose or is recorded as covering it."""
    purpose = facts.purpose
    return bool(purpose.served_through) or any(
        purpose.id in g.purposes for g in facts.knowledge.gateways.values()
    )


def _covered(facts: Facts, cover: PurposeCover) -> str:
    """Say which words of the gateway's provision make it serve the narrower purpose."""
    purpose = facts.purpose
    words = "; ".join(f'"{purpose.anchor_of(c)}" ({c})' for c in cover.citations)
    return (
        f"It serves {purpose.id!r} as a kind of {cover.through!r}, which it serves, because "
        f"its words {words} cover it: {cover.reason}"
    )
