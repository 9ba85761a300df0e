"""Issue 12, item 3: one applicability engine, and every consumer agrees with it.

`lawgraph.knowledge.applicability.assess` decides whether a gateway applies. The
reasoner (`ask`), the graph query (`gateways_for`) and ``lawgraph gateways`` must give
the same gateways for the same question, on dates either side of every in-force
boundary in the data. They used to disagree about the last day of a gateway's life
(the reasoner counted ``in_force_to`` as in force, the graph did not).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import lawgraph.cli.gateways_cmd  # noqa: F401  (registers the command)
from lawgraph.cli import app
from lawgraph.graph.build import GatewayGraph
from lawgraph.graph.cache import CACHE_ENV, load_graph
from lawgraph.graph.query import gateways_for, in_force_on
from lawgraph.knowledge import load_knowledge
from lawgraph.knowledge.applicability import Role, assess
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Jurisdiction
from lawgraph.knowledge.period import Period
from lawgraph.reasoning import HolderNotInExistenceError, Scenario, ask
from lawgraph.reasoning.scenario import practitioners
from lawgraph.settings import DATA_ENV, data_dir

K = load_knowledge(data_dir())


@pytest.fixture(scope="module")
def graph() -> GatewayGraph:
    return load_graph(data_dir(), [], use_cache=False)


# -- the period type ---------------------------------------------------------------------


def test_a_period_includes_both_ends() -> None:
    p = Period(dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert [d in p for d in (dt.date(2019, 12, 31), dt.date(2020, 1, 1))] == [False, True]
    assert [d in p for d in (dt.date(2020, 12, 31), dt.date(2021, 1, 1))] == [True, False]
    assert p.boundaries() == (dt.date(2020, 1, 1), dt.date(2021, 1, 1))


def test_an_inverted_period_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot end"):
        Period(dt.date(2020, 1, 2), dt.date(2020, 1, 1))


def test_holder_lifespans_are_periods() -> None:
    icb = K.lifespan("integrated-care-board")
    assert icb.period == Period(dt.date(2022, 7, 1), None)
    assert icb.exists_on(dt.date(2022, 7, 1)) and not icb.exists_on(dt.date(2022, 6, 30))


# -- the engine on real entries ------------------------------------------------------------


def _line(holder: str) -> list[str]:
    return [holder, *K.ancestors(holder)]


def test_a_prospective_gateway_is_not_in_force_on_any_date() -> None:
    prospective = [g for g in K.gateways.values() if g.commencement.value == "prospective"]
    assert prospective, "the data has prospective gateways (the CWSA 2026 insertions)"
    for g in prospective:
        holder = next(h for h in g.holders if h in K.holders)
        verdict = assess(g, holder_line=_line(holder), on=dt.date(2026, 12, 1))
        assert "prospective" in "; ".join(verdict.reasons)


def test_a_power_to_request_is_not_a_disclosure_but_connects_the_bodies() -> None:
    g = K.gateways["ca1989-s27-1"]
    holder = _line("local-authority-childrens-services")
    verdict = assess(g, holder_line=holder, recipient_line=["nhs-trust"])
    assert verdict.role is Role.REQUEST and not verdict.applies
    assert assess(g, holder_line=holder, recipient_line=["nhs-trust"], disclosure=False).applies


def test_a_gateway_for_england_does_not_apply_in_scotland() -> None:
    g = K.gateways["ca2004-s11"]
    verdict = assess(g, holder_line=_line("nhs-trust"), jurisdiction=Jurisdiction.SCOTLAND)
    assert verdict.reasons == ("it applies to england, not scotland",)


# -- the consumers agree --------------------------------------------------------------------


def _either_side(*periods: Period) -> list[dt.date]:
    """The day before and the day of each boundary of `periods`, and two ordinary days."""
    out = {dt.date(2019, 3, 1), dt.date(2026, 6, 1)}
    for period in periods:
        for b in period.boundaries():
            out.update({b - dt.timedelta(days=1), b})
    return sorted(d for d in out if d >= dt.date(2018, 5, 25))


def test_every_boundary_in_the_data_is_covered() -> None:
    """The cases below reach each in-force boundary of a gateway and each lifespan's."""
    covered = {d for *_, d in _cases(K)}
    for g in K.gateways.values():
        for b in Period.of(g).boundaries():
            if b >= dt.date(2018, 5, 26):
                assert {b - dt.timedelta(days=1), b} <= covered, g.id


def _cases(knowledge: Knowledge) -> Iterator[tuple[str, str, str, dt.date]]:
    """For every gateway: each holder and recipient it names, each purpose it serves and
    one it does not, either side of the gateway's own boundaries and the two bodies'."""
    other_purpose = sorted(knowledge.purposes)
    for g in knowledge.gateways.values():
        holders = [h for h in g.holders if h in knowledge.holders]
        recipients = [r for r in g.recipients if r in knowledge.holders] or ["local-authority"]
        # and each narrower purpose whose served_through names the gateway (issue 13)
        covered = [p.id for p in knowledge.purposes.values() if p.cover_by(g.id) is not None]
        purposes = [
            *g.purposes,
            *covered,
            next(p for p in other_purpose if p not in g.purposes and p not in covered),
        ]
        for h in holders:
            for r in recipients:
                if r == h or r in practitioners(knowledge):
                    continue
                spans = (knowledge.lifespan(h).period, knowledge.lifespan(r).period)
                for d in _either_side(Period.of(g), *spans):
                    for p in purposes:
                        yield h, r, p, d


