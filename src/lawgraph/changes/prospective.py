"""Provisions the knowledge base cites that are enacted but not yet in force.

Three sources are read, because none is complete:

- the held XML: a cited provision (or a provision within it) whose status is
  ``prospective``, or whose current wording starts after the date asked about, in the
  latest held version of its document;
- the changes that version records but has not yet applied (`pending_effects`), where
  one falls on the cited provision, within it or around it; a change the editors mark as
  never to be applied (``RequiresApplied="false"``) is not pending and is not shown;
- the curated gateways: an entry whose ``commencement`` is ``prospective`` or
  ``partly_in_force``, or whose ``in_force_from`` is after the date (the curator read
  the commencement orders, which the XML of the Act itself does not carry).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from lawgraph.errors import CitationError, LawgraphError
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Commencement
from lawgraph.legislation.citations import parse_citation
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.models import Document, ProvisionStatus, UnappliedEffect

__all__ = ["ProspectiveCitation", "pending_effects", "prospective_cited", "unapplied_cited"]


class ProspectiveCitation(BaseModel):
    """A cited provision that is not in force on the date asked about.

    Attributes:
        kind: ``gateway`` or ``condition``.
        entry: the entry's id.
        citation: the identifier it cites.
        provision: the provision found not in force (the citation or one within it);
            ``None`` when the finding comes from the curated entry, not the XML.
        source: ``xml``, ``unapplied-effect`` (a change recorded in the XML, not yet
            applied to its text) or ``curated``.
        reason: why, in words (``prospective in 2026-04-07 text``,
            ``commencement: partly_in_force``).
        starts: the date it comes into force, where known.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: str
    entry: str
    citation: str
    provision: str | None
    source: str
    reason: str
    starts: dt.date | None = None


def _latest(corpus: Corpus, document: str, cache: dict[str, Document | None]) -> Document | None:
    if document not in cache:
        try:
            cache[document] = corpus.document(document) if corpus.holds(document) else None
        except LawgraphError:
            cache[document] = None
    return cache[document]


def prospective_cited(
    knowledge: Knowledge, corpus: Corpus | None, on: dt.date
) -> list[ProspectiveCitation]:
    """Cited provisions enacted but not in force on `on`, so users see what is coming.

    Args:
        knowledge: the curated knowledge.
        corpus: the legislation held; ``None`` to use the curated entries alone.
        on: the date to ask about.

    Returns:
        One finding per (entry, citation, provision), XML findings first per entry.
    """
    out: list[ProspectiveCitation] = []
    docs: dict[str, Document | None] = {}
    # each document's pending changes are read once, however many citations it has
    targets: dict[str, list[tuple[UnappliedEffect, LegislationId]]] = {}
    entries: list[tuple[str, str, list[str]]] = [
        ("condition", c.id, [x.id for x in c.citations]) for c in knowledge.conditions.values()
    ]
    entries += [("gateway", g.id, [x.id for x in g.citations]) for g in knowledge.gateways.values()]
    for kind, entry, cited in entries:
        for ident in dict.fromkeys(cited):
            doc = _latest(corpus, _doc_of(ident), docs) if corpus is not None else None
            provision = doc.provision(ident) if doc is not None else None
            if provision is None:
                continue
            for p in provision.walk():
                if p.status is ProvisionStatus.PROSPECTIVE:
                    reason = f"prospective in the {doc.version if doc else ''} text"
                elif p.status is ProvisionStatus.CURRENT and p.start_date and p.start_date > on:
                    reason = f"its wording starts on {p.start_date.isoformat()}"
                else:
                    continue
                out.append(
                    ProspectiveCitation(
                        kind=kind,
                        entry=entry,
                        citation=ident,
                        provision=p.id,
                        source="xml",
                        reason=reason,
                        starts=p.start_date,
                    )
                )
            if doc is not None:
                if doc.id not in targets:
                    targets[doc.id] = _pending_targets(doc, on)
                out.extend(_effect_findings(kind, entry, ident, targets[doc.id], on))
        if kind != "gateway":
            continue
        gw = knowledge.gateways[entry]
        starts = dt.date.fromisoformat(gw.in_force_from) if gw.in_force_from else None
        if gw.commencement in (Commencement.PROSPECTIVE, Commencement.PARTLY_IN_FORCE):
            reason = f"commencement: {gw.commencement.value}"
        elif starts is not None and starts > on:
            reason = f"in force from {starts.isoformat()}"
        else:
            continue
        out.append(
            ProspectiveCitation(
                kind=kind,
                entry=entry,
                citation=cited[0] if cited else "",
                provision=None,
                source="curated",
                reason=reason,
                starts=starts if starts is not None and starts > on else None,
            )
        )
    return out


