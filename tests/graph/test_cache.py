"""The on-disk cache: hits, keys that follow the inputs, and corrupt files rebuilt."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from lawgraph.graph import cache
from lawgraph.graph.cache import cache_key, load_graph
from lawgraph.legislation.corpus import Corpus
from tests.conftest import require_corpus
from tests.graph.conftest import REAL_DATA

SMALL_XML = "corpus/ukpga/1996/31/section/20.xml.gz"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of data/ and a private cache folder; counters at zero."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    copy = tmp_path / "data"
    shutil.copytree(REAL_DATA, copy, ignore=shutil.ignore_patterns("research"))
    cache.stats.reset()
    return copy


def _files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("graph-*.json"))


def test_second_load_hits_the_cache(data: Path, tmp_path: Path):
    first = load_graph(data, [])
    assert (cache.stats.builds, cache.stats.hits) == (1, 0)
    second = load_graph(data, [])
    assert (cache.stats.builds, cache.stats.hits) == (1, 1)
    assert len(_files(tmp_path)) == 1
    assert list(second.nodes(data=True)) == list(first.nodes(data=True))
    assert second.models.keys() == first.models.keys()


def test_a_changed_data_file_changes_the_key_and_rebuilds(data: Path, tmp_path: Path):
    before = cache_key(data, None)
    load_graph(data, [])
    with (data / "purposes.yaml").open("a", encoding="utf-8") as f:
        f.write("# a curator's comment\n")
    assert cache_key(data, None) != before
    load_graph(data, [])
    assert (cache.stats.builds, cache.stats.hits) == (2, 0)
    assert len(_files(tmp_path)) == 2


def test_held_xml_size_and_mtime_are_in_the_key(data: Path, tmp_path: Path):
    legislation = tmp_path / "legislation"
    target = legislation / SMALL_XML
    target.parent.mkdir(parents=True)
    shutil.copy(require_corpus() / SMALL_XML, target)
    with_file = cache_key(data, Corpus([legislation]))
    assert with_file != cache_key(data, None)
    st = target.stat()
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert cache_key(data, Corpus([legislation])) != with_file


def test_a_corrupt_cache_file_is_rebuilt(data: Path, tmp_path: Path):
    load_graph(data, [])
    (path,) = _files(tmp_path)
    path.write_bytes(b'{"format": 2, "nodes": [[')
    graph = load_graph(data, [])
    assert (cache.stats.builds, cache.stats.rebuilt_corrupt) == (2, 1)
    assert graph.number_of_nodes() > 0
    load_graph(data, [])
    assert cache.stats.hits == 1


@pytest.mark.parametrize(
    "content",
    [
        b"\x80\x05K\x01.",  # the pickle of the int 1: never unpickled, only refused
        b"[1, 2, 3]",
        b'{"format": 1}',
        b'{"format": 2, "nodes": [], "edges": [], "models": {"k": ["os.system", {}]}}',
        b"[" * 100_000,
    ],
    ids=["pickle", "json-list", "old-format", "unknown-model-type", "deeply-nested"],
)
def test_a_file_of_something_else_is_rebuilt(data: Path, tmp_path: Path, content: bytes):
    load_graph(data, [])
    (path,) = _files(tmp_path)
    path.write_bytes(content)
    graph = load_graph(data, [])
    assert cache.stats.rebuilt_corrupt == 1
    assert graph.number_of_nodes() > 0


def test_use_cache_false_writes_nothing(data: Path, tmp_path: Path):
    load_graph(data, [], use_cache=False)
    assert _files(tmp_path) == []
    assert cache.stats.builds == 1


def test_cache_dir_defaults_to_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / ".cache" / "lawgraph"


def test_stale_cached_graphs_are_pruned(data: Path, tmp_path: Path):
    # every data edit makes a new key; only the newest few graphs are kept on disk
    for n in range(cache.KEEP_CACHED + 3):
        with (data / "purposes.yaml").open("a", encoding="utf-8") as f:
            f.write(f"# edit {n}\n")
        load_graph(data, [])
    assert cache.stats.builds == cache.KEEP_CACHED + 3
    assert len(_files(tmp_path)) == cache.KEEP_CACHED
