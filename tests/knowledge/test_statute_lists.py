"""Statutory lists read from the text, and matched against the holders in data/holders.yaml.

DPA 2018 Schedule 7 is held as XML, so every item must map to a holder citing it. The
other lists (CA 2004 s.10(4) and s.11(1), CA 1989 s.47(11), CDA 1998 s.115(2), Care Act
2014 s.6(7), SI 2018/789 Schedule) are not held as XML; they are read from the verbatim
copies in ../shared/statute-text (tests fail, never skip, without it). Each item must be
cited by a holder, or mapped below to the holder ids it names, or be listed as
deliberately unmapped with the reason.
"""

from __future__ import annotations

import pytest

from lawgraph.knowledge import Knowledge, extract_list
from lawgraph.knowledge.statute_lists import ListItem, flatten
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.reference_text import ReferenceText, load_reference_text
from lawgraph.settings import REFERENCE_ENV, reference_text_dir

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


@pytest.fixture(scope="module")
def reference() -> ReferenceText:
    folder = reference_text_dir()
    if folder is None or not folder.is_dir():
        pytest.fail(
            "the reference statute text was not found: put it in ../shared/statute-text "
            f"(beside the checkout) or point {REFERENCE_ENV} at a copy"
        )
    return load_reference_text(folder)


# Items no holder cites yet, mapped to the holder ids the item names. Each id must be
# defined in data/holders.yaml. Where a holder cites the draft instrument's paragraph
# (ukdsi/2018/9780111167540, the same words), the made instrument's item maps to it here.
MAPPED: dict[str, tuple[str, ...]] = {
    "ukpga/2004/31/section/11/1/ba": ("nhs-england",),
    "ukpga/2004/31/section/11/1/la": ("secure-college",),
    "ukpga/2004/31/section/10/4/da": ("nhs-england",),
    "ukpga/2004/31/section/10/4/db": ("integrated-care-board",),
    "ukpga/2004/31/section/10/4/fe": ("secretary-of-state",),
    "ukpga/1989/41/section/47/11/a": ("local-authority",),
    "ukpga/1989/41/section/47/11/c": ("local-authority-housing",),
    "ukpga/1989/41/section/47/11/ca": ("nhs-england",),
    "ukpga/1998/37/section/115/2/a": ("chief-officer-of-police",),
    "ukpga/1998/37/section/115/2/b": ("police-scotland",),
    "ukpga/1998/37/section/115/2/c": ("local-policing-body",),
    "ukpga/1998/37/section/115/2/e": ("local-probation-board",),
    "ukpga/1998/37/section/115/2/ec": ("probation-provider",),
    "ukpga/1998/37/section/115/2/fa": ("nhs-england",),
    "ukpga/1998/37/section/115/2/fb": ("integrated-care-board",),
    "ukpga/1998/37/section/115/2/i": ("fire-and-rescue-authority",),
    "ukpga/1998/37/section/115/2/ia": ("fire-and-rescue-authority",),
    "ukpga/1998/37/section/115/2/j": ("fire-and-rescue-authority",),
    "ukpga/2014/23/section/6/7/a": ("district-council",),
    "ukpga/2014/23/section/6/7/b": ("local-authority", "district-council"),
    "ukpga/2014/23/section/6/7/c": ("nhs-body",),
    "ukpga/2014/23/section/6/7/e": ("chief-officer-of-police",),
    "ukpga/2014/23/section/6/7/f": ("minister-for-prisons",),
    "ukpga/2014/23/section/6/7/g": ("probation-provider",),
    "uksi/2018/789/schedule/paragraph/6": ("pupil-referral-unit",),
    "uksi/2018/789/schedule/paragraph/7": ("independent-school",),
    "uksi/2018/789/schedule/paragraph/8": ("section-342-approved-school",),
    "uksi/2018/789/schedule/paragraph/9": ("special-post-16-institution",),
    "uksi/2018/789/schedule/paragraph/10": ("further-education-institution",),
    "uksi/2018/789/schedule/paragraph/11": ("higher-education-provider",),
    "uksi/2018/789/schedule/paragraph/13": ("early-years-provider", "childminder"),
    "uksi/2018/789/schedule/paragraph/14": ("childrens-centre-provider",),
    "uksi/2018/789/schedule/paragraph/15": ("nhs-england",),
    "uksi/2018/789/schedule/paragraph/16": ("nhs-trust",),
    "uksi/2018/789/schedule/paragraph/17": ("nhs-foundation-trust",),
    "uksi/2018/789/schedule/paragraph/24": ("district-council",),
    "uksi/2018/789/schedule/paragraph/25": ("cafcass",),
    "uksi/2018/789/schedule/paragraph/26": ("prison-governor",),
    "uksi/2018/789/schedule/paragraph/27": ("probation-provider",),
    "uksi/2018/789/schedule/paragraph/28": ("secure-college",),
    "uksi/2018/789/schedule/paragraph/29": ("secure-training-centre",),
    "uksi/2018/789/schedule/paragraph/30": ("youth-offender-institution",),
    "uksi/2018/789/schedule/paragraph/31": ("youth-offending-team",),
    "uksi/2018/789/schedule/paragraph/32": ("british-transport-police",),
    "uksi/2018/789/schedule/paragraph/33": ("common-council-city-of-london",),
    "uksi/2018/789/schedule/paragraph/34": ("port-police",),
    "uksi/2018/789/schedule/paragraph/36": ("charity",),
}

