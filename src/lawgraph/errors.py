"""Exceptions raised by lawgraph.

Every error lawgraph raises on purpose derives from `LawgraphError`, so callers can
catch one type. Each says what is wrong and where (file, line, identifier, record),
and where it can, how to put it right.

```
LawgraphError
├── LegislationError            reading legislation.gov.uk XML
│   ├── UnsafeXMLError          DTDs, entities, external references: refused, never resolved
│   ├── MalformedXMLError       not well-formed, truncated, not gzip, not readable
│   └── NotCLMLError            well-formed XML that is not legislation.gov.uk CLML or Atom
├── IdentifierError             not a legislation.gov.uk identifier (also a ValueError)
├── CitationError               a citation lawgraph cannot read (also a ValueError)
├── NotHeldError                a document or provision that is not in the loaded corpus
├── PointInTimeError            no text held for the asked date
├── CorpusNotFoundError         the legislation folder is missing
└── FetchError                  downloading from legislation.gov.uk failed
```
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CitationError",
    "CorpusNotFoundError",
    "FetchError",
    "IdentifierError",
    "LawgraphError",
    "LegislationError",
    "MalformedXMLError",
    "NotCLMLError",
    "NotHeldError",
    "PointInTimeError",
    "UnsafeXMLError",
]


class LawgraphError(Exception):
    """Root of every error lawgraph raises on purpose."""


class LegislationError(LawgraphError):
    """A legislation XML file could not be read into the model.

    Attributes:
        path: the file (or a label such as ``<bytes>``) that failed.
        line: the line in that file, when the XML parser reports one.
    """

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}"
            if line is not None:
                where += f":{line}"
            where += ": "
        super().__init__(f"{where}{message}")
        self.reason = message


class UnsafeXMLError(LegislationError):
    """The XML declares a DTD, entities or external references.

    legislation.gov.uk never serves such documents; lawgraph refuses them rather than
    resolve anything, so a hostile file cannot read local files or reach the network.
    """


class MalformedXMLError(LegislationError):
    """The file is not well-formed XML (or not valid gzip, or empty, or truncated)."""


class NotCLMLError(LegislationError):
    """The file is well-formed XML but not a legislation.gov.uk CLML document or Atom feed."""


class IdentifierError(LawgraphError, ValueError):
    """A string is not a legislation.gov.uk identifier lawgraph understands."""


class CitationError(LawgraphError, ValueError):
    """A citation could not be read. The message lists the forms lawgraph accepts."""


class NotHeldError(LawgraphError, LookupError):
    """The document or provision asked for is not in the loaded legislation."""


class PointInTimeError(LawgraphError, LookupError):
    """No text is held for the asked date (for example, before the earliest version)."""


class CorpusNotFoundError(LawgraphError, FileNotFoundError):
    """The folder of legislation XML could not be found."""


class FetchError(LawgraphError):
    """Downloading legislation from legislation.gov.uk failed after retries."""
