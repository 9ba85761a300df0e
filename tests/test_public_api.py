"""The public API: what `import lawgraph` offers, complete and in order."""

from __future__ import annotations

import datetime as dt
import types

import lawgraph


def test_all_is_sorted_and_names_only_what_exists():
    assert lawgraph.__all__ == sorted(lawgraph.__all__)
    for name in lawgraph.__all__:
        assert hasattr(lawgraph, name), name


def test_every_public_class_and_function_is_in_all():
    public = {
        name
        for name, value in vars(lawgraph).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name != "annotations"
    }
    assert public | {"__version__"} == set(lawgraph.__all__)


def test_the_version_is_the_installed_metadata():
    import importlib.metadata

    assert lawgraph.__version__ == importlib.metadata.version("lawgraph")


def test_load_answers_the_three_questions():
    lg = lawgraph.load()
    answer = lg.provision("Sch 1 para 18 DPA 2018", dt.date(2026, 6, 1))
    assert answer.status is lawgraph.InForce.IN_FORCE
    held = [g.id for g in lg.gateways("chief constable", purpose="safeguarding")]
    assert "ca2004-s11" in held
    scenario = lawgraph.Scenario(
        discloser="maintained school",
        recipient="children's social care",
        subject="child",
        categories=["health-data"],
        purpose="safeguarding",
        context="mash-referral",
        consent="refused",
        in_confidence=True,
        as_at=dt.date(2026, 5, 1),
    )
    det = lg.ask(scenario)
    assert det.outcome.value == "may-share-if-judgement"
    # the module-level shortcut loads the same data and gives the same answer
    assert lawgraph.ask(scenario) == det
