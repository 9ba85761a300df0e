"""`lawgraph fetch`: the on-disk layout, the manifest, the HTTP client and the command.

No test touches the network: HTTP goes to `tests.support.loopback.LoopbackServer` on
127.0.0.1 (serving the reference corpus at legislation.gov.uk's URL paths) or to an
`httpx.MockTransport`. Time is faked, so back-off and rate limiting are asserted from the
sleeps the fetcher asks for rather than waited out.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

import lawgraph.cli.fetch_cmd  # noqa: F401  (registers the command)
from lawgraph.cli import app
from lawgraph.errors import FetchError, IdentifierError
from lawgraph.legislation.fetch import (
    FAIR_USE_RATE,
    Fetcher,
    FetchEvent,
    RateLimiter,
    parse_retry_after,
    user_agent,
)
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.store import ManifestError, load_manifest, path_for, url_for
from lawgraph.settings import STATUTES_ENV
from tests.support.loopback import Drop, LoopbackServer, Reply, Serve

REPO = Path(__file__).resolve().parents[1]
DPA = "/ukpga/2018/12/data.xml"
HRA = "/ukpga/1998/42/data.xml"


class FakeTime:
    """A clock that only moves when something sleeps; it records every sleep."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def server(corpus_dir: Path) -> Iterator[LoopbackServer]:
    with LoopbackServer(corpus_dir) as srv:
        yield srv


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "statutes"


def make_fetcher(dest: Path, base_url: str, fake_time: FakeTime, **options: Any) -> Fetcher:
    settings: dict[str, Any] = {
        "base_url": base_url,
        "sleep": fake_time.sleep,
        "clock": fake_time.clock,
        "wall_clock": fake_time.clock,
        "jitter": lambda: 0.5,
        **options,
    }
    return Fetcher(dest, **settings)


@pytest.fixture
def fetcher(dest: Path, server: LoopbackServer, fake_time: FakeTime) -> Iterator[Fetcher]:
    with make_fetcher(dest, server.url, fake_time) as f:
        yield f


def shared_xml(corpus_dir: Path, relative: str) -> bytes:
    return gzip.decompress((corpus_dir / relative).read_bytes())


def stray_files(folder: Path) -> list[Path]:
    """Files a reader could trip over: anything but complete .xml.gz and cache records."""
    return [p for p in folder.rglob("*") if p.is_file() and ".part" in p.name]


# -- store: layout and URLs ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifier", "version", "expected"),
    [
        ("ukpga/2004/31", None, "ukpga/2004/31.xml.gz"),
        ("ukpga/2004/31", "2023-01-01", "ukpga/2004/31.2023-01-01.xml.gz"),
        ("ukpga/2018/12", "enacted", "ukpga/2018/12.enacted.xml.gz"),
        ("uksi/2018/789", "made", "uksi/2018/789.made.xml.gz"),
        ("ukpga/2004/31/section/16H", None, "ukpga/2004/31/section/16H.xml.gz"),
        (
            "uksi/2014/869/regulation/2/5",
            "2020-01-01",
            "uksi/2014/869/regulation/2/5.2020-01-01.xml.gz",
        ),
        ("aep/Ann/6/11", None, "aep/Ann/6/11.xml.gz"),
        ("https://www.legislation.gov.uk/eur/2016/679/data.xml", None, "eur/2016/679.xml.gz"),
    ],
)
def test_path_for_follows_the_reference_layout(
    identifier: str, version: str | None, expected: str
) -> None:
    assert path_for(Path("root"), identifier, version) == Path("root", *expected.split("/"))


def test_path_for_matches_files_in_the_reference_corpus(corpus_dir: Path) -> None:
    for version, name in [
        (None, "12.xml.gz"),
        ("enacted", "12.enacted.xml.gz"),
        ("2023-01-01", "12.2023-01-01.xml.gz"),
    ]:
        path = path_for(corpus_dir, LegislationId.parse("ukpga/2018/12"), version)
        assert path == corpus_dir / "ukpga" / "2018" / name
        assert path.is_file()


