"""Issue 10, defect 14: a run killed while writing leaves no half-written file.

``lawgraph export --out FILE`` wrote the file in place, so a kill part-way through left
half an export under the real name. It now writes a temporary file in the same folder
(``.FILE.xxxx.part``) and renames it over the target; a later write removes the stray
temporary files a killed run left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lawgraph.files import atomic_write, is_temporary
from tests.conftest import require_corpus

VALID = Path(__file__).resolve().parents[1] / "knowledge" / "fixtures" / "valid"

# Export, but die (SIGKILL: no clean-up runs) at the moment the export would be renamed
# into place, as a kill part-way through writing would.
_KILLED_EXPORT = """
import os, signal, sys
real_replace = os.replace
def replace(src, dst, *args, **kwargs):
    if str(dst).endswith("export.jsonld"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(src, dst, *args, **kwargs)
os.replace = replace
from lawgraph.cli import main
sys.argv = ["lawgraph", "export", "--format", "jsonld", "--out", sys.argv[1]]
main()
"""


def _export(tmp_path: Path, out: Path, *, killed: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAWGRAPH_")}
    env.update(
        LAWGRAPH_STATUTES=str(tmp_path / "statutes"),
        LAWGRAPH_LEGISLATION=str(require_corpus()),
        LAWGRAPH_DATA=str(VALID),
        LAWGRAPH_CACHE=str(tmp_path / "cache"),
    )
    code = _KILLED_EXPORT if killed else "from lawgraph.cli import main; main()"
    args = [str(out)] if killed else ["export", "--format", "jsonld", "--out", str(out)]
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )


def test_a_killed_export_leaves_the_old_file_whole_and_the_next_cleans_up(
    tmp_path: Path,
) -> None:
    out = tmp_path / "export.jsonld"
    out.write_text("the previous export\n", encoding="utf-8")
    killed = _export(tmp_path, out, killed=True)
    assert killed.returncode == -9, killed.stderr
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    strays = [p for p in tmp_path.iterdir() if is_temporary(p)]
    assert [p.name.startswith(".export.jsonld.") for p in strays] == [True]

    hours_ago = time.time() - 2 * 3600  # left by a run long gone
    os.utime(strays[0], (hours_ago, hours_ago))
    done = _export(tmp_path, out, killed=False)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("{")
    assert [p for p in tmp_path.iterdir() if is_temporary(p)] == []


def test_a_failed_write_removes_its_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"old")

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_a_recent_temporary_file_is_left_to_its_writer(tmp_path: Path) -> None:
    busy = tmp_path / ".a.json.x1y2.part"  # another run may be writing it now
    busy.write_bytes(b"half")
    atomic_write(tmp_path / "a.json", b"new")
    assert busy.exists() and (tmp_path / "a.json").read_bytes() == b"new"


def test_the_new_file_has_the_mode_a_plain_write_gives(tmp_path: Path) -> None:
    atomic_write(tmp_path / "fresh.json", b"{}")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "fresh.json").stat().st_mode & 0o777 == 0o666 & ~mask
