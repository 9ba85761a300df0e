"""What changed between two versions of a statute, and what that means for lawgraph.

Modules, one job each:

- `diff`: `diff_documents` compares two versions of a document provision by provision.
- `impact`: which curated gateways and conditions, and which saved decision records,
  cite a provision that changed.
- `prospective`: provisions the knowledge base cites that are enacted but not yet in force.
- `discover`: information-sharing language in held legislation that the knowledge base
  does not yet cite.

This package reads `lawgraph.legislation`, `lawgraph.knowledge` and `lawgraph.graph`; it
is never imported by them, and knows nothing of reasoning or the command line.
"""

from __future__ import annotations

from lawgraph.changes.diff import (
    ChangeKind,
    DocumentDiff,
    ProvisionChange,
    WordOp,
    diff_documents,
    own_text,
)
from lawgraph.changes.impact import (
    Affected,
    AffectedRecord,
    RecordError,
    affected_knowledge,
    affected_records,
)
from lawgraph.changes.prospective import ProspectiveCitation, prospective_cited

__all__ = [
    "Affected",
    "AffectedRecord",
    "ChangeKind",
    "DocumentDiff",
    "ProspectiveCitation",
    "ProvisionChange",
    "RecordError",
    "WordOp",
    "affected_knowledge",
    "affected_records",
    "diff_documents",
    "own_text",
    "prospective_cited",
]
