"""`lawgraph fetch` never stores junk over a good statute (issue 10, item 5).

A body is stored only if the parser reads it, its root names the document asked for,
its ``dc:identifier`` names the document (or part) asked for, and it has content. When
a new body fails, the copy already held stays, byte for byte, and ``lawgraph show``
keeps working. The bodies are real legislation.gov.uk XML, cut or swapped as a faulty
or hostile server would; HTTP goes to a loopback server on 127.0.0.1 only.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import lawgraph.cli.fetch_cmd
import lawgraph.cli.show_cmd  # noqa: F401  (registers the commands)
from lawgraph.cli import app
from lawgraph.errors import FetchError
from lawgraph.legislation.corpus import Corpus, HeldFile
from lawgraph.legislation.fetch import Fetcher
from lawgraph.settings import LEGISLATION_ENV, STATUTES_ENV
from tests.conftest import served_files
from tests.support.loopback import LoopbackServer, Serve
from tests.test_fetch import FakeTime, make_fetcher, shared_xml

HRA = "/ukpga/1998/42/data.xml"
LEG_NS = "http://www.legislation.gov.uk/namespaces/legislation"


@pytest.fixture
def server(corpus_dir: Path) -> Iterator[LoopbackServer]:
    with LoopbackServer(corpus_dir) as srv:
        yield srv


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "statutes"


@pytest.fixture
def fetcher(dest: Path, server: LoopbackServer) -> Iterator[Fetcher]:
    with make_fetcher(dest, server.url, FakeTime()) as f:
        yield f


def hra(corpus_dir: Path) -> bytes:
    return shared_xml(corpus_dir, "ukpga/1998/42.xml.gz")


def cut_after_metadata(xml: bytes) -> bytes:
    """The document as if the connection closed after its metadata, then tidied shut."""
    end = xml.index(b"</ukm:Metadata>") + len(b"</ukm:Metadata>")
    return xml[:end] + b"</Legislation>"


def with_identifier(xml: bytes, identifier: bytes | None) -> bytes:
    pattern = re.compile(rb"<dc:identifier>[^<]*</dc:identifier>")
    assert len(pattern.findall(xml)) == 1
    new = b"" if identifier is None else b"<dc:identifier>" + identifier + b"</dc:identifier>"
    return pattern.sub(new, xml)


def junk_bodies(corpus_dir: Path) -> list[tuple[str, bytes, str]]:
    whole = hra(corpus_dir)
    return [
        (
            "empty root",
            f'<Legislation xmlns="{LEG_NS}"/>'.encode(),
            "naming no document",
        ),
        (
            "another Act",
            shared_xml(corpus_dir, "ukpga/2018/12.xml.gz"),
            "returned ukpga/2018/12, not ukpga/1998/42",
        ),
        (
            "dc:identifier of another Act",
            with_identifier(whole, b"http://www.legislation.gov.uk/ukpga/2018/12"),
            "returned ukpga/2018/12, not ukpga/1998/42",
        ),
        (
            "a part, not the whole",
            with_identifier(whole, b"http://www.legislation.gov.uk/ukpga/1998/42/section/1"),
            "returned ukpga/1998/42/section/1, not ukpga/1998/42",
        ),
        ("no dc:identifier", with_identifier(whole, None), "no dc:identifier"),
        ("cut after its metadata", cut_after_metadata(whole), "without content"),
    ]


def test_the_empty_root_is_the_75_bytes_of_the_report(corpus_dir: Path) -> None:
    assert len(junk_bodies(corpus_dir)[0][1]) == 75


@pytest.mark.parametrize("case", range(6), ids=lambda n: f"junk-{n}")
def test_junk_is_refused_and_the_held_copy_kept(
    fetcher: Fetcher, server: LoopbackServer, corpus_dir: Path, dest: Path, case: int
) -> None:
    name, body, reason = junk_bodies(corpus_dir)[case]
    held = fetcher.fetch("ukpga/1998/42").path
    before = held.read_bytes()
    server.script(HRA, Serve(body))
    with pytest.raises(FetchError) as info:
        fetcher.fetch("ukpga/1998/42")
    message = str(info.value)
    assert reason in message, name
    assert f"kept the copy already held at {held}" in message
    assert held.read_bytes() == before
    assert [p.name for p in held.parent.iterdir()] == ["42.xml.gz"]
    assert Corpus([dest]).document("ukpga/1998/42").title == "Human Rights Act 1998"


def test_junk_with_nothing_held_writes_nothing(
    fetcher: Fetcher, server: LoopbackServer, corpus_dir: Path, dest: Path
) -> None:
    server.script(HRA, Serve(cut_after_metadata(hra(corpus_dir))))
    with pytest.raises(FetchError, match="without content") as info:
        fetcher.fetch("ukpga/1998/42")
    assert "kept the copy" not in str(info.value)
    assert not dest.exists()


def test_a_real_metadata_only_response_is_refused(
    fetcher: Fetcher, server: LoopbackServer, corpus_dir: Path, dest: Path
) -> None:
    # the National Archives' own sample of a /data.xml answer with the body removed
    sample = corpus_dir / "suspect/clml-schema-samples/ukpga-2006-37-metadata.xml.gz"
    server.script("/ukpga/2006/37/data.xml", Serve(gzip.decompress(sample.read_bytes())))
    with pytest.raises(FetchError, match=r"returned ukpga/2006/37 without content"):
        fetcher.fetch("ukpga/2006/37")
    assert not dest.exists()


def _url_path(held: HeldFile) -> str:
    identifier = held.fragment or held.document
    tail = f"/{held.version}" if held.version else ""
    return f"/{identifier}{tail}/data.xml"


def test_every_served_file_in_the_reference_corpus_passes(
    corpus_dir: Path, server: LoopbackServer, tmp_path: Path
) -> None:
    """The checks refuse junk, not real answers: each genuine file fetches and stores."""
    corpus = Corpus([corpus_dir])
    held = [h for h in corpus.files() if not h.welsh]
    assert len(held) >= 90
    served = {p.resolve() for p in served_files(corpus_dir)}
    items = []
    for h in held:
        assert h.path.resolve() in served
        if server.resolve(_url_path(h)) == h.path:  # the URL the site would use
            items.append((h.fragment or h.document, h.version))
    assert len(items) >= 90
    with make_fetcher(tmp_path / "all", server.url, FakeTime()) as f:
        summary = f.fetch_many(items)
    assert summary.failures == ()
    assert len(summary.results) == len(items)


# -- the command line -----------------------------------------------------------------


def test_cli_refuses_junk_in_one_line_exit_1_and_show_still_works(
    server: LoopbackServer,
    corpus_dir: Path,
    dest: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runner = CliRunner()
    args = ["fetch", "ukpga/1998/42", "--dest", str(dest), "--base-url", server.url]
    assert runner.invoke(app, args).exit_code == 0
    held = dest / "ukpga/1998/42.xml.gz"
    before = held.read_bytes()
    server.script(HRA, Serve(f'<Legislation xmlns="{LEG_NS}"/>'.encode()))
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("lawgraph fetch: error: GET ")
    assert "naming no document" in line
    assert f"kept the copy already held at {held}" in line
    assert held.read_bytes() == before
    # only the fetched folder is read, so show proves the held copy is still sound
    empty = tmp_path / "no-reference"
    empty.mkdir()
    monkeypatch.setenv(STATUTES_ENV, str(dest))
    monkeypatch.setenv(LEGISLATION_ENV, str(empty))
    shown = runner.invoke(app, ["show", "ukpga/1998/42/section/1"])
    assert shown.exit_code == 0, shown.output
    assert "Human Rights Act 1998" in shown.stdout