def pending_effects(document: Document, on: dt.date) -> list[UnappliedEffect]:
    """The recorded changes to `document` still to come into force after `on`.

    legislation.gov.uk lists, with each text, the changes it has recorded but not yet
    applied. Some will never be applied: the editors mark them ``RequiresApplied="false"``
    (an amending instrument revoked before it took effect, for one), with a note saying
    why. Those are not pending, whatever date they carry; nor is a change whose every
    in-force date is on or before `on` (it is in force, only not yet shown in the text).
    A change with no date, or awaiting commencement, is pending.
    """
    out = []
    for effect in document.unapplied_effects:
        if not effect.will_apply:
            continue
        dates = effect.in_force_dates
        if effect.prospective or not dates or max(dates) > on:
            out.append(effect)
    return out


def unapplied_cited(knowledge: Knowledge, document: Document) -> list[ProspectiveCitation]:
    """Changes `document` records but has not applied that fall on cited provisions.

    For `lawgraph diff`: the newer text does not show these yet, whatever their dates.
    A change marked as never to be applied (``RequiresApplied="false"``) is left out.
    """
    targets = _pending_targets(document, dt.date.min)
    out: list[ProspectiveCitation] = []
    cited: list[tuple[str, str, list[str]]] = [
        ("condition", c.id, [x.id for x in c.citations]) for c in knowledge.conditions.values()
    ]
    cited += [("gateway", g.id, [x.id for x in g.citations]) for g in knowledge.gateways.values()]
    for kind, entry, identifiers in cited:
        for ident in dict.fromkeys(identifiers):
            if _doc_of(ident) == document.id:
                out.extend(_effect_findings(kind, entry, ident, targets, dt.date.min))
    return out


def _effect_findings(
    kind: str,
    entry: str,
    cited: str,
    targets: list[tuple[UnappliedEffect, LegislationId]],
    on: dt.date,
) -> list[ProspectiveCitation]:
    """The pending changes (`_pending_targets`) on the cited provision, in it or around it."""
    cited_id = LegislationId.parse(cited)
    out = []
    for effect, target in targets:
        if not _related(target, cited_id):
            continue
        later = [d for d in effect.in_force_dates if d > on]
        when = f", in force {min(later).isoformat()}" if later else ", commencement not recorded"
        by = effect.affecting_title or effect.affecting or "legislation not named"
        out.append(
            ProspectiveCitation(
                kind=kind,
                entry=entry,
                citation=cited,
                provision=str(target),
                source="unapplied-effect",
                reason=f"{effect.type} by {by} {effect.affecting_provisions}".strip()
                + f" (recorded, not yet applied{when})",
                starts=min(later) if later else None,
            )
        )
    return out


def _pending_targets(doc: Document, on: dt.date) -> list[tuple[UnappliedEffect, LegislationId]]:
    """Each pending change with the provision it falls on, where its words can be read.

    The site words the provision (``s. 44(1)(da)``, ``Sch. 1 para. 18``); words lawgraph
    cannot read as one provision (``s. 114 and cross-heading``) name none.
    """
    out = []
    for effect in pending_effects(doc, on):
        try:
            target = parse_citation(f"{effect.affected_provisions} {doc.id}").legislation_id
        except CitationError:
            continue
        out.append((effect, target))
    return out


def _related(target: LegislationId, cited: LegislationId) -> bool:
    if target == cited:
        return True
    return cited in target.ancestors() or target in cited.ancestors()


def _doc_of(identifier: str) -> str:
    return str(LegislationId.parse(identifier).document)
