"""`lawgraph fetch` and the site's "still generating it" answer (issue 10, item 8).

legislation.gov.uk answers some requests for large Acts with HTTP 202 and an empty body
while it generates them. The fetcher retries a 202 with back-off; when the whole
document is still not served it fetches the contents page and each top-level part and
stores them as one document, which must read exactly as the whole Act does.

The loopback server (127.0.0.1 only) imitates the site: 202 for the whole Act; the real
contents pages (of the reference corpus and the peer fixtures); each part either the
real fragment the corpus holds (``ukla/2017/1/part/3``) or one cut from the real whole
document the way the site cuts them (the first test proves the cutting matches the
site's own fragment).
"""

from __future__ import annotations

import copy
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

import lawgraph.cli.fetch_cmd
import lawgraph.cli.show_cmd  # noqa: F401  (registers the commands)
from lawgraph.cli import app
from lawgraph.errors import FetchError
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.fetch import FetchEvent
from lawgraph.legislation.parser import parse_document
from lawgraph.legislation.parts import part_identifiers
from lawgraph.legislation.reader import xml_from_bytes
from lawgraph.settings import LEGISLATION_ENV, STATUTES_ENV
from tests.support.loopback import LoopbackServer, Reply, Serve
from tests.test_fetch import FakeTime, make_fetcher, shared_xml

LEG = "{http://www.legislation.gov.uk/namespaces/legislation}"
UKM_METADATA = "{http://www.legislation.gov.uk/namespaces/metadata}Metadata"
DC_IDENTIFIER = "{http://purl.org/dc/elements/1.1/}identifier"
ID_URI = "http://www.legislation.gov.uk/id/"
# the real fragments the reference corpus holds; every other part is cut from the Act
REAL_PARTS = {"ukla/2017/1/part/3": "corpus/ukla/2017/1/part/3.xml.gz"}
ATTEMPTS = 5  # the default: one try and 4 retries


@dataclass(frozen=True)
class LargeAct:
    """A document held whole and as a contents page (paths relative to ``../shared``)."""

    act: str
    version: str | None
    whole: str
    contents: str

    def url(self, identifier: str) -> str:
        return f"/{identifier}" + (f"/{self.version}" if self.version else "") + "/data.xml"


def _corpus_pair(act: str) -> LargeAct:
    return LargeAct(
        act, None, f"legislation/corpus/{act}.xml.gz", f"legislation/corpus/{act}/contents.xml.gz"
    )


ACTS = {
    "ukla/2017/1": _corpus_pair("ukla/2017/1"),  # 4 Parts and a Schedule, as enacted
    "ukpga/2023/29": _corpus_pair("ukpga/2023/29"),  # 7 Parts, 14 Schedules, revised
    "uksi/2025/3": _corpus_pair("uksi/2025/3"),  # regulations, signature, explanatory note
    "uksi/1984/458": LargeAct(  # an older SI, as made, from another client's fixtures
        "uksi/1984/458",
        "made",
        "peer-fixtures/cyanheads/uksi-1984-458-made.xml",
        "peer-fixtures/cyanheads/uksi-1984-458-contents-made.xml",
    ),
}


@pytest.fixture
def server(corpus_dir: Path) -> Iterator[LoopbackServer]:
    with LoopbackServer(corpus_dir) as srv:
        yield srv


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "statutes"


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def read(corpus_dir: Path, relative: str) -> etree._Element:
    return xml_from_bytes(shared_xml(corpus_dir, relative))


