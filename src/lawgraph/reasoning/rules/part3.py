"""DPA 2018 Part 3: lawful law enforcement processing and sensitive processing.

Lawfulness under s.35(2). Sensitive processing (special category data) needs either
consent and a policy document (s.35(4)) or strict necessity, a Schedule 8 condition and a
policy document (s.35(5), s.42): Sch 8 para 4 for safeguarding, para 1 otherwise.
"""

from __future__ import annotations

from lawgraph.reasoning.determination import ConditionRoute
from lawgraph.reasoning.rules._common import Facts, Layer, route, step
from lawgraph.reasoning.scenario import ConsentStatus

__all__ = ["decide"]


def decide(facts: Facts) -> tuple[tuple[ConditionRoute, ...], Layer]:
    """Part 3 routes and their steps."""
    k, s = facts.knowledge, facts.scenario
    layer = Layer()
    routes = [
        route(
            k,
            "dpa-s35-2",
            ("dpa-s30", "dpa-s31"),
            "necessary for a law enforcement task of a competent authority, based on law",
        )
    ]
    if facts.special:
        if s.consent is ConsentStatus.GIVEN:
            routes.append(route(k, "dpa-s35-4", ("dpa-s42",), "sensitive processing with consent"))
        elif facts.within("dpa-sch8-para4"):
            routes.append(
                route(
                    k,
                    "dpa-s35-5",
                    ("dpa-sch8-para4", "dpa-s42"),
                    "sensitive processing strictly necessary to safeguard a child or adult at risk",
                )
            )
        else:
            routes.append(
                route(
                    k,
                    "dpa-s35-5",
                    ("dpa-sch8-para1", "dpa-s42"),
                    "sensitive processing strictly necessary for a statutory function",
                )
            )
    for r in routes:
        layer.relies_on.extend((r.condition, *r.requires))
        layer.steps.append(
            step(
                "part3",
                f"DPA 2018 Part 3: {r.title} with {', '.join(r.requires)}: {r.why}.",
                r.citations,
                settled=False,
                judgement="Necessity (strict necessity for sensitive processing) is a judgement.",
            )
        )
    return tuple(routes), layer
