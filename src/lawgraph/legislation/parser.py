"""CLML (legislation.gov.uk XML) to `Document`: a pure function of the element tree.

Guarantees of `parse_document`:

1. Every word of the document's content (``Primary``, ``Secondary`` or ``EURetained``)
   lands in exactly one place in the model: a provision's number, heading, group heading
   or text. `Document.full_text` reproduces them all; the corpus test proves it on every
   served file we hold.
2. Text quoted from other legislation (``BlockAmendment``, ``BlockExtract``) stays text
   of the provision that quotes it; it never becomes a provision of this document.
3. Dates, extent, status and ``Match`` are inherited from the nearest enclosing element
   that states them (legislation.gov.uk puts them on ``P1group``, ``Part`` and so on).
4. Elements lawgraph does not model are listed in `Document.unknown_elements`; their
   text is kept.
5. Anything that is not CLML raises `NotCLMLError`; nothing here does I/O.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

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

__all__ = ["KNOWN_ELEMENTS", "parse_document", "parse_file"]

_L = f"{{{LEG}}}"
_U = f"{{{UKM}}}"
_ID_PREFIX = re.compile(r"^https?://www\.legislation\.gov\.uk/(?:id/)?")
_WS = re.compile(r"\s+")

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


_ID_URI = "http://www.legislation.gov.uk/id/"
_ID_URI_LEN = len(_ID_URI)


def _canonical(uri: str | None) -> str | None:
    if not uri:
        return None
    # IdURIs carry no version or format: the common case needs no full parse
    if uri.startswith(_ID_URI) and "/data." not in uri:
        return uri[_ID_URI_LEN:]
    try:
        return str(LegislationId.parse(uri))
    except ValueError:
        return None


@dataclass(slots=True)
class _Inherited:
    extent: Extent | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    status: ProvisionStatus = ProvisionStatus.CURRENT
    matches: bool = True

    def apply(self, el: etree._Element) -> _Inherited:
        get = el.get
        extent_attr = get("RestrictExtent")
        start_attr = get("RestrictStartDate")
        end_attr = get("RestrictEndDate")
        status_attr = get("Status")
        match_attr = get("Match")
        if not (extent_attr or start_attr or end_attr or status_attr or match_attr):
            return self
        out = replace(self)
        if extent_attr:
            # served files carry odd extents ("S+A+M+E+..."): an unreadable one is left unset
            with contextlib.suppress(ValueError):
                out.extent = _extent(extent_attr)
        if start_attr:
            out.start = _date(start_attr)
        if end_attr:
            out.end = _date(end_attr)
        if status_attr:
            low = status_attr.lower()
            if low == "prospective":
                out.status = ProvisionStatus.PROSPECTIVE
            elif low == "repealed":
                out.status = ProvisionStatus.REPEALED
        if match_attr:
            out.matches = match_attr != "false"
        return out


_EXTENT_CACHE: dict[str, Extent] = {}


def _extent(text: str) -> Extent:
    hit = _EXTENT_CACHE.get(text)
    if hit is None:
        hit = _EXTENT_CACHE[text] = Extent.parse(text)
    return hit


@dataclass(slots=True)
class _Collected:
    """Amendment marks, references and notes found in one provision's own content."""

    commentaries: list[str] = field(default_factory=list)
    amendments: list[AmendmentMark] = field(default_factory=list)
    references: list[CrossReference] = field(default_factory=list)


