"""The knowledge layer: curated YAML in ``data/``, loaded into frozen, cross-checked models,
and proved against the statutes held.

Its job is to say, with citations, who holds which information-sharing duty or power
(gateways), who those holders are (a taxonomy of duty holders), for what purposes, about
which categories of data, and on which lawful-basis conditions, and to check every
verbatim anchor against the legislation.gov.uk text held locally. It reads the
legislation layer (`lawgraph.legislation`) and is never imported by it; it knows nothing
of graphs or reasoning.

Modules, one job each:

- `yamlio`: strict YAML (duplicate keys, anchors and aliases refused; dates stay strings).
- `models`: frozen pydantic models of holders, purposes, categories, conditions, gateways.
- `loader`: `load_knowledge` reads ``data/`` and checks reference integrity.
- `vocabulary`: holders, purposes and categories found by name, with suggestions.
- `proof`: `prove` checks every citation against the held statutes.
- `statute_lists`: `extract_list` reads the items of a statutory list from parsed XML.
- `errors`: `KnowledgeError` and its kinds, each naming file, line, entry and reason.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from lawgraph.knowledge.errors import (
    CycleError,
    DataFileNotFoundError,
    DuplicateIdError,
    DuplicateKeyError,
    KnowledgeError,
    NotAHolderError,
    SchemaError,
    UnknownCategoryError,
    UnknownHolderError,
    UnknownPurposeError,
    UnknownReferenceError,
    UnknownTermError,
    UnreadableDataFileError,
    YAMLSyntaxError,
)
from lawgraph.knowledge.loader import Knowledge, Source, load_knowledge
from lawgraph.knowledge.models import (
    ANY,
    Article6Basis,
    CitationRef,
    Commencement,
    Condition,
    DataCategory,
    DutyHolder,
    Gateway,
    ListGap,
    Nature,
    NotAHolder,
    Purpose,
    Status,
)
from lawgraph.knowledge.vocabulary import Kind, Term, normalise_name, resolve, search, suggest

if TYPE_CHECKING:  # loaded on first use: they read the statutes, which loading does not
    from lawgraph.knowledge.proof import FAILURES, CitationCheck, Outcome, ProofReport, prove
    from lawgraph.knowledge.statute_lists import ListItem, extract_list

# Proving citations and reading statutory lists need the legislation parser; loading the
# knowledge (what `lawgraph ask` does) does not, so these import on first use.
_LAZY = {
    **dict.fromkeys(
        ("FAILURES", "CitationCheck", "Outcome", "ProofReport", "prove"), "lawgraph.knowledge.proof"
    ),
    **dict.fromkeys(("ListItem", "extract_list"), "lawgraph.knowledge.statute_lists"),
}


def __getattr__(name: str) -> Any:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module 'lawgraph.knowledge' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "ANY",
    "FAILURES",
    "Article6Basis",
    "CitationCheck",
    "CitationRef",
    "Commencement",
    "Condition",
    "CycleError",
    "DataCategory",
    "DataFileNotFoundError",
    "DuplicateIdError",
    "DuplicateKeyError",
    "DutyHolder",
    "Gateway",
    "Kind",
    "Knowledge",
    "KnowledgeError",
    "ListGap",
    "ListItem",
    "Nature",
    "NotAHolder",
    "NotAHolderError",
    "Outcome",
    "ProofReport",
    "Purpose",
    "SchemaError",
    "Source",
    "Status",
    "Term",
    "UnknownCategoryError",
    "UnknownHolderError",
    "UnknownPurposeError",
    "UnknownReferenceError",
    "UnknownTermError",
    "UnreadableDataFileError",
    "YAMLSyntaxError",
    "extract_list",
    "load_knowledge",
    "normalise_name",
    "prove",
    "resolve",
    "search",
    "suggest",
]
