"""Whether a gateway applies: to this holder, this recipient, this purpose, on this day, here.

This is the one place that decides it. The reasoner's gateway layer, the graph's
`lawgraph.graph.query.gateways_for` and ``lawgraph gateways`` all call `assess`, so a
gateway that one of them treats as applying the others do too.

Every test reads a field of the `Gateway` entry; nothing about any particular statute is
written here:

- *held*: its ``holders`` include the holder or one of its ``is_a`` ancestors, or
  ``any`` person;
- *role*: what it lets the holder do (`Role`), from its ``nature`` and whether it names
  recipients;
- *recipient*: when one is asked about, its ``recipients`` include it (or an ancestor,
  or ``any``);
- *purpose*: its ``purposes`` include the purpose, or the purpose is a kind of one
  they include (``Purpose.is_a``) and the data records the words of the gateway's
  provision that cover it (``Purpose.served_through``); being a kind of a purpose it
  serves is not enough on its own;
- *context*: where it arises only on a request (``only_in_context``), the question
  arises in that practice context;
- *in force*: the day is inside its `Period` (``in_force_from`` to ``in_force_to``, both
  inclusive), and it is not recorded as prospective. With no ``in_force_from``
  recorded, the period still cannot start before the statute of its own provision (its
  first citation) can have existed: 1 January of the year in that statute's identifier
  (`lawgraph.legislation.enactment`), so an 1800 date finds no gateway in force;
- *place*: the jurisdiction is among its ``applies_to`` and inside its ``extent``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from lawgraph.knowledge.models import (
    ANY,
    Commencement,
    Gateway,
    Jurisdiction,
    Nature,
    PurposeCover,
)
from lawgraph.knowledge.period import Period
from lawgraph.legislation.enactment import enacted_no_earlier_than
from lawgraph.legislation.extent import Extent, Territory
from lawgraph.legislation.identifiers import LegislationId

__all__ = [
    "COMPELLING",
    "FUNCTIONS",
    "Applicability",
    "Role",
    "assess",
    "in_force_period",
    "obliges",
    "role_of",
    "statute_of",
]

#: Natures that describe the holder's own function rather than a disclosure.
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
    Jurisdiction.ENGLAND: Territory.ENGLAND,
    Jurisdiction.WALES: Territory.WALES,
    Jurisdiction.SCOTLAND: Territory.SCOTLAND,
    Jurisdiction.NORTHERN_IRELAND: Territory.NORTHERN_IRELAND,
}


class Role(StrEnum):
    """What a gateway lets its holder do with information."""

    #: give information to the recipients it names
    DISCLOSURE = "disclosure"
    #: a statutory function of the holder that names no recipient: it grounds a public
    #: task, but does not itself provide for a disclosure
    FUNCTION = "function"
    #: ask the recipients it names for information (they are the ones who disclose)
    REQUEST = "request"
    #: none of these: a rule with no recipient that is not one of the holder's functions
    NONE = "none"


def in_force_period(gateway: Gateway) -> Period | None:
    """When the gateway is in force, or ``None`` while it is recorded as prospective.

    An unrecorded start is not open-ended: it is no earlier than its statute can exist.
    """
    # asked for every gateway of every answer; a gateway is frozen, so its period is too
    cached = _PERIODS.get(id(gateway))
    if cached is not None and cached[0] is gateway:
        return cached[1]
    period = _in_force_period(gateway)
    if len(_PERIODS) > 4096:
        _PERIODS.clear()
    _PERIODS[id(gateway)] = (gateway, period)
    return period


_PERIODS: dict[int, tuple[Gateway, Period | None]] = {}


def _in_force_period(gateway: Gateway) -> Period | None:
    if gateway.commencement is Commencement.PROSPECTIVE:
        return None
    period = Period.of(gateway)
    if period.first is None:
        made = _statute_from(gateway)
        if made is not None and (period.last is None or made <= period.last):
            return Period(made, period.last)
    return period


def statute_of(gateway: Gateway) -> str | None:
    """The document of the gateway's own provision (its first citation)."""
    return str(LegislationId.parse(gateway.citations[0].id).document) if gateway.citations else None


def _statute_from(gateway: Gateway) -> dt.date | None:
    # enacted_no_earlier_than reads only the year and is cached: cheap on every ask()
    return enacted_no_earlier_than(gateway.citations[0].id) if gateway.citations else None


def role_of(gateway: Gateway) -> Role:
    """What the gateway lets its holder do, from its nature and recipients."""
    if gateway.nature is Nature.POWER_TO_REQUEST:
        return Role.REQUEST
    if gateway.recipients:
        return Role.DISCLOSURE
    if gateway.nature in FUNCTIONS:
        return Role.FUNCTION
    return Role.NONE


def obliges(gateway: Gateway, role: Role) -> bool:
    """True when the gateway obliges its holder to give the information to the recipient.

    Only a gateway that names its recipients can (a function naming none grounds a public
    task but compels no disclosure), only one of a compelling nature (`COMPELLING`), and
    only where the data says it supports UK GDPR Art 6(1)(c), legal obligation: a duty to
    co-operate recorded under Art 6(1)(e) alone lets the holder share but does not make it.
    The reasoner's duties and the sharing diagram's duty edges both come from here.
    """
    return role is Role.DISCLOSURE and gateway.nature in COMPELLING and "c" in gateway.article6


