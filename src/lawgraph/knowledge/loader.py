"""Load the knowledge files into one frozen, cross-checked `Knowledge`.

Files read from the data folder (``data/``):

- ``holders.yaml`` (``holders:``, and optionally ``list_gaps:`` and ``not_holders:``),
- ``purposes.yaml`` (``purposes:``), ``categories.yaml`` (``categories:``),
- ``gateways/*.yaml`` (one statute each), ``bases/*.yaml`` (``conditions:``), if present.

Loading fails on the first problem, with a `KnowledgeError` naming the file, line, entry
id and reason. Beyond each model's own rules it checks *reference integrity*: every
holder, purpose, category and condition id referred to is defined; no id is defined
twice (in one file or across files); aliases are unambiguous; ``is_a`` has no cycles.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError

from lawgraph.files import read_limited
from lawgraph.knowledge.decision_tables import DecisionTables, load_decision_tables
from lawgraph.knowledge.errors import (
    CycleError,
    DataFileNotFoundError,
    DuplicateIdError,
    KnowledgeError,
    SchemaError,
    UnknownReferenceError,
)
from lawgraph.knowledge.models import (
    ANY,
    Condition,
    DataCategory,
    DutyHolder,
    Entry,
    Existence,
    Gateway,
    ListGap,
    NotAHolder,
    Purpose,
)
from lawgraph.knowledge.parsed import ParsedFiles
from lawgraph.knowledge.period import Period
from lawgraph.knowledge.vocabulary import Kind, normalise_name, resolve
from lawgraph.knowledge.yamlio import LineDict, load_yaml
from lawgraph.legislation.identifiers import LegislationId

__all__ = ["Knowledge", "Lifespan", "Source", "load_knowledge", "normalise_name"]

_M = TypeVar("_M", bound=BaseModel)

HOLDERS_FILE = "holders.yaml"
PURPOSES_FILE = "purposes.yaml"
CATEGORIES_FILE = "categories.yaml"
GATEWAYS_DIR = "gateways"
BASES_DIR = "bases"

# Top-level keys each kind of file may have (the list key first). A top-level `notes`
# lets a file carry caveats that apply to all its entries.
_HOLDER_KEYS = ("holders", "list_gaps", "not_holders", "notes")
_PURPOSE_KEYS = ("purposes", "notes")
_CATEGORY_KEYS = ("categories", "notes")
_GATEWAY_KEYS = ("document", "title", "extent_note", "gateways")
_BASES_KEYS = ("conditions", "document", "title", "notes")


@dataclass(frozen=True, slots=True)
class Source:
    """Where an entry is written.

    Attributes:
        path: the file.
        line: the line the entry's mapping starts on.
        citation_lines: the line of each of its ``citations``, in order.
        test_lines: the line of each of its ``tests`` (conditions only), in order.
    """

    path: Path
    line: int | None = None
    citation_lines: tuple[int, ...] = ()
    test_lines: tuple[int, ...] = ()

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else str(self.path)


@dataclass(frozen=True, slots=True)
class Lifespan:
    """When a holder exists in law, with the provision each end rests on.

    Attributes:
        start: the first day the holder exists in law, or None (not recorded).
        start_provision: the identifier of the provision `start` rests on.
        start_gateway: the gateway `start` was derived from, when it was derived.
        end: the last day the holder exists in law, or None (not abolished, or not recorded).
        end_provision, end_gateway: as for the start.
    """

    start: dt.date | None = None
    start_provision: str | None = None
    start_gateway: str | None = None
    end: dt.date | None = None
    end_provision: str | None = None
    end_gateway: str | None = None

    @property
    def period(self) -> Period:
        """The days the holder exists in law, as a `Period`."""
        return Period(self.start, self.end)

    def exists_on(self, day: dt.date) -> bool:
        """Whether the holder exists in law on `day`, as far as the data records."""
        return day in self.period


_ALWAYS = Lifespan()


_Memo = TypeVar("_Memo")


@dataclass(frozen=True)
class Knowledge:
    """Everything curated in ``data/``, loaded and cross-checked.

    Attributes:
        data_dir: the folder it was loaded from.
        holders, purposes, categories, conditions, gateways: entries by id, in file order.
        gateway_documents: for each gateway id, the Act or SI its file is about.
        list_gaps: statutory lists of holders that could not be read in full.
        not_holders: terms that look like holders but are not (``MASH``).
        sources: where each entry is written, by ``(kind, id)``; kinds are ``holder``,
            ``purpose``, ``category``, ``condition`` and ``gateway``.
        lifespans: when each holder with a recorded ``exists_from`` or ``exists_until``
            exists in law, with derived dates resolved (see `lifespan`).
    """

    data_dir: Path
    holders: Mapping[str, DutyHolder]
    purposes: Mapping[str, Purpose]
    categories: Mapping[str, DataCategory]
    conditions: Mapping[str, Condition]
    gateways: Mapping[str, Gateway]
    gateway_documents: Mapping[str, str]
    list_gaps: tuple[ListGap, ...]
    not_holders: tuple[NotAHolder, ...]
    sources: Mapping[tuple[str, str], Source]
    _names: Mapping[str, str] = field(repr=False)
    lifespans: Mapping[str, Lifespan] = field(default_factory=lambda: MappingProxyType({}))
    #: the decision tables of ``data/rules/`` (None when the folder is absent)
    rules: DecisionTables | None = None
    #: SHA-256 of every ``*.yaml`` file of the folder (names and bytes): which data an
    #: answer was made on, for an auditor reading an old decision record
    fingerprint: str = ""
    # answers to the lookups the reasoner repeats (which gateways a holder holds), kept
    # per knowledge object: the mappings above never change once loaded. Not an __init__
    # argument, so dataclasses.replace gives the changed copy a memo of its own.
    _memo: dict[tuple[object, ...], object] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def memoised(self, key: tuple[object, ...], make: Callable[[], _Memo]) -> _Memo:
        """`make()`, worked out once per `key` for this knowledge (a map asks the same
        question of each gateway for every data category: the answer cannot differ,
        since the entries never change once loaded). The caller's key must name
        everything `make` reads besides this knowledge."""
        try:
            return cast(_Memo, self._memo[key])
        except KeyError:
            if len(self._memo) > 100_000:  # bound the memory a long batch can take
                self._memo.clear()
            value = self._memo[key] = make()
            return value

    def entries(self) -> Iterator[tuple[str, Entry]]:
        """Every entry with its kind, holders first, then purposes, categories,
        conditions and gateways."""
        for kind, table in (
            ("holder", self.holders),
            ("purpose", self.purposes),
            ("category", self.categories),
            ("condition", self.conditions),
            ("gateway", self.gateways),
        ):
            for entry in table.values():
                yield kind, entry

    def source(self, kind: str, entry_id: str) -> Source:
        """Where the entry of this kind and id is written."""
        return self.sources[(kind, entry_id)]

    def holder(self, id_or_alias: str) -> DutyHolder:
        """The holder with this id, name or alias, in any case, spacing, hyphens or
        apostrophes (`lawgraph.knowledge.vocabulary.normalise_name`).

        Raises:
            UnknownHolderError: nothing matches; the message suggests the nearest holders
                by meaning and spelling (`lawgraph.knowledge.vocabulary.suggest`).
            NotAHolderError: the term names no organisation (``MASH``, ``early help``);
                the message says what it is.

        Examples:
            >>> from lawgraph.settings import data_dir
            >>> load_knowledge(data_dir()).holder("childrens social care").id
            'local-authority-childrens-services'
        """
        found = self.holders.get(id_or_alias)
        if found is not None:
            return found
        return self.holders[resolve(self, Kind.HOLDER, id_or_alias)]

    def purpose(self, id_or_title: str) -> Purpose:
        """The purpose with this id or title, compared as holder names are.

        Raises:
            UnknownPurposeError: nothing matches; the message suggests the nearest.

        Examples:
            >>> from lawgraph.settings import data_dir
            >>> load_knowledge(data_dir()).purpose("Early help").id
            'early-help'
        """
        return self.purposes[resolve(self, Kind.PURPOSE, id_or_title)]

    def category(self, id_or_title: str) -> DataCategory:
        """The data category with this id or title, compared as holder names are.

        Raises:
            UnknownCategoryError: nothing matches; the message suggests the nearest.

        Examples:
            >>> from lawgraph.settings import data_dir
            >>> load_knowledge(data_dir()).category("health data").id
            'health-data'
        """
        return self.categories[resolve(self, Kind.CATEGORY, id_or_title)]

    def lifespan(self, holder_id: str) -> Lifespan:
        """When the holder with this id exists in law (unbounded when nothing is recorded).

        Examples:
            >>> from lawgraph.settings import data_dir
            >>> load_knowledge(data_dir()).lifespan("integrated-care-board").start
            datetime.date(2022, 7, 1)
        """
        return self.lifespans.get(holder_id, _ALWAYS)

    def ancestors(self, holder_id: str) -> list[str]:
        """Every holder `holder_id` is a kind of, through ``is_a``, nearest first.

        Examples:
            >>> from lawgraph.settings import data_dir
            >>> load_knowledge(data_dir()).ancestors("free-school")
            ['academy', 'school', 'academy-proprietor', 'education-provider']
        """
        start = self.holder(holder_id).id
        out: list[str] = []
        queue = list(self.holders[start].is_a)
        while queue:
            current = queue.pop(0)
            if current in out or current == start:
                continue
            out.append(current)
            queue.extend(self.holders[current].is_a)
        return out

    def purpose_ancestors(self, purpose_id: str) -> list[str]:
        """Every purpose `purpose_id` is a kind of, through ``is_a``, nearest first.

        Examples:
            >>> from lawgraph.settings import data_dir
            >>> load_knowledge(data_dir()).purpose_ancestors("radicalisation-prevention")
            ['safeguarding']
        """
        out: list[str] = []
        queue = list(self.purposes[purpose_id].is_a)
        while queue:
            current = queue.pop(0)
            if current in out or current == purpose_id:
                continue
            out.append(current)
            queue.extend(self.purposes[current].is_a)
        return out

    def descendants(self, holder_id: str) -> list[str]:
        """Every holder that is (directly or through others) a kind of `holder_id`."""
        target = self.holder(holder_id).id
        return [h for h in self.holders if h != target and target in self.ancestors(h)]

    def gateways_held_by(self, holder: str, *, include_any: bool = True) -> list[Gateway]:
        """Gateways whose holders include `holder` (id or alias) or any of its ancestors.

        Args:
            holder: a holder id or alias.
            include_any: also return gateways held by ``any`` person.
        """
        h = self.holder(holder)

        def held() -> list[Gateway]:
            targets = {h.id, *self.ancestors(h.id)}
            return [
                g
                for g in self.gateways.values()
                if targets.intersection(g.holders) or (include_any and ANY in g.holders)
            ]

        return list(self.memoised(("held", h.id, include_any), held))

    def gateways_received_by(self, holder: str, *, include_any: bool = True) -> list[Gateway]:
        """Gateways whose recipients include `holder` or any of its ancestors."""
        h = self.holder(holder)
        targets = {h.id, *self.ancestors(h.id)}
        return [
            g
            for g in self.gateways.values()
            if targets.intersection(g.recipients) or (include_any and ANY in g.recipients)
        ]


# -- loading ----------------------------------------------------------------------------


@dataclass
class _Table:
    """Entries of one kind while loading: by id, with where each was written."""

    kind: str
    entries: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, LineDict] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def add(self, entry: Any, raw: LineDict, path: Path) -> None:
        entry_id: str = entry.id
        if entry_id in self.entries:
            first = self.sources[entry_id]
            raise DuplicateIdError(
                f"id defined twice: first at {first}",
                path=path,
                line=raw.line,
                entry=entry_id,
                kind=self.kind,
            )
        self.entries[entry_id] = entry
        self.raw[entry_id] = raw
        self.sources[entry_id] = Source(
            path, raw.line, _item_lines(raw, "citations"), _item_lines(raw, "tests")
        )

    def fail(
        self, entry_id: str, key: str, reason: str, error: type[KnowledgeError]
    ) -> KnowledgeError:
        src = self.sources[entry_id]
        line = self.raw[entry_id].line_of(key)
        return error(reason, path=src.path, line=line, entry=entry_id, kind=self.kind)


def load_knowledge(data_dir: Path | str, *, use_cache: bool = True) -> Knowledge:
    """Load and cross-check every knowledge file under `data_dir`.

    With `use_cache`, each file's parse tree is read from the cache folder when one was
    stored for its exact bytes (`lawgraph.knowledge.parsed`), so a warm load runs no YAML
    parser; every check below runs on it all the same.

    Raises:
        DataFileNotFoundError: the folder, or holders/purposes/categories.yaml, is missing.
        YAMLSyntaxError, DuplicateKeyError: a file is not strict, well-formed YAML.
        SchemaError: an entry or file does not fit its model.
        DuplicateIdError: an id is defined twice.
        UnknownReferenceError: an id is referred to but not defined.
        CycleError: an ``is_a`` chain loops.
    """
    root = Path(data_dir)
    if not root.is_dir():
        raise DataFileNotFoundError(f"no knowledge data folder at {root}", path=root)

    holders = _Table("holder")
    purposes = _Table("purpose")
    categories = _Table("category")
    conditions = _Table("condition")
    gateways = _Table("gateway")
    gateway_documents: dict[str, str] = {}
    parsed = ParsedFiles(root) if use_cache else None

    doc = _read_top(_required(root / HOLDERS_FILE), _HOLDER_KEYS, parsed)
    path = root / HOLDERS_FILE
    for raw, holder in _entries(doc, "holders", DutyHolder, path, "holder", required=True):
        holders.add(holder, raw, path)
    list_gaps = [g for _, g in _entries(doc, "list_gaps", ListGap, path, "list gap")]
    not_holders = [n for _, n in _entries(doc, "not_holders", NotAHolder, path, "not-holder")]

    path = root / PURPOSES_FILE
    doc = _read_top(_required(path), _PURPOSE_KEYS, parsed)
    for raw, purpose in _entries(doc, "purposes", Purpose, path, "purpose", required=True):
        purposes.add(purpose, raw, path)

    path = root / CATEGORIES_FILE
    doc = _read_top(_required(path), _CATEGORY_KEYS, parsed)
    for raw, cat in _entries(doc, "categories", DataCategory, path, "category", required=True):
        categories.add(cat, raw, path)

    for path in sorted((root / BASES_DIR).glob("*.yaml")):
        doc = _read_top(path, _BASES_KEYS, parsed)
        _check_document_key(doc, path)
        for raw, cond in _entries(doc, "conditions", Condition, path, "condition", required=True):
            conditions.add(cond, raw, path)

    for path in sorted((root / GATEWAYS_DIR).glob("*.yaml")):
        doc = _read_top(path, _GATEWAY_KEYS, parsed)
        for key in ("document", "title"):
            if key not in doc:
                raise SchemaError(f"missing top-level key {key!r}", path=path, line=doc.line)
        document = _check_document_key(doc, path)
        for raw, gw in _entries(doc, "gateways", Gateway, path, "gateway", required=True):
            gateways.add(gw, raw, path)
            gateway_documents[gw.id] = document or ""

    _check_references(
        holders, purposes, categories, conditions, gateways, list_gaps, root / HOLDERS_FILE
    )
    lifespans = _lifespans(holders, gateways)
    names = _name_index(holders, not_holders, root / HOLDERS_FILE)
    _check_acyclic(holders)
    _check_acyclic(categories)
    _check_acyclic(purposes)

    sources: dict[tuple[str, str], Source] = {}
    for table in (holders, purposes, categories, conditions, gateways):
        for entry_id, src in table.sources.items():
            sources[(table.kind, entry_id)] = src
    rules = load_decision_tables(
        root,
        conditions=conditions.entries,
        gateways=gateways.entries,
        purposes=purposes.entries,
        holders=holders.entries,
        categories=categories.entries,
        parsed=parsed,
    )
    if parsed is not None:
        parsed.save()
    return Knowledge(
        data_dir=root,
        holders=MappingProxyType(holders.entries),
        purposes=MappingProxyType(purposes.entries),
        categories=MappingProxyType(categories.entries),
        conditions=MappingProxyType(conditions.entries),
        gateways=MappingProxyType(gateways.entries),
        gateway_documents=MappingProxyType(gateway_documents),
        list_gaps=tuple(list_gaps),
        not_holders=tuple(not_holders),
        sources=MappingProxyType(sources),
        _names=MappingProxyType(names),
        lifespans=MappingProxyType(lifespans),
        rules=rules,
        fingerprint=data_fingerprint(root),
    )


def data_fingerprint(root: Path | str) -> str:
    """The SHA-256 hex digest of every ``*.yaml`` file under `root`, names and bytes.

    The files have already been read (and checked regular and bounded) by the loader;
    this reads them again only to hash them, in a fixed order, so the same data always
    gives the same fingerprint whatever machine or folder it is on.
    """
    folder = Path(root)
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.yaml")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(read_limited(path) + b"\0")
    return digest.hexdigest()


def _item_lines(raw: LineDict, key: str) -> tuple[int, ...]:
    """The line each mapping in the list under `key` starts on."""
    items = raw.get(key)
    if not isinstance(items, list):
        return ()
    return tuple(i.line if isinstance(i, LineDict) else raw.line_of(key) for i in items)


def _required(path: Path) -> Path:
    if not os.path.lexists(path):
        raise DataFileNotFoundError(f"required knowledge file {path.name} is missing", path=path)
    # anything else under the name (a folder, a FIFO, a symlink loop) is refused by
    # load_yaml with what it is, rather than reported as missing
    return path


def _read_top(path: Path, allowed: Sequence[str], parsed: ParsedFiles | None) -> LineDict:
    doc = load_yaml(path, parsed=parsed)
    if doc is None:
        doc = LineDict(line=1)
    if not isinstance(doc, LineDict):
        raise SchemaError(
            f"the file must be a mapping with the keys {', '.join(allowed)}", path=path, line=1
        )
    for key in doc:
        if key not in allowed:
            raise SchemaError(
                f"unknown top-level key {key!r}; allowed: {', '.join(allowed)}",
                path=path,
                line=doc.line_of(key),
            )
    return doc


def _check_document_key(doc: LineDict, path: Path) -> str | None:
    value = doc.get("document")
    if value is None:
        return None
    try:
        ident = LegislationId.parse(str(value))
    except ValueError as exc:
        raise SchemaError(f"document: {exc}", path=path, line=doc.line_of("document")) from None
    if not ident.is_document or str(ident) != value:
        raise SchemaError(
            f"document {value!r} must be the canonical identifier of a whole Act or SI "
            f"(e.g. {str(ident.document)!r})",
            path=path,
            line=doc.line_of("document"),
        )
    return str(value)


def _entries(
    doc: LineDict,
    key: str,
    model: type[_M],
    path: Path,
    kind: str,
    *,
    required: bool = False,
) -> Iterator[tuple[LineDict, _M]]:
    if key not in doc:
        if required:
            raise SchemaError(f"missing top-level key {key!r}", path=path, line=doc.line)
        return
    items = doc[key]
    if items is None:
        return
    if not isinstance(items, list):
        raise SchemaError(f"{key!r} must be a list of entries", path=path, line=doc.line_of(key))
    for index, raw in enumerate(items):
        if not isinstance(raw, LineDict):
            raise SchemaError(
                f"entry #{index + 1} of {key!r} must be a mapping, not {type(raw).__name__}",
                path=path,
                line=doc.line_of(key),
            )
        label = raw.get("id") if isinstance(raw.get("id"), str) else None
        if label is None and isinstance(raw.get("term"), str):
            label = raw["term"]
        try:
            yield raw, model.model_validate(raw)
        except ValidationError as exc:
            line, reason = _explain(exc, raw)
            raise SchemaError(
                reason, path=path, line=line, entry=label or f"#{index + 1}", kind=kind
            ) from None


def _explain(exc: ValidationError, raw: LineDict) -> tuple[int, str]:
    """The line of the first error and a readable reason for all of them."""
    reasons: list[str] = []
    first_line: int | None = None
    for err in exc.errors():
        loc = tuple(err["loc"])
        line = _line_for(raw, loc)
        if first_line is None:
            first_line = line
        where = ".".join(str(p) for p in loc)
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            reasons.append(f"unknown field {where!r}")
        elif err["type"] == "missing":
            reasons.append(f"missing field {where!r}")
        elif where:
            reasons.append(f"{where}: {msg}")
        else:
            reasons.append(msg)
    return first_line or raw.line, "; ".join(reasons)


def _line_for(raw: LineDict, loc: tuple[Any, ...]) -> int:
    """The line of the deepest key in `loc` that the raw data has."""
    node: Any = raw
    line = raw.line
    for part in loc:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line = node.line_of(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            if isinstance(node, LineDict):
                line = node.line
        else:
            break
    return line


def _suggest(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    return f"; did you mean: {', '.join(close)}?" if close else ""


def _check_references(
    holders: _Table,
    purposes: _Table,
    categories: _Table,
    conditions: _Table,
    gateways: _Table,
    list_gaps: Sequence[ListGap],
    holders_path: Path,
) -> None:
    def check(
        table: _Table,
        field_name: str,
        target: _Table,
        values: Callable[[Any], Sequence[str]],
        allow_any: bool = False,
    ) -> None:
        for entry_id, entry in table.entries.items():
            for ref in values(entry):
                if ref in target.entries or (allow_any and ref == ANY):
                    continue
                raise table.fail(
                    entry_id,
                    field_name,
                    f"{field_name} names {ref!r}, which is not a defined {target.kind} id"
                    + _suggest(ref, list(target.entries)),
                    UnknownReferenceError,
                )

    check(holders, "is_a", holders, lambda h: h.is_a)
    check(categories, "is_a", categories, lambda c: c.is_a)
    check(conditions, "requires", conditions, lambda c: c.requires)
    check(gateways, "holders", holders, lambda g: g.holders, allow_any=True)
    check(gateways, "recipients", holders, lambda g: g.recipients, allow_any=True)
    check(gateways, "purposes", purposes, lambda g: g.purposes)
    check(gateways, "use_limit.purposes", purposes, _limited_purposes)
    check(purposes, "within", conditions, lambda p: p.within)
    check(purposes, "may_be_within", conditions, lambda p: p.may_be_within)
    check(purposes, "is_a", purposes, lambda p: p.is_a)
    check(purposes, "served_through", gateways, lambda p: [c.gateway for c in p.served_through])
    for purpose_id, purpose in purposes.entries.items():
        for cover in purpose.served_through:
            gw = gateways.entries[cover.gateway]
            if cover.through not in gw.purposes:
                raise purposes.fail(
                    purpose_id,
                    "served_through",
                    f"served_through {cover.gateway!r}: the gateway does not list purpose "
                    f"{cover.through!r} (its purposes: {', '.join(gw.purposes)})",
                    SchemaError,
                )
            own = {_section_of(c.id) for c in gw.citations}
            for cited in cover.citations:
                if _section_of(cited) not in own:
                    raise purposes.fail(
                        purpose_id,
                        "served_through",
                        f"served_through {cover.gateway!r}: {cited} is not in a section (or "
                        "paragraph) the gateway itself cites, so its words are not the "
                        "gateway's provision",
                        SchemaError,
                    )
    for gap in list_gaps:
        for ref in gap.holders_known:
            if ref not in holders.entries:
                raise UnknownReferenceError(
                    f"holders_known names {ref!r}, which is not a defined holder id"
                    + _suggest(ref, list(holders.entries)),
                    path=holders_path,
                    entry=gap.id,
                    kind="list gap",
                )


_UNITS = frozenset({"section", "regulation", "article", "paragraph", "rule"})


def _section_of(identifier: str) -> str:
    """The section, regulation, article or (schedule) paragraph an identifier is in."""
    parts = identifier.split("/")
    for i, part in enumerate(parts):
        if part in _UNITS and i + 1 < len(parts):
            return "/".join(parts[: i + 2])
    return identifier


def _lifespans(holders: _Table, gateways: _Table) -> dict[str, Lifespan]:
    """Resolve each holder's ``exists_from``/``exists_until``, deriving dates from gateways."""

    def end_of(holder_id: str, key: str, ex: Existence) -> tuple[dt.date, str, str | None]:
        if ex.gateway is None:
            assert ex.date is not None and ex.citation is not None  # the model guarantees it
            return dt.date.fromisoformat(ex.date), ex.citation, None
        gw: Gateway | None = gateways.entries.get(ex.gateway)
        if gw is None:
            raise holders.fail(
                holder_id,
                key,
                f"{key}.gateway names {ex.gateway!r}, which is not a defined gateway id"
                + _suggest(ex.gateway, list(gateways.entries)),
                UnknownReferenceError,
            )
        field_name = "in_force_from" if key == "exists_from" else "in_force_to"
        derived: str | None = getattr(gw, field_name)
        if derived is None or not gw.citations:
            raise holders.fail(
                holder_id,
                key,
                f"{key} is derived from gateway {gw.id!r}, which records no {field_name}"
                + ("" if gw.citations else " and no citation")
                + ": give the date and its citation here instead",
                SchemaError,
            )
        return dt.date.fromisoformat(derived), gw.citations[0].id, gw.id

    out: dict[str, Lifespan] = {}
    for holder_id, holder in holders.entries.items():
        start = end = None
        if holder.exists_from is not None:
            start = end_of(holder_id, "exists_from", holder.exists_from)
        if holder.exists_until is not None:
            end = end_of(holder_id, "exists_until", holder.exists_until)
        if start is None and end is None:
            continue
        if start is not None and end is not None and start[0] > end[0]:
            raise holders.fail(
                holder_id,
                "exists_until",
                f"exists_from {start[0]} is after exists_until {end[0]}",
                SchemaError,
            )
        out[holder_id] = Lifespan(
            *(start if start is not None else (None, None, None)),
            *(end if end is not None else (None, None, None)),
        )
    return out


