"""A line break in a provision's text is always a boundary the XML draws.

In the model, ``\\n`` separates blocks (a ``<Text>``, a list item, a table row) and
sub-provisions; the XML's own line breaks inside a ``<Text>`` are only white space in a
sentence. So the words of every ``<Text>`` of the content must lie on one line of the
model's text, whatever inline markup (emphasis, citations, notes) sits among them. The
check is made on every served file of the reference corpus and every CLML file of the
peer fixtures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from lawgraph.legislation.namespaces import LEG
from lawgraph.legislation.parser import _BLOCKS, parse_file
from lawgraph.legislation.reader import read_xml
from tests.conftest import peer_clml_files, require_corpus, served_files

_L = f"{{{LEG}}}"
_CONTENT = (f"{_L}Primary", f"{_L}Secondary", f"{_L}EURetained")
_BLOCK_TAGS = {f"{_L}{name}" for name in _BLOCKS} | {
    f"{{http://www.w3.org/1999/xhtml}}{cell}" for cell in ("td", "th", "tr", "caption")
}


def _files() -> list[Path]:
    return served_files(require_corpus()) + peer_clml_files()


def _squeezed(text: str) -> str:
    # white space is left out on both sides: the model puts single spaces where the XML
    # has runs of white space, and a space after numbers and formulae
    return "".join(text.split())


def _sentences(root: etree._Element) -> list[str]:
    """The words of each ``<Text>`` holding no block of its own, in document order."""
    out = []
    for content in root:
        if content.tag not in _CONTENT:
            continue
        for text in content.iter(f"{_L}Text"):
            if any(d.tag in _BLOCK_TAGS for d in text.iterdescendants()):
                continue
            words = _squeezed("".join(text.itertext()))
            if words:
                out.append(words)
    return out


def _broken_sentences(path: Path) -> list[str]:
    doc = parse_file(path)
    lines = "\n".join(_squeezed(line) for line in doc.full_text().split("\n"))
    broken = []
    at = 0
    for words in _sentences(read_xml(path)):
        # the model keeps document order, so each is found at or after the last; a find
        # from the start covers the few that print out of order (headings)
        found = lines.find(words, at)
        if found < 0:
            found = lines.find(words)
        if found < 0:
            broken.append(words[:80])
        else:
            at = found
    return broken


@pytest.mark.corpus
@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p).split("shared/")[-1])
def test_no_text_is_broken_across_lines(path: Path) -> None:
    assert _broken_sentences(path) == []


def test_an_inline_note_does_not_break_the_sentence_it_sits_in() -> None:
    # regulation 2 of SI 1984/458 as made: a footnote reference in mid-sentence, and the
    # XML's own line breaks around it
    path = require_corpus().parent / "peer-fixtures/cyanheads/uksi-1984-458-made.xml"
    reg = parse_file(path).provision("uksi/1984/458/regulation/2")
    assert reg is not None
    first = reg.text.split("\n")[0]
    assert first == (
        "In regulation 1(2) of the Social Security (Benefit) (Married Women and Widows "
        "Special Provisions) Regulations 1974 for the definition of “the determining "
        "authority” there shall be substituted the following definition—"
    )


def test_a_quoted_paragraph_keeps_its_number_on_its_line() -> None:
    # regulation 16(a) of SI 1984/458 inserts a paragraph (2A) with sub-paragraphs (a), (b)
    path = require_corpus().parent / "peer-fixtures/cyanheads/uksi-1984-458-made.xml"
    reg = parse_file(path).provision("uksi/1984/458/regulation/16/a")
    assert reg is not None
    assert reg.text.split("\n")[1:3] == [
        "(2A) A direction shall not come into force—",
        "(a) until the expiration of the period within which, without any extension time, "
        "an appeal against it may be brought in pursuance of regulation 71 of the Social "
        "Security (Adjudication) Regulations 1984 ; and",
    ]
