"""``lawgraph ask``: apply the reasoner to one scenario, from flags, a file or stdin.

Exit status: 0 on an answer; 2 when the scenario or the knowledge cannot be read.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from lawgraph.cli import app
from lawgraph.knowledge.errors import KnowledgeError
from lawgraph.knowledge.loader import load_knowledge
from lawgraph.reasoning import Scenario, ScenarioError, ask
from lawgraph.reasoning.determination import Determination
from lawgraph.settings import data_dir

__all__ = ["ask_command"]


def _read(file: str) -> dict[str, Any]:
    text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    data = json.loads(text) if file == "-" or file.endswith(".json") else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ScenarioError(f"{file}: a scenario must be a mapping of fields")
    return data


def _text(d: Determination) -> str:
    lines = [f"Outcome: {d.outcome.value} ({d.outcome_reason})", f"Regime: {d.regime.value}"]
    for i, st in enumerate(d.steps, 1):
        mark = "settled" if st.settled_by_law else "judgement"
        lines.append(f"{i}. [{st.layer}, {mark}] {st.text}")
        lines.append(f"   cites: {', '.join(st.citations)}")
        if st.judgement:
            lines.append(f"   judge: {st.judgement}")
    lines += [f"Rejected gateway {r.id}: {r.reason}" for r in d.rejected_gateways]
    lines += [f"Flag: {f}" for f in d.flags]
    lines += [f"Uncertain data: {u.id}: {u.reason}" for u in d.uncertain]
    lines.append(d.not_legal_advice)
    return "\n".join(lines)


@app.command("ask")
def ask_command(
    file: Annotated[
        str | None, typer.Option("--file", help="Scenario YAML/JSON file, or '-' for stdin.")
    ] = None,
    discloser: Annotated[str | None, typer.Option(help="Holder id or alias.")] = None,
    recipient: Annotated[str | None, typer.Option(help="Holder id or alias.")] = None,
    subject: Annotated[str, typer.Option(help="child, parent, ...")] = "child",
    category: Annotated[list[str] | None, typer.Option(help="Data category id.")] = None,
    purpose: Annotated[str | None, typer.Option(help="Purpose id.")] = None,
    context: Annotated[str, typer.Option(help="Practice context.")] = "other",
    consent: Annotated[str | None, typer.Option(help="Consent status.")] = None,
    in_confidence: Annotated[bool, typer.Option("--in-confidence")] = False,
    as_at: Annotated[str | None, typer.Option(help="Date YYYY-MM-DD.")] = None,
    jurisdiction: Annotated[str, typer.Option(help="england, wales, ...")] = "england",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the record as Markdown.")
    ] = False,
    record: Annotated[bool, typer.Option("--record", help="Print the record as JSON-LD.")] = False,
    data: Annotated[Path | None, typer.Option("--data", metavar="DIR")] = None,
) -> None:
    """Ask whether this organisation may share this information with that one, and how."""
    try:
        knowledge = load_knowledge(data or data_dir())
        if file is not None:
            raw = _read(file)
        else:
            raw = {
                "discloser": discloser,
                "recipient": recipient,
                "subject": subject,
                "categories": category or [],
                "purpose": purpose,
                "context": context,
                "consent": consent,
                "in_confidence": in_confidence,
                "jurisdiction": jurisdiction,
            }
            if as_at:
                raw["as_at"] = dt.date.fromisoformat(as_at)
        det = ask(knowledge, Scenario.parse(raw))
    except (ScenarioError, KnowledgeError, ValueError, OSError) as exc:
        typer.echo(f"lawgraph ask: {exc}", err=True)
        raise typer.Exit(code=2) from None
    if record:
        typer.echo(json.dumps(det.record().to_jsonld(), indent=2, ensure_ascii=False))
    elif markdown:
        typer.echo(det.record().to_markdown())
    elif as_json:
        typer.echo(det.model_dump_json(indent=2))
    else:
        typer.echo(_text(det))
