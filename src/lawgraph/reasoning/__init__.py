"""The reasoner: `ask(knowledge, scenario)` applies the curated, cited rules to one
proposed disclosure and returns a `Determination`. It reads the knowledge layer only and
does no I/O (except `write_schemas`)."""

from __future__ import annotations

from lawgraph.reasoning.determination import (
    DecisionRecord,
    Determination,
    Outcome,
    Provenance,
    RegimeChoice,
)
from lawgraph.reasoning.engine import ask
from lawgraph.reasoning.scenario import (
    ConsentStatus,
    Context,
    HolderNotInExistenceError,
    LawNotInForceError,
    Necessity,
    Scenario,
    ScenarioError,
    Subject,
    Use,
)
from lawgraph.reasoning.schemas import write_schemas

__all__ = [
    "ConsentStatus",
    "Context",
    "DecisionRecord",
    "Determination",
    "HolderNotInExistenceError",
    "LawNotInForceError",
    "Necessity",
    "Outcome",
    "Provenance",
    "RegimeChoice",
    "Scenario",
    "ScenarioError",
    "Subject",
    "Use",
    "ask",
    "write_schemas",
]
