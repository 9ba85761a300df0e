"""What the reasoner answers: a `Determination`, and the `DecisionRecord` made from it.

Every step cites legislation identifiers taken from the curated data, says whether the
law settles it or the practitioner must judge it, and the whole answer carries a
not-legal-advice notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from lawgraph.disclaimer import NOT_LEGAL_ADVICE
from lawgraph.knowledge.applicability import Role
from lawgraph.knowledge.models import Nature
from lawgraph.reasoning.scenario import Scenario

__all__ = [
    "NOT_LEGAL_ADVICE",
    "ApplicableGateway",
    "BasisChoice",
    "ConditionRoute",
    "DecisionRecord",
    "Determination",
    "GoldenRule",
    "Judgement",
    "Labelled",
    "MemberAnswer",
    "Outcome",
    "Quote",
    "RegimeChoice",
    "RejectedGateway",
    "Step",
    "SubjectAnswer",
    "UncertainEntry",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


DPV = "https://w3id.org/dpv#"
PROV = "http://www.w3.org/ns/prov#"
LEGISLATION_ID = "http://www.legislation.gov.uk/id/"
LAWGRAPH_VOCAB = "https://lawgraph.dev/vocab#"


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
    """A gateway that applies. ``nature`` is what kind of rule it is (`Nature`); ``role``
    is ``disclosure`` (a rule about giving information to this recipient) or ``function``
    (a statutory function of the discloser that grounds its public task but names no
    recipient), as `lawgraph.knowledge.applicability.Role` decides."""

    model_config = _FROZEN
    id: str
    title: str
    nature: Nature
    role: Role
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


class Labelled(BaseModel):
    """An id of lawgraph's with the name a practitioner reads."""

    model_config = _FROZEN
    id: str
    label: str


class Judgement(BaseModel):
    """One judgement the practitioner must make, with room for their answer.

    Attributes:
        step: the number of the step that asks it (1-based, as the text answer shows).
        layer: the name of that step's layer ("Consent", "Duty of confidence").
        question: what must be judged.
        citations: the provisions the step rests on (identifiers).
        answer: the practitioner's answer (empty until they write it).
        reasons: the practitioner's reasons (empty until they write them).
    """

    model_config = _FROZEN
    step: int
    layer: str
    question: str
    citations: tuple[str, ...] = ()
    answer: str | None = None
    reasons: str | None = None


