"""``lawgraph show``: a provision's text, status and amendment notes, by citation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from lawgraph.api import Part
from lawgraph.cli import app
from lawgraph.cli._common import NOT_LEGAL_ADVICE, as_date, console, loaded, markup, usage_error
from lawgraph.errors import CitationError, CorpusNotFoundError, LawgraphError, NotHeldError
from lawgraph.legislation.citations import parse_citation
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.models import Document
from lawgraph.legislation.pointintime import InForce, provision_on
from lawgraph.legislation.titles import TitleTable

__all__ = ["CAVEAT", "show"]

#: Where to check what is shown, printed after `NOT_LEGAL_ADVICE`.
CAVEAT = "The text is as published on legislation.gov.uk; check the current text there."


def _fail(message: str) -> typer.Exit:
    return usage_error("show", message)


def _as_date(value: str | None) -> dt.date | None:
    return as_date("show", value)


@app.command("show")
def show(
    citation: Annotated[
        str,
        typer.Argument(
            help="What you would write: 's.16H CA 2004', 'Sch 1 para 18 DPA 2018', "
            "'Art 9(2)(g) UK GDPR', or an identifier such as ukpga/2018/12/section/8."
        ),
    ],
    as_at: Annotated[
        str | None,
        typer.Option("--as-at", help="Show the text as it stood on this date (YYYY-MM-DD)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Show a provision: its text, heading, extent, in-force status, version and notes."""
    on = _as_date(as_at) or dt.date.today()
    law = loaded("show", None, Part.CORPUS)  # the legislation only, never the knowledge
    corpus = law.corpus
    titles = _titles(corpus, list(law.legislation_dirs))
    try:
        identifier = parse_citation(citation, titles=titles).identifier
    except CitationError as exc:
        raise _fail(str(exc)) from None
    try:
        corpus = law.held()
    except CorpusNotFoundError as exc:
        raise _fail(str(exc)) from None
    try:
        answer = provision_on(corpus, identifier, on)
        document = _document_for(corpus, identifier, answer.version)
    except NotHeldError as exc:
        raise _fail(str(exc)) from None
    except LawgraphError as exc:
        raise _fail(str(exc)) from None
    provision = answer.provision
    notes = document.notes_for(provision) if provision and document else []
    if as_json:
        payload = {
            "citation": citation,
            "identifier": identifier,
            "url": f"https://www.legislation.gov.uk/{identifier}",
            "as_at": on.isoformat(),
            "status": answer.status.value,
            "in_force": answer.in_force,
            "confirmed": answer.confirmed,
            "explanation": answer.explanation,
            "document": document.title if document else None,
            "version": answer.version,
            "version_date": (
                document.version_date.isoformat() if document and document.version_date else None
            ),
            "heading": provision.heading if provision else None,
            "text": provision.render() if provision else None,
            "extent": str(provision.extent) if provision and provision.extent else None,
            "start_date": (
                provision.start_date.isoformat() if provision and provision.start_date else None
            ),
            "notes": [{"id": n.id, "type": n.type, "text": n.text} for n in notes],
            "not_legal_advice": NOT_LEGAL_ADVICE,
            "caveat": CAVEAT,
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    out = console()
    title = document.title if document else identifier
    out.print(markup("[bold]{title}[/bold] — {identifier}", title=title, identifier=identifier))
    out.print(f"https://www.legislation.gov.uk/{identifier}", markup=False)
    version = answer.version or "none"
    if document and document.version_date:
        version = f"as at {document.version_date.isoformat()}"
    elif document:
        version = document.version
    extent = provision.extent if provision else None
    out.print(f"Version: {version}   Extent: {extent or 'not stated'}", markup=False)
    style = "green" if answer.status is InForce.IN_FORCE else "yellow"
    out.print(
        markup(
            "On {on}: [{style}]{status}[/{style}]. {why}",
            on=on.isoformat(),
            style=style,
            status=answer.status.value,
            why=answer.explanation,
        )
    )
    if provision is not None:
        out.print()
        out.print(provision.render(), markup=False)
    if notes:
        out.print()
        out.print("[bold]Notes[/bold]")
        for n in notes:
            out.print(f"  [{n.type}] {n.text}", markup=False)
    out.print()
    out.print(markup("[dim]{text} {caveat}[/dim]", text=NOT_LEGAL_ADVICE, caveat=CAVEAT))


def _titles(corpus: Corpus | None, dirs: list[Path]) -> TitleTable:
    """Curated short titles and abbreviations, then every title the held files and the
    folders' manifests give (a damaged file is reported by the corpus and left out),
    then the titles ``lawgraph fetch`` learnt from legislation.gov.uk."""
    table = TitleTable.curated()
    if corpus is not None:
        table = table | corpus.titles()
    table = table | TitleTable.from_manifests(dirs, table)
    return table | TitleTable.learnt(known=table)


def _document_for(corpus: Corpus, identifier: str, version: str | None) -> Document | None:
    """The held document (or fragment) the answer's text came from."""
    if version is None:
        return None
    doc_id = str(LegislationId.parse(identifier).document)
    candidates = corpus.versions(doc_id) or corpus.fragment_versions(identifier)
    return next((d for d in reversed(candidates) if d.version == version), None)
