"""Issue 10, defects 3, 4 and 13 for ``diff --records`` and ``fetch --manifest-file``.

Before: a FIFO hung both, a link to ``/dev/zero`` exhausted memory, deeply nested JSON
or TOML and 5,000-digit integers ended in a traceback, and ``diff`` silently skipped any
other record it could not read (so a record needing review could vanish from the
answer). Now each file is named in one line and the command exits 2.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from lawgraph.changes.impact import RecordError, read_record
from lawgraph.legislation.store import ManifestError, load_manifest
from tests.conftest import require_corpus
from tests.hostile.files_cli import assert_refused, run_lawgraph

VALID = Path(__file__).resolve().parents[1] / "knowledge" / "fixtures" / "valid"
DPA = "ukpga/2018/12"


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir()


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8")


RECORDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo.json": (_fifo, "is a named pipe (FIFO), not a regular file"),
    "zero.json": (_link_to_zero, "is a character device, not a regular file"),
    "folder.json": (_folder, "is a folder, not a regular file"),
    "loop.json": (_loop, "is a symlink loop"),
    "deep.json": (_text("[" * 200_000 + "]" * 200_000), "nested too deeply to read"),
    "long-int.json": (_text('{"n": ' + "9" * 5000 + "}"), "an integer is too long to read"),
    "nul.json": (_text('{"a": "x\x00y"}'), "nul.json:1: not valid JSON: Invalid control"),
    "not-json.json": (_text("{\n  'single': 'quotes'\n}"), "not-json.json:2: not valid JSON"),
}


def test_diff_names_every_unreadable_record_and_exits_2(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (records / "good.json").write_text(
        json.dumps({"citations": [f"{DPA}/section/8/c"]}), encoding="utf-8"
    )
    for name, (make, _) in RECORDS.items():
        make(records / name)
    env = {
        "LAWGRAPH_STATUTES": str(tmp_path / "statutes"),
        "LAWGRAPH_LEGISLATION": str(require_corpus()),
    }
    run = run_lawgraph(
        "diff",
        f"{DPA}@2023-01-01",
        f"{DPA}@2026-04-07",
        "--records",
        str(records),
        "--data",
        str(VALID),
        env=env,
        cwd=tmp_path,
    )
    assert_refused(run, "diff", 2, f"{len(RECORDS)} decision record(s) could not be read")
    for name, (_, reason) in RECORDS.items():
        assert_refused(run, "diff", 2, str(records / name), reason)
    # the records that could be read are still reported
    assert f"{records / 'good.json'}: cites {DPA}/section/8/c" in run.stdout


@pytest.mark.parametrize("name", ["deep.json", "long-int.json", "nul.json", "folder.json"])
def test_a_record_that_cannot_be_read_is_a_record_error(name: str, tmp_path: Path) -> None:
    make, reason = RECORDS[name]
    make(tmp_path / name)
    with pytest.raises(RecordError) as caught:
        read_record(tmp_path / name)
    assert reason in str(caught.value) and str(tmp_path / name) in str(caught.value)


MANIFESTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "is a named pipe (FIFO), not a regular file"),
    "link to /dev/zero": (_link_to_zero, "is a character device, not a regular file"),
    "folder": (_folder, "is a folder, not a regular file"),
    "symlink loop": (_loop, "is a symlink loop"),
    "deep arrays": (_text("x = " + "[" * 5000 + "]" * 5000 + "\n"), "nested too deeply"),
    "long integer": (_text("x = " + "9" * 5000 + "\n"), "an integer is too long to read"),
}


@pytest.mark.parametrize("case", list(MANIFESTS))
def test_fetch_refuses_a_hostile_manifest_in_one_line(case: str, tmp_path: Path) -> None:
    make, reason = MANIFESTS[case]
    manifest = tmp_path / "manifest.toml"
    make(manifest)
    run = run_lawgraph(
        "fetch",
        "--manifest-file",
        str(manifest),
        "--dest",
        str(tmp_path / "statutes"),
        "--base-url",
        "http://127.0.0.1:9",  # never reached: the manifest is refused first
        env={"LAWGRAPH_STATUTES": str(tmp_path / "statutes")},
        cwd=tmp_path,
    )
    assert_refused(run, "fetch", 2, str(manifest), reason)


@pytest.mark.parametrize("case", ["folder", "symlink loop", "deep arrays", "long integer"])
def test_load_manifest_raises_a_manifest_error(case: str, tmp_path: Path) -> None:
    make, reason = MANIFESTS[case]
    make(tmp_path / "manifest.toml")
    with pytest.raises(ManifestError, match=reason):
        load_manifest(tmp_path / "manifest.toml")
