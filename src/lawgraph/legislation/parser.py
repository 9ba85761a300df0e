"""CLML (legislation.gov.uk XML) to `Document`: a pure function of the element tree.

Guarantees of `parse_document`:

1. Every word of the document's content (``Primary``, ``Secondary`` or ``EURetained``)
   lands in exactly one place in the model: a provision's number, heading, group heading
   or text. `Document.full_text` reproduces them all; the corpus test proves it on every
   served file we hold.
2. Text quoted from other legislation (``BlockAmendment``, ``BlockExtract``) stays text
   of the provision that quotes it; it never becomes a provision of this document.
3. Extent, status and ``Match`` are inherited from the nearest enclosing element that
   states them (legislation.gov.uk puts them on ``P1group``, ``Part`` and so on). The
   in-force window is taken whole from the nearest element stating either date, never a
   start from one level and an end from another, so it never ends before it starts;
   where the levels' dates cannot be reconciled, `Provision.date_conflict` says so.
4. Elements lawgraph does not model are listed in `Document.unknown_elements`; their
   text is kept.
5. Anything that is not CLML raises `NotCLMLError`; nothing here does I/O.
6. The XML's own line breaks are white space: a line break in a provision's text is
   always a boundary between blocks or sub-provisions.

This module is the reference. Where the compiled ``_cparser`` module is built, it does
the same walk of the tree in C and must give equal documents (`accelerated`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast

from lxml import etree

from lawgraph.errors import NotCLMLError
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.models import (
    AmendmentMark,
    Commentary,
    ContentsEntry,
    CrossReference,
    Document,
    DocumentCategory,
    Extent,
    Provision,
    ProvisionKind,
    ProvisionStatus,
    UnappliedEffect,
    render_sequence,
)
from lawgraph.legislation.namespaces import DC, DCT, LEG, MATHML, UKM, XHTML
from lawgraph.legislation.reader import read_xml

__all__ = ["KNOWN_ELEMENTS", "accelerated", "parse_document", "parse_file"]

#: Set (to anything) to read with this module alone, without the compiled C reader.
PURE_PYTHON_ENV = "LAWGRAPH_PURE_PYTHON"
_L = f"{{{LEG}}}"
_U = f"{{{UKM}}}"
_ID_PREFIX = re.compile(r"^https?://www\.legislation\.gov\.uk/(?:id/)?")
_WS = re.compile(r"\s+")
# While a block's words are gathered, a block boundary is marked with _BREAK, never with
# "\n": the XML's own line breaks are only white space inside a sentence, and "\n" in
# the model separates blocks and sub-provisions. A number in quoted text is followed by
# _GLUE, which keeps it on one line with the words after it. Neither character can occur
# in XML 1.0 text, so neither can be confused with the document's words.
_BREAK = "\x00"
_GLUE = "\x01"
_GLUED = re.compile("\x01[\\s\x00]*")

# Elements that become provisions of their own.
_NUMBERED = {"P1", "P2", "P3", "P4", "P5", "P6", "P7"}
_DIVISIONS = {
    "Part": ProvisionKind.PART,
    "Chapter": ProvisionKind.CHAPTER,
    "Pblock": ProvisionKind.CROSSHEADING,
    "PsubBlock": ProvisionKind.CROSSHEADING,
    "Schedule": ProvisionKind.SCHEDULE,
    "Schedules": ProvisionKind.SCHEDULES,
    "Division": ProvisionKind.DIVISION,
    "EUPart": ProvisionKind.PART,
    "EUTitle": ProvisionKind.TITLE,
    "EUChapter": ProvisionKind.CHAPTER,
    "EUSection": ProvisionKind.DIVISION,
    "EUSubsection": ProvisionKind.DIVISION,
    "Appendix": ProvisionKind.APPENDIX,
    "PrimaryPrelims": ProvisionKind.INTRODUCTION,
    "SecondaryPrelims": ProvisionKind.INTRODUCTION,
    "EUPrelims": ProvisionKind.INTRODUCTION,
    "SignedSection": ProvisionKind.SIGNATURE,
    "ExplanatoryNotes": ProvisionKind.EXPLANATORY_NOTE,
    "EarlierOrders": ProvisionKind.EXPLANATORY_NOTE,
}
_GROUPS = {"P1group", "P2group", "P3group"}
# Containers whose children are read as if they were the parent's own.
_TRANSPARENT = {
    "Body",
    "EUBody",
    "ScheduleBody",
    "AppendixBody",
    "P1para",
    "P2para",
    "P3para",
    "P4para",
    "P5para",
    "P6para",
    "P7para",
}
# Elements that are usually text but sometimes wrap numbered paragraphs.
_HOLDERS = {"P", "Para"}
_HEADING = {"Title", "TitleBlock"}
_NUMBER = {"Number", "Pnumber"}
# Elements whose content is quoted from elsewhere: never structure of this document.
_QUOTED = {"BlockAmendment", "BlockExtract", "Versions"}
_AMENDMENTS = {"Addition": "addition", "Substitution": "substitution", "Repeal": "repeal"}
# Block-level elements: each starts a new line of text.
_BLOCKS: set[str] = {
    "Text",
    "Para",
    "P",
    "ListItem",
    "BlockText",
    "BlockAmendment",
    "BlockExtract",
    "Tabular",
    "TableText",
    "Figure",
    "Formula",
    "Where",
    "Reference",
    "Signatory",
    "Signee",
    "IntroductoryText",
    "EnactingText",
    "LongTitle",
    "DateOfEnactment",
    "Title",
    "Subtitle",
    "MultilineTitle",
    "KeyListItem",
    "Footnote",
    "FootnoteText",
    "Commentary",
    "DateText",
    "Address",
    "AddressLine",
    "PersonName",
    "JobTitle",
    "Department",
    "LSseal",
    "RoyalPresence",
    "Division",
}
# Inside quoted text (an amendment that inserts whole sections) the quoted structure is
# not ours to model, but each quoted provision still starts a new line.
_BLOCKS |= _NUMBERED | set(_DIVISIONS) | _GROUPS | _TRANSPARENT
# Numbers are followed by a space so "265" and "(1)" never run together.
_SPACED = {"Pnumber", "Number"}
_CELL = {"td", "th", "tr", "caption"}
#: Element names of the legislation namespace that lawgraph reads knowingly (structure,
#: blocks or inline text). Any other element in a document is reported.
KNOWN_ELEMENTS: frozenset[str] = frozenset(
    _NUMBERED
    | set(_DIVISIONS)
    | _GROUPS
    | _TRANSPARENT
    | _HEADING
    | _NUMBER
    | _QUOTED
    | set(_AMENDMENTS)
    | _BLOCKS
    | {
        "Legislation",
        "Metadata",
        "Primary",
        "Secondary",
        "EURetained",
        "Contents",
        "Commentaries",
        "Footnotes",
        "MarginNotes",
        "MarginNote",
        "Resources",
        "Resource",
        "ExternalVersion",
        "InternalVersion",
        "Version",
        "Emphasis",
        "Strong",
        "Underline",
        "SmallCaps",
        "Uppercase",
        "Superior",
        "Inferior",
        "Term",
        "Definition",
        "Abbreviation",
        "Acronym",
        "Citation",
        "CitationSubRef",
        "CitationListRef",
        "CommentaryRef",
        "FootnoteRef",
        "MarginNoteRef",
        "InternalLink",
        "ExternalLink",
        "Character",
        "Span",
        "Image",
        "IncludedDocument",
        "OrderedList",
        "UnorderedList",
        "KeyList",
        "Key",
        "AppendText",
        "InlineAmendment",
        "Signature",
        "DateSigned",
        "SignedSection",
        "EUPreamble",
        "PrimaryPreamble",
        "SecondaryPreamble",
        "Proviso",
        "Approved",
        "Laid",
        "Made",
        "ComingIntoForce",
        "DateTime",
        "Correction",
        "Sifted",
        "SiftedDate",
        "LaidDate",
        "MadeDate",
        "ComingIntoForceDates",
        "Form",
        "Group",
        "GroupItem",
        "GroupItemRef",
        "DecoratedGroup",
        "Comment",
        "XMLcontent",
        "FragmentTitle",
        "ContentsTitle",
        "ContentsNumber",
        "ContentsItem",
        "ContentsPart",
        "ContentsChapter",
        "ContentsPblock",
        "ContentsPsubBlock",
        "ContentsSchedules",
        "ContentsSchedule",
        "ContentsDivision",
        "ContentsEUPart",
        "ContentsEUTitle",
        "ContentsEUChapter",
        "ContentsEUSection",
        "ContentsEUSubsection",
        "ContentsAppendix",
        "ContentsGroup",
        "ContentsAttachments",
        "ContentsAttachment",
        "ContentsIntroduction",
        "ContentsSignedSection",
        "ContentsExplanatoryNotes",
        "ContentsEarlierOrders",
        "Footnote",
        "FootnoteText",
        "Commentary",
        "Attachments",
        "Attachment",
        "PsubBlock",
        "Note",
        "ExplanatoryNote",
        "Subject",
        "SubjectInformation",
        "EnactingTextOmitted",
    }
)
_KNOWN_NAMESPACES = {MATHML, XHTML}
_CATEGORY = {
    "primary": DocumentCategory.PRIMARY,
    "secondary": DocumentCategory.SECONDARY,
    "euretained": DocumentCategory.EU_RETAINED,
    "draft": DocumentCategory.DRAFT,
}
_CONTENT_ROOTS = ("Primary", "Secondary", "EURetained")
_UNIT_WORDS = {
    "section": ProvisionKind.SECTION,
    "regulation": ProvisionKind.REGULATION,
    "article": ProvisionKind.ARTICLE,
    "rule": ProvisionKind.RULE,
    "paragraph": ProvisionKind.PARAGRAPH,
    "annex": ProvisionKind.ANNEX,
}


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _all_text(el: etree._Element) -> str:
    if not len(el):
        return el.text or ""
    # lxml's stubs type itertext() loosely; on a parsed tree it only yields str
    return "".join(cast(Iterable[str], el.itertext()))


def _line(el: etree._Element) -> int | None:
    line = el.sourceline
    return line if isinstance(line, int) else None


def _clean(text: str) -> str:
    return " ".join(text.split())


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


_MISSING = object()
_ID_URI = "http://www.legislation.gov.uk/id/"
_ID_URI_LEN = len(_ID_URI)


# uri -> canonical identifier: citations repeat the same few targets many times
_CANONICAL_CACHE: dict[str, str | None] = {}


def _canonical(uri: str | None) -> str | None:
    if not uri:
        return None
    hit = _CANONICAL_CACHE.get(uri, _MISSING)
    if hit is not _MISSING:
        return cast("str | None", hit)
    result: str | None
    # IdURIs carry no version or format: the common case needs no full parse
    if uri.startswith(_ID_URI) and "/data." not in uri:
        result = uri[_ID_URI_LEN:]
    else:
        try:
            result = str(LegislationId.parse(uri))
        except ValueError:
            result = None
    if len(_CANONICAL_CACHE) >= 65536:
        _CANONICAL_CACHE.clear()
    _CANONICAL_CACHE[uri] = result
    return result


@dataclass(slots=True)
class _Inherited:
    """What an element inherits: extent, in-force window, status and ``Match``.

    The window (`start`, `end`) is taken whole from one element: the nearest, itself
    included, that states either date. Taking each date from a different level can give
    a window that ends before it starts (a heading's start with a paragraph's end). The
    dates as each level states them are kept too (`stated_start`, `stated_end`), so that
    where they cannot be reconciled `conflict` says so.
    """

    extent: Extent | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    status: ProvisionStatus = ProvisionStatus.CURRENT
    matches: bool = True
    stated_start: dt.date | None = None
    stated_end: dt.date | None = None
    conflict: str | None = None

    def apply(self, el: etree._Element) -> _Inherited:
        """The values in force inside `el`, given its restricting attributes."""
        if _INHERITED_ATTRS.isdisjoint(el.keys()):
            # most elements state none of these (containers carry no attributes at all)
            return self
        get = el.get
        return self.restricted(
            get("RestrictExtent"),
            get("RestrictStartDate"),
            get("RestrictEndDate"),
            get("Status"),
            get("Match"),
        )

    def restricted(
        self,
        extent_attr: str | None,
        start_attr: str | None,
        end_attr: str | None,
        status_attr: str | None,
        match_attr: str | None,
    ) -> _Inherited:
        """What an element's attribute values (None when absent) make of these values."""
        if not (extent_attr or start_attr or end_attr or status_attr or match_attr):
            return self
        out = _Inherited(
            self.extent,
            self.start,
            self.end,
            self.status,
            self.matches,
            self.stated_start,
            self.stated_end,
            self.conflict,
        )
        if extent_attr:
            # served files carry odd extents ("S+A+M+E+..."): an unreadable one is left unset
            with contextlib.suppress(ValueError):
                out.extent = _extent(extent_attr)
        if start_attr or end_attr:
            out._window(_date(start_attr), _date(end_attr), bool(start_attr), bool(end_attr))
        if status_attr:
            low = status_attr.lower()
            if low in _STATUSES:
                out.status = _STATUSES[low]
        if match_attr:
            out.matches = match_attr != "false"
        return out

    def _window(
        self, start: dt.date | None, end: dt.date | None, has_start: bool, has_end: bool
    ) -> None:
        """Take the window an element states (one date or both), where it is coherent."""
        if has_start:
            self.stated_start = start
        if has_end:
            self.stated_end = end
        if start is not None and end is not None and end <= start:
            # the element's own dates leave no time in force: its version's stand
            self.conflict = (
                f"the XML dates this text from {start.isoformat()} to {end.isoformat()}, "
                "which leaves no time in force; the enclosing text's dates are used"
            )
            return
        self.start, self.end = start, end
        stated_start, stated_end = self.stated_start, self.stated_end
        if stated_start is not None and stated_end is not None and stated_end <= stated_start:
            self.conflict = (
                f"the XML dates this text from {stated_start.isoformat()} to "
                f"{stated_end.isoformat()} (one date stated on it, the other on the text "
                "enclosing it), which leaves no time in force; only the dates stated on "
                "it are used"
            )
        else:
            self.conflict = None


