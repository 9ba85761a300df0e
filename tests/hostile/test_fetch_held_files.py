"""`lawgraph fetch` reads what it already holds as the rest of lawgraph does (issue 10,
items 4 and 14): a named pipe left at a held statute's path is never opened for a
blocking read (the fetch used to hang on it), and a temporary file a killed fetch left
behind is swept by the next write. HTTP goes to a loopback server on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lawgraph.legislation.fetch import Fetcher
from tests.support.loopback import LoopbackServer
from tests.test_fetch import FakeTime, make_fetcher


@pytest.fixture
def server(corpus_dir: Path) -> Iterator[LoopbackServer]:
    with LoopbackServer(corpus_dir) as srv:
        yield srv


@pytest.fixture
def fetcher(tmp_path: Path, server: LoopbackServer) -> Iterator[Fetcher]:
    with make_fetcher(tmp_path / "statutes", server.url, FakeTime()) as f:
        yield f


def _in_time(fn: object, seconds: float = 30.0) -> object:
    """Run `fn` in a thread; a hang fails the test instead of hanging the suite."""
    out: dict[str, object] = {}

    def run() -> None:
        try:
            out["value"] = fn()  # type: ignore[operator]
        except BaseException as exc:  # handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "fetch hung"
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    return out.get("value")


def test_a_pipe_at_the_held_path_is_replaced_not_read(fetcher: Fetcher) -> None:
    held = fetcher.fetch("ukpga/1998/42").path
    held.unlink()
    os.mkfifo(held)
    stray = held.with_name(f".{held.name}.killed.part")
    stray.write_bytes(b"half a statute")
    old = time.time() - 7200
    os.utime(stray, (old, old))
    result = _in_time(lambda: fetcher.fetch("ukpga/1998/42"))
    assert result is not None
    assert held.is_file() and held.read_bytes()[:2] == b"\x1f\x8b"
    assert not stray.exists()
