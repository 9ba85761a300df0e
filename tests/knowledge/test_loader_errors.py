"""One bad file per failure mode: each error names the file, the entry and the reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lawgraph.knowledge import (
    CycleError,
    DataFileNotFoundError,
    DuplicateIdError,
    DuplicateKeyError,
    KnowledgeError,
    SchemaError,
    UnknownReferenceError,
    load_knowledge,
)

# overlay folder -> (error type, words the message must contain)
CASES: dict[str, tuple[type[KnowledgeError], list[str]]] = {
    "duplicate-key": (
        DuplicateKeyError,
        ["purposes.yaml:5:", "duplicate key 'title'", "first written on line 3"],
    ),
    "duplicate-id": (
        DuplicateIdError,
        ["zz-second.yaml:4:", "gateway 'demo-s11'", "defined twice", "demo.yaml:4"],
    ),
    "unknown-holder": (
        UnknownReferenceError,
        [
            "demo.yaml:",
            "gateway 'demo-s11'",
            "holders names 'nobody-at-all'",
            "not a defined holder",
        ],
    ),
    "anchor-null-verified": (
        SchemaError,
        ["categories.yaml:", "category 'personal-data'", "anchor is null", "status is verified"],
    ),
    "unknown-field": (
        SchemaError,
        ["purposes.yaml:5:", "purpose 'safeguarding'", "unknown field 'colour'"],
    ),
    "is-a-cycle": (
        CycleError,
        ["holders.yaml:", "holder 'education-provider'", "is_a cycle", "free-school"],
    ),
    "bad-identifier": (
        SchemaError,
        [
            "demo.yaml:",
            "gateway 'demo-s11'",
            "citations.1.id",
            "not a legislation.gov.uk identifier",
        ],
    ),
}


def test_the_valid_fixture_loads(make_data: Callable[[str | None], Path]):
    k = load_knowledge(make_data(None))
    assert list(k.holders) == [
        "education-provider",
        "school",
        "academy-proprietor",
        "academy",
        "free-school",
        "youth-offending-team",
    ]
    assert list(k.gateways) == ["demo-s11"]
    assert k.gateway_documents["demo-s11"] == "ukpga/2004/31"
    assert k.gateways["demo-s11"].in_force_from == "2019-01-01"


@pytest.mark.parametrize("overlay", sorted(CASES))
def test_each_failure_mode_is_reported_precisely(
    overlay: str, make_data: Callable[[str | None], Path]
):
    error, words = CASES[overlay]
    root = make_data(overlay)
    with pytest.raises(error) as info:
        load_knowledge(root)
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} missing from: {message}"
    assert info.value.path is not None and info.value.path.startswith(str(root))


def test_missing_required_file(make_data: Callable[[str | None], Path]):
    root = make_data(None)
    (root / "purposes.yaml").unlink()
    with pytest.raises(DataFileNotFoundError, match=r"purposes\.yaml is missing"):
        load_knowledge(root)


def test_uncertain_needs_a_reason(make_data: Callable[[str | None], Path]):
    root = make_data(None)
    path = root / "purposes.yaml"
    path.write_text(path.read_text().replace("status: verified", "status: uncertain"))
    with pytest.raises(SchemaError, match="status_reason is missing"):
        load_knowledge(root)


def test_unknown_top_level_key(make_data: Callable[[str | None], Path]):
    root = make_data(None)
    path = root / "gateways" / "demo.yaml"
    path.write_text(path.read_text() + "proposed_holders: []\n")
    with pytest.raises(SchemaError, match="unknown top-level key 'proposed_holders'"):
        load_knowledge(root)


def test_non_canonical_identifier_is_refused(make_data: Callable[[str | None], Path]):
    root = make_data(None)
    path = root / "categories.yaml"
    path.write_text(
        path.read_text().replace(
            "ukpga/2018/12/section/3/2", "https://www.legislation.gov.uk/ukpga/2018/12/section/3/2"
        )
    )
    with pytest.raises(SchemaError, match="not in canonical form"):
        load_knowledge(root)


def test_ambiguous_alias_is_refused(make_data: Callable[[str | None], Path]):
    root = make_data(None)
    path = root / "holders.yaml"
    path.write_text(path.read_text().replace('aliases: ["YOT"]', 'aliases: ["YOT", "Schools"]'))
    with pytest.raises(SchemaError, match="'Schools' is already used by holder 'school'"):
        load_knowledge(root)


def test_bad_date_and_bad_extent(make_data: Callable[[str | None], Path]):
    root = make_data(None)
    path = root / "gateways" / "demo.yaml"
    text = path.read_text()
    path.write_text(text.replace("in_force_from: '2019-01-01'", "in_force_from: '2019-02-30'"))
    with pytest.raises(SchemaError, match="not a real calendar date"):
        load_knowledge(root)
    path.write_text(text.replace("extent: E+W", "extent: E+X"))
    with pytest.raises(SchemaError, match="unknown extent token 'X'"):
        load_knowledge(root)
