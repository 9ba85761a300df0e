"""UK GDPR Article 6(1): which lawful bases the data supports for this disclosure.

(c) where an applicable gateway is a duty reaching this recipient and the data says it
supports (c); (e) where the discloser is, or may be, a public authority and an applicable
gateway supports (e) or (c); (f) and (ea) only where the discloser is not (or may not be)
a public authority, (ea) only from its ``in_force_from``; (d) in an emergency; (a) only
as a last resort when consent is given and nothing else is available.
"""

from __future__ import annotations

from lawgraph.knowledge.period import Period
from lawgraph.reasoning.determination import BasisChoice
from lawgraph.reasoning.rules._common import Facts, Layer, citations_of, step
from lawgraph.reasoning.rules.gateways import GatewayResult
from lawgraph.reasoning.scenario import ConsentStatus, Context

__all__ = ["decide"]

# UK GDPR Art 6(1)(ea) and the Annex 1 condition that context alone brings in: Annex 1
# para 3 (responding to an emergency) turns on the situation, not on the purpose.
ART6_1_EA = "uk-gdpr-art6-1-ea"
ANNEX1_EMERGENCY = "uk-gdpr-annex1-para3"


def _annex1(facts: Facts) -> str | None:
    """The Annex 1 recognised legitimate interest the purpose falls within, if any: a
    condition in ``Purpose.within`` that requires Art 6(1)(ea)."""
    k = facts.knowledge
    if facts.scenario.context is Context.EMERGENCY:
        return ANNEX1_EMERGENCY
    return next(
        (
            c
            for c in k.purposes[facts.scenario.purpose].within
            if ART6_1_EA in k.conditions[c].requires
        ),
        None,
    )


def _choice(facts: Facts, cid: str, why: str, supported_by: tuple[str, ...] = ()) -> BasisChoice:
    k = facts.knowledge
    return BasisChoice(
        condition=cid,
        title=k.conditions[cid].title,
        why=why,
        citations=citations_of(k, cid),
        supported_by=supported_by,
    )


def decide(facts: Facts, gateways: GatewayResult) -> tuple[tuple[BasisChoice, ...], Layer]:
    """The Article 6(1) bases available, and the steps explaining them."""
    k, s = facts.knowledge, facts.scenario
    layer = Layer()
    out: list[BasisChoice] = []
    pa = facts.discloser_public
    duty_ids = tuple(g.id for g in gateways.duties)
    if duty_ids:
        out.append(
            _choice(facts, "uk-gdpr-art6-1-c", "a statutory duty reaches this disclosure", duty_ids)
        )
    # A body that is not a public authority has a public task only from a function the
    # law gives it as such a body; a power every person has (a gateway held by "any")
    # vests no task in it.
    task_ids = tuple(
        g.id
        for g in gateways.applicable
        if {"e", "c"}.intersection(a.value for a in k.gateways[g.id].article6)
        and (pa is not False or facts.discloser_line.intersection(k.gateways[g.id].holders))
    )
    if task_ids and (pa is not False or any("e" in k.gateways[i].article6 for i in task_ids)):
        out.append(
            _choice(
                facts,
                "uk-gdpr-art6-1-e",
                "the discloser has a statutory function for this purpose (public task)",
                task_ids,
            )
        )
    elif pa is not False:
        layer.flags.append(
            f"No gateway in the data gives {facts.discloser.name} a function for purpose "
            f"{s.purpose!r}; Article 6(1)(e) needs a task with a basis in law."
        )
    if pa is not True:
        maybe = " if it is not acting as a public authority" if pa == "depends" else ""
        ea = k.conditions[ART6_1_EA]
        annex = _annex1(facts)
        if annex and s.as_at in Period.of(ea):
            out.append(
                _choice(
                    facts,
                    ART6_1_EA,
                    f"a recognised legitimate interest ({annex}){maybe}",
                    (annex,),
                )
            )
            layer.relies_on.append(annex)
        out.append(
            _choice(
                facts,
                "uk-gdpr-art6-1-f",
                f"legitimate interests, subject to the balancing test{maybe}",
            )
        )
    if s.context is Context.EMERGENCY:
        out.append(_choice(facts, "uk-gdpr-art6-1-d", "an emergency: vital interests"))
    if not out and s.consent is ConsentStatus.GIVEN:
        out.append(_choice(facts, "uk-gdpr-art6-1-a", "consent, as no other basis was found"))
    layer.relies_on.extend(b.condition for b in out)
    for b in out:
        cond = k.conditions[b.condition]
        judged = [t.text for t in cond.tests if t.judgement]
        layer.steps.append(
            step(
                "article6",
                f"Article 6(1): {b.title} is available: {b.why}.",
                b.citations,
                settled=not judged,
                judgement=" ".join(judged) or None,
            )
        )
    return tuple(out), layer
