"""Questions answered from the graph alone, networkx style: the graph comes first and
answers are plain lists of ids.

Holders match through ``is_a``: a duty held by ``school`` is held by every ``academy``,
because an academy is a school. A gateway held (or received) by ``any`` person matches
every holder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import networkx as nx  # type: ignore[import-untyped]

from lawgraph.graph.build import entry_id, node_key
from lawgraph.knowledge.models import ANY, Commencement

__all__ = [
    "ancestors_of",
    "conditions_for",
    "gateways_for",
    "holders_of",
    "in_force_on",
    "provisions_citing",
]


def _node(graph: nx.MultiDiGraph, kind: str, identifier: str) -> str:
    """The key of the `kind` node for `identifier` (an id or a key); KeyError if absent."""
    key = identifier if identifier.startswith(f"{kind}:") else node_key(kind, identifier)
    if key not in graph or graph.nodes[key].get("kind") != kind:
        raise KeyError(f"no {kind} {identifier!r} in the graph")
    return key


def _out(graph: nx.MultiDiGraph, key: str, kind: str) -> Iterator[str]:
    for _, target, data in graph.out_edges(key, data=True):
        if data.get("kind") == kind:
            yield target


def ancestors_of(graph: nx.MultiDiGraph, holder: str) -> list[str]:
    """`holder` and every holder it is a kind of through ``is_a``, nearest first.

    Args:
        graph: a graph from `lawgraph.graph.build_graph`.
        holder: a holder id (``academy``) or node key (``holder:academy``).

    Returns:
        Holder ids, starting with `holder` itself.

    Raises:
        KeyError: `holder` is not a holder in the graph.
    """
    start = _node(graph, "holder", holder)
    seen = [start]
    queue = [start]
    while queue:
        for parent in _out(graph, queue.pop(0), "is_a"):
            if parent not in seen:
                seen.append(parent)
                queue.append(parent)
    return [entry_id(k) for k in seen]


def in_force_on(graph: nx.MultiDiGraph, gateway: str, on: dt.date) -> bool:
    """True unless the gateway's data says it is not in force on `on`.

    A prospective gateway is not in force; otherwise it is in force from its
    ``in_force_from`` (if known) until the day before its ``in_force_to`` (if any). A
    gateway with unknown or uncertain commencement is kept: its ``status`` and
    ``commencement`` say it needs checking.

    Raises:
        KeyError: `gateway` is not a gateway in the graph.
    """
    data = graph.nodes[_node(graph, "gateway", gateway)]
    if data["commencement"] == Commencement.PROSPECTIVE.value:
        return False
    start, end = data.get("in_force_from"), data.get("in_force_to")
    if start and on < dt.date.fromisoformat(start):
        return False
    return not (end and on >= dt.date.fromisoformat(end))


def gateways_for(
    graph: nx.MultiDiGraph,
    holder: str,
    *,
    recipient: str | None = None,
    purpose: str | None = None,
    on: dt.date | None = None,
) -> list[str]:
    """Gateways `holder` holds, optionally only those to a recipient, for a purpose, in force.

    Args:
        graph: a graph from `lawgraph.graph.build_graph`.
        holder: a holder id or node key. Gateways held by any of its ``is_a``
            ancestors, or by ``any`` person, count.
        recipient: keep only gateways that share with this holder, one of its
            ancestors, or ``any`` person.
        purpose: keep only gateways that serve this purpose id.
        on: keep only gateways in force on this date (`in_force_on`); prospective
            gateways are then left out.

    Returns:
        Gateway ids, in the order the knowledge files define them.

    Raises:
        KeyError: `holder`, `recipient` or `purpose` is not in the graph.

    See Also:
        lawgraph.knowledge.Knowledge.gateways_held_by: the same question without a graph.

    Examples:
        >>> from lawgraph.graph import load_graph
        >>> G = load_graph(use_cache=False)
        >>> found = gateways_for(G, "academy", purpose="safeguarding")
        >>> "iss2014-sch-para7" in found, "ea2002-s175" in found
        (True, False)
    """
    holders = {node_key("holder", h) for h in ancestors_of(graph, holder)}
    holders.add(node_key("holder", ANY))
    recipients: set[str] | None = None
    if recipient is not None:
        recipients = {node_key("holder", h) for h in ancestors_of(graph, recipient)}
        recipients.add(node_key("holder", ANY))
    purpose_key = _node(graph, "purpose", purpose) if purpose is not None else None
    out: list[str] = []
    for key, data in graph.nodes(data=True):
        if data.get("kind") != "gateway":
            continue
        if holders.isdisjoint(_out(graph, key, "held_by")):
            continue
        if recipients is not None and recipients.isdisjoint(_out(graph, key, "shares_with")):
            continue
        if purpose_key is not None and purpose_key not in set(_out(graph, key, "serves")):
            continue
        if on is not None and not in_force_on(graph, key, on):
            continue
        out.append(entry_id(key))
    return out


def holders_of(graph: nx.MultiDiGraph, gateway: str) -> list[str]:
    """The holder ids the gateway names as holding it (``any`` included if named).

    Raises:
        KeyError: `gateway` is not a gateway in the graph.

    See Also:
        gateways_for: the other way round, with ``is_a`` inheritance.
    """
    return [entry_id(h) for h in _out(graph, _node(graph, "gateway", gateway), "held_by")]


def conditions_for(
    graph: nx.MultiDiGraph, gateway: str, *, with_required: bool = False
) -> list[str]:
    """The lawful-basis condition ids the gateway supports (its Article 6(1) points).

    Args:
        graph: a graph from `lawgraph.graph.build_graph`.
        gateway: a gateway id or node key.
        with_required: also follow ``requires`` from those conditions, transitively.

    Raises:
        KeyError: `gateway` is not a gateway in the graph.
    """
    found = list(_out(graph, _node(graph, "gateway", gateway), "supports_basis"))
    if with_required:
        queue = list(found)
        while queue:
            for req in _out(graph, queue.pop(0), "requires"):
                if req not in found:
                    found.append(req)
                    queue.append(req)
    return [entry_id(c) for c in found]


def provisions_citing(graph: nx.MultiDiGraph, identifier: str) -> set[str]:
    """Knowledge nodes that cite the provision `identifier` or any provision within it.

    "Within" means below it in the held document's structure (``contains``) or, for
    documents not held, below it by identifier (``.../paragraph/18/1/a`` is within
    ``.../paragraph/18``).

    Args:
        graph: a graph from `lawgraph.graph.build_graph`.
        identifier: a legislation.gov.uk identifier, e.g.
            ``ukpga/2018/12/schedule/1/paragraph/18``.

    Returns:
        Node keys such as ``condition:dpa-sch1-para18`` and ``gateway:ca2004-s11``; empty
        when nothing cites it.

    See Also:
        lawgraph.legislation.identifiers.LegislationId: identifier syntax.
    """
    within: set[str] = set()
    if identifier in graph:
        within.add(identifier)
        within.update(
            n
            for n in nx.descendants(
                nx.subgraph_view(graph, filter_edge=lambda u, v, k: k == "contains"), identifier
            )
        )
    prefix = identifier + "/"
    within.update(
        n
        for n, data in graph.nodes(data=True)
        if data.get("kind") == "provision" and n.startswith(prefix)
    )
    return {
        source
        for target in within
        for source, _, data in graph.in_edges(target, data=True)
        if data.get("kind") == "cites"
    }
