"""`lawgraph fetch` cannot be held by a slow or silent server (issue 10, item 7).

Each document has a wall-clock deadline (retries and waits included) and each transfer
a minimum rate. The servers here are on 127.0.0.1 and stop by themselves (a trickle
sends a bounded number of bytes, a stall sleeps a bounded time); the deadlines are a
second or less, so each case runs in about that. The bounds asserted are generous
multiples of the deadline: they catch a hang, not a slow machine.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import lawgraph.cli.fetch_cmd
import lawgraph.cli.show_cmd  # noqa: F401  (registers the commands)
from lawgraph.cli import app
from lawgraph.errors import FetchError
from lawgraph.legislation.fetch import DEFAULT_DEADLINE, Fetcher, FetchEvent
from tests.support.loopback import LoopbackServer, Reply, Stall, Trickle
from tests.test_fetch import FakeTime, make_fetcher, shared_xml

HRA = "/ukpga/1998/42/data.xml"
DEADLINE = 1.0
BOUND = 4.0  # seconds: a hang shows up as far more


@pytest.fixture
def server(corpus_dir: Path) -> Iterator[LoopbackServer]:
    with LoopbackServer(corpus_dir) as srv:
        yield srv


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "statutes"


def real_time_fetcher(dest: Path, base_url: str, **options: Any) -> Fetcher:
    """A fetcher on the real clock (deadlines are real), with short back-off."""
    settings: dict[str, Any] = {"base_url": base_url, "backoff": 0.01, **options}
    return Fetcher(dest, **settings)


def timed_failure(fetcher: Fetcher, identifier: str) -> tuple[FetchError, float]:
    start = time.monotonic()
    with fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(identifier)
    return info.value, time.monotonic() - start


@pytest.mark.parametrize(
    "action",
    [
        Trickle(interval=0.05, count=400),  # the body at 20 bytes a second
        Trickle(interval=0.05, count=400, in_headers=True),  # headers that never end
        Stall(seconds=5.0),  # says nothing at all
    ],
    ids=["trickling-body", "trickling-headers", "silent"],
)
def test_a_slow_or_silent_server_fails_at_the_deadline(
    server: LoopbackServer, dest: Path, action: Trickle | Stall
) -> None:
    server.script(HRA, *[action] * 5)
    # min_rate off: the deadline alone must stop it
    fetcher = real_time_fetcher(dest, server.url, deadline=DEADLINE, min_rate=0)
    error, elapsed = timed_failure(fetcher, "ukpga/1998/42")
    assert elapsed < BOUND
    assert f"no complete answer within {DEADLINE:g} s" in str(error)
    assert "--timeout" in str(error)
    assert not dest.exists()


def test_a_trickle_is_cut_off_for_its_rate_and_retried(
    server: LoopbackServer, dest: Path, corpus_dir: Path
) -> None:
    server.script(HRA, Trickle(interval=0.02, count=200))
    events: list[FetchEvent] = []
    fetcher = real_time_fetcher(
        dest, server.url, deadline=10.0, min_rate=1000, rate_window=0.3, progress=events.append
    )
    start = time.monotonic()
    with fetcher:
        result = fetcher.fetch("ukpga/1998/42")
    assert time.monotonic() - start < BOUND
    assert result.status == "downloaded"
    assert gzip.decompress(result.path.read_bytes()) == shared_xml(
        corpus_dir, "ukpga/1998/42.xml.gz"
    )
    [retry] = [e for e in events if e.kind == "retry"]
    assert retry.detail.startswith("transfer slower than 1000 bytes/s")
    assert len(server.requests_for(HRA)) == 2


def test_a_wait_longer_than_the_deadline_fails_at_once(server: LoopbackServer, dest: Path) -> None:
    fake = FakeTime()
    server.script(HRA, Reply(429, {"Retry-After": "100"}))
    with (
        make_fetcher(dest, server.url, fake, deadline=30.0, max_delay=200.0) as f,
        pytest.raises(FetchError, match=r"HTTP 429.*waiting 100 s more would pass") as info,
    ):
        f.fetch("ukpga/1998/42")
    assert "deadline of 30 s" in str(info.value)
    assert fake.sleeps == []
    assert len(server.requests_for(HRA)) == 1


def test_waits_count_against_the_deadline(server: LoopbackServer, dest: Path) -> None:
    fake = FakeTime()
    server.script(HRA, *[Reply(503, {"Retry-After": "8"})] * 5)
    with (
        make_fetcher(dest, server.url, fake, deadline=20.0, max_retries=10) as f,
        pytest.raises(FetchError, match="would pass the deadline of 20 s"),
    ):
        f.fetch("ukpga/1998/42")
    # two waits of 8 s fit in 20 s; a third would not
    assert fake.sleeps == [8.0, 8.0]
    assert len(server.requests_for(HRA)) == 3


@pytest.mark.parametrize(
    "options",
    [{"deadline": 0}, {"deadline": -1}, {"rate_window": 0}, {"min_rate": -1}],
)
def test_nonsense_limits_are_refused(dest: Path, options: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must"):
        Fetcher(dest, **options)  # type: ignore[arg-type]


# -- the command line -----------------------------------------------------------------


def test_cli_help_documents_timeout_and_retries() -> None:
    result = CliRunner().invoke(app, ["fetch", "--help"])
    assert result.exit_code == 0
    # rich draws the options in a box and wraps them: compare the words alone
    text = " ".join(result.stdout.replace("\u2502", " ").split())
    assert "--timeout SECONDS" in text
    assert "retries and waits included" in text
    assert f"default: {DEFAULT_DEADLINE:g}" in text or f"default: {DEFAULT_DEADLINE}" in text
    assert "--retries N" in text
    assert "default: 4" in text


def test_cli_timeout_bounds_a_silent_server(server: LoopbackServer, dest: Path) -> None:
    server.script(HRA, *[Stall(seconds=5.0)] * 5)
    args = ["fetch", "ukpga/1998/42", "--dest", str(dest), "--base-url", server.url]
    start = time.monotonic()
    result = CliRunner().invoke(app, [*args, "--timeout", "0.5"])
    assert time.monotonic() - start < BOUND
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "no complete answer within 0.5 s (raise it with lawgraph fetch --timeout)" in line


def test_cli_retries_sets_the_number_of_attempts(server: LoopbackServer, dest: Path) -> None:
    server.script(HRA, Reply(500), Reply(500))
    args = ["fetch", "ukpga/1998/42", "--dest", str(dest), "--base-url", server.url]
    result = CliRunner().invoke(app, [*args, "--retries", "0"])
    assert result.exit_code == 1
    assert "failed after 1 attempt(s): HTTP 500" in result.stderr
    assert len(server.requests_for(HRA)) == 1


@pytest.mark.parametrize("option", [["--timeout", "0"], ["--timeout", "soon"], ["--retries", "-1"]])
def test_cli_bad_limits_exit_2(server: LoopbackServer, dest: Path, option: list[str]) -> None:
    args = ["fetch", "ukpga/1998/42", "--dest", str(dest), "--base-url", server.url]
    result = CliRunner().invoke(app, [*args, *option])
    assert result.exit_code == 2
    assert server.requests == []
