"""The knowledge files' parse trees in the cache folder (`lawgraph.knowledge.parsed`).

A warm `load_knowledge` reads each file's bytes and takes the stored tree for exactly
those bytes instead of running the YAML parser; every check still runs. The store is
held to the graph cache's rules (``test_graph_cache.py``): JSON data only, used only
from the user's own private folder and file, and anything in it not of the shape
lawgraph writes is ignored and the file parsed again, never an error and never trusted.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import lawgraph.knowledge.yamlio as yamlio
from lawgraph.cachefiles import CACHE_ENV
from lawgraph.knowledge import KnowledgeError, load_knowledge
from tests.graph.conftest import REAL_DATA


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    copy = tmp_path / "data"
    shutil.copytree(REAL_DATA, copy, ignore=shutil.ignore_patterns("research"))
    return copy


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every file the YAML parser runs on."""
    seen: list[str] = []
    real = yamlio.load_yaml_text

    def counting(text: str, source: str) -> Any:
        seen.append(Path(source).name)
        return real(text, source)

    monkeypatch.setattr(yamlio, "load_yaml_text", counting)
    return seen


def _store(tmp_path: Path) -> Path:
    (path,) = sorted((tmp_path / "cache").glob("parsed-*.json"))
    return path


def test_a_warm_load_parses_no_file_and_gives_the_same_knowledge(
    data: Path, parsed: list[str]
) -> None:
    cold = load_knowledge(data)
    assert "holders.yaml" in parsed and "article9.yaml" in parsed  # the rules too
    parsed.clear()
    warm = load_knowledge(data)
    assert parsed == []
    assert warm == cold
    assert warm.sources == cold.sources  # the lines errors and the proof point at
    assert warm.rules == cold.rules


def test_an_edited_file_alone_is_parsed_again_and_the_edit_is_seen(
    data: Path, parsed: list[str]
) -> None:
    load_knowledge(data)
    path = data / "purposes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Early help", "Early Help!"))
    parsed.clear()
    edited = load_knowledge(data)
    assert parsed == ["purposes.yaml"]
    assert edited.purposes["early-help"].title == "Early Help!"


def test_a_file_the_reader_refuses_is_refused_warm_as_cold(
    data: Path, parsed: list[str], tmp_path: Path
) -> None:
    load_knowledge(data)
    path = data / "categories.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "categories: []\n")
    parsed.clear()
    messages = []
    for _ in range(2):
        with pytest.raises(KnowledgeError) as caught:
            load_knowledge(data)
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "duplicate key 'categories'" in messages[0]
    assert parsed.count("categories.yaml") == 2  # parsed, refused, never stored


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda tree: {"holders": []}, id="a-plain-object"),
        pytest.param(lambda tree: {"l": 1, "k": [["holders", "2", []]]}, id="a-line-not-int"),
        pytest.param(lambda tree: {"l": 1, "k": [["a", 1, 1], ["a", 2, 2]]}, id="a-key-twice"),
        pytest.param(lambda tree: "[" * 100_000, id="deeply-nested"),
    ],
)
def test_a_tampered_tree_is_parsed_again_not_trusted(
    data: Path, parsed: list[str], tmp_path: Path, tamper: Any
) -> None:
    cold = load_knowledge(data)
    store = _store(tmp_path)
    payload = json.loads(store.read_bytes())
    digest, tree = payload["files"]["holders.yaml"]
    bad = tamper(json.loads(tree))
    payload["files"]["holders.yaml"] = [digest, bad if isinstance(bad, str) else json.dumps(bad)]
    store.write_text(json.dumps(payload))
    parsed.clear()
    assert load_knowledge(data) == cold
    assert parsed == ["holders.yaml"]


def test_a_planted_pickle_is_never_unpickled(data: Path, tmp_path: Path) -> None:
    load_knowledge(data)
    store = _store(tmp_path)
    canary = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {canary}",))

    store.write_bytes(pickle.dumps(Exploit()))
    load_knowledge(data)
    assert not canary.exists()


def test_a_store_writable_by_others_is_not_read(
    data: Path, parsed: list[str], tmp_path: Path
) -> None:
    load_knowledge(data)
    _store(tmp_path).chmod(0o666)
    parsed.clear()
    load_knowledge(data)
    assert "holders.yaml" in parsed


def test_a_cache_folder_writable_by_others_is_neither_read_nor_written(
    data: Path, parsed: list[str], tmp_path: Path
) -> None:
    load_knowledge(data)
    store = _store(tmp_path)
    before = store.read_bytes()
    (tmp_path / "cache").chmod(0o777)
    (data / "purposes.yaml").write_text(
        (data / "purposes.yaml").read_text(encoding="utf-8") + "\n# edited\n"
    )
    parsed.clear()
    load_knowledge(data)
    assert "holders.yaml" in parsed
    assert store.read_bytes() == before  # nothing there was touched


def test_without_the_cache_no_file_is_read_or_written(
    data: Path, parsed: list[str], tmp_path: Path
) -> None:
    load_knowledge(data, use_cache=False)
    load_knowledge(data, use_cache=False)
    assert not (tmp_path / "cache").exists()
    assert parsed.count("holders.yaml") == 2


def test_a_store_that_is_a_fifo_does_not_hang(data: Path, tmp_path: Path) -> None:
    """Run in a child process under a time bound: a hang fails the test."""
    code = (
        "import os, sys\n"
        "from lawgraph.cachefiles import cache_dir\n"
        "from lawgraph.knowledge import load_knowledge\n"
        "from lawgraph.knowledge.parsed import ParsedFiles\n"
        "cache_dir().mkdir(mode=0o700, parents=True, exist_ok=True)\n"
        "os.mkfifo(ParsedFiles(sys.argv[1]).path)\n"
        "print(len(load_knowledge(sys.argv[1]).holders) > 0)\n"
    )
    env = {**os.environ, CACHE_ENV: str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(data)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]