@pytest.mark.parametrize("version", ["latest", "2023-02-30", "../x", "2023-1-1", ""])
def test_path_for_refuses_versions_the_site_does_not_use(version: str) -> None:
    with pytest.raises(IdentifierError):
        path_for(Path("root"), "ukpga/2004/31", version)


def test_url_for() -> None:
    assert url_for("ukpga/2018/12") == "https://www.legislation.gov.uk/ukpga/2018/12/data.xml"
    assert (
        url_for("ukpga/2018/12", "2023-01-01", base="http://127.0.0.1:8/")
        == "http://127.0.0.1:8/ukpga/2018/12/2023-01-01/data.xml"
    )
    assert (
        url_for(LegislationId.parse("uksi/2018/789/regulation/3"), "made")
        == "https://www.legislation.gov.uk/uksi/2018/789/regulation/3/made/data.xml"
    )


# -- the manifest --------------------------------------------------------------------------

MANIFEST_IDS = {
    "ukpga/1989/41", "ukpga/2004/31", "ukpga/2018/12", "ukpga/1998/42", "eur/2016/679",
    "ukpga/2002/32", "ukpga/1996/56", "ukpga/1998/37", "ukpga/2021/17", "ukpga/2012/7",
    "ukpga/2014/23", "ukpga/2017/30", "ukpga/2003/44", "ukpga/2003/31", "ukpga/2015/6",
    "ukpga/2022/32", "uksi/2018/789",
}  # fmt: skip


def test_shipped_manifest_lists_the_gateway_statutes() -> None:
    entries = load_manifest(REPO / "statutes" / "manifest.toml")
    assert {e.identifier for e in entries} == MANIFEST_IDS
    assert len(entries) == len(MANIFEST_IDS)
    assert all(e.id.is_document and e.title for e in entries)
    by_id = {e.identifier: e.title for e in entries}
    assert by_id["ukpga/2004/31"] == "Children Act 2004"
    assert by_id["uksi/2018/789"].startswith("Child Safeguarding Practice Review")


def test_manifest_versions_may_be_strings_or_toml_dates(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(
        '[[document]]\nidentifier = "ukpga/2018/12"\ntitle = "DPA"\nversion = 2023-01-01\n'
        '[[document]]\nidentifier = "https://www.legislation.gov.uk/id/ukpga/1998/42"\n'
        'title = "HRA"\nversion = "enacted"\n'
    )
    entries = load_manifest(path)
    assert [(e.identifier, e.version) for e in entries] == [
        ("ukpga/2018/12", "2023-01-01"),
        ("ukpga/1998/42", "enacted"),
    ]
    with pytest.raises(Exception, match="frozen"):
        entries[0].title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[document]\n", r"not valid TOML"),
        ("title = 'x'\n", r"unknown top-level key"),
        ("", r"no \[\[document\]\] entries"),
        ('[[document]]\nidentifier = "ukpga/2004/31"\n', r"document 1 \(ukpga/2004/31\): title"),
        (
            '[[document]]\nidentifier = "ukpga/2004/31"\ntitle = "A"\n'
            '[[document]]\nidentifier = "nonsense"\ntitle = "B"\n',
            r"document 2 \(nonsense\): identifier: .*not a legislation.gov.uk identifier",
        ),
        (
            '[[document]]\nidentifier = "ukpga/2004/31"\ntitle = "A"\nversion = "latest"\n',
            r"document 1 \(ukpga/2004/31\): version",
        ),
        (
            '[[document]]\nidentifier = "ukpga/2004/31"\ntitle = "A"\nyear = 2004\n',
            r"document 1 \(ukpga/2004/31\): year: Extra inputs",
        ),
        (
            '[[document]]\nidentifier = "ukpga/2004/31"\ntitle = "A"\n'
            '[[document]]\nidentifier = "ukpga/2004/31/"\ntitle = "A again"\n',
            r"document 2 \(ukpga/2004/31\) repeats document 1",
        ),
        ("document = [1]\n", r"document 1: expected a table"),
    ],
)
def test_corrupt_manifest_errors_name_file_and_entry(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "manifest.toml"
    path.write_text(text)
    with pytest.raises(ManifestError, match=expected) as info:
        load_manifest(path)
    assert str(path) in str(info.value)


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="cannot read manifest"):
        load_manifest(tmp_path / "absent.toml")


