"""Short titles and abbreviations, mapped to legislation.gov.uk document identifiers.

A `TitleTable` answers "which document is *Children Act 2004* / *CA 2004* / *the UK
GDPR*?". It has two sources, which combine with ``|``:

- `TitleTable.curated`: the statutes lawgraph cites, with the abbreviations practitioners
  use (``titles.toml`` beside this module);
- titles read from legislation itself: `TitleTable.from_documents`,
  `TitleTable.from_pairs` and `TitleTable.from_corpus_dir`, which reads only the metadata
  of each file: its own ``dc:title`` and root ``IdURI``, and the title and identifier of
  every document its recorded changes name (``ukm:AffectingTitle`` with
  ``AffectingURI``), so a folder knows the legislation that amends what it holds; Atom
  feeds give their entries' titles;
- the manifest of documents to fetch (`TitleTable.from_manifest`);
- titles ``lawgraph fetch`` has looked up on legislation.gov.uk and learnt
  (`TitleTable.learnt`, from the user's learnt-titles file).

`TitleTable.held` combines them all for a list of legislation folders. A title lawgraph
has seen nowhere is refused; only ``lawgraph fetch`` looks titles up online
(`lawgraph.legislation.title_search`).

Matching ignores case, the word "the", commas, full stops, brackets and apostrophes, and
reads "&" as "and"; a trailing editorial note such as "(repealed)" is dropped. A name
that could mean two documents is never guessed: looking it up raises `CitationError`
listing the candidates.

Examples:
    >>> table = TitleTable.curated()
    >>> table.lookup("the Children Act 2004"), table.lookup("dpa")
    ('ukpga/2004/31', 'ukpga/2018/12')
    >>> table.title_of("eur/2016/679")
    'UK GDPR'
"""

from __future__ import annotations

import difflib
import functools
import gzip
import re
import tomllib
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any, TypeVar, cast

from lxml import etree

from lawgraph.errors import (
    CitationError,
    CorpusNotFoundError,
    IdentifierError,
    MalformedXMLError,
    NotCLMLError,
    UnsafeXMLError,
)
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.models import Document
from lawgraph.legislation.namespaces import ATOM, DC, LEG, UKM
from lawgraph.legislation.reader import check_prolog, max_xml_bytes, open_regular, safe_pull_parser

__all__ = [
    "TitleEntry",
    "TitleTable",
    "clean_title",
    "read_title",
    "read_titles",
    "title_key",
]

_STATUS_SUFFIX_RE = re.compile(
    r"""
    \s*\(                                    # an editorial note in brackets, at the very end
    (?:repealed|revoked|expired|spent|lapsed|annulled|prospective|not\ yet\ in\ force)
    \)\s*$
    """,
    re.X | re.I,
)
_APOSTROPHE_RE = re.compile(r"['\u2019\u2018]")
# Everything but letters, digits and "/" separates words: "/" stays so "2016/679" survives.
_SEPARATOR_RE = re.compile(r"[^\w/]+")
_YEAR_RE = re.compile(r"\b\d{4}\b")

# A document type declaration can only come before the root element starts.
_HEAD = 65536
_GZIP_MAGIC = b"\x1f\x8b"
_SKIPPED_DIRS = frozenset({"suspect", "schema", "feeds"})

_LEGISLATION_TAG = f"{{{LEG}}}Legislation"
_FEED_TAG = f"{{{ATOM}}}feed"
_TITLE_TAG = f"{{{DC}}}title"
_METADATA_TAG = f"{{{UKM}}}Metadata"
_EFFECT_TAG = f"{{{UKM}}}UnappliedEffect"
_AFFECTING_TITLE_TAG = f"{{{UKM}}}AffectingTitle"
_MANIFEST_NAME = "manifest.toml"


def clean_title(title: str) -> str:
    """The title as printed, without runs of white space or a trailing "(repealed)".

    Examples:
        >>> clean_title("Election Act 1707(repealed)")
        'Election Act 1707'
    """
    text = " ".join(title.split())
    while (stripped := _STATUS_SUFFIX_RE.sub("", text)) != text:
        text = stripped
    return text


def title_key(title: str) -> str:
    """The form titles are matched in: lower case, no "the", no punctuation, "&" as "and".

    Examples:
        >>> title_key("The Police, Crime, Sentencing & Courts Act 2022")
        'police crime sentencing and courts act 2022'
    """
    text = clean_title(title).casefold().replace("&", " and ")
    text = _SEPARATOR_RE.sub(" ", _APOSTROPHE_RE.sub("", text))
    return " ".join(word for word in text.split() if word != "the")


