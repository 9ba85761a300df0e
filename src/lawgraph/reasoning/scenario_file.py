"""Reading a scenario from the text of a YAML or JSON file, strictly.

A scenario written by hand must mean what it says, so reading refuses what a lenient
reader would quietly resolve: a field written twice (YAML and JSON both keep the last
value, so ``consent: refused`` followed by ``consent: given`` would be answered as given),
text that is not UTF-8, nesting too deep to read, and anything but a mapping of fields.
YAML is read with the knowledge files' strict reader (`lawgraph.knowledge.yamlio`), so
anchors and aliases are refused too and dates stay the strings they are (the scenario
model reads them). Every refusal is a `ScenarioFileError` naming the source and, where
known, the line.

Examples:
    >>> scenario_data('{"consent": "refused", "consent": "given"}', "in.json", as_json=True)
    Traceback (most recent call last):
    ...
    lawgraph.reasoning.scenario_file.ScenarioFileError: in.json:1: duplicate key 'consent' \
(first written earlier on the same line); a scenario gives each field once
"""

from __future__ import annotations

import json
import re

# Both are public names of the standard library that typeshed does not declare.
from json.decoder import scanstring  # type: ignore[attr-defined]
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from typing import Any

from lawgraph.knowledge.errors import KnowledgeError
from lawgraph.knowledge.yamlio import load_yaml_text
from lawgraph.reasoning.scenario import ScenarioError

__all__ = [
    "FLAG_DEFAULTS",
    "MAX_SCENARIO_BYTES",
    "ScenarioFileError",
    "as_flags_accept",
    "decode_scenario",
    "scenario_data",
]

#: What ``lawgraph ask`` assumes when a flag is not given, and so a file when a field is
#: not written: the other optional fields have the same defaults in the `Scenario` model.
FLAG_DEFAULTS: dict[str, str] = {"subject": "child"}

#: A scenario is a short mapping of fields; anything larger is not one (and reading a
#: device or a runaway file must stop somewhere).
MAX_SCENARIO_BYTES = 1 << 20

_WHITESPACE = re.compile(r"[ \t\n\r]*")