# -- downloading ---------------------------------------------------------------------------


def test_downloads_current_text_byte_for_byte(
    fetcher: Fetcher, dest: Path, server: LoopbackServer, corpus_dir: Path
) -> None:
    result = fetcher.fetch("ukpga/2018/12")
    expected = shared_xml(corpus_dir, "ukpga/2018/12.xml.gz")
    assert result.status == "downloaded"
    assert result.path == dest / "ukpga" / "2018" / "12.xml.gz"
    assert result.bytes == len(expected)
    assert result.path.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(result.path.read_bytes()) == expected
    [seen] = server.requests
    assert seen.path == DPA
    assert seen.headers["user-agent"] == user_agent()
    assert seen.headers["user-agent"].startswith("lawgraph/")
    assert "if-none-match" not in seen.headers


@pytest.mark.parametrize(
    ("version", "url_path", "stored"),
    [
        ("enacted", "/ukpga/2018/12/enacted/data.xml", "ukpga/2018/12.enacted.xml.gz"),
        ("2023-01-01", "/ukpga/2018/12/2023-01-01/data.xml", "ukpga/2018/12.2023-01-01.xml.gz"),
    ],
)
def test_downloads_a_version(
    fetcher: Fetcher,
    dest: Path,
    server: LoopbackServer,
    corpus_dir: Path,
    version: str,
    url_path: str,
    stored: str,
) -> None:
    result = fetcher.fetch("ukpga/2018/12", version)
    assert result.version == version
    assert result.path == dest / stored
    assert gzip.decompress(result.path.read_bytes()) == shared_xml(corpus_dir, stored)
    assert [s.path for s in server.requests] == [url_path]


def test_accepts_legislation_gov_uk_urls_and_keeps_their_version(
    fetcher: Fetcher, dest: Path, server: LoopbackServer
) -> None:
    result = fetcher.fetch("https://www.legislation.gov.uk/ukpga/2018/12/enacted/data.xml")
    assert (result.identifier, result.version) == ("ukpga/2018/12", "enacted")
    assert result.path == dest / "ukpga/2018/12.enacted.xml.gz"
    assert server.requests[0].path == "/ukpga/2018/12/enacted/data.xml"
    with pytest.raises(IdentifierError, match="names version"):
        fetcher.fetch("https://www.legislation.gov.uk/ukpga/2018/12/enacted", "2023-01-01")


def test_gzip_content_encoding_is_decoded(
    corpus_dir: Path, dest: Path, fake_time: FakeTime
) -> None:
    with LoopbackServer(corpus_dir, gzip_encoding=True) as srv:
        with make_fetcher(dest, srv.url, fake_time) as f:
            result = f.fetch("ukpga/1998/42")
        assert srv.requests[0].headers.get("accept-encoding", "").find("gzip") >= 0
    assert gzip.decompress(result.path.read_bytes()) == shared_xml(
        corpus_dir, "ukpga/1998/42.xml.gz"
    )


# -- conditional requests and the cache ----------------------------------------------------


def test_second_fetch_sends_etag_and_gets_304(
    fetcher: Fetcher, server: LoopbackServer, corpus_dir: Path
) -> None:
    first = fetcher.fetch("ukpga/1998/42")
    before = first.path.read_bytes()
    second = fetcher.fetch("ukpga/1998/42")
    assert second.status == "not-modified"
    assert second.bytes == first.bytes
    assert second.path.read_bytes() == before
    conditional = server.requests_for(HRA)[1].headers
    assert conditional["if-none-match"] == server.etag_of(corpus_dir / "ukpga/1998/42.xml.gz")
    assert "if-modified-since" in conditional


