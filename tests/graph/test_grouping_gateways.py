"""Issue 13, item 1: `lawgraph gateways` and the API for a grouping name say which
member is reached by a gateway the grouping is not (``--holder police --to school``
listed no DA Act 2021 s.49A, which is the chief officer of police's)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import lawgraph
import lawgraph.cli.gateways_cmd
from lawgraph.cli import app
from lawgraph.graph import load_graph, member_gateways, members_of
from lawgraph.graph.cache import CACHE_ENV
from lawgraph.settings import DATA_ENV, LEGISLATION_ENV, STATUTES_ENV
from tests.conftest import require_corpus
from tests.graph.conftest import REAL_DATA


def test_members_and_their_gateways_from_the_graph() -> None:
    g = load_graph(REAL_DATA)
    assert "chief-officer-of-police" in members_of(g, "police")
    assert members_of(g, "chief-officer-of-police") == []
    found = member_gateways(g, "teacher", recipient="police", purpose="fgm-notification")
    assert found == [("recipient", "chief-officer-of-police", ["fgma2003-s5b"])]
    # the member itself lists the duty, so nothing is beyond it
    assert member_gateways(g, "chief-officer-of-police", recipient="maintained-school") == []


def test_the_api_names_the_member_gateways() -> None:
    lg = lawgraph.load(REAL_DATA)
    assert "daa2021-s49a" not in [g.id for g in lg.gateways("police", recipient="school")]
    found = lg.member_gateways("the police", recipient="school")
    assert [(side, m, [x.id for x in gs]) for side, m, gs in found] == [
        # s.16H(1): as a safeguarding partner the chief officer may also request information
        ("holder", "chief-officer-of-police", ["ca2004-s16H-1", "daa2021-s49a"])
    ]
    asked = lg.ask(
        lawgraph.Scenario(
            discloser="the police",
            recipient="school",
            subject="child",
            categories=["criminal-offence-data"],
            purpose="domestic-abuse-notification",
            consent="not-sought-would-place-child-at-risk",
            as_at="2026-06-01",
        )
    )
    assert asked.depends_on_member
    assert "chief-officer-of-police: share-on-duty" in asked.outcome_reason


def test_the_command_names_the_member_in_the_table_and_the_json(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(LEGISLATION_ENV, str(require_corpus()))
    monkeypatch.setenv(STATUTES_ENV, str(tmp_path / "statutes"))
    monkeypatch.setenv(DATA_ENV, str(REAL_DATA))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "250")
    runner = CliRunner()
    shown = runner.invoke(app, ["gateways", "--holder", "police", "--to", "school"])
    assert shown.exit_code == 0, shown.output
    said = "its member chief-officer-of-police (as holder) is also reached by"
    assert f"{said} ca2004-s16H-1, daa2021-s49a" in " ".join(shown.output.split())
    data = json.loads(
        runner.invoke(app, ["gateways", "--holder", "police", "--to", "school", "--json"]).output
    )
    assert data["members"] == [
        {
            "side": "holder",
            "holder": "chief-officer-of-police",
            "gateways": ["ca2004-s16H-1", "daa2021-s49a"],
        }
    ]
