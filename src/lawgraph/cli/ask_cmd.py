"""``lawgraph ask``: apply the reasoner to one scenario, from flags, a file or stdin, or to
many with ``--batch FILE.jsonl`` (one scenario per line, one JSON determination per line).

The held legislation is read once, before asking, so each step can quote the provisions it
cites (`lawgraph.reasoning.texts`); ``--no-texts`` skips that.

Exit status: 0 on an answer; 2 when the scenario or the knowledge cannot be read; with
``--batch``, 1 when any line could not be answered (each such line gets an error object in
its place, and the others are still answered).

Scenario files are read strictly (`lawgraph.reasoning.scenario_file`): a repeated key,
text that is not UTF-8, nesting too deep to read or a file over 1 MiB is refused with one
line naming the file and line. ``--batch`` reads, decodes and parses each line on its own,
so one bad line costs only that line.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

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
from lawgraph.knowledge.errors import KnowledgeError
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Jurisdiction
from lawgraph.reasoning import Scenario, ScenarioError, ask
from lawgraph.reasoning.answer import render_answer
from lawgraph.reasoning.determination import Determination
from lawgraph.reasoning.labels import Labels
from lawgraph.reasoning.scenario import ConsentStatus, Context, Necessity, Subject, Use
from lawgraph.reasoning.scenario_file import (
    MAX_SCENARIO_BYTES,
    ScenarioFileError,
    as_flags_accept,
    decode_scenario,
    scenario_data,
)
from lawgraph.reasoning.texts import StatuteTexts

__all__ = ["OutputFormat", "ask_command", "chosen_format", "wants_colour"]


def _read(file: str) -> dict[str, Any]:
    """The fields of the scenario in `file` (``-``: YAML or JSON on standard input)."""
    source = "<stdin>" if file == "-" else file
    if file == "-":
        data = sys.stdin.buffer.read(MAX_SCENARIO_BYTES + 1)
    else:
        with Path(file).open("rb") as handle:
            data = handle.read(MAX_SCENARIO_BYTES + 1)
    if len(data) > MAX_SCENARIO_BYTES:
        raise ScenarioFileError(
            f"larger than {MAX_SCENARIO_BYTES // (1 << 20)} MiB; a scenario is a short "
            "mapping of fields",
            source=source,
        )
    text = decode_scenario(data, source)
    # standard input may be either: JSON is read as JSON (strictly, with its own line
    # numbers) when it starts as an object does, and anything else as YAML
    as_json = file.endswith(".json") or (file == "-" and text.lstrip().startswith("{"))
    return as_flags_accept(scenario_data(text, source, as_json=as_json), source)


class OutputFormat(StrEnum):
    """What ``lawgraph ask`` prints."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    JSONLD = "jsonld"


# The flags that name a format on their own, kept so older commands still run.
_FORMAT_FLAGS = {
    "--json": OutputFormat.JSON,
    "--markdown": OutputFormat.MARKDOWN,
    "--record": OutputFormat.JSONLD,
}


def chosen_format(given: str | None, flags: dict[str, bool], *, batch: bool) -> OutputFormat:
    """The one output format asked for; a usage error (exit 2) when two disagree.

    ``--format`` and the older flags may be combined only when they agree: which one wins
    is never guessed. ``--batch`` prints JSON lines, so it takes only ``json``.
    """
    asked: dict[str, OutputFormat] = {}
    if given is not None:
        try:
            asked[f"--format {given}"] = OutputFormat(given)
        except ValueError:
            raise usage_error(
                "ask", f"--format {given!r} is not a format; use {one_of(OutputFormat)}"
            ) from None
    asked.update({flag: _FORMAT_FLAGS[flag] for flag, on in flags.items() if on})
    formats = set(asked.values())
    if len(formats) > 1:
        raise usage_error(
            "ask",
            f"{' and '.join(asked)} ask for different outputs; give one "
            f"(--format {'|'.join(OutputFormat)})",
        )
    chosen = formats.pop() if formats else None
    if batch:
        if chosen not in (None, OutputFormat.JSON):
            raise usage_error(
                "ask",
                f"--batch prints one JSON object per line; it cannot print {chosen.value}",
            )
        return OutputFormat.JSON
    return chosen or OutputFormat.TEXT


