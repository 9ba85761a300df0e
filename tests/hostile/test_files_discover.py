"""Issue 10, defect 14: ``discover`` and ``diff`` say what is wrong with a file.

Before: ``discover`` exited 0 when files could not be read, and called a FIFO given on
the command line just by its name (as if missing); ``diff`` took a FIFO named
``old.xml.gz`` for an identifier and said it was not one.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

from tests.conftest import require_corpus
from tests.hostile.files_cli import assert_refused, run_lawgraph

VALID = Path(__file__).resolve().parents[1] / "knowledge" / "fixtures" / "valid"
HRA = Path("ukpga/1998/42.xml.gz")
_TRUNCATED = "Compressed file ended before the end-of-stream marker was reached"


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "LAWGRAPH_STATUTES": str(tmp_path / "statutes"),
        "LAWGRAPH_LEGISLATION": str(require_corpus()),
        "LAWGRAPH_DATA": str(VALID),
    }


def test_discover_exits_2_naming_each_file_it_could_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "scan"
    (folder / HRA).parent.mkdir(parents=True)
    shutil.copy(require_corpus() / HRA, folder / HRA)
    damaged = folder / "ukpga/2004/31.xml.gz"
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(gzip.compress(b"<Legislation>" * 100)[:-30])
    run = run_lawgraph("discover", str(folder), "--json", env=_env(tmp_path), cwd=tmp_path)
    assert_refused(run, "discover", 2, "1 of 2 files could not be read")
    payload = json.loads(run.stdout)
    assert payload["files"] == 2 and payload["provisions"] > 0  # the good file was scanned
    assert payload["errors"] == [f"{damaged}: damaged gzip stream: " + _TRUNCATED]

    text = run_lawgraph("discover", str(folder), env=_env(tmp_path), cwd=tmp_path)
    assert_refused(text, "discover", 2, f"error: {damaged}: damaged gzip stream")
    assert "recall, " in text.stdout


def test_discover_says_what_a_path_is(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xml.gz"
    os.mkfifo(fifo)
    run = run_lawgraph("discover", str(fifo), env=_env(tmp_path), cwd=tmp_path)
    assert_refused(run, "discover", 2, f"{fifo}: is a named pipe (FIFO), not a regular file")
    absent = tmp_path / "absent.xml"
    run = run_lawgraph("discover", str(absent), env=_env(tmp_path), cwd=tmp_path)
    assert_refused(run, "discover", 2, f"{absent}: does not exist")


def test_diff_says_a_fifo_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "old.xml.gz"
    os.mkfifo(fifo)
    run = run_lawgraph(
        "diff", str(fifo), "ukpga/2018/12@2026-04-07", env=_env(tmp_path), cwd=tmp_path
    )
    line = assert_refused(run, "diff", 2, f"{fifo}: not a regular file (a named pipe)")
    assert "identifier" not in line
    absent = tmp_path / "new.xml"
    run = run_lawgraph(
        "diff", "ukpga/2018/12@2026-04-07", str(absent), env=_env(tmp_path), cwd=tmp_path
    )
    line = assert_refused(run, "diff", 2, f"{absent}: cannot read file: No such file")
    assert "identifier" not in line
