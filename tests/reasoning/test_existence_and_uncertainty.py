"""A body named on a date when it did not exist is refused; an answer resting only on
uncertain gateways is needs-review, saying what is open."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from types import MappingProxyType

import pytest
import yaml
from typer.testing import CliRunner

from lawgraph.cli import app
from lawgraph.cli import ask_cmd as _ask_cmd  # noqa: F401  (registers the command)
from lawgraph.knowledge import Status, load_knowledge
from lawgraph.knowledge.loader import Knowledge
from lawgraph.reasoning import (
    HolderNotInExistenceError,
    LawNotInForceError,
    Outcome,
    Scenario,
    ScenarioError,
    ask,
)
from lawgraph.settings import data_dir

SCENARIOS = Path(__file__).parent / "scenarios"
runner = CliRunner()


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(data_dir())


def _scenario(name: str, **changes: object) -> Scenario:
    doc = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))
    return Scenario.parse({**doc["scenario"], **changes})


def _raw(discloser: str, recipient: str, day: str) -> Scenario:
    return Scenario.parse(
        {
            "discloser": discloser,
            "recipient": recipient,
            "subject": "child",
            "categories": ["personal-data"],
            "purpose": "safeguarding",
            "consent": "refused",
            "as_at": day,
        }
    )


# -- a date before a body existed -------------------------------------------------------


def test_icb_before_1_july_2022_is_refused_with_the_provision(knowledge: Knowledge) -> None:
    with pytest.raises(HolderNotInExistenceError) as info:
        ask(knowledge, _raw("ICB", "CSC", "2022-06-30"))
    err = info.value
    assert isinstance(err, ScenarioError)
    assert (err.role, err.holder, err.as_at) == (
        "discloser",
        "integrated-care-board",
        dt.date(2022, 6, 30),
    )
    assert err.provision == "ukpga/2006/41/section/14Z25/1"
    assert str(err) == (
        "the discloser 'integrated-care-board' did not exist on 2022-06-30: it exists in law "
        "from 2022-07-01 (ukpga/2006/41/section/14Z25/1)"
    )


def test_icb_on_its_first_day_is_answered(knowledge: Knowledge) -> None:
    assert ask(knowledge, _raw("ICB", "CSC", "2022-07-01")).steps


def test_ccg_is_answered_until_abolition_and_refused_after(knowledge: Knowledge) -> None:
    assert ask(knowledge, _raw("CSC", "CCG", "2022-06-30")).steps
    with pytest.raises(HolderNotInExistenceError) as info:
        ask(knowledge, _raw("CSC", "CCG", "2022-07-01"))
    assert info.value.role == "recipient"
    assert info.value.provision == "uksi/2022/634/regulation/58/2/b"
    assert "no longer existed on 2022-07-01" in str(info.value)
    assert "until 2022-06-30" in str(info.value)


def test_a_derived_date_names_the_gateway_it_comes_from(knowledge: Knowledge) -> None:
    span = knowledge.lifespan("safeguarding-partners")
    assert span.start == dt.date.fromisoformat(
        knowledge.gateways["ca2004-s16E"].in_force_from or ""
    )
    assert span.start_gateway == "ca2004-s16E"
    with pytest.raises(HolderNotInExistenceError, match="the in-force date of gateway ca2004-s16E"):
        ask(knowledge, _raw("pupil-referral-unit", "safeguarding-partners", "2018-06-28"))
    assert ask(knowledge, _raw("pupil-referral-unit", "safeguarding-partners", "2018-06-29")).steps


def test_the_panel_exists_from_s16a(knowledge: Knowledge) -> None:
    span = knowledge.lifespan("child-safeguarding-practice-review-panel")
    assert (span.start, span.start_provision) == (
        dt.date(2018, 6, 29),
        "ukpga/2004/31/section/16A/1",
    )


def test_holders_without_dates_exist_on_any_date(knowledge: Knowledge) -> None:
    for holder in ("maintained-school", "local-authority-childrens-services"):
        assert knowledge.lifespan(holder).exists_on(dt.date(1995, 1, 1))
    # so a 1995 question is refused for the law, which did not yet exist, not for the holders
    with pytest.raises(LawNotInForceError):
        ask(knowledge, _raw("maintained-school", "CSC", "1995-01-01"))
    assert ask(knowledge, _raw("maintained-school", "CSC", "2018-05-25")).steps


def test_existence_citations_are_the_holders_own(knowledge: Knowledge) -> None:
    for holder in knowledge.holders.values():
        for ex in (holder.exists_from, holder.exists_until):
            if ex is not None and ex.citation is not None:
                assert ex.citation in {c.id for c in holder.citations}, holder.id


def test_cli_exits_2_with_one_line_naming_holder_date_and_provision() -> None:
    args = ["ask", "--discloser", "CSC", "--recipient", "CCG", "--category", "personal-data"]
    args += ["--purpose", "safeguarding", "--consent", "refused", "--as-at", "2024-04-01"]
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith("lawgraph ask: ")
    for word in ("clinical-commissioning-group", "2024-04-01", "uksi/2022/634/regulation/58/2/b"):
        assert word in line


# -- an answer resting only on uncertain gateways ----------------------------------------


def _with_uncertain(knowledge: Knowledge, gateway_id: str, reason: str) -> Knowledge:
    """The real knowledge with one gateway marked uncertain (to exercise the rule)."""
    gateways = dict(knowledge.gateways)
    gateways[gateway_id] = gateways[gateway_id].model_copy(
        update={"status": Status.UNCERTAIN, "status_reason": reason}
    )
    return dataclasses.replace(knowledge, gateways=MappingProxyType(gateways))


_DOUBT = "Suppose the 2014 Regulations' Schedule paragraph 7 could not be read."


def test_academy_public_task_rests_on_the_verified_independent_school_standard(
    knowledge: Knowledge,
) -> None:
    # Regression (issue 11): an English academy's welfare function is the independent school
    # standard (SI 2014/3283 Sch para 7, prescribed under ESA 2008 s.94 by reg 3(1)), not
    # EA 2002 s.157, which now applies to independent schools in Wales only (s.158, s.171).
    d = ask(knowledge, _scenario("academy-to-csc-independent-school-standard"))
    assert d.outcome is Outcome.MAY_SHARE
    assert [b.supported_by for b in d.article6] == [("iss2014-sch-para7",)]
    assert knowledge.gateways["iss2014-sch-para7"].status is Status.VERIFIED
    assert "ea2002-s157" not in {g.id for g in d.gateways}
    assert "iss2014-sch-para7" not in {u.id for u in d.uncertain}


def test_an_answer_resting_only_on_an_uncertain_function_is_needs_review(
    knowledge: Knowledge,
) -> None:
    doubtful = _with_uncertain(knowledge, "iss2014-sch-para7", _DOUBT)
    d = ask(doubtful, _scenario("academy-to-csc-independent-school-standard"))
    assert d.outcome is Outcome.NEEDS_REVIEW
    assert d.outcome_reason.startswith("What is open: ")
    assert "iss2014-sch-para7" in d.outcome_reason
    assert _DOUBT[:60] in d.outcome_reason
    assert [b.supported_by for b in d.article6] == [("iss2014-sch-para7",)]
    assert "iss2014-sch-para7" in {u.id for u in d.uncertain}


def test_a_basis_independent_of_the_gateway_carries_the_answer(knowledge: Knowledge) -> None:
    # In an emergency vital interests (Art 6(1)(d)) rests on no gateway, so a doubt about
    # the academy's function does not decide the outcome; it is still listed as uncertain.
    doubtful = _with_uncertain(knowledge, "iss2014-sch-para7", _DOUBT)
    d = ask(doubtful, _scenario("school-to-csc-emergency"))
    assert doubtful.holders[d.scenario.discloser].id == "academy"
    assert "uk-gdpr-art6-1-d" in [b.condition for b in d.article6]
    assert d.outcome is Outcome.MAY_SHARE_IF_JUDGEMENT
    assert "iss2014-sch-para7" in {u.id for u in d.uncertain}


def test_a_verified_gateway_beside_an_uncertain_one_carries_the_answer(
    knowledge: Knowledge,
) -> None:
    # Maintained school: Art 6(1)(e) rests on ea2002-s175 (verified), so an uncertain
    # gateway elsewhere in the answer does not make it needs-review.
    d = ask(knowledge, _scenario("maintained-school-to-csc-s47-enquiry"))
    assert d.outcome is Outcome.MAY_SHARE_IF_JUDGEMENT
    assert knowledge.gateways["ea2002-s175"].status.value == "verified"


def test_a_non_public_body_keeps_legitimate_interests(knowledge: Knowledge) -> None:
    # A voluntary organisation relies on (f)/(ea), not on the uncertain s.115 power.
    d = ask(knowledge, _scenario("voluntary-org-to-police-allegation"))
    assert d.outcome is not Outcome.NEEDS_REVIEW
