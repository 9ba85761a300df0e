"""Does the model hold every word and every provision of every served file we have?

For each served CLML file in the reference corpus and each CLML file of the peer fixtures
(../shared/peer-fixtures: another client's genuine responses), the counts of sections, schedules,
schedule paragraphs, regulations and articles in the model must equal the counts of the
corresponding elements in the raw XML, and the letters and digits of the model must equal
those of the XML's content (markup, white space and punctuation ignored), as multisets,
so a dropped or duplicated word, table, list or heading fails the test. (Letters, not
words: the XML sometimes splits one word across elements, "<Emphasis>B</Emphasis>e".)
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from lawgraph.legislation.models import Document, ProvisionKind
from lawgraph.legislation.namespaces import LEG
from lawgraph.legislation.parser import parse_file
from lawgraph.legislation.reader import read_xml
from tests.conftest import peer_clml_files, require_corpus, served_files

_WORD = re.compile(r"\w+")
_L = f"{{{LEG}}}"
# Not provisions of this document: quoted amendments, the explanatory note (not law),
# and numbered paragraphs printed inside table cells (table text, with no address).
_NOT_UNITS = {
    f"{_L}BlockAmendment",
    f"{_L}BlockExtract",
    f"{_L}Versions",
    f"{_L}ExplanatoryNotes",
    "{http://www.w3.org/1999/xhtml}td",
}
_UNIT_OF = {
    "section": "section",
    "paragraph": "paragraph",
    "article": "article",
    "regulation": "regulation",
    "rule": "rule",
}


def _files() -> list[Path]:
    return served_files(require_corpus()) + peer_clml_files()


def _words(text: str) -> Counter[str]:
    """Letters and digits, counted: independent of how markup splits or joins words."""
    return Counter(ch for ch in text if ch.isalnum())


def _word_diff(expected: str, actual: str) -> str:
    """A readable account of which words differ, for the failure message."""
    a, b = Counter(_WORD.findall(expected)), Counter(_WORD.findall(actual))
    return f"missing words {dict(a - b)}; extra words {dict(b - a)}"


def _raw_units(root: etree._Element) -> Counter[str]:
    """Count provisions in the raw XML by their address, outside quoted text.

    A numbered element counts as the unit its address names (``.../section/8`` is a
    section, ``.../schedule/1/paragraph/18`` a paragraph); a ``P1`` with no address counts
    as the unit its place implies.
    """
    counts: Counter[str] = Counter()
    numbered = [f"{_L}P{i}" for i in range(1, 8)] + [f"{_L}P"]
    for content in root:
        if content.tag not in (f"{_L}Primary", f"{_L}Secondary", f"{_L}EURetained"):
            continue
        for el in content.iter(f"{_L}Schedule", *numbered):
            if any(a.tag in _NOT_UNITS for a in el.iterancestors()):
                continue
            if el.tag == f"{_L}Schedule":
                counts["schedule"] += 1
                continue
            uri = el.get("IdURI") or el.get("DocumentURI")
            if uri:
                segments = uri.split("/")
                if segments[-2] in _UNIT_OF:
                    counts[_UNIT_OF[segments[-2]]] += 1
            elif el.tag == f"{_L}P1":
                counts[_unaddressed_kind(el)] += 1
    return counts


def _unaddressed_kind(el: etree._Element) -> str:
    """What a P1 without an address is: a schedule paragraph, or the document's unit."""
    if any(a.tag == f"{_L}Schedule" for a in el.iterancestors()):
        return "paragraph"
    root = el.getroottree().getroot()
    for content in root:
        if content.tag == f"{_L}Secondary":
            return "regulation"
        if content.tag == f"{_L}EURetained":
            return "article"
    return "section"


def _model_units(doc: Document) -> Counter[str]:
    counts: Counter[str] = Counter()
    for p in doc.walk():
        if p.kind is ProvisionKind.SCHEDULE:
            counts["schedule"] += 1
        elif p.kind.value in _UNIT_OF and p.id.rsplit("/", 2)[-2] == p.kind.value:
            counts[p.kind.value] += 1
    return counts


def _raw_content_text(root: etree._Element) -> str:
    return " ".join(
        " ".join(content.itertext())
        for content in root
        if content.tag in (f"{_L}Primary", f"{_L}Secondary", f"{_L}EURetained")
    )


def _raw_block_words(root: etree._Element, block: str) -> Counter[str]:
    el = root.find(f"{_L}{block}")
    return _words(" ".join(el.itertext())) if el is not None else Counter()


def _contents_words(doc: Document) -> Counter[str]:
    words: Counter[str] = Counter()
    stack = list(doc.contents)
    while stack:
        entry = stack.pop()
        words += _words(f"{entry.number or ''} {entry.title}")
        stack.extend(entry.children)
    return words


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p).split("shared/")[-1])
def test_every_provision_and_word_is_in_the_model(path: Path) -> None:
    root = read_xml(path)
    doc = parse_file(path)
    assert _model_units(doc) == _raw_units(root), "provision counts differ"
    raw_text, model_text = _raw_content_text(root), doc.full_text()
    assert _words(model_text) == _words(raw_text), _word_diff(raw_text, model_text)
    notes = Counter[str]()
    for c in doc.commentaries.values():
        notes += _words(c.text)
    expected_notes = (
        _raw_block_words(root, "Commentaries")
        + _raw_block_words(root, "Footnotes")
        + _raw_block_words(root, "MarginNotes")
    )
    assert notes == expected_notes, "commentary or footnote text differs"
    assert _contents_words(doc) == _raw_block_words(root, "Contents")
    assert _model_note_refs(doc) == _raw_note_refs(root), "a note reference was lost"


def _raw_note_refs(root: etree._Element) -> set[str]:
    """Every note the content refers to: CommentaryRef elements and amendment attributes."""
    refs: set[str] = set()
    for content in root:
        if content.tag not in (f"{_L}Primary", f"{_L}Secondary", f"{_L}EURetained"):
            continue
        for el in content.iter(f"{_L}CommentaryRef", f"{_L}FootnoteRef", f"{_L}MarginNoteRef"):
            refs.add(el.get("Ref") or "")
        for el in content.iter(f"{_L}Addition", f"{_L}Substitution", f"{_L}Repeal"):
            if el.get("CommentaryRef"):
                refs.add(el.get("CommentaryRef") or "")
    return refs


def _model_note_refs(doc: Document) -> set[str]:
    return {c for p in doc.walk() for c in p.commentaries}


def test_the_corpus_holds_what_the_readme_says() -> None:
    files = served_files(require_corpus())
    # 110 served CLML documents: DPA 2018 x3, HRA 1998 and the stress corpus
    assert len(files) == 110
    # and 14 from the peer fixtures, beside 9 Atom feeds
    assert len(peer_clml_files()) == 14
    assert sum(1 for f in files if f.parent.name == "2018" and f.name.startswith("12.")) == 3