_CONTENTS_NUMBER = f"{_L}ContentsNumber"
_CONTENTS_TITLE = f"{_L}ContentsTitle"
_INHERITED_ATTRS = frozenset(
    ("RestrictExtent", "RestrictStartDate", "RestrictEndDate", "Status", "Match")
)
_STATUSES = {"prospective": ProvisionStatus.PROSPECTIVE, "repealed": ProvisionStatus.REPEALED}


def _status(attr: str | None) -> ProvisionStatus:
    """The status a ``Status`` attribute states: what `_Inherited.apply` makes of it."""
    if attr:
        return _STATUSES.get(attr.lower(), ProvisionStatus.CURRENT)
    return ProvisionStatus.CURRENT


_EXTENT_CACHE: dict[str, Extent] = {}


def _extent(text: str) -> Extent:
    hit = _EXTENT_CACHE.get(text)
    if hit is None:
        hit = _EXTENT_CACHE[text] = Extent.parse(text)
    return hit


class _Collected:
    """Amendment marks, references and notes found in one provision's own content."""

    __slots__ = ("amendments", "commentaries", "references")

    def __init__(self) -> None:
        self.commentaries: list[str] = []
        self.amendments: list[AmendmentMark] = []
        self.references: list[CrossReference] = []


# What `_DocumentParser._inline` needs to know of an element, by its Clark tag: the
# separator before and after its words, which kind of mark it is (if any), its local
# name, and the name to report when lawgraph does not know it.
_InlineInfo = tuple[str, str, int, str, str | None]
_COMMENTARY_REF, _AMENDMENT, _CITATION, _SUBREF = 1, 2, 3, 4
_SPECIAL = {
    "CommentaryRef": _COMMENTARY_REF,
    "FootnoteRef": _COMMENTARY_REF,
    "MarginNoteRef": _COMMENTARY_REF,
    "Addition": _AMENDMENT,
    "Substitution": _AMENDMENT,
    "Repeal": _AMENDMENT,
    "Citation": _CITATION,
    "CitationSubRef": _SUBREF,
}
_INLINE_CACHE: dict[object, _InlineInfo] = {}
# The number of a paragraph quoted inline (an amendment's inserted text): a subdivision's
# in brackets, ``(2A)``, a unit's bare, ``2A``; either on one line with the words after.
_PNUMBER = f"{_L}Pnumber"
_SUBDIVISION_NUMBER: _InlineInfo = ("(", ")" + _GLUE, 0, "Pnumber", None)
_UNIT_NUMBER: _InlineInfo = ("", _GLUE, 0, "Pnumber", None)
_QUOTED_NUMBER: dict[object, _InlineInfo] = {
    f"{_L}P1": _UNIT_NUMBER,
    **{f"{_L}P{i}": _SUBDIVISION_NUMBER for i in range(2, 8)},
}
# CLML has a few hundred element names: a document with many more is not let grow the
# tag caches without bound
_TAG_CACHE_LIMIT = 4096


