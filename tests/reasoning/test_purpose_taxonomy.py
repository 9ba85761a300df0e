"""Issue 13, item 2: purposes nest, but a gateway serves a narrower purpose only where the
words of its own provision cover it, and the answer says which words.

The narrower purposes, their ``is_a`` links, their aims and the covering words are data
(``data/purposes.yaml``: ``is_a``, ``aims``, ``served_through``); these tests ask real
questions of the real data and of copies with one field taken away.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from lawgraph.knowledge import (
    CycleError,
    KnowledgeError,
    SchemaError,
    UnknownReferenceError,
    load_knowledge,
)
from lawgraph.knowledge.applicability import assess
from lawgraph.knowledge.loader import Knowledge
from lawgraph.knowledge.models import Aim
from lawgraph.reasoning import Outcome, Scenario, ask
from lawgraph.reasoning.determination import Determination
from lawgraph.settings import data_dir

K = load_knowledge(data_dir())


def _ask(k: Knowledge, **changes: object) -> Determination:
    scenario: dict[str, Any] = {
        "discloser": "maintained-school",
        "recipient": "local-authority",
        "subject": "child",
        "categories": ["personal-data"],
        "purpose": "radicalisation-prevention",
        "context": "other",
        "consent": "not-sought-would-place-child-at-risk",
        "as_at": "2026-05-01",
        **changes,
    }
    return ask(k, Scenario.parse(scenario))


def _copy(tmp_path: Path, edit: Any) -> Path:
    """A copy of data/ with purposes.yaml changed by `edit` (a function of the document)."""
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data, ignore=shutil.ignore_patterns("research"))
    path = data / "purposes.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit({p["id"]: p for p in doc["purposes"]})
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return data


def _step_for(det: Determination, gateway_title: str) -> Any:
    (found,) = [s for s in det.steps if s.layer == "gateways" and gateway_title in s.text]
    return found


def test_a_school_prevent_referral_rests_on_its_s175_safeguarding_function() -> None:
    det = _ask(K)
    assert [g.id for g in det.gateways] == ["ea2002-s175"]
    assert [b.condition for b in det.article6] == ["uk-gdpr-art6-1-e"]
    assert det.outcome is Outcome.MAY_SHARE
    st = _step_for(det, K.gateways["ea2002-s175"].title)
    # the step says which words of the provision cover the narrower purpose
    assert "as a kind of 'safeguarding'" in st.text
    assert (
        '"with a view to safeguarding and promoting the welfare of children who are pupils '
        'at the school" (ukpga/2002/32/section/175/2)'
    ) in st.text
    assert "ukpga/2002/32/section/175/2" in st.citations
    # whether the person referred is a pupil is the practitioner's to confirm
    assert not st.settled_by_law
    assert st.judgement is not None and "pupil" in st.judgement


def test_an_academy_prevent_referral_rests_on_the_independent_school_standard() -> None:
    det = _ask(K, discloser="academy")
    assert [g.id for g in det.gateways] == ["iss2014-sch-para7"]
    assert [b.condition for b in det.article6] == ["uk-gdpr-art6-1-e"]


def test_without_the_covering_words_the_referral_has_no_basis(tmp_path: Path) -> None:
    """Being a kind of safeguarding is not enough: take away served_through and the
    school's referral has no lawful basis, and the rejection says why."""

    def edit(purposes: dict[str, Any]) -> None:
        purposes["radicalisation-prevention"]["served_through"] = []

    k = load_knowledge(_copy(tmp_path, edit))
    det = _ask(k)
    assert det.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED
    assert det.gateways == ()
    (why,) = [r.reason for r in det.rejected_gateways if r.id == "ea2002-s175"]
    assert "is a kind of safeguarding, which it serves" in why
    assert "no words of its provision" in why


def test_an_early_help_request_from_a_school_is_a_public_task_not_consent() -> None:
    """Asked with consent given, a maintained school (a public authority, no (f)) used to
    fall back to consent; s.175 covers early help, so the basis is its public task."""
    det = _ask(
        K,
        recipient="local-authority-childrens-services",
        purpose="early-help",
        context="early-help",
        consent="given",
    )
    assert [g.id for g in det.gateways] == ["ea2002-s175"]
    assert [b.condition for b in det.article6] == ["uk-gdpr-art6-1-e"]
    assert "uk-gdpr-art6-1-a" not in [b.condition for b in det.article6]


def test_a_covering_gateway_still_needs_its_holder() -> None:
    """The words cover the purpose, not the body: a GP practice holds neither s.175 nor
    s.11, so its early-help request gets no public task from them."""
    det = _ask(
        K,
        discloser="gp-practice",
        recipient="local-authority-childrens-services",
        purpose="early-help",
        context="early-help",
    )
    ids = [g.id for g in det.gateways]
    assert "ea2002-s175" not in ids and "ca2004-s11" not in ids


def test_assess_reports_the_cover_it_relied_on() -> None:
    g = K.gateways["ea2002-s175"]
    line = frozenset({"maintained-school", *K.ancestors("maintained-school")})
    purpose = K.purposes["radicalisation-prevention"]
    plain = assess(g, holder_line=line, purpose=purpose.id)
    assert not plain.applies
    covered = assess(
        g,
        holder_line=line,
        purpose=purpose.id,
        served_through=purpose.served_through,
        purpose_is_a=K.purpose_ancestors(purpose.id),
    )
    assert covered.applies and covered.cover is not None
    assert covered.cover.through == "safeguarding"


