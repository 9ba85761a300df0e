"""DPA 2018 Part 3: lawful law enforcement processing and sensitive processing.

The rows are ``data/rules/part3.yaml`` (s.35(2); s.35(4) or s.35(5) with Schedule 8 for
sensitive processing); this module walks them.
"""

from __future__ import annotations

from lawgraph.reasoning.determination import ConditionRoute
from lawgraph.reasoning.rules._common import Facts, Layer
from lawgraph.reasoning.rules.gateways import GatewayResult
from lawgraph.reasoning.rules.tables import walk

__all__ = ["decide"]


def decide(facts: Facts, gateways: GatewayResult) -> tuple[tuple[ConditionRoute, ...], Layer]:
    """Part 3 routes and their steps."""
    routes, layer = walk(facts, gateways, "part3")
    return routes or (), layer