def test_last_modified_alone_gives_304(corpus_dir: Path, dest: Path, fake_time: FakeTime) -> None:
    with LoopbackServer(corpus_dir, etag=False) as srv, make_fetcher(dest, srv.url, fake_time) as f:
        assert f.fetch("ukpga/1998/42").status == "downloaded"
        assert f.fetch("ukpga/1998/42").status == "not-modified"
        headers = srv.requests[1].headers
    assert "if-none-match" not in headers
    mtime = (corpus_dir / "ukpga/1998/42.xml.gz").stat().st_mtime
    assert headers["if-modified-since"] == email.utils.formatdate(mtime, usegmt=True)


def test_changed_document_is_downloaded_again(
    fetcher: Fetcher, server: LoopbackServer, corpus_dir: Path
) -> None:
    fetcher.fetch("ukpga/1998/42")
    # the site's validators no longer match: it answers 200 with the body, not 304
    server.script(HRA, Serve(shared_xml(corpus_dir, "ukpga/1998/42.xml.gz") + b"\n"))
    result = fetcher.fetch("ukpga/1998/42")
    assert result.status == "downloaded"
    assert gzip.decompress(result.path.read_bytes()).endswith(b"\n")


def test_deleted_or_edited_file_is_not_revalidated(
    fetcher: Fetcher, server: LoopbackServer
) -> None:
    first = fetcher.fetch("ukpga/1998/42")
    first.path.unlink()
    assert fetcher.fetch("ukpga/1998/42").status == "downloaded"
    first.path.write_bytes(gzip.compress(b"<Legislation/>"))
    assert fetcher.fetch("ukpga/1998/42").status == "downloaded"
    assert all("if-none-match" not in s.headers for s in server.requests)


def test_max_age_serves_recent_copies_without_a_request(
    dest: Path, server: LoopbackServer, fake_time: FakeTime
) -> None:
    with make_fetcher(dest, server.url, fake_time, max_age=3600) as f:
        assert f.fetch("ukpga/1998/42").status == "downloaded"
        cached = f.fetch("ukpga/1998/42")
        assert cached.status == "cached"
        assert len(server.requests) == 1
        fake_time.now += 3601
        assert f.fetch("ukpga/1998/42").status == "not-modified"
    assert len(server.requests) == 2


# -- failures and retries ------------------------------------------------------------------


def test_404_fails_at_once_naming_the_identifier(
    fetcher: Fetcher, dest: Path, server: LoopbackServer, fake_time: FakeTime
) -> None:
    with pytest.raises(FetchError, match=r"ukpga/2018/999 is not on legislation\.gov\.uk") as info:
        fetcher.fetch("ukpga/2018/999")
    assert "404" in str(info.value)
    assert len(server.requests) == 1
    assert fake_time.sleeps == []
    assert not dest.exists()


def test_404_for_a_version_says_so(fetcher: Fetcher, server: LoopbackServer) -> None:
    with pytest.raises(FetchError, match=r"ukpga/1998/42 is not on .* at version 1999-01-01"):
        fetcher.fetch("ukpga/1998/42", "1999-01-01")
    assert server.requests[0].path == "/ukpga/1998/42/1999-01-01/data.xml"


def test_500_then_success(
    fetcher: Fetcher, server: LoopbackServer, fake_time: FakeTime, corpus_dir: Path
) -> None:
    server.script(HRA, Reply(500))
    result = fetcher.fetch("ukpga/1998/42")
    assert result.status == "downloaded"
    assert gzip.decompress(result.path.read_bytes()) == shared_xml(
        corpus_dir, "ukpga/1998/42.xml.gz"
    )
    assert len(server.requests_for(HRA)) == 2
    # first back-off: 0.5 s scaled by the equal-jitter factor 0.5 + 0.5 * 0.5
    assert fake_time.sleeps == [pytest.approx(0.375)]


