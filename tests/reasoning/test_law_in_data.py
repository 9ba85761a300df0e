"""Issue 12, item 1: the legal parameters that decide an answer are read from data/.

Two kinds of check:

- every knowledge id the rules quote exists in the data, and the number of quoted ids
  only goes down (a ratchet: 88 by this test's count once purposes and condition flags
  moved to data, 14 once route selection, the outcome and the necessity bases became
  data in data/rules, 5 in session 5; the issue counted 122 when it was filed, and its
  target is 25);
- each data field that moved out of Python is really read: changing it in a copy of the
  data changes the answer the way the field says.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from lawgraph.knowledge import load_knowledge
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Consent
from lawgraph.reasoning import Outcome, RegimeChoice, Scenario, ask
from lawgraph.reasoning.determination import Determination
from lawgraph.settings import data_dir

REASONING = Path(__file__).resolve().parents[2] / "src" / "lawgraph" / "reasoning"
_QUOTED = re.compile(r"""["']([a-z][a-z0-9]*(?:-[a-z0-9]+)+)["']""")
#: Quoted knowledge ids in src/lawgraph/reasoning today; lower it as rules move to data.
RATCHET = 5


def _quoted_knowledge_ids(k: Knowledge) -> list[str]:
    ids = set(k.conditions) | set(k.gateways) | set(k.holders) | set(k.purposes) | set(k.categories)
    found: list[str] = []
    for path in sorted(REASONING.rglob("*.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("#"):
                continue
            found.extend(m for m in _QUOTED.findall(line) if m in ids or _looks_like_id(m))
    return found


def _looks_like_id(text: str) -> bool:
    # condition ids the rules might quote even if the data lost them
    return text.startswith(("uk-gdpr-", "dpa-s", "hra-", "ca19", "ca20"))


def test_every_id_the_rules_quote_exists_in_the_data() -> None:
    k = load_knowledge(data_dir())
    ids = set(k.conditions) | set(k.gateways) | set(k.holders) | set(k.purposes) | set(k.categories)
    missing = sorted({i for i in _quoted_knowledge_ids(k) if i not in ids})
    assert missing == []


def test_quoted_ids_only_go_down() -> None:
    count = len(_quoted_knowledge_ids(load_knowledge(data_dir())))
    assert count <= RATCHET, f"{count} quoted knowledge ids in reasoning/ (ratchet {RATCHET})"


# -- fields that are read ----------------------------------------------------------------


def _edited(tmp_path: Path, purpose: str, **fields: object) -> Knowledge:
    return _edit(tmp_path, "purposes.yaml", "purposes", purpose, fields)


def _edit(
    tmp_path: Path, file: str, key: str, entry_id: str, fields: dict[str, object]
) -> Knowledge:
    return _edits(tmp_path, file, key, {entry_id: fields})


def _edits(tmp_path: Path, file: str, key: str, changes: dict[str, dict[str, object]]) -> Knowledge:
    """A copy of data/ with the given fields changed in some entries of one file."""
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data, ignore=shutil.ignore_patterns("research"))
    path = data / file
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry_id, fields in changes.items():
        (entry,) = [e for e in doc[key] if e["id"] == entry_id]
        entry.update(fields)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_knowledge(data)


def _ask(k: Knowledge, **changes: object) -> Determination:
    scenario = {
        "discloser": "maintained-school",
        "recipient": "local-authority-childrens-services",
        "subject": "child",
        "categories": ["health-data"],
        "purpose": "early-help",
        "context": "early-help",
        "consent": "not-sought-would-place-child-at-risk",
        "as_at": "2026-06-01",
        **changes,
    }
    return ask(k, Scenario.parse(scenario))


def test_purpose_within_decides_the_para_18_route(tmp_path: Path) -> None:
    """Early help falls within Sch 1 para 18(1)(a); take that away and para 18 goes."""
    real = load_knowledge(data_dir())
    assert "dpa-sch1-para18" in Determination.route_ids(_ask(real).article9)
    edited = _edited(tmp_path, "early-help", within=["dpa-sch8-para4"])
    assert "dpa-sch1-para18" not in Determination.route_ids(_ask(edited).article9)


def test_purpose_may_be_within_s31_leaves_the_regime_to_judgement(tmp_path: Path) -> None:
    real = load_knowledge(data_dir())
    police = {
        "discloser": "chief-officer-of-police",
        "purpose": "public-protection",
        "context": "other",
        "categories": ["personal-data"],
    }
    assert _ask(real, **police).regime is RegimeChoice.EITHER
    edited = _edited(tmp_path, "public-protection", may_be_within=[])
    assert _ask(edited, **police).regime is RegimeChoice.UK_GDPR


def test_an_annex_1_condition_in_within_offers_article_6_1_ea(tmp_path: Path) -> None:
    charity = {
        "discloser": "voluntary-organisation",
        "purpose": "safeguarding",
        "categories": ["personal-data"],
        "context": "other",
    }
    real = load_knowledge(data_dir())
    assert "uk-gdpr-art6-1-ea" in [b.condition for b in _ask(real, **charity).article6]
    edited = _edited(tmp_path, "safeguarding", within=["dpa-sch1-para18", "dpa-sch8-para4"])
    assert "uk-gdpr-art6-1-ea" not in [b.condition for b in _ask(edited, **charity).article6]


def test_within_must_name_conditions_and_give_a_reason(tmp_path: Path) -> None:
    from lawgraph.knowledge import KnowledgeError

    with pytest.raises(KnowledgeError, match="not a defined condition id"):
        _edited(tmp_path / "a", "early-help", within=["dpa-sch1-para99"])
    with pytest.raises(KnowledgeError, match="within_reason"):
        _edited(tmp_path / "b", "early-help", within_reason=None)


def test_condition_weighs_makes_the_answer_a_judgement(tmp_path: Path) -> None:
    """A charity's only bases are (ea) and (f), which weigh: the answer waits on judgement."""
    charity = {
        "discloser": "voluntary-organisation",
        "purpose": "safeguarding",
        "categories": ["personal-data"],
        "context": "other",
        "in_confidence": False,
    }
    real = load_knowledge(data_dir())
    assert _ask(real, **charity).outcome is Outcome.MAY_SHARE_IF_JUDGEMENT
    plain: dict[str, object] = {"weighs": False, "weighs_reason": None}
    file = "bases/uk-gdpr-article-6.yaml"
    one = _edits(tmp_path / "one", file, "conditions", {"uk-gdpr-art6-1-ea": plain})
    assert _ask(one, **charity).outcome is Outcome.MAY_SHARE_IF_JUDGEMENT  # (f) still weighs
    both = _edits(
        tmp_path / "both",
        file,
        "conditions",
        {"uk-gdpr-art6-1-ea": plain, "uk-gdpr-art6-1-f": plain},
    )
    assert _ask(both, **charity).outcome is Outcome.MAY_SHARE


def test_a_condition_relying_on_consent_makes_the_answer_a_judgement() -> None:
    """Consent given, criminal offence data: Sch 1 para 29 (consent) is relied on, and
    whether the consent is valid is the practitioner's to judge (its data: requires-consent)."""
    k = load_knowledge(data_dir())
    d = _ask(
        k,
        categories=["criminal-offence-data"],
        consent="given",
        purpose="safeguarding",
        context="other",
        in_confidence=False,
    )
    assert "dpa-sch1-para29" in Determination.route_ids(d.article10)
    assert k.conditions["dpa-sch1-para29"].consent is Consent.REQUIRES_CONSENT
    assert d.outcome is Outcome.MAY_SHARE_IF_JUDGEMENT


def test_a_weighs_flag_needs_its_reason(tmp_path: Path) -> None:
    from lawgraph.knowledge import KnowledgeError

    with pytest.raises(KnowledgeError, match="weighs_reason"):
        _edit(
            tmp_path,
            "bases/uk-gdpr-article-6.yaml",
            "conditions",
            "uk-gdpr-art6-1-f",
            {"weighs_reason": None},
        )


def test_the_necessity_tests_cited_are_those_the_data_flags() -> None:
    """Information judged not necessary: the step cites each flagged necessity test."""
    k = load_knowledge(data_dir())
    d = _ask(k, necessity="not-necessary")
    (step,) = [st for st in d.steps if st.layer == "necessity"]
    flagged = [t.citation for t in k.conditions["dpa-sch1-para18"].tests if t.necessity]
    assert flagged == [
        "ukpga/2018/12/schedule/1/paragraph/18/1/a",
        "ukpga/2018/12/schedule/1/paragraph/18/1/d",
    ]
    assert set(flagged) <= set(step.citations)
    assert "ukpga/2018/12/schedule/1/paragraph/18/1/b" not in step.citations


def test_a_gateway_reached_only_on_request_names_a_real_context() -> None:
    """``only_in_context`` is a scenario context, and the duty is rejected outside it."""
    from lawgraph.reasoning import Context

    k = load_knowledge(data_dir())
    on_request = {g.id: g.only_in_context for g in k.gateways.values() if g.only_in_context}
    assert on_request == {
        "ca1989-s27-2": "section-17-assessment",
        # s.47(5) and (12): consultation duties that arise while making s.47 enquiries
        "ca1989-s47-5": "section-47-enquiry",
        "ca1989-s47-12": "section-47-enquiry",
        "ca1989-s47-9": "section-47-enquiry",
        "ca2004-s16H": "s16h-request",
    }
    assert set(on_request.values()) <= {c.value for c in Context}
    gp = {
        "discloser": "gp-practice",
        "recipient": "safeguarding-partners",
        "purpose": "safeguarding",
        "consent": "not-sought-not-practicable",
    }
    asked = _ask(k, **gp, context="s16h-request")
    assert "ca2004-s16H" in [g.id for g in asked.gateways]
    unasked = {r.id: r.reason for r in _ask(k, **gp, context="other").rejected_gateways}
    assert "context s16h-request needed, not other" in unasked["ca2004-s16H"]
