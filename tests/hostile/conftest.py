"""Fixtures for the hostile-input corpus: observers that prove nothing was opened."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Tripwire:
    """A named pipe; `opened` is set if anything opens it for reading.

    A reader that opened it would also block until the writer writes, so a failing case
    shows up both as `opened` and (without the fix) as a hang, which the per-case time
    bound turns into a failure.
    """

    path: Path
    opened: threading.Event

    @property
    def url(self) -> str:
        return self.path.as_uri()


@pytest.fixture
def tripwire(tmp_path: Path) -> Iterator[Tripwire]:
    path = tmp_path / "secret-pipe"
    os.mkfifo(path)
    opened = threading.Event()
    done = threading.Event()

    def writer() -> None:
        # opening the write end blocks until a reader opens the pipe: the event we watch
        with open(path, "wb") as pipe:
            if not done.is_set():
                opened.set()
            pipe.write(b"CANARY-SECRET")

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        yield Tripwire(path=path, opened=opened)
    finally:
        done.set()
        with open(path, "rb") as release:  # let the writer finish
            release.read()
        thread.join(timeout=2)
