"""Issue 13, items 4-6: people as recipients, onward use, and the regime choice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from lawgraph.knowledge import load_knowledge
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import DutyHolder
from lawgraph.reasoning import Outcome, RegimeChoice, Scenario, ScenarioError, ask
from lawgraph.reasoning.determination import Determination
from lawgraph.settings import data_dir

SCENARIOS = Path(__file__).parent / "scenarios"


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(data_dir())


def _ask(k: Knowledge, name: str, **changes: Any) -> Determination:
    doc = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))
    return ask(k, Scenario.parse({**doc["scenario"], **changes}))


def _cites(d: Determination) -> set[str]:
    return {c for st in d.steps for c in st.citations}


def test_private_persons_are_told_apart_by_a_holder_field(knowledge: Knowledge) -> None:
    people = {h.id for h in knowledge.holders.values() if h.private_person}
    assert {"child-in-person", "parent-with-parental-responsibility"} <= people
    assert not any(knowledge.holders[p].practitioner for p in people)
    with pytest.raises(ValueError, match="not both"):
        DutyHolder.model_validate(
            {**knowledge.holders["family-member"].model_dump(), "practitioner": True}
        )


def test_a_parents_request_for_child_abuse_data_cites_sch3_para21(knowledge: Knowledge) -> None:
    d = _ask(knowledge, "person-parent-sar-child-abuse-data")
    assert d.outcome is Outcome.SUBJECT_ACCESS_REQUEST
    assert d.article6 == () and d.article9 is None and d.article10 is None
    assert "ukpga/2018/12/schedule/3/paragraph/21/2" in _cites(d)
    assert "ukpga/2018/12/schedule/2/paragraph/16/1" in _cites(d)
    # the same request in Scotland: para 21 does not apply there (para 21(5))
    scot = _ask(knowledge, "person-parent-sar-child-abuse-data", jurisdiction="scotland")
    assert "ukpga/2018/12/schedule/3/paragraph/21/2" not in _cites(scot)


def test_information_given_to_the_data_subject_is_their_own_access(knowledge: Knowledge) -> None:
    d = _ask(knowledge, "person-child-told-own-information-is-sar")
    assert d.outcome is Outcome.SUBJECT_ACCESS_REQUEST
    assert "ukpga/2018/12/schedule/3/paragraph/5/1" in _cites(d)  # health: serious harm
    other = _ask(knowledge, "person-child-told-own-information-is-sar", subject="parent")
    assert other.outcome is not Outcome.SUBJECT_ACCESS_REQUEST  # a third party now
    assert "ukpga/2018/12/schedule/2/paragraph/5/3" in _cites(other)


def test_s16h_use_limit_refuses_a_new_purpose_outside_it(knowledge: Knowledge) -> None:
    d = _ask(knowledge, "onward-s16h-information-for-research-refused")
    assert d.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED
    assert "ukpga/2004/31/section/16H/4" in _cites(d)
    assert any("Use limit" in f for f in d.flags)
    within = _ask(
        knowledge, "onward-s16h-information-for-research-refused", purpose="practice-review"
    )
    assert not any("Use limit" in f for f in within.flags)


def test_compatibility_is_art_6_4_before_duaa_and_art_8a_after(knowledge: Knowledge) -> None:
    before = _ask(knowledge, "onward-before-duaa-article-6-4")
    after = _ask(knowledge, "onward-before-duaa-article-6-4", as_at="2026-05-01")
    assert "eur/2016/679/article/6/4" in _cites(before)
    assert "ukpga/2025/18/section/71/5" not in _cites(before)
    assert "ukpga/2025/18/section/71/5" in _cites(after)
    assert after.outcome is Outcome.MAY_SHARE_IF_JUDGEMENT


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"use": "disclosure", "received_under": "ca2004-s16H"}, "only with use: onward-use"),
        ({"use": "onward-use", "received_under": "ca2004-s16h-typo"}, "not a gateway id"),
    ],
)
def test_onward_fields_are_checked(
    knowledge: Knowledge, changes: dict[str, Any], message: str
) -> None:
    doc = yaml.safe_load((SCENARIOS / "onward-gp-direct-care-to-safeguarding.yaml").read_text())
    raw = {**doc["scenario"], **changes}
    if changes.get("use") == "disclosure":
        raw["recipient"] = "children's social care"
        raw.pop("original_purpose")
    with pytest.raises(ScenarioError, match=message):
        ask(knowledge, Scenario.parse(raw))


def test_a_council_telling_the_police_is_uk_gdpr_sharing(knowledge: Knowledge) -> None:
    d = _ask(knowledge, "regime-council-to-police-public-protection")
    assert d.regime is RegimeChoice.UK_GDPR and d.part3 is None
    (regime,) = [st for st in d.steps if st.layer == "regime"]
    assert not regime.settled_by_law and "ukpga/2018/12/section/30/1" in regime.citations
    # the same body, not telling a competent authority, still has the choice
    housing = _ask(
        knowledge, "regime-council-to-police-public-protection", recipient="housing association"
    )
    assert housing.regime is RegimeChoice.EITHER


def test_police_sharing_for_safeguarding_gets_the_choice_flagged(knowledge: Knowledge) -> None:
    d = _ask(knowledge, "regime-police-safeguarding-choice-flagged")
    assert d.regime is RegimeChoice.UK_GDPR
    assert any(f.startswith("Regime choice") for f in d.flags)
    (regime,) = [st for st in d.steps if st.layer == "regime"]
    assert any(c.startswith("ukpga/2018/12/schedule/8/paragraph/4/") for c in regime.citations)
    assert regime.judgement and "s.36(4)" in regime.judgement


def test_a_scenario_file_asks_about_an_onward_use_without_a_recipient() -> None:
    from typer.testing import CliRunner

    from lawgraph.cli import app
    from lawgraph.cli import ask_cmd as _ask_cmd  # noqa: F401  (registers the command)

    path = SCENARIOS / "onward-s16h-information-for-research-refused.yaml"
    body = yaml.safe_load(path.read_text(encoding="utf-8"))["scenario"]
    assert "recipient" not in body
    text = json.dumps(body)  # standard input is read as JSON
    res = CliRunner().invoke(app, ["ask", "--file", "-", "--json"], input=text)
    assert res.exit_code == 0, res.output
    answer = json.loads(res.output)
    assert answer["outcome"] == "no-lawful-basis-identified"
    assert answer["scenario"]["use"] == "onward-use"
    assert answer["scenario"]["recipient"] == answer["scenario"]["discloser"]
    bad = CliRunner().invoke(
        app, ["ask", "--file", "-"], input=text.replace("onward-use", "disclosure")
    )
    assert bad.exit_code == 2 and "recipient" in bad.output


def _flags(body: dict[str, Any]) -> list[str]:
    """The ``lawgraph ask`` flags that say what a scenario file says."""
    out: list[str] = []
    for key, value in body.items():
        flag = {"categories": "--category", "other_subjects": "--other-subject"}.get(
            key, "--" + key.replace("_", "-")
        )
        if isinstance(value, bool):
            out += [flag] if value else []
        elif isinstance(value, list):
            for item in value:
                out += [flag, str(item)]
        else:
            out += [flag, str(value)]
    return out


@pytest.mark.parametrize(
    ("name", "other_subjects"),
    [
        ("onward-s16h-information-for-research-refused", None),
        ("onward-before-duaa-article-6-4", None),
        ("person-academy-parent-sar-education-record", None),
        ("foundation-trust-parent-mental-health", ["child"]),
    ],
)
def test_the_flags_ask_what_a_scenario_file_asks(
    knowledge: Knowledge, name: str, other_subjects: list[str] | None
) -> None:
    """--use, --received-under, --original-purpose and --other-subject give the command
    line every field a scenario file has, with the same answer."""
    from typer.testing import CliRunner

    from lawgraph.cli import app
    from lawgraph.cli import ask_cmd as _ask_cmd  # noqa: F401  (registers the command)

    body = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))["scenario"]
    if other_subjects:
        body = {**body, "other_subjects": other_subjects}
    res = CliRunner().invoke(app, ["ask", *_flags(body), "--json"])
    assert res.exit_code == 0, res.output
    answer = json.loads(res.output)
    expected = ask(knowledge, Scenario.parse(body)).model_dump(mode="json")
    for field in ("outcome", "regime", "scenario", "article6", "gateways"):
        assert answer[field] == expected[field], field
    if other_subjects:
        assert [s["subject"] for s in answer["subjects"]][1:] == other_subjects


def test_a_misspelt_use_is_named_with_the_uses_allowed() -> None:
    from typer.testing import CliRunner

    from lawgraph.cli import app
    from lawgraph.cli import ask_cmd as _ask_cmd  # noqa: F401  (registers the command)

    res = CliRunner().invoke(
        app,
        [
            "ask",
            "--discloser",
            "academy",
            "--category",
            "personal-data",
            "--purpose",
            "right-of-access",
            "--consent",
            "given",
            "--use",
            "sideways",
        ],
    )
    assert res.exit_code == 2
    assert "use: 'sideways' is not allowed (use one of disclosure, onward-use, subject-access)" in (
        res.output
    )
