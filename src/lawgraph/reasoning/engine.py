"""`ask`: a scenario in, a cited determination out. Pure: no I/O."""

from __future__ import annotations

from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Consent, Jurisdiction, Status
from lawgraph.reasoning.determination import (
    BasisChoice,
    ConditionRoute,
    Determination,
    GoldenRule,
    Outcome,
    RegimeChoice,
    Step,
    UncertainEntry,
)
from lawgraph.reasoning.rules import (
    article6,
    article9,
    article10,
    confidentiality,
    consent,
    gateways,
    human_rights,
    necessity,
    part3,
    regime,
)
from lawgraph.reasoning.rules._common import Facts, Layer, citations_of, step
from lawgraph.reasoning.scenario import Context, Necessity, Scenario
from lawgraph.reasoning.texts import StatuteTexts

__all__ = ["ask"]


_SHARING = frozenset({Outcome.SHARE_ON_DUTY, Outcome.MAY_SHARE, Outcome.MAY_SHARE_IF_JUDGEMENT})


def ask(
    knowledge: Knowledge, scenario: Scenario, statutes: StatuteTexts | None = None
) -> Determination:
    """Apply the curated rules to `scenario`.

    Args:
        knowledge: the curated data.
        scenario: the proposed disclosure.
        statutes: statute text loaded beforehand (`load_statute_texts`); when given,
            each step quotes the cited provisions that are held locally.

    Raises:
        ScenarioError: the scenario names an unknown holder, category or purpose, or
            contradicts itself.
    """
    s = scenario.resolve(knowledge)
    facts = Facts.build(knowledge, s)
    regime_choice, regime_layer = regime.decide(facts)
    gw = gateways.evaluate(facts)
    layers: list[Layer] = [regime_layer, gw.layer]
    if s.context is Context.S16H_REQUEST:
        layers.append(_s16h(facts))
    a6: tuple[BasisChoice, ...] = ()
    a9: tuple[ConditionRoute, ...] | None = None
    a10: tuple[ConditionRoute, ...] | None = None
    p3: tuple[ConditionRoute, ...] | None = None
    if s.necessity is Necessity.NOT_NECESSARY:
        # Every basis but consent needs necessity: none is available (see rules.necessity).
        if regime_choice is not RegimeChoice.PART3:
            a6 = ()
            a9 = () if facts.special else None
            a10 = () if facts.criminal else None
        if regime_choice is not RegimeChoice.UK_GDPR:
            p3 = ()
        layers.append(
            necessity.not_necessary(
                facts,
                part3=regime_choice is not RegimeChoice.UK_GDPR,
                duties=tuple(g.id for g in gw.duties),
            )
        )
    else:
        if regime_choice is not RegimeChoice.PART3:
            a6, l6 = article6.decide(facts, gw)
            a9, l9 = article9.decide(facts, gw)
            a10, l10 = article10.decide(facts)
            layers += [l6, l9, l10]
        if regime_choice is not RegimeChoice.UK_GDPR:
            p3, lp3 = part3.decide(facts)
            layers.append(lp3)
    consent_step = consent.advise(facts)
    conf_step = confidentiality.advise(facts, gw)
    hr_step = human_rights.advise(facts)
    min_step = _minimum_necessary(facts, regime_choice, a6, p3)
    steps = [st for layer in layers for st in layer.steps]
    steps += [consent_step, conf_step, hr_step, min_step]
    steps += _record_steps(facts, a9, a10, p3)
    flags = [f for layer in layers for f in layer.flags]
    if s.jurisdiction is not Jurisdiction.ENGLAND:
        flags.append(
            f"Jurisdiction {s.jurisdiction.value}: the curated data is written for England; "
            "law particular to this jurisdiction is not in the data, so gateways not recorded "
            "as applying here are rejected. Take local advice."
        )
    outcome, reason = _outcome(facts, regime_choice, gw, a6, a9, a10, p3, steps)
    if s.necessity is Necessity.EXCESSIVE and outcome in _SHARING:
        outcome, reason = (
            Outcome.MAY_SHARE_IF_JUDGEMENT,
            f"{reason} Part of the information is judged excessive: only the part that is "
            "necessary for the purpose may be shared, on the judgement of which part that is.",
        )
    relied = dict.fromkeys(i for layer in layers for i in layer.relies_on)
    # The minimum-necessary step rests on the minimisation principle: list it if uncertain.
    relied.update(dict.fromkeys(_MINIMISATION[regime_choice]))
    if statutes is not None:
        steps = [_quoted(st, statutes) for st in steps]
        consent_step, conf_step, hr_step, min_step = (
            _quoted(st, statutes) for st in (consent_step, conf_step, hr_step, min_step)
        )
    return Determination(
        scenario=s,
        outcome=outcome,
        outcome_reason=reason,
        regime=regime_choice,
        article6=a6,
        article9=a9,
        article10=a10,
        part3=p3,
        gateways=gw.applicable,
        rejected_gateways=gw.rejected,
        confidentiality=conf_step,
        human_rights=hr_step,
        consent=consent_step,
        minimum_necessary=min_step,
        steps=tuple(steps),
        golden_rules=_golden_rules(facts, outcome),
        flags=tuple(flags),
        uncertain=_uncertain(knowledge, relied),
    )


def _quoted(st: Step, statutes: StatuteTexts) -> Step:
    quotes = tuple(q for c in st.citations if (q := statutes.quote(c)) is not None)
    return st.model_copy(update={"quotes": quotes}) if quotes else st


S16H = "ca2004-s16H"
#: UK GDPR Art 6(1)(e): a public task, which carries a weighing made beside it.
PUBLIC_TASK = "uk-gdpr-art6-1-e"


def _s16h(facts: Facts) -> Layer:
    # A request said to be made under CA 2004 s.16H: who must comply, and the limits
    # on the duty, are what the data records about s.16H.
    k = facts.knowledge
    layer = Layer()
    if S16H not in k.gateways:
        return layer
    g = k.gateways[S16H]
    layer.relies_on.append(S16H)
    settled = g.status is not Status.UNCERTAIN
    layer.steps.append(
        step(
            "s16h-request",
            "The information is asked for by safeguarding partners under Children Act 2004 "
            "s.16H. Whether the person asked must comply, and any limits on what can be "
            "required or how it may be used, come from s.16H itself"
            + (": " + " ".join(g.conditions) if settled else "")
            + ("" if settled else f"; the data does not confirm them ({g.status_reason})"),
            citations_of(k, S16H),
            settled=settled,
            judgement=None
            if settled
            else "Read s.16H (and any statutory guidance on it) or take advice on whether "
            "the request obliges you to comply and what it can require.",
        )
    )
    if not settled:
        layer.flags.append(
            "s.16H request: the data marks ca2004-s16H uncertain, so whether it obliges the "
            "discloser to comply, and its limits, are unconfirmed."
        )
    return layer


# The data minimisation principle of each regime: it limits the disclosure whatever the basis.
_MINIMISATION = {
    RegimeChoice.UK_GDPR: ("uk-gdpr-art5-1-c",),
    RegimeChoice.PART3: ("dpa-s37",),
    RegimeChoice.EITHER: ("uk-gdpr-art5-1-c", "dpa-s37"),
}


def _minimum_necessary(
    facts: Facts,
    regime_choice: RegimeChoice,
    a6: tuple[BasisChoice, ...],
    p3: tuple[ConditionRoute, ...] | None,
) -> Step:
    # The principle comes first; every basis relied on is also limited to what is
    # "necessary", so the bases themselves are cited after it.
    k = facts.knowledge
    cites = [
        c
        for cid in _MINIMISATION[regime_choice]
        if cid in k.conditions
        for c in citations_of(k, cid)
    ]
    basis_cites = [c for b in a6 for c in b.citations] + [c for r in p3 or () for c in r.citations]
    if not basis_cites and not cites:
        basis_cites = list(citations_of(k, "uk-gdpr-art6-1-e"))
    return necessity.minimum_necessary(facts, tuple(cites + basis_cites))


