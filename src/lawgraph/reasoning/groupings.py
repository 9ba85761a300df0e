"""Grouping names: the answer for "police", "NHS body" or "school" covers each member.

A grouping is a holder that other holders are a kind of (``is_a`` in data/holders.yaml):
``police`` groups the chief officer of police, the British Transport Police and others.
A statute puts its duties on a particular body, so a member can be reached by a gateway
the grouping is not (FGM Act 2003 s.5B runs to the chief officer of police, not to "the
police"). Naming the grouping must therefore never give a weaker answer silently.

The grouping is a fair question, not bad input, so it is answered, not refused: the same
question is asked again with each member named instead (the members are read from
``is_a``; nothing here lists holders), and the answer names which member holds which
gateway. When any member's outcome differs, the outcome is stated as conditional on which
member is meant, with the outcome for each. Terms that name no organisation at all
(``MASH``) are still refused, from ``not_holders`` in the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lawgraph.knowledge.loader import Knowledge
from lawgraph.reasoning.determination import Determination, MemberAnswer, Step
from lawgraph.reasoning.rules._common import citations_of, step
from lawgraph.reasoning.scenario import HolderNotInExistenceError, Scenario

__all__ = ["SIDES", "expand", "is_grouping", "members_of"]

#: The two parties a grouping can stand for.
SIDES = ("discloser", "recipient")


def is_grouping(knowledge: Knowledge, holder_id: str) -> bool:
    """Whether some holder is a kind of `holder_id` (it has members)."""
    return any(holder_id in h.is_a for h in knowledge.holders.values())


def members_of(knowledge: Knowledge, holder_id: str) -> list[str]:
    """Every holder that is a kind of `holder_id`, directly or through another, in file
    order (`Knowledge.descendants`)."""
    return knowledge.descendants(holder_id)


def _asked(
    knowledge: Knowledge,
    det: Determination,
    side: str,
    answer: Callable[[Scenario], Determination],
) -> Iterator[MemberAnswer]:
    s = det.scenario
    own = {g.id for g in det.gateways}
    other = s.recipient if side == "discloser" else s.discloser
    for member in members_of(knowledge, getattr(s, side)):
        holder = knowledge.holders[member]
        base = {"side": side, "holder": member, "name": holder.name}
        if member == other:
            continue  # the other party itself: sharing within one body is no disclosure
        if side == "recipient" and holder.practitioner:
            why = "an individual practitioner, not an organisation, so not a recipient"
            yield MemberAnswer(**base, not_asked=why)
            continue
        try:
            d = answer(s.model_copy(update={side: member}))
        except HolderNotInExistenceError as exc:
            yield MemberAnswer(**base, not_asked=str(exc))
            continue
        ids = tuple(g.id for g in d.gateways)
        beyond = tuple(g for g in ids if g not in own)
        yield MemberAnswer(
            **base,
            outcome=d.outcome,
            outcome_reason=d.outcome_reason,
            gateways=ids,
            beyond_grouping=beyond,
            article6=tuple(b.condition for b in d.article6),
            differs=d.outcome is not det.outcome or set(ids) != own,
        )


def expand(
    knowledge: Knowledge, det: Determination, answer: Callable[[Scenario], Determination]
) -> Determination:
    """`det` with the answer for each member of a grouping discloser or recipient.

    Args:
        knowledge: the curated data.
        det: the answer with the grouping named (its scenario resolved).
        answer: asks the same question of a member; it must not expand again (a
            member's own members are among the grouping's members already).

    Returns:
        `det` unchanged when neither party is a grouping. Otherwise with ``members`` set;
        and when a member's answer differs, a cited ``grouping`` step naming each
        member's outcome and the gateways it reaches that the grouping does not, a flag,
        and an outcome reason that says the answer is conditional on which member is meant.
    """
    s = det.scenario
    sides = [side for side in SIDES if is_grouping(knowledge, getattr(s, side))]
    if not sides:
        return det
    members = tuple(m for side in sides for m in _asked(knowledge, det, side, answer))
    differing = [m for m in members if m.differs]
    if not differing:
        return det.model_copy(update={"members": members})
    steps: list[Step] = []
    flags: list[str] = []
    reason = det.outcome_reason
    for side in sides:
        named = getattr(s, side)
        mine = [m for m in differing if m.side == side]
        if not mine:
            continue
        listed = "; ".join(_describe(m) for m in mine)
        cites = tuple(
            c for m in mine for g in m.beyond_grouping for c in citations_of(knowledge, g)
        )
        text = (
            f"The {side} '{named}' is a grouping: its members are {_names(knowledge, named)}. "
            f"Named instead of it, these members get a different answer: {listed}."
        )
        judgement = f"Which body is the {side}? Name it to get its own answer."
        # The step cites the gateways behind the differences; where only the outcome
        # differs, the Article 6(1) conditions each member's answer rests on.
        if not cites:
            cites = tuple(
                c
                for m in mine
                for ref in (m.gateways or m.article6)
                for c in citations_of(knowledge, ref)
            )
        if not cites:
            # no member that differs has a gateway or basis: the grouping's own do
            cites = tuple(c for b in det.article6 for c in citations_of(knowledge, b.condition))
        if not cites:
            cites = det.steps[0].citations
        steps.append(step("grouping", text, cites, settled=False, judgement=judgement))
        flags.append(
            f"The {side} '{named}' groups more specific bodies and the answer differs between "
            f"them ({listed}). Name the body itself: the grouping's answer may be weaker or "
            "stronger than a member's."
        )
    if any(m.outcome is not det.outcome for m in differing if m.outcome is not None):
        per = "; ".join(
            f"{m.holder}: {m.outcome.value}" for m in differing if m.outcome is not None
        )
        reason = (
            f"Conditional on which body is meant: {per}; for the grouping as named, "
            f"{det.outcome.value}: {det.outcome_reason}"
        )
    return det.model_copy(
        update={
            "members": members,
            "steps": (*det.steps, *steps),
            "flags": (*det.flags, *flags),
            "outcome_reason": reason,
        }
    )


def _describe(m: MemberAnswer) -> str:
    assert m.outcome is not None or m.not_asked is not None
    if m.outcome is None:
        return f"{m.holder}: not asked ({m.not_asked})"
    extra = f", reached by {', '.join(m.beyond_grouping)}" if m.beyond_grouping else ""
    return f"{m.holder}: {m.outcome.value}{extra}"


def _names(knowledge: Knowledge, holder_id: str) -> str:
    return ", ".join(members_of(knowledge, holder_id))
