"""Build the graph once and keep it on disk, keyed by a hash of everything it is built from.

The key is the SHA-256 of:

- the contents of every ``*.yaml`` file in the data folder and below it;
- the path, size and modification time of every legislation XML file held (reading
  them all would cost as much as parsing them);
- the lawgraph version and `GRAPH_FORMAT`, so a new release never reads an old graph;
- today's date, because the proof behind each citation's ``verified`` flag treats an
  entry with no ``in_force_from`` as asked about today.

The cache folder is ``$LAWGRAPH_CACHE`` or ``~/.cache/lawgraph``. A cache file is plain
JSON data (nodes, edges and each knowledge entry's fields), never code: reading one
runs nothing, and every knowledge entry in it is validated again by its pydantic model.
Because a tampered file could still give wrong answers, the cache is used only when the
folder and the file belong to the user and no one else can write to them; otherwise
lawgraph builds the graph afresh, touches nothing there, and warns
(`UnsafeCacheWarning`). A file that cannot be read back (truncated, corrupt, from an
older format) is rebuilt and rewritten, never an error.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from lawgraph.cachefiles import (
    CACHE_ENV,
    FORMAT,
    KEEP_CACHED,
    UnsafeCacheWarning,
    cache_dir,
    cache_key,
    cached_payload,
    prune,
    read_json,
    unsafe_folder,
    write_json,
)
from lawgraph.errors import CorpusNotFoundError
from lawgraph.graph.build import GatewayGraph, build_graph
from lawgraph.knowledge.loader import Knowledge, load_knowledge
from lawgraph.knowledge.models import Condition, DataCategory, DutyHolder, Gateway, Purpose
from lawgraph.legislation.corpus import Corpus
from lawgraph.settings import data_dir as default_data_dir
from lawgraph.settings import legislation_dirs as default_legislation_dirs

__all__ = [
    "CACHE_ENV",
    "GRAPH_FORMAT",
    "KEEP_CACHED",
    "CacheStats",
    "UnsafeCacheWarning",
    "cache_dir",
    "cache_key",
    "cached_payload",
    "load_graph",
    "stats",
]

#: The format of every cached file (`lawgraph.cachefiles.FORMAT`), under its old name.
GRAPH_FORMAT = FORMAT

#: The only model types a cache file may name; nothing else is ever instantiated.
_MODEL_TYPES: dict[str, type[BaseModel]] = {
    cls.__name__: cls for cls in (Gateway, DutyHolder, Condition, Purpose, DataCategory)
}


@dataclass
class CacheStats:
    """What `load_graph` has done in this process (for tests and benchmarks).

    Attributes:
        hits: graphs read from the cache.
        builds: graphs built from the data and the legislation.
        rebuilt_corrupt: cache files that could not be read and were rebuilt.
    """

    hits: int = 0
    builds: int = 0
    rebuilt_corrupt: int = 0

    def reset(self) -> None:
        """Set every counter back to zero."""
        self.hits = self.builds = self.rebuilt_corrupt = 0


#: The counters of this process.
stats = CacheStats()


def _corpus(dirs: Sequence[Path]) -> Corpus | None:
    try:
        return Corpus(dirs)
    except CorpusNotFoundError:
        return None  # nothing held: the graph still has every citation, as not held


def load_graph(
    data_dir: Path | str | None = None,
    legislation_dirs: Sequence[Path | str] | None = None,
    *,
    use_cache: bool = True,
    knowledge: Callable[[], Knowledge] | None = None,
    corpus: Callable[[], Corpus | None] | None = None,
) -> GatewayGraph:
    """The graph of the knowledge in `data_dir` and the legislation in `legislation_dirs`.

    Args:
        data_dir: the knowledge folder (default: `lawgraph.settings.data_dir`).
        legislation_dirs: legislation folders, in priority order (default:
            `lawgraph.settings.legislation_dirs`). None existing is not an error.
        use_cache: read the graph from the cache when its key matches, and write it
            there after building; ``False`` always builds and touches no file.
        knowledge: gives the knowledge of `data_dir` when the caller has loaded it
            already (`lawgraph.api.LawGraph`), so a cache miss does not load it twice.
        corpus: likewise gives the legislation of `legislation_dirs` already listed.

    Raises:
        lawgraph.knowledge.KnowledgeError: a knowledge file cannot be loaded.

    See Also:
        lawgraph.graph.build.build_graph: what is built on a cache miss.
    """
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    dirs = (
        [Path(d) for d in legislation_dirs]
        if legislation_dirs is not None
        else default_legislation_dirs()
    )
    held = corpus() if corpus is not None else _corpus(dirs)
    loaded = knowledge if knowledge is not None else (lambda: load_knowledge(root))
    if not use_cache:
        return _build(loaded, held)
    folder = cache_dir()
    unsafe = unsafe_folder(folder)
    if unsafe:
        warnings.warn(
            f"graph cache not used: {unsafe}; building the graph afresh. Make the folder "
            f"private (chmod 700) or point {CACHE_ENV} elsewhere.",
            UnsafeCacheWarning,
            stacklevel=2,
        )
        return _build(loaded, held)
    path = folder / f"graph-{cache_key(root, held)}.json"
    if os.path.lexists(path):
        graph = _read(path)
        if graph is not None:
            stats.hits += 1
            return graph
        stats.rebuilt_corrupt += 1
    graph = _build(loaded, held)
    if held is not None and held.problems():
        return graph  # built without a damaged file: build again (and warn) next time
    _write(path, graph)
    prune(folder, keep=path, prefix="graph")
    return graph


def _build(knowledge: Callable[[], Knowledge], corpus: Corpus | None) -> GatewayGraph:
    stats.builds += 1
    return build_graph(knowledge(), corpus)


def _read(path: Path) -> GatewayGraph | None:
    """The graph in a cache file, or ``None`` if the file is not one we wrote.

    Only a regular file owned by this user and writable by no one else is read. Its
    JSON is turned back into a graph by adding nodes and edges, and each knowledge entry
    is validated by the model its type names, from a fixed list.
    """
    payload = read_json(path)
    try:
        return None if payload is None else _from_payload(payload)
    # a damaged or foreign file can fail in many ways; every one of them means rebuild
    except (ValueError, TypeError, KeyError, RecursionError, ValidationError):
        return None


def _to_payload(graph: GatewayGraph) -> dict[str, Any]:
    return {
        "format": GRAPH_FORMAT,
        "nodes": [[key, attrs] for key, attrs in graph.nodes(data=True)],
        "edges": [[u, v, k, attrs] for u, v, k, attrs in graph.edges(keys=True, data=True)],
        "models": {
            key: [type(m).__name__, m.model_dump(mode="json")] for key, m in graph.models.items()
        },
    }


def _from_payload(payload: Any) -> GatewayGraph | None:
    if not isinstance(payload, dict) or payload.get("format") != GRAPH_FORMAT:
        return None
    graph = GatewayGraph()
    for key, attrs in payload["nodes"]:
        if not isinstance(key, str) or not isinstance(attrs, dict):
            return None
        graph.add_node(key, **attrs)
    for u, v, k, attrs in payload["edges"]:
        if not (isinstance(u, str) and isinstance(v, str) and isinstance(attrs, dict)):
            return None
        graph.add_edge(u, v, key=k, **attrs)
    for key, (type_name, fields) in payload["models"].items():
        cls = _MODEL_TYPES.get(type_name)
        if cls is None or key not in graph:
            return None
        graph.models[key] = cls.model_validate(fields)
    return graph


def _write(path: Path, graph: GatewayGraph) -> None:
    """Write the graph's payload; see `_write_json`."""
    try:
        payload = _to_payload(graph)
    except (TypeError, ValueError):
        return
    write_json(path, payload)
