"""Issue 13, item 3: purposes outside safeguarding are answered from the general bases, and
the answer says no where none applies.

Which general bases a purpose reaches is data: ``within`` on the purpose (Art 9(2)(f) for
legal claims, Art 9(2)(b) with Sch 1 para 1 for employment), its ``aims`` (read by the
``purpose-aims-in`` predicate of data/rules/article6.yaml), and the gateways' own purposes.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from lawgraph.knowledge import UnknownPurposeError, load_knowledge
from lawgraph.knowledge.loader import Knowledge
from lawgraph.reasoning import Determination, Outcome, Scenario, ask
from lawgraph.settings import data_dir

K = load_knowledge(data_dir())


def _ask(k: Knowledge, **changes: object) -> Determination:
    scenario: dict[str, Any] = {
        "discloser": "maintained-school",
        "recipient": "charity",
        "subject": "parent",
        "categories": ["personal-data"],
        "purpose": "fundraising-and-marketing",
        "context": "other",
        "consent": "refused",
        "as_at": "2026-05-01",
        **changes,
    }
    return ask(k, Scenario.parse(scenario))


def _edited(tmp_path: Path, purpose: str, **fields: object) -> Knowledge:
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data, ignore=shutil.ignore_patterns("research"))
    path = data / "purposes.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    (entry,) = [e for e in doc["purposes"] if e["id"] == purpose]
    entry.update(fields)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_knowledge(data)


def _flag(det: Determination, words: str) -> list[str]:
    return [f for f in det.flags if words in f]


def test_a_public_authority_marketing_has_no_basis_and_is_told_why() -> None:
    det = _ask(K)
    assert det.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED
    assert det.article6 == () and det.gateways == ()
    # every safeguarding gateway the school holds is rejected, each for its purposes
    reasons = {r.id: r.reason for r in det.rejected_gateways}
    assert "purpose 'fundraising-and-marketing' is not among its purposes" in reasons["ea2002-s175"]
    assert _flag(det, "No information-sharing gateway in the data serves purpose")
    (li,) = _flag(det, "Article 6(1)(f) (legitimate interests) does not apply")
    assert "outside its tasks as a public authority" in li


def test_the_flags_are_not_given_for_safeguarding() -> None:
    det = _ask(K, purpose="safeguarding", recipient="local-authority-childrens-services")
    assert not _flag(det, "No information-sharing gateway in the data serves purpose")
    assert not _flag(det, "legitimate interests) does not apply")


def test_a_body_that_is_not_a_public_authority_gets_the_balancing_test_not_the_bar() -> None:
    det = _ask(K, discloser="voluntary-organisation")
    assert [b.condition for b in det.article6] == ["uk-gdpr-art6-1-f"]
    assert det.outcome is Outcome.MAY_SHARE_IF_JUDGEMENT
    assert not _flag(det, "legitimate interests) does not apply")


def test_special_category_data_for_marketing_meets_no_article_9_condition() -> None:
    det = _ask(K, discloser="voluntary-organisation", categories=["health-data"])
    assert [b.condition for b in det.article6] == ["uk-gdpr-art6-1-f"]
    assert det.article9 == ()
    assert det.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED


def test_legal_claims_reach_article_9_2_f_through_within(tmp_path: Path) -> None:
    claim = {
        "discloser": "voluntary-organisation",
        "recipient": "court-or-tribunal",
        "categories": ["health-data"],
        "purpose": "legal-claims",
    }
    assert Determination.route_ids(_ask(K, **claim).article9) == {"uk-gdpr-art9-2-f"}
    k = _edited(tmp_path, "legal-claims", within=[], within_reason=None)
    det = _ask(k, **claim)
    assert det.article9 == ()
    assert det.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED


def test_employment_matters_reach_article_9_2_b_with_schedule_1_para_1() -> None:
    det = _ask(
        K,
        discloser="independent-school",
        recipient="independent-hospital",
        subject="other-adult",
        categories=["health-data"],
        purpose="employment-matters",
    )
    assert {"uk-gdpr-art9-2-b", "dpa-sch1-para1"} <= Determination.route_ids(det.article9)
    assert det.outcome is Outcome.MAY_SHARE_IF_JUDGEMENT


def test_the_legitimate_interests_flag_reads_the_purpose_aims(tmp_path: Path) -> None:
    k = _edited(
        tmp_path,
        "fundraising-and-marketing",
        aims=[{"aim": "service-to-the-person", "source": "a test"}],
    )
    assert not _flag(_ask(k), "legitimate interests) does not apply")


def test_everyday_names_for_these_purposes_get_suggestions() -> None:
    """An unknown purpose gets suggestions by meaning: the practitioner's words for these."""
    for name, expected in [
        ("litigation", "legal-claims"),
        ("HR", "employment-matters"),
        ("debt collection", "debt-recovery"),
        ("complaint", "complaints-handling"),
        ("marketing", "fundraising-and-marketing"),
        ("Prevent referral", "radicalisation-prevention"),
    ]:
        with pytest.raises(UnknownPurposeError) as err:
            K.purpose(name)
        assert expected in err.value.suggestions, (name, err.value.suggestions)


def test_an_adult_safeguarding_answer_weighs_the_risk_to_the_adult() -> None:
    """The purpose names who it protects (``person_at_risk``), so the consent and Art 8
    judgements of an adult safeguarding referral weigh the adult's risk, not a child's."""
    path = Path(__file__).parent / "scenarios" / "care-partner-to-asc-adult-at-risk.yaml"
    body = yaml.safe_load(path.read_text(encoding="utf-8"))["scenario"]
    d = ask(K, Scenario.parse({**body, "consent": "refused"}))
    judgements = {st.layer: st.judgement or "" for st in d.steps}
    assert K.purposes["adult-safeguarding"].person_at_risk == "the adult at risk"
    assert "risk to the adult at risk" in judgements["consent"]
    assert "risk to the adult at risk" in judgements["human-rights"]
    assert not any("the child" in j for j in judgements.values())
    # a children's safeguarding referral still weighs the child's
    child = ask(K, Scenario.parse({**body, "consent": "refused", "purpose": "safeguarding"}))
    assert "risk to the child" in {st.layer: st.judgement for st in child.steps}["consent"]
