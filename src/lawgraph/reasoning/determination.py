"""What the reasoner answers: a `Determination`, and the `DecisionRecord` made from it.

Every step cites legislation identifiers taken from the curated data, says whether the
law settles it or the practitioner must judge it, and the whole answer carries a
not-legal-advice notice.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from lawgraph.reasoning.scenario import Scenario

__all__ = [
    "NOT_LEGAL_ADVICE",
    "ApplicableGateway",
    "BasisChoice",
    "ConditionRoute",
    "DecisionRecord",
    "Determination",
    "GoldenRule",
    "Outcome",
    "Quote",
    "RegimeChoice",
    "RejectedGateway",
    "Step",
    "UncertainEntry",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")

NOT_LEGAL_ADVICE = (
    "Not legal advice. lawgraph applies curated, cited rules to the facts given; it does not "
    "know the facts you did not give it. Decisions stay with the practitioner, their "
    "safeguarding lead and their legal or data protection adviser."
)

DPV = "https://w3id.org/dpv#"
PROV = "http://www.w3.org/ns/prov#"
LEGISLATION_ID = "http://www.legislation.gov.uk/id/"


class Outcome(StrEnum):
    """The overall answer."""

    SHARE_ON_DUTY = "share-on-duty"
    MAY_SHARE = "may-share"
    MAY_SHARE_IF_JUDGEMENT = "may-share-if-judgement"
    NO_LAWFUL_BASIS_IDENTIFIED = "no-lawful-basis-identified"
    NEEDS_REVIEW = "needs-review"
    #: the data subject's own right of access (UK GDPR Art 15), not a disclosure: answer
    #: the request, withholding only what an exemption covers
    SUBJECT_ACCESS_REQUEST = "subject-access-request"


class RegimeChoice(StrEnum):
    """Which data protection regime governs the disclosure."""

    UK_GDPR = "uk-gdpr"
    PART3 = "part3"
    EITHER = "either-flag-choice"


class Quote(BaseModel):
    """A short quotation of a cited provision, from the text held locally.

    Attributes:
        citation: the provision quoted.
        document: the document it belongs to (what ``lawgraph fetch`` takes).
        text: the provision's words, shortened.
        version: the date of the held version quoted (or its version label).
    """

    model_config = _FROZEN
    citation: str
    document: str
    text: str
    version: str


class Step(BaseModel):
    """One step of the reasoning.

    Attributes:
        layer: which rule produced it (``regime``, ``article9`` ...).
        text: what the step says, in our words.
        citations: legislation identifiers it rests on (at least one).
        settled_by_law: True when the law settles the point on the facts given.
        judgement: what the practitioner must judge, or None.
        quotes: the text of each cited provision held locally (empty when `ask` was
            given no statute texts).
    """

    model_config = _FROZEN
    layer: str
    text: str
    citations: tuple[str, ...] = Field(min_length=1)
    settled_by_law: bool
    judgement: str | None = None
    quotes: tuple[Quote, ...] = ()


class BasisChoice(BaseModel):
    """An Article 6(1) condition that is available, and why."""

    model_config = _FROZEN
    condition: str
    title: str
    why: str
    citations: tuple[str, ...]
    supported_by: tuple[str, ...] = ()


class ConditionRoute(BaseModel):
    """A route through Article 9, Article 10 or Part 3: a condition and what it needs."""

    model_config = _FROZEN
    condition: str
    title: str
    requires: tuple[str, ...] = ()
    why: str
    citations: tuple[str, ...]


class ApplicableGateway(BaseModel):
    """A gateway that applies. ``role`` is ``disclosure`` (a rule about giving information
    to this recipient) or ``function`` (a statutory function of the discloser that grounds
    its public task but names no recipient)."""

    model_config = _FROZEN
    id: str
    title: str
    nature: str
    role: str
    citations: tuple[str, ...]


class RejectedGateway(BaseModel):
    """A gateway held by the discloser that does not apply, and why."""

    model_config = _FROZEN
    id: str
    reason: str


class UncertainEntry(BaseModel):
    """A data entry marked ``uncertain`` that the answer relies on."""

    model_config = _FROZEN
    kind: str
    id: str
    reason: str


class GoldenRule(BaseModel):
    """One of the seven golden rules of HM Government's 2024 information sharing advice,
    paraphrased (not the guidance's own words), with what it means here."""

    model_config = _FROZEN
    number: int
    rule: str
    here: str


class Provenance(BaseModel):
    """Which lawgraph, which curated data and which statute texts an answer was made on.

    An auditor reading an old decision can tell from these whether the law or the data
    has changed since (`lawgraph diff` says what changed in a statute).

    Attributes:
        lawgraph_version: the installed lawgraph's version.
        data_fingerprint: `lawgraph.knowledge.Knowledge.fingerprint` of the data used.
        statute_versions: each statute quoted, as ``document@version`` (the version date
            of the held text), once each; empty when no statute text was quoted.
    """

    model_config = _FROZEN
    lawgraph_version: str
    data_fingerprint: str
    statute_versions: tuple[str, ...] = ()


class DecisionRecord(BaseModel):
    """A record of the decision, to be completed and kept by the practitioner."""

    model_config = _FROZEN
    what: tuple[str, ...]
    subject: str
    discloser: str
    with_whom: str
    why: str
    context: str
    basis: tuple[str, ...]
    gateways: tuple[str, ...]
    citations: tuple[str, ...]
    when: dt.date
    decided_by: str
    decision: str
    reasons: tuple[str, ...]
    outcome: Outcome
    provenance: Provenance
    not_legal_advice: str = NOT_LEGAL_ADVICE

    def to_jsonld(self) -> dict[str, Any]:
        """The record as JSON-LD using DPV and PROV-O terms."""
        return {
            "@context": {
                "dpv": DPV,
                "prov": PROV,
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                "xsd": "http://www.w3.org/2001/XMLSchema#",
            },
            "@type": ["prov:Activity", "dpv:Process"],
            "rdfs:label": f"Information sharing decision: {self.decision}",
            "prov:startedAtTime": {"@value": self.when.isoformat(), "@type": "xsd:date"},
            "prov:wasAssociatedWith": [
                {"@type": "prov:Agent", "rdfs:label": self.decided_by},
                {
                    "@type": "prov:SoftwareAgent",
                    "rdfs:label": f"lawgraph {self.provenance.lawgraph_version}",
                },
            ],
            "dpv:hasDataController": {"@type": "dpv:DataController", "rdfs:label": self.discloser},
            "dpv:hasRecipient": {"@type": "dpv:Recipient", "rdfs:label": self.with_whom},
            "dpv:hasDataSubject": {"@type": "dpv:DataSubject", "rdfs:label": self.subject},
            "dpv:hasPersonalData": [
                {"@type": "dpv:PersonalData", "rdfs:label": w} for w in self.what
            ],
            "dpv:hasPurpose": {"@type": "dpv:Purpose", "rdfs:label": self.why},
            "dpv:hasProcessing": {"@id": "dpv:Disclose"},
            # condition and gateway ids are lawgraph's own, so they are labels; the
            # provisions they rest on are real legislation.gov.uk URIs.
            "dpv:hasLegalBasis": [{"@type": "dpv:LegalBasis", "rdfs:label": c} for c in self.basis],
            "prov:used": [
                *({"@type": "prov:Entity", "rdfs:label": g} for g in self.gateways),
                {
                    "@type": "prov:Entity",
                    "rdfs:label": "lawgraph curated data",
                    "rdfs:comment": f"sha256 {self.provenance.data_fingerprint}",
                },
                *(
                    {"@type": "prov:Entity", "rdfs:label": f"statute text {v}"}
                    for v in self.provenance.statute_versions
                ),
            ],
            "rdfs:seeAlso": [{"@id": LEGISLATION_ID + c} for c in self.citations],
            "rdfs:comment": [self.outcome.value, *self.reasons, self.not_legal_advice],
        }

    def to_markdown(self) -> str:
        """The record as a Markdown document."""
        lines = [
            "# Information sharing decision record",
            "",
            f"- **Decision:** {self.decision}",
            f"- **Outcome (lawgraph):** {self.outcome.value}",
            f"- **What:** {', '.join(self.what)}",
            f"- **About:** {self.subject}",
            f"- **From:** {self.discloser}",
            f"- **To:** {self.with_whom}",
            f"- **Why:** {self.why} (context: {self.context})",
            f"- **Lawful basis:** {', '.join(self.basis) or 'none identified'}",
            f"- **Gateways:** {', '.join(self.gateways) or 'none'}",
            f"- **Provisions cited:** {', '.join(self.citations)}",
            f"- **When:** {self.when.isoformat()}",
            f"- **Decided by:** {self.decided_by}",
            f"- **Answered by:** lawgraph {self.provenance.lawgraph_version}, data "
            f"sha256 {self.provenance.data_fingerprint}",
            "- **Statute texts quoted:** "
            + (", ".join(self.provenance.statute_versions) or "none held"),
            "",
            "## Reasons",
            "",
            *[f"- {r}" for r in self.reasons],
            "",
            f"_{self.not_legal_advice}_",
            "",
        ]
        return "\n".join(lines)


_DECISIONS = {
    Outcome.SHARE_ON_DUTY: "share: a legal duty applies",
    Outcome.MAY_SHARE: "share",
    Outcome.MAY_SHARE_IF_JUDGEMENT: "share only if the judgements below are made in favour",
    Outcome.NO_LAWFUL_BASIS_IDENTIFIED: "do not share on the basis identified (none found)",
    Outcome.NEEDS_REVIEW: "seek advice before deciding",
}


class Determination(BaseModel):
    """The reasoner's answer to one `Scenario`."""

    model_config = _FROZEN
    scenario: Scenario
    outcome: Outcome
    outcome_reason: str
    regime: RegimeChoice
    article6: tuple[BasisChoice, ...]
    article9: tuple[ConditionRoute, ...] | None
    article10: tuple[ConditionRoute, ...] | None
    part3: tuple[ConditionRoute, ...] | None
    gateways: tuple[ApplicableGateway, ...]
    rejected_gateways: tuple[RejectedGateway, ...]
    confidentiality: Step
    human_rights: Step
    consent: Step
    minimum_necessary: Step
    steps: tuple[Step, ...]
    golden_rules: tuple[GoldenRule, ...]
    flags: tuple[str, ...]
    uncertain: tuple[UncertainEntry, ...]
    provenance: Provenance
    not_legal_advice: str = NOT_LEGAL_ADVICE

    @staticmethod
    def route_ids(routes: tuple[ConditionRoute, ...] | None) -> set[str]:
        """Every condition id a set of routes names, with what each requires."""
        return {i for r in routes or () for i in (r.condition, *r.requires)}

    def record(
        self,
        *,
        decided_by: str = "[name and role of the decision maker]",
        decision: str | None = None,
        reasons: tuple[str, ...] = (),
    ) -> DecisionRecord:
        """A decision record, including when the decision is not to share.

        Args:
            decided_by: who decided (a placeholder until completed).
            decision: the decision actually taken, if it differs from the suggested one.
            reasons: the practitioner's own reasons, added to lawgraph's.
        """
        s = self.scenario
        basis = [b.condition for b in self.article6]
        for routes in (self.article9, self.article10, self.part3):
            basis.extend(sorted(self.route_ids(routes)))
        auto = [self.outcome_reason]
        auto += [f"Judgement needed: {st.judgement}" for st in self.steps if st.judgement]
        return DecisionRecord(
            what=s.categories,
            subject=s.subject.value,
            discloser=s.discloser,
            with_whom=s.recipient,
            why=s.purpose,
            context=s.context.value,
            basis=tuple(dict.fromkeys(basis)),
            gateways=tuple(g.id for g in self.gateways),
            citations=tuple(dict.fromkeys(c for st in self.steps for c in st.citations)),
            when=s.as_at,
            decided_by=decided_by,
            decision=decision or _DECISIONS[self.outcome],
            reasons=(*auto, *reasons),
            outcome=self.outcome,
            provenance=self.provenance,
        )
