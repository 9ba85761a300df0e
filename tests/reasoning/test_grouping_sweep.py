"""The grouping sweep (issue 13, item 1): every grouping holder in the taxonomy, as
discloser and as recipient, against every purpose, never gets an answer weaker (or
different) than one of its members' without saying so.

A grouping is any holder another holder is a kind of (``is_a``), found from the data, so
a grouping added to data/holders.yaml is swept too. Each member's answer is asked
independently (the member named, no expansion) and compared with what the grouping's
answer says about it. In-process, through `ask`, so the sweep stays fast.
"""

from __future__ import annotations

from functools import cache

import pytest

from lawgraph.knowledge import load_knowledge
from lawgraph.reasoning import Determination, Outcome, Scenario, ScenarioError, ask
from lawgraph.reasoning.groupings import is_grouping, members_of
from lawgraph.settings import data_dir

K = load_knowledge(data_dir())
GROUPINGS = [h for h in K.holders if is_grouping(K, h)]
PURPOSES = list(K.purposes)
# The usual counterpart: children's social care; for a grouping it belongs to (the
# local authority), the chief officer of police instead.
COUNTERPARTS = ("local-authority-childrens-services", "chief-officer-of-police")
BASE = {
    "subject": "child",
    "categories": ["health-data"],  # special category: Art 9 as well as Art 6
    "consent": "not-sought-would-place-child-at-risk",
    "in_confidence": True,
    "as_at": "2026-06-01",
}
#: Strongest first: what "weaker" means for the outcomes.
STRENGTH = [
    Outcome.SHARE_ON_DUTY,
    Outcome.MAY_SHARE,
    Outcome.MAY_SHARE_IF_JUDGEMENT,
    Outcome.NEEDS_REVIEW,
    Outcome.NO_LAWFUL_BASIS_IDENTIFIED,
]


def _counterpart(grouping: str) -> str:
    line = {grouping, *K.ancestors(grouping), *members_of(K, grouping)}
    return next(c for c in COUNTERPARTS if c not in line and grouping not in K.ancestors(c))


@cache
def _alone(discloser: str, recipient: str, purpose: str) -> Determination | None:
    try:
        scenario = Scenario.parse(
            {**BASE, "discloser": discloser, "recipient": recipient, "purpose": purpose}
        )
        return ask(K, scenario, expand=False)
    except ScenarioError:
        return None  # a member that did not exist then, or a practitioner as recipient


def test_the_taxonomy_has_the_groupings_the_issue_names() -> None:
    assert {"police", "nhs-body", "school", "local-authority", "education-provider"} <= set(
        GROUPINGS
    )


@pytest.mark.parametrize("side", ["discloser", "recipient"])
@pytest.mark.parametrize("grouping", GROUPINGS)
def test_a_grouping_is_never_silently_weaker_than_a_member(grouping: str, side: str) -> None:
    other = _counterpart(grouping)
    if side == "recipient" and K.holders[grouping].practitioner:
        pytest.skip("a practitioner is never a recipient")
    checked = 0
    for purpose in PURPOSES:
        parties = {"discloser": grouping, "recipient": other}
        if side == "recipient":
            parties = {"discloser": other, "recipient": grouping}
        d = ask(K, Scenario.parse({**BASE, **parties, "purpose": purpose}))
        said = {m.holder: m for m in d.members if m.side == side}
        own = {g.id for g in d.gateways}
        for member in members_of(K, grouping):
            if member == other:
                continue
            alone = _alone(**{**parties, side: member, "purpose": purpose})
            if alone is None:
                assert said[member].not_asked, (grouping, member, purpose)
                continue
            checked += 1
            m = said[member]
            assert m.outcome is alone.outcome, (grouping, member, purpose)
            assert m.gateways == tuple(g.id for g in alone.gateways)
            if alone.outcome is d.outcome and set(m.gateways) == own:
                continue
            # It differs: the answer must say so, in the flag, the step and (for a
            # different outcome) the conditional outcome reason.
            assert m.differs
            (flag,) = [f for f in d.flags if f"{side} '{grouping}' groups" in f]
            assert f"{member}: {alone.outcome.value}" in flag
            for g in set(m.gateways) - own:
                assert g in m.beyond_grouping and g in flag, (grouping, member, g)
            if alone.outcome is not d.outcome:
                assert d.depends_on_member
                assert d.outcome_reason.startswith("Conditional on which body is meant:")
                assert f"{member}: {alone.outcome.value}" in d.outcome_reason
            if STRENGTH.index(alone.outcome) < STRENGTH.index(d.outcome):
                # weaker than a member: the grouping step is there, judgement open
                assert any(st.layer == "grouping" and not st.settled_by_law for st in d.steps)
    assert checked, f"no member of {grouping} was asked about"
