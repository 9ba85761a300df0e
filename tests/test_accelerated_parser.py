"""The compiled C reader gives exactly the documents the Python parser gives.

`lawgraph.legislation.parser` is the reference; ``_cparser`` does its walk of the tree in
C for speed. Every served and suspect file of the reference corpus and every CLML file
of the peer fixtures (../shared/peer-fixtures), and hand-made trees
with the rarer shapes of XML (comments, CDATA, unknown and missing namespaces, every kind
of whitespace, marks and notes in odd places), must come out equal, errors included.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from lawgraph.legislation import parser
from lawgraph.legislation.models import Document
from lawgraph.legislation.reader import read_xml
from tests.conftest import peer_clml_files, require_corpus, served_files

if not parser.accelerated():
    if os.environ.get("CI"):
        # CI installs the package with its build step: the reader must have been built
        pytest.fail("the C reader (_cparser) was not built or did not load", pytrace=False)
    pytest.skip(
        "the C reader is not built here (pip install -e . builds it where a C compiler "
        "is present); the Python parser is in use and tested elsewhere",
        allow_module_level=True,
    )

C_READER = parser._C_READER


def _both(root: etree._Element) -> tuple[Document | str, Document | str]:
    """The document (or the error) from the C reader, then from the Python parser."""
    out: list[Document | str] = []
    for reader in (C_READER, None):
        parser._C_READER = reader
        try:
            out.append(parser.parse_document(root, source="test"))
        except Exception as exc:  # the same error is what is compared
            out.append(f"{type(exc).__name__}: {exc}")
        finally:
            parser._C_READER = C_READER
    return out[0], out[1]


def _corpus_files() -> list[Path]:
    root = require_corpus()
    return served_files(root) + sorted((root / "suspect").rglob("*.xml.gz")) + peer_clml_files()


@pytest.mark.corpus
def test_every_corpus_file_reads_the_same_in_c_and_in_python() -> None:
    files = _corpus_files()
    assert len(files) > 150
    assert sum(1 for f in files if "peer-fixtures" in f.parts) == 14
    differ = []
    for path in files:
        try:
            root = read_xml(path)
        except Exception:
            continue  # unreadable files never reach the parser
        fast, reference = _both(root)
        if fast != reference:
            differ.append(path.name)
        elif isinstance(fast, Document):
            assert fast.unknown_elements == reference.unknown_elements  # type: ignore[union-attr]
    assert not differ, f"C reader differs from the parser on: {differ}"


LEG = "http://www.legislation.gov.uk/namespaces/legislation"
UKM = "http://www.legislation.gov.uk/namespaces/metadata"


def _document(body: str, *, extra: str = "", metadata: str = "") -> etree._Element:
    xml = f"""<Legislation xmlns="{LEG}" xmlns:ukm="{UKM}"
        xmlns:dc="http://purl.org/dc/elements/1.1/"
        IdURI="http://www.legislation.gov.uk/id/ukpga/2099/1"
        DocumentURI="http://www.legislation.gov.uk/ukpga/2099/1" RestrictExtent="E+W">
      <ukm:Metadata>
        <dc:identifier>http://www.legislation.gov.uk/ukpga/2099/1</dc:identifier>
        <dc:title>Test Act 2099</dc:title>
        <ukm:PrimaryMetadata><ukm:DocumentClassification>
          <ukm:DocumentCategory Value="primary"/>
          <ukm:DocumentStatus Value="revised"/>
        </ukm:DocumentClassification></ukm:PrimaryMetadata>
        {metadata}
      </ukm:Metadata>
      <Primary><Body>{body}</Body></Primary>
      {extra}
    </Legislation>"""
    # comments and processing instructions are kept: trees built elsewhere may have them
    keep = etree.XMLParser(remove_comments=False, remove_pis=False, resolve_entities=False)
    return etree.fromstring(xml.encode("utf-8"), parser=keep)


def _section(number: str, inner: str, attrs: str = "") -> str:
    uri = f"http://www.legislation.gov.uk/id/ukpga/2099/1/section/{number}"
    return f'<P1 IdURI="{uri}" {attrs}><Pnumber>{number}</Pnumber><P1para>{inner}</P1para></P1>'


EDGE_CASES = {
    "comments and processing instructions": _section(
        "1", "<Text>one <!-- a note --> two<?pi data?> three</Text><!-- between -->"
    ),
    "CDATA": _section("2", "<Text>before <![CDATA[inside <b>]]> after</Text>"),
    "whitespace of every kind": _section(
        "3",
        "<Text>\u00a0lead\u2003em\u3000ideo\ttab\r\ncrlf  double \x85\u2028ls</Text>"
        "<Text>   </Text><Text>\u1680x\u200ay\u202fz\u205fw </Text>",
    ),
    "single spaces at the edges": _section(
        "3A", "<Text> lead</Text><Text>trail </Text><Text> both </Text><Text>in  side</Text>"
    ),
    "unknown elements, namespaces and none": _section(
        "4",
        '<Text>a <Foo>known ns</Foo> <x:Bar xmlns:x="urn:x">other ns</x:Bar> '
        '<Plain xmlns="">no ns</Plain> b</Text>',
    ),
    "marks, notes and citations": _section(
        "5",
        '<Text><Substitution CommentaryRef="c1" ChangeId="k1">new <Emphasis>words'
        '</Emphasis></Substitution> and <CommentaryRef Ref="c2"/> see '
        '<Citation URI="http://www.legislation.gov.uk/id/ukpga/1998/42">HRA 1998</Citation>'
        ' and <Citation URI="http://www.legislation.gov.uk/ukpga/1998/42/data.xml">it</Citation>'
        ' and <CitationSubRef URI="http://www.legislation.gov.uk/id/ukpga/1998/42/section/6">'
        "s.6</CitationSubRef> <Repeal>gone</Repeal><Addition/></Text>",
    ),
    "attributes with entities and empty values": _section(
        "6", "<Text>x</Text>", attrs='Status="" RestrictStartDate="2020-01-01" Match="false"'
    )
    + '<P1 IdURI="http://www.legislation.gov.uk/id/ukpga/2099/1/section/6&amp;A">'
    "<Pnumber>6A</Pnumber><P1para><Text>y</Text></P1para></P1>",
    "groups": (
        "<P1group><Title>Heading <CommentaryRef Ref='c3'/></Title>"
        + _section("7", "<Text>a</Text>")
        + _section("8", "<Text>b</Text>")
        + "</P1group><P1group><Title>Only words</Title><P><Text>loose</Text></P></P1group>"
        + "<P1group><Title>One</Title>"
        + _section("9", "<Text>c</Text>")
        + "</P1group>"
    ),
    "unaddressed and read-through paragraphs": (
        "<P1><Pnumber>10</Pnumber><P1para><Text>no address</Text>"
        "<P2><Pnumber>1</Pnumber><P2para><Text>sub</Text></P2para></P2></P1para></P1>"
        '<P IdURI="http://www.legislation.gov.uk/id/ukpga/2099/1/paragraph/x">'
        "<Text>addressed</Text></P>"
        "<P><P1><Pnumber>11</Pnumber><P1para><Text>held</Text></P1para></P1></P>"
    ),
    "tails, numbers and headings out of place": _section(
        "12",
        "<Text>a</Text> tail words <Text>b</Text><Pnumber>second</Pnumber>"
        "<Title>late title</Title>",
    )
    + '<P1 IdURI="http://www.legislation.gov.uk/id/ukpga/2099/1/section/13">'
    "<Text>before number</Text><Pnumber>(13)</Pnumber><Title>T</Title></P1>",
    "source line breaks around inline markup": _section(
        "15",
        "<Text>In regulation\n1(2) of the <Emphasis>Act\n1974</Emphasis>\nfor the\r\n"
        "definition<FootnoteRef Ref='f1'/>\n</Text><Text>\n second\nline </Text>",
    ),
    "numbers of quoted paragraphs": _section(
        "16",
        "<Text>insert—</Text><BlockAmendment><P1group><Title>Quoted</Title><P1>"
        "<Pnumber>2A</Pnumber><P1para><P2><Pnumber><Substitution>3</Substitution></Pnumber>"
        "<P2para><Text>A direction\nshall</Text><P3><Pnumber>a</Pnumber><P3para><Text>"
        "until</Text></P3para></P3><P3><Pnumber/><P3para/></P3></P2para></P2><P2>"
        "<Pnumber>4</Pnumber></P2></P1para></P1></P1group><P4><Pnumber> i </Pnumber>"
        "\n<Text>x</Text></P4></BlockAmendment>",
    ),
    "loose text in the body": "<Text>loose <CommentaryRef Ref='c4'/></Text><Para/>",
    "parts and schedules": (
        '<Part IdURI="http://www.legislation.gov.uk/id/ukpga/2099/1/part/1">'
        "<Number>PART 1</Number><Title>General</Title>"
        + _section("14", "<Text>in part</Text>")
        + "</Part>"
        + '<Schedules><Schedule IdURI="http://www.legislation.gov.uk/id/ukpga/2099/1/'
        'schedule/1"><Number>SCHEDULE 1</Number><ScheduleBody><P1><Pnumber>1</Pnumber>'
        "<P1para><Text>para</Text></P1para></P1></ScheduleBody></Schedule></Schedules>"
    ),
}

NOTES = """
<Commentaries><Commentary id="c1" Type="F"><Para><Text>Words substituted by
  <Citation URI="http://www.legislation.gov.uk/id/ukpga/2004/31">Children Act 2004</Citation>
  <CitationSubRef URI="http://www.legislation.gov.uk/id/ukpga/2004/31/section/11">s. 11
  </CitationSubRef></Text></Para></Commentary>
  <Commentary id="c2"><Para><Text>  odd   spacing\u00a0here </Text></Para></Commentary>
