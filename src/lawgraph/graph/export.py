"""Write the graph as GraphML or JSON-LD.

GraphML holds only scalar attributes, so lists become JSON strings and ``None`` values
are left out. JSON-LD gives documents and provisions their legislation.gov.uk URIs
(``https://www.legislation.gov.uk/id/ukpga/2018/12/section/8``) and knowledge entries
``urn:lawgraph:<kind>:<id>``; node and edge kinds are terms of the lawgraph vocabulary.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx  # type: ignore[import-untyped]

from lawgraph.files import atomic_write
from lawgraph.graph.build import EDGE_KINDS, KNOWLEDGE_KINDS, NODE_KINDS, entry_id

__all__ = ["VOCAB", "node_uri", "to_graphml", "to_jsonld", "write_graphml", "write_jsonld"]

#: The lawgraph vocabulary: node kinds are classes, edge kinds and attributes properties.
VOCAB = "https://lawgraph.dev/vocab#"
_LEGISLATION = "https://www.legislation.gov.uk/id/"


def node_uri(key: str, kind: str) -> str:
    """The JSON-LD ``@id`` of a node.

    Examples:
        >>> node_uri("ukpga/2018/12/section/8", "provision")
        'https://www.legislation.gov.uk/id/ukpga/2018/12/section/8'
        >>> node_uri("holder:academy", "holder")
        'urn:lawgraph:holder:academy'
    """
    if kind in KNOWLEDGE_KINDS:
        return f"urn:lawgraph:{kind}:{entry_id(key)}"
    return _LEGISLATION + key


def _scalar(value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_graphml(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of `graph` that `networkx.write_graphml` can write (plain MultiDiGraph,
    lists as JSON strings, no ``None`` values)."""
    out = nx.MultiDiGraph()
    for key, data in graph.nodes(data=True):
        out.add_node(key, **{k: _scalar(v) for k, v in data.items() if v is not None})
    for u, v, k, data in graph.edges(keys=True, data=True):
        attrs = {a: _scalar(x) for a, x in data.items() if x is not None}
        out.add_edge(u, v, key=str(k), **attrs)
    return out


def write_graphml(graph: nx.MultiDiGraph, path: Path | str) -> None:
    """Write `graph` as GraphML to `path`.

    See Also:
        networkx.read_graphml: reads it back (list attributes come back as JSON text).
    """
    buffer = io.BytesIO()
    nx.write_graphml(to_graphml(graph), buffer)
    _write(Path(path), buffer.getvalue())


def to_jsonld(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as a JSON-LD document: ``@context`` and a ``@graph`` of nodes.

    Each node's outgoing edges become properties named by edge kind whose values are
    ``{"@id": ...}`` references. Citation edges also appear under ``citation`` with
    their anchor and proof outcome, since JSON-LD has no attributes on a link.
    """
    context: dict[str, Any] = {"@vocab": VOCAB, "lg": VOCAB, "id": "lg:entryId"}
    for kind in NODE_KINDS:
        context[kind.capitalize()] = f"lg:{kind.capitalize()}"
    for kind in EDGE_KINDS:
        context[kind] = {"@id": f"lg:{kind}", "@type": "@id"}
    context["target"] = {"@id": "lg:target", "@type": "@id"}
    nodes: list[dict[str, Any]] = []
    uris = {key: node_uri(key, data["kind"]) for key, data in graph.nodes(data=True)}
    for key, data in graph.nodes(data=True):
        node: dict[str, Any] = {"@id": uris[key], "@type": data["kind"].capitalize()}
        node.update({k: v for k, v in data.items() if k != "kind" and v is not None})
        for _, target, edge in graph.out_edges(key, data=True):
            kind = edge["kind"]
            node.setdefault(kind, []).append(uris[target])
            if kind == "cites":
                node.setdefault("citation", []).append(
                    {
                        "@type": "Citation",
                        "target": uris[target],
                        **{k: v for k, v in edge.items() if k != "kind" and v is not None},
                    }
                )
        nodes.append(node)
    return {"@context": context, "@graph": nodes}


def write_jsonld(graph: nx.MultiDiGraph, path: Path | str) -> None:
    """Write `graph` as JSON-LD (UTF-8) to `path`."""
    text = json.dumps(to_jsonld(graph), ensure_ascii=False, indent=1)
    _write(Path(path), (text + "\n").encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    """Replace a file whole (`lawgraph.files.atomic_write`), so a run killed while
    writing leaves the old export, not half of a new one; a pipe or a device such as
    ``/dev/stdout`` is written straight through."""
    if path.exists() and not path.is_file():
        with path.open("wb") as handle:
            handle.write(data)
        return
    atomic_write(path, data)
