"""The lawful-basis section of a partnership's information sharing agreement.

`build_agreement` takes a `Partnership` and asks the reasoner (`lawgraph.reasoning.ask`)
about every flow: each member to each other member, for each purpose and each data
category. Nothing in the agreement is restated here: the outcome, the gateways and
whether each is a duty, a power or a duty to comply with a request, the Article 6 basis,
the Article 9 / Article 10 / Part 3 route, what the law settles and what is left to
judgement, and what to record all come from the `Determination` of that flow; the
parties' status (public authority, competent authority), a gateway's conditions and
exceptions, and which conditions need an appropriate policy document are read from the
knowledge. Flows whose basis is the same are described once, as a numbered basis, so the
agreement stays readable for a partnership of a dozen bodies.

The agreement lists every provision it cites (`Agreement.review_provisions`), and
carries them in a machine-readable block (`lawgraph.embedded`), so ``lawgraph diff
--records`` flags a generated agreement when one of them changes, as it flags decision
records.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from lawgraph.disclaimer import NOT_LEGAL_ADVICE
from lawgraph.knowledge.applicability import Role
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import PUBLIC_AUTHORITY_DEFINITION, Status, TriState
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.reasoning.claims import ClaimCheck, check_claims
from lawgraph.reasoning.determination import (
    ConditionRoute,
    Determination,
    Outcome,
    RegimeChoice,
)
from lawgraph.reasoning.engine import ask
from lawgraph.reasoning.labels import Labels, enum_label, layer_title
from lawgraph.reasoning.partnership import Member, Partnership, PurposeAsked
from lawgraph.reasoning.scenario import Scenario, ScenarioError
from lawgraph.version import __version__

__all__ = [
    "Agreement",
    "Basis",
    "BasisGateway",
    "Flow",
    "Party",
    "Route",
    "build_agreement",
    "outcome_words",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")

#: What a gateway's role and nature mean for the discloser, in the agreement's words.
_KINDS = {
    "duty_to_share": "duty to share",
    "duty_to_notify": "duty to share (notify)",
    "power_to_share": "power to share",
    "duty_to_comply_with_request": "duty to comply with a request",
}


class Party(BaseModel):
    """A member and what kind of body it is, read from its holder entry.

    Attributes:
        holder: the holder id.
        label: the party's own name.
        name: the holder's name in lawgraph.
        public_authority: ``true``, ``false`` or ``depends`` (DPA 2018 s.7).
        public_authority_status: ``verified`` or ``uncertain``.
        public_authority_note: the scope or the reason recorded, if any.
        public_authority_citations: the provisions that status rests on.
        competent_authority: ``true``, ``false`` or ``depends`` (DPA 2018 Part 3).
        competent_authority_citations: the holder's citations in the Act that defines
            both (DPA 2018), other than the public-authority definition.
    """

    model_config = _FROZEN
    holder: str
    label: str
    name: str
    public_authority: TriState
    public_authority_status: Status
    public_authority_note: str | None = None
    public_authority_citations: tuple[str, ...]
    competent_authority: TriState
    competent_authority_citations: tuple[str, ...] = ()


class BasisGateway(BaseModel):
    """A gateway a basis rests on, with what it is for the discloser.

    Attributes:
        id, title: the gateway.
        kind: ``duty to share``, ``power to share``, ``duty to comply with a request`` or
            ``function`` (a statutory function of the discloser that grounds its public
            task but names no recipient).
        citations: the provisions it rests on.
        conditions: its conditions, as the data records them.
        exceptions: its exceptions, as the data records them.
    """

    model_config = _FROZEN
    id: str
    title: str
    kind: str
    citations: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()


class Route(BaseModel):
    """A lawful-basis condition identified, with what it requires.

    Attributes:
        condition: the condition id.
        title: its title.
        requires: the titles of the conditions it requires (DPA 2018 s.10, Sch 1 ...).
        citations: the provisions it rests on.
    """

    model_config = _FROZEN
    condition: str
    title: str
    requires: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()


class Basis(BaseModel):
    """What the reasoner answered for one or more flows, identically.

    Attributes:
        number: its number in the agreement (B1, B2 ...).
        outcome: the outcome.
        outcome_reason: its reason, with names for ids.
        regime: which data protection law governs.
        regime_text: the reasoner's words on it.
        gateways: the gateways that apply.
        article6: the Article 6(1) conditions identified.
        special: the Article 9, Article 10 or Part 3 routes identified.
        policy_document: the titles of the conditions relied on that need an appropriate
            policy document (empty when none does).
        settled: the steps the law settles (their titles).
        judgements: what must be judged for each decision, by step.
        record: what must be recorded for each decision (golden rule 7 and the record
            steps).
        flags: the reasoner's flags for this answer.
        uncertain: data entries marked uncertain that the answer relies on.
        citations: every provision the answer cites, in order.
    """

    model_config = _FROZEN
    number: int
    outcome: Outcome
    outcome_reason: str
    regime: RegimeChoice
    regime_text: str = ""
    gateways: tuple[BasisGateway, ...] = ()
    article6: tuple[Route, ...] = ()
    special: tuple[Route, ...] = ()
    policy_document: tuple[str, ...] = ()
    settled: tuple[str, ...] = ()
    judgements: tuple[str, ...] = ()
    record: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """``B`` and its number."""
        return f"B{self.number}"

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of the gateways (duty, power, request, function), once each."""
        return tuple(dict.fromkeys(g.kind for g in self.gateways))


