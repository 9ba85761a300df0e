"""A folder (or several) of legislation XML, looked up by identifier and version.

Scanning reads file *names* only, so opening a corpus is cheap; a document is parsed the
first time something asks for it, then kept. Files are laid out as legislation.gov.uk
paths (see `lawgraph.legislation.store`); a leading ``corpus/`` folder is allowed, and
``suspect/``, ``schema/`` and Atom ``feeds/`` are skipped because they are not served CLML.
Temporary files an interrupted download leaves (``.NAME.xxxx.part``) are not held files.

One damaged file does not stop the rest. A file that cannot be read (not a regular
file, unsafe, damaged, not CLML) is reported once, as a
`lawgraph.files.SkippedFileWarning` naming it and why, and left out: if a later folder
holds the same file (the reference corpus behind ``statutes/``), that copy is read
instead; otherwise the document is treated as not held, and `problems` lists it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lawgraph.errors import (
    CorpusNotFoundError,
    IdentifierError,
    LegislationError,
    MalformedXMLError,
    NotHeldError,
)
from lawgraph.files import is_temporary, warn_skipped
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.models import Document, Provision
from lawgraph.legislation.parser import parse_file
from lawgraph.legislation.titles import TitleTable, read_titles

__all__ = ["Corpus", "HeldFile"]

_SKIP_TOP = {"suspect", "schema", "feeds"}
_SUFFIXES = (".xml.gz", ".xml")


@dataclass(frozen=True, slots=True)
class HeldFile:
    """One file in the corpus, known by its path before it is parsed.

    Attributes:
        path: the file.
        document: identifier of the whole document (``ukpga/2018/12``).
        fragment: identifier of the fragment, or ``None`` for a whole document.
        version: the version named in the file name (``enacted``, ``2023-01-01``), or
            ``None`` for the current revised text.
        welsh: True for Welsh-language text.
    """

    path: Path
    document: str
    fragment: str | None
    version: str | None
    welsh: bool = False


def _held_file(root: Path, path: Path) -> HeldFile | None:
    if is_temporary(path):
        return None
    rel = path.relative_to(root).as_posix()
    for suffix in _SUFFIXES:
        if rel.endswith(suffix):
            rel = rel[: -len(suffix)]
            break
    else:
        return None
    parts = rel.split("/")
    if parts[0] in _SKIP_TOP or "feeds" in parts[:2]:
        return None
    if parts[0] == "corpus":
        parts = parts[1:]
    *head, last = parts
    name, _, tail = last.partition(".")
    labels = tail.split(".") if tail else []
    welsh = "welsh" in labels
    versions = [x for x in labels if x not in ("welsh", "english")]
    try:
        ident = LegislationId.parse("/".join([*head, name]))
    except IdentifierError:
        return None
    return HeldFile(
        path=path,
        document=str(ident.document),
        fragment=None if ident.is_document else str(ident),
        version=versions[0] if versions else None,
        welsh=welsh,
    )


class Corpus:
    """Legislation documents held locally, parsed on first use.

    Args:
        roots: folders to read, in priority order (``statutes/`` first, then a reference
            corpus such as ``../shared/legislation``).

    Raises:
        CorpusNotFoundError: none of the folders exists.

    Examples:
        >>> from lawgraph.settings import reference_corpus_dir
        >>> corpus = Corpus([reference_corpus_dir()])
        >>> corpus.document("ukpga/1998/42").title
        'Human Rights Act 1998'
    """

    def __init__(self, roots: Iterable[Path | str]) -> None:
        self.roots = [Path(r) for r in roots]
        existing = [r for r in self.roots if r.is_dir()]
        if not existing:
            names = ", ".join(str(r) for r in self.roots) or "(none given)"
            raise CorpusNotFoundError(
                f"no legislation folder found at {names}; run 'lawgraph fetch' or set "
                "LAWGRAPH_LEGISLATION to a folder of legislation.gov.uk XML"
            )
        self._files: list[HeldFile] = []
        seen: dict[tuple[str, str | None, str | None, bool], Path] = {}
        # copies of a held file in later roots, read when the first copy is damaged
        self._copies: dict[Path, list[Path]] = {}
        for root in existing:
            for path in sorted(root.rglob("*.xml*")):
                held = _held_file(root, path)
                if held is None:
                    continue
                key = (held.document, held.fragment, held.version, held.welsh)
                first = seen.get(key)
                if first is not None:  # an earlier root wins: statutes/ before the reference
                    self._copies.setdefault(first, []).append(path)
                    continue
                seen[key] = path
                self._files.append(held)
        self._parsed: dict[Path, Document] = {}
        self._failed: dict[Path, LegislationError] = {}
        self._lost: dict[Path, LegislationError] = {}

    def files(self) -> list[HeldFile]:
        """Every file held, in scan order."""
        return list(self._files)

    def document_ids(self) -> list[str]:
        """Identifiers of the documents held whole (not only as fragments)."""
        return sorted({f.document for f in self._files if f.fragment is None})

    def holds(self, document: str) -> bool:
        """True when some version of the whole document is held and can be read.

        A document whose every file is damaged is not held (each damaged file is
        reported as a `lawgraph.files.SkippedFileWarning`).
        """
        whole = [f for f in self._files if f.document == document and f.fragment is None]
        whole.sort(key=lambda f: f.welsh)  # English first: that is what callers read next
        return any(self._readable(f) is not None for f in whole)

    def load(self, held: HeldFile) -> Document:
        """Parse a held file (once).

        When the file cannot be read and a later folder holds the same file, that copy
        is parsed instead. Each file that fails is reported once, as a
        `lawgraph.files.SkippedFileWarning`.

        Raises:
            LegislationError: neither the file nor any copy of it can be read (not a
                regular file, unsafe, damaged or not CLML); the first file's error.
        """
        doc = self._parsed.get(held.path)
        if doc is not None:
            return doc
        first_error: LegislationError | None = None
        for path in (held.path, *self._copies.get(held.path, ())):
            try:
                doc = self._parse(path)
            except LegislationError as exc:
                first_error = first_error or exc
                continue
            self._parsed[held.path] = doc
            return doc
        assert first_error is not None
        self._lost.setdefault(held.path, first_error)
        raise first_error

    def problems(self) -> list[str]:
        """Each file found unreadable so far, with why, in the order found."""
        return [str(exc) for exc in self._failed.values()]

    def lost(self) -> list[str]:
        """Each held file asked for that could not be read and had no readable copy in
        another folder, with why: what was treated as not held because of damage."""
        return [str(exc) for exc in self._lost.values()]

    def titles(self) -> TitleTable:
        """The short titles the held files give, read from their metadata only: each
        file's own title, then (where no own title or curated entry has it) the titles of
        the legislation its recorded changes are made by.

        A file that cannot be read is reported (`lawgraph.files.SkippedFileWarning`)
        and left out, so one damaged file does not hide every other title.
        """
        own: list[tuple[str, str]] = []
        named: list[tuple[str, str]] = []
        for held in self._files:
            paths = [held.path, *self._copies.get(held.path, ())]
            for path in paths:
                try:
                    found = read_titles(path)
                except LegislationError as exc:
                    self._fail(path, exc)
                    continue
                own.extend(found[:1])
                named.extend(found[1:])
                break
        table = TitleTable.from_pairs(own)
        return table | TitleTable.from_named(named, TitleTable.curated() | table)

    def _readable(self, held: HeldFile) -> Document | None:
        try:
            return self.load(held)
        except LegislationError:
            return None

    def _parse(self, path: Path) -> Document:
        failed = self._failed.get(path)
        if failed is not None:
            raise failed
        try:
            # the reader refuses a FIFO, a device or a folder unopened, and caps the size
            return parse_file(path)
        except LegislationError as exc:
            raise self._fail(path, exc) from None
        except (OSError, ValueError, RecursionError) as exc:
            # a file damaged in a way the reader does not name is still a damaged file
            reason = f"cannot be read: {type(exc).__name__}: {exc}"
            raise self._fail(path, MalformedXMLError(reason, path=path)) from None

    def _fail(self, path: Path, exc: LegislationError) -> LegislationError:
        if path not in self._failed:
            self._failed[path] = exc
            warn_skipped(exc)
        return exc

    def versions(self, document: str) -> list[Document]:
        """Every English version of a whole document held, oldest first.

        The as-enacted (or as-made) text sorts first; revised texts by version date.
        Versions that cannot be read are left out (and reported).
        """
        docs = [
            doc
            for f in self._files
            if f.document == document and f.fragment is None and not f.welsh
            if (doc := self._readable(f)) is not None
        ]
        return sorted(docs, key=_version_key)

    def fragment_versions(self, identifier: str) -> list[Document]:
        """Held fragments (English) that contain `identifier`, oldest first."""
        key = str(LegislationId.parse(identifier))
        docs = [d for f in self._fragments_for(key) if (d := self._readable(f)) is not None]
        return sorted((d for d in docs if key in d), key=_version_key)

    def document(self, document: str, version: str | None = None) -> Document:
        """A whole document: the latest held version, or the one named.

        Raises:
            NotHeldError: no such document or version is held.
        """
        ident = str(LegislationId.parse(document).document)
        docs = self.versions(ident)
        if not docs:
            damaged = [
                str(self._failed[f.path])
                for f in self._files
                if f.document == ident and f.fragment is None and f.path in self._failed
            ]
            if damaged:
                raise NotHeldError(
                    f"{ident}: no held copy can be read ({damaged[0]}); fetch it again "
                    f"with 'lawgraph fetch {ident}'"
                )
            raise NotHeldError(
                f"{ident} is not held locally; fetch it with 'lawgraph fetch {ident}'"
            )
        if version is None:
            return docs[-1]
        for d in docs:
            if version in (d.version, d.version_date.isoformat() if d.version_date else None):
                return d
        held = ", ".join(d.version for d in docs)
        raise NotHeldError(f"{ident}: version {version!r} is not held (held: {held})")

    def provision(self, identifier: str, version: str | None = None) -> Provision:
        """A provision from the latest held version of its document (or the one named).

        Fragments are used when the whole document is not held.

        Raises:
            IdentifierError: not an identifier.
            NotHeldError: neither the document nor a fragment holding it is held.
        """
        ident = LegislationId.parse(identifier)
        key = str(ident)
        doc_id = str(ident.document)
        if self.holds(doc_id):
            doc = self.document(doc_id, version)
            found = doc.provision(key)
            if found is None:
                raise NotHeldError(
                    f"{key} is not a provision of {doc.title} as held ({doc.version}); "
                    "check the number, or whether it has been repealed or not yet inserted"
                )
            return found
        for frag in self._fragments_for(key):
            held = self._readable(frag)
            found = held.provision(key) if held is not None else None
            if found is not None:
                return found
        raise NotHeldError(
            f"{doc_id} is not held locally, so {key} cannot be shown; "
            f"fetch it with 'lawgraph fetch {doc_id}'"
        )

    def _fragments_for(self, key: str) -> Iterator[HeldFile]:
        for f in self._files:
            if (
                f.fragment
                and not f.welsh
                and (key == f.fragment or key.startswith(f.fragment + "/"))
            ):
                yield f


def _version_key(doc: Document) -> tuple[int, dt.date]:
    if doc.version_date is None:
        return (0, doc.enactment_date or dt.date.min)
    return (1, doc.version_date)
