"""Errors raised while loading the curated knowledge files (``data/``).

Every one names the file, the line where known, the entry id where there is one, and
the reason, so a curator can go straight to the mistake::

    data/holders.yaml:412: holder 'academy': is_a names 'shcool', which is not defined

```
LawgraphError
└── KnowledgeError               a knowledge file cannot be used
    ├── DataFileNotFoundError    a required file (holders.yaml ...) is missing
    ├── UnreadableDataFileError  not a regular file (FIFO, device, folder, loop), or too large
    ├── YAMLSyntaxError          not well-formed YAML, or uses anchors/aliases
    ├── DuplicateKeyError        the same key twice in one mapping
    ├── SchemaError              an entry does not fit its model (unknown key, bad value)
    ├── DuplicateIdError         the same id defined twice (in one file or across files)
    ├── UnknownReferenceError    an id referred to but not defined
    ├── CycleError               an ``is_a`` chain that loops
    └── UnknownTermError         a name that is no holder, purpose or category (LookupError)
        ├── UnknownHolderError   a holder lookup that matches nothing
        │   └── NotAHolderError  a term that names no organisation (MASH, early help)
        ├── UnknownPurposeError  a purpose lookup that matches nothing
        └── UnknownCategoryError a data category lookup that matches nothing
```
"""

from __future__ import annotations

from pathlib import Path

from lawgraph.errors import LawgraphError

__all__ = [
    "CycleError",
    "DataFileNotFoundError",
    "DuplicateIdError",
    "DuplicateKeyError",
    "KnowledgeError",
    "NotAHolderError",
    "SchemaError",
    "UnknownCategoryError",
    "UnknownHolderError",
    "UnknownPurposeError",
    "UnknownReferenceError",
    "UnknownTermError",
    "UnreadableDataFileError",
    "YAMLSyntaxError",
]


class KnowledgeError(LawgraphError):
    """A knowledge data file cannot be used.

    Attributes:
        path: the file, when the error concerns one.
        line: the 1-based line in that file, when known.
        entry: the id of the entry concerned (or a label such as ``#3``), when known.
        reason: what is wrong, without the location prefix.
    """

    def __init__(
        self,
        reason: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        entry: str | None = None,
        kind: str = "entry",
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.entry = entry
        self.reason = reason
        where = ""
        if self.path is not None:
            where = self.path + (f":{line}" if line is not None else "") + ": "
        who = f"{kind} {entry!r}: " if entry is not None else ""
        super().__init__(f"{where}{who}{reason}")


class DataFileNotFoundError(KnowledgeError, FileNotFoundError):
    """A required knowledge file (holders, purposes, categories) is missing."""


class UnreadableDataFileError(KnowledgeError):
    """A knowledge file lawgraph will not read: not a regular file (a FIFO, a device, a
    folder, a symlink loop), not permitted, or larger than the limit
    (`lawgraph.files.DATA_FILE_LIMIT`)."""


class YAMLSyntaxError(KnowledgeError):
    """The file is not well-formed YAML, or uses a feature the format forbids."""


class DuplicateKeyError(KnowledgeError):
    """A mapping has the same key twice; YAML would silently keep the last one."""


class SchemaError(KnowledgeError):
    """An entry does not fit its model: an unknown key, a missing field, a bad value."""


class DuplicateIdError(KnowledgeError):
    """An id is defined twice, in one file or across files."""


class UnknownReferenceError(KnowledgeError):
    """An entry refers to a holder, purpose, category or condition that is not defined."""


class CycleError(KnowledgeError):
    """An ``is_a`` chain leads back to where it started."""


class UnknownTermError(KnowledgeError, LookupError):
    """A name looked up in the vocabulary (holders, purposes, categories) matched nothing.

    Attributes:
        term: the name as given.
        suggestions: the ids of the nearest entries, best first (may be empty).
    """

    def __init__(self, reason: str, *, term: str = "", suggestions: tuple[str, ...] = ()):
        super().__init__(reason)
        self.term = term
        self.suggestions = suggestions


class UnknownHolderError(UnknownTermError):
    """A holder id or alias matched nothing; the message suggests near matches."""


class NotAHolderError(UnknownHolderError):
    """The name is a known term for something that is not an organisation (a MASH, a
    strategy discussion, early help): the message says what it is instead, in the words
    of ``not_holders`` in ``holders.yaml``."""


class UnknownPurposeError(UnknownTermError):
    """A purpose id or title matched nothing; the message suggests near matches."""


class UnknownCategoryError(UnknownTermError):
    """A data category id or title matched nothing; the message suggests near matches."""