def test_every_cover_names_words_the_gateway_itself_cites() -> None:
    covers = [(p, c) for p in K.purposes.values() for c in p.served_through]
    assert len(covers) >= 5
    for p, c in covers:
        assert c.through in K.gateways[c.gateway].purposes
        assert c.through in K.purpose_ancestors(p.id)
        own = {x.id for x in K.gateways[c.gateway].citations}
        for cited in c.citations:
            assert any(cited == o or cited.split("/")[:5] == o.split("/")[:5] for o in own)
            assert p.anchor_of(cited)


#: aims each condition states, for purposes that list it in ``within``
_STATED = {
    "dpa-sch1-para18": Aim.PROTECTING_A_PERSON,
    "dpa-sch8-para4": Aim.PROTECTING_A_PERSON,
    "dpa-sch1-para10": Aim.PREVENTING_OR_DETECTING_CRIME,
    "dpa-s31": Aim.LAW_ENFORCEMENT,
}


@pytest.mark.parametrize("purpose_id", sorted(K.purposes))
def test_a_purpose_within_a_condition_aims_at_what_the_condition_states(
    purpose_id: str,
) -> None:
    purpose = K.purposes[purpose_id]
    aims = {a.aim for a in purpose.aims}
    for condition in purpose.within:
        if condition in _STATED:
            assert _STATED[condition] in aims, (purpose_id, condition)


def test_narrower_purposes_are_kinds_of_safeguarding_with_a_source() -> None:
    for narrower in (
        "child-protection-enquiry",
        "early-help",
        "radicalisation-prevention",
        "practice-review",
    ):
        assert "safeguarding" in K.purpose_ancestors(narrower)
        assert (K.purposes[narrower].is_a_source or "").strip()
    assert K.purpose_ancestors("safeguarding") == []


# -- bad data: each error names the file and the entry ----------------------------------


def test_a_cover_through_a_purpose_the_gateway_does_not_serve_is_refused(tmp_path: Path) -> None:
    def edit(purposes: dict[str, Any]) -> None:
        purposes["early-help"]["served_through"][0]["gateway"] = "ca1989-s47-1"
        purposes["early-help"]["served_through"][0]["citations"] = ["ukpga/2002/32/section/175/1"]

    with pytest.raises(SchemaError) as err:
        load_knowledge(_copy(tmp_path, edit))
    assert "purposes.yaml:" in str(err.value)
    assert "purpose 'early-help'" in str(err.value)
    assert "is not in a section (or paragraph) the gateway itself cites" in str(err.value)


def test_a_cover_whose_gateway_lacks_the_broader_purpose_is_refused(tmp_path: Path) -> None:
    def edit(purposes: dict[str, Any]) -> None:
        purposes["early-help"]["served_through"][0]["through"] = "welfare-promotion"
        purposes["early-help"]["served_through"][0]["gateway"] = "ca1989-s47-1"

    with pytest.raises(SchemaError, match="does not list purpose 'welfare-promotion'"):
        load_knowledge(_copy(tmp_path, edit))


def test_covering_words_must_be_among_the_purpose_citations(tmp_path: Path) -> None:
    def edit(purposes: dict[str, Any]) -> None:
        purposes["early-help"]["citations"] = purposes["early-help"]["citations"][1:]

    with pytest.raises(SchemaError, match="must also be among this purpose's citations"):
        load_knowledge(_copy(tmp_path, edit))


def test_an_unknown_broader_purpose_is_refused(tmp_path: Path) -> None:
    def edit(purposes: dict[str, Any]) -> None:
        purposes["child-in-need-assessment"]["is_a"] = ["welfare-promotions"]

    with pytest.raises(UnknownReferenceError, match="did you mean: welfare-promotion"):
        load_knowledge(_copy(tmp_path, edit))


def test_an_is_a_loop_among_purposes_is_refused(tmp_path: Path) -> None:
    def edit(purposes: dict[str, Any]) -> None:
        purposes["safeguarding"]["is_a"] = ["practice-review"]
        purposes["safeguarding"]["is_a_source"] = "a test"

    with pytest.raises(CycleError, match="is_a cycle"):
        load_knowledge(_copy(tmp_path, edit))


def test_is_a_without_a_source_is_refused(tmp_path: Path) -> None:
    def edit(purposes: dict[str, Any]) -> None:
        purposes["child-in-need-assessment"]["is_a_source"] = None

    with pytest.raises(KnowledgeError, match="is_a_source"):
        load_knowledge(_copy(tmp_path, edit))


def test_police_child_protection_enquiry_rests_on_s11_words() -> None:
    """Before issue 13 the police telling children's social care for a child protection
    enquiry got no basis: s.11 served only "safeguarding"."""
    det = _ask(
        K,
        discloser="chief-officer-of-police",
        recipient="local-authority-childrens-services",
        purpose="child-protection-enquiry",
    )
    assert [g.id for g in det.gateways] == ["ca2004-s11"]
    assert det.outcome is Outcome.MAY_SHARE
    st = _step_for(det, K.gateways["ca2004-s11"].title)
    assert '"their functions are discharged having regard to the need to safeguard' in st.text