</Commentaries>
<Footnotes><Footnote id="f1"><FootnoteText><Para><Text>foot</Text></Para></FootnoteText>
</Footnote></Footnotes>
<MarginNotes><MarginNote id="m1"><Text>margin</Text></MarginNote></MarginNotes>
<Contents><ContentsTitle>Test <Emphasis>Act</Emphasis></ContentsTitle>
  <ContentsPart IdURI="http://www.legislation.gov.uk/id/ukpga/2099/1/part/1" Status="Prospective">
    <ContentsNumber>Part 1</ContentsNumber><ContentsTitle>General</ContentsTitle>
    <ContentsItem DocumentURI="http://www.legislation.gov.uk/ukpga/2099/1/section/1">
      <ContentsNumber>1</ContentsNumber><ContentsTitle>First</ContentsTitle></ContentsItem>
  </ContentsPart><Unknown/><!-- c --></Contents>
"""

EFFECTS = """
<ukm:UnappliedEffects>
  <ukm:UnappliedEffect Type="substituted" AffectedProvisions="s. 1"
      AffectingURI="http://www.legislation.gov.uk/id/ukpga/2026/21" AffectingProvisions="s. 4">
    <ukm:AffectingTitle>Children's Wellbeing and Schools Act 2026</ukm:AffectingTitle>
    <ukm:InForceDates><ukm:InForce Date="2026-06-01"/><ukm:InForce Prospective="true"/>
    </ukm:InForceDates>
  </ukm:UnappliedEffect>
  <ukm:UnappliedEffect Type="" AffectingURI="http://www.legislation.gov.uk/ukpga/2026/21/data.xml">
    <ukm:AffectingTitle/></ukm:UnappliedEffect>
