"""Reading a document that legislation.gov.uk serves only in parts as one document.

For some large Acts the site answers ``/data.xml`` with HTTP 202 and an empty body while
it generates the whole document, yet serves the table of contents
(``/contents/data.xml``) and each top-level part of the Act (``/part/1/data.xml``,
``/schedule/2/data.xml`` ...) at once. `part_identifiers` reads the contents page for
those parts; `assemble` joins the contents page and the parts into one CLML document
shaped as the site serves a whole one, so everything downstream (the parser, the corpus,
``lawgraph show``, ``check`` and the graph) reads it like any other whole document.

Why one document rather than the parts stored as fragments: the corpus, the title table
and the knowledge checks look documents up whole (a provision is read from its
document's latest version, and a citation is checked against that document); a set of
fragments would be invisible to all of them. The contents page carries the document's
own metadata (title, dates, version, unapplied effects) and its introduction, and each
part repeats the root identifiers of the whole, so nothing needs inventing: the result
is the site's own elements, rearranged.

Nothing here touches the network; `lawgraph.legislation.fetch` does the fetching.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from typing import cast

from lxml import etree

from lawgraph.errors import FetchError, IdentifierError
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.namespaces import LEG, clark

__all__ = ["assemble", "part_identifiers"]

_DC = "http://purl.org/dc/elements/1.1/"
_ATOM_LINK = "{http://www.w3.org/2005/Atom}link"
_NAVIGATION = "http://www.legislation.gov.uk/def/navigation/"
_PRELIMS = frozenset(clark(LEG, n) for n in ("PrimaryPrelims", "SecondaryPrelims", "EUPrelims"))
_CONTENT_ROOTS = frozenset(clark(LEG, n) for n in ("Primary", "Secondary", "EURetained"))
_CONTENTS = clark(LEG, "Contents")
_METADATA_LOCAL = "Metadata"
# the labels of an entry, not entries themselves
_LABELS = frozenset({"ContentsNumber", "ContentsTitle"})


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _entries(el: etree._Element) -> Iterator[etree._Element]:
    for child in el:
        name = _local(child)
        if name.startswith("Contents") and name not in _LABELS:
            yield child


def _label(entry: etree._Element) -> str:
    words = [
        " ".join("".join(str(t) for t in child.itertext()).split())
        for child in entry
        if _local(child) in _LABELS
    ]
    return " ".join(w for w in words if w) or _local(entry)


def part_identifiers(contents: etree._Element, document: str) -> list[str]:
    """The identifiers of the parts a contents page lists, in document order.

    A top-level entry with an address (a Part, a Schedule, a section standing alone) is
    one part; a group without an address of its own (``ContentsSchedules``) is looked
    through to its entries. The pieces of an instrument the table does not list but
    its metadata links to are added where the whole document has them: the
    introduction first (only when the contents page does not carry it already), the
    signature and the explanatory note last.

    Args:
        contents: the root of a ``/contents/data.xml`` page.
        document: the document asked for (``ukpga/2000/8``); every part must belong to it.

    Raises:
        FetchError: the page has no contents, lists nothing, lists an entry with no
            address (so it could not be fetched and the document would silently lack
            it), or lists a part of another document.
    """
    table = contents.find(_CONTENTS)
    if table is None:
        raise FetchError(f"the contents page of {document} has no <Contents>")
    found: list[str] = []
    for entry in _entries(table):
        if _address(entry) is None and any(True for _ in _entries(entry)):
            found.extend(_part_id(child, document) for child in _entries(entry))
        else:
            found.append(_part_id(entry, document))
    if not found:
        raise FetchError(f"the contents page of {document} lists no parts")
    links = _navigation_links(contents)
    if "introduction" in links and not _carries_prelims(contents):
        found.insert(0, _part_of(links["introduction"], document, "links to"))
    found.extend(
        _part_of(links[n], document, "links to") for n in ("signature", "note") if n in links
    )
    return list(dict.fromkeys(found))


def _navigation_links(contents: etree._Element) -> dict[str, str]:
    metadata = next((c for c in contents if _local(c) == _METADATA_LOCAL), None)
    links: dict[str, str] = {}
    for link in metadata.iter(_ATOM_LINK) if metadata is not None else ():
        rel, href = link.get("rel") or "", link.get("href")
        if rel.startswith(_NAVIGATION) and href:
            links.setdefault(rel.removeprefix(_NAVIGATION), href)
    return links


def _carries_prelims(contents: etree._Element) -> bool:
    return any(
        section.tag in _PRELIMS
        for child in contents
        if child.tag in _CONTENT_ROOTS
        for section in child
    )


def _address(entry: etree._Element) -> str | None:
    return entry.get("IdURI") or entry.get("DocumentURI")


def _part_id(entry: etree._Element, document: str) -> str:
    uri = _address(entry)
    if uri is None:
        raise FetchError(
            f"the contents page of {document} lists {_label(entry)!r} without an address, "
            "so it cannot be fetched on its own"
        )
    return _part_of(uri, document, "lists")


def _part_of(uri: str, document: str, verb: str) -> str:
    """The identifier ``uri`` names, if it is a part of ``document``."""
    try:
        lid = LegislationId.parse(uri)
    except IdentifierError as exc:
        raise FetchError(f"the contents page of {document} {verb} {uri!r}: {exc}") from exc
    if str(lid.document) != document or lid.is_document:
        raise FetchError(f"the contents page of {document} {verb} {uri}, not a part of it")
    return str(lid)


def assemble(contents: etree._Element, parts: Sequence[etree._Element]) -> bytes:
    """Join a contents page and its parts into one whole CLML document.

    The result has the contents page's root and metadata (its ``dc:identifier`` set to
    the whole document's URI), then one ``Primary`` / ``Secondary`` / ``EURetained``
    whose sections (prelims, body, schedules) hold the contents page's introduction
    followed by each part's elements in the order given (a heading that several parts
    repeat, such as the schedules' title, once); then the commentaries,
    footnotes, versions and resources of all of them, each id once.

    Args:
        contents: the parsed contents page (already checked to name the document).
        parts: the parsed parts, in contents order (already checked likewise).

    Returns:
        The document as UTF-8 XML bytes.
    """
    root = _shell(contents, nsmap=cast("dict[str, str]", contents.nsmap))
    metadata = next((c for c in contents if _local(c) == _METADATA_LOCAL), None)
    if metadata is not None:
        metadata = copy.deepcopy(metadata)
        identifier = metadata.find(f"{{{_DC}}}identifier")
        whole = contents.get("DocumentURI") or contents.get("IdURI")
        if identifier is not None and whole:
            identifier.text = whole
        root.append(metadata)
    root.append(
        etree.Comment(
            f" assembled by lawgraph from the contents page and {len(parts)} part(s), "
            "because the whole document was not served "
        )
    )
    content_roots: dict[str, etree._Element] = {}
    sections: dict[tuple[str, str], etree._Element] = {}
    labels: dict[tuple[str, str], set[bytes]] = {}
    extras: dict[str, etree._Element] = {}
    seen_ids: dict[str, set[str]] = {}
    for source in (contents, *parts):
        for child in source:
            if not isinstance(child.tag, str) or child.tag == _CONTENTS:
                continue
            if _local(child) == _METADATA_LOCAL:
                continue
            if child.tag in _CONTENT_ROOTS:
                _merge_content(root, child, content_roots, sections, labels)
            else:
                _merge_extra(child, extras, seen_ids)
    for block in extras.values():
        root.append(block)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _shell(el: etree._Element, nsmap: dict[str, str] | None = None) -> etree._Element:
    """A new element with ``el``'s tag and attributes and no children."""
    shell = etree.Element(str(el.tag), nsmap=nsmap)
    for name, value in el.attrib.items():
        shell.set(name, value)
    return shell


