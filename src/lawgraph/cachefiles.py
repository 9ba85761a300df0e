"""The cache folder and its files: what lawgraph keeps on disk only to be faster.

Three kinds of file are kept there, all JSON data, never code: the graph
(`lawgraph.graph.cache`), the statute quotes the answers use (beside the graph), and the
parsed knowledge files (`lawgraph.knowledge.parsed`). Reading one runs nothing. Because a
tampered file could still give wrong answers, a file is used only when the folder and the
file belong to the user and no one else can write to them (`unsafe_folder`,
`read_json`); otherwise lawgraph works without the cache and touches nothing there. A
file that cannot be read back (truncated, corrupt, from an older format, a FIFO) is
treated as absent and rewritten, never an error.

The folder is ``$LAWGRAPH_CACHE`` or ``~/.cache/lawgraph``; lawgraph creates it private
(mode 700) and writes each file atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lawgraph.version import __version__

if TYPE_CHECKING:
    from lawgraph.legislation.corpus import Corpus

__all__ = [
    "CACHE_ENV",
    "FORMAT",
    "KEEP_CACHED",
    "MAX_CACHE_BYTES",
    "UnsafeCacheWarning",
    "cache_dir",
    "cache_key",
    "cached_payload",
    "prune",
    "read_json",
    "unsafe_folder",
    "write_json",
]

CACHE_ENV = "LAWGRAPH_CACHE"
#: Bump when the shape of a cached file changes without a change of lawgraph version.
FORMAT = 2
#: A cache file larger than this is not ours (today's graph is about 0.6 MB).
MAX_CACHE_BYTES = 64 * 1024 * 1024
#: How many files of one kind to keep: the key changes daily and with every data edit.
KEEP_CACHED = 4


class UnsafeCacheWarning(UserWarning):
    """The cache folder or file could be written by someone else, so it was not used."""


def cache_dir() -> Path:
    """The cache folder: ``$LAWGRAPH_CACHE`` or ``~/.cache/lawgraph``."""
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path.home() / ".cache" / "lawgraph"


def _writable_by_others(st: os.stat_result) -> bool:
    return bool(st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def unsafe_folder(folder: Path) -> str | None:
    """Why `folder` must not be trusted as a cache, or ``None`` if it is the user's own.

    The folder (if it exists) must be a real directory, not a symbolic link, owned by
    this user and writable by no one else. A folder that does not exist yet is safe:
    `write_json` creates it private.
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


def read_json(path: Path) -> Any | None:
    """The JSON in a cache file we could have written, or ``None``.

    Only a regular file owned by this user, writable by no one else and of a plausible
    size is read (checked with ``lstat`` before opening, so a FIFO is never opened);
    anything unreadable or not JSON gives ``None``.
    """
    try:
        st = os.lstat(path)
        if (
            not stat.S_ISREG(st.st_mode)
            or (hasattr(os, "getuid") and st.st_uid != os.getuid())
            or _writable_by_others(st)
            or st.st_size > MAX_CACHE_BYTES
        ):
            return None
        with path.open("rb") as f:
            return json.loads(f.read(MAX_CACHE_BYTES + 1))
    except (OSError, ValueError, RecursionError):
        return None


def write_json(path: Path, payload: Any) -> None:
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
    except (OSError, TypeError, ValueError, RecursionError):
        pass


def prune(folder: Path, *, keep: Path, prefix: str) -> None:
    """Delete all but the newest `KEEP_CACHED` files of one kind (their names start with
    ``prefix-``), so stale ones do not pile up; and the temporary files of writes killed
    more than an hour ago."""
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


def cache_key(data_dir: Path, corpus: Corpus | None, *, today: dt.date | None = None) -> str:
    """The SHA-256 hex digest that names the cached graph for these inputs.

    Args:
        data_dir: the knowledge folder.
        corpus: the legislation held, or ``None``.
        today: the date the proof takes as today (default: today).
    """
    h = hashlib.sha256()
    h.update(f"lawgraph {__version__} graph {FORMAT}\0".encode())
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
    if unsafe_folder(folder):
        return build()  # load_graph has said why, once
    path = folder / f"{kind}-{cache_key(data_dir, corpus)}.json"
    found = read_json(path) if os.path.lexists(path) else None
    if isinstance(found, dict) and found.get("format") == FORMAT:
        return found["data"]
    data = build()
    if corpus is None or not corpus.problems():
        write_json(path, {"format": FORMAT, "data": data})
        prune(folder, keep=path, prefix=kind)
    return data
