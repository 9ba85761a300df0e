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

import datetime as dt
import hashlib
import json
import os
import stat
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from lawgraph.errors import CorpusNotFoundError
from lawgraph.graph.build import GatewayGraph, build_graph
from lawgraph.knowledge.loader import Knowledge, load_knowledge
from lawgraph.knowledge.models import Condition, DataCategory, DutyHolder, Gateway, Purpose
from lawgraph.legislation.corpus import Corpus
from lawgraph.settings import data_dir as default_data_dir
from lawgraph.settings import legislation_dirs as default_legislation_dirs
from lawgraph.version import __version__

__all__ = [
    "CACHE_ENV",
    "GRAPH_FORMAT",
    "CacheStats",
    "UnsafeCacheWarning",
    "cache_dir",
    "cache_key",
    "cached_payload",
    "load_graph",
    "stats",
]

CACHE_ENV = "LAWGRAPH_CACHE"
#: Bump when the graph's shape changes without a change of lawgraph version.
GRAPH_FORMAT = 2

#: The only model types a cache file may name; nothing else is ever instantiated.
_MODEL_TYPES: dict[str, type[BaseModel]] = {
    cls.__name__: cls for cls in (Gateway, DutyHolder, Condition, Purpose, DataCategory)
}
#: A cache file larger than this is not ours (today's graph is about 0.6 MB).
_MAX_CACHE_BYTES = 64 * 1024 * 1024


class UnsafeCacheWarning(UserWarning):
    """The cache folder or file could be written by someone else, so it was not used."""


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
    h.update(f"lawgraph {__version__} graph {GRAPH_FORMAT}\0".encode())
    h.update(f"today {(today or dt.date.today()).isoformat()}\0".encode())
    root = Path(data_dir)
    for path in sorted(set(root.glob("*.yaml")) | set(root.glob("**/*.yaml"))):
        h.update(b"data\0" + path.relative_to(root).as_posix().encode() + b"\0")
        _hash_file(h, path)
        h.update(b"\0")
    for held in corpus.files() if corpus is not None else []:
        try:
            st = held.path.stat()
            seen = f"{st.st_mode}\0{st.st_size}\0{st.st_mtime_ns}"
        except OSError as exc:  # a broken link or a loop: the corpus reports it
            seen = f"unreadable {exc.errno}"
        h.update(f"xml\0{held.path}\0{seen}\0".encode())
    return h.hexdigest()


def _hash_file(h: Any, path: Path) -> None:
    """Add a data file's bytes to the key, reading only regular files and in chunks.

    Anything else (a pipe, a device, a directory named ``*.yaml``) is left for the
    knowledge loader to refuse with its own message; hashing it must not hang.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            h.update(b"not a regular file")
            return
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    except OSError as exc:
        h.update(f"unreadable {exc.errno}".encode())


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
    unsafe = _unsafe(folder)
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
    _prune(folder, keep=path)
    return graph


def _writable_by_others(st: os.stat_result) -> bool:
    return bool(st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _unsafe(folder: Path) -> str | None:
    """Why `folder` must not be trusted as a cache, or ``None`` if it is the user's own.

    The folder (if it exists) must be a real directory, not a symbolic link, owned by
    this user and writable by no one else. A folder that does not exist yet is safe:
    `_write` creates it private.
    """
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{folder} cannot be examined ({exc.strerror})"
    if not stat.S_ISDIR(st.st_mode):
        return f"{folder} is not a directory"
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return f"{folder} belongs to another user"
    if _writable_by_others(st):
        return f"{folder} can be written by other users"
    return None


#: How many cached graphs to keep: the key changes daily and with every data edit.
KEEP_CACHED = 4


def _prune(folder: Path, *, keep: Path, prefix: str = "graph") -> None:
    """Delete all but the newest cached files of one kind, so stale ones do not pile up."""
    try:
        cached = sorted(
            (p for p in folder.glob(f"{prefix}-*") if p != keep),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in cached[KEEP_CACHED - 1 :]:
            old.unlink(missing_ok=True)
        # a write killed between mkstemp and rename leaves its temporary file behind
        stale = dt.datetime.now().timestamp() - 3600
        for tmp in folder.glob(".*-*.tmp"):
            if tmp.stat().st_mtime < stale:
                tmp.unlink(missing_ok=True)
    except OSError:
        pass  # the cache is only an optimisation


def _build(knowledge: Callable[[], Knowledge], corpus: Corpus | None) -> GatewayGraph:
    stats.builds += 1
    return build_graph(knowledge(), corpus)


def _read(path: Path) -> GatewayGraph | None:
    """The graph in a cache file, or ``None`` if the file is not one we wrote.

    Only a regular file owned by this user and writable by no one else is read. Its
    JSON is turned back into a graph by adding nodes and edges, and each knowledge entry
    is validated by the model its type names, from a fixed list.
    """
    payload = _read_json(path)
    try:
        return None if payload is None else _from_payload(payload)
    # a damaged or foreign file can fail in many ways; every one of them means rebuild
    except (ValueError, TypeError, KeyError, RecursionError, ValidationError):
        return None


def _read_json(path: Path) -> Any | None:
    """The JSON in a cache file we could have written, or ``None``.

    Only a regular file owned by this user, writable by no one else and of a plausible
    size is read; anything unreadable or not JSON gives ``None``.
    """
    try:
        st = os.lstat(path)
        if (
            not stat.S_ISREG(st.st_mode)
            or (hasattr(os, "getuid") and st.st_uid != os.getuid())
            or _writable_by_others(st)
            or st.st_size > _MAX_CACHE_BYTES
        ):
            return None
        with path.open("rb") as f:
            return json.loads(f.read(_MAX_CACHE_BYTES + 1))
    except (OSError, ValueError, RecursionError):
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
    _write_json(path, payload)


def _write_json(path: Path, payload: Any) -> None:
    """Write atomically, so a concurrent reader never sees half a file; failures are
    ignored because the cache is only an optimisation. The folder is created private."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        prefix = "." + path.name.split("-", 1)[0] + "-"
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(payload, f, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, ValueError):
        pass


def cached_payload(
    kind: str,
    data_dir: Path,
    corpus: Corpus | None,
    build: Callable[[], Any],
) -> Any:
    """JSON data derived from the same inputs as the graph, cached beside it.

    The file is ``{kind}-{key}.json`` with the graph's `cache_key`, read and written
    under the same rules (a private folder, the user's own regular file, JSON only):
    `lawgraph.api.load` keeps the statute quotes here, so a warm load parses no statute.
    When the folder may not be used, or the corpus had a file it could not read, `build`
    is called and nothing is written.

    Args:
        kind: a short lower-case name for the file (``quotes``).
        data_dir: the knowledge folder.
        corpus: the legislation held, or ``None``.
        build: makes the data (JSON values only) on a miss.
    """
    folder = cache_dir()
    if _unsafe(folder):
        return build()  # load_graph has said why, once
    path = folder / f"{kind}-{cache_key(data_dir, corpus)}.json"
    found = _read_json(path) if os.path.lexists(path) else None
    if isinstance(found, dict) and found.get("format") == GRAPH_FORMAT:
        return found["data"]
    data = build()
    if corpus is None or not corpus.problems():
        _write_json(path, {"format": GRAPH_FORMAT, "data": data})
        _prune(folder, keep=path, prefix=kind)
    return data
