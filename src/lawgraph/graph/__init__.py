"""The graph layer: legislation and knowledge as one typed networkx graph.

It reads `lawgraph.legislation` and `lawgraph.knowledge` and is never imported by them.

Modules, one job each:

- `build`: `build_graph` turns a `Knowledge` (and the corpus held) into a `GatewayGraph`.
- `query`: questions answered from the graph (`gateways_for`, `provisions_citing` ...).
- `cache`: `load_graph` builds once and caches on disk, keyed by a hash of the inputs.
- `export`: GraphML and JSON-LD.
- `flows`: `sharing_flows`, who may or must give information to whom in a set of
  organisations, decided by the reasoner's applicability test.
- `diagram`: those flows drawn with Graphviz (SVG, PNG or DOT).
"""

from __future__ import annotations

from lawgraph.graph.build import EDGE_KINDS, NODE_KINDS, GatewayGraph, build_graph, model, node_key
from lawgraph.graph.cache import load_graph
from lawgraph.graph.export import to_jsonld, write_graphml, write_jsonld
from lawgraph.graph.query import (
    ancestors_of,
    conditions_for,
    gateways_for,
    holders_of,
    in_force_on,
    member_gateways,
    members_of,
    provisions_citing,
)

__all__ = [
    "EDGE_KINDS",
    "NODE_KINDS",
    "GatewayGraph",
    "ancestors_of",
    "build_graph",
    "conditions_for",
    "gateways_for",
    "holders_of",
    "in_force_on",
    "load_graph",
    "member_gateways",
    "members_of",
    "model",
    "node_key",
    "provisions_citing",
    "to_jsonld",
    "write_graphml",
    "write_jsonld",
]