def test_persistent_5xx_backs_off_exponentially_then_fails(
    dest: Path, server: LoopbackServer, fake_time: FakeTime
) -> None:
    server.script(HRA, *[Reply(503)] * 10)
    fetcher = make_fetcher(dest, server.url, fake_time, max_retries=3, jitter=lambda: 0.0)
    with fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch("ukpga/1998/42")
    message = str(info.value)
    assert f"{server.url}{HRA}" in message
    assert "HTTP 503" in message
    assert "4 attempt" in message
    assert len(server.requests_for(HRA)) == 4
    assert fake_time.sleeps == pytest.approx([0.25, 0.5, 1.0])
    assert not dest.exists()


def test_backoff_jitter_stays_within_bounds(
    dest: Path, server: LoopbackServer, fake_time: FakeTime
) -> None:
    server.script(HRA, *[Reply(502)] * 3)
    with make_fetcher(dest, server.url, fake_time, jitter=lambda: 0.999) as f:
        f.fetch("ukpga/1998/42")
    for n, delay in enumerate(fake_time.sleeps):
        ceiling = 0.5 * 2**n
        assert ceiling / 2 <= delay < ceiling


def test_429_retry_after_seconds_is_honoured(
    fetcher: Fetcher, server: LoopbackServer, fake_time: FakeTime
) -> None:
    server.script(HRA, Reply(429, {"Retry-After": "7"}))
    assert fetcher.fetch("ukpga/1998/42").status == "downloaded"
    assert fake_time.sleeps == [7.0]
    assert len(server.requests_for(HRA)) == 2


def test_429_retry_after_http_date_is_honoured(
    fetcher: Fetcher, server: LoopbackServer, fake_time: FakeTime
) -> None:
    when = email.utils.formatdate(fake_time.now + 30, usegmt=True)
    server.script(HRA, Reply(503, {"Retry-After": when}))
    fetcher.fetch("ukpga/1998/42")
    assert fake_time.sleeps == [pytest.approx(30.0, abs=1.0)]


def test_retry_after_is_capped(dest: Path, server: LoopbackServer, fake_time: FakeTime) -> None:
    server.script(HRA, Reply(429, {"Retry-After": "86400"}))
    with make_fetcher(dest, server.url, fake_time, max_delay=45.0) as f:
        f.fetch("ukpga/1998/42")
    assert fake_time.sleeps == [45.0]


def test_parse_retry_after() -> None:
    now = dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Mon, 01 Jan 2024 12:01:00 GMT", now) == 60.0
    assert parse_retry_after("Mon, 01 Jan 2024 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_dropped_connection_leaves_no_partial_file(
    dest: Path, server: LoopbackServer, fake_time: FakeTime
) -> None:
    server.script(HRA, *[Drop(4096)] * 3)
    fetcher = make_fetcher(dest, server.url, fake_time, max_retries=2)
    with fetcher, pytest.raises(FetchError, match=r"failed after 3 attempt"):
        fetcher.fetch("ukpga/1998/42")
    assert len(server.requests_for(HRA)) == 3
    assert not path_for(dest, "ukpga/1998/42").exists()
    assert [p for p in dest.rglob("*") if p.is_file()] == []


def test_dropped_connection_keeps_the_previous_file_whole(
    fetcher: Fetcher, server: LoopbackServer, corpus_dir: Path
) -> None:
    path = fetcher.fetch("ukpga/1998/42").path
    before = path.read_bytes()
    server.script(HRA, *[Drop(100)] * 5)
    with pytest.raises(FetchError):
        fetcher.fetch("ukpga/1998/42")
    assert path.read_bytes() == before
    assert stray_files(path.parent.parent.parent) == []