def shared_bytes(corpus_dir: Path, relative: str) -> bytes:
    """A file under ``../shared``, decompressed if gzip; the test fails if it is absent."""
    data = (corpus_dir.parent / relative).read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def part_as_served(whole: etree._Element, identifier: str) -> bytes:
    """The part of a whole document as the site serves it at ``/<identifier>/data.xml``.

    As in the site's own fragments (``ukla/2017/1/part/3`` here; SI regulations in the
    peer fixtures): the whole document's root and metadata (``dc:identifier`` naming
    the part); the part inside its ancestors, each kept with its own headings (the
    ``P1group`` title over a regulation, the "SCHEDULES" title) but none of its other
    contents; and the document's commentaries, versions and resources.
    """
    wanted = ID_URI + identifier
    unit = next(el for el in whole.iter() if el.get("IdURI") == wanted)
    ancestors = [a for a in unit.iterancestors() if a is not whole][::-1]
    content = ancestors[0] if ancestors else unit
    part = etree.Element(whole.tag, attrib=dict(whole.attrib), nsmap=whole.nsmap)
    for child in whole:
        if child.tag == UKM_METADATA:
            metadata = copy.deepcopy(child)
            metadata.find(DC_IDENTIFIER).text = unit.get("DocumentURI")  # type: ignore[union-attr]
            part.append(metadata)
        elif child is content:
            holder = part
            for ancestor in ancestors:
                shell = etree.SubElement(holder, ancestor.tag, attrib=dict(ancestor.attrib))
                if holder is not part:  # a content root has no headings of its own
                    for item in ancestor:
                        if _heading(item, ancestors, unit):
                            shell.append(copy.deepcopy(item))
                holder = shell
            holder.append(copy.deepcopy(unit))
        else:
            part.append(copy.deepcopy(child))
    return bytes(etree.tostring(part, xml_declaration=True, encoding="UTF-8"))


def _heading(item: etree._Element, path: list[etree._Element], unit: etree._Element) -> bool:
    """True for a child that labels its parent: not on the path, holding no provision."""
    if item is unit or any(item is a for a in path) or not isinstance(item.tag, str):
        return False
    return not any(el.get("IdURI") for el in item.iter())


def imitate_large_act(
    server: LoopbackServer, corpus_dir: Path, act: str, contents: bytes | None = None
) -> list[str]:
    """Script the server: 202 for every try at the whole Act, its contents and parts served.

    Returns the parts, in the order the fetcher should ask for them.
    """
    case = ACTS[act]
    whole = xml_from_bytes(shared_bytes(corpus_dir, case.whole))
    page = contents if contents is not None else shared_bytes(corpus_dir, case.contents)
    parts = part_identifiers(xml_from_bytes(page), act)
    server.script(case.url(act), *[Reply(202)] * ATTEMPTS)
    server.script(case.url(f"{act}/contents"), Serve(page))
    for part in parts:
        if part not in REAL_PARTS:
            server.script(case.url(part), Serve(part_as_served(whole, part)))
    return parts


def test_the_imitation_cuts_parts_as_the_site_does(corpus_dir: Path) -> None:
    whole = read(corpus_dir, "corpus/ukla/2017/1.xml.gz")
    mine = parse_document(xml_from_bytes(part_as_served(whole, "ukla/2017/1/part/3")))
    site = parse_document(read(corpus_dir, REAL_PARTS["ukla/2017/1/part/3"]))
    assert mine.fragment == site.fragment == "ukla/2017/1/part/3"
    assert mine.provisions == site.provisions
    assert mine.title == site.title


def test_the_contents_page_lists_the_top_level_parts(corpus_dir: Path) -> None:
    contents = read(corpus_dir, "corpus/ukla/2017/1/contents.xml.gz")
    assert part_identifiers(contents, "ukla/2017/1") == [
        "ukla/2017/1/part/1",
        "ukla/2017/1/part/2",
        "ukla/2017/1/part/3",
        "ukla/2017/1/part/4",
        "ukla/2017/1/schedule",
    ]
    contents = read(corpus_dir, "corpus/ukpga/2023/29/contents.xml.gz")
    listed = part_identifiers(contents, "ukpga/2023/29")
    assert listed[:7] == [f"ukpga/2023/29/part/{n}" for n in range(1, 8)]
    assert listed[7:] == [f"ukpga/2023/29/schedule/{n}" for n in range(1, 15)]


# -- 202 answers ----------------------------------------------------------------------


def test_202_is_retried_with_back_off_until_served(
    server: LoopbackServer, dest: Path, fake_time: FakeTime, corpus_dir: Path
) -> None:
    events: list[FetchEvent] = []
    server.script("/ukpga/1998/42/data.xml", Reply(202), Reply(202))
    with make_fetcher(dest, server.url, fake_time, progress=events.append) as f:
        result = f.fetch("ukpga/1998/42")
    assert result.status == "downloaded"
    assert gzip.decompress(result.path.read_bytes()) == shared_xml(
        corpus_dir, "ukpga/1998/42.xml.gz"
    )
    assert fake_time.sleeps == pytest.approx([0.375, 0.75])
    retries = [e.detail for e in events if e.kind == "retry"]
    assert retries == ["HTTP 202 Accepted (the site is still preparing it)"] * 2
    assert len(server.requests) == 3