def test_the_reasoner_and_the_graph_agree_either_side_of_every_boundary(
    graph: GatewayGraph,
) -> None:
    compared = 0
    for holder, recipient, purpose, day in _cases(K):
        scenario = Scenario(
            discloser=holder,
            recipient=recipient,
            subject="child",
            categories=("personal-data",),
            purpose=purpose,
            context="other",
            consent="refused",
            as_at=day,
        )
        try:
            answer = ask(K, scenario)
        except HolderNotInExistenceError:
            continue  # a body asked about before it existed: refused, not answered
        by_reasoner = [g.id for g in answer.gateways if g.role == Role.DISCLOSURE.value]
        by_graph = [
            gid
            for gid in gateways_for(
                graph,
                holder,
                recipient=recipient,
                purpose=purpose,
                on=day,
                jurisdiction=Jurisdiction.ENGLAND,
                context="other",
            )
            if K.gateways[gid].nature.value != "power_to_request"
        ]
        assert by_reasoner == by_graph, (holder, recipient, purpose, day)
        compared += 1
    assert compared > 500


def test_the_command_lists_what_the_graph_lists(
    graph: GatewayGraph, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(DATA_ENV, str(data_dir()))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    runner = CliRunner()
    for holder, recipient, purpose, day in [
        ("nhs-trust", "local-authority-childrens-services", "safeguarding", dt.date(2026, 6, 1)),
        ("chief-officer-of-police", "school", "domestic-abuse-notification", dt.date(2025, 11, 6)),
        ("chief-officer-of-police", "school", "domestic-abuse-notification", dt.date(2025, 11, 7)),
    ]:
        result = runner.invoke(
            app,
            [
                "gateways",
                "--holder",
                holder,
                "--to",
                recipient,
                "--purpose",
                purpose,
                "--as-at",
                day.isoformat(),
                "--json",
                "--data",
                str(data_dir()),
            ],
        )
        assert result.exit_code == 0, result.output
        listed = [g["id"] for g in json.loads(result.output)["gateways"]]
        assert listed == gateways_for(graph, holder, recipient=recipient, purpose=purpose, on=day)


def test_the_last_day_in_force_is_in_force_for_everyone(tmp_path: Path) -> None:
    """A gateway given an ``in_force_to``: in force on that day, not on the next."""
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data, ignore=shutil.ignore_patterns("research"))
    path = data / "gateways" / "children-act-2004.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    (entry,) = [g for g in doc["gateways"] if g["id"] == "ca2004-s11"]
    entry["in_force_to"] = "2030-03-31"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    knowledge = load_knowledge(data)
    built = load_graph(data, [], use_cache=False)
    for day, expected in ((dt.date(2030, 3, 31), True), (dt.date(2030, 4, 1), False)):
        assert in_force_on(built, "ca2004-s11", day) is expected
        answer = ask(
            knowledge,
            Scenario(
                discloser="nhs-trust",
                recipient="local-authority-childrens-services",
                subject="child",
                categories=("personal-data",),
                purpose="safeguarding",
                context="other",
                consent="refused",
                as_at=day,
            ),
        )
        assert ("ca2004-s11" in [g.id for g in answer.gateways]) is expected
        rejected = {r.id: r.reason for r in answer.rejected_gateways}
        if not expected:
            assert rejected["ca2004-s11"] == "ceased to be in force after 2030-03-31"


def test_a_changed_copy_of_the_knowledge_answers_from_its_own_entries(real: Knowledge) -> None:
    """What the reasoner works out once per knowledge object (the gateways a holder
    holds, each gateway's verdict on a question) is never carried into a copy made with
    other entries: a gateway taken out is gone from the copy's answers."""
    import dataclasses
    from types import MappingProxyType

    from lawgraph.reasoning import Scenario, ask

    scenario = Scenario.parse(
        {
            "discloser": "maintained-school",
            "recipient": "local-authority-childrens-services",
            "subject": "child",
            "categories": ["health-data"],
            "purpose": "safeguarding",
            "consent": "not-applicable",
            "as_at": "2026-05-01",
        }
    )
    assert "ea2002-s175" in [g.id for g in ask(real, scenario).gateways]
    assert "ea2002-s175" in [g.id for g in real.gateways_held_by("maintained-school")]
    fewer = dataclasses.replace(
        real,
        gateways=MappingProxyType({k: g for k, g in real.gateways.items() if k != "ea2002-s175"}),
    )
    assert "ea2002-s175" not in [g.id for g in fewer.gateways_held_by("maintained-school")]
    assert "ea2002-s175" not in [g.id for g in ask(fewer, scenario).gateways]
    assert "ea2002-s175" in [g.id for g in ask(real, scenario).gateways]
