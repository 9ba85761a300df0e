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

from lawgraph.graph.build import entry_id, model, node_key
from lawgraph.knowledge.applicability import assess, in_force_period
from lawgraph.knowledge.models import Gateway, Jurisdiction, Purpose, PurposeCover

__all__ = [
    "ancestors_of",
    "conditions_for",
    "gateways_for",
    "holders_of",
    "in_force_on",
    "member_gateways",
    "members_of",
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

    Decided by `lawgraph.knowledge.applicability.in_force_period`, as the reasoner
    decides it: a prospective gateway is not in force; otherwise it is in force from its
    ``in_force_from`` (if known) to its ``in_force_to`` (if any), both days included. A
    gateway with unknown or uncertain commencement is kept: its ``status`` and
    ``commencement`` say it needs checking.

    Raises:
        KeyError: `gateway` is not a gateway in the graph.
    """
    period = in_force_period(_gateway(graph, gateway))
    return period is not None and on in period


def _gateway(graph: nx.MultiDiGraph, gateway: str) -> Gateway:
    found = model(graph, _node(graph, "gateway", gateway))
    assert isinstance(found, Gateway)
    return found


def gateways_for(
    graph: nx.MultiDiGraph,
    holder: str,
    *,
    recipient: str | None = None,
    purpose: str | None = None,
    on: dt.date | None = None,
    jurisdiction: Jurisdiction | None = None,
    context: str | None = None,
) -> list[str]:
    """Gateways `holder` holds, optionally only those to a recipient, for a purpose, in force.

    Each gateway is judged by `lawgraph.knowledge.applicability.assess`, the test the
    reasoner applies, asked only whether the gateway connects the two bodies (a power
    to request information from the recipient counts; a function naming no recipient
    does not).

    Args:
        graph: a graph from `lawgraph.graph.build_graph`.
        holder: a holder id or node key. Gateways held by any of its ``is_a``
            ancestors, or by ``any`` person, count.
        recipient: keep only gateways that share with this holder, one of its
            ancestors, or ``any`` person.
        purpose: keep only gateways that serve this purpose id.
        on: keep only gateways in force on this date (`in_force_on`); prospective
            gateways are then left out.
        jurisdiction: keep only gateways that apply there (``applies_to`` and extent).
        context: a practice context (a scenario ``context`` value): leave out the
            duties that arise only on a request made in another context.

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
    holder_line = ancestors_of(graph, holder)
    recipient_line = ancestors_of(graph, recipient) if recipient is not None else None
    covers: tuple[PurposeCover, ...] = ()
    purpose_is_a: list[str] = []
    if purpose is not None:
        entry = model(graph, _node(graph, "purpose", purpose))
        assert isinstance(entry, Purpose)
        purpose, covers = entry.id, entry.served_through
        purpose_is_a = _purpose_ancestors(graph, entry)
    out: list[str] = []
    for key, data in graph.nodes(data=True):
        if data.get("kind") != "gateway":
            continue
        verdict = assess(
            _gateway(graph, key),
            holder_line=holder_line,
            recipient_line=recipient_line,
            purpose=purpose,
            on=on,
            jurisdiction=jurisdiction,
            context=context,
            disclosure=False,
            served_through=covers,
            purpose_is_a=purpose_is_a,
        )
        if verdict.applies:
            out.append(entry_id(key))
    return out


def members_of(graph: nx.MultiDiGraph, holder: str) -> list[str]:
    """Every holder that is a kind of `holder` (``is_a``, directly or through another), in
    the order the knowledge files define them; empty when `holder` groups nothing.

    Raises:
        KeyError: `holder` is not a holder in the graph.
    """
    target = _node(graph, "holder", holder)
    below = nx.ancestors(nx.subgraph_view(graph, filter_edge=_is_a_edge(graph)), target)
    return [entry_id(k) for k in graph.nodes if k in below]


def _is_a_edge(graph: nx.MultiDiGraph):  # type: ignore[no-untyped-def]
    def keep(u: str, v: str, k: object) -> bool:
        return bool(graph.edges[u, v, k].get("kind") == "is_a")

    return keep


def member_gateways(
    graph: nx.MultiDiGraph,
    holder: str,
    *,
    recipient: str | None = None,
    purpose: str | None = None,
    on: dt.date | None = None,
    jurisdiction: Jurisdiction | None = None,
    context: str | None = None,
) -> list[tuple[str, str, list[str]]]:
    """For a grouping named as holder or recipient (``police``), the members reached by
    gateways that the grouping itself is not: ``(side, member, gateway ids)``, side
    being ``holder`` or ``recipient``.

    A statute puts a duty on a particular body (FGM Act 2003 s.5B on the chief officer
    of police), so `gateways_for` a grouping can list fewer gateways than for one of its
    members; this names them, so a grouping never lists fewer silently. Arguments are
    as for `gateways_for`.

    Examples:
        >>> from lawgraph.graph import load_graph
        >>> G = load_graph(use_cache=False)
        >>> found = member_gateways(G, "police", recipient="school")
        >>> [(side, member) for side, member, ids in found if "daa2021-s49a" in ids]
        [('holder', 'chief-officer-of-police')]
    """
    kw = {"purpose": purpose, "on": on, "jurisdiction": jurisdiction, "context": context}
    own = set(gateways_for(graph, holder, recipient=recipient, **kw))  # type: ignore[arg-type]
    out: list[tuple[str, str, list[str]]] = []
    for member in members_of(graph, holder):
        found = gateways_for(graph, member, recipient=recipient, **kw)  # type: ignore[arg-type]
        if extra := [g for g in found if g not in own]:
            out.append(("holder", member, extra))
    if recipient is not None:
        for member in members_of(graph, recipient):
            found = gateways_for(graph, holder, recipient=member, **kw)  # type: ignore[arg-type]
            if extra := [g for g in found if g not in own]:
                out.append(("recipient", member, extra))
    return out


def _purpose_ancestors(graph: nx.MultiDiGraph, purpose: Purpose) -> list[str]:
    out: list[str] = []
    queue = list(purpose.is_a)
    while queue:
        current = queue.pop(0)
        if current not in out:
            out.append(current)
            parent = model(graph, _node(graph, "purpose", current))
            assert isinstance(parent, Purpose)
            queue.extend(parent.is_a)
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
