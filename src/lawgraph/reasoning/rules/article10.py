"""UK GDPR Article 10: routes for criminal offence data (including allegations, DPA s.11(2)).

Under official authority (public authorities; what that means is not defined in any text
read, as the data records), or authorised by domestic law: DPA s.10(5) with a Schedule 1
condition (para 36 extending para 18 for safeguarding; para 10 for crime; para 29 with
consent; para 30 for vital interests where consent cannot be given).
"""

from __future__ import annotations

from lawgraph.reasoning.determination import ConditionRoute
from lawgraph.reasoning.rules._common import Facts, Layer, para10_policy, route, route_step
from lawgraph.reasoning.scenario import ConsentStatus, Context

__all__ = ["decide"]


def decide(facts: Facts) -> tuple[tuple[ConditionRoute, ...] | None, Layer]:
    """Article 10 routes, or None when no criminal offence data is shared."""
    layer = Layer()
    if not facts.criminal:
        return None, layer
    k, s = facts.knowledge, facts.scenario
    routes: list[ConditionRoute] = []
    law = "uk-gdpr-art10-domestic-law"
    if facts.discloser_public is not False:
        routes.append(
            route(
                k,
                "uk-gdpr-art10-official-authority",
                (),
                "processing under the control of official authority, if it is",
            )
        )
    if s.consent is ConsentStatus.GIVEN:
        routes.append(route(k, law, ("dpa-s10-5", "dpa-sch1-para29"), "consent (Sch 1 para 29)"))
    elif facts.within("dpa-sch1-para18"):
        routes.append(
            route(
                k,
                law,
                ("dpa-s10-5", "dpa-sch1-para36", "dpa-sch1-para18"),
                "para 18 safeguarding, without its substantial public interest element (para 36)",
            )
        )
    elif facts.crime:
        routes.append(
            route(
                k,
                law,
                ("dpa-s10-5", "dpa-sch1-para10", *para10_policy(facts)),
                "preventing or detecting crime",
            )
        )
    if s.context is Context.EMERGENCY and s.consent is ConsentStatus.CANNOT_BE_GIVEN:
        routes.append(
            route(k, law, ("dpa-s10-5", "dpa-sch1-para30"), "vital interests (Sch 1 para 30)")
        )
    for r in routes:
        layer.relies_on.extend((r.condition, *r.requires))
        layer.steps.append(
            route_step(
                "article10",
                "Criminal offence data (including allegations)",
                r,
                "Check each test of the route is met on the facts.",
            )
        )
    if not routes:
        layer.flags.append("No Article 10 route identified for the criminal offence data.")
    return tuple(routes), layer
