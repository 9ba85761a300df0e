"""``lawgraph holders``, ``lawgraph purposes``, ``lawgraph categories``: the names the other
commands accept, listed or searched.

With TEXT, only the entries whose id, name or an alias contains it (in any case, spacing,
hyphens or apostrophes) are listed, the one it names exactly first; when none does, the
nearest by meaning and spelling (`lawgraph.knowledge.vocabulary.search`). A term for
something that is not an organisation (``early help``, ``MASH``) is explained.

Exit status: 0 with the entries listed (none found is not an error); 2 when a knowledge
file cannot be loaded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lawgraph.cli import app
from lawgraph.cli._common import (
    DATA_HELP,
    NOT_LEGAL_ADVICE,
    cell,
    complete_names,
    console,
    loaded,
    markup,
)

if TYPE_CHECKING:
    from lawgraph.knowledge.loader import Knowledge
    from lawgraph.knowledge.vocabulary import Term

__all__ = ["CAVEAT", "categories", "holders", "purposes"]

#: What a listing is not, printed after `NOT_LEGAL_ADVICE`.
CAVEAT = (
    "Names and summaries are lawgraph's own words; the law is in the gateways and "
    "conditions that cite them (lawgraph gateways, lawgraph ask)."
)

# Per kind: the command, the plural, the JSON key, how the other commands take it.
_PLURAL = {"holder": "holders", "purpose": "purposes", "category": "categories"}
_USE = {
    "holder": "ask --discloser/--recipient, gateways --holder/--to",
    "purpose": "ask --purpose, gateways --purpose",
    "category": "ask --category",
}


def _text_argument(kind: str) -> Any:
    return typer.Argument(
        metavar="TEXT",
        help=f"Only {_PLURAL[kind]} whose id, name or alias contains this (else the nearest).",
        autocompletion=complete_names(kind),
    )


_JSON = typer.Option("--json", help="Print JSON instead of a table.")
_DATA = typer.Option("--data", metavar="DIR", help=DATA_HELP)


@app.command("holders")
def holders(
    text: Annotated[str | None, _text_argument("holder")] = None,
    as_json: Annotated[bool, _JSON] = False,
    data: Annotated[Path | None, _DATA] = None,
) -> None:
    """List the duty holders (organisations and the bodies within them), or search them."""
    _list("holder", text, as_json, data)


@app.command("purposes")
def purposes(
    text: Annotated[str | None, _text_argument("purpose")] = None,
    as_json: Annotated[bool, _JSON] = False,
    data: Annotated[Path | None, _DATA] = None,
) -> None:
    """List the purposes information may be shared for, or search them."""
    _list("purpose", text, as_json, data)


@app.command("categories")
def categories(
    text: Annotated[str | None, _text_argument("category")] = None,
    as_json: Annotated[bool, _JSON] = False,
    data: Annotated[Path | None, _DATA] = None,
) -> None:
    """List the data categories (health data, criminal offence data, ...), or search them."""
    _list("category", text, as_json, data)


def _list(kind_name: str, text: str | None, as_json: bool, data: Path | None) -> None:
    # Imported here, not at the top, so `lawgraph --help` does not load the knowledge layer.
    from lawgraph.api import Part
    from lawgraph.knowledge.vocabulary import (
        Kind,
        contains_words,
        normalise_name,
        not_a_holder,
        search,
        terms,
    )

    command = _PLURAL[kind_name]
    knowledge = loaded(command, data, Part.KNOWLEDGE).knowledge
    kind = Kind(kind_name)
    service = not_a_holder(knowledge, text) if text and kind is Kind.HOLDER else None
    if text is None or not normalise_name(text):
        found, how = list(terms(knowledge, kind)), "all"
    else:
        key = normalise_name(text)
        found = search(knowledge, kind, text)
        contains = any(contains_words(n, key) for t in found[:1] for n in t.names)
        how = "contains" if contains else ("nearest" if found else "none")
        if service is not None and how == "nearest":
            found, how = [], "none"  # the explanation is the answer, not look-alikes
    if as_json:
        payload = {
            "kind": kind_name,
            "text": text,
            "match": how,
            "not_a_holder": (
                {"term": service.term, "reason": service.reason} if service is not None else None
            ),
            command: [_entry(knowledge, t) for t in found],
            "not_legal_advice": NOT_LEGAL_ADVICE,
            "caveat": CAVEAT,
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    out = console()
    if service is not None:
        out.print(
            markup(
                "[bold]{text}[/bold] is not a duty holder: {reason}",
                text=text,
                reason=service.reason,
            )
        )
    heading = {
        "all": "[bold]{n} {plural}[/bold]",
        "contains": "[bold]{n} {plural}[/bold] whose id, name or alias contains '{text}'",
        "nearest": (
            "No {singular} is named '{text}'; [bold]the {n} nearest[/bold] by name and description:"
        ),
        "none": "No {singular} is named or described like '{text}'.",
    }[how]
    if service is None or found:
        out.print(
            markup(
                heading,
                n=len(found),
                plural=command if len(found) != 1 else kind_name,
                singular=kind_name,
                text=text or "",
            )
        )
    if found:
        table = _table(kind_name, found)
        out.print(table)
    out.print(markup("Use an id, name or alias with: {use}.", use=_USE[kind_name]))
    out.print(markup("[dim]{text} {caveat}[/dim]", text=NOT_LEGAL_ADVICE, caveat=CAVEAT))


def _entry(knowledge: Knowledge, term: Term) -> dict[str, Any]:
    """One entry for ``--json``: its names, what it is, and its status in the data."""
    if term.kind == "holder":
        h = knowledge.holders[term.id]
        return {
            "id": h.id,
            "name": h.name,
            "aliases": list(h.aliases),
            "is_a": list(h.is_a),
            "public_authority": h.public_authority,
            "competent_authority": h.competent_authority,
            "summary": h.summary,
            "status": h.status.value,
        }
    if term.kind == "purpose":
        p = knowledge.purposes[term.id]
        return {
            "id": p.id,
            "title": p.title,
            "summary": p.summary,
            "within": list(p.within),
            "may_be_within": list(p.may_be_within),
            "is_a": list(p.is_a),
            "aims": [{"aim": a.aim.value, "source": a.source} for a in p.aims],
            "served_through": [c.gateway for c in p.served_through],
            "status": p.status.value,
        }
    c = knowledge.categories[term.id]
    return {
        "id": c.id,
        "title": c.title,
        "is_a": list(c.is_a),
        "summary": c.summary,
        "status": c.status.value,
    }


def _table(kind: str, found: list[Term]) -> Any:
    from rich.table import Table

    table = Table(show_lines=False)
    if kind == "holder":
        table.add_column("id", no_wrap=True)
        for column, ratio in (("name", 3), ("also called", 3), ("kind of", 2)):
            table.add_column(column, overflow="fold", ratio=ratio)
        for t in found:
            table.add_row(
                cell(t.id), cell(t.name), cell(", ".join(t.aliases)), cell("\n".join(t.is_a))
            )
    elif kind == "purpose":
        table.add_column("id", no_wrap=True)
        for column, ratio in (("title", 2), ("summary", 3)):
            table.add_column(column, overflow="fold", ratio=ratio)
        for t in found:
            table.add_row(cell(t.id), cell(t.name), cell(t.summary))
    else:
        table.add_column("id", no_wrap=True)
        for column, ratio in (("title", 2), ("kind of", 2), ("summary", 3)):
            table.add_column(column, overflow="fold", ratio=ratio)
        for t in found:
            table.add_row(cell(t.id), cell(t.name), cell("\n".join(t.is_a)), cell(t.summary))
    return table
