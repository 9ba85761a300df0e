"""Identifiers: what a user pastes from legislation.gov.uk becomes one canonical form."""

from __future__ import annotations

import pytest

from lawgraph.errors import IdentifierError
from lawgraph.legislation.identifiers import LegislationId, canonical_id

# fmt: off
CASES = [
    ("ukpga/2004/31/section/16H", "ukpga/2004/31/section/16H", None),
    ("https://www.legislation.gov.uk/ukpga/2004/31/section/16H", "ukpga/2004/31/section/16H", None),
    ("http://www.legislation.gov.uk/id/ukpga/2018/12/schedule/1/paragraph/18",
     "ukpga/2018/12/schedule/1/paragraph/18", None),
    ("https://www.legislation.gov.uk/ukpga/2018/12/section/8/enacted",
     "ukpga/2018/12/section/8", "enacted"),
    ("https://www.legislation.gov.uk/ukpga/2018/12/2023-01-01/data.xml", "ukpga/2018/12",
     "2023-01-01"),
    ("legislation.gov.uk/eur/2016/679/article/9", "eur/2016/679/article/9", None),
    ("ukpga/Geo3/49/126", "ukpga/Geo3/49/126", None),
    ("apgb/Geo3/39-40/14/section/2", "apgb/Geo3/39-40/14/section/2", None),
    ("anaw/2020/3/section/2/welsh", "anaw/2020/3/section/2", None),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected", "version"), CASES)
def test_identifiers_and_urls_become_one_form(text: str, expected: str, version: str | None):
    parsed = LegislationId.parse(text)
    assert str(parsed) == expected
    assert parsed.version == version
    assert canonical_id(text) == expected


def test_parents_and_documents_follow_the_site_paths():
    s47_9 = LegislationId.parse("ukpga/1989/41/section/47/9")
    assert str(s47_9.parent) == "ukpga/1989/41/section/47"
    assert str(s47_9.document) == "ukpga/1989/41"
    para = LegislationId.parse("ukpga/2018/12/schedule/1/paragraph/18/2/c")
    assert [str(a) for a in para.ancestors()] == [
        "ukpga/2018/12/schedule/1/paragraph/18/2",
        "ukpga/2018/12/schedule/1/paragraph/18",
        "ukpga/2018/12/schedule/1",
        "ukpga/2018/12",
    ]
    assert s47_9.url() == "https://www.legislation.gov.uk/ukpga/1989/41/section/47/9"


@pytest.mark.parametrize("text", ["", "section 8", "xx/2004/31", "ukpga/20/31", "ukpga/2004"])
def test_not_an_identifier_says_what_is_expected(text: str):
    with pytest.raises(IdentifierError, match="ukpga/2004/31/section/16H"):
        LegislationId.parse(text)
