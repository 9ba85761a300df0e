"""Build the graph once and keep it on disk, keyed by a hash of everything it is built from.

The key is the SHA-256 of:

- the contents of every ``*.yaml`` file in the data folder and below it;
- the path, size and modification time of every legislation XML file held (reading
  them all would cost as much as parsing them);
- the lawgraph version and `GRAPH_FORMAT`, so a new release never reads an old graph;
- today's date, because the proof behind each citation's ``verified`` flag treats an
  entry with no ``in_force_from`` as asked about today.

The cache folder is ``$LAWGRAPH_CACHE`` or ``~/.cache/lawgraph``. A cache file is a
pickle; it is only ever read from that folder, which belongs to the user. A file that
cannot be read back (truncated, corrupt, from an incompatible library) is rebuilt and
rewritten, never an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import os
import pickle
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lawgraph.errors import CorpusNotFoundError
from lawgraph.files import UnreadableFileError, read_limited
from lawgraph.graph.build import GatewayGraph, build_graph
from lawgraph.knowledge.loader import load_knowledge
from lawgraph.legislation.corpus import Corpus
from lawgraph.settings import data_dir as default_data_dir
from lawgraph.settings import legislation_dirs as default_legislation_dirs

__all__ = [
    "CACHE_ENV",
    "GRAPH_FORMAT",
    "CacheStats",
    "cache_dir",
    "cache_key",
    "load_graph",
    "stats",
]

CACHE_ENV = "LAWGRAPH_CACHE"
#: Bump when the graph's shape changes without a change of lawgraph version.
GRAPH_FORMAT = 1


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


def cache_dir() -> Path:
    """The folder graphs are cached in: ``$LAWGRAPH_CACHE`` or ``~/.cache/lawgraph``."""
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path.home() / ".cache" / "lawgraph"


def _version() -> str:
    try:
        return importlib.metadata.version("lawgraph")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - run from a checkout
        return "0+unknown"


def _corpus(dirs: Sequence[Path]) -> Corpus | None:
    try:
        return Corpus(dirs)
    except CorpusNotFoundError:
        return None  # nothing held: the graph still has every citation, as not held


def cache_key(data_dir: Path, corpus: Corpus | None, *, today: dt.date | None = None) -> str:
    """The SHA-256 hex digest that names the cached graph for these inputs.

    Args:
        data_dir: the knowledge folder.
        corpus: the legislation held, or ``None``.
        today: the date the proof takes as today (default: today).
    """
    h = hashlib.sha256()
    h.update(f"lawgraph {_version()} graph {GRAPH_FORMAT}\0".encode())
    h.update(f"today {(today or dt.date.today()).isoformat()}\0".encode())
    root = Path(data_dir)
    for path in sorted(set(root.glob("*.yaml")) | set(root.glob("**/*.yaml"))):
        h.update(b"data\0" + path.relative_to(root).as_posix().encode() + b"\0")
        try:
            h.update(read_limited(path))
        except UnreadableFileError as exc:
            # loading the knowledge refuses this file with the same reason; never open
            # a FIFO or read a device here just to name the cache
            h.update(f"unreadable {exc.reason}".encode())
        h.update(b"\0")
    for held in corpus.files() if corpus is not None else []:
        try:
            st = held.path.stat()
            seen = f"{st.st_mode}\0{st.st_size}\0{st.st_mtime_ns}"
        except OSError as exc:  # a broken link or a loop: the corpus reports it
            seen = f"unreadable {exc.errno}"
        h.update(f"xml\0{held.path}\0{seen}\0".encode())
    return h.hexdigest()


def load_graph(
    data_dir: Path | str | None = None,
    legislation_dirs: Sequence[Path | str] | None = None,
    *,
    use_cache: bool = True,
) -> GatewayGraph:
    """The graph of the knowledge in `data_dir` and the legislation in `legislation_dirs`.

    Args:
        data_dir: the knowledge folder (default: `lawgraph.settings.data_dir`).
        legislation_dirs: legislation folders, in priority order (default:
            `lawgraph.settings.legislation_dirs`). None existing is not an error.
        use_cache: read the graph from the cache when its key matches, and write it
            there after building; ``False`` always builds and touches no file.

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
    corpus = _corpus(dirs)
    if not use_cache:
        return _build(root, corpus)
    path = cache_dir() / f"graph-{cache_key(root, corpus)}.pickle"
    if path.is_file():
        graph = _read(path)
        if graph is not None:
            stats.hits += 1
            return graph
        stats.rebuilt_corrupt += 1
    graph = _build(root, corpus)
    if corpus is not None and corpus.problems():
        return graph  # built without a damaged file: build again (and warn) next time
    _write(path, graph)
    _prune(path.parent, keep=path)
    return graph


#: How many cached graphs to keep: the key changes daily and with every data edit.
KEEP_CACHED = 4


def _prune(folder: Path, *, keep: Path) -> None:
    """Delete all but the newest cached graphs, so stale ones do not pile up."""
    try:
        cached = sorted(
            (p for p in folder.glob("graph-*.pickle") if p != keep),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in cached[KEEP_CACHED - 1 :]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # the cache is only an optimisation


def _build(root: Path, corpus: Corpus | None) -> GatewayGraph:
    stats.builds += 1
    return build_graph(load_knowledge(root), corpus)


def _read(path: Path) -> GatewayGraph | None:
    try:
        with path.open("rb") as f:
            graph = pickle.load(f)
    # unpickling a damaged file can fail in almost any way; every failure means rebuild
    except Exception:
        return None
    return graph if isinstance(graph, GatewayGraph) else None


def _write(path: Path, graph: GatewayGraph) -> None:
    """Write atomically, so a concurrent reader never sees half a file; failures are
    ignored because the cache is only an optimisation."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".graph-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(graph, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
