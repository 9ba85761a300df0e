"""Run the real ``lawgraph`` console entry point in a child process, with a deadline.

In-process runners share the test's interpreter, so a hang hangs the suite and a crash
can be caught by the runner rather than reach the user. A child process sees exactly what
a user sees: the exit status, standard output and standard error, and any traceback. The
deadline turns a hang into a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Run", "lawgraph"]

_SCRIPT = Path(sys.executable).with_name("lawgraph")
# Without the installed script (a bare checkout), the same function it calls.
_COMMAND = (
    [str(_SCRIPT)]
    if _SCRIPT.is_file()
    else [sys.executable, "-c", "from lawgraph.cli import main; main()"]
)


@dataclass(frozen=True)
class Run:
    """What one ``lawgraph`` run left behind."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:
        return f"lawgraph {' '.join(self.args)} -> {self.code}\n{self.output}"


def lawgraph(
    *args: str | Path,
    env: dict[str, str] | None = None,
    input: bytes | None = None,
    cwd: Path | None = None,
    timeout: float = 60.0,
) -> Run:
    """Run ``lawgraph ARGS`` (the console script's entry point) and collect the result.

    Raises:
        subprocess.TimeoutExpired: it did not finish within `timeout` seconds.
    """
    argv = tuple(str(a) for a in args)
    full_env = {**os.environ, "COLUMNS": "250", "PYTHONIOENCODING": "utf-8", **(env or {})}
    done = subprocess.run(
        [*_COMMAND, *argv],
        input=input if input is not None else b"",
        capture_output=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    return Run(
        argv,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )
