"""`ask`: a scenario in, a cited determination out. Pure: no I/O."""

from __future__ import annotations

from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Jurisdiction, Status
from lawgraph.reasoning import data_subjects, groupings
from lawgraph.reasoning.determination import (
    BasisChoice,
    ConditionRoute,
    Determination,
    Provenance,
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
    golden_rules,
    human_rights,
    minimisation,
    necessity,
    onward,
    outcome,
    part3,
    regime,
    s16h,
)
from lawgraph.reasoning.rules._common import Facts, Layer
from lawgraph.reasoning.rules.tables import steps_of
from lawgraph.reasoning.scenario import Context, Necessity, Scenario
from lawgraph.reasoning.texts import StatuteTexts
from lawgraph.version import __version__

__all__ = ["ask"]

#: the layers of a disclosure's answer that a subject access request answers its own way
_ACCESS_REPLACES = frozenset({"consent", "confidentiality", "minimum-necessary"})


def ask(
    knowledge: Knowledge,
    scenario: Scenario,
    statutes: StatuteTexts | None = None,
    *,
    expand: bool = True,
) -> Determination:
    """Apply the curated rules to `scenario`.

    Args:
        knowledge: the curated data.
        scenario: the proposed disclosure.
        statutes: statute text loaded beforehand (`load_statute_texts`); when given,
            each step quotes the cited provisions that are held locally.
        expand: when the discloser or recipient is a grouping (``police``), also answer
            for each of its members (`lawgraph.reasoning.groupings`); False answers for
            the name alone.

    Raises:
        ScenarioError: the scenario names an unknown holder, category or purpose, or
            contradicts itself.
        KnowledgeError: the data has no decision tables (``data/rules``), or a table
            names a consent status, context or outcome the scenario model lacks.
    """
    s = scenario.resolve(knowledge)
    facts = Facts.build(knowledge, s)
    regime_choice, regime_layer = regime.decide(facts)
    gw = gateways.evaluate(facts)
    layers: list[Layer] = [regime_layer, gw.layer]
    if s.context is Context.S16H_REQUEST:
        layers.append(s16h.advise(facts))
    if facts.onward:
        layers.append(onward.onward_use(facts, gw))
    if facts.recipient.private_person and not facts.subject_access:
        layers.append(onward.private_recipient(facts, gw))
    a6: tuple[BasisChoice, ...] = ()
    a9: tuple[ConditionRoute, ...] | None = None
    a10: tuple[ConditionRoute, ...] | None = None
    p3: tuple[ConditionRoute, ...] | None = None
    access: dict[str, Step] = {}
    if facts.subject_access:
        # The data subject's own right of access: no lawful basis for a disclosure is
        # sought (the Article 6 to 10 and Part 3 layers are not asked), and the table's
        # own consent, confidentiality and minimum-necessary steps stand in for a
        # disclosure's.
        sar = onward.subject_access(facts, gw)
        access = {st.layer: st for st in sar.steps if st.layer in _ACCESS_REPLACES}
        sar.steps = [st for st in sar.steps if st.layer not in _ACCESS_REPLACES]
        layers.append(sar)
    elif s.necessity is Necessity.NOT_NECESSARY:
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
            a10, l10 = article10.decide(facts, gw)
            layers += [l6, l9, l10]
        if regime_choice is not RegimeChoice.UK_GDPR:
            p3, lp3 = part3.decide(facts, gw)
            layers.append(lp3)
    consent_step = access.get("consent") or consent.advise(facts)
    conf_step = access.get("confidentiality") or confidentiality.advise(facts, gw)
    hr_step = human_rights.advise(facts)
    min_step = access.get("minimum-necessary") or minimisation.advise(facts, regime_choice, a6, p3)
    routes = {"article9": a9, "article10": a10, "part3": p3}
    relied_on = frozenset(
        {b.condition for b in a6}.union(*(Determination.route_ids(r) for r in routes.values()))
    )
    steps = [st for layer in layers for st in layer.steps]
    steps += [consent_step, conf_step, hr_step, min_step]
    steps += steps_of(facts, gw, "record", relied_on)
    flags = [f for layer in layers for f in layer.flags]
    if s.jurisdiction is not Jurisdiction.ENGLAND:
        flags.append(
            f"Jurisdiction {s.jurisdiction.value}: the curated data is written for England; "
            "law particular to this jurisdiction is not in the data, so gateways not recorded "
            "as applying here are rejected. Take local advice."
        )
    answer, reason = outcome.decide(facts, regime_choice, gw, a6, routes)
    relied = dict.fromkeys(i for layer in layers for i in layer.relies_on)
    # The minimum-necessary step rests on the minimisation principle: list it if uncertain.
    relied.update(dict.fromkeys(minimisation.principles(facts, regime_choice)))
    if statutes is not None:
        steps = [_quoted(st, statutes) for st in steps]
        consent_step, conf_step, hr_step, min_step = (
            _quoted(st, statutes) for st in (consent_step, conf_step, hr_step, min_step)
        )
    det = Determination(
        scenario=s,
        outcome=answer,
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
        golden_rules=golden_rules.advise(facts, answer),
        flags=tuple(flags),
        uncertain=_uncertain(knowledge, relied),
        provenance=Provenance(
            lawgraph_version=__version__,
            data_fingerprint=knowledge.fingerprint,
            statute_versions=tuple(
                dict.fromkeys(
                    f"{q.document}@{q.version}"
                    for st in (*steps, consent_step, conf_step, hr_step, min_step)
                    for q in st.quotes
                )
            ),
        ),
    )
    # every person the information is about, then every member of a grouping named
    det = data_subjects.cover(det, lambda other: ask(knowledge, other, expand=False))
    if not expand:
        return det
    return groupings.expand(knowledge, det, lambda member: ask(knowledge, member, expand=False))


def _quoted(st: Step, statutes: StatuteTexts) -> Step:
    quotes = tuple(q for c in st.citations if (q := statutes.quote(c)) is not None)
    return st.model_copy(update={"quotes": quotes}) if quotes else st


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