def _one_source_of_facts(file: str | None, batch: Path | None, flags: list[str]) -> None:
    """Refuse facts given twice (a file and flags, or a file and a batch): which would
    win is never guessed."""
    sources = [*(["--file"] if file is not None else []), *(["--batch"] if batch else [])]
    if len(sources) > 1:
        raise usage_error("ask", "--file and --batch both give scenarios; use one")
    if sources and flags:
        raise usage_error(
            "ask",
            f"{sources[0]} gives the scenario, so {', '.join(flags)} would be ignored; "
            f"write {'it' if len(flags) == 1 else 'them'} in the file instead",
        )


def wants_colour(stream: IO[str], environ: Mapping[str, str]) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)
    or the terminal is ``dumb``."""
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _render(
    det: Determination,
    knowledge: Knowledge,
    fmt: OutputFormat,
    *,
    statutes: StatuteTexts | None,
    verbose: bool,
    asked_by: str | None,
) -> None:
    labels = Labels.of(knowledge)
    if fmt is OutputFormat.JSON:
        typer.echo(det.model_dump_json(indent=2))
    elif fmt is OutputFormat.JSONLD:
        record = det.record(labels=labels, asked_by=asked_by)
        typer.echo(json.dumps(record.to_jsonld(), indent=2, ensure_ascii=False))
    elif fmt is OutputFormat.MARKDOWN:
        typer.echo(det.record(labels=labels, asked_by=asked_by).to_markdown())
    else:
        colour = wants_colour(sys.stdout, os.environ)
        text = render_answer(det, labels, statutes=statutes, verbose=verbose, colour=colour)
        typer.echo(text, color=colour)


@app.command("ask")
def ask_command(
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            metavar="FILE",
            help=(
                "Scenario file, YAML or JSON ('-': standard input). Its fields are the "
                "options' names (categories or category), with the same defaults."
            ),
        ),
    ] = None,
    discloser: Annotated[
        str | None,
        typer.Option(
            metavar="HOLDER",
            help="Who holds the information: a holder id, name or alias (lawgraph holders).",
            autocompletion=complete_names("holder"),
        ),
    ] = None,
    recipient: Annotated[
        str | None,
        typer.Option(
            metavar="HOLDER",
            help="Who would receive it: a holder id, name or alias (lawgraph holders).",
            autocompletion=complete_names("holder"),
        ),
    ] = None,
    subject: Annotated[
        str,
        typer.Option(
            metavar="SUBJECT",
            help=f"Whose information it is, {one_of(Subject)}.",
            autocompletion=complete_values(Subject),
        ),
    ] = Subject.CHILD.value,
    other_subject: Annotated[
        list[str] | None,
        typer.Option(
            metavar="SUBJECT",
            help=(
                f"Someone else the information is also about, {one_of(Subject)}; repeat "
                "for more. Each person's information is answered for on its own."
            ),
            autocompletion=complete_values(Subject),
        ),
    ] = None,
    category: Annotated[
        list[str] | None,
        typer.Option(
            metavar="CATEGORY",
            help="A data category id or title (lawgraph categories); repeat for more.",
            autocompletion=complete_names("category"),
        ),
    ] = None,
    purpose: Annotated[
        str | None,
        typer.Option(
            metavar="PURPOSE",
            help="Why it would be shared: a purpose id or title (lawgraph purposes).",
            autocompletion=complete_names("purpose"),
        ),
    ] = None,
    context: Annotated[
        str,
        typer.Option(
            metavar="CONTEXT",
            help=f"The practice setting, {one_of(Context)}.",
            autocompletion=complete_values(Context),
        ),
    ] = Context.OTHER.value,
    consent: Annotated[
        str | None,
        typer.Option(
            metavar="CONSENT",
            help=f"Where consent stands, {one_of(ConsentStatus)}.",
            autocompletion=complete_values(ConsentStatus),
        ),
    ] = None,
    in_confidence: Annotated[
        bool, typer.Option("--in-confidence", help="The information was given in confidence.")
    ] = False,
    necessity: Annotated[
        str,
        typer.Option(
            metavar="NECESSITY",
            help=f"Your own assessment of whether sharing is necessary, {one_of(Necessity)}.",
            autocompletion=complete_values(Necessity),
        ),
    ] = Necessity.UNKNOWN.value,
    as_at: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Apply the law as at this date, YYYY-MM-DD (default: today)."
        ),
    ] = None,
    jurisdiction: Annotated[
        str,
        typer.Option(
            metavar="JURISDICTION",
            help=f"Where the disclosure happens, {one_of(Jurisdiction)}.",
            autocompletion=complete_values(Jurisdiction),
        ),
    ] = Jurisdiction.ENGLAND.value,
    use: Annotated[
        str,
        typer.Option(
            metavar="USE",
            help=(
                f"What is asked, {one_of(Use)}: onward-use is a new use by the holder itself "
                "(no --recipient); subject-access is the person's own request."
            ),
            autocompletion=complete_values(Use),
        ),
    ] = Use.DISCLOSURE.value,
    received_under: Annotated[
        str | None,
        typer.Option(
            metavar="GATEWAY",
            help="For onward-use: the gateway id it came in under (lawgraph gateways).",
        ),
    ] = None,
    original_purpose: Annotated[
        str | None,
        typer.Option(
            metavar="PURPOSE",
            help="For onward-use: the purpose it was collected or received for.",
            autocompletion=complete_names("purpose"),
        ),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help=(
                f"What to print, {one_of(OutputFormat)}: the answer to read (text, the "
                "default), every field (json), or the decision record to keep (markdown, "
                "or jsonld with DPV and PROV-O terms)."
            ),
            autocompletion=complete_values(OutputFormat),
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Same as --format markdown.")
    ] = False,
    record: Annotated[bool, typer.Option("--record", help="Same as --format jsonld.")] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Text only: also show identifiers, statute text and the gateways rejected.",
        ),
    ] = False,
    asked_by: Annotated[
        str | None,
        typer.Option(
            "--asked-by",
            metavar="NAME",
            help="Who is asking (name and role), written into the decision record.",
        ),
    ] = None,
    data: Annotated[Path | None, typer.Option("--data", metavar="DIR", help=DATA_HELP)] = None,
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
    given_flags = {
        "--discloser": discloser is not None,
        "--recipient": recipient is not None,
        "--subject": subject != Subject.CHILD.value,
        "--category": bool(category),
        "--purpose": purpose is not None,
        "--context": context != Context.OTHER.value,
        "--consent": consent is not None,
        "--in-confidence": in_confidence,
        "--necessity": necessity != Necessity.UNKNOWN.value,
        "--as-at": as_at is not None,
        "--jurisdiction": jurisdiction != Jurisdiction.ENGLAND.value,
        "--other-subject": bool(other_subject),
        "--use": use != Use.DISCLOSURE.value,
        "--received-under": received_under is not None,
        "--original-purpose": original_purpose is not None,
    }
    _one_source_of_facts(file, batch, [flag for flag, on in given_flags.items() if on])
    fmt = chosen_format(
        output_format,
        {"--json": as_json, "--markdown": markdown, "--record": record},
        batch=batch is not None,
    )
    # the graph is not needed: the reasoner reads the knowledge and the quotes only
    law = loaded("ask", data, Part.KNOWLEDGE, *([Part.STATUTES] if texts else []))
    knowledge = law.knowledge
    statutes = law.statutes if texts else None
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
                "other_subjects": other_subject or [],
                "use": use,
                "received_under": received_under,
                "original_purpose": original_purpose,
            }
            # a flag not given is a field not written, so the scenario's own defaults and
            # "missing" messages apply, as they do to a file
            raw = {key: value for key, value in raw.items() if value is not None}
            on = as_date("ask", as_at)
            if on is not None:
                raw["as_at"] = on
        det = ask(knowledge, Scenario.parse(raw), statutes)
    except (ScenarioError, KnowledgeError, ValueError, OSError) as exc:
        typer.echo(f"lawgraph ask: {exc}", err=True)
        raise typer.Exit(code=2) from None
    _render(det, knowledge, fmt, statutes=statutes, verbose=verbose, asked_by=asked_by)


def _run_batch(knowledge: Knowledge, path: Path, statutes: StatuteTexts | None) -> None:
    """Answer each line of `path`: one JSON line out per scenario line in, in order.

    Each output line carries the number of its input line: ``{"line": N,
    "determination": {...}}``, or for a line that cannot be answered ``{"line": N,
    "error": {"message": "...", "problems": [{"field": ..., "message": ...}]}}`` (the
    same message on standard error). Blank lines are skipped.
    """
    source = "<stdin>" if str(path) == "-" else str(path)
    try:
        handle: IO[bytes] = sys.stdin.buffer if str(path) == "-" else path.open("rb")
    except OSError as exc:
        typer.echo(f"lawgraph ask: {exc}", err=True)
        raise typer.Exit(code=2) from None
    answered = failed = 0
    try:
        with handle:
            for number, line in _numbered_lines(handle):
                if line is not None and not line.strip():
                    continue
                try:
                    det = _answer_line(knowledge, source, number, line, statutes)
                except (ScenarioError, ValueError) as exc:
                    failed += 1
                    message = exc.reason if isinstance(exc, ScenarioFileError) else str(exc)
                    typer.echo(f"lawgraph ask: {source}:{number}: {message}", err=True)
                    typer.echo(json.dumps(_error_object(number, message, exc), ensure_ascii=False))
                    continue
                answered += 1
                answer = det.model_dump(mode="json")
                typer.echo(
                    json.dumps({"line": number, "determination": answer}, ensure_ascii=False)
                )
    except OSError as exc:
        typer.echo(f"lawgraph ask: cannot read {source}: {exc}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"lawgraph ask: {answered} answered, {failed} failed", err=True)
    if failed:
        raise typer.Exit(code=1)


def _error_object(number: int, message: str, exc: Exception) -> dict[str, Any]:
    """An unanswered line in-band: its number, the message, and each field at fault."""
    problems = getattr(exc, "problems", ())
    error: dict[str, Any] = {"message": message}
    error["problems"] = [{"field": f, "message": why} for f, why in problems]
    return {"line": number, "error": error}


def _numbered_lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """Each line with its number; ``None`` for a line longer than a scenario can be.

    Lines are read with a length cap, so one runaway line (or a device with no newlines)
    cannot exhaust memory; the rest of an over-long line is skipped.
    """
    number = 0
    while chunk := handle.readline(MAX_SCENARIO_BYTES + 1):
        number += 1
        if len(chunk) > MAX_SCENARIO_BYTES and not chunk.endswith(b"\n"):
            while chunk and not chunk.endswith(b"\n"):
                chunk = handle.readline(MAX_SCENARIO_BYTES + 1)
            yield number, None
        else:
            yield number, chunk


def _answer_line(
    knowledge: Knowledge,
    source: str,
    number: int,
    line: bytes | None,
    statutes: StatuteTexts | None,
) -> Determination:
    if line is None:
        raise ScenarioFileError(
            f"longer than {MAX_SCENARIO_BYTES // (1 << 20)} MiB; a scenario is a short JSON object",
            source=source,
            line=number,
        )
    text = decode_scenario(line, source, line=number)
    raw = scenario_data(text, source, as_json=True, first_line=number)
    return ask(knowledge, Scenario.parse(as_flags_accept(raw, source)), statutes)
