"""Build one typed networkx graph of the legislation held and the curated knowledge.

Nodes and edges carry a ``kind`` attribute. Node keys are legislation.gov.uk identifiers
for documents and provisions (``ukpga/2018/12/section/8``) and ``<kind>:<id>`` for
knowledge entries (``gateway:ca2004-s11``, ``holder:academy``).

Only the provisions that the knowledge cites, and their ancestors, become nodes: the
graph answers questions about gateways, so loading every one of the Data Protection
Act's thousands of provisions would only make it slower to build, cache and export.

Attributes are plain JSON values so the graph can be exported as it stands. The frozen
pydantic models stay reachable through `GatewayGraph.models` (see `model`), never as node
attributes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx  # type: ignore[import-untyped]
from pydantic import BaseModel

from lawgraph.errors import IdentifierError
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import ANY, Condition, Gateway, Status
from lawgraph.knowledge.proof import Outcome, prove
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.models import Document, Provision

__all__ = [
    "EDGE_KINDS",
    "KNOWLEDGE_KINDS",
    "NODE_KINDS",
    "GatewayGraph",
    "build_graph",
    "entry_id",
    "model",
    "node_key",
]

#: Every node kind, legislation first.
NODE_KINDS = ("document", "provision", "gateway", "holder", "condition", "purpose", "category")
#: Node kinds whose keys are ``<kind>:<id>``.
KNOWLEDGE_KINDS = frozenset({"gateway", "holder", "condition", "purpose", "category"})
#: Every edge kind.
EDGE_KINDS = (
    "contains",
    "cites",
    "amends",
    "confers",
    "held_by",
    "shares_with",
    "serves",
    "supports_basis",
    "requires",
    "is_a",
)

#: The condition id for each UK GDPR Article 6(1) point (``c`` -> ``uk-gdpr-art6-1-c``).
ARTICLE6_CONDITION = "uk-gdpr-art6-1-{}"


class GatewayGraph(nx.MultiDiGraph):  # type: ignore[misc]
    """A `networkx.MultiDiGraph` that also keeps each knowledge node's pydantic model.

    The models live in `models` rather than in node attributes, so that GraphML and JSON
    exports see only JSON values; being an instance attribute, they survive pickling.

    Attributes:
        models: the `Gateway`, `DutyHolder`, `Condition`, `Purpose` or `DataCategory`
            for each knowledge node key.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.models: dict[str, BaseModel] = {}


def node_key(kind: str, identifier: str) -> str:
    """The node key for an entry of `kind` (documents and provisions: the identifier).

    Examples:
        >>> node_key("holder", "academy")
        'holder:academy'
        >>> node_key("provision", "ukpga/2018/12/section/8")
        'ukpga/2018/12/section/8'
    """
    if kind in KNOWLEDGE_KINDS:
        return f"{kind}:{identifier}"
    return identifier


def entry_id(key: str) -> str:
    """The entry id inside a knowledge node key (``holder:academy`` -> ``academy``).

    Keys of documents and provisions are returned unchanged.

    Examples:
        >>> entry_id("gateway:ca2004-s11")
        'ca2004-s11'
    """
    prefix, sep, rest = key.partition(":")
    return rest if sep and prefix in KNOWLEDGE_KINDS else key


def model(graph: nx.MultiDiGraph, key: str) -> BaseModel:
    """The pydantic model behind a knowledge node.

    Args:
        graph: a graph from `build_graph`.
        key: the node key, e.g. ``gateway:ca2004-s11``.

    Raises:
        KeyError: the node is not a knowledge node of this graph (or the graph is not a
            `GatewayGraph`, e.g. one read back from GraphML).

    See Also:
        lawgraph.graph.query: questions answered from the graph alone.
    """
    models: dict[str, BaseModel] = getattr(graph, "models", {})
    return models[key]


def build_graph(knowledge: Knowledge, corpus: Corpus | None = None) -> GatewayGraph:
    """Build the graph of `knowledge`, with the structure of the documents `corpus` holds.

    Args:
        knowledge: the loaded knowledge files.
        corpus: the legislation held. Without it every cited provision is a node with
            ``held=False`` and no citation is ``verified``.

    Returns:
        A `GatewayGraph` (a `networkx.MultiDiGraph`) whose nodes and edges have a ``kind``.
        Citation edges (``cites``) carry the ``anchor`` and whether the proof
        ``verified`` it against the text held (``outcome`` says what the proof found).

    See Also:
        lawgraph.graph.cache.load_graph: the same graph, cached on disk.
    """
    return _Builder(knowledge, corpus).build()


