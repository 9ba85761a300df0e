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
from lawgraph.knowledge import DutyHolder, Gateway, Knowledge, KnowledgeError, load_knowledge
from lawgraph.legislation.citations import Citation, parse_citation
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.models import Document, Provision
from lawgraph.legislation.parser import parse_file
from lawgraph.legislation.pointintime import InForce, PointInTime, provision_on
from lawgraph.reasoning import DecisionRecord, Determination, Scenario, ScenarioError
from lawgraph.version import __version__

__all__ = [
    "Citation",
    "CitationError",
    "Corpus",
    "CorpusNotFoundError",
    "DecisionRecord",
    "Determination",
    "Document",
    "DutyHolder",
    "FetchError",
    "Gateway",
    "IdentifierError",
    "InForce",
    "Knowledge",
    "KnowledgeError",
    "LawGraph",
    "LawgraphError",
    "LegislationError",
    "LegislationId",
    "MalformedXMLError",
    "NotCLMLError",
    "NotHeldError",
    "PointInTime",
    "PointInTimeError",
    "Provision",
    "Scenario",
    "ScenarioError",
    "UnsafeXMLError",
    "__version__",
    "ask",
    "load",
    "load_knowledge",
    "parse_citation",
    "parse_file",
    "provision_on",
]
