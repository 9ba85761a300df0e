"""``lawgraph fetch``: download legislation.gov.uk CLML into the statutes folder.

A document may also be named by its short title. A title lawgraph knows offline (the
curated table, the held files, the manifest, titles learnt before) is used as it is;
otherwise the title of an Act is looked up in legislation.gov.uk's search
(`lawgraph.legislation.title_search`) and remembered in the user's learnt-titles file.

Exit status: 0 when every document was fetched or confirmed current; 1 when any
download failed or was refused (the message names the URL and why, and says when the
copy already held was kept), or a title could not be looked up because the site could
not be reached; 2 for bad input (an identifier, date, base URL, manifest or option
lawgraph cannot use, or a title the site does not give to exactly one document).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TransferSpeedColumn,
)

from lawgraph.cli import app
from lawgraph.errors import FetchError, IdentifierError, LawgraphError
from lawgraph.legislation.fetch import (
    DEFAULT_DEADLINE,
    Fetcher,
    FetchEvent,
    FetchItem,
    FetchSummary,
)
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.store import DEFAULT_BASE_URL, load_manifest
from lawgraph.legislation.title_search import find_title, learn_title
from lawgraph.legislation.titles import TitleTable
from lawgraph.settings import learnt_titles_file, legislation_dirs, statutes_dir

__all__ = ["fetch"]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MANIFEST_NAME = "manifest.toml"


@app.command("fetch")
def fetch(
    identifiers: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="IDENTIFIER...",
            help="Identifiers (ukpga/2004/31), legislation.gov.uk URLs, or short titles "
            "('Civil Partnership Act 2004': looked up on legislation.gov.uk when not known, "
            "and learnt). None: fetch everything in the manifest.",
            show_default=False,
        ),
    ] = None,
    as_at: Annotated[
        str | None,
        typer.Option("--as-at", metavar="DATE", help="Fetch the text as at DATE (YYYY-MM-DD)."),
    ] = None,
    dest: Annotated[
        Path | None,
        typer.Option("--dest", metavar="DIR", help="Folder to store into (default: statutes/)."),
    ] = None,
    base_url: Annotated[
        str, typer.Option("--base-url", metavar="URL", help="Site to download from.")
    ] = DEFAULT_BASE_URL,
    manifest: Annotated[
        bool, typer.Option("--manifest", help="Also fetch everything listed in the manifest.")
    ] = False,
    manifest_file: Annotated[
        Path | None,
        typer.Option(
            "--manifest-file", metavar="FILE", help="Manifest to read (default: DIR/manifest.toml)."
        ),
    ] = None,
    max_age: Annotated[
        float,
        typer.Option(
            "--max-age",
            min=0,
            metavar="SECONDS",
            help="Trust copies checked within SECONDS without asking the site again.",
        ),
    ] = 0.0,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            min=0.001,
            metavar="SECONDS",
            help="Give up on a document after SECONDS, retries and waits included. "
            "A document the site serves only in parts gets SECONDS per part.",
        ),
    ] = DEFAULT_DEADLINE,
    retries: Annotated[
        int,
        typer.Option(
            "--retries",
            min=0,
            metavar="N",
            help="Retry a busy (202, 429, 5xx), dropped or too-slow request up to N "
            "times, backing off between tries.",
        ),
    ] = 4,
) -> None:
    """Download legislation.gov.uk CLML into the statutes folder.

    Files are stored gzip-compressed as <type>/<year>/<number>[.<version>].xml.gz, and
    revalidated with conditional requests, so fetching again is cheap. A body is
    stored only if it is CLML naming the identifier asked for, with content; otherwise
    the copy already held is kept. A large Act the site is still generating (HTTP 202)
    is fetched part by part from its contents page and stored as one document.
    """
    folder = dest if dest is not None else statutes_dir()
    options = _Options(base_url=base_url, max_age=max_age, deadline=timeout, retries=retries)
    try:
        named = _resolve_titles(identifiers or [], folder, options)
    except FetchError as exc:
        _fail(
            f"cannot look the title up: {exc}; check the connection, or cite the "
            "document by its identifier",
            status=1,
        )
    except (LawgraphError, ValueError) as exc:
        _fail(str(exc), status=2)
    except OSError as exc:
        _fail(f"cannot write the learnt titles to {learnt_titles_file()}: {exc}", status=1)
    try:
        items = _items(named, as_at, manifest, manifest_file, folder)
        summary = _run(folder, options, items)
    except (LawgraphError, ValueError) as exc:
        _fail(str(exc), status=2)
    except OSError as exc:
        _fail(f"cannot write to {folder}: {exc}", status=1)
    _report(summary)


def _resolve_titles(texts: list[str], folder: Path, options: _Options) -> list[str]:
    """Each text as an identifier: identifiers and URLs as given, titles resolved.

    A title is looked up offline first (`TitleTable.held`: curated, held, manifest,
    learnt); an Act's title found nowhere is searched for on the site and learnt.
    """
    out: list[str] = []
    table: TitleTable | None = None
    for text in texts:
        try:
            LegislationId.parse(text)
        except IdentifierError:
            if not _looks_like_title(text):
                raise
        else:
            out.append(text)
            continue
        if table is None:
            folders = dict.fromkeys(d for d in [folder, *legislation_dirs()] if d.is_dir())
            table = TitleTable.held(folders)
        known = table.get(text)
        if known is None:
            known = _search(text, options)
        out.append(known)
    return out


def _looks_like_title(text: str) -> bool:
    # an identifier or URL always has a "/"; a title has words
    return "/" not in text and " " in text.strip() and any(c.isalpha() for c in text)


def _search(title: str, options: _Options) -> str:
    """Look `title` up on the site, remember it, and say so."""
    with Fetcher(
        Path("."),
        base_url=options.base_url,
        deadline=options.deadline,
        max_retries=options.retries,
    ) as fetcher:
        match = find_title(title, fetcher.get_feed, base_url=options.base_url)
    path = learnt_titles_file()
    learn_title(match, path)
    typer.echo(f"{'learnt':<12} {match.title} = {match.identifier}  {path}")
    return match.identifier


def _items(
    identifiers: list[str],
    as_at: str | None,
    use_manifest: bool,
    manifest_file: Path | None,
    folder: Path,
) -> list[FetchItem]:
    """What to fetch: the named identifiers, plus the manifest if asked or if none named."""
    version = _as_at(as_at) if as_at is not None else None
    items: list[FetchItem] = []
    for text in identifiers:
        lid = LegislationId.parse(text)
        if version is not None and lid.version not in (None, version):
            raise ValueError(f"{text} names version {lid.version}, which conflicts with --as-at")
        items.append((lid, version if version is not None else lid.version))
    if use_manifest or not identifiers:
        path = manifest_file if manifest_file is not None else _default_manifest(folder)
        for entry in load_manifest(path):
            items.append((entry.identifier, version if version is not None else entry.version))
    return items


def _as_at(text: str) -> str:
    # fromisoformat alone would also take "20230101"; the site wants the dashed form
    if _DATE_RE.match(text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise ValueError(f"--as-at {text!r} is not a date in the form YYYY-MM-DD")


def _default_manifest(folder: Path) -> Path:
    beside = folder / _MANIFEST_NAME
    return beside if beside.is_file() else statutes_dir() / _MANIFEST_NAME


@dataclass(frozen=True)
class _Options:
    base_url: str
    max_age: float
    deadline: float
    retries: int


def _run(folder: Path, options: _Options, items: list[FetchItem]) -> FetchSummary:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        view = _ProgressView(progress, len(items))
        with Fetcher(
            folder,
            base_url=options.base_url,
            max_age=options.max_age,
            deadline=options.deadline,
            max_retries=options.retries,
            progress=view,
        ) as fetcher:
            return fetcher.fetch_many(items, keep_going=True)


class _ProgressView:
    """Turns `FetchEvent`s into rich progress updates: one bar overall, one per file."""

    def __init__(self, progress: Progress, count: int) -> None:
        self._progress = progress
        self._overall: TaskID = progress.add_task("documents", total=count)
        self._current: TaskID = progress.add_task("", total=None, visible=False)

    def __call__(self, event: FetchEvent) -> None:
        # rich reads [...] as markup: what the server said must be shown, not obeyed
        label = escape(event.identifier + (f" ({event.version})" if event.version else ""))
        if event.kind == "start":
            self._progress.reset(self._current, total=None, description=label, visible=True)
        elif event.kind == "progress":
            self._progress.update(self._current, completed=event.received, total=event.total)
        elif event.kind == "retry":
            self._progress.update(
                self._current,
                description=f"{label}: {escape(event.detail)}, retrying in {event.delay:.1f}s",
            )
        elif event.kind == "parts":
            self._progress.update(
                self._current, description=f"{label}: not served whole, fetching its parts"
            )
        else:
            self._progress.advance(self._overall)


def _report(summary: FetchSummary) -> None:
    for result in summary.results:
        label = result.identifier + (f" ({result.version})" if result.version else "")
        typer.echo(f"{result.status:<12} {label}  {result.path}")
    for failure in summary.failures:
        typer.echo(f"lawgraph fetch: error: {_one_line(failure.message)}", err=True)
    if not summary.ok:
        raise typer.Exit(1)


def _fail(message: str, *, status: int) -> NoReturn:
    typer.echo(f"lawgraph fetch: error: {_one_line(message)}", err=True)
    raise typer.Exit(status)


def _one_line(message: str) -> str:
    return " ".join(message.split())
