"""`lawgraph fetch TITLE`: a title known nowhere offline is looked up in legislation.gov.uk's
search feed and learnt for next time.

The site is `tests.support.loopback.LoopbackServer` on 127.0.0.1, answering the search
with genuine legislation.gov.uk feeds: the ``ukpga`` 2018 listing held in the reference
corpus (``corpus/feeds/sample-atom-ukpga-2018.xml.gz``), and the peer fixtures' feed of
the two Acts numbered 1955 c. 19 and their zero-hits search. The one derived feed (for
the ambiguous case) is built in the test from the genuine 1955 feed and says so.
"""

from __future__ import annotations

import gzip
import json
import socket
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import lawgraph.cli.fetch_cmd  # noqa: F401  (registers the command)
from lawgraph.cli import app
from lawgraph.errors import CitationError
from lawgraph.files import SkippedFileWarning
from lawgraph.legislation.citations import parse_citation
from lawgraph.legislation.title_search import search_types, search_url
from lawgraph.legislation.titles import TitleTable
from lawgraph.settings import LEARNT_TITLES_ENV, LEGISLATION_ENV, STATUTES_ENV
from tests.conftest import require_peer_fixtures
from tests.support.loopback import LoopbackServer, Serve

SEARCH = "/search/data.feed"
ATOM = "application/atom+xml"


def ukpga_2018_feed(corpus_dir: Path) -> bytes:
    return gzip.decompress((corpus_dir / "corpus/feeds/sample-atom-ukpga-2018.xml.gz").read_bytes())


@pytest.fixture(scope="session")
def peers() -> Path:
    """The peer fixtures, found before a test points the corpus setting elsewhere."""
    return require_peer_fixtures() / "cyanheads"


@pytest.fixture
def learnt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Only the curated titles are known offline, and the learnt file is the test's own."""
    empty = tmp_path / "no-legislation"
    empty.mkdir()
    monkeypatch.setenv(LEGISLATION_ENV, str(empty))
    monkeypatch.setenv(STATUTES_ENV, str(tmp_path / "statutes"))
    path = tmp_path / "user" / "learnt-titles.json"
    monkeypatch.setenv(LEARNT_TITLES_ENV, str(path))
    return path


@pytest.fixture
def server(corpus_dir: Path) -> Iterator[LoopbackServer]:
    with LoopbackServer(corpus_dir) as srv:
        yield srv


def fetch(*args: str) -> Any:
    lone = len(app.registered_commands) == 1 and app.registered_callback is None
    argv = ["fetch", *args]
    return CliRunner().invoke(app, argv[1:] if lone else argv)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_title_found_by_search_is_learnt_and_fetched_by_its_identifier(
    learnt: Path, server: LoopbackServer, corpus_dir: Path, tmp_path: Path
) -> None:
    server.script(SEARCH, Serve(ukpga_2018_feed(corpus_dir), ATOM))
    result = fetch(
        "Civil Liability Act 2018", "--dest", str(tmp_path / "s"), "--base-url", server.url
    )
    # the search is by type and year, the parameters the genuine feeds echo
    assert [(s.path, s.query) for s in server.requests] == [
        (SEARCH, "type=ukpga&year=2018"),
        ("/ukpga/2018/29/data.xml", ""),
    ]
    assert "learnt       Civil Liability Act 2018 = ukpga/2018/29" in result.stdout
    # the loopback site holds no CLML of the Act itself: its download is refused (404)
    assert result.exit_code == 1
    assert "ukpga/2018/29 is not on legislation.gov.uk" in result.stderr
    saved = json.loads(learnt.read_text())
    assert [(t["title"], t["identifier"], t["source"]) for t in saved["titles"]] == [
        ("Civil Liability Act 2018", "ukpga/2018/29", f"{server.url}{SEARCH}?type=ukpga&year=2018")
    ]
    # next time the title resolver knows it offline, in a citation too
    assert parse_citation("s 1 Civil Liability Act 2018", TitleTable.held([])).identifier == (
        "ukpga/2018/29/section/1"
    )
    again = fetch("Civil Liability Act 2018", "--base-url", closed_port_url(), "--retries", "0")
    assert again.exit_code == 1
    assert "learnt" not in again.stdout
    assert "/ukpga/2018/29/data.xml" in again.stderr