def test_drop_then_success(fetcher: Fetcher, server: LoopbackServer, corpus_dir: Path) -> None:
    server.script(DPA, Drop(10_000))
    result = fetcher.fetch("ukpga/2018/12")
    assert gzip.decompress(result.path.read_bytes()) == shared_xml(
        corpus_dir, "ukpga/2018/12.xml.gz"
    )
    assert len(server.requests_for(DPA)) == 2


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"<html><body>Service unavailable</body></html>", "not a CLML <Legislation>"),
        (b"<!DOCTYPE html><html></html>", "did not return legislation XML"),
        (
            b"<Legislation xmlns='http://www.legislation.gov.uk/namespaces/legislation'>",
            "did not return legislation XML",
        ),
        (b"", "did not return legislation XML"),
    ],
)
def test_body_that_is_not_clml_is_refused_and_not_written(
    fetcher: Fetcher, dest: Path, server: LoopbackServer, body: bytes, expected: str
) -> None:
    server.script(HRA, Serve(body, "text/html"))
    with pytest.raises(FetchError, match=expected):
        fetcher.fetch("ukpga/1998/42")
    assert len(server.requests_for(HRA)) == 1
    assert not dest.exists()


def test_body_for_another_document_is_refused(
    fetcher: Fetcher, dest: Path, server: LoopbackServer, corpus_dir: Path
) -> None:
    server.script(HRA, Serve(shared_xml(corpus_dir, "ukpga/2018/12.xml.gz")))
    with pytest.raises(FetchError, match="returned ukpga/2018/12, not ukpga/1998/42"):
        fetcher.fetch("ukpga/1998/42")
    assert not dest.exists()


def test_other_client_errors_are_not_retried(
    fetcher: Fetcher, server: LoopbackServer, fake_time: FakeTime
) -> None:
    server.script(HRA, Reply(403))
    with pytest.raises(FetchError, match="HTTP 403"):
        fetcher.fetch("ukpga/1998/42")
    assert len(server.requests) == 1


