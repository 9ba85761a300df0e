"""legislation.gov.uk Atom feeds: search results and changes (effects) feeds.

legislation.gov.uk answers ``/ukpga/2018/data.feed`` (a search) and
``/changes/affected/ukpga/2018/12/data.feed`` (the effects on an Act) with Atom feeds.
`parse_feed` turns one into a frozen `Feed`; `read_feed` reads a ``.xml`` or ``.xml.gz``
file safely (through `lawgraph.legislation.reader.read_xml`); `read_any` reads either a
feed or a CLML document, whichever the file holds.

What is kept:

- the feed's id, title, updated time, links, and its paging counts (OpenSearch
  ``totalResults``, ``itemsPerPage``, ``startIndex``; legislation.gov.uk's ``page``,
  ``morePages``, ``totalPages``) where present;
- each entry's Atom fields, and the legislation fields the site adds: in search feeds
  ``ukm:DocumentMainType``, ``ukm:Year``, ``ukm:Number``, ``ukm:ISBN``,
  ``ukm:CreationDate``; in changes feeds the ``ukm:Effect`` (affected and affecting
  items and provisions, savings, commencement authority, in-force dates, applied).

Search facets (``leg:facets``) and the echoed query are not modelled.

Parsing is lenient where the served files are irregular: one real changes feed has no
feed ``<id>``, entries in another share ids, and dates or numbers that cannot be read
become ``None`` (as `lawgraph.legislation.parser` does for CLML dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from lxml import etree
from pydantic import BaseModel, ConfigDict

from lawgraph.errors import IdentifierError, NotCLMLError
from lawgraph.legislation.identifiers import canonical_id
from lawgraph.legislation.models import Document
from lawgraph.legislation.namespaces import ATOM, LEG, OPENSEARCH, UKM
from lawgraph.legislation.parser import parse_document
from lawgraph.legislation.reader import read_xml

__all__ = [
    "Effect",
    "EffectInForce",
    "EffectProvision",
    "Feed",
    "FeedEntry",
    "FeedLink",
    "parse_feed",
    "read_any",
    "read_feed",
]

_A = f"{{{ATOM}}}"
_U = f"{{{UKM}}}"
_L = f"{{{LEG}}}"
_OS = f"{{{OPENSEARCH}}}"
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class FeedLink(BaseModel):
    """An Atom ``<link>``.

    Attributes:
        href: the target.
        rel: the relation; ``alternate`` when the XML gives none, as RFC 4287 (4.2.7.2)
            says it means.
        type: the media type, if given.
        title: the link's title, if given (``XML``, ``PDF``, ``Table of Contents``).
    """

    model_config = _FROZEN
    href: str
    rel: str = "alternate"
    type: str | None = None
    title: str | None = None


class EffectProvision(BaseModel):
    """A provision named in an effect: a ``ukm:Section`` or a ``ukm:SectionRange``.

    Attributes:
        text: the words as printed (``s. 55``, ``Sch. 3``, ``para. 6-8``).
        ref: the site's reference (``section-55``); for a range, its start.
        uri: the provision's ``/id/`` URI; for a range, its start.
        end_ref: for a range, the reference of its last provision.
        end_uri: for a range, the URI of its last provision (``UpTo``).
    """

    model_config = _FROZEN
    text: str
    ref: str | None = None
    uri: str | None = None
    end_ref: str | None = None
    end_uri: str | None = None


class EffectInForce(BaseModel):
    """One ``ukm:InForce`` of an effect: when (and by what) the effect comes into force.

    Attributes:
        date: the in-force date, if one is recorded.
        prospective: True when the effect is recorded as prospective.
        applied: whether this commencement has been applied to the text.
        qualification: ``wholly in force``, ``for specified purposes``, ... (or ``None``).
        commencing_uri: the commencing instrument's ``/id/`` URI.
        commencing_class: the commencing instrument's ``DocumentMainType``.
        commencing_provisions: the provisions of it that commence the effect.
        commencing_savings: savings made by the commencing provisions.
        comments: the editors' comment, if any.
    """

    model_config = _FROZEN
    date: dt.date | None = None
    prospective: bool = False
    applied: bool | None = None
    qualification: str | None = None
    commencing_uri: str | None = None
    commencing_class: str | None = None
    commencing_provisions: tuple[EffectProvision, ...] = ()
    commencing_savings: tuple[EffectProvision, ...] = ()
    comments: str | None = None


class Effect(BaseModel):
    """One change recorded by legislation.gov.uk's editors (``ukm:Effect``).

    Attributes:
        effect_id: the site's key for the effect (``key-<32 hex>``).
        uri: the effect's own URI.
        type: what the change is (``words substituted``, ``repealed``, ``extended``).
        applied: whether the change has been applied to the revised text.
        requires_applied: whether the change needs applying to the text at all.
        row: the row number the site gives the effect.
        modified: when the record was last modified.
        applied_modified: when the applied status was last modified, if recorded.
        affected_uri: ``/id/`` URI of the item changed.
        affected_class: its ``DocumentMainType``.
        affected_year: its year, as in the URI.
        affected_number: its number.
        affected_titles: its title(s); a few effects carry more than one spelling.
        affected_provisions: the affected provisions as printed (``s. 86(3)(a)``).
        affected_provision_refs: the same, one per named provision or range.
        affected_extent: ``AffectedExtent``, as served.
        affecting_uri: ``/id/`` URI of the item making the change.
        affecting_class: its ``DocumentMainType``.
        affecting_year: its year.
        affecting_number: its number.
        affecting_title: its title.
        affecting_provisions: the affecting provisions as printed (``Sch. 3 para. 30``).
        affecting_provision_refs: the same, one per named provision or range.
        affecting_extent: ``AffectingEffectsExtent`` exactly as served; it is sometimes
            not an extent at all (``S+A+M+E+A+S+A+F+F+E+C+T+E+D`` for "same as
            affected"), so it is kept as text.
        savings: provisions of the affecting item that save the change.
        commencement_authority: provisions that give the power to commence it.
        in_force: its in-force records.
        comments: the editors' comments, if any.
        notes: the editors' notes, if any.
    """

    model_config = _FROZEN
    effect_id: str | None = None
    uri: str | None = None
    type: str
    applied: bool | None = None
    requires_applied: bool | None = None
    row: int | None = None
    modified: dt.datetime | None = None
    applied_modified: dt.datetime | None = None
    affected_uri: str | None = None
    affected_class: str | None = None
    affected_year: str | None = None
    affected_number: str | None = None
    affected_titles: tuple[str, ...] = ()
    affected_provisions: str | None = None
    affected_provision_refs: tuple[EffectProvision, ...] = ()
    affected_extent: str | None = None
    affecting_uri: str | None = None
    affecting_class: str | None = None
    affecting_year: str | None = None
    affecting_number: str | None = None
    affecting_title: str | None = None
    affecting_provisions: str | None = None
    affecting_provision_refs: tuple[EffectProvision, ...] = ()
    affecting_extent: str | None = None
    savings: tuple[EffectProvision, ...] = ()
    commencement_authority: tuple[EffectProvision, ...] = ()
    in_force: tuple[EffectInForce, ...] = ()
    comments: str | None = None
    notes: str | None = None

    @property
    def affected_title(self) -> str | None:
        """The affected item's title (the first, where several are given)."""
        return self.affected_titles[0] if self.affected_titles else None

    @property
    def affected_id(self) -> str | None:
        """The affected item as a lawgraph identifier (``ukpga/1995/36``), if readable."""
        return _identifier(self.affected_uri)

    @property
    def affecting_id(self) -> str | None:
        """The affecting item as a lawgraph identifier (``ukpga/2002/38``), if readable."""
        return _identifier(self.affecting_uri)


class FeedEntry(BaseModel):
    """One Atom ``<entry>``: a search result or one effect.

    Attributes:
        id: the entry's Atom id (for a search result, the item's ``/id/`` URI).
        title: its title.
        updated: when it was last updated.
        published: when it was first published, if given.
        author: the author's name, if not blank.
        links: its links, in order.
        summary: the summary (for an Act, its long title), if given.
        content: the text of ``<content>`` when it holds text rather than XML.
        document_main_type: ``ukm:DocumentMainType`` (``UnitedKingdomPublicGeneralAct``).
        year: ``ukm:Year``.
        number: ``ukm:Number``.
        isbn: ``ukm:ISBN``.
        creation_date: ``ukm:CreationDate``.
        effect: in a changes feed, the effect the entry reports.
    """

    model_config = _FROZEN
    id: str
    title: str | None = None
    updated: dt.datetime | None = None
    published: dt.datetime | None = None
    author: str | None = None
    links: tuple[FeedLink, ...] = ()
    summary: str | None = None
    content: str | None = None
    document_main_type: str | None = None
    year: str | None = None
    number: str | None = None
    isbn: str | None = None
    creation_date: dt.date | None = None
    effect: Effect | None = None

    def link(self, rel: str, type: str | None = None) -> str | None:
        """The first link with this relation (and media type, if given), or ``None``."""
        return _find_link(self.links, rel, type)


class Feed(BaseModel):
    """One legislation.gov.uk Atom feed (one page of it).

    Attributes:
        id: the feed's Atom id; ``None`` when the served feed has none (some do not).
        title: ``Search Results``, ``Changes to Legislation``.
        updated: when the feed was generated.
        links: feed links (``self``, ``first``, ``next``, ``alternate`` CSV ...).
        entries: the entries, in served order.
        total_results: OpenSearch ``totalResults``, if given.
        items_per_page: OpenSearch ``itemsPerPage``, if given.
        start_index: OpenSearch ``startIndex``, if given.
        page: legislation.gov.uk ``leg:page``, if given.
        more_pages: ``leg:morePages``: pages after this one, if given.
        total_pages: ``leg:totalPages``, if given.
        source: the file this was read from.
    """

    model_config = _FROZEN
    id: str | None = None
    title: str | None = None
    updated: dt.datetime | None = None
    links: tuple[FeedLink, ...] = ()
    entries: tuple[FeedEntry, ...] = ()
    total_results: int | None = None
    items_per_page: int | None = None
    start_index: int | None = None
    page: int | None = None
    more_pages: int | None = None
    total_pages: int | None = None
    source: str | None = None

    def link(self, rel: str, type: str | None = None) -> str | None:
        """The first link with this relation (and media type, if given), or ``None``."""
        return _find_link(self.links, rel, type)

    def effects(self) -> list[Effect]:
        """The effects reported by a changes feed, in served order."""
        return [e.effect for e in self.entries if e.effect is not None]


# -- helpers ------------------------------------------------------------------------


def _find_link(links: tuple[FeedLink, ...], rel: str, type: str | None) -> str | None:
    for link in links:
        if link.rel == rel and (type is None or link.type == type):
            return link.href
    return None


def _identifier(uri: str | None) -> str | None:
    if not uri:
        return None
    try:
        return canonical_id(uri)
    except IdentifierError:
        return None


def _clean(text: str) -> str:
    return " ".join(text.split())


def _text(el: etree._Element | None) -> str | None:
    """The element's words, white space collapsed; ``None`` when absent or blank."""
    if el is None:
        return None
    # lxml's stubs type itertext() loosely; on a parsed tree it only yields str
    return _clean("".join(cast(Iterable[str], el.itertext()))) or None


def _line(el: etree._Element) -> int | None:
    # lxml's stubs leave sourceline untyped; it is an int, or None for built trees
    line = el.sourceline
    return line if isinstance(line, int) else None


def _datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        # Python 3.11 reads the site's forms: "Z", offsets, and microseconds
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() == "true"


def _blank_none(value: str | None) -> str | None:
    return value if value else None


def _links(el: etree._Element) -> tuple[FeedLink, ...]:
    return tuple(
        FeedLink(
            href=link.get("href", ""),
            rel=link.get("rel") or "alternate",
            type=link.get("type"),
            title=link.get("title"),
        )
        for link in el.iterfind(f"{_A}link")
    )


def _provisions(holder: etree._Element | None) -> tuple[EffectProvision, ...]:
    if holder is None:
        return ()
    out: list[EffectProvision] = []
    for child in holder:
        if child.tag == f"{_U}Section":
            out.append(
                EffectProvision(text=_text(child) or "", ref=child.get("Ref"), uri=child.get("URI"))
            )
        elif child.tag == f"{_U}SectionRange":
            out.append(
                EffectProvision(
                    text=_text(child) or "",
                    ref=child.get("Start"),
                    uri=child.get("URI"),
                    end_ref=child.get("End"),
                    end_uri=child.get("UpTo"),
                )
            )
    return tuple(out)


def _in_force(el: etree._Element) -> EffectInForce:
    return EffectInForce(
        date=_date(el.get("Date")),
        prospective=el.get("Prospective") == "true",
        applied=_bool(el.get("Applied")),
        qualification=_blank_none(el.get("Qualification")),
        commencing_uri=el.get("CommencingURI"),
        commencing_class=el.get("CommencingClass"),
        commencing_provisions=_provisions(el.find(f"{_U}CommencingProvisions")),
        commencing_savings=_provisions(el.find(f"{_U}CommencingSavings")),
        comments=_blank_none(el.get("Comments")),
    )


def _effect(el: etree._Element) -> Effect:
    get = el.get
    in_force_dates = el.find(f"{_U}InForceDates")
    return Effect(
        effect_id=get("EffectId"),
        uri=get("URI"),
        type=get("Type", ""),
        applied=_bool(get("Applied")),
        requires_applied=_bool(get("RequiresApplied")),
        row=_int(get("Row")),
        modified=_datetime(get("Modified")),
        applied_modified=_datetime(get("AppliedModified")),
        affected_uri=get("AffectedURI"),
        affected_class=get("AffectedClass"),
        affected_year=get("AffectedYear"),
        affected_number=get("AffectedNumber"),
        affected_titles=tuple(
            t for x in el.iterfind(f"{_U}AffectedTitle") if (t := _text(x)) is not None
        ),
        affected_provisions=get("AffectedProvisions"),
        affected_provision_refs=_provisions(el.find(f"{_U}AffectedProvisions")),
        affected_extent=get("AffectedExtent"),
        affecting_uri=get("AffectingURI"),
        affecting_class=get("AffectingClass"),
        affecting_year=get("AffectingYear"),
        affecting_number=get("AffectingNumber"),
        affecting_title=_text(el.find(f"{_U}AffectingTitle")),
        affecting_provisions=get("AffectingProvisions"),
        affecting_provision_refs=_provisions(el.find(f"{_U}AffectingProvisions")),
        affecting_extent=get("AffectingEffectsExtent"),
        savings=_provisions(el.find(f"{_U}Savings")),
        commencement_authority=_provisions(el.find(f"{_U}CommencementAuthority")),
        in_force=tuple(_in_force(f) for f in in_force_dates.iterfind(f"{_U}InForce"))
        if in_force_dates is not None
        else (),
        comments=_blank_none(get("Comments")),
        notes=_blank_none(get("Notes")),
    )


def _entry(el: etree._Element, source: str | None) -> FeedEntry:
    entry_id = _text(el.find(f"{_A}id"))
    if entry_id is None:
        # Atom requires an id (RFC 4287 4.1.2); without one an entry cannot be told apart
        raise NotCLMLError("an Atom <entry> has no <id>", path=source, line=_line(el))
    # changes feeds put the effect in the entry (older) or in its <content> (current)
    effect_el = el.find(f"{_U}Effect")
    if effect_el is None:
        effect_el = el.find(f"{_A}content/{_U}Effect")
    content_el = el.find(f"{_A}content")
    content = _text(content_el) if content_el is not None and not len(content_el) else None

    def value(local: str, attr: str = "Value") -> str | None:
        found = el.find(f"{_U}{local}")
        return found.get(attr) if found is not None else None

    return FeedEntry(
        id=entry_id,
        title=_text(el.find(f"{_A}title")),
        updated=_datetime(_text(el.find(f"{_A}updated"))),
        published=_datetime(_text(el.find(f"{_A}published"))),
        author=_text(el.find(f"{_A}author/{_A}name")),
        links=_links(el),
        summary=_text(el.find(f"{_A}summary")),
        content=content,
        document_main_type=value("DocumentMainType"),
        year=value("Year"),
        number=value("Number"),
        isbn=value("ISBN"),
        creation_date=_date(value("CreationDate", "Date")),
        effect=_effect(effect_el) if effect_el is not None else None,
    )


# -- public -------------------------------------------------------------------------


def parse_feed(root: etree._Element, *, source: Path | str | None = None) -> Feed:
    """Turn a parsed Atom feed into a `Feed`.

    Args:
        root: the root element, as `lawgraph.legislation.reader.read_xml` returns it.
        source: the file it came from, for error messages and `Feed.source`.

    Raises:
        NotCLMLError: the root is not an Atom ``<feed>``, or an entry has no ``<id>``.

    Examples:
        >>> from lxml import etree
        >>> feed = parse_feed(etree.fromstring(
        ...     b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Search Results</title>'
        ...     b'<entry><id>http://www.legislation.gov.uk/id/ukpga/2018/12</id></entry></feed>'))
        >>> feed.title, [e.id for e in feed.entries]
        ('Search Results', ['http://www.legislation.gov.uk/id/ukpga/2018/12'])
    """
    src = str(source) if source is not None else None
    if root.tag != f"{_A}feed":
        raise NotCLMLError(
            f"root element is {root.tag!r}, not an Atom <feed>", path=src, line=_line(root)
        )

    def number(tag: str) -> int | None:
        return _int(_text(root.find(tag)))

    return Feed(
        id=_text(root.find(f"{_A}id")),
        title=_text(root.find(f"{_A}title")),
        updated=_datetime(_text(root.find(f"{_A}updated"))),
        links=_links(root),
        entries=tuple(_entry(e, src) for e in root.iterfind(f"{_A}entry")),
        total_results=number(f"{_OS}totalResults"),
        items_per_page=number(f"{_OS}itemsPerPage"),
        start_index=number(f"{_OS}startIndex"),
        page=number(f"{_L}page"),
        more_pages=number(f"{_L}morePages"),
        total_pages=number(f"{_L}totalPages"),
        source=src,
    )


def read_feed(path: Path | str) -> Feed:
    """Read one ``.xml`` or ``.xml.gz`` Atom feed, safely.

    Raises:
        UnsafeXMLError, MalformedXMLError: the file cannot be read safely.
        NotCLMLError: the file is XML but not an Atom feed.
    """
    return parse_feed(read_xml(path), source=path)


def read_any(path: Path | str) -> Document | Feed:
    """Read a file that holds either a CLML document or an Atom feed.

    The root element decides: an Atom ``<feed>`` becomes a `Feed`, anything else is
    parsed as CLML (and refused with `NotCLMLError` if it is not).

    Raises:
        UnsafeXMLError, MalformedXMLError: the file cannot be read safely.
        NotCLMLError: the file is XML but neither a served CLML document nor a feed.
    """
    root = read_xml(path)
    if root.tag == f"{_A}feed":
        return parse_feed(root, source=path)
    return parse_document(root, source=path)
