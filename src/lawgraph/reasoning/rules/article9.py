"""UK GDPR Article 9: routes for special category data under the UK GDPR.

The rows are ``data/rules/article9.yaml`` (Art 9(2)(g) with DPA s.10(3) and Sch 1 para
18, 10 or 6; the consent trap of para 18(1)(c); (c), (h) and (a)); this module walks them.
"""

from __future__ import annotations

from lawgraph.reasoning.determination import ConditionRoute
from lawgraph.reasoning.rules._common import Facts, Layer
from lawgraph.reasoning.rules.gateways import GatewayResult
from lawgraph.reasoning.rules.tables import walk

__all__ = ["decide"]


def decide(
    facts: Facts, gateways: GatewayResult
) -> tuple[tuple[ConditionRoute, ...] | None, Layer]:
    """Article 9 routes, or None when no special category data is shared."""
    return walk(facts, gateways, "article9")
