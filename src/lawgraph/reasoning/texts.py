"""Statute text for the provisions a determination cites, loaded once, outside `ask`.

`load_statute_texts` reads the held legislation (a `Corpus`) for every provision the
curated data and the rules can cite, and returns a `StatuteTexts`: a plain in-memory
table. `ask(knowledge, scenario, statutes=...)` only looks things up in it, so `ask`
stays pure. A provision whose document is not held has no quote; `StatuteTexts.held`
says which documents were held, so a caller can say "lawgraph fetch <document>".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import ValidationError

from lawgraph.errors import LawgraphError
from lawgraph.knowledge.loader import Knowledge
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.reasoning.determination import Quote
from lawgraph.reasoning.rules import consent, human_rights

if TYPE_CHECKING:  # the quotes are read from the cache on a warm load: no parser needed
    from lawgraph.legislation.corpus import Corpus

__all__ = [
    "QUOTE_CHARS",
    "StatuteTexts",
    "document_of",
    "knowledge_citations",
    "load_statute_texts",
]

#: Longest quote kept for one provision (the rest is elided with "...").
QUOTE_CHARS = 240

# Identifiers the rules cite directly rather than through a data entry.
_RULE_CITATIONS: tuple[str, ...] = (
    human_rights.ARTICLE_8_1,
    human_rights.ARTICLE_8_2,
    human_rights.HRA_S6,
    *(consent.P18_2 + p for p in ("a", "b", "c")),
)


def document_of(citation: str) -> str:
    """The document identifier of a citation (``ukpga/2018/12`` for a DPA provision)."""
    try:
        return str(LegislationId.parse(citation).document)
    except LawgraphError:
        return citation


@dataclass(frozen=True)
class StatuteTexts:
    """Quoted statute text by citation, and the documents it was read from.

    Attributes:
        quotes: a short quote for each citation whose provision was found.
        held: documents held locally (whole or as fragments) when this was built.
    """

    quotes: Mapping[str, Quote] = field(default_factory=dict)
    held: frozenset[str] = frozenset()

    def quote(self, citation: str) -> Quote | None:
        """The quote for `citation`, or None when it was not found or not held."""
        return self.quotes.get(citation)

    def holds(self, citation: str) -> bool:
        """True when the document `citation` belongs to was held."""
        return document_of(citation) in self.held

    def to_data(self) -> dict[str, object]:
        """Plain JSON values (for the cache beside the graph); `from_data` reads them."""
        return {
            "quotes": [q.model_dump(mode="json") for q in self.quotes.values()],
            "held": sorted(self.held),
        }

    @classmethod
    def from_data(cls, data: object) -> StatuteTexts | None:
        """The texts `to_data` wrote, or ``None`` if `data` is not such a payload."""
        if not isinstance(data, dict):
            return None
        quotes, held = data.get("quotes"), data.get("held")
        if not isinstance(quotes, list) or not isinstance(held, list):
            return None
        try:
            parsed = [Quote.model_validate(q) for q in quotes]
        except ValidationError:
            return None
        if not all(isinstance(h, str) for h in held):
            return None
        return cls(quotes={q.citation: q for q in parsed}, held=frozenset(held))


def knowledge_citations(knowledge: Knowledge) -> list[str]:
    """Every provision the curated data or the rules can cite, once each."""
    out: dict[str, None] = {}
    for entry in (*knowledge.conditions.values(), *knowledge.gateways.values()):
        for c in entry.citations:
            out.setdefault(c.id)
    for cond in knowledge.conditions.values():
        for test in cond.tests:
            if test.citation:
                out.setdefault(test.citation)
    for rule_citation in _RULE_CITATIONS:
        out.setdefault(rule_citation)
    if knowledge.rules is not None:
        for table in knowledge.rules.tables.values():
            for row in table.rows:
                spec = row.step
                for cited in (*row.citations, *(spec.citations if spec else ())):
                    out.setdefault(cited)
                for part in spec.parts if spec else ():
                    for cited in part.citations:
                        out.setdefault(cited)
    return list(out)


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= QUOTE_CHARS:
        return flat
    cut = flat[:QUOTE_CHARS].rsplit(" ", 1)[0]
    return cut + " ..."


def load_statute_texts(corpus: Corpus, citations: Iterable[str]) -> StatuteTexts:
    """Read a short quote and its version date for each citation held in `corpus`.

    Citations whose document is not held, or that are not provisions of the held text,
    get no quote. This reads files; call it once and pass the result to `ask`.
    """
    held = {f.document for f in corpus.files()}
    quotes: dict[str, Quote] = {}
    for citation in dict.fromkeys(citations):
        doc_id = document_of(citation)
        if doc_id not in held:
            continue
        try:
            provision = corpus.provision(citation)
        except (LawgraphError, LookupError, ValueError):
            continue
        if not provision.text.strip():
            continue
        version: dt.date | None = None
        version_label = "unknown"
        if corpus.holds(doc_id):
            doc = corpus.document(doc_id)
            version = doc.version_date
            version_label = doc.version
        version = version or provision.start_date
        quotes[citation] = Quote(
            citation=citation,
            document=doc_id,
            text=_shorten(provision.text),
            version=version_label if version is None else version.isoformat(),
        )
    return StatuteTexts(quotes=quotes, held=frozenset(held))