def _inline_info(tag: str) -> _InlineInfo:
    hit = _INLINE_CACHE.get(tag)
    if hit is not None:
        return hit
    ns, _, name = tag[1:].partition("}")
    unknown: str | None = None
    special = 0
    if ns == LEG:
        if name not in KNOWN_ELEMENTS:
            unknown = name
        special = _SPECIAL.get(name, 0)
        block = name in _BLOCKS
    elif ns in _KNOWN_NAMESPACES:
        block = name in _CELL
    else:
        unknown = f"{{{ns}}}{name}"
        block = False
    if block:
        before = after = _BREAK
    else:
        before = " " if name in ("td", "th") else ""
        after = " " if ns == MATHML or name in _SPACED else ""
    info = (before, after, special, name, unknown)
    if len(_INLINE_CACHE) < _TAG_CACHE_LIMIT:
        _INLINE_CACHE[tag] = info
    return info


# How `_DocumentParser.provisions` treats an element, by its Clark tag (the category is
# one of the small ints below, compared by identity).
_SKIP, _NUMBER_CAT, _HEADING_CAT, _STRUCT, _GROUP, _P, _PARA, _THROUGH, _OTHER = range(9)
_STRUCT_CACHE: dict[object, tuple[str, int]] = {}
_TEXT = ProvisionKind.TEXT


