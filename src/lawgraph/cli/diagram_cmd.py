"""``lawgraph diagram``: a picture of who may or must share with whom in a partnership.

    lawgraph diagram HOLDER [HOLDER ...] [--purpose P ...] [--as-at DATE]
                     --format svg|png|dot [-o FILE]

Every gateway from each named organisation to each other, for the purposes given (all
when none is), in force on the date (default today), found by the reasoner's own
applicability test (`lawgraph.graph.flows.sharing_flows`) and drawn by Graphviz
(`lawgraph.graph.diagram`): organisations as boxes, duties, powers and duties to comply
with a request as arrows of different styles labelled by provision, with a key and the
not-legal-advice notice. SVG and PNG need Graphviz's ``dot`` program; DOT text does not.

Exit status: 0 when written; 2 when a holder or purpose is unknown (with suggestions), a
holder is named twice or did not exist on the date, the date is not a date, the file
cannot be written, Graphviz is missing (the message says how to install it), or a
knowledge file cannot be loaded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from lawgraph.api import Part
from lawgraph.cli import app
from lawgraph.cli._common import (
    DATA_HELP,
    as_date,
    complete_names,
    complete_values,
    loaded,
    one_of,
    usage_error,
)
from lawgraph.files import atomic_write
from lawgraph.graph.diagram import DiagramFormat, GraphvizNotFoundError, render_diagram
from lawgraph.graph.flows import FlowError, sharing_flows
from lawgraph.knowledge.errors import UnknownHolderError, UnknownPurposeError
from lawgraph.knowledge.models import Jurisdiction

__all__ = ["diagram"]


def _fail(message: str) -> typer.Exit:
    return usage_error("diagram", message)


@app.command("diagram")
def diagram(
    holders: Annotated[
        list[str],
        typer.Argument(
            metavar="HOLDER",
            help="The organisations to draw (two or more): ids or names (lawgraph holders).",
            autocompletion=complete_names("holder"),
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help=f"What to write, {one_of(DiagramFormat)}.",
            autocompletion=complete_values(DiagramFormat),
        ),
    ] = DiagramFormat.SVG.value,
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--out",
            metavar="FILE",
            help="The file to write (default: standard output, for svg and dot).",
        ),
    ] = None,
    purpose: Annotated[
        list[str] | None,
        typer.Option(
            "--purpose",
            metavar="PURPOSE",
            help="Only gateways for this purpose (repeat for several; default: all).",
            autocompletion=complete_names("purpose"),
        ),
    ] = None,
    as_at: Annotated[
        str | None,
        typer.Option("--as-at", help="Gateways in force on this date (default: today)."),
    ] = None,
    jurisdiction: Annotated[
        str,
        typer.Option(
            metavar="JURISDICTION",
            help=f"Where the sharing happens, {one_of(Jurisdiction)}.",
            autocompletion=complete_values(Jurisdiction),
        ),
    ] = Jurisdiction.ENGLAND.value,
    title: Annotated[
        str | None,
        typer.Option(help="A heading under the picture (default: the purposes and date)."),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", metavar="DIR", help=DATA_HELP),
    ] = None,
) -> None:
    """Draw the gateways between organisations: duties, powers and duties to comply with a
    request, each labelled by its provision."""
    try:
        chosen = DiagramFormat(fmt)
    except ValueError:
        raise _fail(f"--format {fmt!r} is not known; use {one_of(DiagramFormat)}") from None
    try:
        place = Jurisdiction(jurisdiction)
    except ValueError:
        raise _fail(
            f"--jurisdiction {jurisdiction!r} is not known; use {one_of(Jurisdiction)}"
        ) from None
    if chosen is DiagramFormat.PNG and out is None:
        raise _fail("a PNG is binary: give the file to write with -o FILE")
    if len(holders) < 2:
        raise _fail("name at least two organisations: a diagram shows what passes between them")
    on = as_date("diagram", as_at) or dt.date.today()
    knowledge = loaded("diagram", data, Part.KNOWLEDGE).knowledge
    purposes = purpose or []
    try:
        flows = sharing_flows(knowledge, holders, purposes=purposes, on=on, jurisdiction=place)
    except UnknownHolderError as exc:
        raise _fail(f"HOLDER: {exc}") from None
    except UnknownPurposeError as exc:
        raise _fail(f"--purpose: {exc}") from None
    except FlowError as exc:
        raise _fail(str(exc)) from None
    names = {knowledge.holder(h).id: knowledge.holder(h).name for h in holders}
    if title is None:
        asked = [knowledge.purpose(p).id for p in purposes]
        title = (
            f"Gateways for {', '.join(asked) or 'every purpose'}, in force on "
            f"{on.isoformat()} ({place.value.replace('-', ' ').title()})"
        )
    try:
        picture = render_diagram(flows, chosen, holders=names, title=title)
    except GraphvizNotFoundError as exc:
        raise _fail(str(exc)) from None
    if out is None:
        typer.echo(picture, nl=False)  # bytes: written to the binary stream as they are
        return
    try:
        atomic_write(out, picture)
    except OSError as exc:
        raise _fail(f"cannot write {out}: {exc.strerror or exc}") from None
    typer.echo(
        f"wrote {out} ({chosen.value}): {len(names)} organisations, {len(flows)} gateway "
        "flows between them"
    )