def test_202_retry_after_is_honoured(
    server: LoopbackServer, dest: Path, fake_time: FakeTime
) -> None:
    server.script("/ukpga/1998/42/data.xml", Reply(202, {"Retry-After": "3"}))
    with make_fetcher(dest, server.url, fake_time) as f:
        assert f.fetch("ukpga/1998/42").status == "downloaded"
    assert fake_time.sleeps == [3.0]


def assert_reads_as_the_whole(corpus_dir: Path, dest: Path, act: str) -> None:
    case = ACTS[act]
    assembled = Corpus([dest]).document(act, case.version)
    site = parse_document(xml_from_bytes(shared_bytes(corpus_dir, case.whole)))
    assert assembled.id == site.id == act
    assert assembled.fragment is None
    for field in ("title", "version", "version_date", "enactment_date", "status", "extent"):
        assert getattr(assembled, field) == getattr(site, field), field
    assert assembled.provisions == site.provisions
    assert assembled.commentaries == site.commentaries
    assert assembled.unapplied_effects == site.unapplied_effects


@pytest.mark.parametrize("act", sorted(ACTS))
def test_an_act_still_202_is_fetched_in_parts_and_reads_as_the_whole(
    server: LoopbackServer, dest: Path, fake_time: FakeTime, corpus_dir: Path, act: str
) -> None:
    case = ACTS[act]
    parts = imitate_large_act(server, corpus_dir, act)
    events: list[FetchEvent] = []
    with make_fetcher(dest, server.url, fake_time, progress=events.append) as f:
        result = f.fetch(act, case.version)
    assert result.status == "downloaded"
    suffix = f".{case.version}" if case.version else ""
    assert result.path == dest / f"{act}{suffix}.xml.gz"
    assert [s.path for s in server.requests] == [
        *[case.url(act)] * ATTEMPTS,
        case.url(f"{act}/contents"),
        *[case.url(part) for part in parts],
    ]
    [note] = [e for e in events if e.kind == "parts"]
    assert note.detail == (
        f"HTTP 202 Accepted (the site is still preparing it) after {ATTEMPTS} attempt(s)"
    )
    assert_reads_as_the_whole(corpus_dir, dest, act)


def test_an_instrument_is_fetched_with_its_signature_and_note(corpus_dir: Path) -> None:
    page = xml_from_bytes(shared_bytes(corpus_dir, ACTS["uksi/2025/3"].contents))
    assert part_identifiers(page, "uksi/2025/3") == [
        *[f"uksi/2025/3/regulation/{n}" for n in range(1, 8)],
        "uksi/2025/3/signature",
        "uksi/2025/3/note",
    ]


def test_an_introduction_missing_from_the_contents_page_is_fetched_first(
    server: LoopbackServer, dest: Path, fake_time: FakeTime, corpus_dir: Path
) -> None:
    page = xml_from_bytes(shared_bytes(corpus_dir, ACTS["uksi/2025/3"].contents))
    prelims = page.find(f"{LEG}Secondary/{LEG}SecondaryPrelims")
    assert prelims is not None
    prelims.getparent().remove(prelims)  # type: ignore[union-attr]
    bare = bytes(etree.tostring(page, xml_declaration=True, encoding="UTF-8"))
    parts = imitate_large_act(server, corpus_dir, "uksi/2025/3", contents=bare)
    assert parts[0] == "uksi/2025/3/introduction"
    with make_fetcher(dest, server.url, fake_time) as f:
        f.fetch("uksi/2025/3")
    assert server.requests[ATTEMPTS + 1].path == "/uksi/2025/3/introduction/data.xml"
    assert_reads_as_the_whole(corpus_dir, dest, "uksi/2025/3")


def test_a_part_still_202_fails_naming_it_and_keeps_the_held_copy(
    server: LoopbackServer, dest: Path, fake_time: FakeTime, corpus_dir: Path
) -> None:
    with make_fetcher(dest, server.url, fake_time) as f:
        held = f.fetch("ukla/2017/1").path
        before = held.read_bytes()
        # queued before the part's body, so every try at part 2 gets a 202
        server.script("/ukla/2017/1/part/2/data.xml", *[Reply(202)] * ATTEMPTS)
        imitate_large_act(server, corpus_dir, "ukla/2017/1")
        with pytest.raises(FetchError) as info:
            f.fetch("ukla/2017/1")
    message = str(info.value)
    assert "ukla/2017/1 is not served whole" in message
    assert "its part ukla/2017/1/part/2 is not served either" in message
    assert f"kept the copy already held at {held}" in message
    assert held.read_bytes() == before
    assert "/ukla/2017/1/part/3/data.xml" not in [s.path for s in server.requests]