</ukm:UnappliedEffects>
"""


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_hand_made_shapes_read_the_same(case: str) -> None:
    root = _document(EDGE_CASES[case], extra=NOTES, metadata=EFFECTS)
    fast, reference = _both(root)
    assert isinstance(reference, Document), reference
    assert fast == reference
    assert fast.unknown_elements == reference.unknown_elements  # type: ignore[union-attr]


def test_the_hand_made_shapes_are_what_they_claim() -> None:
    # the edge cases above must exercise what they are named for, or they test nothing
    root = _document("".join(EDGE_CASES.values()), extra=NOTES, metadata=EFFECTS)
    doc = parser.parse_document(root)
    assert set(doc.unknown_elements) >= {"Foo", "{urn:x}Bar", "Unknown"}
    s5 = doc.provision("ukpga/2099/1/section/5")
    assert s5 is not None
    assert [m.kind for m in s5.amendments] == ["substitution", "repeal", "addition"]
    assert [r.target for r in s5.references] == [
        "ukpga/1998/42",
        "ukpga/1998/42",
        "ukpga/1998/42/section/6",
    ]
    s3 = doc.provision("ukpga/2099/1/section/3")
    assert s3 is not None and "lead em ideo tab crlf double ls" in s3.text
    assert doc.commentaries["c2"].text == "odd spacing here"
    assert [e.prospective for e in doc.unapplied_effects] == [True, False]
    assert doc.contents[1].status.value == "prospective"


_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_TEXT = st.text(alphabet=st.sampled_from("ab\u00e9\u201c\u2014" + _WHITESPACE), max_size=40)


@settings(max_examples=120, deadline=None)
@example(words=[" a", "b ", " c "], tail=" d", inline="Emphasis")
@given(
    words=st.lists(_TEXT, min_size=1, max_size=4),
    tail=_TEXT,
    inline=st.sampled_from(["Emphasis", "Text", "Foo", "Citation", "P"]),
)
def test_any_text_is_cleaned_the_same(words: list[str], tail: str, inline: str) -> None:
    def esc(text: str) -> str:
        # characters XML 1.0 cannot carry are left out; the rest is escaped
        ok = "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)
        return ok.replace("&", "&amp;").replace("<", "&lt;")

    inner = f"<{inline}>{esc(words[0])}</{inline}>{esc(tail)}".join(
        f"<Text>{esc(w)}</Text>" for w in words
    )
    body = _section("1", f"<Text>{esc(words[-1])}<Emphasis>{esc(tail)}</Emphasis></Text>{inner}")
    fast, reference = _both(_document(body))
    assert fast == reference


@settings(max_examples=80, deadline=None)
@given(
    number=_TEXT,
    words=st.lists(_TEXT, min_size=1, max_size=3),
    level=st.sampled_from(["P1", "P2", "P4", "P7", "P"]),
)
def test_quoted_numbers_are_cleaned_the_same(number: str, words: list[str], level: str) -> None:
    # a number inside quoted text is glued to the words after it, across any white space
    def esc(text: str) -> str:
        ok = "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)
        return ok.replace("&", "&amp;").replace("<", "&lt;")

    texts = "".join(f"<Text>{esc(w)}</Text>{esc(w)}" for w in words)
    quoted = f"<{level}><Pnumber>{esc(number)}</Pnumber>{esc(words[0])}<{level}para>{texts}"
    quoted += f"</{level}para></{level}>"
    body = _section("1", f"<Text>insert</Text><BlockAmendment>{quoted}</BlockAmendment>")
    fast, reference = _both(_document(body))
    assert fast == reference


def test_the_python_parser_is_used_when_asked() -> None:
    code = "from lawgraph.legislation.parser import accelerated; print(accelerated())"
    env = {**os.environ, parser.PURE_PYTHON_ENV: "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def _walk_ids(doc: Document) -> Iterator[str]:
    return (p.id for p in doc.walk())


@pytest.mark.corpus
def test_the_reader_leaves_nothing_behind_between_documents() -> None:
    # the tag table is keyed by libxml2's name addresses: a document read after another
    # must not see the first one's names
    files = served_files(require_corpus())[:12]
    first = [list(_walk_ids(parser.parse_file(p))) for p in files]
    again = [list(_walk_ids(parser.parse_file(p))) for p in reversed(files)]
    assert first == list(reversed(again))


_DEEP = """
import sys
from lxml import etree
sys.path.insert(0, {root!r})
from tests.test_accelerated_parser import _document, _both

# a tree built by hand can nest deeper than libxml2 would ever parse (256 levels)
root = _document("<P1><Pnumber>1</Pnumber><P1para><Text>x</Text></P1para></P1>")
node = root.find(".//{{*}}" + {start!r})
for _ in range({depth}):
    node = etree.SubElement(node, "{{http://www.legislation.gov.uk/namespaces/legislation}}"
                            + {tag!r})
node.text = "deep"
print(*_both(root), sep="\\n")
"""


@pytest.mark.parametrize(
    ("start", "tag"),
    [("Text", "Emphasis"), ("Text", "Citation"), ("P1para", "P1para"), ("P1para", "P2")],
)
def test_a_tree_nested_too_deep_is_refused_with_an_error_not_a_crash(start: str, tag: str) -> None:
    # inline markup, marks, containers read through, and provisions: each walk recurses
    checkout = str(Path(__file__).resolve().parents[1])
    code = _DEEP.format(root=checkout, depth=20_000, start=start, tag=tag)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    # a crash would end the process with a signal and print nothing
    assert result.returncode == 0, result.stderr[-2000:]
    fast, reference = result.stdout.splitlines()
    assert fast.startswith("RecursionError"), fast
    assert reference.startswith("RecursionError"), reference
