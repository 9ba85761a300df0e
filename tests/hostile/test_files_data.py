"""Issue 10, defects 3, 4 and 13 for the knowledge files in ``data/``.

Before: a link to ``/dev/zero`` named ``*.yaml`` took ``lawgraph check`` to the OOM
killer, a FIFO hung it, and a NUL byte, a 5,000-digit integer, a folder, a symlink loop
or deep nesting ended in a traceback (or, for a folder named ``holders.yaml``, in
"missing"). Now each is one line naming the file (and line where known), exit 2.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from lawgraph.files import DATA_FILE_LIMIT
from lawgraph.knowledge import (
    DataFileNotFoundError,
    UnreadableDataFileError,
    YAMLSyntaxError,
    load_knowledge,
)
from lawgraph.knowledge.yamlio import MAX_DEPTH, load_yaml_text
from tests.hostile.files_cli import assert_refused, run_lawgraph

VALID = Path(__file__).resolve().parents[1] / "knowledge" / "fixtures" / "valid"
_HEAD = "document: ukpga/2004/31\ntitle: Children Act 2004\n"


def _write(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8")


def _link_to_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


def _loop(path: Path) -> None:
    path.symlink_to(path.name)  # a link to itself


def _too_large(path: Path) -> None:
    with path.open("wb") as out:  # sparse: nothing is written to disk but the size
        out.truncate(DATA_FILE_LIMIT + 1)


def _nul(path: Path) -> None:
    path.write_bytes((_HEAD + "extent_note: a\x00b\n").encode())


# Each hostile file, the name it goes under, and what the one-line message must say.
CASES = {
    "link to /dev/zero": (_link_to_zero, "is a character device, not a regular file", None),
    "fifo": (_fifo, "is a named pipe (FIFO), not a regular file", None),
    "folder": (_folder, "is a folder, not a regular file", None),
    "symlink loop": (_loop, "is a symlink loop", None),
    "over the size limit": (_too_large, "is too large to read", None),
    "nul byte": (_nul, "contains a NUL byte", 3),
    "5,000-digit integer": (
        _write(_HEAD + "extent_note: " + "9" * 5000 + "\n"),
        "an integer of 5000 characters is too long to read",
        3,
    ),
    "deep flow nesting": (
        _write(_HEAD + "extent_note: " + "[" * 5000 + "]" * 5000 + "\n"),
        f"nested too deeply to read (more than {MAX_DEPTH} levels)",
        3,
    ),
    "deep block nesting": (
        _write(_HEAD + "".join(f"{'  ' * n}k{n}:\n" for n in range(2000))),
        f"nested too deeply to read (more than {MAX_DEPTH} levels)",
        102,
    ),
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(VALID, root)
    return root


@pytest.mark.parametrize("case", list(CASES))
def test_check_refuses_a_hostile_gateway_file_in_one_line(
    case: str, data: Path, tmp_path: Path
) -> None:
    make, reason, line = CASES[case]
    bad = data / "gateways" / "zz-hostile.yaml"
    make(bad)
    run = run_lawgraph(
        "check",
        "--data",
        str(data),
        env={"LAWGRAPH_STATUTES": str(tmp_path / "statutes")},
        cwd=tmp_path,
    )
    where = f"{bad}:{line}:" if line else f"{bad}:"
    message = assert_refused(run, "check", 2, where, reason)
    assert "\n" not in message and len(run.lines("check")) == 1


@pytest.mark.parametrize("case", ["fifo", "folder", "symlink loop", "link to /dev/zero"])
def test_a_required_file_that_is_not_a_file_says_what_it_is(
    case: str, data: Path, tmp_path: Path
) -> None:
    make, reason, _ = CASES[case]
    (data / "holders.yaml").unlink()
    make(data / "holders.yaml")
    run = run_lawgraph(
        "gateways",
        "--holder",
        "school",
        "--data",
        str(data),
        env={"LAWGRAPH_STATUTES": str(tmp_path / "statutes")},
        cwd=tmp_path,
    )
    line = assert_refused(run, "gateways", 2, f"{data / 'holders.yaml'}: {reason}")
    assert "missing" not in line


@pytest.mark.parametrize("case", ["folder", "symlink loop", "over the size limit"])
def test_the_loader_raises_a_knowledge_error_naming_the_file(case: str, data: Path) -> None:
    make, reason, _ = CASES[case]
    bad = data / "gateways" / "zz-hostile.yaml"
    make(bad)
    with pytest.raises(UnreadableDataFileError, match=reason) as caught:
        load_knowledge(data)
    assert caught.value.path == str(bad)


def test_a_missing_required_file_is_still_missing(data: Path) -> None:
    (data / "purposes.yaml").unlink()
    with pytest.raises(DataFileNotFoundError, match=r"purposes\.yaml is missing"):
        load_knowledge(data)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("a: 1\nb: x\x00y\n", 2, "contains a NUL byte"),
        ("a:\n  b: " + "1" * 4301 + "\n", 2, "an integer of 4301 characters"),
        ("a: " + "{x: " * 150 + "1" + "}" * 150 + "\n", 1, "nested too deeply to read (more than"),
        ("a: 1\nb: \x07\n", 2, "the character U+0007 is not allowed"),
    ],
)
def test_strict_yaml_names_the_line_in_one_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(YAMLSyntaxError) as caught:
        load_yaml_text(text, "scenario.yaml")
    assert caught.value.line == line
    assert reason in caught.value.reason and "\n" not in str(caught.value)


def test_nesting_at_the_limit_is_read() -> None:
    depth = MAX_DEPTH - 2  # the top-level mapping is a level, and so is the innermost 1
    text = "a: " + "[" * depth + "1" + "]" * depth + "\n"
    value = load_yaml_text(text, "deep.yaml")["a"]
    for _ in range(depth):
        value = value[0]
    assert value == 1
