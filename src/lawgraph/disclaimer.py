"""The one not-legal-advice notice every practitioner-facing output carries.

The command line (every command's text and JSON), the `Determination` and its decision
record (Markdown and JSON-LD), the root ``--help`` and the generated reference pages all
print this constant, so what lawgraph says about its own standing is said once, the same
way everywhere. An output may add a caveat of its own after it (what a listing leaves
out, where to check the current text), never a second notice.
"""

from __future__ import annotations

__all__ = ["NOT_LEGAL_ADVICE"]

NOT_LEGAL_ADVICE = (
    "Not legal advice. lawgraph applies curated, cited rules to the facts given; it does not "
    "know the facts you did not give it. Decisions stay with the practitioner, their "
    "safeguarding lead and their legal or data protection adviser."
)