class ScenarioFileError(ScenarioError):
    """A scenario file (or a ``--batch`` line) cannot be read as a scenario.

    Attributes:
        source: the file name (``<stdin>`` for standard input).
        line: the 1-based line, when known.
        reason: what is wrong, without the location.
    """

    def __init__(self, reason: str, *, source: str, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class _DuplicateKey(Exception):
    """Raised inside the JSON scanner; turned into a `ScenarioFileError` with lines."""

    def __init__(self, key: str, at: int, first_at: int) -> None:
        super().__init__(key)
        self.key = key
        self.at = at
        self.first_at = first_at


def _parse_object(
    s_and_end: tuple[str, int],
    strict: bool,
    scan_once: Any,
    object_hook: Any,
    object_pairs_hook: Any,
    memo: dict[str, str] | None = None,
) -> tuple[dict[str, Any], int]:
    # The standard decoder's object reader, rewritten to remember where each key starts
    # so a repeated key can be reported with its line (an object_pairs_hook sees no
    # positions). Error messages match the standard decoder's.
    s, end = s_and_end
    seen: dict[str, int] = {}
    out: dict[str, Any] = {}
    end = _WHITESPACE.match(s, end).end()  # type: ignore[union-attr]
    if s[end : end + 1] == "}":
        return out, end + 1
    while True:
        if s[end : end + 1] != '"':
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes", s, end)
        at = end
        key, end = scanstring(s, end + 1, strict)
        if memo is not None:
            key = memo.setdefault(key, key)
        if key in seen:
            raise _DuplicateKey(key, at, seen[key])
        seen[key] = at
        end = _WHITESPACE.match(s, end).end()  # type: ignore[union-attr]
        if s[end : end + 1] != ":":
            raise json.JSONDecodeError("Expecting ':' delimiter", s, end)
        end = _WHITESPACE.match(s, end + 1).end()  # type: ignore[union-attr]
        try:
            out[key], end = scan_once(s, end)
        except StopIteration as err:
            raise json.JSONDecodeError("Expecting value", s, err.value) from None
        end = _WHITESPACE.match(s, end).end()  # type: ignore[union-attr]
        sep = s[end : end + 1]
        end += 1
        if sep == "}":
            return out, end
        if sep != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter", s, end - 1)
        end = _WHITESPACE.match(s, end).end()  # type: ignore[union-attr]


class _StrictJSONDecoder(json.JSONDecoder):
    """A JSON decoder whose objects refuse a repeated key."""

    def __init__(self) -> None:
        super().__init__()
        self.parse_object = _parse_object
        self.scan_once = py_make_scanner(self)


def _line_at(text: str, index: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, index)


def _json(text: str, source: str, first_line: int) -> Any:
    try:
        return _StrictJSONDecoder().decode(text)
    except _DuplicateKey as dup:
        first = _line_at(text, dup.first_at, first_line)
        line = _line_at(text, dup.at, first_line)
        where = "earlier on the same line" if first == line else f"on line {first}"
        raise ScenarioFileError(
            f"duplicate key {dup.key!r} (first written {where}); a scenario gives each field once",
            source=source,
            line=line,
        ) from None
    except json.JSONDecodeError as exc:
        raise ScenarioFileError(
            f"not valid JSON: {exc.msg} (column {exc.colno})",
            source=source,
            line=first_line + exc.lineno - 1,
        ) from None
    except ValueError as exc:  # e.g. an integer longer than Python will convert
        raise ScenarioFileError(f"not valid JSON: {exc}", source=source, line=first_line) from None


def _yaml(text: str, source: str) -> Any:
    try:
        return load_yaml_text(text, source)
    except KnowledgeError as exc:
        # The reader is shared with the knowledge files; its words name them.
        reason = exc.reason.replace("in knowledge files", "in scenario files")
        raise ScenarioFileError(reason, source=source, line=exc.line) from None


def decode_scenario(data: bytes, source: str, *, line: int | None = None) -> str:
    """The UTF-8 text of a scenario (a leading byte-order mark is allowed).

    Raises:
        ScenarioFileError: the bytes are not UTF-8; the message gives the byte offset.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioFileError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            f"cannot be decoded ({exc.reason})",
            source=source,
            line=line if line is not None else 1 + data.count(b"\n", 0, exc.start),
        ) from None


def scenario_data(text: str, source: str, *, as_json: bool, first_line: int = 1) -> dict[str, Any]:
    """The fields of one scenario from YAML (or JSON) text, read strictly.

    Args:
        text: the text of the file, or of one ``--batch`` line.
        source: the name used in messages (a path, or ``<stdin>``).
        as_json: read the text as JSON rather than YAML.
        first_line: the line `text` starts on in `source` (for ``--batch`` lines).

    Raises:
        ScenarioFileError: not well-formed; a key repeated; an anchor or alias (YAML);
            nested too deeply to read; not a mapping.
    """
    try:
        data = _json(text, source, first_line) if as_json else _yaml(text, source)
    except RecursionError:
        raise ScenarioFileError(
            "nested too deeply to read; a scenario is a mapping of fields whose values "
            "are words, dates, true/false or lists of words",
            source=source,
            line=None if first_line == 1 else first_line,
        ) from None
    if not isinstance(data, dict):
        kind = "JSON object" if as_json else "mapping of fields"
        raise ScenarioFileError(
            f"a scenario must be a {kind}, not {_kind(data)}", source=source, line=first_line
        )
    return dict(data)


def _kind(value: Any) -> str:
    if value is None:
        return "an empty document"
    if isinstance(value, list):
        return "a list"
    return f"a single value ({type(value).__name__})"


def as_flags_accept(data: dict[str, Any], source: str) -> dict[str, Any]:
    """The fields of a scenario file read as ``lawgraph ask``'s flags are: with the flags'
    defaults (`FLAG_DEFAULTS`), a key spelt as its flag (``as-at``, ``in-confidence``) or
    as the repeatable flag ``category``, and one category given as a word, not a list.

    Raises:
        ScenarioFileError: one field is written in two of its forms.
    """
    out: dict[str, Any] = {}
    written: dict[str, str] = {}
    for key, value in data.items():
        name = key.replace("-", "_") if isinstance(key, str) else key
        if name == "category":
            name = "categories"
        if name in written:
            raise ScenarioFileError(
                f"{written[name]!r} and {key!r} are the same field; write it once",
                source=source,
            )
        written[name] = key
        out[name] = [value] if name == "categories" and isinstance(value, str) else value
    for name, default in FLAG_DEFAULTS.items():
        out.setdefault(name, default)
    return out
