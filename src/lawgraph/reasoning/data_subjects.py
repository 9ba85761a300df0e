"""More than one data subject: the answer covers each person the information is about.

A referral about a child often carries information about a parent too. Each person's
personal data is processed, and UK GDPR Art 6(1) makes processing lawful "only if and to
the extent that" a basis applies, so each person's information needs its own basis (and
its own Art 9 or 10 condition); the conditions can differ by person (DPA 2018 Sch 1 para
18(1)(b) protects a child or an adult at risk as para 18(3) defines one). The same
question is asked again for each other subject, and when the outcomes differ, the answer
given is the weakest, with each person's outcome named.
"""

from __future__ import annotations

from collections.abc import Callable

from lawgraph.reasoning.determination import (
    OUTCOME_STRENGTH,
    Determination,
    SubjectAnswer,
)
from lawgraph.reasoning.rules._common import step
from lawgraph.reasoning.scenario import Scenario

__all__ = ["ARTICLE_6_1", "cover"]

#: UK GDPR Art 6(1): "Processing shall be lawful only if and to the extent that ...".
ARTICLE_6_1 = "eur/2016/679/article/6/1"


def _answer(det: Determination) -> SubjectAnswer:
    def ids(routes: object) -> tuple[str, ...] | None:
        return None if routes is None else tuple(sorted(det.route_ids(routes)))  # type: ignore[arg-type]

    return SubjectAnswer(
        subject=det.scenario.subject.value,
        outcome=det.outcome,
        outcome_reason=det.outcome_reason,
        article6=tuple(b.condition for b in det.article6),
        article9=ids(det.article9),
        article10=ids(det.article10),
        citations=tuple(dict.fromkeys(c for st in det.steps for c in st.citations)),
    )


def cover(det: Determination, answer: Callable[[Scenario], Determination]) -> Determination:
    """`det` with an answer for each person the information is about.

    Args:
        det: the answer for ``scenario.subject`` (its scenario resolved).
        answer: asks the same question about another subject.

    Returns:
        `det` unchanged when the scenario names no other subject. Otherwise with
        ``subjects`` set (the subject first), a cited step on the rule that each person's
        information needs its own basis, and, when the outcomes differ, the weakest
        outcome overall with a reason naming each person's.
    """
    s = det.scenario
    if not s.other_subjects:
        return det
    answers = [_answer(det)]
    for other in s.other_subjects:
        answers.append(
            _answer(answer(s.model_copy(update={"subject": other, "other_subjects": ()})))
        )
    outcomes = {a.outcome for a in answers}
    each = "; ".join(f"{a.subject}: {a.outcome.value}" for a in answers)
    weakest = max(outcomes, key=OUTCOME_STRENGTH.index)
    text = (
        f"The information is about more than one person ({each}). Each person's information "
        "needs its own lawful basis, and its own Article 9 or 10 condition where it is special "
        "category or criminal offence data: processing is lawful only to the extent that a "
        "basis applies."
    )
    update: dict[str, object] = {"subjects": tuple(answers)}
    if len(outcomes) > 1:
        text += f" The answers differ, so the answer for all of it is the weakest, {weakest.value}."
        (worst,) = [a for a in answers if a.outcome is weakest][:1]
        update["outcome"] = weakest
        update["outcome_reason"] = (
            f"The answer differs by data subject ({each}); for all of the information it is "
            f"the weakest, {weakest.value} (for the {worst.subject}): {worst.outcome_reason}"
        )
        update["flags"] = (
            *det.flags,
            f"The information is about more than one person and the answer differs ({each}): "
            "consider sharing only the part of it each basis covers.",
        )
    judgement = "Which of the information is about which person, and is each part necessary?"
    update["steps"] = (
        *det.steps,
        step("data-subjects", text, (ARTICLE_6_1,), settled=False, judgement=judgement),
    )
    return det.model_copy(update=update)