class _DocumentParser:
    def __init__(self, root: etree._Element, source: str | None) -> None:
        self.root = root
        self.source = source
        self.unknown: set[str] = set()
        self.doc_id = ""
        self.category = DocumentCategory.UNKNOWN

    # -- inline text --------------------------------------------------------------

    def text_of(self, el: etree._Element, found: _Collected) -> str:
        """The element's words as lines, collecting marks, references and notes."""
        if not len(el):
            # most blocks are a plain <Text> with no markup inside
            return _clean(el.text or "")
        parts: list[str] = []
        self._inline(el, parts, found)
        lines = [_clean(line) for line in "".join(parts).split("\n")]
        return "\n".join(line for line in lines if line)

    def _inline(self, el: etree._Element, out: list[str], found: _Collected) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            if el.tail:
                out.append(el.tail)
            return
        ns, _, name = tag[1:].partition("}")
        if ns == LEG:
            if name not in KNOWN_ELEMENTS:
                self.unknown.add(name)
            if name == "CommentaryRef":
                ref = el.get("Ref")
                if ref:
                    found.commentaries.append(ref)
            elif name in _AMENDMENTS:
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
            elif name in ("Citation", "CitationSubRef"):
                found.references.append(
                    CrossReference(
                        text=_clean(_all_text(el)),
                        target=_canonical(el.get("URI")),
                        kind="citation" if name == "Citation" else "subref",
                    )
                )
            elif name in ("FootnoteRef", "MarginNoteRef"):
                ref = el.get("Ref")
                if ref:
                    found.commentaries.append(ref)
            block = name in _BLOCKS
        elif ns in _KNOWN_NAMESPACES:
            block = name in _CELL
        else:
            self.unknown.add(f"{{{ns}}}{name}")
            block = False
        if block:
            out.append("\n")
        elif name in ("td", "th"):
            out.append(" ")
        if el.text:
            out.append(el.text)
        for child in el:
            self._inline(child, out, found)
        if block:
            out.append("\n")
        elif ns == MATHML or name in _SPACED:
            out.append(" ")
        if el.tail:
            out.append(el.tail)

    # -- structure ----------------------------------------------------------------

    def provisions(
        self,
        el: etree._Element,
        parent_id: str,
        parent_kind: ProvisionKind | None,
        inherited: _Inherited,
    ) -> list[Provision]:
        """Build the provisions found directly under `el` (looking through containers)."""
        out: list[Provision] = []
        loose: list[etree._Element] = []
        for child in el:
            name = _local(child)
            if not name:
                continue
            if self._is_structural(child, name):
                if loose:
                    out.extend(self._loose_text(loose, parent_id, inherited))
                    loose = []
                out.extend(self._structural(child, name, parent_id, parent_kind, inherited))
            elif self._is_container(child, name):
                if loose:
                    out.extend(self._loose_text(loose, parent_id, inherited))
                    loose = []
                out.extend(self.provisions(child, parent_id, parent_kind, inherited.apply(child)))
            else:
                loose.append(child)
        if loose:
            out.extend(self._loose_text(loose, parent_id, inherited))
        return out

    def _is_container(self, el: etree._Element, name: str) -> bool:
        """An unnumbered paragraph that holds numbered ones is read through, like a body."""
        if name in _TRANSPARENT:
            return True
        if name not in _HOLDERS:
            return False
        return any(_local(c) in _NUMBERED for c in el)

    def _is_structural(self, el: etree._Element, name: str) -> bool:
        if name in _NUMBERED or name in _DIVISIONS or name in _GROUPS:
            return True
        # unnumbered paragraphs are structure only where the site gives them an address
        return name == "P" and (el.get("IdURI") or el.get("DocumentURI")) is not None

    def _loose_text(
        self, blocks: list[etree._Element], parent_id: str, inherited: _Inherited
    ) -> list[Provision]:
        found = _Collected()
        text = "\n".join(t for b in blocks if (t := self.text_of(b, found)))
        if not text and not found.commentaries:
            return []
        return [self._make(parent_id, ProvisionKind.TEXT, None, None, text, [], found, inherited)]

    def _structural(
        self,
        el: etree._Element,
        name: str,
        parent_id: str,
        parent_kind: ProvisionKind | None,
        inherited: _Inherited,
    ) -> list[Provision]:
        inherited = inherited.apply(el)
        if name in _GROUPS:
            return self._group(el, parent_id, parent_kind, inherited)
        pid = self._id_for(el, name, parent_id, parent_kind)
        kind = self._kind(name, pid, parent_kind)
        number: str | None = None
        heading: str | None = None
        found = _Collected()
        children: list[Provision] = []
        own: list[str] = []
        loose: list[etree._Element] = []

        def flush() -> None:
            if loose:
                t = "\n".join(x for b in loose if (x := self.text_of(b, found)))
                if t:
                    own.append(t)
                    children.append(_TEXT_MARK)
                loose.clear()

        for child in el:
            cname = _local(child)
            if not cname:
                continue
            if cname in _NUMBER and number is None:
                number = self.text_of(child, found) or None
            elif cname in _HEADING and heading is None:
                heading = self._heading(child, found)
            elif self._is_structural(child, cname):
                flush()
                children.extend(self._structural(child, cname, pid, kind, inherited))
            elif self._is_container(child, cname):
                flush()
                for p in self.provisions(child, pid, kind, inherited.apply(child)):
                    children.append(p)
            else:
                loose.append(child)
        flush()
        printed = number
        number = _number(number, pid, kind)
        provision = self._assemble(pid, kind, number, heading, own, children, found, inherited)
        if printed is None and number is not None:
            # the number comes from the address only: nothing is printed
            provision = replace(provision, number_text="")
        elif printed and printed.strip("()") != number:
            provision = replace(provision, number_text=printed)
        return [provision]

    def _group(
        self,
        el: etree._Element,
        parent_id: str,
        parent_kind: ProvisionKind | None,
        inherited: _Inherited,
    ) -> list[Provision]:
        found = _Collected()
        heading: str | None = None
        members: list[Provision] = []
        for child in el:
            cname = _local(child)
            if cname in _HEADING and heading is None:
                heading = self._heading(child, found)
            elif cname and self._is_structural(child, cname):
                members.extend(self._structural(child, cname, parent_id, parent_kind, inherited))
            elif self._is_container(child, cname):
                members.extend(self.provisions(child, parent_id, parent_kind, inherited))
            elif cname:
                members.extend(self._loose_text([child], parent_id, inherited))
        numbered = [m for m in members if m.kind is not ProvisionKind.TEXT]
        if not numbered:
            # a heading over unnumbered words (old Acts): all of it is text of the parent
            text = "\n".join(x for x in [heading or ""] + [m.text for m in members] if x)
            for m in members:
                found.commentaries.extend(m.commentaries)
                found.amendments.extend(m.amendments)
                found.references.extend(m.references)
            return [
                self._make(parent_id, ProvisionKind.TEXT, None, None, text, [], found, inherited)
            ]
        if len(numbered) == 1 and len(members) == 1:
            only = members[0]
            merged = replace(
                only,
                heading=heading,
                commentaries=tuple(_dedupe(found.commentaries + list(only.commentaries))),
                amendments=tuple(found.amendments) + only.amendments,
                references=tuple(found.references) + only.references,
            )
            return [merged]
        if heading is None and not found.commentaries:
            return members
        # several provisions under one printed heading: each carries it as group_heading
        out = [replace(m, group_heading=heading) for m in members]
        if out:
            first = out[0]
            out[0] = replace(
                first,
                commentaries=tuple(_dedupe(found.commentaries + list(first.commentaries))),
                amendments=tuple(found.amendments) + first.amendments,
                references=tuple(found.references) + first.references,
            )
        return out

    def _heading(self, el: etree._Element, found: _Collected) -> str | None:
        text = self.text_of(el, found)
        return text.replace("\n", " \u2014 ") if text else None

    def _assemble(
        self,
        pid: str,
        kind: ProvisionKind,
        number: str | None,
        heading: str | None,
        own: list[str],
        children: list[Provision],
        found: _Collected,
        inherited: _Inherited,
    ) -> Provision:
        lines: list[str] = []
        own_iter = iter(own)
        real_children: list[Provision] = []
        run: list[Provision] = []
        for c in children:
            if c is _TEXT_MARK or c.kind is ProvisionKind.TEXT:
                if run:
                    lines.append(render_sequence(run))
                    run = []
                if c is _TEXT_MARK:
                    lines.append(next(own_iter))
                else:
                    # loose words become this provision's own: so do their notes and marks
                    lines.append(c.text)
                    found.commentaries.extend(c.commentaries)
                    found.amendments.extend(c.amendments)
                    found.references.extend(c.references)
                continue
            real_children.append(c)
            run.append(c)
        if run:
            lines.append(render_sequence(run))
        return self._make(
            pid,
            kind,
            number,
            heading,
            "\n".join(x for x in lines if x),
            real_children,
            found,
            inherited,
        )

    def _make(
        self,
        pid: str,
        kind: ProvisionKind,
        number: str | None,
        heading: str | None,
        text: str,
        children: list[Provision],
        found: _Collected,
        inherited: _Inherited,
    ) -> Provision:
        return Provision(
            id=pid,
            kind=kind,
            number=number,
            heading=heading,
            group_heading=None,
            text=text,
            extent=inherited.extent,
            start_date=inherited.start,
            end_date=inherited.end,
            status=inherited.status,
            version_matches=inherited.matches,
            commentaries=tuple(_dedupe(found.commentaries)),
            amendments=tuple(found.amendments),
            references=tuple(found.references),
            children=tuple(c for c in children if c.kind is not ProvisionKind.TEXT),
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
        for content in root:
            name = _local(content)
            if name in _CONTENT_ROOTS:
                provisions.extend(
                    self.provisions(content, self.doc_id, None, inherited.apply(content))
                )
        contents_el = root.find(f"{_L}Contents")
        contents = tuple(self._contents(contents_el, top=True)) if contents_el is not None else ()
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
            unapplied_effects=tuple(self._unapplied(meta)),
            unknown_elements=tuple(sorted(self.unknown)),
            source=self.source,
        )

    def _contents(self, el: etree._Element, *, top: bool = False) -> Iterator[ContentsEntry]:
        for child in el:
            name = _local(child)
            if top and name == "ContentsTitle":
                # the title of the whole table: kept as an entry so no words are lost
                title = _clean(_all_text(child))
                yield ContentsEntry(id=None, kind="title", number=None, title=title)
                continue
            if not name.startswith("Contents") or name in ("ContentsNumber", "ContentsTitle"):
                if name and name not in KNOWN_ELEMENTS:
                    self.unknown.add(name)
                continue
            number_el = child.find(f"{_L}ContentsNumber")
            title_el = child.find(f"{_L}ContentsTitle")
            status = _Inherited().apply(child).status
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
            )


