"""The common-law duty of confidence.

The duty is judge-made: no statutory provision creates it, and none is cited for it. A
confidence can be set aside by consent, by a legal requirement (a duty gateway, whose
provisions are cited), or by an overriding public interest, which is weighed as Article 8
weighs privacy against protection (so Article 8 is cited for that weighing).
"""

from __future__ import annotations

from lawgraph.reasoning.determination import Step
from lawgraph.reasoning.rules._common import Facts, citations_of, step
from lawgraph.reasoning.rules.gateways import GatewayResult
from lawgraph.reasoning.rules.human_rights import ARTICLE_8_1, ARTICLE_8_2
from lawgraph.reasoning.scenario import ConsentStatus

__all__ = ["advise"]


def advise(facts: Facts, gateways: GatewayResult) -> Step:
    """The confidentiality step."""
    s, k = facts.scenario, facts.knowledge
    art8 = (ARTICLE_8_1, ARTICLE_8_2)
    if not s.in_confidence:
        return step(
            "confidentiality",
            "The information is not said to have been given in confidence, so no duty of "
            "confidence is identified on these facts; privacy is still weighed under Article 8.",
            art8,
            settled=False,
            judgement="Confirm the information was not given or received in confidence.",
        )
    if gateways.duties:
        cites = tuple(c for g in gateways.duties for c in citations_of(k, g.id))
        return step(
            "confidentiality",
            "Given in confidence, but a legal requirement to disclose applies ("
            + ", ".join(g.id for g in gateways.duties)
            + "); a legal requirement sets aside the duty of confidence for what it requires.",
            cites,
            settled=False,
            judgement="Disclose no more than the duty requires.",
        )
    if s.consent is ConsentStatus.GIVEN:
        return step(
            "confidentiality",
            "Given in confidence; the consent given lifts the duty of confidence for this "
            "disclosure, within the scope of what was consented to.",
            art8,
            settled=False,
            judgement="Was the consent informed and does it cover this recipient and purpose?",
        )
    return step(
        "confidentiality",
        "Given in confidence and no consent or legal requirement applies: disclosure needs "
        "an overriding public interest, such as protecting a child from significant harm.",
        art8,
        settled=False,
        judgement="Does the public interest in protecting the child outweigh the confidence?",
    )
