"""Holder lookups: aliases (case-insensitive), suggestions, non-holders, is_a inheritance."""

from __future__ import annotations

import pytest

from lawgraph.knowledge import Knowledge, UnknownHolderError


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("academy", "academy"),
        ("Children's social care", "local-authority-childrens-services"),
        ("children\u2019s   SOCIAL care", "local-authority-childrens-services"),
        ("CSC", "local-authority-childrens-services"),
        ("ICB", "integrated-care-board"),
        ("yot", "youth-offending-team"),
        ("Police and Crime Commissioner", "local-policing-body"),
        ("16-19 academy", "sixteen-to-nineteen-academy"),
        ("FE college", "further-education-institution"),
        ("Cafcass (Children and Family Court Advisory and Support Service)", "cafcass"),
    ],
)
def test_ids_names_and_aliases_resolve(real: Knowledge, asked: str, expected: str):
    assert real.holder(asked).id == expected


def test_a_typo_gets_suggestions(real: Knowledge):
    with pytest.raises(UnknownHolderError) as info:
        real.holder("acadmy")
    message = str(info.value)
    assert "no holder has the id or alias 'acadmy'" in message
    assert "did you mean: academy" in message
    assert isinstance(info.value, LookupError)


def test_mash_is_a_context_not_a_holder(real: Knowledge):
    with pytest.raises(UnknownHolderError, match=r"'MASH' is not a duty holder: .*context"):
        real.holder("MASH")
    with pytest.raises(UnknownHolderError, match="not a duty holder"):
        real.holder("Multi-Agency Safeguarding Hub")


def test_ancestors_follow_is_a_nearest_first(real: Knowledge):
    assert real.ancestors("free-school") == [
        "academy",
        "school",
        "academy-proprietor",
        "education-provider",
    ]
    assert real.ancestors("chief-officer-of-police") == ["police"]
    assert real.ancestors("nhs-foundation-trust") == ["nhs-body"]
    assert real.ancestors("local-authority-childrens-services") == ["local-authority"]
    assert real.ancestors("childminder") == ["early-years-provider", "education-provider"]
    assert "free-school" in real.descendants("school")


def test_gateways_held_by_include_inherited_duties(real: Knowledge):
    academy = {g.id for g in real.gateways_held_by("academy", include_any=False)}
    # held by school (an ancestor); not s.175, which names only 16 to 19 Academies
    assert {"csprr2018-schedule", "sapr2024-reg13-1"} <= academy
    assert "ea2002-s175" not in academy
    sixteen = {g.id for g in real.gateways_held_by("16 to 19 academy", include_any=False)}
    assert "ea2002-s175" in sixteen
    free = {g.id for g in real.gateways_held_by("free school", include_any=False)}
    assert academy <= free
    police = {g.id for g in real.gateways_held_by("chief-officer-of-police", include_any=False)}
    assert {"ca2004-s11", "ca2004-s16E", "daa2021-s49a", "cja2003-s325"} <= police
    # 'any' holders (e.g. the s.115 power) are included unless asked not to
    assert "cda1998-s115" in {g.id for g in real.gateways_held_by("academy")}
    assert "cda1998-s115" not in academy


def test_gateways_received_by(real: Knowledge):
    received = {g.id for g in real.gateways_received_by("school", include_any=False)}
    assert "daa2021-s49a" in received


def test_public_and_competent_authority_flags(real: Knowledge):
    assert real.holder("gp-practice").public_authority == "depends"
    assert real.holder("voluntary-organisation").public_authority is False
    assert real.holder("charity").public_authority is False
    assert real.holder("independent-school").public_authority is False
    assert real.holder("childminder").public_authority is False
    assert real.holder("academy").public_authority is True
    assert real.holder("chief-officer-of-police").competent_authority is True
    assert real.holder("youth-offending-team").competent_authority is True
    assert real.holder("school").competent_authority is False
