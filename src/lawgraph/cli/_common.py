"""What several commands share: loading through `lawgraph.load` (`loaded`), printing
through rich safely, the one-line error, reading ``--as-at``, and reporting files left
out.

Every command reads the knowledge, the legislation and the graph through `loaded`: one
`lawgraph.api.LawGraph` per run of a command, asking only for the parts it uses, and one
way of reporting a load that fails (the one-line message naming file and line, exit 2,
as ``docs/troubleshooting.md`` says).

rich reads ``[...]`` in printed text as markup, so a value from a user, a file or the
site (a citation ``[/x]``, a folder ``/tmp/[red]/data``, a ``dc:title`` holding
``[/bold]``) would crash the command or be silently eaten. Every command therefore
prints through these helpers: `markup` fills a template with escaped values, `cell`
escapes a table cell, and `error_line`/`usage_error` print messages with markup off.
``tests/hostile/test_cli_markup.py`` checks that no command prints an f-string through
rich any other way.

Examples:
    >>> markup("[bold]{title}[/bold] — {id}", title="[/bold] Act", id="ukpga/2018/12")
    '[bold]\\\\[/bold] Act[/bold] — ukpga/2018/12'
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from lawgraph.disclaimer import NOT_LEGAL_ADVICE
from lawgraph.files import SkippedFileWarning

if TYPE_CHECKING:
    from rich.console import Console

    from lawgraph.api import LawGraph, Part

__all__ = [
    "DATA_HELP",
    "NOT_LEGAL_ADVICE",
    "as_date",
    "cell",
    "complete_names",
    "complete_values",
    "console",
    "error_line",
    "loaded",
    "markup",
    "one_of",
    "skipped_files_reported",
    "usage_error",
]


#: The help of every ``--data`` option (`lawgraph.settings.data_dir` says where it looks).
DATA_HELP = "Knowledge folder (default: $LAWGRAPH_DATA, else the data lawgraph ships with)."


def console(*, stderr: bool = False) -> Console:
    """A console for a command's output: no automatic highlighting, long lines kept whole."""
    # rich is imported when a command first prints through it: `lawgraph ask` prints
    # plain text (`typer.echo`), and importing rich would cost it a tenth of its time
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


@cache
def _err() -> Console:
    return console(stderr=True)


def escape(text: str) -> str:
    """`text` with every ``[`` that rich would read as markup escaped."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def markup(template: str, /, **values: object) -> str:
    """`template` (rich markup with ``{name}`` fields) with each value filled in escaped.

    The template is the command's own text; only the values come from outside, and they
    are shown exactly as written, never read as markup. Format specs (``{n:>5}``) apply
    to the value's text.
    """
    return template.format_map({k: escape(str(v)) for k, v in values.items()})


def cell(value: object) -> str:
    """A table cell showing `value` as written (rich tables read strings as markup)."""
    return escape(str(value))


def error_line(command: str, message: str) -> None:
    """Print ``lawgraph COMMAND: message`` in red on stderr, exactly as written."""
    _err().print(f"lawgraph {command}: {message}", style="red", markup=False)


@contextmanager
def skipped_files_reported(command: str) -> Iterator[None]:
    """While inside, print each `SkippedFileWarning` as one line on stderr,
    ``lawgraph COMMAND: warning: FILE: why; left out``, every time it is raised."""

    def show(message: Warning | str, category: type[Warning], *args: Any, **kw: Any) -> None:
        if issubclass(category, SkippedFileWarning):
            text = " ".join(str(message).splitlines())
            _err().print(f"lawgraph {command}: warning: {text}", style="yellow", markup=False)
        else:
            original(message, category, *args, **kw)

    with warnings.catch_warnings():
        warnings.simplefilter("always", SkippedFileWarning)
        original = warnings.showwarning
        warnings.showwarning = show
        yield


def usage_error(command: str, message: str) -> typer.Exit:
    """Print ``lawgraph COMMAND: message`` on stderr; the caller raises the exit (status 2)."""
    error_line(command, message)
    return typer.Exit(code=2)


#: The `LawGraph` of each ``--data`` folder in the command now running (see `one_run`).
_RUN: dict[Path | None, LawGraph] | None = None


@contextmanager
def one_run() -> Iterator[None]:
    """While inside (one run of a command), `loaded` loads each folder once; after it,
    nothing loaded is kept, so the next run sees the files as they are then."""
    global _RUN
    outer, _RUN = _RUN, {}
    try:
        yield
    finally:
        _RUN = outer


def loaded(command: str, data: Path | None = None, *parts: Part) -> LawGraph:
    """The knowledge, legislation and graph for this run of `command`, through
    `lawgraph.load`, with `parts` read now; loaded once per run, however often asked.

    A knowledge file that cannot be loaded (or read at all) is a usage error: one line,
    ``lawgraph COMMAND: FILE:LINE: why``, exit 2. A part not named in `parts` is read on
    first use, outside this handling, so name every part the command uses.
    """
    from lawgraph.api import load
    from lawgraph.knowledge.errors import KnowledgeError

    runs = _RUN if _RUN is not None else {}
    try:
        law = runs.get(data)
        if law is None:
            law = runs[data] = load(data, parts=())
        return law.read(parts)
    except (KnowledgeError, OSError) as exc:
        raise usage_error(command, str(exc)) from None


def as_date(command: str, value: str | None) -> dt.date | None:
    """Read an ``--as-at`` value; a bad one is a usage error naming the expected form."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise usage_error(
            command, f"--as-at {value!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-21"
        ) from None


def one_of(values: Iterable[str]) -> str:
    """The allowed values of an enumerated option, for its help: ``one of: a, b, c``."""
    return "one of: " + ", ".join(values)


def complete_values(values: Iterable[str]) -> Callable[[str], list[str]]:
    """Shell completion of an enumerated option: the allowed values starting with what
    has been typed."""
    allowed = tuple(values)

    def complete(incomplete: str) -> list[str]:
        return [v for v in allowed if v.startswith(incomplete)]

    return complete


def complete_names(kind: str) -> Callable[[str], list[tuple[str, str]]]:
    """Shell completion of a holder, purpose or category (`kind`): the ids whose id, name
    or alias starts with what has been typed, each with its name as the help.

    The knowledge is loaded only when the shell asks, so --help stays fast; a folder that
    cannot be loaded completes nothing rather than printing an error into the shell.
    """

    def complete(incomplete: str) -> list[tuple[str, str]]:
        from lawgraph.api import load
        from lawgraph.errors import LawgraphError
        from lawgraph.knowledge.vocabulary import Kind, normalise_name, terms

        try:
            knowledge = load(parts=()).knowledge
        except (LawgraphError, OSError):
            return []
        typed = normalise_name(incomplete)
        return [
            (t.id, t.name)
            for t in terms(knowledge, Kind(kind))
            if any(normalise_name(n).startswith(typed) for n in t.names)
        ]

    return complete
