"""The public API: what `import lawgraph` offers, complete and in order."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import types

import lawgraph


def test_all_is_sorted_and_names_only_what_exists():
    assert lawgraph.__all__ == sorted(lawgraph.__all__)
    for name in lawgraph.__all__:
        assert hasattr(lawgraph, name), name


def test_every_public_class_and_function_is_in_all():
    public = {
        name
        for name in dir(lawgraph)
        if not name.startswith("_")
        and not isinstance(getattr(lawgraph, name), types.ModuleType)
        and name not in ("annotations", "importlib", "TYPE_CHECKING", "Any")
    }
    assert public | {"__version__"} == set(lawgraph.__all__)


def test_importing_lawgraph_loads_no_layer():
    """`import lawgraph` is cheap: each public name loads its module on first use."""
    code = (
        "import sys, lawgraph\n"
        "layers = ('lxml', 'networkx', 'pydantic', 'lawgraph.api')\n"
        "heavy = [m for m in layers if m in sys.modules]\n"
        "print(heavy)\n"
        "lawgraph.Scenario\n"
        "print('lawgraph.reasoning' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "True"]


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
