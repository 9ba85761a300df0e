"""A folder (or several) of legislation XML, looked up by identifier and version.

Scanning reads file *names* only, so opening a corpus is cheap; a document is parsed the
first time something asks for it, then kept. Files are laid out as legislation.gov.uk
paths (see `lawgraph.legislation.store`); a leading ``corpus/`` folder is allowed, and
``suspect/``, ``schema/`` and Atom ``feeds/`` are skipped because they are not served CLML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lawgraph.errors import CorpusNotFoundError, IdentifierError, NotHeldError
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.models import Document, Provision
from lawgraph.legislation.parser import parse_file

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
        seen: set[tuple[str, str | None, str | None, bool]] = set()
        for root in existing:
            for path in sorted(root.rglob("*.xml*")):
                held = _held_file(root, path)
                if held is None:
                    continue
                key = (held.document, held.fragment, held.version, held.welsh)
                if key in seen:  # an earlier root wins: statutes/ before the reference
                    continue
                seen.add(key)
                self._files.append(held)
        self._parsed: dict[Path, Document] = {}

    def files(self) -> list[HeldFile]:
        """Every file held, in scan order."""
        return list(self._files)

    def document_ids(self) -> list[str]:
        """Identifiers of the documents held whole (not only as fragments)."""
        return sorted({f.document for f in self._files if f.fragment is None})

    def holds(self, document: str) -> bool:
        """True when some version of the whole document is held."""
        return any(f.document == document and f.fragment is None for f in self._files)

    def load(self, held: HeldFile) -> Document:
        """Parse a held file (once)."""
        doc = self._parsed.get(held.path)
        if doc is None:
            doc = self._parsed[held.path] = parse_file(held.path)
        return doc

    def versions(self, document: str) -> list[Document]:
        """Every English version of a whole document held, oldest first.

        The as-enacted (or as-made) text sorts first; revised texts by version date.
        """
        docs = [
            self.load(f)
            for f in self._files
            if f.document == document and f.fragment is None and not f.welsh
        ]
        return sorted(docs, key=_version_key)

    def fragment_versions(self, identifier: str) -> list[Document]:
        """Held fragments (English) that contain `identifier`, oldest first."""
        key = str(LegislationId.parse(identifier))
        docs = [self.load(f) for f in self._fragments_for(key)]
        return sorted((d for d in docs if key in d), key=_version_key)

    def document(self, document: str, version: str | None = None) -> Document:
        """A whole document: the latest held version, or the one named.

        Raises:
            NotHeldError: no such document or version is held.
        """
        ident = str(LegislationId.parse(document).document)
        docs = self.versions(ident)
        if not docs:
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
            found = self.load(frag).provision(key)
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