def _record_steps(
    facts: Facts,
    a9: tuple[ConditionRoute, ...] | None,
    a10: tuple[ConditionRoute, ...] | None,
    p3: tuple[ConditionRoute, ...] | None,
) -> list[Step]:
    k = facts.knowledge
    used = Determination.route_ids(a9) | Determination.route_ids(a10)
    out: list[Step] = []
    if "dpa-sch1-para5" in used or "dpa-sch1-para36" in used:
        out.append(
            step(
                "record",
                "A Schedule 1 condition needing an appropriate policy document is relied on: "
                "have the policy document in place and record the condition relied on.",
                citations_of(k, "dpa-sch1-para5") + citations_of(k, "dpa-sch1-para41"),
                settled=True,
            )
        )
    if "dpa-s42" in Determination.route_ids(p3):
        out.append(
            step(
                "record",
                "Part 3 sensitive processing: an appropriate policy document is required.",
                citations_of(k, "dpa-s42"),
                settled=True,
            )
        )
    return out


def _outcome(
    facts: Facts,
    regime_choice: RegimeChoice,
    gw: gateways.GatewayResult,
    a6: tuple[BasisChoice, ...],
    a9: tuple[ConditionRoute, ...] | None,
    a10: tuple[ConditionRoute, ...] | None,
    p3: tuple[ConditionRoute, ...] | None,
    steps: list[Step],
) -> tuple[Outcome, str]:
    s = facts.scenario
    if s.necessity is Necessity.NOT_NECESSARY:
        # Settled whatever the regime or jurisdiction: every basis lawgraph can identify
        # needs necessity (UK GDPR Art 6(1)(b)-(f), DPA Sch 1, DPA Part 3 s.35).
        return (
            Outcome.NO_LAWFUL_BASIS_IDENTIFIED,
            "The information is judged not necessary for the purpose, and every lawful basis "
            "except consent needs necessity.",
        )
    if regime_choice is RegimeChoice.EITHER:
        return Outcome.NEEDS_REVIEW, "The regime (UK GDPR or DPA Part 3) must be chosen first."
    if s.jurisdiction in (Jurisdiction.SCOTLAND, Jurisdiction.NORTHERN_IRELAND):
        return Outcome.NEEDS_REVIEW, f"The data does not cover {s.jurisdiction.value} law."
    s16h = facts.knowledge.gateways.get(S16H)
    if s.context is Context.S16H_REQUEST and s16h is not None and s16h.status is Status.UNCERTAIN:
        return (
            Outcome.NEEDS_REVIEW,
            "A s.16H request: the data does not confirm whether it must be complied with "
            "or its limits.",
        )
    if regime_choice is RegimeChoice.UK_GDPR:
        if not a6:
            return Outcome.NO_LAWFUL_BASIS_IDENTIFIED, "No Article 6(1) basis was identified."
        if a9 is not None and not a9:
            return Outcome.NO_LAWFUL_BASIS_IDENTIFIED, "No Article 9 condition was identified."
        if a10 is not None and not a10:
            return Outcome.NO_LAWFUL_BASIS_IDENTIFIED, "No Article 10 route was identified."
    if gw.duties:
        verified = [g for g in gw.duties if g.status is Status.VERIFIED]
        if verified:
            ids = ", ".join(g.id for g in verified)
            return Outcome.SHARE_ON_DUTY, f"A verified statutory duty applies: {ids}."
        ids = ", ".join(g.id for g in gw.duties)
        return (
            Outcome.NEEDS_REVIEW,
            f"A duty appears to apply ({ids}) but the data marks it uncertain.",
        )
    open_point = _rests_only_on_uncertain(facts, a6)
    if open_point is not None:
        return Outcome.NEEDS_REVIEW, open_point
    used = {b.condition for b in a6} | Determination.route_ids(a9) | Determination.route_ids(a10)
    used |= Determination.route_ids(p3)
    conditions = [facts.knowledge.conditions[c] for c in used]
    # A weighing (Condition.weighs) is carried by a public task beside it; a consent
    # question (a condition that needs consent, or is available only without it) is not.
    weighed = any(c.weighs for c in conditions) and PUBLIC_TASK not in used
    consent_turns = any(c.consent is not Consent.IRRELEVANT for c in conditions)
    if weighed or consent_turns or s.in_confidence:
        return (
            Outcome.MAY_SHARE_IF_JUDGEMENT,
            "A lawful basis is available if the judgements listed are made in favour.",
        )
    return Outcome.MAY_SHARE, "A lawful basis is available on the facts given."


