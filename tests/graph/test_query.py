"""Queries against the real data: what the data files say, computed and spelt out."""

from __future__ import annotations

import datetime as dt

import pytest

from lawgraph.graph import (
    GatewayGraph,
    ancestors_of,
    conditions_for,
    gateways_for,
    holders_of,
    provisions_citing,
)
from lawgraph.knowledge import Knowledge
from lawgraph.knowledge.models import ANY, Commencement

ON = dt.date(2026, 11, 21)


def _expected(knowledge: Knowledge, holder: str, purpose: str | None = None) -> list[str]:
    """The answer computed straight from the knowledge models."""
    return [
        g.id for g in knowledge.gateways_held_by(holder) if purpose is None or purpose in g.purposes
    ]


def test_academy_safeguarding_gateways_are_what_the_data_says(
    graph: GatewayGraph, knowledge: Knowledge
):
    found = gateways_for(graph, "academy", purpose="safeguarding")
    assert found == _expected(knowledge, "academy", "safeguarding")
    # ca2004-s16H: any person asked under CA 2004 s.16H must comply (s.16H(2), issue 11)
    assert found == [
        "csprr2018-schedule",
        "ca2004-s16H",
        "ca2004-s16LC",
        "iss2014-sch-para7",
        "sapr2024-reg13-4",
        "sapr2024-reg13-1",
    ]
    # s.175(3A) names only the proprietor of a 16 to 19 Academy: other academies do not
    # hold the s.175 duty (their welfare standard is SI 2014/3283 Sch para 7, under ESA 2008
    # Part 4), while a 16 to 19 Academy does. EA 2002 s.157 now applies to independent
    # schools in Wales only (s.158, s.171), so an English academy does not hold it.
    assert "ea2002-s175" not in found
    assert "ea2002-s157" not in found
    assert "iss2014-sch-para7" not in gateways_for(graph, "sixteen-to-nineteen-academy")
    assert "ea2002-s175" in gateways_for(graph, "sixteen-to-nineteen-academy")
    assert "academy-proprietor" not in knowledge.gateways["ea2002-s175"].holders


def test_an_academy_inherits_its_ancestors_gateways(graph: GatewayGraph, knowledge: Knowledge):
    assert ancestors_of(graph, "academy") == [
        "academy",
        "school",
        "academy-proprietor",
        "education-provider",
    ]
    mine = set(gateways_for(graph, "academy"))
    for ancestor in ("school", "academy-proprietor", "education-provider", ANY):
        for g in knowledge.gateways.values():
            if ancestor in g.holders:
                assert g.id in mine, (ancestor, g.id)
    assert set(gateways_for(graph, "school")) <= mine
    for h in knowledge.holders:
        assert gateways_for(graph, h) == _expected(knowledge, h)


def test_prospective_gateways_are_left_out_on_a_date(graph: GatewayGraph, knowledge: Knowledge):
    assert knowledge.gateways["ca2004-s16LA"].commencement is Commencement.PROSPECTIVE
    assert "ca2004-s16LA" in gateways_for(graph, "local-authority")
    assert "ca2004-s16LA" not in gateways_for(graph, "local-authority", on=ON)
    prospective = {
        g.id for g in knowledge.gateways.values() if g.commencement is Commencement.PROSPECTIVE
    }
    for h in knowledge.holders:
        assert prospective.isdisjoint(gateways_for(graph, h, on=ON))


def test_in_force_from_is_respected(graph: GatewayGraph, knowledge: Knowledge):
    assert knowledge.gateways["daa2021-s49a"].in_force_from == "2025-11-07"
    police = "chief-officer-of-police"
    assert "daa2021-s49a" not in gateways_for(graph, police, on=dt.date(2025, 11, 6))
    assert "daa2021-s49a" in gateways_for(graph, police, on=dt.date(2025, 11, 7))


def test_recipient_matches_through_is_a(graph: GatewayGraph):
    police = "chief-officer-of-police"
    assert "daa2021-s49a" in gateways_for(graph, police, recipient="school")
    assert "daa2021-s49a" in gateways_for(graph, police, recipient="academy")  # is a school
    # s.47(1) shares with nobody named, so no recipient matches it
    assert "ca1989-s47-1" in gateways_for(graph, "local-authority-childrens-services")
    assert "ca1989-s47-1" not in gateways_for(
        graph, "local-authority-childrens-services", recipient="police"
    )


def test_unknown_names_raise_key_error(graph: GatewayGraph):
    with pytest.raises(KeyError):
        gateways_for(graph, "acadmy")
    with pytest.raises(KeyError):
        gateways_for(graph, "academy", purpose="no-such-purpose")
    with pytest.raises(KeyError):
        holders_of(graph, "no-such-gateway")


def test_holders_and_conditions_of_a_gateway(graph: GatewayGraph, knowledge: Knowledge):
    assert holders_of(graph, "ea2002-s175") == list(knowledge.gateways["ea2002-s175"].holders)
    assert conditions_for(graph, "daa2021-s49a") == ["uk-gdpr-art6-1-c"]
    assert conditions_for(graph, "ca2004-s16LC") == ["uk-gdpr-art6-1-c", "uk-gdpr-art6-1-e"]
    # s.16H(2) "must comply with the request": a legal obligation (read as inserted, issue 11)
    assert conditions_for(graph, "ca2004-s16H") == ["uk-gdpr-art6-1-c"]


def test_provisions_citing_para_18_finds_its_condition(graph: GatewayGraph):
    para18 = "ukpga/2018/12/schedule/1/paragraph/18"
    citing = provisions_citing(graph, para18)
    assert "condition:dpa-sch1-para18" in citing
    # part 2 of Schedule 1 contains para 18 (by structure, not by identifier)
    assert "condition:dpa-sch1-para18" in provisions_citing(
        graph, "ukpga/2018/12/schedule/1/part/2"
    )
    assert provisions_citing(graph, "ukpga/2018/12/section/999") == set()


def test_provisions_citing_works_by_identifier_when_not_held(graph: GatewayGraph):
    citing = provisions_citing(graph, "ukpga/2004/31/section/16LA")
    assert "gateway:ca2004-s16LA" in citing
    assert "gateway:ea2002-s175" not in citing
