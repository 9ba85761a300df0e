"""UK GDPR Article 9: routes for special category data under the UK GDPR.

For a protective purpose the route is Art 9(2)(g) with DPA s.10(3) and Sch 1 para 18
(safeguarding of children and individuals at risk). Para 18(1)(c) needs the processing to
be done without consent for one of the reasons in 18(2); when consent has been given that
condition is not available (the consent trap) and other routes are pointed to.
"""

from __future__ import annotations

from lawgraph.reasoning.determination import ConditionRoute
from lawgraph.reasoning.rules._common import (
    Facts,
    Layer,
    para10_policy,
    route,
    route_step,
    step,
    test_citations,
)
from lawgraph.reasoning.rules.gateways import GatewayResult
from lawgraph.reasoning.scenario import ConsentStatus, Context, Subject

__all__ = ["P18", "PARA18_REASON", "decide"]

# Which para 18(2) reason each consent status points to (refusal is judged, not mapped).
PARA18_REASON = {
    ConsentStatus.CANNOT_BE_GIVEN: "18/2/a",
    ConsentStatus.NOT_SOUGHT_NOT_PRACTICABLE: "18/2/b",
    ConsentStatus.NOT_SOUGHT_RISK: "18/2/c",
}

_P18 = "ukpga/2018/12/schedule/1/paragraph/"
P18 = _P18


def decide(
    facts: Facts, gateways: GatewayResult
) -> tuple[tuple[ConditionRoute, ...] | None, Layer]:
    """Article 9 routes, or None when no special category data is shared."""
    layer = Layer()
    if not facts.special:
        return None, layer
    k, s = facts.knowledge, facts.scenario
    routes: list[ConditionRoute] = []
    g_spi = ("dpa-s10-3",)
    consent_given = s.consent is ConsentStatus.GIVEN
    if facts.within("dpa-sch1-para18") and not consent_given:
        routes.append(
            route(
                k,
                "uk-gdpr-art9-2-g",
                (*g_spi, "dpa-sch1-para18", "dpa-sch1-para5"),
                "safeguarding a child or individual at risk, without consent",
            )
        )
        reason = PARA18_REASON.get(s.consent)
        if reason:
            cites: tuple[str, ...] = (_P18 + "18/1/c", _P18 + reason)
            label = "18(2)(" + reason[-1] + ")"
            judgement = (
                f"Confirm the para {label} reason applies on the facts, and that "
                "18(1)(a), (b) and (d) are met."
            )
        else:
            cites = (_P18 + "18/1/c", _P18 + "18/2/a", _P18 + "18/2/b", _P18 + "18/2/c")
            judgement = (
                "Consent was refused: the processing is without consent, but which 18(2) "
                "reason applies (usually (b) or (c)) must be judged and recorded."
            )
        if s.subject is not Subject.CHILD:
            # Para 18(1)(b): the individual protected is under 18 or an adult "at risk"
            # as para 18(3) defines it; the facts given cannot settle that.
            cites += (_P18 + "18/3",)
            judgement += (
                " If the individual protected is an adult, confirm they are 'at risk' "
                "(para 18(3)): care and support needs, experiencing or at risk of harm, "
                "and unable to protect themselves."
            )
        layer.steps.append(
            step(
                "article9",
                "Special category data: Article 9(2)(g) with DPA s.10(3) and Schedule 1 "
                "para 18, which requires the processing to be without consent for a reason "
                "in para 18(2).",
                cites + tuple(test_citations(k, "uk-gdpr-art9-2-g", "ukpga")),
                settled=False,
                judgement=judgement,
            )
        )
    elif facts.crime and not consent_given:
        routes.append(
            route(
                k,
                "uk-gdpr-art9-2-g",
                (*g_spi, "dpa-sch1-para10", *para10_policy(facts)),
                "preventing or detecting unlawful acts, without consent",
            )
        )
    if s.context is Context.EMERGENCY and s.consent is ConsentStatus.CANNOT_BE_GIVEN:
        routes.append(route(k, "uk-gdpr-art9-2-c", (), "vital interests; consent cannot be given"))
    if s.purpose == "direct-care":
        routes.append(
            route(k, "uk-gdpr-art9-2-h", k.conditions["uk-gdpr-art9-2-h"].requires, "direct care")
        )
    if consent_given:
        layer.steps.append(
            step(
                "article9",
                "Consent trap: consent has been given, so Schedule 1 para 18 is not available "
                "(para 18(1)(c) needs processing without consent). Use another route below, "
                "and do not treat consent as the basis if it could not be freely withdrawn.",
                (_P18 + "18/1/c",),
                settled=True,
            )
        )
        layer.flags.append("Consent given: DPA Sch 1 para 18 is not available (18(1)(c)).")
        routes.append(
            route(k, "uk-gdpr-art9-2-a", (), "explicit consent, if the consent given was explicit")
        )
    if (
        (not routes or consent_given)
        and gateways.applicable
        and facts.discloser_public is not False
    ):
        routes.append(
            route(
                k,
                "uk-gdpr-art9-2-g",
                (*g_spi, "dpa-sch1-para6", "dpa-sch1-para5"),
                "a statutory function of the discloser (Sch 1 para 6)",
            )
        )
    for r in routes:
        layer.relies_on.extend((r.condition, *r.requires))
        if r.condition != "uk-gdpr-art9-2-g" or "dpa-sch1-para18" not in r.requires:
            layer.steps.append(
                route_step(
                    "article9",
                    "Special category data",
                    r,
                    "Check each test of the condition is met on the facts.",
                )
            )
    if not routes:
        layer.flags.append("No Article 9 condition identified for the special category data.")
    return tuple(routes), layer
