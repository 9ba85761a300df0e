"""Issue 13, item 7: more than one data subject (the child and a parent), the answer
covering each: each person's information needs its own basis (UK GDPR Art 6(1), lawful
"only if and to the extent that" a basis applies), and when the answers differ the
weakest holds for all of it, with each person's named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lawgraph.knowledge import load_knowledge
from lawgraph.reasoning import Outcome, Scenario, ScenarioError, Subject, ask
from lawgraph.settings import data_dir

K = load_knowledge(data_dir())
REFERRAL = {
    "discloser": "maintained school",
    "recipient": "children's social care",
    "subject": "child",
    "other_subjects": ["parent"],
    "categories": ["health-data"],
    "purpose": "safeguarding",
    "consent": "not-sought-would-place-child-at-risk",
    "in_confidence": True,
    "as_at": "2026-05-01",
}
PARA_18_3 = "ukpga/2018/12/schedule/1/paragraph/18/3"


def test_the_answer_covers_the_child_and_the_parent() -> None:
    d = ask(K, Scenario.parse(REFERRAL))
    child, parent = d.subjects
    assert (child.subject, parent.subject) == ("child", "parent")
    assert child.article6 == parent.article6 == ("uk-gdpr-art6-1-e",)
    assert "dpa-sch1-para18" in (parent.article9 or ())
    # para 18(1)(b): an adult is protected only if "at risk" as para 18(3) defines it
    assert PARA_18_3 in parent.citations and PARA_18_3 not in child.citations
    (st,) = [st for st in d.steps if st.layer == "data-subjects"]
    assert st.citations == ("eur/2016/679/article/6/1",) and not st.settled_by_law
    assert "child: may-share-if-judgement; parent: may-share-if-judgement" in st.text
    assert d.record().subject == "a child, a parent"


def test_one_subject_alone_is_answered_as_before() -> None:
    single = {k: v for k, v in REFERRAL.items() if k != "other_subjects"}
    assert ask(K, Scenario.parse(single)).subjects == ()


def test_the_weakest_answer_holds_when_they_differ(tmp_path: Path) -> None:
    """In a copy of the data where the public task reaches only a child's information,
    the parent's information has no basis: the whole answer says so, naming each."""
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    table = root / "rules" / "article6.yaml"
    text = table.read_text()
    old = "      - a-public-task-gateway-applies: true\n"
    assert text.count(old) == 1
    table.write_text(text.replace(old, old + "      - subject-not-in: [parent]\n"))
    d = ask(load_knowledge(root), Scenario.parse(REFERRAL))
    assert [(a.subject, a.outcome) for a in d.subjects] == [
        ("child", Outcome.MAY_SHARE_IF_JUDGEMENT),
        ("parent", Outcome.NO_LAWFUL_BASIS_IDENTIFIED),
    ]
    assert d.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED
    assert d.outcome_reason.startswith("The answer differs by data subject")
    assert "(for the parent)" in d.outcome_reason
    assert any("sharing only the part" in f for f in d.flags)


@pytest.mark.parametrize(
    ("others", "message"),
    [(["child"], "repeats the subject 'child'"), (["parent", "parent"], "same data subject twice")],
)
def test_a_repeated_subject_is_refused(others: list[str], message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        Scenario.parse({**REFERRAL, "other_subjects": others})


def test_an_unknown_subject_is_refused() -> None:
    with pytest.raises(ScenarioError, match="other_subjects"):
        Scenario.parse({**REFERRAL, "other_subjects": ["grandparent"]})
    assert Subject.PARENT.value == "parent"
