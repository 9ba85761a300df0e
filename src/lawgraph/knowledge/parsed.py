"""The knowledge files' parse trees, kept in the cache folder, so a warm load reads JSON
instead of running the YAML parser (written in Python, it takes most of a second for
``data/``, where the whole rest of `lawgraph.knowledge.load_knowledge` takes a few
hundredths).

Only the parsing is skipped. What the strict YAML reader returns for a file (mappings as
`LineDict` with their lines, lists, strings, numbers, booleans, nulls) is a function of
the file's bytes, so each tree is stored with the SHA-256 of the bytes it was parsed from
and used only for a file with those exact bytes; every model is still validated and
every cross-check still runs on it, exactly as on a cold load. A file the reader refuses
is never stored, so it is refused with the same message warm or cold.

The cache file (``parsed-KEY.json``, one per data folder) follows the rules of
`lawgraph.cachefiles`: JSON data only, read only from the user's own private folder and
file, and anything in it that is not the shape written here (a truncated file, a
tampered tree, an older format) is ignored and the file parsed again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lawgraph.cachefiles import FORMAT, cache_dir, prune, read_json, unsafe_folder, write_json
from lawgraph.knowledge.yamlio import LineDict
from lawgraph.version import __version__

__all__ = ["ParsedFiles"]

_PREFIX = "parsed"


class _NotOurs(ValueError):
    """A stored tree that is not the shape `_encode` writes."""


def _encode(node: Any) -> Any:
    """A parse tree as JSON values: each mapping as ``{"l": line, "k": [[key, line,
    value], ...]}``. Raises `_NotOurs` for any value JSON would not give back as it is."""
    if isinstance(node, LineDict):
        return {"l": node.line, "k": [[k, node.line_of(k), _encode(v)] for k, v in node.items()]}
    if isinstance(node, list):
        return [_encode(v) for v in node]
    if node is None or isinstance(node, (str, bool, int, float)):
        return node
    raise _NotOurs(f"a {type(node).__name__} is not kept")  # !!binary, !!set, !!omap ...


def _mapping(encoded: dict[str, Any]) -> LineDict:
    """`json.loads` object hook: every object in a stored tree is an encoded mapping."""
    line, items = encoded.get("l"), encoded.get("k")
    if len(encoded) != 2 or type(line) is not int or type(items) is not list:
        raise _NotOurs("not an encoded mapping")
    out = LineDict(line=line)
    for item in items:
        if type(item) is not list or len(item) != 3:
            raise _NotOurs("not an encoded key")
        key, key_line, value = item
        if type(key) is not str or type(key_line) is not int or key in out:
            raise _NotOurs("not an encoded key")
        out[key] = value
        out.key_lines[key] = key_line
    return out


class ParsedFiles:
    """The stored parse trees of the files of one data folder, for one load.

    Args:
        root: the data folder.

    Attributes:
        path: the cache file the trees are kept in.
    """

    def __init__(self, root: Path) -> None:
        self._root = Path(root)
        folder = cache_dir()
        self._usable = unsafe_folder(folder) is None
        name = f"lawgraph {__version__} {FORMAT} {os.path.abspath(self._root)}"
        key = hashlib.sha256(name.encode()).hexdigest()
        self.path = folder / f"{_PREFIX}-{key}.json"
        self._stored: dict[str, Any] | None = None
        self._used: dict[str, list[str]] = {}
        self._changed = False

    def _known(self) -> dict[str, Any]:
        if self._stored is None:
            found = read_json(self.path) if self._usable else None
            ok = isinstance(found, dict) and found.get("format") == FORMAT
            files = found.get("files") if ok and isinstance(found, dict) else None
            self._stored = files if isinstance(files, dict) else {}
        return self._stored

    def tree(self, path: Path, data: bytes, parse: Callable[[], Any]) -> Any:
        """What `parse` gives for `path`, whose bytes are `data`: the stored tree when it
        was parsed from these exact bytes, else `parse()` (and it is stored)."""
        name = self._name(path)
        digest = hashlib.sha256(data).hexdigest()
        if name is not None and self._usable:
            entry = self._known().get(name)
            if type(entry) is list and len(entry) == 2 and entry[0] == digest:
                try:
                    tree = json.loads(entry[1], object_hook=_mapping)
                except (ValueError, TypeError, RecursionError):
                    pass  # not a tree we wrote: parse the file again
                else:
                    self._used[name] = entry
                    return tree
        tree = parse()
        if name is not None and self._usable:
            try:
                self._used[name] = [digest, json.dumps(_encode(tree), ensure_ascii=False)]
                self._changed = True
            except (_NotOurs, ValueError, RecursionError):
                pass  # kept out of the cache; parsed again next time
        return tree

    def _name(self, path: Path) -> str | None:
        try:
            return Path(path).relative_to(self._root).as_posix()
        except ValueError:
            return None

    def save(self) -> None:
        """Write the trees this load used, if any was parsed afresh or any stored tree is
        no longer used (a file edited, renamed or removed)."""
        if not self._usable:
            return
        if not self._changed and set(self._known()) == set(self._used):
            return
        write_json(self.path, {"format": FORMAT, "files": self._used})
        prune(self.path.parent, keep=self.path, prefix=_PREFIX)
