"""`lawgraph gateways` and `lawgraph export` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import lawgraph.cli.export_cmd
import lawgraph.cli.gateways_cmd  # noqa: F401  (registers the commands)
from lawgraph.cli import app
from lawgraph.graph.cache import CACHE_ENV
from lawgraph.settings import DATA_ENV, LEGISLATION_ENV, STATUTES_ENV
from tests.conftest import require_corpus
from tests.graph.conftest import REAL_DATA


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv(LEGISLATION_ENV, str(require_corpus()))
    monkeypatch.setenv(STATUTES_ENV, str(tmp_path / "statutes"))
    monkeypatch.setenv(DATA_ENV, str(REAL_DATA))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


def _json(runner: CliRunner, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["gateways", *args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def _ids(data: dict[str, object]) -> list[str]:
    gateways = data["gateways"]
    assert isinstance(gateways, list)
    return [g["id"] for g in gateways]


def test_table_lists_gateways_with_the_caveat(runner: CliRunner):
    result = runner.invoke(app, ["gateways", "--holder", "academy", "--purpose", "safeguarding"])
    assert result.exit_code == 0, result.output
    out = result.output
    # 5 + ca2004-s16H (duty of any person to comply with a s.16H request, issue 11)
    assert "6 gateway(s) held by academy, for safeguarding" in out
    assert "iss2014-sch-para7" in out and "ea2002-s175" not in out
    assert "ea2002-s157" not in out  # Wales only (EA 2002 s.158, s.171)
    # citations are shown as practitioners write them (full identifiers are in --json)
    assert "sapr2024-reg13-4" in out
    assert "13(4)" in out and "sapr2024-reg13-4/" not in out
    assert "Not legal advice" in out
    assert "uncertain" in out and "need checking" in out


def test_json_resolves_aliases_and_filters_by_date(runner: CliRunner):
    data = _json(runner, "--holder", "Children's Social Care")
    assert data["holder"] == "local-authority-childrens-services"
    everything = _ids(_json(runner, "--holder", "council"))
    assert "ca2004-s16LA" in everything
    on_date = _ids(_json(runner, "--holder", "council", "--as-at", "2026-11-21"))
    assert "ca2004-s16LA" not in on_date
    assert set(on_date) < set(everything)


def test_json_recipient_and_purpose(runner: CliRunner):
    data = _json(
        runner, "--holder", "chief constable", "--to", "academy", "--purpose", "Safeguarding"
    )
    assert data["recipient"] == "academy" and data["purpose"] == "safeguarding"
    assert "daa2021-s49a" in _ids(data)
    assert data["not_legal_advice"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--holder", "acadmy"], "did you mean: academy"),
        (["--holder", "MASH"], "is not a duty holder"),
        (["--holder", "academy", "--to", "nobody-at-all"], "--to"),
        (["--holder", "academy", "--purpose", "safegarding"], "did you mean: safeguarding"),
        (["--holder", "academy", "--as-at", "21/11/2026"], "is not a date"),
    ],
)
def test_bad_input_exits_2_with_a_reason(runner: CliRunner, args: list[str], message: str):
    result = runner.invoke(app, ["gateways", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_export_graphml_and_jsonld(runner: CliRunner, tmp_path: Path):
    graphml = tmp_path / "g.graphml"
    result = runner.invoke(app, ["export", "--format", "graphml", "--out", str(graphml)])
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(graphml).number_of_nodes() > 700
    jsonld = tmp_path / "g.jsonld"
    result = runner.invoke(app, ["export", "--format", "jsonld", "--out", str(jsonld)])
    assert result.exit_code == 0, result.output
    assert "@context" in json.loads(jsonld.read_text(encoding="utf-8"))


def test_export_rejects_an_unknown_format_and_an_unwritable_file(runner: CliRunner, tmp_path: Path):
    result = runner.invoke(app, ["export", "--format", "csv", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    result = runner.invoke(
        app, ["export", "--format", "jsonld", "--out", str(tmp_path / "missing" / "x.jsonld")]
    )
    assert result.exit_code == 2
    assert "cannot write" in result.output
