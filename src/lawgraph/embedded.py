"""A machine-readable block carried inside a document people read.

A generated information sharing agreement is Markdown, HTML or Word, read by people;
``lawgraph diff --records`` must still find which provisions it cites, as it does in a
JSON decision record. The document therefore carries one JSON object in an HTML comment
that starts with `MARKER`, invisible when the Markdown or HTML is shown:

    <!-- lawgraph:record {"citations": ["ukpga/2004/31/section/11/1", ...]} -->

JSON cannot put two hyphens together outside a string, and inside one they are written
``-\\u002d``, so the comment never ends early.

Examples:
    >>> text = embed({"citations": ["ukpga/2018/12/section/8"], "note": "a -- b"})
    >>> "--" in text[4:-3]
    False
    >>> embedded(f"# Title\\n\\n{text}\\n")
    {'citations': ['ukpga/2018/12/section/8'], 'note': 'a -- b'}
"""

from __future__ import annotations

import json
import re
from typing import Any

from lawgraph.errors import LawgraphError

__all__ = ["MARKER", "EmbeddedBlockError", "embed", "embedded"]

MARKER = "lawgraph:record"

_TWO_HYPHENS = "-\\u002d"
_BLOCK = re.compile(r"<!--\s*" + re.escape(MARKER) + r"\s(.*?)-->", re.DOTALL)


class EmbeddedBlockError(LawgraphError, ValueError):
    """A document has a `MARKER` block that is not one JSON object."""


def embed(data: dict[str, Any]) -> str:
    """`data` as an HTML comment block (one line)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    safe = text.replace("--", _TWO_HYPHENS)
    return f"<!-- {MARKER} {safe} -->"


def embedded(text: str) -> dict[str, Any] | None:
    """The block's object in `text`, or None when `text` has no block.

    Raises:
        EmbeddedBlockError: the block is not valid JSON, or not an object; the message
            gives the line it starts on.
    """
    match = _BLOCK.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    try:
        data = json.loads(match.group(1))
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise EmbeddedBlockError(
            f"line {line}: the {MARKER} block is not valid JSON: {exc}"
        ) from None
    if not isinstance(data, dict):
        raise EmbeddedBlockError(f"line {line}: the {MARKER} block is not a JSON object")
    return data
