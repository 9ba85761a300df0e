"""What a server says is shown, never read as rich markup (issue 10, items 7 and 12).

The progress line of ``lawgraph fetch`` shows why a request is being retried, and the
reason includes the server's own words (its HTTP reason phrase, an error message). A
server answering ``503 [/bold]`` must not crash the progress display or restyle it.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.progress import Progress, TextColumn

from lawgraph.cli.fetch_cmd import _ProgressView
from lawgraph.legislation.fetch import FetchEvent

HOSTILE = "HTTP 503 [/bold] [link=file:///etc/passwd]x[/link]"


def test_a_retry_reason_with_markup_is_shown_literally() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=False, width=200)
    with Progress(TextColumn("{task.description}"), console=console) as progress:
        view = _ProgressView(progress, 1)
        view(FetchEvent(kind="start", identifier="ukpga/1998/42", version=None, url="u"))
        event = FetchEvent(
            kind="retry",
            identifier="ukpga/1998/42",
            version=None,
            url="u",
            attempt=2,
            delay=0.5,
            detail=HOSTILE,
        )
        view(event)
        progress.refresh()
    assert f"ukpga/1998/42: {HOSTILE}, retrying in 0.5s" in out.getvalue()
