"""Dates before the law existed are refused (``ask``) or left out, saying why (``gateways``).

``ask --as-at 1800-01-01`` used to answer with today's UK GDPR and DPA 2018, and
``gateways --as-at 1800-01-01`` listed gateways "in force". The date the reasoner's law
begins is read from the data (the earliest in-force date it records for a DPA 2018
condition), and the held XML is checked to agree; a gateway with no in-force date is not
in force before the statute it is in can have existed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from lawgraph.graph import load_graph
from lawgraph.graph.cache import CACHE_ENV
from lawgraph.graph.query import gateways_for, in_force_on
from lawgraph.knowledge import load_knowledge
from lawgraph.knowledge.loader import Knowledge
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.enactment import enacted_no_earlier_than
from lawgraph.reasoning import LawNotInForceError, Scenario, ask
from lawgraph.reasoning.scenario import law_in_force_from
from lawgraph.settings import DATA_ENV, LEGISLATION_ENV, STATUTES_ENV
from tests.conftest import require_corpus
from tests.support.entry_point import Run, lawgraph

ROOT = Path(__file__).resolve().parents[2]
DPA = "ukpga/2018/12"


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(ROOT / "data")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("dates")
    return {
        LEGISLATION_ENV: str(require_corpus()),
        STATUTES_ENV: str(tmp / "statutes"),
        DATA_ENV: str(ROOT / "data"),
        CACHE_ENV: str(tmp / "cache"),
    }


def _scenario(day: str, recipient: str = "CSC") -> dict[str, object]:
    return {
        "discloser": "maintained-school",
        "recipient": recipient,
        "subject": "child",
        "categories": ["personal-data"],
        "purpose": "safeguarding",
        "consent": "refused",
        "as_at": day,
    }


# -- where the date comes from ---------------------------------------------------------------


def test_the_law_begins_on_the_dpa_2018_date_the_data_records(knowledge: Knowledge) -> None:
    start = law_in_force_from(knowledge)
    assert (start.date, start.document) == (dt.date(2018, 5, 25), DPA)
    assert "condition dpa-s37" in start.why and "ukpga/2018/12/section/37" in start.why
    dated = [c.in_force_from for c in knowledge.conditions.values() if c.in_force_from]
    assert start.date.isoformat() in dated


@pytest.mark.corpus
def test_the_held_xml_agrees(knowledge: Knowledge, corpus_dir: Path) -> None:
    # the condition's date is the start date the held revised XML gives its provision,
    # and the Act was enacted (ukm:EnactmentDate) before it
    start = law_in_force_from(knowledge)
    provision = start.why.split(", ")[-1].rstrip(")")
    versions = Corpus([corpus_dir]).versions(DPA)
    starts = {p.start_date for d in versions if (p := d.provision(provision)) is not None}
    assert start.date in starts
    assert all(d.enactment_date == dt.date(2018, 5, 23) for d in versions)


def test_undated_conditions_fall_back_to_the_year_of_their_statute(knowledge: Knowledge) -> None:
    # the UK GDPR conditions record no in-force dates: all the data shows is the year
    gdpr = [c for c in knowledge.conditions.values() if c.citations[0].id.startswith("eur/")]
    assert any(c.in_force_from is None for c in gdpr)
    assert enacted_no_earlier_than("eur/2016/679") == dt.date(2016, 1, 1)
    assert enacted_no_earlier_than("ukpga/Geo3/41/90") is None


# -- ask ------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["1800-01-01", "2018-05-24"])
def test_ask_before_the_law_is_refused(knowledge: Knowledge, day: str) -> None:
    with pytest.raises(LawNotInForceError) as info:
        ask(knowledge, Scenario.parse(_scenario(day)))
    assert info.value.as_at == dt.date.fromisoformat(day)
    assert info.value.start.date == dt.date(2018, 5, 25)


def test_ask_on_the_first_day_is_answered(knowledge: Knowledge) -> None:
    assert ask(knowledge, Scenario.parse(_scenario("2018-05-25"))).steps


def test_a_gateway_in_a_later_instrument_does_not_apply(knowledge: Knowledge) -> None:
    # sapr2024-reg13-4 records no in-force date; in 2023 its regulations (uksi/2024/208)
    # did not exist, so it cannot make sharing a duty
    before = ask(knowledge, Scenario.parse(_scenario("2023-06-01", "local-authority-education")))
    after = ask(knowledge, Scenario.parse(_scenario("2024-06-01", "local-authority-education")))
    assert "sapr2024-reg13-4" in {g.id for g in after.gateways}
    assert "sapr2024-reg13-4" not in {g.id for g in before.gateways}
    reasons = {r.id: r.reason for r in before.rejected_gateways}
    assert reasons["sapr2024-reg13-4"] == (
        "not in force: uksi/2024/208 dates from 2024, after 2023-06-01"
    )
    assert before.outcome.value == "may-share" and after.outcome.value == "share-on-duty"


def _one_line(run: Run) -> str:
    assert run.code == 2 and "Traceback" not in run.output, run
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run
    return lines[0]


def test_cli_ask_says_the_date_and_why(env: dict[str, str]) -> None:
    args = ["ask", "--no-texts", "--discloser", "school", "--recipient", "CSC"]
    args += ["--category", "personal-data", "--purpose", "safeguarding", "--consent", "refused"]
    line = _one_line(lawgraph(*args, "--as-at", "1800-01-01", env=env))
    assert line.startswith("lawgraph ask: cannot answer for 1800-01-01: ")
    for word in ("2018-05-25", DPA, "dpa-s37", "not in the data"):
        assert word in line


def test_cli_batch_refuses_the_line_only(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [_scenario("1800-01-01"), _scenario("2026-05-01")]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    run = lawgraph("ask", "--no-texts", "--batch", path, env=env)
    assert run.code == 1, run
    first, second = (json.loads(x) for x in run.stdout.splitlines())
    assert first["line"] == 1 and "cannot answer for 1800-01-01" in first["error"]["message"]
    assert second["line"] == 2 and second["determination"]["outcome"]


# -- gateways -------------------------------------------------------------------------------


def test_in_force_on_needs_the_statute_to_exist(knowledge: Knowledge) -> None:
    graph = load_graph(ROOT / "data", use_cache=False)
    assert knowledge.gateways["ca1989-s17"].in_force_from is None
    assert in_force_on(graph, "ca1989-s17", dt.date(2003, 6, 1))
    assert not in_force_on(graph, "ca1989-s17", dt.date(1988, 12, 31))
    council = gateways_for(graph, "local-authority-childrens-services", on=dt.date(2003, 6, 1))
    assert "ca1989-s17" in council and "ca2004-s11" not in council
    assert gateways_for(graph, "school", on=dt.date(1800, 1, 1)) == []


def test_cli_gateways_1800_lists_none_and_names_what_was_left_out(env: dict[str, str]) -> None:
    run = lawgraph("gateways", "--holder", "school", "--as-at", "1800-01-01", "--json", env=env)
    assert run.code == 0, run
    data = json.loads(run.stdout)
    assert data["gateways"] == []
    left = {u["id"]: u for u in data["not_yet_enacted"]}
    everything = json.loads(lawgraph("gateways", "--holder", "school", "--json", env=env).stdout)
    assert set(left) == {g["id"] for g in everything["gateways"]}
    assert left["sapr2024-reg13-4"] == {
        "id": "sapr2024-reg13-4",
        "document": "uksi/2024/208",
        "not_before": "2024-01-01",
    }
    table = lawgraph("gateways", "--holder", "school", "--as-at", "1800-01-01", env=env)
    assert "0 gateway(s) held by school, in force on 1800-01-01" in table.stdout
    assert "not yet law on 1800-01-01" in table.stdout
    assert "sapr2024-reg13-4 (uksi/2024/208, from 2024)" in table.stdout
