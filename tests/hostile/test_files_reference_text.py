"""Issue 10, defects 4 and 13 for the reference text (``../shared/statute-text``).

Before: a FIFO named ``*.md`` in the reference-text folder hung ``lawgraph check``, and
front matter nested thousands deep ended in a traceback. Now each is one line naming the
file, exit 2.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import require_corpus
from tests.hostile.files_cli import assert_refused, run_lawgraph

VALID = Path(__file__).resolve().parents[1] / "knowledge" / "fixtures" / "valid"
NAME = "ukpga-2004-31-section-11.md"


def _check(tmp_path: Path, reference: Path) -> tuple[int, str]:
    run = run_lawgraph(
        "check",
        "--data",
        str(VALID),
        env={
            "LAWGRAPH_STATUTES": str(tmp_path / "statutes"),
            "LAWGRAPH_LEGISLATION": str(require_corpus()),
            "LAWGRAPH_REFERENCE": str(reference),
        },
        cwd=tmp_path,
    )
    return run.code, assert_refused(run, "check", 2, str(reference / NAME))


def test_a_fifo_in_the_reference_text_is_refused(tmp_path: Path) -> None:
    reference = tmp_path / "statute-text"
    reference.mkdir()
    os.mkfifo(reference / NAME)
    _, line = _check(tmp_path, reference)
    assert "is a named pipe (FIFO), not a regular file" in line


def test_deeply_nested_front_matter_is_refused(tmp_path: Path) -> None:
    reference = tmp_path / "statute-text"
    reference.mkdir()
    deep = "identifier: " + "[" * 5000 + "]" * 5000
    (reference / NAME).write_text(f"---\n{deep}\n---\n\ntext\n", encoding="utf-8")
    _, line = _check(tmp_path, reference)
    assert "nested too deeply" in line
