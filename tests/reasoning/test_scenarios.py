"""Real scenarios (tests/reasoning/scenarios/*.yaml) against the curated data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from lawgraph.knowledge import load_knowledge
from lawgraph.knowledge.loader import Knowledge
from lawgraph.reasoning import Determination, Scenario, ScenarioError, ask
from lawgraph.settings import data_dir

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(data_dir())


def _ids(routes) -> list[str] | None:  # type: ignore[no-untyped-def]
    return None if routes is None else sorted(Determination.route_ids(routes))


def test_enough_scenarios() -> None:
    assert len(SCENARIOS) >= 60


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario(path: Path, knowledge: Knowledge) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["source"].strip()
    if "expect_error" in doc:
        with pytest.raises(ScenarioError, match=doc["expect_error"]):
            ask(knowledge, Scenario.parse(doc["scenario"]))
        return
    if "data_gap" in doc:
        # The expected answer is the law's (from guidance); the curated data cannot yet
        # reach it. Reported, not hidden: passes again once the data is completed.
        try:
            _check(knowledge, doc)
        except AssertionError:
            pytest.xfail(f"data gap: {doc['data_gap']}")
        return
    _check(knowledge, doc)


def _check(knowledge: Knowledge, doc: dict[str, Any]) -> None:
    d = ask(knowledge, Scenario.parse(doc["scenario"]))
    exp = doc["expected"]
    assert d.outcome.value == exp["outcome"]
    assert d.regime.value == exp["regime"]
    assert [b.condition for b in d.article6] == exp["article6"]
    assert _ids(d.article9) == exp["article9"]
    assert _ids(d.article10) == exp["article10"]
    assert _ids(d.part3) == exp["part3"]
    assert [g.id for g in d.gateways] == exp["gateways"]
    assert sorted(g.id for g in d.rejected_gateways) == exp["rejected_gateways"]
    if "members_differing" in exp:  # a grouping name: the members whose answer differs
        differing = {m.holder: m.outcome.value for m in d.members if m.differs and m.outcome}
        assert differing == exp["members_differing"]
        assert d.depends_on_member is exp["depends_on_member"]
    assert all(st.citations for st in d.steps)
    assert d.not_legal_advice and len(d.golden_rules) == 7


def _load(name: str) -> dict[str, object]:
    doc = yaml.safe_load((Path(__file__).parent / "scenarios" / f"{name}.yaml").read_text())
    return dict(doc["scenario"])


def test_consent_trap_flags_para18(knowledge: Knowledge) -> None:
    d = ask(knowledge, Scenario.parse(_load("school-to-csc-consent-given-trap")))
    assert "dpa-sch1-para18" not in Determination.route_ids(d.article9)
    assert any("para 18" in f for f in d.flags)


def test_prospective_gateway_reason(knowledge: Knowledge) -> None:
    d = ask(knowledge, Scenario.parse(_load("nhs-trust-to-la-prospective-16LA")))
    reasons = {r.id: r.reason for r in d.rejected_gateways}
    assert "not in force until commenced" in reasons["ca2004-s16LA"]


def test_wales_flagged(knowledge: Knowledge) -> None:
    d = ask(knowledge, Scenario.parse(_load("school-to-csc-wales")))
    assert any("wales" in f for f in d.flags)


def test_uncertain_entries_reported(knowledge: Knowledge) -> None:
    d = ask(knowledge, Scenario.parse(_load("maintained-to-academy-record-duty-uncertain")))
    reported = {u.id: u.reason for u in d.uncertain}
    assert "epi2005-reg9" in reported
    assert reported["epi2005-reg9"] == knowledge.gateways["epi2005-reg9"].status_reason
    assert all(reported.values())


def test_a_proved_uk_gdpr_condition_is_not_reported_uncertain(knowledge: Knowledge) -> None:
    # Art 9(2)(g) is proved against the EU text on words the UK amendments leave unchanged,
    # and cites S.I. 2019/419 Sch 1 para 9(4) and DUAA 2025 s.72(4)(a) for the words they
    # change (issue 11; tests/knowledge/test_uk_gdpr_amendments.py).
    d = ask(knowledge, Scenario.parse(_load("school-to-csc-health-consent-refused")))
    assert "uk-gdpr-art9-2-g" in {r.condition for r in d.article9 or ()}
    assert "uk-gdpr-art9-2-g" not in {u.id for u in d.uncertain}


def test_record_jsonld_and_markdown(knowledge: Knowledge) -> None:
    d = ask(knowledge, Scenario.parse(_load("school-to-csc-health-consent-refused")))
    rec = d.record(decision="not shared: concern resolved", reasons=("parent engaged",))
    ld = rec.to_jsonld()
    assert ld["@context"]["dpv"] == "https://w3id.org/dpv#"
    assert ld["@context"]["prov"] == "http://www.w3.org/ns/prov#"
    json.dumps(ld)
    md = rec.to_markdown()
    assert "not shared" in md and "Not legal advice" in md


def test_contradiction_in_model() -> None:
    with pytest.raises(ScenarioError):
        Scenario.parse(
            {
                "discloser": "police",
                "recipient": "Police",
                "subject": "child",
                "categories": ["personal-data"],
                "purpose": "safeguarding",
                "consent": "refused",
            }
        )


def test_bad_field_is_scenario_error() -> None:
    with pytest.raises(ScenarioError, match="consent"):
        Scenario.parse(
            {
                "discloser": "police",
                "recipient": "CSC",
                "subject": "child",
                "categories": ["personal-data"],
                "purpose": "safeguarding",
                "consent": "maybe",
            }
        )


def test_s16h_request_must_be_complied_with(knowledge: Knowledge) -> None:
    # CA 2004 s.16H(2) (as inserted by CSWA 2017 s.19): "The person or body to whom a request
    # under this section is made must comply with the request"; (3) injunction; (4) use limit.
    d = ask(knowledge, Scenario.parse(_load("gp-s16h-request")))
    assert d.outcome.value == "share-on-duty"
    assert "ca2004-s16H" not in {u.id for u in d.uncertain}
    assert not any("s.16H" in f for f in d.flags)
    s16h = [st for st in d.steps if st.layer == "s16h-request"]
    assert s16h and s16h[0].settled_by_law and s16h[0].judgement is None
    assert "ukpga/2004/31/section/16H/2" in s16h[0].citations
    assert "injunction" in s16h[0].text and "only for the purpose" in s16h[0].text


def test_s16h_duty_needs_a_request(knowledge: Knowledge) -> None:
    # Without a s.16H request (context other) there is nothing to comply with: the same
    # disclosure to the safeguarding partners rests on the discloser's functions instead.
    scenario = {**_load("gp-s16h-request"), "context": "other"}
    d = ask(knowledge, Scenario.parse(scenario))
    assert d.outcome.value != "share-on-duty"
    reasons = {r.id: r.reason for r in d.rejected_gateways}
    assert "context s16h-request needed" in reasons["ca2004-s16H"]


def test_s47_duty_to_assist_only_when_called_upon(knowledge: Knowledge) -> None:
    # CA 1989 s.47(9): the s.47(11) persons must assist "if called upon by the authority" in
    # its s.47 enquiries, subject to s.47(10). A routine referral is not such a call.
    asked = ask(knowledge, Scenario.parse(_load("icb-asked-to-assist-s47-enquiry")))
    assert asked.outcome.value == "share-on-duty"
    step = next(st for st in asked.steps if "ukpga/1989/41/section/47/9" in st.citations)
    assert step.judgement and "unreasonable in all the circumstances" in step.judgement
    referral = {**_load("icb-asked-to-assist-s47-enquiry"), "context": "mash-referral"}
    d = ask(knowledge, Scenario.parse(referral))
    assert "ca1989-s47-9" in {r.id for r in d.rejected_gateways}
    assert d.outcome.value != "share-on-duty"


def test_adult_at_risk_para18_3_judged(knowledge: Knowledge) -> None:
    d = ask(knowledge, Scenario.parse(_load("care-partner-to-asc-adult-at-risk")))
    para18 = [st for st in d.steps if "ukpga/2018/12/schedule/1/paragraph/18/3" in st.citations]
    assert para18 and "at risk" in (para18[0].judgement or "")


def test_para10_policy_document_except_to_competent_authority(knowledge: Knowledge) -> None:
    # DPA Sch 1 para 10(2): no appropriate policy document needed for a disclosure to a
    # competent authority; otherwise para 5 applies.
    to_police = ask(knowledge, Scenario.parse(_load("voluntary-org-to-police-allegation")))
    assert "dpa-sch1-para5" not in Determination.route_ids(to_police.article10)
    raw = _load("voluntary-org-to-police-allegation") | {"recipient": "housing-association"}
    other = ask(knowledge, Scenario.parse(raw))
    assert "dpa-sch1-para5" in Determination.route_ids(other.article10)


def test_any_holder_power_is_no_public_task_for_private_body(knowledge: Knowledge) -> None:
    d = ask(knowledge, Scenario.parse(_load("voluntary-org-to-police-allegation")))
    assert "cda1998-s115" in [g.id for g in d.gateways]
    assert "uk-gdpr-art6-1-e" not in [b.condition for b in d.article6]


def test_commencement_pairs(knowledge: Knowledge) -> None:
    before = ask(knowledge, Scenario.parse(_load("housing-association-to-csc-before-rli")))
    after = ask(knowledge, Scenario.parse(_load("housing-association-to-csc-after-rli")))
    assert "uk-gdpr-art6-1-ea" not in [b.condition for b in before.article6]
    assert "uk-gdpr-art6-1-ea" in [b.condition for b in after.article6]
    pre = ask(knowledge, Scenario.parse(_load("police-to-school-before-s49a")))
    post = ask(knowledge, Scenario.parse(_load("police-to-school-after-s49a")))
    assert (
        "not in force until 2025-11-07"
        in {r.id: r.reason for r in pre.rejected_gateways}["daa2021-s49a"]
    )
    assert post.outcome.value == "share-on-duty"
