"""Necessity: the practitioner's own assessment of whether the information is necessary.

Every Article 6(1) basis except consent, (b) to (f) with (ea), is available only where the
processing is "necessary" for its end, and so are the DPA 2018 Schedule 1 conditions (para
18(1)(a) and (d) for safeguarding) and the Part 3 routes (s.35(2)(b); strict necessity under
s.35(5)). Where the practitioner judges the information not necessary (irrelevant to the
purpose, or the purpose needs none of it) none of those bases is available; consent (Art
6(1)(a)) is the only basis without a necessity test. Where the practitioner judges part of it
excessive, a basis reaches at most the necessary part. Which bases and tests these are is
``data/rules/principles.yaml`` (``necessity``).
"""

from __future__ import annotations

from lawgraph.reasoning.determination import Step
from lawgraph.reasoning.rules._common import Facts, Layer, citations_of, step
from lawgraph.reasoning.rules.tables import tables_of
from lawgraph.reasoning.scenario import ConsentStatus, Necessity

__all__ = ["minimum_necessary", "necessity_citations", "not_necessary"]


def necessity_citations(facts: Facts, *, part3: bool) -> tuple[str, ...]:
    """The provisions that make the bases conditional on necessity, from the data: each
    Art 6(1)(b)-(f) basis, and the necessity tests of Sch 1 para 18 (and of Part 3 when
    the Part 3 regime may apply)."""
    k = facts.knowledge
    spec = tables_of(facts).necessity
    cites: list[str] = []
    for cid in spec.bases:
        if cid in k.conditions:
            cites.extend(citations_of(k, cid))
    for cid in (*spec.tests_of, *(spec.part3_tests_of if part3 else ())):
        if cid in k.conditions:
            cites.extend(t.citation for t in k.conditions[cid].tests if t.necessity)
    return tuple(dict.fromkeys(cites))


def not_necessary(facts: Facts, *, part3: bool, duties: tuple[str, ...]) -> Layer:
    """The layer for information the practitioner has judged not necessary."""
    k, s = facts.knowledge, facts.scenario
    spec = tables_of(facts).necessity
    layer = Layer()
    consent_only = tuple(c for cid in spec.without_necessity for c in citations_of(k, cid))
    layer.steps.append(
        step(
            "necessity",
            "You have judged the information not necessary for the purpose (irrelevant, or the "
            "purpose needs none of it). Every lawful basis in Article 6(1)(b) to (f) and each "
            "DPA 2018 Schedule 1 condition (e.g. para 18(1)(a) and (d))"
            + (", and the Part 3 routes (s.35(2)(b), s.35(5))," if part3 else "")
            + " is available only where the processing is necessary, so none of them is "
            "available and no lawful basis is identified. Consent (Article 6(1)(a)) is the only "
            "Article 6(1) basis without a necessity test"
            + ("; in Part 3, consent under s.35(2)(a)." if part3 else "."),
            necessity_citations(facts, part3=part3)
            + consent_only
            + (spec.part3_without_necessity if part3 else ()),
            settled=True,
        )
    )
    layer.relies_on.extend(c for c in spec.bases if c in k.conditions)
    if s.consent is ConsentStatus.GIVEN:
        layer.flags.append(
            "Consent given but the information is judged not necessary: consent (Art 6(1)(a)) "
            "needs no necessity, but lawgraph does not treat it as a basis for sharing "
            "information judged irrelevant to the purpose, and the data minimisation principle "
            "(UK GDPR Art 5(1)(c), condition uk-gdpr-art5-1-c) limits any sharing to what is "
            "necessary. Take advice before relying on consent."
        )
    if duties:
        layer.flags.append(
            f"A statutory duty applies ({', '.join(duties)}), but Art 6(1)(c) reaches only "
            "processing necessary to comply with it: if the information is not necessary for "
            "that, the duty does not require it to be shared."
        )
    return layer


def minimum_necessary(facts: Facts, cites: tuple[str, ...]) -> Step:
    """The minimum-necessary step, shaped by the practitioner's assessment of necessity."""
    necessity = facts.scenario.necessity
    if necessity is Necessity.EXCESSIVE:
        return step(
            "minimum-necessary",
            "You have judged part of the information excessive for the purpose. Each lawful "
            "basis reaches only what is necessary, so share only the necessary part, with those "
            "who need it, accurately, in time and securely; the excess has no lawful basis.",
            cites,
            settled=False,
            judgement="Which part of the information is necessary for the purpose? Remove the "
            "rest before sharing, and record what was withheld and why.",
        )
    if necessity is Necessity.NOT_NECESSARY:
        return step(
            "minimum-necessary",
            "You have judged none of the information necessary for the purpose: do not share "
            "it on a basis that needs necessity; record the decision not to share and why.",
            cites,
            settled=True,
        )
    text = (
        "Share only the information necessary for the purpose, with those who need it, "
        "accurately, in time and securely: the data minimisation principle limits every "
        "disclosure to what the purpose needs, and each lawful basis reaches only what is "
        "necessary."
    )
    if necessity is Necessity.NECESSARY:
        text += " You have judged the information necessary: record why."
    return step(
        "minimum-necessary",
        text,
        cites,
        settled=False,
        judgement="What is the least information that meets the purpose?",
    )
