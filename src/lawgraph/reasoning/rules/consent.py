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


# Per consent status: what to tell the practitioner, the Sch 1 para 18(2) reason it
# matches (if any), and what they must record or decide.
_ADVICE: dict[ConsentStatus, tuple[str, str | None, str]] = {
    ConsentStatus.NOT_SOUGHT_RISK: (
        "Do not seek consent: seeking it would place the child at risk. The law allows "
        "processing without consent where obtaining it would prejudice the protection.",
        "c",
        "Record why seeking consent would place the child at risk.",
    ),
    ConsentStatus.NOT_SOUGHT_NOT_PRACTICABLE: (
        "Consent was not sought because it could not reasonably be obtained; consent is "
        "not the lawful basis relied on.",
        "b",
        "Record why consent could not reasonably be obtained.",
    ),
    ConsentStatus.CANNOT_BE_GIVEN: (
        "The data subject cannot give consent; consent is not the lawful basis relied on.",
        "a",
        "Record why consent cannot be given (age, capacity, circumstances).",
    ),
    ConsentStatus.NOT_APPLICABLE: (
        "Consent is not applicable here: it is not the lawful basis relied on, and the "
        "sharing does not wait on anyone's agreement. Another basis must then carry the "
        "disclosure; being open with the family about it is still good practice where that "
        "is safe.",
        None,
        "Record why consent is not in question (the basis relied on instead) and, if the "
        "information is confidential, what sets the duty of confidence aside.",
    ),
    ConsentStatus.REFUSED: (
        "Consent was refused. A refusal does not by itself prevent sharing where another "
        "lawful basis applies, but respect it unless the risk to {at_risk} justifies not "
        "doing so, and tell the person unless that would increase the risk.",
        None,
        "Does the risk to {at_risk} justify sharing despite the refusal?",
    ),
    ConsentStatus.GIVEN: (
        "Consent has been given. It can be withdrawn, so do not rely on it as the lawful basis "
        "where the sharing would go ahead anyway; rely on the basis identified and treat the "
        "consent as openness with the family.",
        None,
        "Was the consent informed, specific and freely given?",
    ),
}


def advise(facts: Facts) -> Step:
    """The consent step."""
    text, reason, judgement = _ADVICE[facts.scenario.consent]
    text, judgement = text.format(at_risk=facts.at_risk), judgement.format(at_risk=facts.at_risk)
    cites = citations_of(facts.knowledge, "uk-gdpr-art6-1-a")
    if reason is not None:
        cites = (_P18 + reason, *cites)
    return step("consent", text, cites, settled=False, judgement=judgement)
