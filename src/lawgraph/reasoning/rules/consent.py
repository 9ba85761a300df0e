"""Consent advice: when not to seek it, and what consent does and does not do.

Consent is rarely the lawful basis for safeguarding sharing (the Art 6(1)(a) entry notes
it must be a real choice). Seeking it must not place the child at risk; DPA Sch 1 para
18(2)(c) recognises processing without consent where obtaining it would prejudice the
protection.
"""

from __future__ import annotations

from lawgraph.reasoning.determination import Step
from lawgraph.reasoning.rules._common import Facts, citations_of, step
from lawgraph.reasoning.scenario import ConsentStatus

__all__ = ["P18_2", "advise"]

_P18 = "ukpga/2018/12/schedule/1/paragraph/18/2/"
P18_2 = _P18


def advise(facts: Facts) -> Step:
    """The consent step."""
    s, k = facts.scenario, facts.knowledge
    art6a = citations_of(k, "uk-gdpr-art6-1-a")
    if s.consent is ConsentStatus.NOT_SOUGHT_RISK:
        return step(
            "consent",
            "Do not seek consent: seeking it would place the child at risk. The law allows "
            "processing without consent where obtaining it would prejudice the protection.",
            (_P18 + "c", *art6a),
            settled=False,
            judgement="Record why seeking consent would place the child at risk.",
        )
    if s.consent is ConsentStatus.NOT_SOUGHT_NOT_PRACTICABLE:
        return step(
            "consent",
            "Consent was not sought because it could not reasonably be obtained; consent is "
            "not the lawful basis relied on.",
            (_P18 + "b", *art6a),
            settled=False,
            judgement="Record why consent could not reasonably be obtained.",
        )
    if s.consent is ConsentStatus.CANNOT_BE_GIVEN:
        return step(
            "consent",
            "The data subject cannot give consent; consent is not the lawful basis relied on.",
            (_P18 + "a", *art6a),
            settled=False,
            judgement="Record why consent cannot be given (age, capacity, circumstances).",
        )
    if s.consent is ConsentStatus.REFUSED:
        return step(
            "consent",
            "Consent was refused. A refusal does not by itself prevent sharing where another "
            "lawful basis applies, but respect it unless the risk to the child justifies not "
            "doing so, and tell the person unless that would increase the risk.",
            art6a,
            settled=False,
            judgement="Does the risk to the child justify sharing despite the refusal?",
        )
    return step(
        "consent",
        "Consent has been given. It can be withdrawn, so do not rely on it as the lawful basis "
        "where the sharing would go ahead anyway; rely on the basis identified and treat the "
        "consent as openness with the family.",
        art6a,
        settled=False,
        judgement="Was the consent informed, specific and freely given?",
    )