def _struct_info(tag: object) -> tuple[str, int]:
    hit = _STRUCT_CACHE.get(tag)
    if hit is not None:
        return hit
    if not isinstance(tag, str):
        info = ("", _SKIP)
    else:
        name = tag.rsplit("}", 1)[-1]
        if name in _NUMBER:
            cat = _NUMBER_CAT
        elif name in _HEADING:
            cat = _HEADING_CAT
        elif name in _GROUPS:
            cat = _GROUP
        elif name in _NUMBERED or name in _DIVISIONS:
            cat = _STRUCT
        elif name == "P":
            cat = _P
        elif name in _HOLDERS:
            cat = _PARA
        elif name in _TRANSPARENT:
            cat = _THROUGH
        else:
            cat = _OTHER
        info = (name, cat)
    if len(_STRUCT_CACHE) < _TAG_CACHE_LIMIT:
        _STRUCT_CACHE[tag] = info
    return info


def _addressed(el: etree._Element) -> bool:
    """Unnumbered paragraphs are structure only where the site gives them an address."""
    return (el.get("IdURI") or el.get("DocumentURI")) is not None


def _holds_numbered(el: etree._Element) -> bool:
    """An unnumbered paragraph that holds numbered ones is read through, like a body."""
    return any(_struct_info(c.tag)[0] in _NUMBERED for c in el)


# What a child element is to the element being read: structure of its own (a provision
# or a group of them), a container read through as if its children were the parent's,
# or loose words. A number or heading is loose words except to the provision it heads.
_LOOSE, _STRUCTURE, _READ_THROUGH = "loose", "structure", "through"
_Child = tuple[etree._Element, str, int, str]


def _children(el: etree._Element) -> Iterator[_Child]:
    """`el`'s element children with their local name, tag category and role.

    The one place that decides what is structure: every reading loop of the parser
    walks its children through here.
    """
    for child in el:
        name, cat = _struct_info(child.tag)
        if cat is _SKIP:
            continue
        if cat is _STRUCT or cat is _GROUP or (cat is _P and _addressed(child)):
            yield child, name, cat, _STRUCTURE
        elif cat is _THROUGH or ((cat is _P or cat is _PARA) and _holds_numbered(child)):
            yield child, name, cat, _READ_THROUGH
        else:
            yield child, name, cat, _LOOSE


class _Into(Protocol):
    """Where `_DocumentParser._read` puts what it finds."""

    def loose(self, blocks: list[etree._Element], inherited: _Inherited) -> None: ...

    def structure(self, el: etree._Element, name: str, cat: int, inherited: _Inherited) -> None: ...


class _Sequence:
    """Reading into a list of provisions: loose words become provisions of kind text."""

    __slots__ = ("out", "parent_id", "parent_kind", "parser")

    def __init__(
        self,
        parser: _DocumentParser,
        parent_id: str,
        parent_kind: ProvisionKind | None,
        out: list[Provision],
    ) -> None:
        self.parser = parser
        self.parent_id = parent_id
        self.parent_kind = parent_kind
        self.out = out

    def loose(self, blocks: list[etree._Element], inherited: _Inherited) -> None:
        self.parser._loose_text(blocks, self.parent_id, inherited, self.out)

    def structure(self, el: etree._Element, name: str, cat: int, inherited: _Inherited) -> None:
        self.parser._structural(
            el, name, cat, self.parent_id, self.parent_kind, inherited, self.out
        )


class _Body:
    """Reading into one provision: its lines of text, its sub-provisions and its notes.

    Words directly in the provision are its own (`own`); words of the containers and
    unnumbered groups inside it are absorbed (`loose`, `structure`), so their notes and
    marks follow its own. Consecutive sub-provisions are rendered together so that a
    group heading prints once.
    """

    __slots__ = ("absorbed", "found", "kind", "lines", "parser", "pid", "real", "run")

    def __init__(self, parser: _DocumentParser, pid: str, kind: ProvisionKind) -> None:
        self.parser = parser
        self.pid = pid
        self.kind = kind
        self.found = _Collected()
        self.absorbed = _Collected()
        self.lines: list[str] = []
        self.run: list[Provision] = []
        self.real: list[Provision] = []

    def _line(self, text: str) -> None:
        if self.run:
            self.lines.append(render_sequence(self.run))
            self.run.clear()
        self.lines.append(text)

    def own(self, blocks: list[etree._Element]) -> None:
        text = _join_texts(self.parser.text_of, blocks, self.found)
        if text:
            self._line(text)

    def loose(self, blocks: list[etree._Element], inherited: _Inherited) -> None:
        absorbed = self.absorbed
        commentaries = len(absorbed.commentaries)
        amendments = len(absorbed.amendments)
        references = len(absorbed.references)
        text = _join_texts(self.parser.text_of, blocks, absorbed)
        if not text and len(absorbed.commentaries) == commentaries:
            # nothing to keep: as a sequence this would make no provision, so its marks go
            del absorbed.amendments[amendments:]
            del absorbed.references[references:]
            return
        self._line(text)

    def structure(self, el: etree._Element, name: str, cat: int, inherited: _Inherited) -> None:
        sub: list[Provision] = []
        self.parser._structural(el, name, cat, self.pid, self.kind, inherited, sub)
        absorbed = self.absorbed
        for c in sub:
            if c.kind is _TEXT:
                # unnumbered words under a heading: text of the enclosing provision
                self._line(c.text)
                absorbed.commentaries.extend(c.commentaries)
                absorbed.amendments.extend(c.amendments)
                absorbed.references.extend(c.references)
            else:
                self.real.append(c)
                self.run.append(c)

    def finish(self) -> str:
        """The provision's text; its notes and marks are then all in `found`."""
        if self.run:
            self.lines.append(render_sequence(self.run))
        found, absorbed = self.found, self.absorbed
        if absorbed.commentaries:
            found.commentaries.extend(absorbed.commentaries)
        if absorbed.amendments:
            found.amendments.extend(absorbed.amendments)
        if absorbed.references:
            found.references.extend(absorbed.references)
        return "\n".join([x for x in self.lines if x])


