"""Statutory lists read from the XML, and matched against the holders that cite their items.

DPA 2018 Schedule 7 is held, so every item must map to a holder. Children Act 2004 and the
Crime and Disorder Act 1998 are not in the reference corpus; their tests skip, saying how to
fetch them, and run in full once ``lawgraph fetch`` has put them in statutes/.
"""

from __future__ import annotations

import pytest

from lawgraph.errors import NotHeldError
from lawgraph.knowledge import Knowledge, extract_list
from lawgraph.knowledge.statute_lists import ListItem, flatten
from lawgraph.legislation.corpus import Corpus
from lawgraph.settings import legislation_dirs

SCHEDULE_7 = "ukpga/2018/12/schedule/7"


def _cited_items(knowledge: Knowledge) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for holder in knowledge.holders.values():
        for c in holder.citations:
            out.setdefault(c.id, []).append(holder.id)
    return out


def _unmapped(items: list[ListItem], knowledge: Knowledge) -> list[str]:
    cited = _cited_items(knowledge)
    return [
        f"{i.identifier}: {i.lead}" for i in items if not i.omitted and i.identifier not in cited
    ]


def test_schedule_7_items_are_read_in_order_with_their_cross_headings(corpus: Corpus):
    items = extract_list(corpus.provision(SCHEDULE_7))
    numbers = [i.number for i in items]
    assert len(items) == 59
    assert numbers[:5] == ["1", "2", "3", "4", "5"]
    assert "15A" in numbers and "18A" in numbers and numbers[-1] == "57"
    assert items[0].group is None
    assert items[4].group == "Chief officers of police and other policing bodies"
    para16 = items[numbers.index("16")]
    assert para16.lead == "The chief officer of\u2014"
    assert [s.number for s in para16.items] == ["a", "b", "c"]
    assert para16.items[2].identifier == "ukpga/2018/12/schedule/7/paragraph/16/c"
    assert len(flatten(items)) == 59 + 3 + 2 + 2  # paras 16, 43 and 44 have sub-items


def test_every_schedule_7_item_maps_to_a_competent_authority_holder(
    corpus: Corpus, real: Knowledge
):
    items = extract_list(corpus.provision(SCHEDULE_7))
    assert _unmapped(items, real) == []
    cited = _cited_items(real)
    for item in items:
        for holder_id in cited[item.identifier]:
            assert real.holders[holder_id].competent_authority is True, holder_id


def test_omitted_items_are_flagged(corpus: Corpus):
    items = extract_list(corpus.provision("ukpga/2018/12/section/3/9"))
    assert [(i.number, i.omitted) for i in items] == [
        ("a", False),
        ("b", True),
        ("c", False),
        ("d", False),
        ("e", True),
    ]


def _statute_list(identifier: str, title: str) -> list[ListItem]:
    doc = identifier.split("/section/")[0]
    corpus = Corpus(legislation_dirs())
    if not corpus.holds(doc):
        pytest.skip(f"{title} not held: run lawgraph fetch {doc}")
    try:
        return extract_list(corpus.provision(identifier))
    except NotHeldError as exc:  # held, but the provision is not: a real failure
        pytest.fail(str(exc))


@pytest.mark.parametrize(
    ("identifier", "title"),
    [
        ("ukpga/2004/31/section/10/4", "Children Act 2004"),
        ("ukpga/2004/31/section/11/1", "Children Act 2004"),
        ("ukpga/1998/37/section/115/2", "Crime and Disorder Act 1998"),
    ],
)
def test_statutory_list_items_map_to_holders(identifier: str, title: str, real: Knowledge):
    items = _statute_list(identifier, title)
    assert items, f"{identifier} has no list items in the text held"
    unmapped = _unmapped(items, real)
    assert unmapped == [], (
        f"items of {identifier} that no holder in data/holders.yaml cites; add the holder "
        f"(or a citation on an existing one) with the item's words as anchor: {unmapped}"
    )
