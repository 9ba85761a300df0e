"""Rewrite the output blocks in the docs from what lawgraph prints now.

    .venv/bin/python -m tests.docs.regenerate [PAGE.md ...]

For every example (see ``test_docs_examples``) whose output block is shown exactly, or as
``# output: first N lines``, the block is replaced by the example's output today (the
first N lines, for the second kind). Blocks marked ``# output abbreviated`` are hand-picked
lines and are left alone; the test names any that no longer match. With no pages given,
every page under ``docs/`` and the README is rewritten. Review the diff before committing:
a changed answer may be a changed outcome, not only changed wording.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.docs.test_docs_examples import (
    ABBREVIATED,
    EXAMPLES,
    ROOT,
    Example,
    actual_output,
    examples,
    head_count,
)


def regenerated(example: Example, printed: str) -> list[str] | None:
    """The new lines of `example`'s output block, or None to leave it as it is."""
    if example.output is None:
        return None
    shown = example.output.text.splitlines()
    if shown[:1] == [ABBREVIATED]:
        return None
    head = head_count(example.output.text)
    markers = shown[:1] if head is not None else []
    rest = shown[len(markers) :]
    if rest[:1] and rest[0].startswith("# exit "):
        markers.append(rest[0])
    got = [line.rstrip() for line in printed.splitlines()]
    while got and not got[-1]:
        got.pop()
    if head is not None:
        got = got[:head]
        markers[0] = f"# output: first {len(got)} line{'s' if len(got) != 1 else ''}"
    return markers + got


def rewrite(page: Path) -> int:
    """Rewrite `page`'s output blocks in place; returns how many changed."""
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    lines = page.read_text(encoding="utf-8").splitlines()
    changes: list[tuple[int, int, list[str]]] = []
    for example in examples(page):
        if example.kind == "doctest":
            continue
        new = regenerated(example, actual_output(example, namespace))
        if new is None or example.output is None:
            continue
        start, end = example.output.start, example.output.end  # the fences, 1-based
        if lines[start : end - 1] != new:
            changes.append((start, end - 1, new))
    for start, stop, new in reversed(changes):
        lines[start:stop] = new
    if changes:
        page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(changes)


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    pages = [Path(a).resolve() for a in argv] or sorted({p for p, _ in EXAMPLES})
    for page in pages:
        changed = rewrite(page)
        if changed:
            print(f"{page.relative_to(ROOT)}: {changed} output block(s) rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
