"""Shared pieces of the rules: the resolved facts, layer results and citation look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field

from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import DutyHolder, TriState
from lawgraph.reasoning.determination import ConditionRoute, Step
from lawgraph.reasoning.scenario import Context, Scenario

__all__ = [
    "SCH1_PARA10",
    "Facts",
    "Layer",
    "citations_of",
    "para10_policy",
    "route",
    "step",
    "test_citations",
]

#: DPA 2018 Sch 1 para 10: the crime condition, whose purpose words decide `Facts.crime`.
SCH1_PARA10 = "dpa-sch1-para10"


@dataclass(frozen=True)
class Facts:
    """A resolved scenario with what the rules need to know about it."""

    knowledge: Knowledge
    scenario: Scenario
    discloser: DutyHolder
    recipient: DutyHolder
    discloser_line: frozenset[str]
    recipient_line: frozenset[str]
    categories: frozenset[str]

    @classmethod
    def build(cls, knowledge: Knowledge, scenario: Scenario) -> Facts:
        """Facts for an already resolved scenario (canonical holder ids)."""
        d = knowledge.holders[scenario.discloser]
        r = knowledge.holders[scenario.recipient]
        cats: set[str] = set()
        queue = list(scenario.categories)
        while queue:
            c = queue.pop()
            if c not in cats:
                cats.add(c)
                queue.extend(knowledge.categories[c].is_a)
        return cls(
            knowledge=knowledge,
            scenario=scenario,
            discloser=d,
            recipient=r,
            discloser_line=frozenset({d.id, *knowledge.ancestors(d.id)}),
            recipient_line=frozenset({r.id, *knowledge.ancestors(r.id)}),
            categories=frozenset(cats),
        )

    @property
    def special(self) -> bool:
        """Special category data is among the categories."""
        return "special-category-data" in self.categories

    @property
    def criminal(self) -> bool:
        """Criminal offence data (including allegations) is among the categories."""
        return "criminal-offence-data" in self.categories

    def within(self, condition_id: str) -> bool:
        """The purpose falls within the purpose that condition states (``Purpose.within``)."""
        return condition_id in self.knowledge.purposes[self.scenario.purpose].within

    def may_be_within(self, condition_id: str) -> bool:
        """The purpose falls within that condition's purpose on some facts only."""
        return condition_id in self.knowledge.purposes[self.scenario.purpose].may_be_within

    @property
    def crime(self) -> bool:
        """The purpose is preventing or detecting unlawful acts (DPA Sch 1 para 10(1)(a)),
        or the disclosure is to a police investigation."""
        return self.within(SCH1_PARA10) or self.scenario.context is Context.POLICE_INVESTIGATION

    @property
    def discloser_public(self) -> TriState:
        """Whether the discloser is a public authority (DPA 2018 s.7) per the data."""
        return self.discloser.public_authority


@dataclass
class Layer:
    """What one rule found: its steps, the data entries it relied on, and flags."""

    steps: list[Step] = field(default_factory=list)
    relies_on: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def citations_of(knowledge: Knowledge, entry_id: str) -> tuple[str, ...]:
    """The identifiers a condition or gateway entry cites, in order, without repeats."""
    entry = knowledge.conditions.get(entry_id) or knowledge.gateways[entry_id]
    return tuple(dict.fromkeys(c.id for c in entry.citations))


def para10_policy(facts: Facts) -> tuple[str, ...]:
    """What DPA Sch 1 para 10 needs besides itself: the appropriate policy document of
    para 5, except for a disclosure to a competent authority (para 10(2))."""
    return () if facts.recipient.competent_authority is True else ("dpa-sch1-para5",)


def test_citations(knowledge: Knowledge, condition_id: str, prefix: str) -> tuple[str, ...]:
    """The citations of a condition's tests whose identifier starts with `prefix`."""
    cond = knowledge.conditions[condition_id]
    return tuple(dict.fromkeys(t.citation for t in cond.tests if t.citation.startswith(prefix)))


def route(
    knowledge: Knowledge, condition_id: str, requires: tuple[str, ...], why: str
) -> ConditionRoute:
    """A route through `condition_id`, citing it and everything it requires."""
    cites: list[str] = []
    for cid in (condition_id, *requires):
        cites.extend(citations_of(knowledge, cid))
    return ConditionRoute(
        condition=condition_id,
        title=knowledge.conditions[condition_id].title,
        requires=requires,
        why=why,
        citations=tuple(dict.fromkeys(cites)),
    )


def step(
    layer: str,
    text: str,
    citations: tuple[str, ...],
    *,
    settled: bool,
    judgement: str | None = None,
) -> Step:
    """A `Step` (a helper so rules read as prose)."""
    return Step(
        layer=layer,
        text=text,
        citations=tuple(dict.fromkeys(citations)),
        settled_by_law=settled,
        judgement=judgement,
    )


def route_step(layer: str, label: str, r: ConditionRoute, judgement: str) -> Step:
    """The step for a route through a condition: left to the practitioner to check."""
    needs = f" with {', '.join(r.requires)}" if r.requires else ""
    return step(
        layer,
        f"{label}: {r.title}{needs}: {r.why}.",
        r.citations,
        settled=False,
        judgement=judgement,
    )
