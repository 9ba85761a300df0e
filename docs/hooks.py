"""mkdocs hook: hide the test markers in the docs' output blocks from readers.

The output blocks on the pages carry first lines for the tests (``# output abbreviated``,
``# output: first N lines``; see ``tests/docs/test_docs_examples.py``). A reader needs
none of them, only to know that the output goes on: so the marker is dropped, and a block
that shows only the first lines of an answer ends with a line ``...``.
"""

from __future__ import annotations

import re
from typing import Any

_BLOCK = re.compile(
    r"^```text\n(# output abbreviated|# output: first \d+ lines?)\n(.*?)^```$", re.S | re.M
)


def hide_markers(markdown: str) -> str:
    """`markdown` with the output markers taken out of its text blocks."""

    def shown(m: re.Match[str]) -> str:
        marker, body = m.group(1), m.group(2)
        tail = "...\n" if marker.startswith("# output: first") else ""
        return f"```text\n{body}{tail}```"

    return _BLOCK.sub(shown, markdown)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    return hide_markers(markdown)
