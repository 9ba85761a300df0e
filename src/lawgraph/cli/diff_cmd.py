"""``lawgraph diff`` and ``lawgraph prospective``: what changed in a statute, and what
that means for the curated knowledge and saved decisions.

Exit status of ``diff``: 0 when no gateway, condition or record is affected; 1 when any
is ("review these"); 2 when an input cannot be read, including any decision record under
``--records`` (each is named on stderr, after the records that could be read).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Annotated

import typer

from lawgraph.api import Part
from lawgraph.changes.diff import DocumentDiff, diff_documents
from lawgraph.changes.impact import RecordError, affected_knowledge, affected_records
from lawgraph.changes.prospective import prospective_cited, unapplied_cited
from lawgraph.cli import app
from lawgraph.cli._common import DATA_HELP, console, error_line, loaded, markup, usage_error
from lawgraph.errors import LawgraphError
from lawgraph.legislation.models import Document
from lawgraph.legislation.parser import parse_file

__all__ = ["diff", "prospective"]

_fail = usage_error


def _load(spec: str, data: Path | None) -> Document:
    """A file path, or ``IDENTIFIER@VERSION`` resolved through the corpus."""
    path = Path(spec)
    named_file = spec.endswith((".xml", ".xml.gz"))
    if (os.path.lexists(path) and not path.is_dir()) or named_file:
        # anything but a folder under that name is meant as a file: say what is wrong
        # with it (a FIFO, a device, a broken link) rather than that it is no identifier
        try:
            return parse_file(path)
        except LawgraphError as exc:  # it names the file
            raise _fail("diff", str(exc)) from None
        except (OSError, ValueError, RecursionError) as exc:
            raise _fail("diff", f"cannot read {spec}: {exc}") from None
    ident, sep, version = spec.partition("@")
    try:
        corpus = loaded("diff", data, Part.CORPUS).held()
        return corpus.document(ident, version if sep else None)
    except (LawgraphError, ValueError) as exc:
        raise _fail("diff", f"{spec}: {exc}") from None


@app.command("diff")
def diff(
    old: Annotated[
        str, typer.Argument(help="A file, or IDENTIFIER@VERSION (ukpga/2018/12@enacted).")
    ],
    new: Annotated[
        str, typer.Argument(help="A file, or IDENTIFIER@VERSION (ukpga/2018/12@2026-04-07).")
    ],
    records: Annotated[
        Path | None,
        typer.Option(
            "--records",
            metavar="DIR",
            help="Folder of decision records (JSON) and generated agreements (.md, .html, .docx).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    data: Annotated[
        Path | None,
        typer.Option("--data", metavar="DIR", help=DATA_HELP),
    ] = None,
) -> None:
    """Compare two versions of a statute; list the gateways, conditions and decision
    records that cite a changed provision."""
    a, b = _load(old, data), _load(new, data)
    if records is not None and not records.is_dir():
        raise _fail("diff", f"--records {records} is not a folder")
    try:
        result = diff_documents(a, b)
    except ValueError as exc:
        raise _fail("diff", str(exc)) from None
    knowledge = loaded("diff", data, Part.KNOWLEDGE).knowledge
    touched = affected_knowledge(knowledge, result)
    unreadable: list[RecordError] = []
    recs = (
        affected_records(records, result, on_unreadable=unreadable.append)
        if records is not None
        else []
    )
    # changes the newer text records but does not show yet (never-to-apply ones left out)
    pending = unapplied_cited(knowledge, b)
    if as_json:
        payload = {
            "diff": result.model_dump(mode="json"),
            "affected": [x.model_dump(mode="json") for x in touched],
            "records": [x.model_dump(mode="json") for x in recs],
            "pending": [x.model_dump(mode="json") for x in pending],
            "unreadable_records": [str(x) for x in unreadable],
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _print(result, touched, recs)
        if pending:
            out = console()
            out.print()
            out.print(
                f"Recorded in the {result.new_version} text but not yet applied to it: "
                f"{len(pending)} changes to cited provisions",
                markup=False,
            )
            for f in pending:
                out.print(f"  {f.kind} {f.entry}: {f.provision}: {f.reason}", markup=False)
    if unreadable:
        # a record that cannot be read may be one that needs review: not a clean answer
        for problem in unreadable:
            error_line("diff", str(problem))
        raise _fail("diff", f"{len(unreadable)} decision record(s) could not be read")
    if touched or recs:
        raise typer.Exit(code=1)


def _print(result: DocumentDiff, touched: list, recs: list) -> None:  # type: ignore[type-arg]
    out = console()
    counts = ", ".join(f"{n} {k.value}" for k, n in result.counts().items()) or "no changes"
    out.print(
        markup(
            "[bold]{title}[/bold] ({document}): {old} -> {new}: {counts}",
            title=result.title,
            document=result.document,
            old=result.old_version,
            new=result.new_version,
            counts=counts,
        )
    )
    for c in result.changes:
        out.print(f"  {c.id}  {c.summary()}", markup=False)
    if touched:
        out.print()
        out.print(
            markup(
                "[bold red]Review these: {n} knowledge entries cite changed provisions[/bold red]",
                n=len({(x.kind, x.entry) for x in touched}),
            )
        )
        for x in touched:
            out.print(
                f"  {x.kind} {x.entry}: cites {x.citation}; {x.changed} ({x.relation}): "
                f"{x.summary}",
                markup=False,
            )
    if recs:
        out.print()
        out.print(markup("[bold red]Review these: {n} decision records[/bold red]", n=len(recs)))
        for r in recs:
            out.print(f"  {r.path}: cites {', '.join(r.citations)}", markup=False)


@app.command("prospective")
def prospective(
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="The date to ask about (default: today).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """List cited provisions that are enacted but not yet in force: what is coming."""
    try:
        on = dt.date.fromisoformat(as_at) if as_at else dt.date.today()
    except ValueError:
        raise _fail("prospective", f"--as-at {as_at!r} is not a date; use YYYY-MM-DD") from None
    law = loaded("prospective", None, Part.KNOWLEDGE, Part.CORPUS)
    knowledge, corpus = law.knowledge, law.corpus
    found = prospective_cited(knowledge, corpus, on)
    if as_json:
        typer.echo(json.dumps([f.model_dump(mode="json") for f in found], indent=2))
        return
    out = console()
    out.print(
        f"{len(found)} cited provisions not in force, or with changes recorded but not yet "
        f"applied, on {on.isoformat()}:",
        markup=False,
    )
    for f in found:
        where = f.provision or f.citation
        out.print(f"  {f.kind} {f.entry}: {where} ({f.source}): {f.reason}", markup=False)