class _DocumentParser:
    def __init__(self, root: etree._Element, source: str | None) -> None:
        self.root = root
        self.source = source
        self.unknown: set[str] = set()
        self.doc_id = ""
        self.category = DocumentCategory.UNKNOWN
        # the compiled reader does the same walk in C, where it is built (`accelerated`)
        self.reader = _C_READER(self, root) if _C_READER is not None else None

    # -- inline text --------------------------------------------------------------

    def text_of(self, el: etree._Element, found: _Collected) -> str:
        """The element's words as lines, collecting marks, references and notes."""
        if not len(el):
            # most blocks are a plain <Text> with no markup inside
            text = el.text
            return " ".join(text.split()) if text else ""
        parts: list[str] = []
        append = parts.append
        info = _inline_info(el.tag)
        _before, after, special, name, unknown = info
        if unknown is not None:
            self.unknown.add(unknown)
        if special:
            self._mark(el, special, name, found)
        # the element's own leading separator only adds blank space or an empty line,
        # which cleaning drops
        text = el.text
        if text:
            append(text)
        self._inline_children(el, parts, found)
        tail = el.tail
        if tail and not tail.isspace():
            # (a tail of only spaces would add nothing but blank space or an empty line)
            if after:
                append(after)
            append(tail)
        joined = "".join(parts)
        if _BREAK not in joined and _GLUE not in joined:
            return " ".join(joined.split())
        if _GLUE in joined:
            joined = _GLUED.sub(" ", joined)
        return "\n".join(
            [" ".join(words) for line in joined.split(_BREAK) if (words := line.split())]
        )

    def _mark(self, el: etree._Element, special: int, name: str, found: _Collected) -> None:
        """Record the note reference, amendment mark or citation that `el` is."""
        if special == _COMMENTARY_REF:
            ref = el.get("Ref")
            if ref:
                found.commentaries.append(ref)
        elif special == _AMENDMENT:
            ref = el.get("CommentaryRef")
            if ref:
                found.commentaries.append(ref)
            found.amendments.append(
                AmendmentMark(
                    kind=_AMENDMENTS[name],
                    text=_clean(_all_text(el)),
                    commentary=ref,
                    change_id=el.get("ChangeId"),
                )
            )
        else:
            found.references.append(
                CrossReference(
                    text=_clean(_all_text(el)),
                    target=_canonical(el.get("URI")),
                    kind="citation" if special == _CITATION else "subref",
                )
            )

    def _inline(
        self, el: etree._Element, info: _InlineInfo, out: list[str], found: _Collected
    ) -> None:
        """Append `el`'s words (and its tail) to `out`: `info` is `_inline_info(el.tag)`."""
        before, after, special, name, unknown = info
        if unknown is not None:
            self.unknown.add(unknown)
        if special:
            self._mark(el, special, name, found)
        if before:
            out.append(before)
        text = el.text
        if text:
            out.append(text)
        self._inline_children(el, out, found)
        if after:
            out.append(after)
        text = el.tail
        if text:
            out.append(text)

    def _inline_children(self, el: etree._Element, out: list[str], found: _Collected) -> None:
        """Append the words of `el`'s children (each with its tail) to `out`."""
        append = out.append
        cache = _INLINE_CACHE
        # in quoted text a numbered paragraph's number prints as it does on the page
        number_info = _QUOTED_NUMBER.get(el.tag)
        for child in el:
            tag = child.tag
            info = cache.get(tag)
            if number_info is not None and tag == _PNUMBER:
                info = number_info
            elif info is None:
                if not isinstance(tag, str):
                    # comments and processing instructions: only their tail is text
                    if child.tail:
                        append(child.tail)
                    continue
                info = _inline_info(tag)
            if len(child):
                self._inline(child, info, out, found)
                continue
            # a leaf: the steps of `_inline`, without the call
            before, after, special, name, unknown = info
            if unknown is not None:
                self.unknown.add(unknown)
            text = child.text
            if special:
                if special == _COMMENTARY_REF:
                    ref = child.get("Ref")
                    if ref:
                        found.commentaries.append(ref)
                elif special == _AMENDMENT:
                    self._mark(child, special, name, found)
                else:
                    found.references.append(
                        CrossReference(
                            " ".join(text.split()) if text else "",
                            _canonical(child.get("URI")),
                            "citation" if special == _CITATION else "subref",
                        )
                    )
            if before:
                append(before)
            if text:
                append(text)
            if after:
                append(after)
            text = child.tail
            if text:
                append(text)

    # -- structure ----------------------------------------------------------------

    def provisions(
        self,
        el: etree._Element,
        parent_id: str,
        parent_kind: ProvisionKind | None,
        inherited: _Inherited,
        out: list[Provision] | None = None,
    ) -> list[Provision]:
        """Build the provisions found directly under `el` (looking through containers).

        They are appended to `out` (a new list when not given), which is returned.
        Loose words between them become provisions of kind ``text``.
        """
        if out is None:
            out = []
        self._read(el, inherited, _Sequence(self, parent_id, parent_kind, out))
        return out

    def _read(self, el: etree._Element, inherited: _Inherited, into: _Into) -> None:
        """Read `el`'s children into `into`, looking through containers."""
        loose: list[etree._Element] = []
        for child, name, cat, role in _children(el):
            if role is _LOOSE:
                loose.append(child)
                continue
            if loose:
                into.loose(loose, inherited)
                loose = []
            if role is _STRUCTURE:
                into.structure(child, name, cat, inherited)
            else:
                self._read(child, inherited.apply(child), into)
        if loose:
            into.loose(loose, inherited)

    def _loose_text(
        self,
        blocks: list[etree._Element],
        parent_id: str,
        inherited: _Inherited,
        out: list[Provision],
    ) -> None:
        found = _Collected()
        text = _join_texts(self.text_of, blocks, found)
        if not text and not found.commentaries:
            return
        out.append(self._make(parent_id, _TEXT, None, None, None, text, (), found, inherited))

    def _structural(
        self,
        el: etree._Element,
        name: str,
        cat: int,
        parent_id: str,
        parent_kind: ProvisionKind | None,
        inherited: _Inherited,
        out: list[Provision],
    ) -> None:
        inherited = inherited.apply(el)
        if cat is _GROUP:
            self._group(el, parent_id, parent_kind, inherited, out)
            return
        pid = self._id_for(el, name, parent_id, parent_kind)
        kind = self._kind(name, pid, parent_kind)
        number: str | None = None
        heading: str | None = None
        body = _Body(self, pid, kind)
        found = body.found
        text_of = self.text_of
        loose: list[etree._Element] = []
        for child, cname, ccat, role in _children(el):
            if role is _LOOSE:
                if ccat is _NUMBER_CAT and number is None:
                    number = text_of(child, found) or None
                elif ccat is _HEADING_CAT and heading is None:
                    heading = self._heading(child, found)
                else:
                    loose.append(child)
                continue
            if loose:
                body.own(loose)
                loose.clear()
            if role is _STRUCTURE:
                body.structure(child, cname, ccat, inherited)
            else:
                self._read(child, inherited.apply(child), body)
        if loose:
            body.own(loose)
        text = body.finish()
        bare, number_text = _numbering(number, pid, kind)
        out.append(
            self._make(
                pid, kind, bare, number_text, heading, text, tuple(body.real), found, inherited
            )
        )

    def _group(
        self,
        el: etree._Element,
        parent_id: str,
        parent_kind: ProvisionKind | None,
        inherited: _Inherited,
        out: list[Provision],
    ) -> None:
        found = _Collected()
        heading: str | None = None
        members: list[Provision] = []
        for child, cname, cat, role in _children(el):
            if role is _STRUCTURE:
                self._structural(child, cname, cat, parent_id, parent_kind, inherited, members)
            elif role is _READ_THROUGH:
                self.provisions(child, parent_id, parent_kind, inherited, members)
            elif cat is _HEADING_CAT and heading is None:
                heading = self._heading(child, found)
            else:
                self._loose_text([child], parent_id, inherited, members)
        self._gathered(heading, found, members, parent_id, inherited, out)

    def _gathered(
        self,
        heading: str | None,
        found: _Collected,
        members: list[Provision],
        parent_id: str,
        inherited: _Inherited,
        out: list[Provision],
    ) -> None:
        """Put a group's members into `out`, carrying its heading and notes."""
        numbered = [m for m in members if m.kind is not _TEXT]
        if not numbered:
            # a heading over unnumbered words (old Acts): all of it is text of the parent
            text = "\n".join(x for x in [heading or ""] + [m.text for m in members] if x)
            for m in members:
                found.commentaries.extend(m.commentaries)
                found.amendments.extend(m.amendments)
                found.references.extend(m.references)
            out.append(self._make(parent_id, _TEXT, None, None, None, text, (), found, inherited))
            return
        if len(numbered) == 1 and len(members) == 1:
            only = members[0]
            out.append(
                _copy(
                    only,
                    only.group_heading,
                    heading,
                    tuple(_dedupe(found.commentaries + list(only.commentaries))),
                    tuple(found.amendments) + only.amendments,
                    tuple(found.references) + only.references,
                )
            )
            return
        if heading is None and not found.commentaries:
            out.extend(members)
            return
        # several provisions under one printed heading: each carries it as group_heading
        grouped = [
            _copy(m, heading, m.heading, m.commentaries, m.amendments, m.references)
            for m in members
        ]
        if grouped:
            first = grouped[0]
            grouped[0] = _copy(
                first,
                first.group_heading,
                first.heading,
                tuple(_dedupe(found.commentaries + list(first.commentaries))),
                tuple(found.amendments) + first.amendments,
                tuple(found.references) + first.references,
            )
        out.extend(grouped)

    def _heading(self, el: etree._Element, found: _Collected) -> str | None:
        text = self.text_of(el, found)
        return text.replace("\n", " \u2014 ") if text else None

    def _make(
        self,
        pid: str,
        kind: ProvisionKind,
        number: str | None,
        number_text: str | None,
        heading: str | None,
        text: str,
        children: tuple[Provision, ...],
        found: _Collected,
        inherited: _Inherited,
    ) -> Provision:
        commentaries = found.commentaries
        return Provision(
            pid,
            kind,
            number,
            number_text,
            heading,
            None,
            text,
            inherited.extent,
            inherited.start,
            inherited.end,
            inherited.status,
            inherited.matches,
            tuple(dict.fromkeys(commentaries)) if commentaries else (),
            tuple(found.amendments) if found.amendments else (),
            tuple(found.references) if found.references else (),
            children,
            inherited.conflict,
        )

    def _id_for(
        self, el: etree._Element, name: str, parent_id: str, parent_kind: ProvisionKind | None
    ) -> str:
        uri = el.get("IdURI") or el.get("DocumentURI")
        canon = _canonical(uri)
        if canon is not None:
            return canon
        num = None
        for child in el:
            if _local(child) in _NUMBER:
                num = _number(_clean(_all_text(child)), None, None)
                break
        if name in _NUMBERED and num:
            if name == "P1" and parent_kind in (
                None,
                ProvisionKind.PART,
                ProvisionKind.CHAPTER,
                ProvisionKind.CROSSHEADING,
                ProvisionKind.TITLE,
                ProvisionKind.DIVISION,
            ):
                word = {
                    DocumentCategory.SECONDARY: "regulation",
                    DocumentCategory.EU_RETAINED: "article",
                }.get(self.category, "section")
                return f"{self.doc_id}/{word}/{num}"
            if name == "P1" and parent_kind is ProvisionKind.SCHEDULE:
                return f"{parent_id}/paragraph/{num}"
            return f"{parent_id}/{num}"
        word = _DIVISIONS.get(name, ProvisionKind.TEXT).value
        if num:
            return f"{parent_id}/{word}/{num}"
        return f"{parent_id}/{word}"

    def _kind(self, name: str, pid: str, parent_kind: ProvisionKind | None) -> ProvisionKind:
        if name in _DIVISIONS:
            return _DIVISIONS[name]
        if name == "P1":
            segments = pid.split("/")
            for seg in reversed(segments[3:]):
                if seg in _UNIT_WORDS:
                    return _UNIT_WORDS[seg]
            if parent_kind is ProvisionKind.EXPLANATORY_NOTE:
                return ProvisionKind.PARAGRAPH
            return ProvisionKind.SECTION
        if name == "P":
            return ProvisionKind.PARAGRAPH
        if name == "P2":
            if parent_kind is ProvisionKind.SECTION:
                return ProvisionKind.SUBSECTION
            if parent_kind is ProvisionKind.PARAGRAPH:
                return ProvisionKind.SUBPARAGRAPH
            return ProvisionKind.PARAGRAPH
        if name == "P3":
            return ProvisionKind.PARAGRAPH
        if name == "P4":
            return ProvisionKind.SUBPARAGRAPH
        return ProvisionKind.SUBSUBPARAGRAPH

    # -- document -----------------------------------------------------------------

    def document(self) -> Document:
        root = self.root
        if root.tag != f"{_L}Legislation":
            raise NotCLMLError(
                f"root element is {root.tag!r}, not a legislation.gov.uk <Legislation> document",
                path=self.source,
                line=_line(root),
            )
        meta = root.find(f"{_U}Metadata")
        id_uri = root.get("IdURI")
        doc_uri = root.get("DocumentURI")
        if meta is None or not (id_uri or doc_uri):
            raise NotCLMLError(
                "missing <ukm:Metadata> or the root DocumentURI/IdURI that served "
                "legislation.gov.uk documents carry",
                path=self.source,
                line=_line(root),
            )
        try:
            whole = LegislationId.parse(id_uri or doc_uri or "")
            doc_version = LegislationId.parse(doc_uri).version if doc_uri else None
        except ValueError as exc:
            raise NotCLMLError(f"root identifier not understood: {exc}", path=self.source) from exc
        self.doc_id = str(whole.document)

        def meta_text(tag: str) -> str | None:
            found = meta.find(tag) if meta is not None else None
            return _clean(_all_text(found)) if found is not None else None

        def meta_value(local: str, attr: str = "Value") -> str | None:
            found = meta.find(f".//{_U}{local}") if meta is not None else None
            return found.get(attr) if found is not None else None

        identifier = meta_text(f"{{{DC}}}identifier")
        fragment = _canonical(identifier) if identifier else None
        if fragment == self.doc_id:
            fragment = None
        category_value = (meta_value("DocumentCategory") or "").lower()
        self.category = _CATEGORY.get(category_value, DocumentCategory.UNKNOWN)
        status = meta_value("DocumentStatus") or "unknown"
        version_date = _date(meta_text(f"{{{DCT}}}valid"))
        enactment = (
            _date(meta_value("EnactmentDate", "Date"))
            or _date(meta_value("Made", "Date"))
            or _date(meta_value("EnactmentDate", "Value"))
        )
        if version_date is None and doc_version is None and status == "final":
            doc_version = "enacted" if self.category is DocumentCategory.PRIMARY else "made"
        version = doc_version or (version_date.isoformat() if version_date else "current")
        title = meta_text(f"{{{DC}}}title") or self.doc_id
        language = meta_text(f"{{{DC}}}language") or "en"
        inherited = _Inherited().apply(root)

        provisions: list[Provision] = []
        read = self.reader.provisions if self.reader is not None else self.provisions
        for content in root:
            name = _local(content)
            if name in _CONTENT_ROOTS:
                provisions.extend(read(content, self.doc_id, None, inherited.apply(content)))
        contents_el = root.find(f"{_L}Contents")
        contents: tuple[ContentsEntry, ...] = ()
        if contents_el is not None:
            if self.reader is not None:
                contents = self.reader.contents(contents_el)
            else:
                contents = tuple(self._contents(contents_el, top=True))
        if self.reader is not None:
            unapplied = self.reader.unapplied(meta)
        else:
            unapplied = tuple(self._unapplied(meta))
        if self.reader is not None:
            commentaries = self.reader.commentaries(root)
        else:
            commentaries = self._commentaries(root)
        return Document.model_construct(
            id=self.doc_id,
            fragment=fragment,
            title=title,
            type=whole.type,
            main_type=meta_value("DocumentMainType"),
            category=self.category,
            year=whole.year,
            number=whole.number,
            enactment_date=enactment,
            version_date=version_date,
            version=version,
            status=status,
            extent=inherited.extent,
            language=language,
            provisions=tuple(provisions),
            contents=contents,
            commentaries=commentaries,
            unapplied_effects=unapplied,
            unknown_elements=tuple(sorted(self.unknown)),
            source=self.source,
        )

    def _contents(self, el: etree._Element, *, top: bool = False) -> Iterator[ContentsEntry]:
        for child in el:
            name = _local(child)
            if top and name == "ContentsTitle":
                # the title of the whole table: kept as an entry so no words are lost
                title = _clean(_all_text(child))
                yield ContentsEntry(None, "title", None, title)
                continue
            if not name.startswith("Contents") or name in ("ContentsNumber", "ContentsTitle"):
                if name and name not in KNOWN_ELEMENTS:
                    self.unknown.add(name)
                continue
            # the first of each, as child.find() would give, in one pass over the children
            number_el: etree._Element | None = None
            title_el: etree._Element | None = None
            for grandchild in child:
                gtag = grandchild.tag
                if gtag == _CONTENTS_NUMBER:
                    if number_el is None:
                        number_el = grandchild
                elif gtag == _CONTENTS_TITLE and title_el is None:
                    title_el = grandchild
            status = _status(child.get("Status"))
            yield ContentsEntry(
                id=_canonical(child.get("IdURI") or child.get("DocumentURI")),
                kind=name.removeprefix("Contents").lower() or "contents",
                number=_clean(_all_text(number_el)) if number_el is not None else None,
                title=_clean(_all_text(title_el)) if title_el is not None else "",
                status=status,
                children=tuple(self._contents(child)),
            )

    def _commentaries(self, root: etree._Element) -> dict[str, Commentary]:
        out: dict[str, Commentary] = {}
        for holder, tag, kind in (
            ("Commentaries", "Commentary", None),
            ("Footnotes", "Footnote", "footnote"),
            ("MarginNotes", "MarginNote", "margin-note"),
        ):
            block = root.find(f"{_L}{holder}")
            if block is None:
                continue
            for c in block.iter(f"{_L}{tag}"):
                found = _Collected()
                text = self.text_of(c, found)
                cid = c.get("id") or c.get("Id") or ""
                out[cid] = Commentary(
                    id=cid,
                    type=kind or c.get("Type") or "X",
                    text=text.replace("\n", " "),
                    citations=tuple(found.references),
                )
        return out

    def _unapplied(self, meta: etree._Element | None) -> Iterator[UnappliedEffect]:
        if meta is None:
            return
        for e in meta.iter(f"{_U}UnappliedEffect"):
            dates = tuple(
                d for f in e.iter(f"{_U}InForce") if (d := _date(f.get("Date"))) is not None
            )
            title = e.find(f"{_U}AffectingTitle")
            yield UnappliedEffect(
                type=e.get("Type", ""),
                affected_provisions=e.get("AffectedProvisions", ""),
                affecting=_canonical(e.get("AffectingURI")),
                affecting_provisions=e.get("AffectingProvisions", ""),
                affecting_title=title.text if title is not None else None,
                in_force_dates=dates,
                prospective=any(f.get("Prospective") == "true" for f in e.iter(f"{_U}InForce")),
                requires_applied=_flag(e.get("RequiresApplied")),
                notes=e.get("Notes") or None,
            )


