"""Issue 10, severe 2: the graph cache is data, and is used only from a private folder.

The cache used to be a pickle whose name anyone could compute; whoever could write the
cache folder ran code as the user on the next ``lawgraph gateways``. Now the file is
JSON that only ever becomes nodes, edges and validated knowledge models, and a folder or
file that others can write to is not used at all.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lawgraph.graph import cache
from lawgraph.graph.cache import UnsafeCacheWarning, load_graph
from tests.graph.conftest import REAL_DATA


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    copy = tmp_path / "data"
    shutil.copytree(REAL_DATA, copy, ignore=shutil.ignore_patterns("research"))
    cache.stats.reset()
    return copy


def _cached(tmp_path: Path) -> Path:
    (path,) = sorted((tmp_path / "cache").glob("graph-*.json"))
    return path


def test_the_cache_round_trips_the_whole_graph(data: Path, tmp_path: Path) -> None:
    built = load_graph(data, [])
    read = load_graph(data, [])
    assert cache.stats.hits == 1
    assert list(read.nodes(data=True)) == list(built.nodes(data=True))
    assert list(read.edges(keys=True, data=True)) == list(built.edges(keys=True, data=True))
    assert read.models == built.models
    assert {type(m) for m in read.models.values()} == {type(m) for m in built.models.values()}


def test_the_cache_file_is_json_and_the_folder_private(data: Path, tmp_path: Path) -> None:
    load_graph(data, [])
    path = _cached(tmp_path)
    assert json.loads(path.read_bytes())["format"] == cache.GRAPH_FORMAT
    assert (tmp_path / "cache").stat().st_mode & 0o077 == 0


def test_a_planted_pickle_is_never_unpickled(data: Path, tmp_path: Path) -> None:
    """The attack: a pickle that runs code, written under the name the cache will read."""
    load_graph(data, [])
    path = _cached(tmp_path)
    canary = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {canary}",))

    path.write_bytes(pickle.dumps(Exploit()))
    load_graph(data, [])
    assert not canary.exists()
    assert cache.stats.rebuilt_corrupt == 1


def test_a_cache_folder_writable_by_others_is_not_used(data: Path, tmp_path: Path) -> None:
    load_graph(data, [])
    path = _cached(tmp_path)
    tampered = json.loads(path.read_bytes())
    tampered["nodes"] = tampered["nodes"][:1]
    path.write_text(json.dumps(tampered))
    (tmp_path / "cache").chmod(0o777)
    with pytest.warns(UnsafeCacheWarning, match="can be written by other users"):
        graph = load_graph(data, [])
    assert graph.number_of_nodes() > 1  # built afresh, not the tampered copy
    assert cache.stats.hits == 0
    assert path.read_text() == json.dumps(tampered)  # and nothing there was touched


def test_a_cache_file_writable_by_others_is_not_read(data: Path, tmp_path: Path) -> None:
    load_graph(data, [])
    path = _cached(tmp_path)
    path.chmod(0o666)
    load_graph(data, [])
    assert (cache.stats.hits, cache.stats.rebuilt_corrupt) == (0, 1)


def test_a_cache_folder_that_is_a_symlink_is_not_used(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "link"))
    with pytest.warns(UnsafeCacheWarning, match="is not a directory"):
        load_graph(data, [])
    assert list(real.iterdir()) == []


def test_a_cache_file_that_is_a_fifo_does_not_hang(data: Path, tmp_path: Path) -> None:
    """Run in a child process under a time bound: a hang fails the test."""
    code = (
        "import sys, warnings\n"
        "from lawgraph.graph import cache\n"
        "from lawgraph.graph.cache import cache_key, load_graph\n"
        "data = sys.argv[1]\n"
        "folder = cache.cache_dir(); folder.mkdir(mode=0o700, parents=True, exist_ok=True)\n"
        "import os\n"
        "os.mkfifo(folder / f'graph-{cache_key(data, None)}.json')\n"
        "g = load_graph(data, [])\n"
        "print(g.number_of_nodes() > 0, cache.stats.rebuilt_corrupt)\n"
    )
    env = {**os.environ, cache.CACHE_ENV: str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(data)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "1"]


def test_stray_temporary_files_are_cleared(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    stray = folder / ".graph-abc.tmp"
    stray.write_text("half a graph")
    old = stray.stat().st_mtime - 7200
    os.utime(stray, (old, old))
    load_graph(data, [])
    assert not stray.exists()
