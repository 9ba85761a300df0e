"""UK GDPR Article 6(1): which lawful bases the data supports for this disclosure.

The rows are ``data/rules/article6.yaml``; this module only walks them.
"""

from __future__ import annotations

from lawgraph.reasoning.determination import BasisChoice
from lawgraph.reasoning.rules._common import Facts, Layer
from lawgraph.reasoning.rules.gateways import GatewayResult
from lawgraph.reasoning.rules.tables import walk_bases

__all__ = ["decide"]


def decide(facts: Facts, gateways: GatewayResult) -> tuple[tuple[BasisChoice, ...], Layer]:
    """The Article 6(1) bases available, and the steps explaining them."""
    return walk_bases(facts, gateways)
