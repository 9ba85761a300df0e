"""The flows between a partnership's organisations: which gateways, of which kind, and
that they are the gateways `lawgraph ask` finds for the same pair."""

from __future__ import annotations

import datetime as dt

import pytest

from lawgraph.graph.flows import FlowError, FlowKind, sharing_flows
from lawgraph.knowledge import Knowledge
from lawgraph.knowledge.applicability import Role, role_of
from lawgraph.knowledge.errors import UnknownHolderError
from lawgraph.knowledge.models import Nature
from lawgraph.reasoning import Scenario, ask
from lawgraph.reasoning.scenario import Context

DAY = dt.date(2026, 6, 1)
#: the three safeguarding partners (CA 2004 s.16E) and some relevant agencies
PARTNERSHIP = [
    "local-authority-childrens-services",
    "integrated-care-board",
    "chief-officer-of-police",
    "nhs-trust",
    "maintained-school",
    "academy",
]


def _between(knowledge: Knowledge, discloser: str, recipient: str, **kw: object):
    flows = sharing_flows(knowledge, [discloser, recipient], on=DAY, **kw)  # type: ignore[arg-type]
    return {(f.gateway, f.kind) for f in flows if f.discloser == discloser}


def test_a_school_to_childrens_services_has_its_s175_function_and_the_s16h_duty(knowledge):
    found = _between(
        knowledge, "maintained-school", "local-authority-childrens-services",
        purposes=["safeguarding"],
    )  # fmt: skip
    # EA 2002 s.175(1) names no recipient: the governing body's own function, a public
    # task for sharing; CA 2004 s.16H: a duty to comply with a safeguarding partner's request
    assert found == {("ea2002-s175", FlowKind.FUNCTION), ("ca2004-s16H", FlowKind.REQUEST)}


def test_a_chief_officer_must_notify_a_school_under_operation_encompass(knowledge):
    found = _between(knowledge, "chief-officer-of-police", "academy", purposes=["safeguarding"])
    assert found == {
        ("daa2021-s49a", FlowKind.DUTY),  # DAA 2021 s.49A(1), Art 6(1)(c) in the data
        ("ca2004-s11", FlowKind.FUNCTION),
        ("ca2004-s16H", FlowKind.REQUEST),
    }


def test_a_school_must_pass_the_pupil_record_to_the_next_school(knowledge):
    found = _between(knowledge, "maintained-school", "academy", purposes=["safeguarding"])
    assert ("epi2005-reg9", FlowKind.DUTY) in found
    # an academy's own duty is ISS 2014 Sch para 7, not EA 2002 s.175 (issue 15, item 4)
    back = _between(knowledge, "academy", "maintained-school", purposes=["safeguarding"])
    assert ("iss2014-sch-para7", FlowKind.FUNCTION) in back
    assert not any(g == "ea2002-s175" for g, _ in back)


def test_an_nhs_trust_must_help_a_section_47_enquiry_when_asked(knowledge):
    found = _between(
        knowledge, "nhs-trust", "local-authority-childrens-services", purposes=["safeguarding"]
    )
    assert ("ca1989-s47-9", FlowKind.REQUEST) in found


def test_a_duty_to_cooperate_recorded_under_art_6_1_e_is_drawn_as_a_power(knowledge):
    # CA 2004 s.10(5): the relevant partners co-operate with the authority; the data
    # records Art 6(1)(e) only, so the reasoner does not count it a duty to disclose
    found = _between(
        knowledge, "chief-officer-of-police", "local-authority-childrens-services",
        purposes=["welfare-promotion"],
    )  # fmt: skip
    assert ("ca2004-s10-5", FlowKind.POWER) in found
    assert knowledge.gateways["ca2004-s10-5"].nature is Nature.DUTY_TO_COOPERATE


def test_a_purpose_the_gateway_does_not_serve_draws_nothing_of_it(knowledge):
    found = _between(
        knowledge, "chief-officer-of-police", "academy", purposes=["prevention-of-crime"]
    )
    assert not any(g == "daa2021-s49a" for g, _ in found)