def _name_index(holders: _Table, not_holders: Sequence[NotAHolder], path: Path) -> dict[str, str]:
    """Normalised name, alias and id -> holder id; two holders sharing a name or alias
    is an error. An id read as words (``special health authority``) may be another
    holder's name; the name wins, and the id itself still matches exactly."""
    names: dict[str, str] = {}
    for holder_id, holder in holders.entries.items():
        for alias in (holder.name, *holder.aliases):
            key = normalise_name(alias)
            owner = names.setdefault(key, holder_id)
            if owner != holder_id:
                raise holders.fail(
                    holder_id,
                    "aliases",
                    f"name or alias {alias!r} is already used by holder {owner!r}; "
                    "a name must lead to one holder",
                    SchemaError,
                )
    for holder_id in holders.entries:
        names.setdefault(normalise_name(holder_id), holder_id)
    for nh in not_holders:
        for term in (nh.term, *nh.aliases):
            clash = names.get(normalise_name(term))
            if clash is not None:
                raise SchemaError(
                    f"{term!r} is listed as not a holder but is a name of holder {clash!r}",
                    path=path,
                    entry=nh.term,
                    kind="not-holder",
                )
    return names


def _check_acyclic(table: _Table) -> None:
    """Depth-first search for an ``is_a`` loop; report it from its first member."""
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        if node in done:
            return
        if node in trail:
            loop = [*trail[trail.index(node) :], node]
            raise table.fail(
                loop[0],
                "is_a",
                f"is_a cycle: {' -> '.join(loop)}",
                CycleError,
            )
        trail.append(node)
        for parent in table.entries[node].is_a:
            visit(parent, trail)
        trail.pop()
        done.add(node)

    for entry_id in table.entries:
        visit(entry_id, [])


def _limited_purposes(gateway: Any) -> Sequence[str]:
    return gateway.use_limit.purposes if gateway.use_limit is not None else ()
