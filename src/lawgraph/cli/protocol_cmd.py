"""``lawgraph protocol PARTNERSHIP.yaml``: the lawful-basis section of a partnership's
information sharing agreement, as Markdown, HTML or Word.

Exit status: 0 when the agreement is written; 2 when the partnership file cannot be
read or names something the knowledge refuses (one line naming file, line and reason),
or Word output is asked for without python-docx installed.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lawgraph.api import Part
from lawgraph.cli import app
from lawgraph.cli._common import DATA_HELP, loaded, usage_error
from lawgraph.errors import LawgraphError
from lawgraph.reasoning.agreement import build_agreement
from lawgraph.reasoning.agreement_render import to_docx, to_html, to_markdown
from lawgraph.reasoning.partnership import load_partnership

__all__ = ["protocol"]


class Format(StrEnum):
    """What ``--format`` writes."""

    MARKDOWN = "markdown"
    HTML = "html"
    DOCX = "docx"


@app.command("protocol")
def protocol(
    partnership: Annotated[
        Path, typer.Argument(help="A partnership file (YAML): members, purposes, categories.")
    ],
    fmt: Annotated[
        Format,
        typer.Option("--format", help="markdown (default), html or docx (Word)."),
    ] = Format.MARKDOWN,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (default: stdout)."),
    ] = None,
    data: Annotated[Path | None, typer.Option("--data", metavar="DIR", help=DATA_HELP)] = None,
) -> None:
    """Write the lawful-basis section of an information sharing agreement for a
    partnership: the parties, every flow's lawful basis from the reasoner, what to
    record, and the provisions whose change means a review."""
    knowledge = loaded("protocol", data, Part.KNOWLEDGE).knowledge
    try:
        partner = load_partnership(partnership, knowledge)
        agreement = build_agreement(knowledge, partner)
        if fmt is Format.DOCX:
            body: bytes = to_docx(agreement, knowledge)
        elif fmt is Format.HTML:
            body = to_html(agreement, knowledge).encode("utf-8")
        else:
            body = to_markdown(agreement, knowledge).encode("utf-8")
    except LawgraphError as exc:
        raise usage_error("protocol", str(exc)) from None
    if output is None:
        if fmt is Format.DOCX and sys.stdout.isatty():
            raise usage_error("protocol", "a Word document is binary; write it with --output FILE")
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(body)
    except OSError as exc:
        raise usage_error("protocol", f"cannot write {output}: {exc.strerror or exc}") from None