def _merge_content(
    root: etree._Element,
    child: etree._Element,
    content_roots: dict[str, etree._Element],
    sections: dict[tuple[str, str], etree._Element],
    labels: dict[tuple[str, str], set[bytes]],
) -> None:
    tag = str(child.tag)
    into = content_roots.get(tag)
    if into is None:
        into = content_roots[tag] = _shell(child)
        root.append(into)
    for section in child:
        if not isinstance(section.tag, str):
            continue
        key = (tag, str(section.tag))
        target = sections.get(key)
        if target is None:
            target = sections[key] = _shell(section)
            target.text = section.text
            into.append(target)
            labels[key] = set()
        for item in section:
            if isinstance(item.tag, str) and item.get("IdURI") is None and item.get("id") is None:
                # a heading every part repeats (the "SCHEDULES" title): keep it once
                label = etree.tostring(item, with_tail=False)
                if label in labels[key]:
                    continue
                labels[key].add(label)
            target.append(copy.deepcopy(item))


def _merge_extra(
    child: etree._Element, extras: dict[str, etree._Element], seen_ids: dict[str, set[str]]
) -> None:
    tag = str(child.tag)
    block = extras.get(tag)
    if block is None:
        block = extras[tag] = _shell(child)
        seen_ids[tag] = set()
    seen = seen_ids[tag]
    for item in child:
        item_id = item.get("id") if isinstance(item.tag, str) else None
        if item_id is not None:
            if item_id in seen:
                continue
            seen.add(item_id)
        block.append(copy.deepcopy(item))
