"""UK GDPR Article 10: routes for criminal offence data (including allegations, DPA s.11(2)).

The rows are ``data/rules/article10.yaml`` (official authority, or DPA s.10(5) with a
Schedule 1 condition); this module walks them.
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
    """Article 10 routes, or None when no criminal offence data is shared."""
    return walk(facts, gateways, "article10")
