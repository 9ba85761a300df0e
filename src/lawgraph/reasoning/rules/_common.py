"""Shared pieces of the rules: the resolved facts, layer results and citation look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field

from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import DutyHolder, Gateway, Purpose, TriState
from lawgraph.reasoning.determination import Step
from lawgraph.reasoning.scenario import Scenario, Use

__all__ = [
    "Facts",
    "Layer",
    "citations_of",
    "step",
]


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
    #: the purposes the scenario's purpose is a kind of (``Purpose.is_a``, transitively)
    purpose_is_a: frozenset[str] = frozenset()

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
            purpose_is_a=frozenset(knowledge.purpose_ancestors(scenario.purpose)),
        )

    @property
    def purpose(self) -> Purpose:
        """The scenario's purpose entry."""
        return self.knowledge.purposes[self.scenario.purpose]

    @property
    def at_risk(self) -> str:
        """Who the purpose protects, as the answer names them (``Purpose.person_at_risk``;
        the child, for the children's safeguarding lawgraph is for)."""
        return self.purpose.person_at_risk or "the child"

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
    def onward(self) -> bool:
        """A new use inside the organisation that holds the information (``onward-use``)."""
        return self.scenario.use is Use.ONWARD_USE

    @property
    def requester_is_subject(self) -> bool:
        """The recipient is a private person who is the data subject (``is_subject``)."""
        return self.recipient.is_subject == self.scenario.subject.value

    @property
    def subject_access(self) -> bool:
        """The question is the data subject's right of access, not a disclosure: asked as
        ``subject-access``, or a "disclosure" to the data subject themselves."""
        use = self.scenario.use
        return use is Use.SUBJECT_ACCESS or (use is Use.DISCLOSURE and self.requester_is_subject)

    @property
    def received_under(self) -> Gateway | None:
        """The gateway an onward use's information came in under, when given."""
        gid = self.scenario.received_under
        return None if gid is None else self.knowledge.gateways[gid]

    @property
    def outside_use_limit(self) -> bool:
        """The information came in under a gateway whose use limit excludes the new purpose."""
        g = self.received_under
        return (
            g is not None
            and g.use_limit is not None
            and self.scenario.purpose not in (g.usable_for())
        )

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
