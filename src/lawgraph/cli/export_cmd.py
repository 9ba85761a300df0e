"""``lawgraph export``: write the graph of legislation and knowledge as GraphML or JSON-LD.

Exit status: 0 when written; 2 when a knowledge file cannot be loaded or the file
cannot be written.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lawgraph.api import Part
from lawgraph.cli import app
from lawgraph.cli._common import DATA_HELP, error_line, loaded
from lawgraph.graph.export import write_graphml, write_jsonld

__all__ = ["ExportFormat", "export"]


class ExportFormat(StrEnum):
    """The formats `export` writes."""

    GRAPHML = "graphml"
    JSONLD = "jsonld"


@app.command("export")
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="graphml or jsonld.")],
    out: Annotated[Path, typer.Option("--out", metavar="FILE", help="The file to write.")],
    data: Annotated[
        Path | None,
        typer.Option("--data", metavar="DIR", help=DATA_HELP),
    ] = None,
) -> None:
    """Export the graph of legislation and knowledge (GraphML or JSON-LD)."""
    graph = loaded("export", data, Part.KNOWLEDGE, Part.GRAPH).graph
    try:
        if fmt is ExportFormat.GRAPHML:
            write_graphml(graph, out)
        else:
            write_jsonld(graph, out)
    except OSError as exc:
        error_line("export", f"cannot write {out}: {exc}")
        raise typer.Exit(code=2) from None
    typer.echo(
        f"wrote {out} ({fmt.value}): {graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges"
    )