NOT_YET = "holder not yet in taxonomy"

# ---- DELIBERATELY UNMAPPED: reconcile with data/holders.yaml after merging -------------
# Items that name no holder in data/holders.yaml today, with the reason. When a holder is
# added (or cites the item), this test fails until the entry is moved to MAPPED or removed.
UNMAPPED: dict[str, str] = {}
# ---------------------------------------------------------------------------------------

LISTS = [
    ("ukpga/2004/31/section/11/1", 18, ["c", "e"]),
    ("ukpga/2004/31/section/10/4", 16, ["e", "g"]),
    ("ukpga/1989/41/section/47/11", 6, ["b"]),
    ("ukpga/1998/37/section/115/2", 18, ["ea", "g"]),
    ("ukpga/2014/23/section/6/7", 8, []),
    ("uksi/2018/789/schedule", 38, []),
]


def _cited_by(item: ListItem, cited: dict[str, list[str]]) -> list[str]:
    """Holders citing the item, or (for an item with sub-items) citing every sub-item."""
    if item.identifier in cited:
        return cited[item.identifier]
    subs = [s for s in item.items if not s.omitted]
    if subs and all(s.identifier in cited for s in subs):
        return [h for s in subs for h in cited[s.identifier]]
    return []


@pytest.mark.parametrize(("identifier", "count", "omitted"), LISTS)
def test_statutory_list_items_map_to_holders(
    identifier: str, count: int, omitted: list[str], reference: ReferenceText, real: Knowledge
):
    (provision,) = reference.provisions(identifier)
    items = extract_list(provision)
    assert len(items) == count, [i.number for i in items]
    assert [i.number for i in items if i.omitted] == omitted
    cited = _cited_items(real)
    problems = []
    for item in items:
        if item.omitted:
            continue
        holders = _cited_by(item, cited)
        if item.identifier in UNMAPPED:
            if holders:
                problems.append(
                    f"{item.identifier} is now cited by {holders}: remove it from UNMAPPED"
                )
            continue
        if not holders:
            holders = list(MAPPED.get(item.identifier, ()))
        if not holders:
            problems.append(f"{item.identifier}: {item.lead} (no holder, not listed as unmapped)")
        problems.extend(
            f"{item.identifier}: {h} is not in data/holders.yaml"
            for h in holders
            if h not in real.holders
        )
    assert problems == [], problems


def test_the_mapping_tables_name_real_list_items(reference: ReferenceText):
    items = {
        i.identifier
        for identifier, _, _ in LISTS
        for i in flatten(extract_list(reference.provisions(identifier)[0]))
    }
    assert sorted(set(MAPPED) - items) == []
    assert sorted(set(UNMAPPED) - items) == []
    assert set(MAPPED).isdisjoint(UNMAPPED)
    assert all(reason.strip() for reason in UNMAPPED.values())


def test_reference_list_items_keep_their_cross_headings(reference: ReferenceText):
    items = extract_list(reference.provisions("uksi/2018/789/schedule")[0])
    assert items[0].identifier == "uksi/2018/789/schedule/paragraph/1"
    assert items[0].group == "Education and childcare"
    assert items[14].group == "Health and Social Care"
    assert items[-1].group == "Miscellaneous"
    assert items[11].lead == "Any provider of education or training\u2014"
    assert [s.number for s in items[11].items] == ["a", "b"]
    # footnote markers of the Markdown copy are not part of the words
    assert items[0].lead.endswith("section 1A of the Academies Act 2010.")


def test_reference_list_reads_letters_and_sub_items(reference: ReferenceText):
    s115 = extract_list(reference.provisions("ukpga/1998/37/section/115/2")[0])
    d = next(i for i in s115 if i.number == "d")
    assert [s.number for s in d.items] == ["i", "ii", "iii"]
    # (i) after (h) is a paragraph letter, not a roman numeral under (h)
    assert [i.number for i in s115][-4:] == ["h", "i", "ia", "j"]
    assert s115[-3].lead.startswith("a fire and rescue authority constituted by a scheme")
