"""The practitioner's own assessment of necessity (`Scenario.necessity`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from lawgraph.cli import app
from lawgraph.cli import ask_cmd as _ask_cmd  # noqa: F401  (registers the command)
from lawgraph.knowledge import load_knowledge
from lawgraph.knowledge.loader import Knowledge
from lawgraph.reasoning import Necessity, Outcome, Scenario, ScenarioError, ask
from lawgraph.settings import data_dir

SCENARIOS = Path(__file__).parent / "scenarios"
P18 = "ukpga/2018/12/schedule/1/paragraph/18/1/"


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(data_dir())


def _load(name: str, **changes: Any) -> Scenario:
    doc = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))
    return Scenario.parse({**doc["scenario"], **changes})


def test_default_is_unknown_and_unknown_changes_nothing(knowledge: Knowledge) -> None:
    base = _load("police-to-school-after-s49a")
    assert base.necessity is Necessity.UNKNOWN
    a = ask(knowledge, base)
    b = ask(knowledge, _load("police-to-school-after-s49a", necessity="unknown"))
    assert a == b
    assert a.outcome is Outcome.SHARE_ON_DUTY


def test_necessary_keeps_the_outcome(knowledge: Knowledge) -> None:
    d = ask(knowledge, _load("police-to-school-after-s49a", necessity="necessary"))
    assert d.outcome is Outcome.SHARE_ON_DUTY
    assert "judged the information necessary" in d.minimum_necessary.text


def test_not_necessary_cites_the_necessity_tests(knowledge: Knowledge) -> None:
    d = ask(knowledge, _load("school-to-csc-irrelevant-data-not-necessary"))
    assert d.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED
    [nec] = [st for st in d.steps if st.layer == "necessity"]
    assert nec.settled_by_law and nec.judgement is None
    for cite in (
        "eur/2016/679/article/6/1/b",
        "eur/2016/679/article/6/1/f",
        "ukpga/2018/12/section/8",
        P18 + "a",
        P18 + "d",
        "eur/2016/679/article/6/1/a",
    ):
        assert cite in nec.citations
    assert "Consent (Article 6(1)(a)) is the only" in nec.text
    assert not any(st.layer == "article6" for st in d.steps)


def test_not_necessary_overrides_a_duty_and_flags_it(knowledge: Knowledge) -> None:
    d = ask(knowledge, _load("police-to-school-after-s49a", necessity="not-necessary"))
    assert d.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED
    assert d.article6 == ()
    assert any("daa2021-s49a" in f for f in d.flags)


def test_not_necessary_with_consent_flags_consent(knowledge: Knowledge) -> None:
    d = ask(knowledge, _load("charity-to-csc-health-consent-given-not-necessary"))
    assert d.article9 == ()
    assert any("Consent given but the information is judged not necessary" in f for f in d.flags)


def test_not_necessary_part3_cites_s35(knowledge: Knowledge) -> None:
    # Issue 13, item 6: a council telling the police is now UK GDPR sharing, so Part 3 is
    # shown on a police disclosure in an investigation (Part 3), judged not necessary.
    d = ask(knowledge, _load("police-part3-safeguarding-sensitive", necessity="not-necessary"))
    [nec] = [st for st in d.steps if st.layer == "necessity"]
    assert "ukpga/2018/12/section/35/2/b" in nec.citations
    assert "ukpga/2018/12/section/35/2/a" in nec.citations
    assert d.part3 == ()


def test_excessive_limits_to_the_necessary_part(knowledge: Knowledge) -> None:
    d = ask(knowledge, _load("police-to-school-s49a-excessive"))
    assert d.outcome is Outcome.MAY_SHARE_IF_JUDGEMENT
    assert "necessary" in d.outcome_reason
    assert "excessive" in d.minimum_necessary.text
    assert d.minimum_necessary.judgement and "necessary" in d.minimum_necessary.judgement
    assert d.minimum_necessary in d.steps
    assert "eur/2016/679/article/6/1/c" in d.minimum_necessary.citations


def test_excessive_does_not_create_a_basis(knowledge: Knowledge) -> None:
    d = ask(knowledge, _load("csc-research-no-basis", necessity="excessive"))
    assert d.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED


def test_bad_necessity_value() -> None:
    with pytest.raises(ScenarioError, match="necessity"):
        _load("csc-research-no-basis", necessity="maybe")


def test_cli_necessity_flag() -> None:
    args = ["ask", "--discloser", "maintained school", "--recipient", "CSC"]
    args += ["--category", "personal-data", "--purpose", "safeguarding", "--consent"]
    args += ["refused", "--as-at", "2026-05-01", "--no-texts"]
    res = CliRunner().invoke(app, [*args, "--necessity", "not-necessary"])
    assert res.exit_code == 0, res.output
    assert "lawgraph found no lawful basis for maintained school" in res.output
    assert "Is sharing necessary (settled by law)" in res.output
    res = CliRunner().invoke(app, [*args, "--necessity", "sometimes"])
    assert res.exit_code == 2