class Flow(BaseModel):
    """One flow: a member to another member, for a purpose, of a category.

    Attributes:
        discloser, recipient: the members' labels.
        discloser_holder, recipient_holder: their holder ids.
        purpose: the purpose id.
        context: the practice setting asked in.
        category: the data category id.
        basis: the number of the `Basis` the reasoner answered, or None when the
            reasoner refused the question (`not_asked`).
        not_asked: the reasoner's reason for not answering (two members of the same kind
            of body: sharing between them is asked as one holder to itself).
    """

    model_config = _FROZEN
    discloser: str
    discloser_holder: str
    recipient: str
    recipient_holder: str
    purpose: str
    context: str
    category: str
    basis: int | None = None
    not_asked: str | None = None


class Agreement(BaseModel):
    """The lawful-basis section of an information sharing agreement.

    Attributes:
        partnership: the partnership as read from its file.
        parties: each member and what kind of body it is.
        flows: every flow asked, discloser by discloser.
        bases: the distinct answers, numbered.
        claims: each claim in the file, checked against the statute.
        review_provisions: every provision the agreement cites, in order: a change to
            any of them means the agreement should be reviewed.
        lawgraph_version, data_fingerprint: what answered, on which data.
        not_legal_advice: the notice every output carries.
    """

    model_config = _FROZEN
    partnership: Partnership
    parties: tuple[Party, ...]
    flows: tuple[Flow, ...]
    bases: tuple[Basis, ...]
    claims: tuple[ClaimCheck, ...] = ()
    review_provisions: tuple[str, ...]
    lawgraph_version: str
    data_fingerprint: str
    not_legal_advice: str = NOT_LEGAL_ADVICE

    def basis(self, number: int) -> Basis:
        """The basis with this number."""
        return self.bases[number - 1]

    def machine_readable(self) -> dict[str, object]:
        """What a tool needs to find the agreement again: its identity and every
        provision it cites under ``citations`` (as ``lawgraph diff --records`` reads a
        decision record)."""
        p = self.partnership
        return {
            "@type": "lawgraph:InformationSharingAgreement",
            "name": p.name,
            "area": p.area,
            "jurisdiction": p.jurisdiction.value,
            "lawAsAt": p.as_at.isoformat(),
            "parties": [{"label": x.label, "holder": x.holder} for x in self.parties],
            "citations": list(self.review_provisions),
            "lawgraphVersion": self.lawgraph_version,
            "dataFingerprint": self.data_fingerprint,
            "notLegalAdvice": self.not_legal_advice,
        }


def _party(knowledge: Knowledge, member: Member) -> Party:
    holder = knowledge.holders[member.holder]
    basis = holder.public_authority_basis
    act = str(LegislationId.parse(PUBLIC_AUTHORITY_DEFINITION).document)
    definition = PUBLIC_AUTHORITY_DEFINITION
    # the holder's own citations in the Act that defines both kinds of authority, other
    # than the public-authority definition: its competent-authority entries (DPA Sch 7)
    competent = tuple(
        c.id
        for c in holder.citations
        if c.id.startswith(act + "/") and not c.id.startswith(definition)
    )
    return Party(
        holder=holder.id,
        label=member.label,
        name=holder.name,
        public_authority=holder.public_authority,
        public_authority_status=basis.status,
        public_authority_note=basis.scope or basis.reason,
        public_authority_citations=tuple(c.id for c in basis.citations),
        competent_authority=holder.competent_authority,
        competent_authority_citations=competent,
    )


def _routes(routes: tuple[ConditionRoute, ...] | None, name: Callable[[str], str]) -> list[Route]:
    return [
        Route(
            condition=r.condition,
            title=r.title,
            requires=tuple(name(x) for x in r.requires),
            citations=r.citations,
        )
        for r in routes or ()
    ]


