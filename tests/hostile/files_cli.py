"""Running the real ``lawgraph`` command on hostile files, bounded in time and memory.

Each run is a child process: a command that hangs (a FIFO opened for reading) fails the
test at `timeout` instead of hanging the suite, and one that reads without end (a link
to ``/dev/zero``, a gzip bomb) meets the address-space limit instead of the OOM killer.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Python, lxml and networkx reserve a few hundred MiB of address space on import; the
# largest legitimate read in these tests is the DPA 2018 (a few MB). 1.5 GiB leaves room
# for both and is far below what an unbounded read reaches.
MEMORY_LIMIT = 3 << 29
TIMEOUT = 60

_MAIN = "from lawgraph.cli import main; main()"


@dataclass(frozen=True)
class Run:
    """What one command did."""

    code: int
    stdout: str
    stderr: str

    def lines(self, command: str) -> list[str]:
        """The stderr lines that are lawgraph's own messages for `command`."""
        return [
            line for line in self.stderr.splitlines() if line.startswith(f"lawgraph {command}:")
        ]


def run_lawgraph(
    *args: str,
    env: dict[str, str],
    cwd: Path,
    timeout: float = TIMEOUT,
    memory: int = MEMORY_LIMIT,
) -> Run:
    """Run ``lawgraph ARGS`` with only the given ``LAWGRAPH_*`` settings.

    Raises:
        subprocess.TimeoutExpired: the command did not finish within `timeout` seconds.
    """

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    clean = {k: v for k, v in os.environ.items() if not k.startswith("LAWGRAPH_")}
    # no reference text unless a test names it: the proofs here are against the XML only
    no_reference = cwd / "no-reference-text"
    no_reference.mkdir(exist_ok=True)
    clean.update({"COLUMNS": "250", "NO_COLOR": "1", "LAWGRAPH_REFERENCE": str(no_reference)})
    clean.update(env)
    done = subprocess.run(
        [sys.executable, "-c", _MAIN, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        env=clean,
        cwd=cwd,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def assert_refused(run: Run, command: str, code: int, *fragments: str) -> str:
    """The command exited `code` with no traceback, and one of its own stderr lines
    holds every fragment (a file name, a reason); that line is returned."""
    assert "Traceback" not in run.stderr, run.stderr
    assert run.code == code, (run.code, run.stdout[-2000:], run.stderr)
    for line in run.lines(command):
        if all(f in line for f in fragments):
            return line
    raise AssertionError(f"no 'lawgraph {command}:' line with {fragments} in:\n{run.stderr}")
