"""Issue 13, item 1 (first step): a grouping name never gives a weaker answer silently.

"police" telling a school about domestic abuse reaches no gateway, while the chief
officer of police, a kind of police body, is under DA Act 2021 s.49A. The answer for the
grouping now says so, naming the member and the gateway (read from ``is_a`` and the
gateway's holders, judged by the same applicability engine); the member's own answer is
unchanged.
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


def _flags(discloser: str) -> list[str]:
    return [
        f for f in ask(K, Scenario.parse({**BASE, "discloser": discloser})).flags if "groups" in f
    ]


def test_the_grouping_names_the_member_and_its_gateway() -> None:
    (flag,) = _flags("police")
    assert "chief-officer-of-police: daa2021-s49a" in flag


def test_the_member_itself_gets_its_duty_and_no_such_flag() -> None:
    d = ask(K, Scenario.parse({**BASE, "discloser": "chief-officer-of-police"}))
    assert d.outcome is Outcome.SHARE_ON_DUTY
    assert _flags("chief-officer-of-police") == []


def test_a_grouping_recipient_is_flagged_too() -> None:
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
    (grouped,) = [f for f in d.flags if "recipient 'police' groups" in f]
    assert "chief-officer-of-police: fgma2003-s5b" in grouped
