"""What several commands share: the one-line usage error and reading ``--as-at``."""

from __future__ import annotations

import datetime as dt

import typer
from rich.console import Console

__all__ = ["as_date", "usage_error"]

_err = Console(stderr=True)


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