# The words a printed number may start with, in English and in Welsh (Welsh-language
# texts print "RHAN 1" for Part 1, "PENNOD 2" for Chapter 2, "ATODLEN 3" for Schedule 3).
def _flag(value: str | None) -> bool | None:
    """A true/false attribute (as the feed parser reads one); None where it is absent."""
    if value is None:
        return None
    return value.strip().lower() == "true"


_UNIT_PREFIX = re.compile(
    r"^(?:part|chapter|schedule|article|section|regulation|rule|annex|appendix|title"
    r"|rhan|pennod|atodlen|adran|rheoliad|erthygl|rheol)\s+",
    re.IGNORECASE,
)
# printed number -> bare number: "(a)", "(1)" and the like recur thousands of times
_NUMBER_CACHE: dict[str, str | None] = {}


def _number(raw: str | None, pid: str | None, kind: ProvisionKind | None) -> str | None:
    """The provision number without brackets or a leading word (``Part 2`` -> ``2``)."""
    if raw:
        hit = _NUMBER_CACHE.get(raw, _MISSING)
        if hit is not _MISSING:
            return cast("str | None", hit)
        bare = raw.strip().strip("()[]").strip()
        bare = _UNIT_PREFIX.sub("", bare)
        bare = bare.rstrip(".").strip()
        result = bare or None
        if len(_NUMBER_CACHE) < 65536:
            _NUMBER_CACHE[raw] = result
        return result
    if pid and kind in (ProvisionKind.PART, ProvisionKind.CHAPTER, ProvisionKind.SCHEDULE):
        tail = pid.rsplit("/", 2)
        if len(tail) == 3 and tail[1] == kind.value:
            return tail[2]
    return None


