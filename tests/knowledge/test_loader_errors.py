"""One bad file per failure mode: each error names the file, the entry and the reason."""

from __future__ import annotations

import datetime as dt
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


# -- exists_from / exists_until -----------------------------------------------------------

_YOT_CITATION = (
    "    citations:\n"
    "      - id: ukpga/2018/12/schedule/7/paragraph/46\n"
    '        anchor: "A youth offending team established under section 39 of the Crime and '
    'Disorder Act 1998"\n'
)


def _with_existence(root: Path, block: str) -> None:
    path = root / "holders.yaml"
    text = path.read_text()
    assert _YOT_CITATION in text
    path.write_text(text.replace(_YOT_CITATION, _YOT_CITATION + block))


def test_a_dated_existence_is_loaded(make_data: Callable[[str | None], Path]):
    root = make_data(None)
    _with_existence(
        root,
        "    exists_from:\n      date: '2000-06-01'\n"
        "      citation: ukpga/2018/12/schedule/7/paragraph/46\n"
        "    exists_until:\n      date: '2030-03-31'\n"
        "      citation: ukpga/2018/12/schedule/7/paragraph/46\n",
    )
    span = load_knowledge(root).lifespan("youth-offending-team")
    assert (span.start, span.end) == (dt.date(2000, 6, 1), dt.date(2030, 3, 31))
    assert span.start_provision == "ukpga/2018/12/schedule/7/paragraph/46"
    assert span.start_gateway is None
    assert span.exists_on(dt.date(2000, 6, 1)) and span.exists_on(dt.date(2030, 3, 31))
    assert not span.exists_on(dt.date(2000, 5, 31)) and not span.exists_on(dt.date(2030, 4, 1))
    assert load_knowledge(root).lifespan("school").exists_on(dt.date(1066, 10, 14))


def test_a_derived_existence_takes_the_gateway_date_and_provision(
    make_data: Callable[[str | None], Path],
):
    root = make_data(None)
    _with_existence(root, "    exists_from:\n      gateway: demo-s11\n")
    k = load_knowledge(root)
    span = k.lifespan("youth-offending-team")
    assert span.start == dt.date(2019, 1, 1)
    assert span.start_gateway == "demo-s11"
    assert span.start_provision == k.gateways["demo-s11"].citations[0].id


@pytest.mark.parametrize(
    ("block", "error", "words"),
    [
        (
            "    exists_from:\n      date: '2000-06-01'\n",
            SchemaError,
            ["holder 'youth-offending-team'", "needs the citation"],
        ),
        (
            "    exists_from:\n      date: '2000-06-01'\n      citation: ukpga/2018/12/section/3\n",
            SchemaError,
            ["not among the holder's citations"],
        ),
        (
            "    exists_from:\n      date: '2000-06-01'\n      gateway: demo-s11\n",
            SchemaError,
            ["either a date", "or a gateway"],
        ),
        (
            "    exists_from:\n      gateway: no-such-gateway\n",
            UnknownReferenceError,
            ["holders.yaml:", "exists_from.gateway names 'no-such-gateway'"],
        ),
        (
            "    exists_until:\n      gateway: demo-s11\n",
            SchemaError,
            ["derived from gateway 'demo-s11'", "records no in_force_to"],
        ),
        (
            "    exists_from:\n      date: '2031-01-01'\n"
            "      citation: ukpga/2018/12/schedule/7/paragraph/46\n"
            "    exists_until:\n      date: '2030-12-31'\n"
            "      citation: ukpga/2018/12/schedule/7/paragraph/46\n",
            SchemaError,
            ["exists_from 2031-01-01 is after exists_until 2030-12-31"],
        ),
    ],
    ids=[
        "no-citation",
        "citation-not-own",
        "date-and-gateway",
        "unknown-gateway",
        "no-date",
        "order",
    ],
)
def test_bad_existence_is_reported_precisely(
    block: str,
    error: type[KnowledgeError],
    words: list[str],
    make_data: Callable[[str | None], Path],
):
    root = make_data(None)
    _with_existence(root, block)
    with pytest.raises(error) as info:
        load_knowledge(root)
    for word in words:
        assert word in str(info.value), f"{word!r} missing from: {info.value}"