@dataclass(frozen=True, slots=True)
class TitleEntry:
    """One document's names.

    Attributes:
        title: the short title, shown by `TitleTable.title_of`.
        identifier: the document's identifier, e.g. ``ukpga/2004/31``.
        aliases: other names for it, e.g. ``("CA 2004",)``.
    """

    title: str
    identifier: str
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        title = clean_title(self.title)
        if not title_key(title):
            raise ValueError(f"empty title for {self.identifier!r}")
        parsed = LegislationId.parse(self.identifier)
        if not parsed.is_document:
            raise IdentifierError(
                f"{self.identifier!r} names a provision; a title maps to a whole document"
            )
        # frozen: normalise in place once, so every entry compares in canonical form
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "identifier", str(parsed))
        object.__setattr__(self, "aliases", tuple(clean_title(a) for a in self.aliases))

    def names(self) -> tuple[str, ...]:
        """The title followed by the aliases."""
        return (self.title, *self.aliases)


class TitleTable:
    """Names of documents, looked up tolerantly; immutable once built.

    Combine tables with ``|``: ``TitleTable.curated() | TitleTable.from_corpus_dir(p)``.
    Where two tables name the same document differently, the left one's title is shown.
    """

    __slots__ = ("_entries", "_ids", "_spelling", "_titles")

    def __init__(self, entries: Iterable[TitleEntry] = ()) -> None:
        self._entries: list[TitleEntry] = []
        # key -> identifiers, in insertion order (a dict used as an ordered set)
        self._ids: dict[str, dict[str, None]] = {}
        self._spelling: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        for entry in entries:
            self._add(entry)

    def _add(self, entry: TitleEntry) -> None:
        self._entries.append(entry)
        self._titles.setdefault(entry.identifier, entry.title)
        for name in entry.names():
            key = title_key(name)
            self._ids.setdefault(key, {})[entry.identifier] = None
            self._spelling.setdefault(key, name)

    # -- building -----------------------------------------------------------------

    @classmethod
    def curated(cls) -> TitleTable:
        """The statutes lawgraph cites, from the packaged ``titles.toml`` (cached)."""
        return _curated()

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> TitleTable:
        """A table from ``(title, identifier)`` pairs."""
        return cls(TitleEntry(title, identifier) for title, identifier in pairs)

    @classmethod
    def from_documents(cls, documents: Iterable[Document]) -> TitleTable:
        """A table of the parsed documents' titles (fragments name their whole document)."""
        # the parser falls back to the identifier when a file has no dc:title
        return cls.from_pairs((d.title, d.id) for d in documents if d.title != d.id)

    @classmethod
    def from_corpus_dir(cls, path: Path | str) -> TitleTable:
        """A table of the titles of every served file under a legislation folder.

        Reads only each file's metadata. Skips ``suspect/``, ``schema/`` and Atom feeds.

        Raises:
            CorpusNotFoundError: the folder does not exist.
            LegislationError: a file is unsafe, damaged or not legislation.gov.uk CLML.
        """
        root = Path(path)
        if not root.is_dir():
            raise CorpusNotFoundError(f"no legislation folder at {root}")
        own: list[tuple[str, str]] = []
        named: list[tuple[str, str]] = []
        for file in _served_files(root):
            found = read_titles(file)
            if found:
                own.extend(found[:1])
                named.extend(found[1:])
        for feed in _feed_files(root):
            named.extend(_feed_titles(feed))
        table = cls.from_pairs(own)
        return table | cls.from_named(named, table)

    @classmethod
    def from_named(cls, pairs: Iterable[tuple[str, str]], known: TitleTable) -> TitleTable:
        """``(title, identifier)`` pairs read second-hand (from another document's
        metadata), each kept only where `known` does not already know the title: a
        document's own title, or the curated table, outranks a mention elsewhere."""
        entries: dict[str, TitleEntry] = {}
        for title, identifier in pairs:
            key = title_key(title)
            if not key or key in known._ids or key in entries:
                continue
            try:
                entries[key] = TitleEntry(title, identifier)
            except (ValueError, IdentifierError):
                continue  # a mention that names a provision, or nothing usable
        return cls(entries.values())

    @classmethod
    def from_manifest(cls, path: Path | str) -> TitleTable:
        """The titles in a manifest of documents to fetch (``statutes/manifest.toml``).

        Raises:
            ManifestError: the manifest cannot be read or is invalid.
        """
        # imported here: the store module is the manifest's reader, not a title source
        from lawgraph.legislation.store import load_manifest

        return cls.from_pairs((e.title, e.identifier) for e in load_manifest(path))

    @classmethod
    def held(cls, dirs: Iterable[Path | str]) -> TitleTable:
        """Every title lawgraph can know offline for these legislation folders.

        The curated table first, then for each folder the titles of its files, the
        titles its files' metadata and feeds give for other documents, and its
        ``manifest.toml``, if it has one.
        """
        table = cls.curated()
        folders = [Path(d) for d in dirs]
        for folder in folders:
            table = table | cls.from_corpus_dir(folder)
        table = table | cls.from_manifests(folders, table)
        return table | cls.learnt(known=table)

    @classmethod
    def learnt(
        cls, path: Path | str | None = None, *, known: TitleTable | None = None
    ) -> TitleTable:
        """The titles learnt from legislation.gov.uk's search, where `known` lacks them.

        Args:
            path: the learnt-titles file (default `lawgraph.settings.learnt_titles_file`).
            known: titles that outrank what was learnt (a held file's own title does).

        A damaged file is reported and left out (see
        `lawgraph.legislation.title_search.read_learnt_titles`).
        """
        # imported here: the search module builds on this one
        from lawgraph.legislation.title_search import read_learnt_titles
        from lawgraph.settings import learnt_titles_file

        file = Path(path) if path is not None else learnt_titles_file()
        pairs = ((t.title, t.identifier) for t in read_learnt_titles(file))
        return cls.from_named(pairs, known if known is not None else cls([]))

    @classmethod
    def from_manifests(cls, dirs: Iterable[Path | str], known: TitleTable) -> TitleTable:
        """The titles each folder's ``manifest.toml`` lists, where `known` lacks them."""
        table = cls([])
        for d in dirs:
            manifest = Path(d) / _MANIFEST_NAME
            if manifest.is_file():
                table = table | cls.from_named(
                    ((e.title, e.identifier) for e in cls.from_manifest(manifest).entries),
                    known | table,
                )
        return table

    def __or__(self, other: TitleTable) -> TitleTable:
        return TitleTable([*self._entries, *other._entries])

    # -- looking up ---------------------------------------------------------------

    def get(self, name: str) -> str | None:
        """The identifier `name` means, or ``None`` if the table does not know it.

        Raises:
            CitationError: `name` could mean more than one document.
        """
        key = title_key(name)
        ids = list(self._ids.get(key, ()))
        if not ids:
            ids = self._with_any_year(key)
            if len(ids) < 2:
                return None
        if len(ids) > 1:
            raise CitationError(
                f"{name!r} is ambiguous: it may mean {self._describe(ids)}; "
                "give the full title, or the year"
            )
        return ids[0]

    def lookup(self, name: str) -> str:
        """The identifier `name` means.

        Raises:
            CitationError: `name` is unknown (the message lists close matches) or
                could mean more than one document (the message lists them).
        """
        found = self.get(name)
        if found is None:
            raise CitationError(self.unknown_message(name))
        return found

    def unknown_message(self, name: str) -> str:
        """Why `name` was not found, with the table's closest titles."""
        close = self.close_matches(name)
        hint = "close matches: " + "; ".join(close) if close else "no close match"
        return (
            f"unknown title {name!r} ({hint}); cite it by its full short title or "
            "legislation.gov.uk identifier, or pass a TitleTable that knows it"
        )

    def close_matches(self, name: str, n: int = 5) -> list[str]:
        """Up to `n` known names that look like `name`, best first."""
        key = title_key(name)
        keys = [k for k in self._ids if _YEAR_RE.sub("", k).strip() == key]
        keys += difflib.get_close_matches(key, list(self._ids), n=n, cutoff=0.6)
        return [self._spelling[k] for k in dict.fromkeys(keys)][:n]

    def title_of(self, identifier: str) -> str | None:
        """The short title of a document (or of the document a provision is in)."""
        try:
            document = str(LegislationId.parse(identifier).document)
        except IdentifierError:
            return None
        return self._titles.get(document)

    def _with_any_year(self, key: str) -> list[str]:
        # "CA" for "CA 1989" and "CA 2004": a missing year is reported, never guessed
        if _YEAR_RE.search(key):
            return []
        pattern = re.compile(re.escape(key) + r" \d{4}")
        found = (ids for k, ids in self._ids.items() if pattern.fullmatch(k))
        return list(dict.fromkeys(i for ids in found for i in ids))

    def _describe(self, identifiers: Iterable[str]) -> str:
        return ", ".join(f"{self._titles[i]} ({i})" for i in identifiers)

    # -- container protocol -------------------------------------------------------

    @property
    def entries(self) -> tuple[TitleEntry, ...]:
        """Every entry, in the order added."""
        return tuple(self._entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and title_key(name) in self._ids

    def __len__(self) -> int:
        return len(self._titles)

    def __iter__(self) -> Iterator[str]:
        """The identifiers of the documents in the table."""
        return iter(self._titles)

    def __repr__(self) -> str:
        return f"<TitleTable: {len(self)} documents, {len(self._ids)} names>"


# -- the curated table -----------------------------------------------------------


@functools.cache
def _curated() -> TitleTable:
    text = resources.files("lawgraph.legislation").joinpath("titles.toml").read_text("utf-8")
    return TitleTable(_entries_from_toml(tomllib.loads(text)))


def _entries_from_toml(data: dict[str, Any]) -> Iterator[TitleEntry]:
    for n, item in enumerate(data.get("statute", []), start=1):
        title, identifier, aliases = item.get("title"), item.get("id"), item.get("aliases", [])
        if not (isinstance(title, str) and isinstance(identifier, str)):
            raise ValueError(f"titles.toml: statute {n} needs a string title and id")
        if not (isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
            raise ValueError(f"titles.toml: statute {n} ({title}): aliases must be strings")
        yield TitleEntry(title, identifier, tuple(aliases))


# -- reading titles from files ---------------------------------------------------


def _served_files(root: Path) -> Iterator[Path]:
    # both forms a legislation folder holds (`lawgraph.legislation.corpus` reads both)
    for path in sorted([*root.rglob("*.xml.gz"), *root.rglob("*.xml")]):
        if not _SKIPPED_DIRS.intersection(path.relative_to(root).parts[:-1]):
            yield path


def _feed_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.feed")):
        if not {"suspect", "schema"}.intersection(path.relative_to(root).parts[:-1]):
            yield path


def _feed_titles(path: Path) -> list[tuple[str, str]]:
    """The ``(title, identifier)`` of each entry of an Atom feed that names a document."""
    # imported here: feeds build on the parser, which titles need only for feeds
    from lawgraph.legislation.feeds import read_feed

    out = []
    for entry in read_feed(path).entries:
        try:
            ident = LegislationId.parse(entry.id)
        except IdentifierError:
            continue  # a search or changes feed's own address
        if entry.title and ident.is_document:
            out.append((clean_title(entry.title), str(ident)))
    return out


def read_titles(path: Path | str) -> list[tuple[str, str]]:
    """A legislation file's ``(title, identifier)`` pairs, reading only its metadata.

    The file's own title and document come first (none for a file without
    ``dc:title``, or an Atom feed); then the title and document of each piece of
    legislation its recorded changes are made by (``ukm:AffectingTitle``), once each.
    The file is read as `read_title` reads one (regular files only, no DTD or entity,
    no more than `lawgraph.legislation.reader.max_xml_bytes`).

    Raises:
        UnsafeXMLError, MalformedXMLError, NotCLMLError: as `read_title`.
    """
    return _scanned(Path(path), _scan_titles)


_T = TypeVar("_T")


def _scanned(path: Path, scan: Callable[[IO[bytes] | gzip.GzipFile, Path], _T]) -> _T:
    """Run `scan` over the file's XML stream (gunzipped if gzip), regular files only."""
    try:
        with open_regular(path) as raw:
            gzipped = raw.read(2) == _GZIP_MAGIC
            raw.seek(0)
            if not gzipped:
                return scan(raw, path)
            with gzip.GzipFile(fileobj=raw) as stream:
                return scan(stream, path)
    except (OSError, EOFError, zlib.error) as exc:
        raise MalformedXMLError(f"cannot read file: {exc}", path=path) from exc


def _scan_titles(stream: IO[bytes] | gzip.GzipFile, path: Path) -> list[tuple[str, str]]:
    """`_scan_metadata`, read on to the end of the metadata for the changes' titles."""
    cap = max_xml_bytes()
    head = stream.read(_HEAD)
    _check_head_prolog(stream, head, cap, path)
    parser = safe_pull_parser()
    document: str | None = None
    own: tuple[str, str] | None = None
    named: dict[tuple[str, str], None] = {}
    read = len(head)
    chunk = head
    try:
        while chunk:
            parser.feed(chunk)
            for event, element in parser.read_events():
                if not isinstance(element, etree._Element):
                    continue
                if document is None:
                    document = _root_identifier(element, path)
                    if not document:
                        return []
                elif event != "end":
                    continue
                elif element.tag == _TITLE_TAG and own is None:
                    title = clean_title("".join(str(t) for t in element.itertext()))
                    own = (title, document) if title else None
                elif element.tag == _EFFECT_TAG:
                    pair = _affecting(element)
                    if pair is not None:
                        named[pair] = None
                    element.clear()
                elif element.tag == _METADATA_TAG:
                    chunk = b""
                    break
            if not chunk:
                break
            if read > cap:
                raise MalformedXMLError(
                    f"no end of metadata in the first {cap:,} bytes (the most lawgraph reads)",
                    path=path,
                )
            chunk = stream.read(_HEAD)
            read += len(chunk)
    except UnsafeXMLError as exc:
        raise UnsafeXMLError(exc.reason, path=path) from None
    except etree.XMLSyntaxError as exc:
        raise MalformedXMLError(f"not well-formed XML: {exc.msg}", path=path) from exc
    if own is None:
        return []
    return [own, *(pair for pair in named if pair[1] != document)]


def _affecting(effect: etree._Element) -> tuple[str, str] | None:
    """The title and document of the legislation making a recorded change."""
    title_el = effect.find(_AFFECTING_TITLE_TAG)
    uri = effect.get("AffectingURI")
    if title_el is None or not uri:
        return None
    title = clean_title("".join(cast("Iterator[str]", title_el.itertext())))
    try:
        document = str(LegislationId.parse(uri).document)
    except IdentifierError:
        return None
    return (title, document) if title else None


def read_title(path: Path | str) -> tuple[str, str] | None:
    """A legislation file's ``(title, document identifier)``, reading only its metadata.

    Returns ``None`` for a file with no ``dc:title`` and for an Atom feed. The file is
    read as `lawgraph.legislation.reader.read_xml` reads one: regular files only, the
    prolog scanned in full, no DTD, entity or external reference resolved, and no more
    than `lawgraph.legislation.reader.max_xml_bytes` read.

    Raises:
        UnsafeXMLError: the file declares a DTD or entities.
        MalformedXMLError: the file cannot be read, is not a regular file, is damaged or
            is not well-formed.
        NotCLMLError: the root is not a legislation.gov.uk document with an identifier.
    """
    return _scanned(Path(path), _scan_metadata)


def _scan_metadata(stream: IO[bytes] | gzip.GzipFile, path: Path) -> tuple[str, str] | None:
    cap = max_xml_bytes()
    head = stream.read(_HEAD)
    _check_head_prolog(stream, head, cap, path)
    parser = safe_pull_parser()
    document: str | None = None
    read = len(head)
    chunk = head
    try:
        while chunk:
            parser.feed(chunk)
            for event, element in parser.read_events():
                if not isinstance(element, etree._Element):
                    continue
                if document is None:
                    document = _root_identifier(element, path)
                    if not document:
                        return None
                elif event == "end" and element.tag == _TITLE_TAG:
                    title = clean_title("".join(str(t) for t in element.itertext()))
                    return (title, document) if title else None
                elif event == "end" and element.tag == _METADATA_TAG:
                    return None
            if read > cap:
                raise MalformedXMLError(
                    f"no title in the first {cap:,} bytes (the most lawgraph reads)", path=path
                )
            chunk = stream.read(_HEAD)
            read += len(chunk)
        parser.close()
    except UnsafeXMLError as exc:
        raise UnsafeXMLError(exc.reason, path=path) from None
    except etree.XMLSyntaxError as exc:
        raise MalformedXMLError(f"not well-formed XML: {exc.msg}", path=path) from exc
    return None


def _check_head_prolog(
    stream: IO[bytes] | gzip.GzipFile, head: bytes, cap: int, path: Path
) -> None:
    """Scan the prolog; a real file's fits in the first chunk, a padded one is read on."""
    try:
        check_prolog(head, source=path)
        return
    except MalformedXMLError:
        if len(head) < _HEAD:
            raise
    # A prolog longer than the first chunk: only a hostile or broken file has one. Read
    # on (bounded) so the scan has no blind spot, then put the stream back.
    whole = head + stream.read(cap + 1 - len(head))
    if len(whole) > cap:
        raise MalformedXMLError(f"no root element in the first {cap:,} bytes", path=path)
    check_prolog(whole, source=path)
    stream.seek(len(head))


def _root_identifier(root: etree._Element, path: Path) -> str:
    """The root's document identifier; ``""`` for an Atom feed, which names none."""
    if root.tag == _FEED_TAG:
        return ""
    uri = root.get("IdURI") or root.get("DocumentURI")
    if root.tag != _LEGISLATION_TAG or not uri:
        raise NotCLMLError(
            f"root element {root.tag!r} is not a legislation.gov.uk <Legislation> "
            "with an IdURI or DocumentURI",
            path=path,
        )
    try:
        return str(LegislationId.parse(uri).document)
    except IdentifierError as exc:
        raise NotCLMLError(f"root identifier not understood: {exc}", path=path) from exc
