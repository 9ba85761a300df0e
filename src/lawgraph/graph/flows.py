"""Who may or must give information to whom: the flows between a set of organisations.

A *flow* is one gateway that lets (or makes) one organisation give information to
another: the discloser, the recipient, the gateway and its kind (`FlowKind`), with the
gateway's own provision in the form practitioners write it. `sharing_flows` finds every
flow between each ordered pair of a set of holders (a partnership), for the purposes
asked, on a day. `lawgraph.graph.diagram` draws them; anything else that lists sharing
between organisations (a sharing map, a partnership's agreement) can hand its own flows
to the same renderer, since `Flow` is a plain frozen model.

Whether a gateway reaches a pair is decided only by
`lawgraph.knowledge.applicability.assess`, asked the reasoner's question ("may the
discloser give information to the recipient?", ``disclosure=True``), so a flow drawn
here is a gateway that ``lawgraph ask`` lists as applicable for the same discloser,
recipient, purpose and day. That question leaves out a power to request information (it
lets the requester ask; the body asked gives information under its own duty to comply,
a gateway of its own, which is drawn) and takes in the discloser's statutory functions
that name no recipient (`FlowKind.FUNCTION`: they ground a public task, but do not
themselves require or authorise the disclosure).

No practice context is asked about: a duty that arises only on a request made in a
particular setting (a s.47 enquiry) is a flow of kind `FlowKind.REQUEST` or one whose
provision says when it arises, not a duty in every setting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from lawgraph.errors import LawgraphError
from lawgraph.knowledge.applicability import Role, assess, obliges
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Commencement, Gateway, Jurisdiction, Nature, Status
from lawgraph.legislation.citations import format_citation

__all__ = ["Flow", "FlowError", "FlowKind", "flow_kind", "sharing_flows"]


class FlowError(LawgraphError, ValueError):
    """The holders asked about cannot be mapped: one is named twice, is an individual
    rather than an organisation, or did not exist on the day asked (the message names
    which and why)."""


class FlowKind(StrEnum):
    """What a flow lets the discloser do, as the diagram's legend says it."""

    #: must give the information to this recipient: a duty naming it, recorded as a
    #: legal obligation (UK GDPR Art 6(1)(c)); see `lawgraph.knowledge.applicability.obliges`
    DUTY = "duty"
    #: may give it: a power to share, or a duty (to co-operate, to make arrangements) that
    #: names the recipient but is not recorded as obliging the disclosure itself
    POWER = "power"
    #: must give it when asked: a duty to comply with a request
    REQUEST = "request"
    #: a statutory function of the discloser that names no recipient: it grounds the
    #: discloser's public task, but does not itself require or authorise the disclosure
    FUNCTION = "function"