class _Builder:
    def __init__(self, knowledge: Knowledge, corpus: Corpus | None) -> None:
        self.k = knowledge
        self.corpus = corpus
        self.g = GatewayGraph()
        # (kind, entry, identifier, anchor) -> proof outcome
        self.outcomes: dict[tuple[str, str, str, str | None], Outcome] = {}
        self.parents: dict[str, dict[str, str]] = {}
        self.cited: set[str] = set()

    def build(self) -> GatewayGraph:
        for check in prove(self.k, self.corpus).checks:
            self.outcomes[(check.kind, check.entry, check.identifier, check.anchor)] = check.outcome
        self._knowledge_nodes()
        self._knowledge_edges()
        self._citations()
        self._amendments()
        return self.g

    # -- knowledge ----------------------------------------------------------------------

    def _add(self, kind: str, entry_id_: str, obj: BaseModel | None, **attrs: Any) -> str:
        key = node_key(kind, entry_id_)
        self.g.add_node(key, kind=kind, id=entry_id_, **attrs)
        if obj is not None:
            self.g.models[key] = obj
        return key

    def _knowledge_nodes(self) -> None:
        k = self.k
        for h in k.holders.values():
            self._add(
                "holder",
                h.id,
                h,
                label=h.name,
                aliases=list(h.aliases),
                public_authority=h.public_authority,
                competent_authority=h.competent_authority,
                status=h.status.value,
            )
        # "any person" is not an entry but gateways name it as holder or recipient
        self._add("holder", ANY, None, label="Any person", aliases=[], status="verified")
        for p in k.purposes.values():
            self._add("purpose", p.id, p, label=p.title, status=p.status.value)
        for c in k.categories.values():
            self._add("category", c.id, c, label=c.title, status=c.status.value)
        for cond in k.conditions.values():
            self._add(
                "condition",
                cond.id,
                cond,
                label=cond.title,
                framework=cond.framework.value,
                regime=cond.regime.value,
                consent=cond.consent.value,
                appropriate_policy_document=cond.appropriate_policy_document,
                in_force_from=cond.in_force_from,
                in_force_to=cond.in_force_to,
                status=cond.status.value,
            )
        for g in k.gateways.values():
            self._add(
                "gateway",
                g.id,
                g,
                label=g.title,
                nature=g.nature.value,
                document=k.gateway_documents.get(g.id, ""),
                in_force_from=g.in_force_from,
                in_force_to=g.in_force_to,
                commencement=g.commencement.value,
                extent=g.extent,
                applies_to=[j.value for j in g.applies_to],
                article6=[a.value for a in g.article6],
                citations=[c.id for c in g.citations],
                status=g.status.value,
                status_reason=g.status_reason,
            )

    def _edge(self, source: str, target: str, kind: str, **attrs: Any) -> None:
        self.g.add_edge(source, target, key=kind, kind=kind, **attrs)

    def _knowledge_edges(self) -> None:
        k = self.k
        for h in k.holders.values():
            for parent in h.is_a:
                self._edge(node_key("holder", h.id), node_key("holder", parent), "is_a")
        for c in k.categories.values():
            for parent in c.is_a:
                self._edge(node_key("category", c.id), node_key("category", parent), "is_a")
        for cond in k.conditions.values():
            for req in cond.requires:
                self._edge(node_key("condition", cond.id), node_key("condition", req), "requires")
        for g in k.gateways.values():
            gw = node_key("gateway", g.id)
            for holder in g.holders:
                self._edge(gw, node_key("holder", holder), "held_by")
            for r in g.recipients:
                self._edge(gw, node_key("holder", r), "shares_with")
            for p in g.purposes:
                self._edge(gw, node_key("purpose", p), "serves")
            for letter in g.article6:
                cond_id = ARTICLE6_CONDITION.format(letter.value)
                # a point with no curated condition is left out rather than invented
                if cond_id in k.conditions:
                    self._edge(
                        gw, node_key("condition", cond_id), "supports_basis", point=letter.value
                    )

    # -- citations and legislation -------------------------------------------------------

    def _citations(self) -> None:
        for kind, entry in self.k.entries():
            if kind not in ("gateway", "condition", "holder"):
                continue
            source = node_key(kind, entry.id)
            verified_entry = entry.status is Status.VERIFIED
            cited: list[tuple[str, str | None, str]] = [
                (c.id, c.anchor, "citation") for c in entry.citations
            ]
            if isinstance(entry, Condition):
                cited.extend((t.citation, None, "test") for t in entry.tests)
            own_doc = self.k.gateway_documents.get(entry.id) if kind == "gateway" else None
            for identifier, anchor, role in cited:
                target = self._provision(identifier)
                outcome = self.outcomes.get((kind, entry.id, identifier, anchor))
                self.g.add_edge(
                    source,
                    target,
                    kind="cites",
                    role=role,
                    anchor=anchor,
                    verified=outcome is Outcome.VERIFIED,
                    outcome=outcome.value if outcome else None,
                    entry_status_verified=verified_entry,
                )
            if isinstance(entry, Gateway):
                self._confers(source, entry, own_doc)

    def _confers(self, gw: str, gateway: Gateway, own_doc: str | None) -> None:
        ids = list(dict.fromkeys(c.id for c in gateway.citations))
        # a gateway in a file about one Act may also cite the commencing or amending Act;
        # only its own Act's provisions confer it, unless it cites nothing of that Act
        own = [i for i in ids if own_doc and _document_of(i) == own_doc]
        for identifier in own or ids:
            self._edge(identifier, gw, "confers")

    def _document_node(self, doc_id: str) -> str:
        if doc_id not in self.g:
            held = self.corpus is not None and self.corpus.holds(doc_id)
            title = self.corpus.document(doc_id).title if self.corpus and held else None
            self.g.add_node(doc_id, kind="document", id=doc_id, held=held, label=title or doc_id)
        return doc_id

    def _provision(self, identifier: str) -> str:
        """Add the provision cited (and, if held, its ancestors); return its key."""
        self.cited.add(identifier)
        if identifier in self.g:
            return identifier
        doc_id = _document_of(identifier)
        self._document_node(doc_id)
        document = self._held(doc_id)
        if document is None:
            self.g.add_node(
                identifier,
                kind="provision",
                id=identifier,
                document=doc_id,
                held=False,
                in_text=False,
                label=identifier,
            )
            return identifier
        parents = self._parents(document)
        chain: list[str] = []
        node: str | None = identifier
        if identifier not in document:
            # not in the latest text (repealed, renumbered or not yet inserted): hang it
            # on its nearest enclosing provision that is
            self._add_provision(identifier, doc_id, None)
            chain.append(identifier)
            node = next(
                (str(a) for a in LegislationId.parse(identifier).ancestors() if str(a) in document),
                None,
            )
        while node is not None:
            chain.append(node)
            if node not in self.g:
                self._add_provision(node, doc_id, document.provision(node))
            node = parents.get(node)
        for child, parent in zip(chain, [*chain[1:], doc_id], strict=True):
            if not self.g.has_edge(parent, child, key="contains"):
                self._edge(parent, child, "contains")
        return identifier

    def _add_provision(self, identifier: str, doc_id: str, p: Provision | None) -> None:
        self.g.add_node(
            identifier,
            kind="provision",
            id=identifier,
            document=doc_id,
            held=True,
            in_text=p is not None,
            provision_kind=p.kind.value if p else None,
            number=p.number if p else None,
            heading=p.heading if p else None,
            provision_status=p.status.value if p else None,
            label=(p.label if p else identifier),
        )

    def _held(self, doc_id: str) -> Document | None:
        if self.corpus is None or not self.corpus.holds(doc_id):
            return None
        return self.corpus.document(doc_id)

    def _parents(self, document: Document) -> dict[str, str]:
        found = self.parents.get(document.id)
        if found is None:
            found = self.parents[document.id] = {
                child.id: p.id for p in document.walk() for child in p.children
            }
        return found

    def _amendments(self) -> None:
        """``amends`` edges from held provisions to the documents that amended them."""
        for key, data in list(self.g.nodes(data=True)):
            if data["kind"] != "provision" or not data["held"] or not data["in_text"]:
                continue
            document = self._held(data["document"])
            if document is None:  # pragma: no cover - held was decided from the same corpus
                continue
            p = document.provision(key)
            if p is None:  # pragma: no cover - in_text was decided from the same text
                continue
            # a cited provision's own text includes its sub-provisions, which are not nodes
            marks = p.all_amendments() if key in self.cited else p.amendments
            by_doc: dict[str, list[str]] = {}
            for mark in marks:
                note = document.commentaries.get(mark.commentary or "")
                if note is None:
                    continue
                for affecting in _documents(r.target for r in note.citations):
                    if affecting != document.id:
                        notes = by_doc.setdefault(affecting, [])
                        if note.id not in notes:
                            notes.append(note.id)
            for affecting, notes in by_doc.items():
                self._document_node(affecting)
                self._edge(key, affecting, "amends", commentaries=notes)


def _document_of(identifier: str) -> str:
    return str(LegislationId.parse(identifier).document)


def _documents(targets: Iterable[str | None]) -> list[str]:
    """The documents named by commentary citation targets, once each, in order."""
    out: list[str] = []
    for t in targets:
        if not t:
            continue
        try:
            doc = _document_of(t)
        except IdentifierError:
            continue
        if doc not in out:
            out.append(doc)
    return out
