"""Which curated knowledge, and which saved decisions, a change to a statute touches.

A citation is touched by a change when the changed provision is the cited one, lies
within it (a change to s.8(c) touches a citation of s.8), or encloses it (a change to
the lead-in words of s.8 touches a citation of s.8(c), whose meaning depends on them).
"Within" and "encloses" are read from the document tree recorded in the diff and from
the identifiers themselves (``section/8/c`` is within ``section/8``).

By default only substantive changes count: words, headings, extent, status, insertion,
removal and repeal. A change of start or end date alone usually records that some other
words in the same provision were amended on that date, which the finer change already
reports; pass ``substantive_only=False`` to count them too.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from lawgraph.changes.diff import ChangeKind, DocumentDiff, ProvisionChange
from lawgraph.embedded import EmbeddedBlockError, embedded
from lawgraph.errors import IdentifierError, LawgraphError
from lawgraph.files import DATA_FILE_LIMIT, UnreadableFileError, read_limited, warn_skipped
from lawgraph.knowledge.loader import Knowledge
from lawgraph.legislation.identifiers import LegislationId

__all__ = [
    "Affected",
    "AffectedRecord",
    "RecordError",
    "Relation",
    "affected_knowledge",
    "affected_records",
    "read_document_record",
    "read_record",
    "record_citations",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_DATE_KINDS = frozenset({ChangeKind.START_DATE, ChangeKind.END_DATE})
# keys under which a decision record names legislation (see the module docstring of
# `affected_records`); "id" counts only inside a "citations" value
_ID_KEYS = frozenset({"identifier", "@id"})
_CITATION_KEYS = frozenset({"citations"})

#: How a changed provision relates to the cited one.
Relation = str  # "same", "within" (change inside the cited provision), "encloses"


class Affected(BaseModel):
    """A gateway or condition whose citation is touched by a change.

    Attributes:
        kind: ``gateway`` or ``condition``.
        entry: the entry's id (``dpa-sch1-para18``).
        citation: the identifier it cites.
        changed: the identifier of the changed provision.
        relation: ``same``, ``within`` (the change is inside the cited provision) or
            ``encloses`` (the cited provision is inside the changed one).
        kinds: what changed (`ChangeKind` values).
        summary: one line saying what changed.
    """

    model_config = _FROZEN
    kind: str
    entry: str
    citation: str
    changed: str
    relation: Relation
    kinds: tuple[ChangeKind, ...]
    summary: str


class RecordError(LawgraphError, ValueError):
    """A decision record file cannot be read: not a regular file, too large, not
    UTF-8, not JSON, or nested too deeply. The message names the file (and line)."""


class AffectedRecord(BaseModel):
    """A saved decision record that cites a changed provision.

    Attributes:
        path: the record file.
        citations: the legislation identifiers it cites that a change touches.
        changed: the changed provisions that touch them.
    """

    model_config = _FROZEN
    path: Path
    citations: tuple[str, ...]
    changed: tuple[str, ...]


def _relation(citation: str, change: ProvisionChange) -> Relation | None:
    changed = change.id
    if citation == changed:
        return "same"
    covered = (*change.covers, changed)
    if any(c == citation for c in change.covers):
        return "encloses"
    if changed.startswith(citation + "/") or citation in change.ancestors:
        return "within"
    if any(citation.startswith(c + "/") for c in covered):
        return "encloses"
    return None


def _counts(change: ProvisionChange, substantive_only: bool) -> bool:
    return not substantive_only or not set(change.kinds) <= _DATE_KINDS


def matches(
    citation: str, diff: DocumentDiff, *, substantive_only: bool = True
) -> Iterator[tuple[ProvisionChange, Relation]]:
    """The changes in `diff` that touch `citation`, with how they relate to it."""
    if not (citation == diff.document or citation.startswith(diff.document + "/")):
        return
    for change in diff.changes:
        if not _counts(change, substantive_only):
            continue
        rel = _relation(citation, change)
        if rel is not None:
            yield change, rel


def _knowledge_citations(knowledge: Knowledge) -> Iterator[tuple[str, str, str]]:
    for cond in knowledge.conditions.values():
        cited = [c.id for c in cond.citations] + [t.citation for t in cond.tests]
        for ident in dict.fromkeys(cited):
            yield "condition", cond.id, ident
    for gw in knowledge.gateways.values():
        for ident in dict.fromkeys(c.id for c in gw.citations):
            yield "gateway", gw.id, ident


def affected_knowledge(
    knowledge: Knowledge, diff: DocumentDiff, *, substantive_only: bool = True
) -> list[Affected]:
    """Gateways and conditions whose citations (or their tests' citations) are touched.

    Args:
        knowledge: the curated knowledge.
        diff: the changes to one document.
        substantive_only: ignore changes that are only of start or end date.

    Returns:
        One `Affected` per (entry, citation, changed provision), conditions first, in
        knowledge order.
    """
    out: list[Affected] = []
    for kind, entry, ident in _knowledge_citations(knowledge):
        for change, rel in matches(ident, diff, substantive_only=substantive_only):
            out.append(
                Affected(
                    kind=kind,
                    entry=entry,
                    citation=ident,
                    changed=change.id,
                    relation=rel,
                    kinds=change.kinds,
                    summary=change.summary(),
                )
            )
    return out


def _as_identifier(value: str) -> str | None:
    try:
        ident = LegislationId.parse(value)
    except IdentifierError:
        return None
    return str(ident)


def record_citations(data: Any) -> list[str]:
    """Legislation identifiers a decision record cites, in order, once each.

    The record can be any JSON. Strings are collected from values under the keys
    ``identifier`` and ``@id``, and from anywhere inside a ``citations`` value (a list of
    identifiers, or of objects with ``id``); those that parse as legislation.gov.uk
    identifiers or URLs are kept. Other strings (prose, ``dpv:Disclose``) are ignored.

    Examples:
        >>> record_citations({"citations": ["ukpga/2018/12/section/8", "not one"],
        ...   "seeAlso": [{"@id": "https://www.legislation.gov.uk/id/ukpga/2004/31/section/11"}]})
        ['ukpga/2018/12/section/8', 'ukpga/2004/31/section/11']
    """
    found: dict[str, None] = {}

    def strings(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, v in value.items():
                if key in _CITATION_KEYS:
                    candidates: Iterable[str] = strings(v)
                elif key in _ID_KEYS and isinstance(v, str):
                    candidates = (v,)
                else:
                    candidates = ()
                for s in candidates:
                    ident = _as_identifier(s)
                    if ident is not None:
                        found[ident] = None
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    return list(found)


def read_record(path: Path | str) -> Any:
    """One decision record: the JSON in a regular file of at most
    `lawgraph.files.DATA_FILE_LIMIT` bytes.

    Raises:
        RecordError: the file is not a regular file, too large, not UTF-8, not JSON,
            or nested too deeply to read; the message names the file (and line).
    """
    p = Path(path)
    try:
        text = read_limited(p).decode("utf-8")
    except UnreadableFileError as exc:
        raise RecordError(f"{p}: {exc.reason}") from None
    except UnicodeDecodeError as exc:
        raise RecordError(f"{p}: not UTF-8 text: {exc.reason}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{p}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise RecordError(f"{p}: not valid JSON: nested too deeply to read") from None
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits (CVE-2020-10735)
        raise RecordError(f"{p}: not valid JSON: an integer is too long to read") from None


#: Documents people read that may carry a record's citations in an embedded block
#: (`lawgraph.embedded`): a generated information sharing agreement. A Word document
#: carries it as hidden text in its body.
DOCUMENT_SUFFIXES = (".md", ".html", ".htm", ".docx")

_WORD_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _word_text(p: Path, data: bytes) -> str:
    # The body's text runs, joined; the block is written as one run. Read with a size
    # limit (a zip can inflate far beyond its own size) and without an XML parser: only
    # the text of <w:t> elements is wanted.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > DATA_FILE_LIMIT:
                raise RecordError(f"{p}: the Word document's body is too large to read")
            body = zf.read(info).decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, OSError) as exc:
        raise RecordError(f"{p}: not a Word document that can be read: {exc}") from None
    return "".join(html.unescape(t) for t in _WORD_TEXT.findall(body))


def read_document_record(path: Path | str) -> Any:
    """The machine-readable block of a Markdown, HTML or Word document
    (`lawgraph.embedded`), or None when it has none (an ordinary document, not a record).

    Raises:
        RecordError: the file cannot be read, is not UTF-8, or its block is not one
            JSON object; the message names the file (and line).
    """
    p = Path(path)
    try:
        data = read_limited(p)
        text = _word_text(p, data) if p.suffix == ".docx" else data.decode("utf-8")
    except UnreadableFileError as exc:
        raise RecordError(f"{p}: {exc.reason}") from None
    except UnicodeDecodeError as exc:
        raise RecordError(f"{p}: not UTF-8 text: {exc.reason}") from None
    try:
        return embedded(text)
    except EmbeddedBlockError as exc:
        raise RecordError(f"{p}: {exc}") from None


def _record_files(root: Path) -> list[Path]:
    found = list(root.rglob("*.json"))
    for suffix in DOCUMENT_SUFFIXES:
        found += root.rglob("*" + suffix)
    return sorted(found)


def affected_records(
    records_dir: Path | str,
    diff: DocumentDiff,
    *,
    substantive_only: bool = True,
    on_unreadable: Callable[[RecordError], None] | None = None,
) -> list[AffectedRecord]:
    """Decision records (``*.json`` under `records_dir`) and documents carrying a
    record's block (``*.md``, ``*.html``, ``*.docx``: a generated information sharing
    agreement, `read_document_record`) that cite a changed provision. A document
    without a block is not a record and is passed over.

    A file that cannot be read as a record (not JSON, not a regular file, too large,
    nested too deeply) is left out, so one bad file does not hide the others; it is
    passed to `on_unreadable`, or by default reported as a
    `lawgraph.files.SkippedFileWarning`, since it may be a record that needs review.

    Args:
        records_dir: the folder of records, searched recursively.
        diff: the changes to one document.
        substantive_only: ignore changes that are only of start or end date.
        on_unreadable: called with the error for each file that cannot be read.

    Returns:
        The affected records, in path order.
    """
    out: list[AffectedRecord] = []
    for path in _record_files(Path(records_dir)):
        try:
            if path.suffix in DOCUMENT_SUFFIXES:
                data = read_document_record(path)
                if data is None:
                    continue
            else:
                data = read_record(path)
            citations = _citations_of(path, data)
        except RecordError as exc:
            if on_unreadable is not None:
                on_unreadable(exc)
            else:
                warn_skipped(exc)
            continue
        cited: dict[str, None] = {}
        changed: dict[str, None] = {}
        for ident in citations:
            for change, _ in matches(ident, diff, substantive_only=substantive_only):
                cited[ident] = None
                changed[change.id] = None
        if cited:
            out.append(AffectedRecord(path=path, citations=tuple(cited), changed=tuple(changed)))
    return out


def _citations_of(path: Path, data: Any) -> list[str]:
    try:
        return record_citations(data)
    except RecursionError:
        # json reads nesting deeper than Python's stack allows the walk to follow
        raise RecordError(f"{path}: nested too deeply to read") from None