class Flow(BaseModel):
    """One gateway from one organisation to another.

    Attributes:
        discloser: the holder id of the organisation giving the information.
        discloser_label: its name, as practitioners know it.
        recipient: the holder id of the organisation receiving it.
        recipient_label: its name.
        gateway: the gateway id (``data/gateways/``).
        kind: duty, power, duty to comply with a request, or function (`FlowKind`).
        provision: the gateway's own provision in citation form, e.g.
            ``Children Act 2004, s.11(1)``.
        uncertain: the data marks the gateway uncertain, or its commencement uncertain or
            partial: check it before relying on it.

    Examples:
        >>> flow = Flow(
        ...     discloser="maintained-school", discloser_label="Maintained school",
        ...     recipient="academy", recipient_label="Academy", gateway="epi2005-reg9",
        ...     kind=FlowKind.DUTY,
        ...     provision="Education (Pupil Information) (England) Regulations 2005, reg. 9(3)",
        ... )
        >>> flow.kind.value, flow.uncertain
        ('duty', False)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    discloser: str
    discloser_label: str
    recipient: str
    recipient_label: str
    gateway: str
    kind: FlowKind
    provision: str
    uncertain: bool = False


def flow_kind(gateway: Gateway, role: Role) -> FlowKind | None:
    """The kind of flow a gateway with this role makes, or ``None`` when it makes none
    (a power to request, or a rule with no recipient that is no function)."""
    if role is Role.FUNCTION:
        return FlowKind.FUNCTION
    if role is not Role.DISCLOSURE:
        return None
    if gateway.nature is Nature.DUTY_TO_COMPLY_WITH_REQUEST:
        return FlowKind.REQUEST
    return FlowKind.DUTY if obliges(gateway, role) else FlowKind.POWER


def _uncertain(gateway: Gateway) -> bool:
    return gateway.status is Status.UNCERTAIN or gateway.commencement in (
        Commencement.UNCERTAIN,
        Commencement.PARTLY_IN_FORCE,
    )


def sharing_flows(
    knowledge: Knowledge,
    holders: Sequence[str],
    *,
    purposes: Sequence[str] = (),
    on: dt.date | None = None,
    jurisdiction: Jurisdiction | None = Jurisdiction.ENGLAND,
) -> list[Flow]:
    """Every gateway from each of `holders` to each other, for any of `purposes`, on `on`.

    Args:
        knowledge: the curated knowledge.
        holders: the organisations (ids, names or aliases, resolved as everywhere else).
        purposes: purpose ids or titles; a gateway serving any of them counts. None given:
            every purpose.
        on: only gateways in force on this day, and the holders must exist on it (default
            today, as ``lawgraph ask`` defaults).
        jurisdiction: only gateways that apply there (default England, as a scenario's
            default); ``None`` asks nothing about place.

    Returns:
        The flows, discloser by discloser in the order `holders` names them, then
        recipient by recipient, then gateway in the order the knowledge files define them;
        each gateway once per ordered pair.

    Raises:
        UnknownHolderError: a holder is not known (with suggestions).
        UnknownPurposeError: a purpose is not known.
        FlowError: two names are the same holder, one is an individual (a practitioner
            or a private person) rather than an organisation, or a holder does not exist
            on `on`.

    Examples:
        >>> from lawgraph import load
        >>> k = load(parts=()).knowledge
        >>> found = sharing_flows(k, ["chief constable", "academy"], purposes=["safeguarding"])
        >>> [(f.gateway, f.kind.value) for f in found if f.discloser == "chief-officer-of-police"]
        ... # doctest: +ELLIPSIS
        [...('daa2021-s49a', 'duty')...]
    """
    on = on or dt.date.today()
    ids: list[str] = []
    for name in holders:
        holder = knowledge.holder(name)
        if holder.id in ids:
            raise FlowError(f"{name!r} names {holder.id!r}, which is already among the holders")
        if holder.practitioner or holder.private_person:
            raise FlowError(
                f"{name!r} is {holder.name} ({holder.id}), an individual, not an "
                "organisation: the flows are drawn between organisations"
            )
        if not knowledge.lifespan(holder.id).exists_on(on):
            raise FlowError(f"{holder.name} ({holder.id}) does not exist in law on {on}")
        ids.append(holder.id)
    asked: list[str | None] = [knowledge.purpose(p).id for p in purposes] or [None]
    lines = {h: [h, *knowledge.ancestors(h)] for h in ids}
    names = {h: knowledge.holders[h].name for h in ids}
    out: list[Flow] = []
    for discloser in ids:
        held = knowledge.gateways_held_by(discloser, include_any=True)
        for recipient in ids:
            if recipient == discloser:
                continue
            for gateway in held:
                kind = _reaches(
                    knowledge, gateway, discloser, recipient, lines, asked, on, jurisdiction
                )
                if kind is None:
                    continue
                out.append(
                    Flow(
                        discloser=discloser,
                        discloser_label=names[discloser],
                        recipient=recipient,
                        recipient_label=names[recipient],
                        gateway=gateway.id,
                        kind=kind,
                        provision=format_citation(gateway.citations[0].id),
                        uncertain=_uncertain(gateway),
                    )
                )
    return out


def _reaches(
    knowledge: Knowledge,
    gateway: Gateway,
    discloser: str,
    recipient: str,
    lines: dict[str, list[str]],
    purposes: list[str | None],
    on: dt.date,
    jurisdiction: Jurisdiction | None,
) -> FlowKind | None:
    """The kind of flow `gateway` makes from `discloser` to `recipient` for any of
    `purposes`, or None when it applies for none of them."""
    for purpose in purposes:
        verdict = assess(
            gateway,
            holder_line=lines[discloser],
            recipient_line=lines[recipient],
            recipient=recipient,
            purpose=purpose,
            on=on,
            jurisdiction=jurisdiction,
            served_through=knowledge.purposes[purpose].served_through if purpose else (),
            purpose_is_a=knowledge.purpose_ancestors(purpose) if purpose else (),
        )
        if verdict.applies:
            return flow_kind(gateway, verdict.role)
    return None
