"""Human Rights Act 1998: Article 8 (private and family life).

The identifiers are those of the held legislation.gov.uk XML: legislation.gov.uk numbers
the Convention Articles in HRA Schedule 1 Part I as chapters, so Article 8 is
``schedule/1/part/I/chapter/7``. A test checks they exist in the held corpus.
"""

from __future__ import annotations

from lawgraph.reasoning.determination import Step
from lawgraph.reasoning.rules._common import Facts, step

__all__ = ["ARTICLE_8", "ARTICLE_8_1", "ARTICLE_8_2", "HRA_S6", "advise"]

ARTICLE_8 = "ukpga/1998/42/schedule/1/part/I/chapter/7"
ARTICLE_8_1 = ARTICLE_8 + "/paragraph/1"
ARTICLE_8_2 = ARTICLE_8 + "/paragraph/2"
HRA_S6 = "ukpga/1998/42/section/6"


def advise(facts: Facts) -> Step:
    """The Article 8 step: necessity and proportionality are left to judgement."""
    # The data's public_authority flag is the DPA 2018 s.7 test, which is not the HRA s.6
    # test, so whether s.6 binds the discloser is stated as a judgement, never settled.
    at_risk = facts.at_risk
    whose = "the child's and family's" if at_risk == "the child" else "the person's and family's"
    return step(
        "human-rights",
        "Sharing personal information interferes with the right to respect for private and "
        "family life (Article 8). A public authority must not act incompatibly with it; an "
        "interference must be in accordance with the law and necessary in a democratic "
        "society, for example to protect health or the rights of others "
        f"({at_risk}).",
        (ARTICLE_8_1, ARTICLE_8_2, HRA_S6),
        settled=False,
        judgement=(
            "Is the discloser bound by HRA s.6 for this act, and is the disclosure necessary "
            f"and proportionate to the risk to {at_risk}? Weigh {whose} privacy against "
            f"protecting {at_risk}."
        ),
    )
