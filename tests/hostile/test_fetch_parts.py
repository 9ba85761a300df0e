"""`lawgraph fetch` and the site's "still generating it" answer (issue 10, item 8).

legislation.gov.uk answers some requests for large Acts with HTTP 202 and an empty body
while it generates them. The fetcher retries a 202 with back-off; when the whole
document is still not served it fetches the contents page and each top-level part and
stores them as one document, which must read exactly as the whole Act does.

The loopback server (127.0.0.1 only) imitates the site: 202 for the whole Act; the real
contents pages of the reference corpus; each part either the real fragment the corpus
holds (``ukla/2017/1/part/3``) or one cut from the real whole Act the way the site cuts
them (the first test proves the cutting matches the site's own fragment).
"""

from __future__ import annotations

import copy
import gzip
from collections.abc import Iterator
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
ACTS = {
    "ukla/2017/1": "corpus/ukla/2017/1.xml.gz",  # 4 Parts and a Schedule, as enacted
    "ukpga/2023/29": "corpus/ukpga/2023/29.xml.gz",  # 7 Parts, 14 Schedules, revised
}
ATTEMPTS = 5  # the default: one try and 4 retries


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


def part_as_served(whole: etree._Element, identifier: str) -> bytes:
    """The part of a whole Act as the site serves it at ``/<identifier>/data.xml``.

    The site's fragment keeps the whole document's root and metadata (its
    ``dc:identifier`` naming the part), the part inside its own content root and
    section (``Primary/Body``, ``Primary/Schedules``) with the section's headings, and
    the document's commentaries, versions and resources.
    """
    wanted = ID_URI + identifier
    unit = next(el for el in whole.iter() if el.get("IdURI") == wanted)
    section = unit.getparent()
    assert section is not None
    content = section.getparent()
    part = etree.Element(whole.tag, attrib=dict(whole.attrib), nsmap=whole.nsmap)
    for child in whole:
        if child.tag == UKM_METADATA:
            metadata = copy.deepcopy(child)
            metadata.find(DC_IDENTIFIER).text = unit.get("DocumentURI")  # type: ignore[union-attr]
            part.append(metadata)
        elif child is content:
            root = etree.SubElement(part, content.tag, attrib=dict(content.attrib))
            holder = etree.SubElement(root, section.tag, attrib=dict(section.attrib))
            for item in section:
                if item.get("IdURI") is None and item.get("id") is None:
                    holder.append(copy.deepcopy(item))  # headings such as "SCHEDULES"
            holder.append(copy.deepcopy(unit))
        else:
            part.append(copy.deepcopy(child))
    return bytes(etree.tostring(part, xml_declaration=True, encoding="UTF-8"))


def imitate_large_act(server: LoopbackServer, corpus_dir: Path, act: str) -> list[str]:
    """Script the server: 202 for every try at the whole Act, each part served."""
    whole = read(corpus_dir, ACTS[act])
    parts = part_identifiers(read(corpus_dir, f"corpus/{act}/contents.xml.gz"), act)
    server.script(f"/{act}/data.xml", *[Reply(202)] * ATTEMPTS)
    for part in parts:
        if part not in REAL_PARTS:
            server.script(f"/{part}/data.xml", Serve(part_as_served(whole, part)))
    return parts


def test_the_imitation_cuts_parts_as_the_site_does(corpus_dir: Path) -> None:
    whole = read(corpus_dir, ACTS["ukla/2017/1"])
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


@pytest.mark.parametrize("act", sorted(ACTS))
def test_an_act_still_202_is_fetched_in_parts_and_reads_as_the_whole(
    server: LoopbackServer, dest: Path, fake_time: FakeTime, corpus_dir: Path, act: str
) -> None:
    parts = imitate_large_act(server, corpus_dir, act)
    events: list[FetchEvent] = []
    with make_fetcher(dest, server.url, fake_time, progress=events.append) as f:
        result = f.fetch(act)
    assert result.status == "downloaded"
    assert result.path == dest / f"{act}.xml.gz"
    assert [s.path for s in server.requests] == [
        *[f"/{act}/data.xml"] * ATTEMPTS,
        f"/{act}/contents/data.xml",
        *[f"/{part}/data.xml" for part in parts],
    ]
    [note] = [e for e in events if e.kind == "parts"]
    assert (
        note.detail
        == f"HTTP 202 Accepted (the site is still preparing it) after {ATTEMPTS} attempt(s)"
    )
    assembled = Corpus([dest]).document(act)
    site = Corpus([corpus_dir]).document(act)
    assert assembled.fragment is None
    assert (assembled.title, assembled.version, assembled.version_date) == (
        site.title,
        site.version,
        site.version_date,
    )
    assert assembled.enactment_date == site.enactment_date
    assert assembled.provisions == site.provisions
    assert assembled.commentaries == site.commentaries
    assert assembled.unapplied_effects == site.unapplied_effects


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
