"""Which regime governs: UK GDPR with DPA 2018 Part 2, or Part 3 (law enforcement).

Part 3 applies to a competent authority processing for a law enforcement purpose (DPA
2018 ss.30-31, entries ``dpa-s30`` and ``dpa-s31``). Where the data says the discloser's
competent-authority status ``depends``, the practitioner must choose.
"""

from __future__ import annotations

from lawgraph.reasoning.determination import RegimeChoice
from lawgraph.reasoning.rules._common import Facts, Layer, citations_of, step
from lawgraph.reasoning.scenario import Context

__all__ = ["S31", "decide"]

#: DPA 2018 s.31, the law enforcement purposes: a purpose is one when the data says it
#: falls within s.31 (``Purpose.within``), and may be one when it says so on some facts.
S31 = "dpa-s31"


def decide(facts: Facts) -> tuple[RegimeChoice, Layer]:
    """The regime and the step explaining it."""
    k, s = facts.knowledge, facts.scenario
    layer = Layer(relies_on=["dpa-s30", "dpa-s31"])
    cites = citations_of(k, "dpa-s30") + citations_of(k, "dpa-s31")
    law_enforcement = facts.within(S31) or s.context is Context.POLICE_INVESTIGATION
    ca = facts.discloser.competent_authority
    if law_enforcement and ca is True:
        layer.steps.append(
            step(
                "regime",
                f"{facts.discloser.name} is a competent authority and the purpose is a law "
                "enforcement purpose, so DPA 2018 Part 3 governs the disclosure, not the UK GDPR.",
                cites,
                settled=True,
            )
        )
        return RegimeChoice.PART3, layer
    if law_enforcement and ca == "depends":
        layer.steps.append(
            step(
                "regime",
                f"Whether {facts.discloser.name} is a competent authority depends on the body "
                "and the function (the data records 'depends'), so either Part 3 or the UK "
                "GDPR may govern.",
                cites,
                settled=False,
                judgement="Is the discloser acting as a competent authority (DPA 2018 s.30, "
                "Sch 7) for a law enforcement purpose (s.31)? Take advice and record the choice.",
            )
        )
        layer.flags.append("Regime not settled: competent-authority status depends on the body.")
        return RegimeChoice.EITHER, layer
    if not law_enforcement and facts.may_be_within(S31) and ca is not False:
        layer.steps.append(
            step(
                "regime",
                f"The purpose {s.purpose!r} may be a law enforcement purpose (DPA 2018 s.31) "
                f"when {facts.discloser.name} pursues it as a competent authority, so either "
                "Part 3 or the UK GDPR may govern.",
                cites,
                settled=False,
                judgement="Is this processing for the prevention of criminal offences or the "
                "execution of criminal penalties (s.31), by a competent authority (s.30)? "
                "Take advice and record the choice.",
            )
        )
        layer.flags.append(
            f"Regime not settled: purpose {s.purpose!r} may be a law enforcement purpose."
        )
        return RegimeChoice.EITHER, layer
    why = (
        "the purpose is not a law enforcement purpose"
        if not law_enforcement
        else f"{facts.discloser.name} is not recorded as a competent authority"
    )
    layer.steps.append(
        step(
            "regime",
            f"The UK GDPR with DPA 2018 Part 2 governs: {why}, so Part 3 does not apply.",
            cites,
            settled=True,
        )
    )
    if ca is True:
        # Police data gathered for law enforcement and shared for safeguarding changes
        # purpose; DPA s.36(4) allows that only where authorised by law.
        layer.relies_on.append("dpa-s36")
        layer.steps.append(
            step(
                "regime",
                "Information a competent authority collected for a law enforcement purpose "
                "may be processed for another purpose, such as safeguarding, only if that is "
                "authorised by law.",
                citations_of(k, "dpa-s36"),
                settled=False,
                judgement="Identify the law that authorises the use for this purpose.",
            )
        )
    return RegimeChoice.UK_GDPR, layer
