"""What several commands share: the one-line usage error, reading ``--as-at``, and
reporting files left out."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from lawgraph.files import SkippedFileWarning

__all__ = ["as_date", "skipped_files_reported", "usage_error"]

_err = Console(stderr=True)


@contextmanager
def skipped_files_reported(command: str) -> Iterator[None]:
    """While inside, print each `SkippedFileWarning` as one line on stderr,
    ``lawgraph COMMAND: warning: FILE: why; left out``, every time it is raised."""

    def show(message: Warning | str, category: type[Warning], *args: Any, **kw: Any) -> None:
        if issubclass(category, SkippedFileWarning):
            _err.print(
                f"lawgraph {command}: warning: {escape(' '.join(str(message).splitlines()))}",
                style="yellow",
                highlight=False,
                soft_wrap=True,
            )
        else:
            original(message, category, *args, **kw)

    with warnings.catch_warnings():
        warnings.simplefilter("always", SkippedFileWarning)
        original = warnings.showwarning
        warnings.showwarning = show
        yield


def usage_error(command: str, message: str) -> typer.Exit:
    """Print ``lawgraph COMMAND: message`` on stderr; the caller raises the exit (status 2)."""
    _err.print(f"lawgraph {command}: {message}", style="red", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


def as_date(command: str, value: str | None) -> dt.date | None:
    """Read an ``--as-at`` value; a bad one is a usage error naming the expected form."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise usage_error(
            command, f"--as-at {value!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-21"
        ) from None
