"""``lawgraph discover``: information-sharing language in held legislation that the
knowledge base does not cite yet, ranked, with recall on what it does cite.

Exit status: 0 when every file was scanned; 2 when a path given is missing or not a
regular file or folder, a knowledge file cannot be loaded, or any file could not be read
(each is named on stderr; the hits from the other files are still printed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from lawgraph.api import Part
from lawgraph.changes.discover import DiscoverResult, default_files, discover, recall
from lawgraph.cli import app
from lawgraph.cli._common import console, error_line, loaded
from lawgraph.errors import CorpusNotFoundError
from lawgraph.files import UnreadableFileError, check_regular

__all__ = ["discover_command"]

_err = console(stderr=True)


def _files(paths: list[Path], held: list[Path]) -> list[Path]:
    """The files to scan (default: every one in the legislation folders `held`); a path
    that is neither a folder nor a regular file is refused with what it is (missing, a
    FIFO, a device, a broken link)."""
    if not paths:
        return default_files(held)
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(default_files([p]))
        else:
            check_regular(p)
            out.append(p)
    return out


@app.command("discover")
def discover_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: all legislation).")
    ] = None,
    top: Annotated[int, typer.Option("--top", help="How many new hits to show.")] = 20,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", help="Worker processes (default: 1 for a small corpus, else every core)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Find duties and powers to share information that the knowledge base lacks."""
    law = loaded("discover")
    try:
        files = _files(list(paths or []), list(law.legislation_dirs))
    except (UnreadableFileError, CorpusNotFoundError) as exc:
        error_line("discover", str(exc))
        raise typer.Exit(code=2) from None
    knowledge = loaded("discover", None, Part.KNOWLEDGE).knowledge
    with Progress(
        TextColumn("scanning"),
        BarColumn(),
        MofNCompleteColumn(),
        console=_err,
        disable=as_json,
        transient=True,
    ) as bar:
        task = bar.add_task("scan", total=len(files))
        result = discover(
            files,
            knowledge=knowledge,
            jobs=jobs,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    corpus = loaded("discover", None, Part.CORPUS).corpus
    scanned = {h.document for h in (*result.new, *result.cited)}
    rec = recall(knowledge, result, scanned, corpus)
    if as_json:
        payload = {
            "files": result.files,
            "provisions": result.provisions,
            "new": [h.model_dump(mode="json") for h in result.new[:top]],
            "new_total": len(result.new),
            "cited": [h.model_dump(mode="json") for h in result.cited],
            "recall": [r.model_dump(mode="json") | {"rate": r.rate} for r in rec],
            "errors": list(result.errors),
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _print(result, top, rec)
    if result.errors:
        # the hits above are from the files that could be read; say the run is partial
        error_line(
            "discover",
            f"{len(result.errors)} of {result.files} files could not be read (named above); "
            "their provisions were not scanned",
        )
        raise typer.Exit(code=2)


def _print(result: DiscoverResult, top: int, rec: list) -> None:  # type: ignore[type-arg]
    out = console()
    out.print(
        f"{result.files} files, {result.provisions} provisions: {len(result.new)} new hits, "
        f"{len(result.cited)} in provisions already cited",
        markup=False,
    )
    for h in result.new[:top]:
        actor = f" [{h.actor}]" if h.actor else ""
        out.print(
            f"  {h.score:>4}  {h.modality:<5} {h.provision}{actor}: {h.phrase!r} ({h.title})",
            markup=False,
        )
    for r in rec:
        out.print(f"recall, {r.name}: {r.found}/{r.expected}", markup=False)
    for e in result.errors:
        error_line("discover", f"error: {e}")
