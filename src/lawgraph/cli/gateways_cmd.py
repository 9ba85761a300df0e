"""``lawgraph gateways``: the information-sharing gateways a duty holder holds.

With ``--as-at``, a gateway is in force on the date only if the data says so; one with no
in-force date recorded is not in force before its statute can have existed (1 January of
the year in the statute's identifier), and those left out for that reason are named.

Exit status: 0 with the gateways found (none found is not an error); 2 when a holder,
recipient or purpose is unknown (with suggestions), the date is not a date, or a
knowledge file cannot be loaded.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from lawgraph.api import Part
from lawgraph.cli import app
from lawgraph.cli._common import (
    DATA_HELP,
    NOT_LEGAL_ADVICE,
    as_date,
    cell,
    complete_names,
    console,
    loaded,
    markup,
    usage_error,
)
from lawgraph.graph.build import node_key
from lawgraph.graph.query import gateways_for, member_gateways
from lawgraph.knowledge.applicability import in_force_period, statute_of
from lawgraph.knowledge.errors import UnknownHolderError, UnknownPurposeError
from lawgraph.knowledge.loader import Knowledge
from lawgraph.legislation.citations import format_citation

__all__ = ["CAVEAT", "gateways"]

#: What this listing leaves to the reader, printed after `NOT_LEGAL_ADVICE`.
CAVEAT = (
    "Entries marked uncertain (and any not in force) need checking against "
    "legislation.gov.uk before relying on them."
)


def _fail(message: str) -> typer.Exit:
    return usage_error("gateways", message)


def _holder(knowledge: Knowledge, name: str, option: str) -> str:
    try:
        return knowledge.holder(name).id
    except UnknownHolderError as exc:
        raise _fail(f"{option}: {exc}") from None


def _purpose(knowledge: Knowledge, name: str) -> str:
    """A purpose id from its id or title (`Knowledge.purpose`), or a usage error."""
    try:
        return knowledge.purpose(name).id
    except UnknownPurposeError as exc:
        raise _fail(f"--purpose: {exc}") from None


def _as_date(value: str | None) -> dt.date | None:
    return as_date("gateways", value)


def _short_citations(identifiers: list[str], most: int = 3) -> str:
    """Citations as practitioners write them; the full list is in --json."""
    shown = [format_citation(i) for i in identifiers[:most]]
    if len(identifiers) > most:
        shown.append(f"+{len(identifiers) - most} more")
    return "\n".join(shown)


def _in_force_text(data: dict[str, Any]) -> str:
    if data.get("in_force_from"):
        return str(data["in_force_from"])
    return {
        "in_force": "in force (date not recorded)",
        "partly_in_force": "partly in force",
        "prospective": "prospective",
    }.get(data["commencement"], "uncertain")


def _not_yet_enacted(
    knowledge: Knowledge,
    found: list[str],
    on: dt.date | None,
) -> list[dict[str, str]]:
    """Of `found` (the gateways asked for, on any date), those left out on `on` only
    because the statute they are in did not yet exist (`in_force_period`).

    Saying so matters for an early date: "0 gateways" alone would read as "none apply",
    when the truth is that the law was not yet made.
    """
    if on is None:
        return []
    out = []
    for gid in found:
        g = knowledge.gateways[gid]
        period = in_force_period(g)
        if g.in_force_from is None and period is not None and period.first and on < period.first:
            doc = statute_of(g) or ""
            out.append({"id": gid, "document": doc, "not_before": period.first.isoformat()})
    return out


@app.command("gateways")
def gateways(
    holder: Annotated[
        str,
        typer.Option(
            "--holder",
            metavar="HOLDER",
            help="Who holds the information: an id or a name, e.g. academy (lawgraph holders).",
            autocompletion=complete_names("holder"),
        ),
    ],
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="RECIPIENT",
            help="Only gateways that share with them.",
            autocompletion=complete_names("holder"),
        ),
    ] = None,
    purpose: Annotated[
        str | None,
        typer.Option(
            "--purpose",
            metavar="PURPOSE",
            help="Only gateways for this purpose, e.g. safeguarding (lawgraph purposes).",
            autocompletion=complete_names("purpose"),
        ),
    ] = None,
    as_at: Annotated[
        str | None,
        typer.Option("--as-at", help="Only gateways in force on this date (YYYY-MM-DD)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    data: Annotated[
        Path | None,
        typer.Option("--data", metavar="DIR", help=DATA_HELP),
    ] = None,
) -> None:
    """List the gateways a holder holds (through what it is a kind of, too), with citations."""
    on = _as_date(as_at)
    law = loaded("gateways", data, Part.KNOWLEDGE)
    knowledge = law.knowledge
    holder_id = _holder(knowledge, holder, "--holder")
    recipient_id = _holder(knowledge, to, "--to") if to is not None else None
    purpose_id = _purpose(knowledge, purpose) if purpose is not None else None
    graph = loaded("gateways", data, Part.GRAPH).graph
    found = gateways_for(graph, holder_id, recipient=recipient_id, purpose=purpose_id, on=on)
    rows = [graph.nodes[node_key("gateway", g)] for g in found]
    # A grouping ("police") can list fewer gateways than one of its members: say which.
    members = member_gateways(graph, holder_id, recipient=recipient_id, purpose=purpose_id, on=on)
    unmade = _not_yet_enacted(
        knowledge,
        gateways_for(graph, holder_id, recipient=recipient_id, purpose=purpose_id),
        on,
    )
    if as_json:
        payload = {
            "holder": holder_id,
            "recipient": recipient_id,
            "purpose": purpose_id,
            "as_at": on.isoformat() if on else None,
            "gateways": [
                {
                    "id": r["id"],
                    "title": r["label"],
                    "nature": r["nature"],
                    "citations": r["citations"],
                    "document": r["document"],
                    "in_force_from": r["in_force_from"],
                    "in_force_to": r["in_force_to"],
                    "commencement": r["commencement"],
                    "status": r["status"],
                    "status_reason": r["status_reason"],
                }
                for r in rows
            ],
            "not_yet_enacted": unmade,
            "members": [{"side": side, "holder": m, "gateways": g} for side, m, g in members],
            "not_legal_advice": NOT_LEGAL_ADVICE,
            "caveat": CAVEAT,
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    out = console()
    scope = [f"held by {holder_id}"]
    if recipient_id:
        scope.append(f"shared with {recipient_id}")
    if purpose_id:
        scope.append(f"for {purpose_id}")
    if on:
        scope.append(f"in force on {on.isoformat()}")
    out.print(markup("[bold]{n} gateway(s)[/bold] {scope}", n=len(rows), scope=", ".join(scope)))
    if rows:
        table = Table(show_lines=False)
        # a gateway id is what a reader types next (lawgraph show, --json), so it is never
        # folded; the prose columns fold around it
        table.add_column("gateway", no_wrap=True, min_width=max(len(r["id"]) for r in rows))
        for column in ("title", "nature", "provisions", "in force from", "status"):
            table.add_column(column, overflow="fold", ratio=2 if column == "title" else 1)
        for r in rows:
            status = r["status"]
            table.add_row(
                cell(r["id"]),
                cell(r["label"]),
                cell(r["nature"].replace("_", " ")),
                cell(_short_citations(r["citations"])),
                cell(_in_force_text(r)),
                markup("[yellow]{s}[/yellow]", s=status) if status != "verified" else cell(status),
            )
        out.print(table)
    for side, member, extra in members:
        named = holder_id if side == "holder" else recipient_id
        out.print(
            f"{named} is a grouping: its member {member} (as {side}) is also reached by "
            f"{', '.join(extra)}, which {named} itself is not. Name the body to see its "
            "gateways: the grouping's list may be shorter than a member's.",
            markup=False,
        )
    if unmade and on is not None:
        out.print(
            f"Left out as not yet law on {on.isoformat()} (the statute is later): "
            + ", ".join(f"{u['id']} ({u['document']}, from {u['not_before'][:4]})" for u in unmade),
            markup=False,
        )
    out.print(markup("[dim]{text} {caveat}[/dim]", text=NOT_LEGAL_ADVICE, caveat=CAVEAT))