def test_a_gateway_not_yet_in_force_is_not_drawn(knowledge):
    # DAA 2021 s.49A is in force from the date the data records, not before
    start = knowledge.gateways["daa2021-s49a"].in_force_from_date
    assert start is not None
    before = sharing_flows(
        knowledge, ["chief-officer-of-police", "academy"],
        purposes=["safeguarding"], on=start - dt.timedelta(days=1),
    )  # fmt: skip
    on_the_day = sharing_flows(
        knowledge, ["chief-officer-of-police", "academy"], purposes=["safeguarding"], on=start
    )
    assert "daa2021-s49a" not in {f.gateway for f in before}
    assert "daa2021-s49a" in {f.gateway for f in on_the_day}


def test_every_power_to_request_is_answered_by_a_duty_to_comply_that_is_drawn(knowledge):
    """A power to request is not drawn: the body asked gives under its own duty to comply.
    So nothing goes missing, each power's recipients must hold such a duty towards the
    power's holders."""
    comply = [
        g for g in knowledge.gateways.values() if g.nature is Nature.DUTY_TO_COMPLY_WITH_REQUEST
    ]
    powers = [g for g in knowledge.gateways.values() if role_of(g) is Role.REQUEST]
    assert powers
    for power in powers:
        answered = [
            g.id
            for g in comply
            if ("any" in g.holders or set(power.recipients) <= set(g.holders))
            and ("any" in g.recipients or set(power.holders) <= set(g.recipients))
        ]
        assert answered, f"{power.id}: no duty to comply answers this power to request"


@pytest.mark.parametrize(
    "purpose", ["safeguarding", "welfare-promotion", "child-protection-enquiry"]
)
def test_the_flows_are_the_gateways_ask_finds_for_each_pair(knowledge, purpose):
    """Cell by cell: the gateways drawn from A to B are exactly those `ask` lists as
    applicable for A telling B, over the practice settings (a duty to comply with a
    request arises only in its own setting)."""
    flows = sharing_flows(knowledge, PARTNERSHIP, purposes=[purpose], on=DAY)
    drawn: dict[tuple[str, str], set[str]] = {}
    for f in flows:
        drawn.setdefault((f.discloser, f.recipient), set()).add(f.gateway)
    for discloser in PARTNERSHIP:
        for recipient in PARTNERSHIP:
            if discloser == recipient:
                continue
            asked: set[str] = set()
            for context in Context:
                det = ask(
                    knowledge,
                    Scenario(
                        discloser=discloser, recipient=recipient, subject="child",
                        categories=["personal-data"], purpose=purpose, consent="refused",
                        context=context, as_at=DAY,
                    ),
                )  # fmt: skip
                asked |= {g.id for g in det.gateways}
            assert drawn.get((discloser, recipient), set()) == asked, (discloser, recipient)


def test_names_resolve_as_everywhere_and_unknown_ones_get_suggestions(knowledge):
    flows = sharing_flows(knowledge, ["chief constable", "Academy"], on=DAY)
    assert {f.discloser for f in flows} == {"chief-officer-of-police", "academy"}
    with pytest.raises(UnknownHolderError, match="did you mean"):
        sharing_flows(knowledge, ["academy", "shcool"], on=DAY)


@pytest.mark.parametrize(
    ("holders", "words"),
    [
        (["academy", "Academy"], "already among the holders"),
        (["academy", "teacher"], "an individual, not an organisation"),
        (["academy", "parent-with-parental-responsibility"], "an individual"),
        (["academy", "clinical-commissioning-group"], "does not exist in law on 2026-06-01"),
    ],
)
def test_bad_holders_are_refused_with_the_reason(knowledge, holders, words):
    with pytest.raises(FlowError, match=words):
        sharing_flows(knowledge, holders, on=DAY)
