"""Issue 13, item 7: consent can be "not applicable" (not the basis relied on, and no
one's agreement sought), as the ICO's "When is consent appropriate?" ("Do we always need
consent? In short, no.") and HM Government's "Information sharing: advice for
practitioners" (2024, "What do we mean by consent?") say it usually is for safeguarding.
It is not a DPA 2018 Sch 1 para 18(2) reason, which para 18(1)(c) still needs."""

from __future__ import annotations

from lawgraph.knowledge import load_knowledge
from lawgraph.reasoning import ConsentStatus, Determination, Scenario, ask
from lawgraph.settings import data_dir

K = load_knowledge(data_dir())
REFERRAL = {
    "discloser": "maintained school",
    "recipient": "children's social care",
    "subject": "child",
    "categories": ["health-data"],
    "purpose": "safeguarding",
    "in_confidence": True,
    "as_at": "2026-05-01",
}


def _ask(consent: str) -> Determination:
    return ask(K, Scenario.parse({**REFERRAL, "consent": consent}))


def test_the_value_is_accepted_and_explained() -> None:
    d = _ask("not-applicable")
    assert d.scenario.consent is ConsentStatus.NOT_APPLICABLE
    assert d.consent.text.startswith("Consent is not applicable here")
    assert not d.consent.settled_by_law and "Record why" in (d.consent.judgement or "")
    assert d.consent.citations == ("eur/2016/679/article/6/1/a",)  # no para 18(2) reason


def test_consent_is_never_the_basis_and_para_18_still_needs_a_reason() -> None:
    d = _ask("not-applicable")
    assert "uk-gdpr-art6-1-a" not in [b.condition for b in d.article6]
    assert "dpa-sch1-para18" in Determination.route_ids(d.article9)
    (st,) = [st for st in d.steps if st.layer == "article9" and "para 18" in st.text]
    assert "para 18(1)(c) still needs" in (st.judgement or "")
    assert "ukpga/2018/12/schedule/1/paragraph/18/2/c" in st.citations


def test_the_outcome_matches_an_explained_absence_of_consent() -> None:
    assert _ask("not-applicable").outcome is _ask("not-sought-would-place-child-at-risk").outcome