def _rests_only_on_uncertain(facts: Facts, a6: tuple[BasisChoice, ...]) -> str | None:
    """What is open when every Article 6(1) basis rests only on gateways marked uncertain.

    An uncertain duty already gives needs-review; an uncertain *function* must too, or the
    answer would be firmer than the data behind it. A basis that rests on no gateway
    (vital interests, legitimate interests, consent) is independent of the doubt, and so
    is a gateway-based basis that some verified gateway also supports: either carries the
    answer, and the uncertainty is then only listed.
    """
    k = facts.knowledge
    gateway_ids: list[str] = []
    for basis in a6:
        backing = [g for g in basis.supported_by if g in k.gateways]
        if not backing or any(k.gateways[g].status is Status.VERIFIED for g in backing):
            return None
        gateway_ids.extend(backing)
    if not gateway_ids:
        return None
    bases = " and ".join(b.title for b in a6)
    doubts = "; ".join(
        f"{g}: {k.gateways[g].status_reason or 'no reason recorded'}"
        for g in dict.fromkeys(gateway_ids)
    )
    return (
        f"What is open: the only Article 6(1) basis identified ({bases}) rests on gateways "
        f"the data marks uncertain ({doubts}). Confirm that the statutory function applies to "
        f"{facts.discloser.name} for this purpose, or take advice, before relying on it."
    )


def _golden_rules(facts: Facts, outcome: Outcome) -> tuple[GoldenRule, ...]:
    s = facts.scenario
    # Paraphrased from HM Government, "Information sharing: advice for practitioners
    # providing safeguarding services for children, young people, parents and carers"
    # (2024); not the guidance's words or headings.
    return (
        GoldenRule(
            number=1,
            rule="Protecting a child from abuse and neglect comes before privacy; data "
            "protection law is a framework for justified sharing, not a barrier to it.",
            here=f"lawgraph's outcome: {outcome.value}.",
        ),
        GoldenRule(
            number=2,
            rule="Where safe, tell the child and family what you will share, with whom and "
            "why, unless that would put the child at greater risk.",
            here=f"Consent status: {s.consent.value}.",
        ),
        GoldenRule(
            number=3,
            rule="You do not need consent to share to protect a child at risk; you need a "
            "lawful basis, and consent is seldom the right one.",
            here="See the lawful basis identified (article6, article9, article10, part3).",
        ),
        GoldenRule(
            number=4,
            rule="Seek advice promptly when unsure how the law applies.",
            here="Advice needed: the outcome is needs-review."
            if outcome is Outcome.NEEDS_REVIEW
            else "Check the 'uncertain' entries and judgements before relying on this.",
        ),
        GoldenRule(
            number=5,
            rule="Protect the identities of people who could be harmed if their details "
            "reached an abuser.",
            here=f"Consider who else is named in the information about the {s.subject.value}.",
        ),
        GoldenRule(
            number=6,
            rule="Share only relevant, accurate, necessary and proportionate information, "
            "in time and securely, with those who have a role in protecting the child.",
            here=f"See the minimum-necessary step (your assessment: {s.necessity.value}).",
        ),
        GoldenRule(
            number=7,
            rule="Record the decision and the reasons, whether you share or not.",
            here="Use Determination.record() (or `lawgraph ask --record`).",
        ),
    )


def _uncertain(knowledge: Knowledge, relied: dict[str, None]) -> tuple[UncertainEntry, ...]:
    out: list[UncertainEntry] = []
    for entry_id in relied:
        if entry_id in knowledge.conditions:
            entry, kind = knowledge.conditions[entry_id], "condition"
        elif entry_id in knowledge.gateways:
            entry, kind = knowledge.gateways[entry_id], "gateway"  # type: ignore[assignment]
        else:
            continue
        if entry.status is Status.UNCERTAIN:
            out.append(UncertainEntry(kind=kind, id=entry_id, reason=entry.status_reason or ""))
    return tuple(out)