def test_failed_write_leaves_nothing_behind(
    fetcher: Fetcher, dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("lawgraph.files.os.replace", refuse)
    with pytest.raises(OSError, match="No space"):
        fetcher.fetch("ukpga/1998/42")
    monkeypatch.undo()
    assert [p for p in dest.rglob("*") if p.is_file()] == []


def test_connection_errors_are_retried_then_reported(dest: Path, fake_time: FakeTime) -> None:
    calls: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        raise httpx.ConnectError("connection refused", request=request)

    fetcher = make_fetcher(
        dest,
        "https://www.legislation.gov.uk",
        fake_time,
        transport=httpx.MockTransport(refuse),
        max_retries=2,
    )
    with fetcher, pytest.raises(FetchError, match="ConnectError") as info:
        fetcher.fetch("ukpga/2004/31")
    assert calls == ["https://www.legislation.gov.uk/ukpga/2004/31/data.xml"] * 3
    assert "https://www.legislation.gov.uk/ukpga/2004/31/data.xml" in str(info.value)
    assert len(fake_time.sleeps) == 2


def test_timeouts_are_retried(dest: Path, fake_time: FakeTime, corpus_dir: Path) -> None:
    body = shared_xml(corpus_dir, "ukpga/1998/42.xml.gz")
    answers: list[httpx.Response | Exception] = [
        httpx.ReadTimeout("slow"),
        httpx.Response(200, content=body),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    with make_fetcher(
        dest, "https://www.legislation.gov.uk", fake_time, transport=httpx.MockTransport(handler)
    ) as f:
        assert f.fetch("ukpga/1998/42").status == "downloaded"
    assert answers == []


# -- rate limiting -------------------------------------------------------------------------


def test_requests_are_paced_below_the_fair_use_limit(
    fetcher: Fetcher, server: LoopbackServer, fake_time: FakeTime
) -> None:
    fetcher.fetch("ukpga/1998/42")
    fetcher.fetch("ukpga/2018/12")
    fetcher.fetch("ukpga/2018/12", "enacted")
    assert len(server.requests) == 3
    assert fake_time.sleeps == pytest.approx([0.2, 0.2])


def test_rate_limiter_spaces_calls() -> None:
    t = FakeTime()
    limiter = RateLimiter(4.0, clock=t.clock, sleep=t.sleep)
    starts = []
    for _ in range(5):
        limiter.wait()
        starts.append(t.now)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert gaps == pytest.approx([0.25] * 4)
    t.now += 10  # idle time is not banked into a burst
    limiter.wait()
    limiter.wait()
    assert t.sleeps[-1] == pytest.approx(0.25)


def test_rate_above_fair_use_is_refused(dest: Path) -> None:
    with pytest.raises(ValueError, match="fair-use"):
        Fetcher(dest, rate=FAIR_USE_RATE + 1)
    with pytest.raises(ValueError, match="http"):
        Fetcher(dest, base_url="ftp://example.org")


# -- progress and batches ------------------------------------------------------------------


def test_progress_callback_reports_start_bytes_and_done(
    dest: Path, server: LoopbackServer, fake_time: FakeTime
) -> None:
    events: list[FetchEvent] = []
    server.script(HRA, Reply(500))
    with make_fetcher(dest, server.url, fake_time, progress=events.append) as f:
        result = f.fetch("ukpga/1998/42")
    kinds = [e.kind for e in events]
    assert kinds[0] == "start"
    assert kinds[1] == "retry"
    assert kinds[-1] == "done"
    assert events[-1].result == result
    received = [e for e in events if e.kind == "progress"]
    assert received
    assert received[-1].received == received[-1].total


def test_fetch_many_keeps_going_and_reports_failures(
    dest: Path, server: LoopbackServer, fake_time: FakeTime
) -> None:
    events: list[FetchEvent] = []
    with make_fetcher(dest, server.url, fake_time, progress=events.append) as f:
        summary = f.fetch_many(["ukpga/1998/42", ("ukpga/2018/12", "enacted"), "ukpga/2004/31"])
        assert not summary.ok
        assert [(r.identifier, r.version) for r in summary.results] == [
            ("ukpga/1998/42", None),
            ("ukpga/2018/12", "enacted"),
        ]
        [failure] = summary.failures
        assert failure.identifier == "ukpga/2004/31"
        assert "404" in failure.message
        assert events[-1].kind == "failed"
        with pytest.raises(FetchError):
            f.fetch_many(["ukpga/2004/31", "ukpga/1998/42"], keep_going=False)


def test_fetch_many_checks_every_identifier_first(fetcher: Fetcher, server: LoopbackServer) -> None:
    with pytest.raises(IdentifierError):
        fetcher.fetch_many(["ukpga/1998/42", "not/an/identifier"])
    assert server.requests == []


# -- the command line ----------------------------------------------------------------------


class Runner:
    """Invokes ``lawgraph fetch ARGS``.

    Typer runs a lone command without its name; while ``fetch`` is the only command
    registered on `app` (other command modules not imported), the name is left out.
    """

    def __init__(self) -> None:
        self._runner = CliRunner()

    def invoke(self, args: list[str]) -> Any:
        lone = len(app.registered_commands) == 1 and app.registered_callback is None
        return self._runner.invoke(app, args[1:] if lone else args)


@pytest.fixture
def runner() -> Runner:
    return Runner()


def test_cli_fetches_identifiers_and_urls(
    runner: Runner, dest: Path, server: LoopbackServer, corpus_dir: Path
) -> None:
    result = runner.invoke(
        [
            "fetch",
            "ukpga/1998/42",
            "https://www.legislation.gov.uk/ukpga/2018/12/enacted",
            "--dest",
            str(dest),
            "--base-url",
            server.url,
        ],
    )
    assert result.exit_code == 0, result.output
    for stored in ("ukpga/1998/42.xml.gz", "ukpga/2018/12.enacted.xml.gz"):
        assert gzip.decompress((dest / stored).read_bytes()) == shared_xml(corpus_dir, stored)
    assert "downloaded" in result.stdout
    assert [s.path for s in server.requests] == [HRA, "/ukpga/2018/12/enacted/data.xml"]


def test_cli_as_at_fetches_point_in_time(
    runner: Runner, dest: Path, server: LoopbackServer
) -> None:
    args = ["fetch", "ukpga/2018/12", "--as-at", "2023-01-01", "--dest", str(dest)]
    result = runner.invoke([*args, "--base-url", server.url])
    assert result.exit_code == 0, result.output
    assert (dest / "ukpga/2018/12.2023-01-01.xml.gz").is_file()
    assert server.requests[0].path == "/ukpga/2018/12/2023-01-01/data.xml"
    again = runner.invoke([*args, "--base-url", server.url])
    assert "not-modified" in again.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["nonsense/1/2"], "not a legislation.gov.uk identifier"),
        (["ukpga/2018/12", "--as-at", "2023-13-01"], "not a date"),
        (["ukpga/2018/12", "--as-at", "20230101"], "not a date"),
        (
            ["https://www.legislation.gov.uk/ukpga/2018/12/enacted", "--as-at", "2023-01-01"],
            "conflicts with --as-at",
        ),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(
    runner: Runner,
    dest: Path,
    server: LoopbackServer,
    args: list[str],
    expected: str,
) -> None:
    result = runner.invoke(["fetch", *args, "--dest", str(dest), "--base-url", server.url])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert server.requests == []


def test_cli_bad_base_url_exits_2(runner: Runner, dest: Path) -> None:
    args = ["fetch", "ukpga/2018/12", "--dest", str(dest), "--base-url", "file:///etc"]
    result = runner.invoke(args)
    assert result.exit_code == 2
    assert "http" in result.stderr


def test_cli_not_found_exits_1_naming_url_and_status(
    runner: Runner, dest: Path, server: LoopbackServer
) -> None:
    result = runner.invoke(
        ["fetch", "ukpga/2004/31", "--dest", str(dest), "--base-url", server.url]
    )
    assert result.exit_code == 1
    assert f"{server.url}/ukpga/2004/31/data.xml" in result.stderr
    assert "HTTP 404" in result.stderr
    assert "ukpga/2004/31 is not on legislation.gov.uk" in result.stderr


def write_manifest(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# test manifest\n"
        '[[document]]\nidentifier = "ukpga/1998/42"\ntitle = "Human Rights Act 1998"\n'
        '[[document]]\nidentifier = "ukpga/2018/12"\ntitle = "DPA 2018"\n'
        'version = "enacted"\n'
    )
    return path


def test_cli_manifest_flag(
    runner: Runner, tmp_path: Path, dest: Path, server: LoopbackServer
) -> None:
    manifest = write_manifest(tmp_path / "m.toml")
    result = runner.invoke(
        [
            "fetch",
            "--manifest",
            "--manifest-file",
            str(manifest),
            "--dest",
            str(dest),
            "--base-url",
            server.url,
        ],
    )
    assert result.exit_code == 0, result.output
    assert (dest / "ukpga/1998/42.xml.gz").is_file()
    assert (dest / "ukpga/2018/12.enacted.xml.gz").is_file()


def test_cli_without_identifiers_uses_the_statutes_manifest(
    runner: Runner, tmp_path: Path, server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    statutes = tmp_path / "statutes"
    write_manifest(statutes / "manifest.toml")
    monkeypatch.setenv(STATUTES_ENV, str(statutes))
    result = runner.invoke(["fetch", "--base-url", server.url])
    assert result.exit_code == 0, result.output
    assert (statutes / "ukpga/1998/42.xml.gz").is_file()
    assert (statutes / "ukpga/2018/12.enacted.xml.gz").is_file()
    assert len(server.requests) == 2


def test_cli_corrupt_manifest_exits_2(runner: Runner, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.toml"
    manifest.write_text('[[document]]\nidentifier = "ukpga/1998/42"\n')
    result = runner.invoke(
        ["fetch", "--manifest-file", str(manifest), "--dest", str(tmp_path / "s")]
    )
    assert result.exit_code == 2
    assert str(manifest) in result.stderr
    assert "ukpga/1998/42" in result.stderr