def _numbering(printed: str | None, pid: str, kind: ProvisionKind) -> tuple[str | None, str | None]:
    """The bare number, and the number as printed where that differs (see `Provision`)."""
    number = _number(printed, pid, kind)
    if printed is None and number is not None:
        # the number comes from the address only: nothing is printed
        return number, ""
    if printed and printed.strip("()") != number:
        return number, printed
    return number, None


def _join_texts(
    text_of: Callable[[etree._Element, _Collected], str],
    blocks: list[etree._Element],
    found: _Collected,
) -> str:
    """The non-empty texts of `blocks`, one after another on their own lines."""
    if len(blocks) == 1:
        # the usual case: one <Text> in a paragraph
        return text_of(blocks[0], found)
    return "\n".join([t for b in blocks if (t := text_of(b, found))])


def _copy(
    p: Provision,
    group_heading: str | None,
    heading: str | None,
    commentaries: tuple[str, ...],
    amendments: tuple[AmendmentMark, ...],
    references: tuple[CrossReference, ...],
) -> Provision:
    """`dataclasses.replace` of these fields, without its per-call introspection."""
    return Provision(
        p.id,
        p.kind,
        p.number,
        p.number_text,
        heading,
        group_heading,
        p.text,
        p.extent,
        p.start_date,
        p.end_date,
        p.status,
        p.version_matches,
        commentaries,
        amendments,
        references,
        p.children,
        p.date_conflict,
    )


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def parse_document(root: etree._Element, *, source: Path | str | None = None) -> Document:
    """Turn a parsed CLML element tree into a `Document`.

    Raises:
        NotCLMLError: the tree is not a served legislation.gov.uk CLML document.
    """
    parser = _DocumentParser(root, str(source) if source is not None else None)
    with _collector_paused():
        try:
            return parser.document()
        finally:
            parser.reader = None  # the reader points back at the parser: no cycle left


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a document's model is built.

    The model is tens of thousands of small acyclic objects (frozen provisions, tuples,
    strings); the collector would otherwise scan the growing heap again and again while
    they are made (a quarter of the parse time, measured), and finds nothing to free.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse_file(path: Path | str) -> Document:
    """Read and parse one ``.xml`` or ``.xml.gz`` CLML file.

    Raises:
        UnsafeXMLError, MalformedXMLError: the file cannot be read safely.
        NotCLMLError: the file is XML but not a served CLML document.
    """
    return parse_document(read_xml(path), source=path)


def accelerated() -> bool:
    """True when documents are read by the compiled C reader, False in Python alone.

    The C reader (``_cparser``, built by ``pip install`` where a C compiler is present)
    does this module's walk of the element tree over libxml2's nodes, two to three times
    faster; both give equal `Document` objects, which the test suite checks on every file
    of the reference corpus. Set ``LAWGRAPH_PURE_PYTHON=1`` to read with Python alone.
    """
    return _C_READER is not None


_C_READER: type[_cparser.Reader] | None = None
if not os.environ.get(PURE_PYTHON_ENV):
    try:
        from lawgraph.legislation import _cparser
    except ImportError:  # not built here: the walk above is used
        pass
    else:
        _C_READER = _cparser.Reader