def test_a_regnal_year_act_is_found_and_its_repealed_note_dropped(
    peers: Path, learnt: Path, server: LoopbackServer
) -> None:
    server.script(SEARCH, Serve((peers / "number-ukpga-1955-19.feed").read_bytes(), ATOM))
    result = fetch("air force act 1955", "--base-url", server.url, "--retries", "0")
    assert server.requests[0].query == "type=ukpga&year=1955"
    assert "learnt       Air Force Act 1955 = ukpga/Eliz2/3-4/19" in result.stdout
    assert server.requests[1].path == "/ukpga/Eliz2/3-4/19/data.xml"
    assert TitleTable.learnt().get("Air Force Act 1955") == "ukpga/Eliz2/3-4/19"


def test_a_title_the_site_does_not_have_is_refused_with_exit_2(
    peers: Path, learnt: Path, server: LoopbackServer
) -> None:
    server.script(SEARCH, Serve((peers / "search-zero-hits.feed").read_bytes(), ATOM))
    result = fetch("Civil Partnership Act 2018", "--base-url", server.url)
    assert result.exit_code == 2
    assert (
        "legislation.gov.uk has no ukpga document of 2018 titled 'Civil Partnership Act 2018'"
        in (result.stderr)
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert [s.path for s in server.requests] == [SEARCH]
    assert not learnt.exists()


def test_a_title_two_documents_carry_is_refused_not_guessed(
    peers: Path, learnt: Path, server: LoopbackServer
) -> None:
    # derived from the genuine feed: the Friendly Societies Act 1955 (also c. 19) is
    # given the Air Force Act's title, so two documents carry it
    feed = (
        (peers / "number-ukpga-1955-19.feed")
        .read_bytes()
        .replace(
            b"<title>Friendly Societies Act 1955</title>", b"<title>Air Force Act 1955</title>"
        )
    )
    server.script(SEARCH, Serve(feed, ATOM))
    result = fetch("Air Force Act 1955", "--base-url", server.url)
    assert result.exit_code == 2
    assert "'Air Force Act 1955' is ambiguous on legislation.gov.uk" in result.stderr
    assert "ukpga/Eliz2/4-5/19" in result.stderr and "ukpga/Eliz2/3-4/19" in result.stderr
    assert len(server.requests) == 1
    assert not learnt.exists()


def test_offline_a_title_not_known_fails_with_exit_1_and_learns_nothing(learnt: Path) -> None:
    result = fetch("Civil Liability Act 2018", "--base-url", closed_port_url(), "--retries", "0")
    assert result.exit_code == 1
    assert "cannot look the title up" in result.stderr
    assert "check the connection, or cite the document by its identifier" in result.stderr
    assert "ConnectError" in result.stderr
    assert not learnt.exists()


def test_a_title_known_offline_is_not_searched(learnt: Path, server: LoopbackServer) -> None:
    fetch("Children Act 2004", "--base-url", server.url, "--retries", "0")
    assert [s.path for s in server.requests] == ["/ukpga/2004/31/data.xml"]


def test_only_act_titles_are_searched(learnt: Path, server: LoopbackServer) -> None:
    result = fetch("Working Together Regulations 2018", "--base-url", server.url)
    assert result.exit_code == 2
    assert "only the short titles of Acts" in result.stderr
    assert server.requests == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Civil Partnership Act 2004", (2004, ("ukpga",))),
        ("Children and Young People (Scotland) Act 2014", (2014, ("ukpga", "asp"))),
        ("Children (Scotland) Act 1995", (1995, ("ukpga",))),
        ("Justice Act (Northern Ireland) 2016", (2016, ("ukpga", "nia"))),
        ("Social Services and Well-being (Wales) Act 2014", (2014, ("ukpga", "anaw"))),
    ],
)
def test_the_types_searched_follow_the_title(
    title: str, expected: tuple[int, tuple[str, ...]]
) -> None:
    assert search_types(title) == expected


@pytest.mark.parametrize("title", ["Civil Partnership Act", "Air Force Act 3000", "SI 2018/789"])
def test_titles_without_a_usable_year_are_not_searched(title: str) -> None:
    with pytest.raises(CitationError):
        search_types(title)


def test_search_url_uses_only_type_and_year() -> None:
    assert search_url("https://www.legislation.gov.uk/", "ukpga", 2004) == (
        "https://www.legislation.gov.uk/search/data.feed?type=ukpga&year=2004"
    )


def test_a_damaged_learnt_file_is_reported_and_left_out(learnt: Path) -> None:
    learnt.parent.mkdir(parents=True)
    learnt.write_text('{"format": 1, "titles": [{"title": "X Act 2000"}]}')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = TitleTable.learnt()
    assert len(table) == 0
    assert [str(w.message) for w in caught if w.category is SkippedFileWarning] == [
        f"{learnt}: not a learnt-titles file (titles.0.identifier: Field required); left out"
    ]