def _basis(knowledge: Knowledge, det: Determination, labels: Labels) -> Basis:
    gateways = []
    for g in det.gateways:
        entry = knowledge.gateways[g.id]
        kind = (
            "function"
            if g.role == Role.FUNCTION.value
            else _KINDS.get(g.nature, g.nature.replace("_", " "))
        )
        gateways.append(
            BasisGateway(
                id=g.id,
                title=g.title,
                kind=kind,
                citations=g.citations,
                conditions=entry.conditions,
                exceptions=entry.exceptions,
            )
        )
    special = [
        *_routes(det.article9, labels),
        *_routes(det.article10, labels),
        *_routes(det.part3, labels),
    ]
    relied = set().union(
        *(Determination.route_ids(r) for r in (det.article9, det.article10, det.part3))
    )
    policy = tuple(
        dict.fromkeys(
            knowledge.conditions[c].title
            for c in sorted(relied)
            if c in knowledge.conditions and knowledge.conditions[c].appropriate_policy_document
        )
    )
    steps = list(enumerate(det.steps, 1))
    rule7 = [
        f"Golden rule {r.number}: {r.rule} {r.here}" for r in det.golden_rules if r.number == 7
    ]
    return Basis(
        number=0,
        outcome=det.outcome,
        outcome_reason=labels.humanise(det.outcome_reason),
        regime=det.regime,
        regime_text=" ".join(st.text for _, st in steps if st.layer == "regime"),
        gateways=tuple(gateways),
        article6=tuple(
            Route(condition=b.condition, title=b.title, citations=b.citations) for b in det.article6
        ),
        special=tuple(special),
        policy_document=policy,
        # one title per layer: several gateways may each settle a duty or power
        settled=tuple(dict.fromkeys(layer_title(st.layer) for _, st in steps if st.settled_by_law)),
        judgements=tuple(
            f"{layer_title(st.layer)}: {st.judgement}" for _, st in steps if st.judgement
        ),
        record=(*rule7, *(st.text for _, st in steps if st.layer == "record")),
        flags=det.flags,
        uncertain=tuple(f"{u.kind} {u.id}: {u.reason}" for u in det.uncertain),
        citations=tuple(dict.fromkeys(c for st in det.steps for c in st.citations)),
    )


def _scenario(
    p: Partnership, a: Member, b: Member, purpose: PurposeAsked, category: str
) -> Scenario:
    return Scenario(
        discloser=a.holder,
        recipient=b.holder,
        subject=p.subject,
        categories=(category,),
        purpose=purpose.purpose,
        context=purpose.context,
        consent=p.consent,
        in_confidence=p.in_confidence,
        as_at=p.as_at,
        jurisdiction=p.jurisdiction,
    )


def build_agreement(knowledge: Knowledge, partnership: Partnership) -> Agreement:
    """Ask the reasoner about every flow of `partnership` and assemble the agreement.

    Each ordered pair of different members is asked, for each purpose and each data
    category, on the partnership's date, in its jurisdiction, about its data subject,
    with its consent and confidence as given. A question the reasoner refuses (two
    members of the same kind of body) is listed with the reasoner's reason.
    """
    labels = Labels.of(knowledge)
    bases: dict[str, Basis] = {}
    flows: list[Flow] = []
    for a in partnership.members:
        for b in partnership.members:
            if a is b:
                continue
            for purpose in partnership.purposes:
                for category in partnership.categories:
                    flow = Flow(
                        discloser=a.label,
                        discloser_holder=a.holder,
                        recipient=b.label,
                        recipient_holder=b.holder,
                        purpose=purpose.purpose,
                        context=purpose.context.value,
                        category=category,
                    )
                    try:
                        det = ask(knowledge, _scenario(partnership, a, b, purpose, category))
                    except ScenarioError as exc:
                        why = str(exc)
                        if a.holder == b.holder:
                            # the reasoner answers by kind of body: two bodies of one
                            # kind look to it like one organisation sharing internally
                            why = (
                                f"both parties are {labels(a.holder)} in lawgraph's data, "
                                "which answers by kind of body, so this flow is not "
                                f"answered (the reasoner: {why})"
                            )
                        flows.append(flow.model_copy(update={"not_asked": why}))
                        continue
                    found = _basis(knowledge, det, labels)
                    key = found.model_dump_json()
                    if key not in bases:
                        bases[key] = found.model_copy(update={"number": len(bases) + 1})
                    flows.append(flow.model_copy(update={"basis": bases[key].number}))
    parties = tuple(_party(knowledge, m) for m in partnership.members)
    claims = check_claims(knowledge, partnership)
    review = dict.fromkeys(
        [
            *(c for p in parties for c in p.public_authority_citations),
            *(c for p in parties for c in p.competent_authority_citations),
            *(c for basis in bases.values() for c in basis.citations),
            *(c for basis in bases.values() for g in basis.gateways for c in g.citations),
            *(c for check in claims for c in check.citations),
        ]
    )
    return Agreement(
        partnership=partnership,
        parties=parties,
        flows=tuple(flows),
        bases=tuple(bases.values()),
        claims=claims,
        review_provisions=tuple(review),
        lawgraph_version=__version__,
        data_fingerprint=knowledge.fingerprint,
    )


def outcome_words(outcome: Outcome) -> str:
    """The outcome in words (``may share if the judgements are made in favour``)."""
    return enum_label(outcome)
