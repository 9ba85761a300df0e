"""mkdocs hooks: hide the test markers in the docs' output blocks from readers, and draw
the sharing diagrams a page asks for.

The output blocks on the pages carry first lines for the tests (``# output abbreviated``,
``# output: first N lines``; see ``tests/docs/test_docs_examples.py``). A reader needs
none of them, only to know that the output goes on: so the marker is dropped, and a block
that shows only the first lines of an answer ends with a line ``...``.

A line ``<!-- lawgraph diagram: HOLDER ... [--purpose P] [--as-at DATE] -->`` (the
arguments of ``lawgraph diagram``) is replaced by that diagram, drawn now from ``data/``
as inline SVG, so the picture on the page is always the current data's. Where Graphviz is
not installed the page shows the DOT text instead and says how to install it;
``scripts/check_site.py`` fails when the picture is missing, so CI always draws it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shlex
from typing import Any

_BLOCK = re.compile(
    r"^```text\n(# output abbreviated|# output: first \d+ lines?)\n(.*?)^```$", re.S | re.M
)
_DIAGRAM = re.compile(r"^<!-- lawgraph diagram: (.*?) -->$", re.M)


def hide_markers(markdown: str) -> str:
    """`markdown` with the output markers taken out of its text blocks."""

    def shown(m: re.Match[str]) -> str:
        marker, body = m.group(1), m.group(2)
        tail = "...\n" if marker.startswith("# output: first") else ""
        return f"```text\n{body}{tail}```"

    return _BLOCK.sub(shown, markdown)


def _arguments(text: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="lawgraph diagram", add_help=False, exit_on_error=False)
    parser.add_argument("holders", nargs="+")
    parser.add_argument("--purpose", action="append", default=[])
    parser.add_argument("--as-at", type=dt.date.fromisoformat, required=True)
    return parser.parse_args(shlex.split(text))


def diagram_html(arguments: str) -> str:
    """The diagram named by `arguments` (``lawgraph diagram``'s), as a block of HTML."""
    from lawgraph.api import Part, load
    from lawgraph.graph.diagram import GraphvizNotFoundError, render_diagram
    from lawgraph.graph.flows import sharing_flows

    asked = _arguments(arguments)
    knowledge = load(parts=(Part.KNOWLEDGE,)).knowledge
    flows = sharing_flows(knowledge, asked.holders, purposes=asked.purpose, on=asked.as_at)
    names = {knowledge.holder(h).id: knowledge.holder(h).name for h in asked.holders}
    purposes = ", ".join(knowledge.purpose(p).id for p in asked.purpose) or "every purpose"
    title = f"Gateways for {purposes}, in force on {asked.as_at.isoformat()} (England)"
    try:
        svg = render_diagram(flows, "svg", holders=names, title=title).decode("utf-8")
    except GraphvizNotFoundError as exc:
        dot = render_diagram(flows, "dot", holders=names, title=title).decode("utf-8")
        return f'!!! warning "The picture was not drawn"\n    {exc}\n\n```dot\n{dot}```\n'
    # the page holds the picture itself (no XML prolog, doctype or generator comments),
    # at its own size or shrunk to fit the column, keeping its proportions
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    svg = svg.replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)
    return f'<div class="lawgraph-diagram">\n{svg}</div>\n'


def draw_diagrams(markdown: str) -> str:
    """`markdown` with each ``lawgraph diagram`` marker replaced by its picture."""
    return _DIAGRAM.sub(lambda m: diagram_html(m.group(1)), markdown)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    return draw_diagrams(hide_markers(markdown))