def test_a_fragment_answered_202_is_not_split_further(
    server: LoopbackServer, dest: Path, fake_time: FakeTime
) -> None:
    server.script("/ukla/2017/1/part/3/data.xml", *[Reply(202)] * ATTEMPTS)
    with (
        make_fetcher(dest, server.url, fake_time) as f,
        pytest.raises(FetchError, match=r"HTTP 202 .* after 5 attempt\(s\); try again"),
    ):
        f.fetch("ukla/2017/1/part/3")
    assert len(server.requests) == ATTEMPTS
    assert not dest.exists()


def test_429_while_fetching_parts_honours_retry_after(
    server: LoopbackServer, dest: Path, fake_time: FakeTime, corpus_dir: Path
) -> None:
    # the fair-use limit answers the first try at part 4, before its body is served
    server.script("/ukla/2017/1/part/4/data.xml", Reply(429, {"Retry-After": "9"}))
    imitate_large_act(server, corpus_dir, "ukla/2017/1")
    with make_fetcher(dest, server.url, fake_time) as f:
        assert f.fetch("ukla/2017/1").status == "downloaded"
    assert 9.0 in fake_time.sleeps
    assert len(server.requests_for("/ukla/2017/1/part/4/data.xml")) == 2


def test_a_contents_page_listing_another_act_is_refused(
    server: LoopbackServer, dest: Path, fake_time: FakeTime, corpus_dir: Path
) -> None:
    page = shared_xml(corpus_dir, "corpus/ukla/2017/1/contents.xml.gz")
    hostile = page.replace(
        b'IdURI="http://www.legislation.gov.uk/id/ukla/2017/1/part/2"',
        b'IdURI="http://www.legislation.gov.uk/id/ukpga/1998/42/section/1"',
    )
    assert hostile != page
    server.script("/ukla/2017/1/data.xml", *[Reply(202)] * ATTEMPTS)
    server.script("/ukla/2017/1/contents/data.xml", Serve(hostile))
    with (
        make_fetcher(dest, server.url, fake_time) as f,
        pytest.raises(FetchError, match=r"lists .*ukpga/1998/42/section/1, not a part of it"),
    ):
        f.fetch("ukla/2017/1")
    assert not dest.exists()
    assert not any("1998/42" in s.path for s in server.requests)


def test_a_contents_entry_without_an_address_is_refused_not_dropped(
    server: LoopbackServer, dest: Path, fake_time: FakeTime
) -> None:
    # the real contents page of the Union with Ireland Act 1800 lists recitals that have
    # no address of their own: an assembled copy would silently lack them
    server.script("/aip/Geo3/40/38/data.xml", *[Reply(202)] * ATTEMPTS)
    with (
        make_fetcher(dest, server.url, fake_time) as f,
        pytest.raises(FetchError, match=r"lists 'The parliaments of Great Britain") as info,
    ):
        f.fetch("aip/Geo3/40/38")
    assert "without an address, so it cannot be fetched on its own" in str(info.value)
    assert not dest.exists()


def test_cli_fetches_in_parts_and_show_reads_the_result(
    server: LoopbackServer,
    dest: Path,
    corpus_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    imitate_large_act(server, corpus_dir, "ukla/2017/1")
    runner = CliRunner()
    args = ["fetch", "ukla/2017/1", "--dest", str(dest), "--base-url", server.url]
    result = runner.invoke(app, [*args, "--retries", "0"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[:2] == ["downloaded", "ukla/2017/1"]
    empty = tmp_path / "no-reference"
    empty.mkdir()
    monkeypatch.setenv(STATUTES_ENV, str(dest))
    monkeypatch.setenv(LEGISLATION_ENV, str(empty))
    shown = runner.invoke(app, ["show", "ukla/2017/1/section/3", "--json"])
    assert shown.exit_code == 0, shown.output
    assert "Company name and adoption of model articles" in shown.stdout
    assert "Faversham Oyster Fishery Company Act 2017" in shown.stdout
