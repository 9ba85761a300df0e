"""Strict YAML loading for the knowledge files.

PyYAML's safe loader is lenient in ways that hide curation mistakes: a key written twice
silently keeps the last value, and an unquoted ``2018-06-29`` becomes a `datetime.date`.
`load_yaml` refuses duplicate keys (naming file and line), keeps every scalar that looks
like a date as the string it is, and refuses anchors and aliases (the format forbids them,
and an alias would let one entry silently share another's citations).

Hostile or broken files get a `YAMLSyntaxError` naming the file and line, never a
traceback: a NUL or other control character, an integer too long for Python to convert
(more than 4,300 digits), nesting deeper than `MAX_DEPTH` levels (which would otherwise
exhaust Python's stack), and, through `load_yaml`, anything that is not a regular file
of at most `lawgraph.files.DATA_FILE_LIMIT` bytes (a FIFO, a device, a folder, a symlink
loop).

Mappings come back as `LineDict`, a plain dict that also remembers the line it started
on and the line of each key, so later validation errors can point at the right line.

Examples:
    >>> doc = load_yaml_text("a: 2018-06-29\\nb: [1, 2]\\n", "<example>")
    >>> doc["a"], doc.line, doc.key_lines["b"]
    ('2018-06-29', 1, 2)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from lawgraph.files import DATA_FILE_LIMIT, UnreadableFileError, read_limited
from lawgraph.knowledge.errors import DuplicateKeyError, UnreadableDataFileError, YAMLSyntaxError

if TYPE_CHECKING:
    from lawgraph.knowledge.parsed import ParsedFiles

__all__ = ["MAX_DEPTH", "LineDict", "load_yaml", "load_yaml_text"]

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# The knowledge files nest six levels at most; a hundred is generous and stays far
# inside Python's recursion limit (each level costs the composer a few stack frames).
MAX_DEPTH = 100


class LineDict(dict[str, Any]):
    """A mapping from a YAML file, with the (1-based) lines it and its keys start on.

    Attributes:
        line: the line the mapping starts on.
        key_lines: for each key, the line it is written on.
    """

    line: int
    key_lines: dict[str, int]

    def __init__(self, *args: Any, line: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        self.key_lines = {}

    def line_of(self, key: str) -> int:
        """The line `key` is written on, or the mapping's own line if it is absent."""
        return self.key_lines.get(key, self.line)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without date resolution, without aliases, and with duplicate-key errors."""

    source_name: str = "<string>"
    depth: int = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise YAMLSyntaxError(
                    f"nested too deeply to read (more than {MAX_DEPTH} levels)",
                    path=self.source_name,
                    line=event.start_mark.line + 1,
                )
            return self._compose_checked(parent, index)
        finally:
            self.depth -= 1

    def _compose_checked(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise YAMLSyntaxError(
                "YAML aliases (*name) are not allowed in knowledge files; write the value out",
                path=self.source_name,
                line=event.start_mark.line + 1,
            )
        event = self.peek_event()  # type: ignore[no-untyped-call]
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YAMLSyntaxError(
                f"YAML anchors (&{anchor}) are not allowed in knowledge files",
                path=self.source_name,
                line=event.start_mark.line + 1,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        out = LineDict(line=node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise YAMLSyntaxError(
                    f"mapping keys must be strings; found {key!r}",
                    path=self.source_name,
                    line=key_node.start_mark.line + 1,
                )
            if key in out:
                raise DuplicateKeyError(
                    f"duplicate key {key!r} (first written on line {out.key_lines[key]}); "
                    "YAML would silently keep only the last value",
                    path=self.source_name,
                    line=key_node.start_mark.line + 1,
                )
            out[key] = self.construct_object(value_node, deep=deep)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out


# Dates stay strings: drop the timestamp resolver from this loader's own copy of the table.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_map(loader: _StrictLoader, node: MappingNode) -> dict[Any, Any]:
    # deep construction so nested values are complete before duplicate checks report
    return loader.construct_mapping(node, deep=True)


def _construct_int(loader: _StrictLoader, node: ScalarNode) -> int:
    try:
        return loader.construct_yaml_int(node)
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits (CVE-2020-10735)
        raise YAMLSyntaxError(
            f"an integer of {len(str(node.value))} characters is too long to read",
            path=loader.source_name,
            line=node.start_mark.line + 1,
        ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, max(position, 0)) + 1


def _refuse_control_characters(text: str, source: str) -> None:
    """A NUL (or other C0 control) character means a binary or damaged file; say where."""
    nul = text.find("\x00")
    if nul >= 0:
        raise YAMLSyntaxError(
            "contains a NUL byte; a knowledge file is plain text (is it binary or damaged?)",
            path=source,
            line=_line_at(text, nul),
        )


def load_yaml_text(text: str, source: str) -> Any:
    """Parse YAML text strictly; `source` names it in error messages.

    Raises:
        YAMLSyntaxError: not well-formed YAML, or an anchor or alias is used.
        DuplicateKeyError: a mapping repeats a key.
    """
    _refuse_control_characters(text, source)
    try:
        # the reader checks for unprintable characters as the loader is made
        loader = _StrictLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _unprintable(exc, text, source) from None
    loader.source_name = source
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        raise YAMLSyntaxError(
            f"not valid YAML: {_one_line(reason)}", path=source, line=line
        ) from None
    except yaml.reader.ReaderError as exc:
        raise _unprintable(exc, text, source) from None
    except yaml.YAMLError as exc:
        raise YAMLSyntaxError(f"not valid YAML: {_one_line(str(exc))}", path=source) from None
    except RecursionError:
        # a last guard: MAX_DEPTH should stop deep nesting long before this
        raise YAMLSyntaxError("nested too deeply to read", path=source) from None
    finally:
        loader.dispose()


def _unprintable(exc: yaml.reader.ReaderError, text: str, source: str) -> YAMLSyntaxError:
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return YAMLSyntaxError(
        f"not valid YAML: the character U+{code:04X} is not allowed in YAML",
        path=source,
        line=_line_at(text, exc.position),
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def load_yaml(
    path: Path | str, *, limit: int = DATA_FILE_LIMIT, parsed: ParsedFiles | None = None
) -> Any:
    """Read and parse one YAML file strictly (see `load_yaml_text`).

    Args:
        path: the file.
        limit: refuse a file larger than this many bytes.
        parsed: stored parse trees; the file is read (and checked) all the same, and
            parsed only if no tree was stored for its exact bytes.

    Raises:
        UnreadableDataFileError: not a regular file (a FIFO, device, folder, symlink
            loop), missing, not permitted, or larger than `limit`.
        YAMLSyntaxError: not UTF-8, not valid YAML, nested too deeply, or uses
            anchors/aliases.
        DuplicateKeyError: a mapping repeats a key.
    """
    p = Path(path)
    try:
        data = read_limited(p, limit=limit)
    except UnreadableFileError as exc:
        raise UnreadableDataFileError(exc.reason, path=p) from None
    if parsed is not None:
        return parsed.tree(p, data, lambda: _parse(p, data))
    return _parse(p, data)


def _parse(p: Path, data: bytes) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YAMLSyntaxError(f"not UTF-8 text: {exc.reason}", path=p, line=line) from None
    return load_yaml_text(text, str(p))