@dataclass(frozen=True, slots=True)
class Applicability:
    """The verdict on one gateway for one question.

    Attributes:
        gateway: the entry assessed.
        role: what it lets the holder do (`Role`).
        reasons: why it does not apply, in words for the practitioner; empty when it does.
        cover: when it serves the purpose only as a kind of a broader purpose it lists,
            the words of its provision that cover it (`PurposeCover`).
    """

    gateway: Gateway
    role: Role
    reasons: tuple[str, ...]
    cover: PurposeCover | None = None

    @property
    def applies(self) -> bool:
        """True when nothing stands in the way."""
        return not self.reasons


def assess(
    gateway: Gateway,
    *,
    holder_line: Iterable[str],
    recipient_line: Iterable[str] | None = None,
    recipient: str | None = None,
    purpose: str | None = None,
    on: dt.date | None = None,
    jurisdiction: Jurisdiction | None = None,
    context: str | None = None,
    disclosure: bool = True,
    served_through: Sequence[PurposeCover] = (),
    purpose_is_a: Collection[str] = (),
) -> Applicability:
    """Whether `gateway` applies to this question; each argument left ``None`` is not asked.

    Args:
        gateway: the entry.
        holder_line: the holder's id and every id it is a kind of (``is_a`` ancestors).
        recipient_line: the same for the recipient.
        recipient: the recipient's id as the practitioner named it, for the reasons.
        purpose: a purpose id.
        on: the day asked about.
        jurisdiction: where the disclosure takes place.
        context: the practice context the question arises in (a scenario's
            ``context``). A gateway with ``only_in_context`` (a duty that arises only once
            a request is made) applies only there.
        disclosure: the question is whether the holder may give information to the
            recipient (the reasoner's question). A power to request, or a rule with no
            recipient that is not a function, then does not apply, and a function with no
            recipient does, as the holder's public task. ``False`` asks only whether the
            gateway connects the two, whatever its role.
        served_through: the purpose's `PurposeCover` entries (``Purpose.served_through``):
            a gateway that does not list the purpose serves it where one names it.
        purpose_is_a: the purpose's ``is_a`` ancestors, so a rejection can say that the
            purpose is a kind of one the gateway serves but no words cover it.
    """
    holders = frozenset(holder_line)
    role = role_of(gateway)
    reasons: list[str] = []
    if ANY not in gateway.holders and holders.isdisjoint(gateway.holders):
        reasons.append(f"its holders ({', '.join(gateway.holders)}) do not include the holder")
    if recipient_line is not None:
        recipients = frozenset(recipient_line)
        if gateway.recipients:
            if ANY not in gateway.recipients and recipients.isdisjoint(gateway.recipients):
                who = recipient or next(iter(sorted(recipients)), "the recipient")
                reasons.append(
                    f"its recipients ({', '.join(gateway.recipients)}) do not include {who}"
                )
        elif role is Role.NONE or not disclosure:
            reasons.append(
                f"it is a {gateway.nature.value.replace('_', ' ')} with no recipient: "
                "it does not provide for a disclosure by the holder"
            )
    if disclosure and role is Role.REQUEST:
        reasons.append("it is a power to request information, not to disclose it")
    cover: PurposeCover | None = None
    if purpose is not None and purpose not in gateway.purposes:
        cover = next((c for c in served_through if c.gateway == gateway.id), None)
        if cover is None:
            reasons.append(_purpose_not_served(gateway, purpose, purpose_is_a))
    if context is not None and gateway.only_in_context and context != gateway.only_in_context:
        reasons.append(
            "it is a duty to comply with a request, and the scenario does not say one was made "
            f"(context {gateway.only_in_context} needed, not {context})"
        )
    if on is not None:
        reasons.extend(_not_in_force(gateway, on))
    if jurisdiction is not None:
        reasons.extend(_not_here(gateway, jurisdiction))
    return Applicability(gateway=gateway, role=role, reasons=tuple(reasons), cover=cover)


def _purpose_not_served(gateway: Gateway, purpose: str, purpose_is_a: Collection[str]) -> str:
    served = ", ".join(gateway.purposes)
    broader = [p for p in gateway.purposes if p in purpose_is_a]
    if broader:
        return (
            f"purpose {purpose!r} is a kind of {', '.join(broader)}, which it serves, but the "
            "data records no words of its provision that cover this narrower purpose "
            f"(its purposes: {served})"
        )
    return f"purpose {purpose!r} is not among its purposes ({served})"


def _not_in_force(gateway: Gateway, on: dt.date) -> list[str]:
    period = in_force_period(gateway)
    if period is None:
        return ["not in force until commenced (the data records it as prospective)"]
    if period.first and on < period.first:
        if gateway.in_force_from is None:
            # the start is only the statute's year: say so, not "until 2024-01-01"
            return [
                f"not in force: {statute_of(gateway)} dates from {period.first.year}, after {on}"
            ]
        return [f"not in force until {gateway.in_force_from}"]
    if period.last and on > period.last:
        return [f"ceased to be in force after {gateway.in_force_to}"]
    return []


def _not_here(gateway: Gateway, jurisdiction: Jurisdiction) -> list[str]:
    if jurisdiction not in gateway.applies_to:
        where = ", ".join(j.value for j in gateway.applies_to) or "nowhere recorded"
        return [f"it applies to {where}, not {jurisdiction.value}"]
    if gateway.extent and not Extent.parse(gateway.extent).includes(_TERRITORY[jurisdiction]):
        return [f"its extent ({gateway.extent}) does not include {jurisdiction.value}"]
    return []
