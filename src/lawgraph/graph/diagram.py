"""The sharing map as a picture: organisations as nodes, gateways as edges.

`diagram_source` turns a list of `lawgraph.graph.flows.Flow` (from `sharing_flows`, or
from any other tool that lists who shares with whom) into Graphviz DOT; `render_diagram`
lays it out with Graphviz's ``dot`` as SVG (for a web page) or PNG (for a report).

How the picture reads:

- each organisation is a box; the statutory functions it holds that name no recipient
  (`FlowKind.FUNCTION`: they ground its public task but do not themselves require or
  authorise a disclosure) are listed inside its box, since they reach no one body;
- the other flows are arrows from discloser to recipient, one arrow per pair and kind,
  labelled with every provision of that kind between the pair; a pair joined the same
  way in both directions gets one arrow with two heads;
- a gateway that lets every body of one set give to every body of another (a duty to
  co-operate among partners) is drawn as an oval naming the provision, with one line to
  each body, when that takes fewer lines than an arrow for every pair;
- the kind sets the line: a duty solid blue, a power dashed green, a duty to comply with
  a request dotted orange (line style and colour both, so the legend reads in grey too);
- a gateway that joins every body shown to every other, the same way (a duty to comply
  with a request that anyone may be asked to meet), is written once in the key under
  the picture instead of as an arrow between every pair;
- a provision marked † is one the data marks uncertain: check it before relying on it;
- the notice that this is not legal advice is printed under the picture.

The DOT text depends only on the flows and options given (same input, same bytes), so
it can be kept under version control and compared.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from lawgraph.disclaimer import NOT_LEGAL_ADVICE
from lawgraph.errors import LawgraphError
from lawgraph.graph.flows import Flow, FlowKind

__all__ = [
    "DiagramFormat",
    "GraphvizNotFoundError",
    "diagram_source",
    "render_diagram",
]

#: What to tell someone whose machine lacks Graphviz.
INSTALL_HINT = (
    "install Graphviz (Debian or Ubuntu: apt-get install graphviz; macOS: brew install "
    "graphviz; Windows: winget install graphviz) and the Python binding "
    "(pip install 'lawgraph[diagram]'); --format dot needs only the Python binding"
)


class GraphvizNotFoundError(LawgraphError):
    """Graphviz (its ``dot`` program, or the ``graphviz`` Python package) is not installed;
    the message says how to install it."""


class DiagramFormat(StrEnum):
    """What `render_diagram` produces."""

    SVG = "svg"
    PNG = "png"
    DOT = "dot"


#: Line style, colour and the legend's words for each kind drawn as an arrow. The
#: colours are from the Okabe-Ito palette, told apart with colour-blindness too.
_STYLE: Mapping[FlowKind, tuple[str, str, str, str]] = {
    FlowKind.DUTY: ("solid", "#0072B2", "#005A8C", "duty: must share"),
    FlowKind.POWER: ("dashed", "#009E73", "#00694D", "power: may share"),
    FlowKind.REQUEST: (
        "dotted",
        "#D55E00",
        "#A34400",
        "duty to comply with a request: must share when asked",
    ),
}
#: A kind in a few words, after a provision written in the key.
_KIND_WORDS: Mapping[FlowKind, str] = {
    FlowKind.DUTY: "a duty to share",
    FlowKind.POWER: "a power to share",
    FlowKind.REQUEST: "a duty to comply with a request",
}
#: The widest line of a provision in a box or on an arrow, in characters: long titles
#: of Acts and regulations wrap, so the picture stays narrow enough to read on a page.
_WIDTH = 32
_ARROW_WIDTH = 26
_FONT = "Helvetica,Arial,sans-serif"
_DAGGER = " \N{DAGGER}"


def _provision(flow: Flow) -> str:
    return flow.provision + (_DAGGER if flow.uncertain else "")


#: A pinpoint's label and its number stay on one line ("reg. 9(3)", never "reg." then "9(3)").
_PINPOINT = re.compile(r"\b(s|Sch|para|reg|Art|r)\. ")


def _wrap(text: str, width: int) -> list[str]:
    held = _PINPOINT.sub(lambda m: m.group(0)[:-1] + "\0", text)
    lines = textwrap.wrap(held, width, break_long_words=False, break_on_hyphens=False)
    return [line.replace("\0", " ") for line in lines] or [""]


def _html_lines(lines: Sequence[str]) -> str:
    return '<br align="left"/>'.join(html.escape(line) for line in lines) + '<br align="left"/>'


def _nodes(flows: Sequence[Flow], holders: Mapping[str, str] | None) -> dict[str, str]:
    """Holder id to name: `holders` first, in order, then any other in the flows."""
    nodes = dict(holders or {})
    for flow in flows:
        nodes.setdefault(flow.discloser, flow.discloser_label)
        nodes.setdefault(flow.recipient, flow.recipient_label)
    return nodes


def _everywhere(flows: Sequence[Flow], nodes: Mapping[str, str]) -> list[tuple[str, FlowKind]]:
    """The (provision, kind) pairs that join every node to every other (three or more
    nodes): written once rather than drawn between every pair."""
    if len(nodes) < 3:
        return []
    pairs: dict[tuple[str, FlowKind], set[tuple[str, str]]] = {}
    for flow in flows:
        if flow.kind is not FlowKind.FUNCTION:
            pairs.setdefault((_provision(flow), flow.kind), set()).add(
                (flow.discloser, flow.recipient)
            )
    every = len(nodes) * (len(nodes) - 1)
    return [key for key, joined in pairs.items() if len(joined) == every]


def diagram_source(
    flows: Sequence[Flow],
    *,
    holders: Mapping[str, str] | None = None,
    title: str | None = None,
) -> str:
    """The flows as Graphviz DOT text.

    Args:
        flows: the flows to draw (`lawgraph.graph.flows.sharing_flows`).
        holders: holder id to name of every organisation to show, in order, those with
            no flow too; others named by the flows follow.
        title: a heading printed under the picture (for example the partnership, the
            purposes and the date).

    Raises:
        GraphvizNotFoundError: the ``graphviz`` Python package is not installed.

    Examples:
        >>> flow = Flow(
        ...     discloser="a", discloser_label="Body A", recipient="b",
        ...     recipient_label="Body B", gateway="g", kind=FlowKind.POWER,
        ...     provision="Crime and Disorder Act 1998, s.115(1)",
        ... )
        >>> dot = diagram_source([flow])
        >>> "a -> b" in dot and "style=dashed" in dot
        True
    """
    graphviz = _binding()
    nodes = _nodes(flows, holders)
    everywhere = _everywhere(flows, nodes)
    skip = set(everywhere)
    graph = graphviz.Digraph(
        "sharing",
        graph_attr={
            "rankdir": "LR",
            "fontname": _FONT,
            "fontsize": "11",
            "labelloc": "b",
            "labeljust": "l",
            "nodesep": "0.35",
            "ranksep": "0.5",
            "pad": "0.3",
            "newrank": "true",
            "bgcolor": "white",
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": "#F7F7F7",
            "color": "#555555",
            "fontname": _FONT,
            "fontsize": "12",
            "margin": "0.15,0.08",
        },
        edge_attr={"fontname": _FONT, "fontsize": "10", "arrowsize": "0.8"},
    )
    functions: dict[str, list[str]] = {h: [] for h in nodes}
    for flow in flows:
        if flow.kind is FlowKind.FUNCTION and _provision(flow) not in functions[flow.discloser]:
            functions[flow.discloser].append(_provision(flow))
    for holder, name in nodes.items():
        label = f"<<b>{_html_lines(_wrap(name, 24))}</b>"
        if functions[holder]:
            own = ["its own functions:"]
            for provision in functions[holder]:
                lines = _wrap(provision, _WIDTH)
                own += [lines[0], *(f"    {line}" for line in lines[1:])]
            label += f'<font point-size="10" color="#444444">{_html_lines(own)}</font>'
        graph.node(holder, label=label + ">", tooltip=f"{name} ({holder})")
    hubs = _hubs(flows, nodes, skip)
    for number, (provision, kind, members) in enumerate(hubs, 1):
        style, colour, text_colour, _ = _STYLE[kind]
        hub = f"via-{number}"
        graph.node(
            hub,
            label="\\n".join(_wrap(provision, _ARROW_WIDTH)),
            shape="ellipse",
            style=f"{style},filled",
            fillcolor="white",
            color=colour,
            fontcolor=text_colour,
            fontsize="10",
            margin="0.05,0.03",
            tooltip=f"{kind.value}: {provision}",
        )
        for member, gives, receives in members:
            ends = {"dir": "both"} if gives and receives else {}
            if gives:
                graph.edge(member, hub, style=style, color=colour, penwidth="1.6", **ends)
            else:
                graph.edge(hub, member, style=style, color=colour, penwidth="1.6")
    for (discloser, recipient, kind), provisions, both in _arrows(
        flows, skip | {(p, k) for p, k, _ in hubs}
    ):
        style, colour, text_colour, _ = _STYLE[kind]
        attrs: dict[str, str] = {
            "style": style,
            "color": colour,
            "fontcolor": text_colour,
            "penwidth": "1.6" if kind is FlowKind.POWER else "2",
            "label": "\\n".join(line for p in provisions for line in _wrap(p, _ARROW_WIDTH)),
            "tooltip": f"{kind.value}: " + "; ".join(provisions),
        }
        if both:
            attrs["dir"] = "both"
        graph.edge(discloser, recipient, **attrs)
    graph.attr(label=_key(everywhere, title, hubs=bool(hubs)))
    return str(graph.source)


def _hubs(
    flows: Sequence[Flow], nodes: Mapping[str, str], skip: set[tuple[str, FlowKind]]
) -> list[tuple[str, FlowKind, list[tuple[str, bool, bool]]]]:
    """The gateways better drawn through a small oval of their own: one that lets every
    body of one set give to every body of another (the same set, for a duty to
    co-operate among partners), where one line per body is fewer than one arrow per
    pair. Each with its members in node order: (holder, gives, receives)."""
    pairs: dict[tuple[str, FlowKind], set[tuple[str, str]]] = {}
    for flow in flows:
        key = (_provision(flow), flow.kind)
        if flow.kind is not FlowKind.FUNCTION and key not in skip:
            pairs.setdefault(key, set()).add((flow.discloser, flow.recipient))
    out: list[tuple[str, FlowKind, list[tuple[str, bool, bool]]]] = []
    for (provision, kind), joined in pairs.items():
        givers = {d for d, _ in joined}
        takers = {r for _, r in joined}
        complete = all((d, r) in joined for d in givers for r in takers if d != r)
        if complete and len(joined) > len(givers | takers):
            members = [(h, h in givers, h in takers) for h in nodes if h in givers | takers]
            out.append((provision, kind, members))
    return out


def _arrows(
    flows: Sequence[Flow], skip: set[tuple[str, FlowKind]]
) -> list[tuple[tuple[str, str, FlowKind], list[str], bool]]:
    """One arrow per ordered pair and kind, with its provisions; a pair joined by the same
    provisions of the same kind both ways is one arrow marked ``both``."""
    grouped: dict[tuple[str, str, FlowKind], list[str]] = {}
    for flow in flows:
        key = (_provision(flow), flow.kind)
        if flow.kind is FlowKind.FUNCTION or key in skip:
            continue
        provisions = grouped.setdefault((flow.discloser, flow.recipient, flow.kind), [])
        if key[0] not in provisions:
            provisions.append(key[0])
    out: list[tuple[tuple[str, str, FlowKind], list[str], bool]] = []
    done: set[tuple[str, str, FlowKind]] = set()
    for (discloser, recipient, kind), provisions in grouped.items():
        if (discloser, recipient, kind) in done:
            continue
        back = (recipient, discloser, kind)
        both = back in grouped and grouped[back] == provisions
        if both:
            done.add(back)
        out.append(((discloser, recipient, kind), provisions, both))
    return out


def _key(everywhere: Sequence[tuple[str, FlowKind]], title: str | None, *, hubs: bool) -> str:
    """The picture's caption, under it: a key to the line styles, what a box lists and
    what \N{DAGGER} means, the gateways that join every pair, the title and the notice
    that this is not legal advice (an HTML-like label, so the key takes no column of the
    layout)."""
    rows = ['<tr><td colspan="2" align="left"><b>Key</b></td></tr>']
    for style, colour, text_colour, words in _STYLE.values():
        rows.append(
            f'<tr><td width="56" border="2" sides="b" style="{style}" color="{colour}"></td>'
            f'<td align="left"><font color="{text_colour}">{html.escape(words)}</font></td></tr>'
        )
    notes = [
        "A box lists that body's own statutory functions for the purpose: they name no",
        "recipient, so they ground its public task but do not themselves require or",
        "authorise a disclosure.",
        "\N{DAGGER} marked uncertain in lawgraph's data: check it first.",
    ]
    if hubs:
        notes += [
            "An oval is one gateway joining several bodies: each body with a line into it",
            "gives to each body it points to (a line with two heads: both gives and receives).",
        ]
    if everywhere:
        notes.append("Between any two of the bodies shown:")
        notes += [f"    {provision} ({_KIND_WORDS[kind]})" for provision, kind in everywhere]
    rows.append(f'<tr><td colspan="2" align="left">{_html_lines(notes)}</td></tr>')
    caption = ([f"<b>{html.escape(title)}</b>"] if title else []) + [
        html.escape(line) for line in _wrap(NOT_LEGAL_ADVICE, 84)
    ]
    rows.append(
        '<tr><td colspan="2" align="left">'
        + "".join(f'{line}<br align="left"/>' for line in caption)
        + "</td></tr>"
    )
    return (
        '<<table border="1" color="#BBBBBB" cellborder="0" cellspacing="3" cellpadding="2">'
        + "".join(rows)
        + "</table>>"
    )


def render_diagram(
    flows: Sequence[Flow],
    format: DiagramFormat | str = DiagramFormat.SVG,
    *,
    holders: Mapping[str, str] | None = None,
    title: str | None = None,
) -> bytes:
    """The flows drawn as SVG or PNG (laid out by Graphviz ``dot``), or as DOT text.

    Args:
        flows: the flows to draw.
        format: ``svg``, ``png`` or ``dot`` (`DiagramFormat`).
        holders: as for `diagram_source`.
        title: as for `diagram_source`.

    Raises:
        GraphvizNotFoundError: Graphviz's ``dot`` (for SVG and PNG) or the ``graphviz``
            Python package is not installed; the message says how to install them.
        ValueError: `format` is none of these.
    """
    chosen = DiagramFormat(format)
    source = diagram_source(flows, holders=holders, title=title)
    if chosen is DiagramFormat.DOT:
        return source.encode("utf-8")
    graphviz = _binding()
    try:
        out: bytes = graphviz.Source(source).pipe(format=chosen.value, engine="dot")
    except graphviz.ExecutableNotFound:
        raise GraphvizNotFoundError(
            f"Graphviz's dot program was not found, so no {chosen.value.upper()} can be "
            f"drawn: {INSTALL_HINT}"
        ) from None
    return out


def _binding() -> Any:
    try:
        import graphviz  # type: ignore[import-untyped]
    except ImportError:
        raise GraphvizNotFoundError(
            f"the graphviz Python package is not installed: {INSTALL_HINT}"
        ) from None
    return graphviz
