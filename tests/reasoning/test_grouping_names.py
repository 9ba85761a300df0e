"""Issue 13, item 1: a grouping name never gives a weaker answer silently.

"police" telling a school about domestic abuse reaches no gateway, while the chief
officer of police, a kind of police body, is under DA Act 2021 s.49A. The answer for the
grouping is given for each member too (read from ``is_a``, judged by the same engine):
it names the member, its outcome and the gateway, and states the outcome as conditional
on which body is meant. The member's own answer is unchanged.
"""

from __future__ import annotations

from lawgraph.knowledge import load_knowledge
from lawgraph.reasoning import Outcome, Scenario, ask
from lawgraph.settings import data_dir

K = load_knowledge(data_dir())
BASE = {
    "recipient": "school",
    "subject": "child",
    "categories": ["criminal-offence-data"],
    "purpose": "domestic-abuse-notification",
    "consent": "not-sought-would-place-child-at-risk",
    "as_at": "2026-06-01",
}


def test_the_grouping_names_the_member_its_outcome_and_its_gateway() -> None:
    d = ask(K, Scenario.parse({**BASE, "discloser": "police"}))
    (chief,) = [m for m in d.members if m.holder == "chief-officer-of-police"]
    assert chief.side == "discloser"
    assert chief.outcome is Outcome.SHARE_ON_DUTY
    assert chief.beyond_grouping == ("daa2021-s49a",)
    assert d.depends_on_member
    assert d.outcome_reason.startswith("Conditional on which body is meant:")
    assert "chief-officer-of-police: share-on-duty" in d.outcome_reason
    (flag,) = [f for f in d.flags if "discloser 'police' groups" in f]
    assert "chief-officer-of-police: share-on-duty, reached by daa2021-s49a" in flag
    (st,) = [st for st in d.steps if st.layer == "grouping"]
    assert "ukpga/2021/17/section/49A" in " ".join(st.citations)
    assert not st.settled_by_law and st.judgement


def test_the_member_itself_gets_its_duty_and_no_expansion() -> None:
    d = ask(K, Scenario.parse({**BASE, "discloser": "chief-officer-of-police"}))
    assert d.outcome is Outcome.SHARE_ON_DUTY
    assert not [f for f in d.flags if "discloser 'chief-officer-of-police' groups" in f]
    assert all(m.side == "recipient" for m in d.members)  # "school" still groups


def test_a_grouping_recipient_is_expanded_too() -> None:
    """A teacher's FGM report to "police": the s.5B duty runs to the chief officer."""
    d = ask(
        K,
        Scenario.parse(
            {
                **BASE,
                "discloser": "teacher",
                "recipient": "police",
                "categories": ["health-data"],
                "purpose": "fgm-notification",
            }
        ),
    )
    assert d.outcome is not Outcome.SHARE_ON_DUTY  # the grouping itself is not named in s.5B
    (chief,) = [m for m in d.members if m.holder == "chief-officer-of-police"]
    assert chief.outcome is Outcome.SHARE_ON_DUTY
    assert "fgma2003-s5b" in chief.beyond_grouping
    (grouped,) = [f for f in d.flags if "recipient 'police' groups" in f]
    assert "chief-officer-of-police: share-on-duty, reached by fgma2003-s5b" in grouped


def test_without_expansion_the_name_alone_is_answered() -> None:
    d = ask(K, Scenario.parse({**BASE, "discloser": "police"}), expand=False)
    assert d.members == () and not d.depends_on_member
    assert not d.outcome_reason.startswith("Conditional")


def test_a_member_that_did_not_exist_on_the_date_is_said_not_asked() -> None:
    """Clinical commissioning groups were abolished when integrated care boards began
    (1 July 2022); asking about "NHS body" after that cannot ask about a CCG."""
    d = ask(
        K,
        Scenario.parse(
            {
                **BASE,
                "discloser": "nhs-body",
                "recipient": "local-authority-childrens-services",
                "categories": ["health-data"],
                "purpose": "safeguarding",
            }
        ),
    )
    (ccg,) = [m for m in d.members if m.holder == "clinical-commissioning-group"]
    assert ccg.outcome is None and ccg.not_asked and "no longer existed" in ccg.not_asked


def test_the_first_line_never_states_a_groupings_answer_as_the_members() -> None:
    """'NHS' as discloser: every NHS body may share for safeguarding, the grouping as
    named finds no basis. The answer opens by saying it depends on the body, never with
    'no lawful basis ... do not share' on its own."""
    from lawgraph.reasoning.answer import render_answer
    from lawgraph.reasoning.labels import Labels

    d = ask(
        K,
        Scenario.parse(
            {
                "discloser": "NHS",
                "recipient": "children's social care",
                "subject": "child",
                "categories": ["health-data"],
                "purpose": "safeguarding",
                "consent": "not-sought-would-place-child-at-risk",
                "as_at": "2026-05-01",
            }
        ),
    )
    assert d.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED
    assert any(m.outcome is Outcome.MAY_SHARE_IF_JUDGEMENT for m in d.members)
    first = " ".join(render_answer(d, Labels.of(K)).split("\n\n")[0].split())
    assert first.startswith("Whether NHS body may share this information with local authority")
    assert "depends on which body is meant" in first
    assert "do not share on what is known" not in first
