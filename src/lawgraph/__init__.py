"""lawgraph: UK legislation as a graph of statutes, provisions, information-sharing
gateways and duty holders, with a deterministic reasoner that answers "on what lawful basis
may this organisation share this information about this child, with whom, and what must
it record?". Not legal advice: it cites the law and says what is left to judgement.

Layers, imported one way (each only imports those below it):

- `lawgraph.legislation`: legislation.gov.uk XML to frozen models; identifiers; citations.
- `lawgraph.knowledge`: the curated ``data/`` files, proved against the statutes.
- `lawgraph.graph`: both joined in one networkx graph, cached on disk.
- `lawgraph.reasoning`: a `Scenario` in, a cited `Determination` out.
- `lawgraph.changes`: what a change in the law affects; discovering new gateways.

The names below are the public API; start with `load` or `ask`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from lawgraph.version import __version__

if TYPE_CHECKING:  # the names below, for type checkers; at run time they load on first use
    from lawgraph.api import LawGraph, ask, load
    from lawgraph.errors import (
        CitationError,
        CorpusNotFoundError,
        FetchError,
        IdentifierError,
        LawgraphError,
        LegislationError,
        MalformedXMLError,
        NotCLMLError,
        NotHeldError,
        PointInTimeError,
        UnsafeXMLError,
    )
    from lawgraph.graph.diagram import DiagramFormat, GraphvizNotFoundError, render_diagram
    from lawgraph.graph.flows import Flow, FlowKind
    from lawgraph.knowledge import DutyHolder, Gateway, Knowledge, KnowledgeError, load_knowledge
    from lawgraph.legislation.citations import Citation, parse_citation
    from lawgraph.legislation.corpus import Corpus
    from lawgraph.legislation.identifiers import LegislationId
    from lawgraph.legislation.models import Document, Provision
    from lawgraph.legislation.parser import parse_file
    from lawgraph.legislation.pointintime import InForce, PointInTime, provision_on
    from lawgraph.reasoning import DecisionRecord, Determination, Scenario, ScenarioError
    from lawgraph.reasoning.sharing_map import MapCell, SharingMap, sharing_map

# Where each public name lives. Importing lawgraph loads none of these modules, so a tool
# that only wants `lawgraph.__version__` (or the command line's --help) stays fast; the
# first use of a name imports its module.
_HOMES = {
    "LawGraph": "lawgraph.api",
    "ask": "lawgraph.api",
    "load": "lawgraph.api",
    "CitationError": "lawgraph.errors",
    "CorpusNotFoundError": "lawgraph.errors",
    "FetchError": "lawgraph.errors",
    "IdentifierError": "lawgraph.errors",
    "LawgraphError": "lawgraph.errors",
    "LegislationError": "lawgraph.errors",
    "MalformedXMLError": "lawgraph.errors",
    "NotCLMLError": "lawgraph.errors",
    "NotHeldError": "lawgraph.errors",
    "PointInTimeError": "lawgraph.errors",
    "UnsafeXMLError": "lawgraph.errors",
    "DiagramFormat": "lawgraph.graph.diagram",
    "GraphvizNotFoundError": "lawgraph.graph.diagram",
    "render_diagram": "lawgraph.graph.diagram",
    "Flow": "lawgraph.graph.flows",
    "FlowKind": "lawgraph.graph.flows",
    "DutyHolder": "lawgraph.knowledge",
    "Gateway": "lawgraph.knowledge",
    "Knowledge": "lawgraph.knowledge",
    "KnowledgeError": "lawgraph.knowledge",
    "load_knowledge": "lawgraph.knowledge",
    "Citation": "lawgraph.legislation.citations",
    "parse_citation": "lawgraph.legislation.citations",
    "Corpus": "lawgraph.legislation.corpus",
    "LegislationId": "lawgraph.legislation.identifiers",
    "Document": "lawgraph.legislation.models",
    "Provision": "lawgraph.legislation.models",
    "parse_file": "lawgraph.legislation.parser",
    "InForce": "lawgraph.legislation.pointintime",
    "PointInTime": "lawgraph.legislation.pointintime",
    "provision_on": "lawgraph.legislation.pointintime",
    "DecisionRecord": "lawgraph.reasoning",
    "Determination": "lawgraph.reasoning",
    "Scenario": "lawgraph.reasoning",
    "ScenarioError": "lawgraph.reasoning",
    "MapCell": "lawgraph.reasoning.sharing_map",
    "SharingMap": "lawgraph.reasoning.sharing_map",
    "sharing_map": "lawgraph.reasoning.sharing_map",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'lawgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))


__all__ = [
    "Citation",
    "CitationError",
    "Corpus",
    "CorpusNotFoundError",
    "DecisionRecord",
    "Determination",
    "DiagramFormat",
    "Document",
    "DutyHolder",
    "FetchError",
    "Flow",
    "FlowKind",
    "Gateway",
    "GraphvizNotFoundError",
    "IdentifierError",
    "InForce",
    "Knowledge",
    "KnowledgeError",
    "LawGraph",
    "LawgraphError",
    "LegislationError",
    "LegislationId",
    "MalformedXMLError",
    "MapCell",
    "NotCLMLError",
    "NotHeldError",
    "PointInTime",
    "PointInTimeError",
    "Provision",
    "Scenario",
    "ScenarioError",
    "SharingMap",
    "UnsafeXMLError",
    "__version__",
    "ask",
    "load",
    "load_knowledge",
    "parse_citation",
    "parse_file",
    "provision_on",
    "render_diagram",
    "sharing_map",
]