class DecisionRecord(BaseModel):
    """A record of the decision, to be completed and kept by the practitioner.

    Names are the ones practitioners read (from `lawgraph.reasoning.labels.Labels` when
    `Determination.record` is given them); `citations` stay legislation.gov.uk
    identifiers, so ``lawgraph diff --records`` can find the record when the law changes.
    `asked_by` and `asked_at` say who put the question to lawgraph and when; `when` is the
    date the law was applied at.
    """

    model_config = _FROZEN
    what: tuple[str, ...]
    subject: str
    discloser: str
    with_whom: str
    why: str
    context: str
    basis: tuple[Labelled, ...]
    gateways: tuple[Labelled, ...]
    citations: tuple[str, ...]
    when: dt.date
    decided_by: str
    decision: str
    reasons: tuple[str, ...]
    settled: tuple[str, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    asked_by: str | None = None
    asked_at: dt.datetime | None = None
    outcome: Outcome
    provenance: Provenance
    not_legal_advice: str = NOT_LEGAL_ADVICE

    def to_jsonld(self) -> dict[str, Any]:
        """The record as JSON-LD using DPV and PROV-O terms (and lawgraph's own for what
        they have no term for: the judgements, and the date the law was applied at)."""
        asked = {"@type": "prov:Agent", "rdfs:label": self.asked_by or _ASKED_BY_PLACEHOLDER}
        decider = {"@type": "prov:Agent", "rdfs:label": self.decided_by}
        software = {
            "@type": "prov:SoftwareAgent",
            "rdfs:label": f"lawgraph {self.provenance.lawgraph_version}",
        }
        out: dict[str, Any] = {
            "@context": {
                "dpv": DPV,
                "prov": PROV,
                "lg": LAWGRAPH_VOCAB,
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                "xsd": "http://www.w3.org/2001/XMLSchema#",
            },
            "@type": ["prov:Activity", "dpv:Process"],
            "rdfs:label": f"Information sharing decision: {self.decision}",
            "lg:lawAsAt": {"@value": self.when.isoformat(), "@type": "xsd:date"},
            "prov:wasAssociatedWith": [decider, asked, software],
            "prov:qualifiedAssociation": [
                {"@type": "prov:Association", "prov:agent": a, "prov:hadRole": {"rdfs:label": r}}
                for a, r in ((decider, "decided"), (asked, "asked"), (software, "answered"))
            ],
            "dpv:hasDataController": {"@type": "dpv:DataController", "rdfs:label": self.discloser},
            "dpv:hasRecipient": {"@type": "dpv:Recipient", "rdfs:label": self.with_whom},
            "dpv:hasDataSubject": {"@type": "dpv:DataSubject", "rdfs:label": self.subject},
            "dpv:hasPersonalData": [
                {"@type": "dpv:PersonalData", "rdfs:label": w} for w in self.what
            ],
            "dpv:hasPurpose": {
                "@type": "dpv:Purpose",
                "rdfs:label": self.why,
                "rdfs:comment": self.context,
            },
            "dpv:hasProcessing": {"@id": "dpv:Disclose"},
            # condition and gateway ids are lawgraph's own, so they are labels; the
            # provisions they rest on are real legislation.gov.uk URIs.
            "dpv:hasLegalBasis": [
                {"@type": "dpv:LegalBasis", "rdfs:label": c.label, "lg:id": c.id}
                for c in self.basis
            ],
            "prov:used": [
                *(
                    {"@type": "prov:Entity", "rdfs:label": g.label, "lg:id": g.id}
                    for g in self.gateways
                ),
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
            "lg:settledByLaw": list(self.settled),
            "lg:judgement": [
                {
                    "@type": ["prov:Entity", "lg:Judgement"],
                    "lg:step": j.step,
                    "rdfs:label": j.layer,
                    "lg:question": j.question,
                    "rdfs:seeAlso": [{"@id": LEGISLATION_ID + c} for c in j.citations],
                    "lg:answer": j.answer,
                    "lg:reasons": j.reasons,
                }
                for j in self.judgements
            ],
            "rdfs:seeAlso": [{"@id": LEGISLATION_ID + c} for c in self.citations],
            "rdfs:comment": [self.outcome.value, *self.reasons, self.not_legal_advice],
        }
        if self.asked_at is not None:
            out["prov:startedAtTime"] = {
                "@value": self.asked_at.isoformat(timespec="seconds"),
                "@type": "xsd:dateTime",
            }
        return out

    def to_markdown(self) -> str:
        """The record as a Markdown document, with room under each judgement for the
        practitioner's answer and reasons."""
        asked_at = (
            self.asked_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
            if self.asked_at is not None
            else "[when]"
        )
        lines = [
            "# Information sharing decision record",
            "",
            f"- **Decision:** {self.decision}",
            f"- **What:** {', '.join(self.what)}",
            f"- **About:** {self.subject}",
            f"- **From:** {self.discloser}",
            f"- **To:** {self.with_whom}",
            f"- **Why:** {self.why} ({self.context})",
            "- **Lawful basis:** " + ("; ".join(b.label for b in self.basis) or "none identified"),
            "- **Gateways:** " + ("; ".join(g.label for g in self.gateways) or "none"),
            f"- **Law as at:** {self.when.isoformat()}",
            f"- **Asked by:** {self.asked_by or _ASKED_BY_PLACEHOLDER}",
            f"- **Asked on:** {asked_at}",
            f"- **Decided by:** {self.decided_by}",
            "",
            "## What the law settles",
            "",
            *([f"- {t}" for t in self.settled] or ["- Nothing is settled by law alone."]),
            "",
            "## What you must judge",
            "",
        ]
        if not self.judgements:
            lines += ["No judgement is left open on the facts given.", ""]
        for n, j in enumerate(self.judgements, 1):
            cited = "; ".join(_grouped(j.citations))
            lines += [
                f"### {n}. {j.layer} (step {j.step})",
                "",
                j.question,
                "",
                *([f"Law: {cited}", ""] if cited else []),
                f"**Your answer:** {j.answer or ''}".rstrip(),
                "",
                f"**Your reasons:** {j.reasons or ''}".rstrip(),
                "",
            ]
        lines += [
            "## Reasons",
            "",
            *[f"- {r}" for r in self.reasons],
            "",
            "## Provisions cited",
            "",
            *[f"- [{_cite(c)}]({LEGISLATION_ID}{c})" for c in self.citations],
            "",
            "## Answered by",
            "",
            f"- **Answered by:** lawgraph {self.provenance.lawgraph_version}, data "
            f"sha256 {self.provenance.data_fingerprint}",
            "- **Statute texts quoted:** "
            + (", ".join(self.provenance.statute_versions) or "none held"),
            f"- **lawgraph's outcome:** {self.outcome.value}",
            "",
            f"_{self.not_legal_advice}_",
            "",
        ]
        return "\n".join(lines)


_ASKED_BY_PLACEHOLDER = "[who asked]"


def _grouped(identifiers: tuple[str, ...]) -> list[str]:
    # imported here: the answer module renders this module's models
    from lawgraph.reasoning.answer import human_citations

    return human_citations(identifiers)


def _cite(identifier: str) -> str:
    # imported here: the record is the only part of this module that formats citations
    from lawgraph.errors import LawgraphError
    from lawgraph.legislation.citations import format_citation

    try:
        return format_citation(identifier)
    except LawgraphError:
        return identifier


_DECISIONS = {
    Outcome.SHARE_ON_DUTY: "share: a legal duty applies",
    Outcome.MAY_SHARE: "share",
    Outcome.MAY_SHARE_IF_JUDGEMENT: "share only if the judgements below are made in favour",
    Outcome.NO_LAWFUL_BASIS_IDENTIFIED: "do not share on the basis identified (none found)",
    Outcome.NEEDS_REVIEW: "seek advice before deciding",
    Outcome.SUBJECT_ACCESS_REQUEST: "answer as a subject access request, withholding only "
    "what an exemption covers",
}


#: The outcomes from strongest to weakest: when the answer differs between the people the
#: information is about, the weakest is the one that holds for all of it.
OUTCOME_STRENGTH = (
    Outcome.SHARE_ON_DUTY,
    # a person's own information is theirs by right of access, but that right does not reach
    # the others' part, so any other answer is the one for the whole
    Outcome.SUBJECT_ACCESS_REQUEST,
    Outcome.MAY_SHARE,
    Outcome.MAY_SHARE_IF_JUDGEMENT,
    Outcome.NEEDS_REVIEW,
    Outcome.NO_LAWFUL_BASIS_IDENTIFIED,
)


class SubjectAnswer(BaseModel):
    """The answer for one of the people the information is about (`Scenario.subject`
    and `Scenario.other_subjects`): each person's personal data needs its own basis.

    Attributes:
        subject: whose information.
        outcome: the answer for that person's information.
        outcome_reason: its reason.
        article6: the Article 6(1) conditions identified.
        article9: the Article 9 conditions identified, with what they require (None when
            no special category data).
        article10: likewise for Article 10 (criminal offence data).
        citations: every provision the answer for that person cites, in order, so what
            differs by person shows (DPA 2018 Sch 1 para 18(3) for an adult at risk).
    """

    model_config = _FROZEN
    subject: str
    outcome: Outcome
    outcome_reason: str
    article6: tuple[str, ...]
    article9: tuple[str, ...] | None
    article10: tuple[str, ...] | None
    citations: tuple[str, ...] = ()


class MemberAnswer(BaseModel):
    """The answer for one member of a grouping named as discloser or recipient.

    A grouping (``police``, ``nhs-body``, ``school``) is a holder other holders are a kind
    of (``is_a``). Its members can hold gateways the grouping does not, so the answer for
    the grouping is given for each member too (see `lawgraph.reasoning.groupings`).

    Attributes:
        side: ``discloser`` or ``recipient``: which party the member stands in for.
        holder: the member's holder id.
        name: its name.
        outcome: the answer with the member named instead of the grouping; None when the
            member could not be asked about (see ``not_asked``).
        outcome_reason: that answer's reason.
        gateways: the gateways that reach the disclosure with the member named.
        beyond_grouping: those of them that do not reach it with the grouping named.
        article6: the Article 6(1) conditions the member's answer identifies.
        differs: the member's outcome or gateways differ from the grouping's.
        not_asked: why there is no answer for this member (it did not exist on the date,
            or it is an individual practitioner, who cannot be a recipient).
    """

    model_config = _FROZEN
    side: str
    holder: str
    name: str
    outcome: Outcome | None = None
    outcome_reason: str = ""
    gateways: tuple[str, ...] = ()
    beyond_grouping: tuple[str, ...] = ()
    article6: tuple[str, ...] = ()
    differs: bool = False
    not_asked: str | None = None


class Determination(BaseModel):
    """The reasoner's answer to one `Scenario`.

    When the discloser or recipient is a grouping, ``members`` holds the answer for each
    of its members, and when any member's outcome differs the ``outcome_reason`` says the
    answer is conditional on which member is meant (`depends_on_member`).
    """

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
    members: tuple[MemberAnswer, ...] = ()
    subjects: tuple[SubjectAnswer, ...] = ()
    not_legal_advice: str = NOT_LEGAL_ADVICE

    @property
    def depends_on_member(self) -> bool:
        """A member of a grouping named gets a different outcome from the grouping's, so
        the answer depends on which member is meant."""
        return any(m.outcome is not None and m.outcome is not self.outcome for m in self.members)

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
        labels: Callable[[str], str] | None = None,
        asked_by: str | None = None,
        asked_at: dt.datetime | None = None,
    ) -> DecisionRecord:
        """A decision record, including when the decision is not to share.

        Args:
            decided_by: who decided (a placeholder until completed).
            decision: the decision actually taken, if it differs from the suggested one.
            reasons: the practitioner's own reasons, added to lawgraph's.
            labels: names for ids (`lawgraph.reasoning.labels.Labels.of(knowledge)`);
                without them ids are shown with spaces for hyphens.
            asked_by: who asked lawgraph (a placeholder until completed).
            asked_at: when (default: now, in UTC).
        """
        # imported here: labels name the layers of this module's steps
        from lawgraph.reasoning.labels import Labels, enum_label, layer_title

        name = labels or Labels()
        s = self.scenario
        titles = {b.condition: b.title for b in self.article6}
        basis = [b.condition for b in self.article6]
        for routes in (self.article9, self.article10, self.part3):
            basis.extend(sorted(self.route_ids(routes)))
            titles.update({r.condition: r.title for r in routes or ()})
        steps = list(enumerate(self.steps, 1))
        return DecisionRecord(
            what=tuple(name(c) for c in s.categories),
            subject=", ".join(enum_label(x) for x in (s.subject, *s.other_subjects)),
            discloser=name(s.discloser),
            with_whom=name(s.recipient),
            why=name(s.purpose),
            context=enum_label(s.context),
            basis=tuple(
                Labelled(id=b, label=titles.get(b) or name(b)) for b in dict.fromkeys(basis)
            ),
            gateways=tuple(Labelled(id=g.id, label=g.title) for g in self.gateways),
            citations=tuple(dict.fromkeys(c for st in self.steps for c in st.citations)),
            when=s.as_at,
            decided_by=decided_by,
            decision=decision or _DECISIONS[self.outcome],
            reasons=(
                name.humanise(self.outcome_reason)
                if isinstance(name, Labels)
                else self.outcome_reason,
                *reasons,
            ),
            settled=tuple(
                f"{layer_title(st.layer)} (step {n}): {st.text}"
                for n, st in steps
                if st.settled_by_law
            ),
            judgements=tuple(
                Judgement(
                    step=n,
                    layer=layer_title(st.layer),
                    question=st.judgement,
                    citations=st.citations,
                )
                for n, st in steps
                if st.judgement
            ),
            asked_by=asked_by,
            asked_at=asked_at or dt.datetime.now(dt.UTC).replace(microsecond=0),
            outcome=self.outcome,
            provenance=self.provenance,
        )
