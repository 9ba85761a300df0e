"""``lawgraph ask``: apply the reasoner to one scenario, from flags, a file or stdin, or to
many with ``--batch FILE.jsonl`` (one scenario per line, one JSON determination per line).

The held legislation is read once, before asking, so each step can quote the provisions it
cites (`lawgraph.reasoning.texts`); ``--no-texts`` skips that.

Exit status: 0 on an answer; 2 when the scenario or the knowledge cannot be read; with
``--batch``, 1 when any line failed (the others are still answered).
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
from lawgraph.errors import LawgraphError
from lawgraph.knowledge.errors import KnowledgeError
from lawgraph.knowledge.loader import Knowledge, load_knowledge
from lawgraph.legislation.corpus import Corpus
from lawgraph.reasoning import Scenario, ScenarioError, ask
from lawgraph.reasoning.determination import Determination
from lawgraph.reasoning.texts import (
    StatuteTexts,
    document_of,
    knowledge_citations,
    load_statute_texts,
)
from lawgraph.settings import data_dir, legislation_dirs

__all__ = ["ask_command"]


def _read(file: str) -> dict[str, Any]:
    text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    data = json.loads(text) if file == "-" or file.endswith(".json") else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ScenarioError(f"{file}: a scenario must be a mapping of fields")
    return data


def load_texts(knowledge: Knowledge) -> StatuteTexts | None:
    """Statute text for everything the data can cite, or None when no legislation is held."""
    try:
        corpus = Corpus(legislation_dirs())
    except (LawgraphError, OSError):
        return None
    return load_statute_texts(corpus, knowledge_citations(knowledge))


def _text(d: Determination, statutes: StatuteTexts | None = None) -> str:
    lines = [f"Outcome: {d.outcome.value} ({d.outcome_reason})", f"Regime: {d.regime.value}"]
    for i, st in enumerate(d.steps, 1):
        mark = "settled" if st.settled_by_law else "judgement"
        lines.append(f"{i}. [{st.layer}, {mark}] {st.text}")
        lines.append(f"   cites: {', '.join(st.citations)}")
        if st.judgement:
            lines.append(f"   judge: {st.judgement}")
        for q in st.quotes:
            lines.append(f'   text of {q.citation} (version {q.version}): "{q.text}"')
        quoted = {q.citation for q in st.quotes}
        missing = dict.fromkeys(
            document_of(c)
            for c in st.citations
            if c not in quoted and (statutes is None or not statutes.holds(c))
        )
        lines += [f"   text not held locally: lawgraph fetch {doc}" for doc in missing]
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
    necessity: Annotated[
        str,
        typer.Option(
            help="Your own assessment: necessary, not-necessary, excessive or unknown.",
        ),
    ] = "unknown",
    as_at: Annotated[str | None, typer.Option(help="Date YYYY-MM-DD.")] = None,
    jurisdiction: Annotated[str, typer.Option(help="england, wales, ...")] = "england",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the record as Markdown.")
    ] = False,
    record: Annotated[bool, typer.Option("--record", help="Print the record as JSON-LD.")] = False,
    data: Annotated[Path | None, typer.Option("--data", metavar="DIR")] = None,
    batch: Annotated[
        Path | None,
        typer.Option(
            "--batch",
            metavar="FILE.jsonl",
            help="One JSON scenario per line; prints one JSON determination per line.",
        ),
    ] = None,
    texts: Annotated[
        bool, typer.Option("--texts/--no-texts", help="Quote the cited statute text held.")
    ] = True,
) -> None:
    """Ask whether this organisation may share this information with that one, and how."""
    try:
        knowledge = load_knowledge(data or data_dir())
    except (KnowledgeError, OSError) as exc:
        typer.echo(f"lawgraph ask: {exc}", err=True)
        raise typer.Exit(code=2) from None
    statutes = load_texts(knowledge) if texts else None
    if batch is not None:
        _run_batch(knowledge, batch, statutes)
        return
    try:
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
                "necessity": necessity,
                "jurisdiction": jurisdiction,
            }
            if as_at:
                raw["as_at"] = dt.date.fromisoformat(as_at)
        det = ask(knowledge, Scenario.parse(raw), statutes)
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
        typer.echo(_text(det, statutes))


def _run_batch(knowledge: Knowledge, path: Path, statutes: StatuteTexts | None) -> None:
    """Answer each line of `path`; report bad lines by number on stderr and go on."""
    try:
        handle = sys.stdin if str(path) == "-" else path.open(encoding="utf-8")
    except OSError as exc:
        typer.echo(f"lawgraph ask: {exc}", err=True)
        raise typer.Exit(code=2) from None
    answered = failed = 0
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                if not isinstance(raw, dict):
                    raise ScenarioError("a scenario must be a JSON object")
                det = ask(knowledge, Scenario.parse(raw), statutes)
            except (ScenarioError, ValueError) as exc:
                failed += 1
                typer.echo(f"lawgraph ask: {path}:{number}: {exc}", err=True)
                continue
            answered += 1
            typer.echo(det.model_dump_json())
    typer.echo(f"lawgraph ask: {answered} answered, {failed} failed", err=True)
    if failed:
        raise typer.Exit(code=1)
