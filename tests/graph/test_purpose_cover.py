"""Issue 13, item 2: the graph's gateway query reads the covering words as the reasoner does."""

from __future__ import annotations

from lawgraph.graph import GatewayGraph
from lawgraph.graph.query import gateways_for


def test_the_graph_finds_the_school_function_for_a_prevent_referral(graph: GatewayGraph) -> None:
    found = gateways_for(graph, "maintained-school", purpose="radicalisation-prevention")
    assert "ea2002-s175" in found
    # words covering a child's Prevent referral do not make s.175 serve adult safeguarding
    adults = gateways_for(graph, "maintained-school", purpose="adult-safeguarding")
    assert "ea2002-s175" not in adults


def test_the_graph_finds_s11_for_early_help_but_not_for_a_prevent_referral(
    graph: GatewayGraph,
) -> None:
    assert "ca2004-s11" in gateways_for(graph, "nhs-trust", purpose="early-help")
    assert "ca2004-s11" not in gateways_for(graph, "nhs-trust", purpose="radicalisation-prevention")