_TEXT_MARK = Provision(id="", kind=ProvisionKind.TEXT)


def _number(raw: str | None, pid: str | None, kind: ProvisionKind | None) -> str | None:
    """The provision number without brackets or a leading word (``Part 2`` -> ``2``)."""
    if raw:
        raw = raw.strip().strip("()[]").strip()
        raw = re.sub(
            r"^(?:part|chapter|schedule|article|section|regulation|rule|annex|appendix|title)\s+",
            "",
            raw,
            flags=re.IGNORECASE,
        )
        raw = raw.rstrip(".").strip()
        return raw or None
    if pid and kind in (ProvisionKind.PART, ProvisionKind.CHAPTER, ProvisionKind.SCHEDULE):
        tail = pid.rsplit("/", 2)
        if len(tail) == 3 and tail[1] == kind.value:
            return tail[2]
    return None


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def parse_document(root: etree._Element, *, source: Path | str | None = None) -> Document:
    """Turn a parsed CLML element tree into a `Document`.

    Raises:
        NotCLMLError: the tree is not a served legislation.gov.uk CLML document.
    """
    return _DocumentParser(root, str(source) if source is not None else None).document()


def parse_file(path: Path | str) -> Document:
    """Read and parse one ``.xml`` or ``.xml.gz`` CLML file.

    Raises:
        UnsafeXMLError, MalformedXMLError: the file cannot be read safely.
        NotCLMLError: the file is XML but not a served CLML document.
    """
    return parse_document(read_xml(path), source=path)
