"""Issue 13, item 7: every holder's public-authority status is a cited data field.

DPA 2018 s.7(1) makes the UK GDPR's public authorities those defined by FOIA 2000 (the
bodies in its Schedule 1) or FOI(S)A 2002, and s.7(3) takes parish and community councils
out. Each holder's ``public_authority_basis`` cites s.7 and the Schedule 1 entry; where
the entry is missing from ../shared/statute-text, the status is ``uncertain`` with why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lawgraph.knowledge import Knowledge, SchemaError, load_knowledge
from lawgraph.knowledge.models import PUBLIC_AUTHORITY_DEFINITION, Status

FOIA_SCH1 = "ukpga/2000/36/schedule/1/"


def test_every_holder_has_a_basis_citing_dpa_s7(real: Knowledge) -> None:
    for h in real.holders.values():
        basis = h.public_authority_basis
        assert any(c.id.startswith(PUBLIC_AUTHORITY_DEFINITION) for c in basis.citations), h.id
        if basis.status is Status.UNCERTAIN:
            assert basis.reason, h.id


def test_a_verified_public_authority_cites_its_schedule_1_entry(real: Knowledge) -> None:
    for h in real.holders.values():
        basis = h.public_authority_basis
        if basis.status is Status.VERIFIED and h.public_authority is True:
            assert any(c.id.startswith(FOIA_SCH1) for c in basis.citations), h.id


@pytest.mark.parametrize(
    ("holder", "entry", "status"),
    [
        ("chief-officer-of-police", "paragraph/59", Status.VERIFIED),
        ("nhs-trust", "paragraph/40", Status.VERIFIED),
        ("maintained-school", "paragraph/52/a", Status.VERIFIED),
        ("academy", "paragraph/52A/1", Status.VERIFIED),
        ("integrated-care-board", "paragraph/37B", Status.VERIFIED),
        ("london-fire-commissioner", "paragraph/20", Status.VERIFIED),
        # para 44 is read (general medical services), but other primary medical services
        # are under a lettered paragraph missing from the copy held
        ("gp-practice", "paragraph/44", Status.UNCERTAIN),
    ],
)
def test_the_schedule_1_entry_each_rests_on(
    real: Knowledge, holder: str, entry: str, status: Status
) -> None:
    basis = real.holders[holder].public_authority_basis
    assert FOIA_SCH1 + entry in {c.id for c in basis.citations}
    assert basis.status is status


def test_a_body_whose_entry_is_not_in_the_mirror_is_uncertain_and_says_why(
    real: Knowledge,
) -> None:
    for holder in ("nhs-england", "cafcass", "national-crime-agency", "police-scotland"):
        basis = real.holders[holder].public_authority_basis
        assert basis.status is Status.UNCERTAIN
        assert "not proved" in (basis.reason or ""), holder


def test_parish_and_community_councils_are_not_uk_gdpr_public_authorities(
    real: Knowledge,
) -> None:
    """FOIA Sch 1 para 7 lists them, but DPA 2018 s.7(3)(a) and (b) exclude them."""
    for holder, excluded in (
        ("parish-council", "ukpga/2018/12/section/7/3/a"),
        ("welsh-community-council", "ukpga/2018/12/section/7/3/b"),
    ):
        h = real.holders[holder]
        assert h.public_authority is False
        assert excluded in {c.id for c in h.public_authority_basis.citations}


def test_gp_practice_is_a_public_authority_only_for_its_nhs_services(real: Knowledge) -> None:
    h = real.holders["gp-practice"]
    assert h.public_authority == "depends"
    assert "NHS services" in (h.public_authority_basis.scope or "")


def test_a_holder_without_the_field_is_refused_naming_file_and_line(
    make_data: Callable[[str | None], Path],
) -> None:
    root = make_data(None)
    path = root / "holders.yaml"
    text = path.read_text()
    start = text.index("    public_authority_basis:")
    end = text.index("    competent_authority:", start)
    path.write_text(text[:start] + text[end:])
    with pytest.raises(SchemaError, match=r"holders\.yaml:\d+:.*public_authority_basis"):
        load_knowledge(root)


def test_an_uncertain_basis_without_a_reason_is_refused(
    make_data: Callable[[str | None], Path],
) -> None:
    root = make_data(None)
    path = root / "holders.yaml"
    text = path.read_text()
    line = "      reason: A test fixture; its Schedule 1 entry was not looked for.\n"
    assert line in text
    path.write_text(text.replace(line, "", 1))
    with pytest.raises(SchemaError, match="uncertain public_authority_basis needs a reason"):
        load_knowledge(root)
