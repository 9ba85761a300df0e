"""``lawgraph check``: load the knowledge files and prove their citations against the
statutes held: the XML where the statute is held, otherwise the reference text (verbatim
copies, ``--reference DIR`` or ``LAWGRAPH_REFERENCE``, default ``../shared/statute-text``)
where it has the provision.

Exit status: 0 when every citation that could be checked was verified; 1 when any
citation failed (anchor not found, provision missing, not in force), or, with
``--strict``, when any citation could not be checked against either source; 2 when a
knowledge file or a reference-text file cannot be loaded (the message names file and
line, and says why), or when no citation failed but a held legislation file could not be
read and no other folder holds a readable copy of it: each unreadable file is named in a
one-line warning, the citations in it are reported as not held, and the rest are still
checked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from lawgraph.api import Part
from lawgraph.cli import app
from lawgraph.cli._common import DATA_HELP, cell, console, error_line, loaded, markup
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.proof import (
    FAILURES,
    CitationCheck,
    Outcome,
    ProofReport,
    ProofSource,
    prove,
)
from lawgraph.legislation.reference_text import (
    ReferenceText,
    ReferenceTextError,
    load_reference_text,
)
from lawgraph.settings import reference_text_dir

__all__ = ["check"]


@app.command("check")
def check(
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Also fail when a cited document is not held."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    data: Annotated[
        Path | None,
        typer.Option("--data", metavar="DIR", help=DATA_HELP),
    ] = None,
    reference: Annotated[
        Path | None,
        typer.Option(
            "--reference",
            metavar="DIR",
            help="Reference-text folder (verbatim statute copies) "
            "(default: $LAWGRAPH_REFERENCE, else ../shared/statute-text).",
        ),
    ] = None,
) -> None:
    """Check the knowledge files: load them strictly, then prove every citation's anchor
    against the statutes held."""
    law = loaded("check", data, Part.KNOWLEDGE, Part.CORPUS)
    knowledge, folder = law.knowledge, law.data_dir
    corpus = law.corpus  # None when nothing is held: every citation is reported as not held
    ref_dir = reference or reference_text_dir()
    try:
        ref = load_reference_text(ref_dir) if ref_dir is not None else None
    except ReferenceTextError as exc:
        error_line("check", str(exc))
        raise typer.Exit(code=2) from None
    report = prove(knowledge, corpus, reference=ref)
    unreadable = corpus.problems() if corpus is not None else []
    lost = corpus.lost() if corpus is not None else []
    if as_json:
        payload = _payload(knowledge, report, strict, unreadable) | _reference_payload(ref, report)
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _print(knowledge, report, folder)
        _print_reference(ref, report)
    # 1 says a citation failed; a file that could not be read is bad input (2)
    if report.failures():
        raise typer.Exit(code=1)
    if lost:
        error_line(
            "check",
            f"{len(lost)} legislation file(s) could not be read and no other folder holds "
            "a readable copy (named above); citations in them are reported as not held",
        )
        raise typer.Exit(code=2)
    if not report.passed(strict=strict):
        raise typer.Exit(code=1)


def _payload(
    knowledge: Knowledge, report: ProofReport, strict: bool, unreadable: list[str]
) -> dict[str, object]:
    return {
        "data": str(knowledge.data_dir),
        "entries": {
            "holders": len(knowledge.holders),
            "purposes": len(knowledge.purposes),
            "categories": len(knowledge.categories),
            "conditions": len(knowledge.conditions),
            "gateways": len(knowledge.gateways),
        },
        "counts": {o.value: n for o, n in report.counts().items()},
        "passed": report.passed(strict=strict),
        "strict": strict,
        "documents_to_fetch": report.documents_to_fetch(),
        "not_held": [
            {
                "entry": c.entry,
                "identifier": c.identifier,
                "file": c.file,
                "line": c.line,
                "fetch": c.fetch_command,
                "reason": c.reason,
            }
            for checks in report.not_held_by_document().values()
            for c in checks
        ],
        "list_gaps": [g.provision for g in knowledge.list_gaps],
        "unreadable_files": unreadable,
        "checks": [c.model_dump(mode="json") for c in report.checks],
    }


def _print(knowledge: Knowledge, report: ProofReport, folder: Path) -> None:
    out = console()
    out.print(
        markup(
            "[bold]lawgraph check[/bold] — {folder}: {counts}",
            folder=folder,
            counts=f"{len(knowledge.holders)} holders, {len(knowledge.purposes)} purposes, "
            f"{len(knowledge.categories)} categories, {len(knowledge.conditions)} conditions, "
            f"{len(knowledge.gateways)} gateways; {len(report.checks)} citations",
        )
    )
    for outcome, n in report.counts().items():
        style = (
            "red" if n and outcome in FAILURES else ("green" if outcome is Outcome.VERIFIED else "")
        )
        line = f"  {outcome.value:<18} {n:>5}"
        out.print(
            markup("[{style}]{line}[/{style}]", style=style, line=line) if style else cell(line)
        )
    failures = report.failures()
    if failures:
        out.print()
        out.print(markup("[bold red]{n} failed:[/bold red]", n=len(failures)))
        for c in failures:
            out.print(f"  {_where(c)}  {c.kind} {c.entry}  {c.identifier}", markup=False)
            out.print(f"      {c.outcome.value}: {c.detail}", markup=False)
    missing = report.not_held()
    if missing:
        docs = report.documents_to_fetch()
        out.print()
        out.print(
            f"not held: unverified: {len(missing)} citations in {len(docs)} documents. "
            "Fetch them to check their anchors:",
            markup=False,
        )
        for checks in report.not_held_by_document().values():
            out.print(f"  {checks[0].fetch_command}  ({len(checks)} citations)", markup=False)
            for c in checks:
                out.print(f"      {_where(c)}  {c.kind} {c.entry}  {c.identifier}", markup=False)
                out.print(f"          {c.reason}", markup=False)
    if knowledge.list_gaps:
        out.print()
        out.print(
            f"{len(knowledge.list_gaps)} statutory lists of holders not read in full:", markup=False
        )
        for gap in knowledge.list_gaps:
            out.print(f"  {gap.provision}  {gap.title}", markup=False)


def _where(c: CitationCheck) -> str:
    return f"{c.file}:{c.line}" if c.line is not None else c.file


def _reference_payload(ref: ReferenceText | None, report: ProofReport) -> dict[str, object]:
    return {
        "reference": str(ref.root) if ref is not None else None,
        "proved": {src.value: n for src, n in report.proved_by().items()},
        "not_current": [
            {"identifier": c.identifier, "entry": c.entry, "uncertainty": c.uncertainty}
            for c in report.not_current()
        ],
    }


def _print_reference(ref: ReferenceText | None, report: ProofReport) -> None:
    out = console()
    by = report.proved_by()
    out.print()
    if ref is None:
        out.print("reference text: none found (set LAWGRAPH_REFERENCE or pass --reference DIR)")
    else:
        out.print(f"reference text: {ref.root} ({len(ref.copies)} copies)", markup=False)
    out.print(
        f"proved against XML: {by[ProofSource.XML]}; "
        f"against reference text: {by[ProofSource.REFERENCE_TEXT]}",
        markup=False,
    )
    weak = report.not_current()
    if not weak:
        return
    files: dict[str, tuple[str, int]] = {}
    for c in weak:
        assert c.reference is not None
        name = Path(c.reference.file).name
        files[name] = (c.reference.caveat, files.get(name, ("", 0))[1] + 1)
    out.print(
        f"{len(weak)} of them only against text that is not the current revised text "
        "(the current wording may differ):",
        markup=False,
    )
    for name, (caveat, n) in sorted(files.items()):
        out.print(f"  {name}  {n} citations  ({caveat})", markup=False)
