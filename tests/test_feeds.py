"""The four genuine legislation.gov.uk Atom feeds in the reference corpus read into `Feed`.

Expected values were read from the files themselves (``zcat FILE``); counts are also
checked against the raw XML so an entry, effect or in-force record cannot go missing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from pydantic import ValidationError

from lawgraph.errors import MalformedXMLError, NotCLMLError
from lawgraph.legislation.feeds import Feed, parse_feed, read_any, read_feed
from lawgraph.legislation.models import Document
from lawgraph.legislation.namespaces import ATOM, UKM
from lawgraph.legislation.reader import read_xml
from tests.conftest import require_corpus

UTC = dt.UTC
BST = dt.timezone(dt.timedelta(hours=1))

CHANGES_2002_38 = "changes-affecting-ukpga-2002-38-feed.xml.gz"
SEARCH_2018 = "sample-atom-ukpga-2018.xml.gz"
SEARCH_PAGE1 = "sample-atom-ukpga-page1.xml.gz"
CHANGES_DPA = "sample-dpa-2018-changes.feed.xml.gz"
#: file -> (entries, distinct entry ids, effects, ukm:InForce records)
COUNTS = {
    CHANGES_2002_38: (336, 54, 336, 698),
    SEARCH_2018: (20, 20, 0, 0),
    SEARCH_PAGE1: (20, 20, 0, 0),
    CHANGES_DPA: (50, 50, 50, 99),
}


def _feed_path(name: str) -> Path:
    return require_corpus() / "corpus" / "feeds" / name


def test_the_corpus_holds_exactly_these_four_feeds() -> None:
    names = sorted(p.name for p in (require_corpus() / "corpus" / "feeds").iterdir())
    assert names == sorted(COUNTS)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_every_entry_effect_and_in_force_record_is_read(name: str) -> None:
    path = _feed_path(name)
    feed = read_feed(path)
    entries, distinct, effects, in_force = COUNTS[name]
    assert len(feed.entries) == entries
    assert len({e.id for e in feed.entries}) == distinct
    assert len(feed.effects()) == effects
    assert sum(len(e.in_force) for e in feed.effects()) == in_force
    # the same counts straight from the XML: nothing dropped on the way into the model
    raw = read_xml(path)
    assert len(raw.findall(f"{{{ATOM}}}entry")) == entries
    assert len(list(raw.iter(f"{{{UKM}}}Effect"))) == effects
    assert len(list(raw.iter(f"{{{UKM}}}InForce"))) == in_force
    assert feed.source == str(path)


def test_changes_feed_affecting_adoption_and_children_act() -> None:
    feed = read_feed(_feed_path(CHANGES_2002_38))
    # this served feed has no feed-level <id>, and its entries repeat ids: kept as served
    assert feed.id is None
    assert feed.title == "Changes to Legislation"
    assert feed.updated == dt.datetime(2022, 4, 1, 12, 15, 49, 175521, tzinfo=BST)
    assert (feed.total_results, feed.items_per_page, feed.start_index) == (336, 500, 1)
    assert (feed.page, feed.more_pages, feed.total_pages) == (1, 1, None)
    assert feed.link("first") == (
        "http://www.legislation.gov.uk/changes/affecting/ukpga/2002/38/data.feed"
        "?results-count=500&sort=modified"
    )

    first = feed.entries[0]
    assert first.id == (
        "http://www.legislation.gov.uk/changes/affected/ukpga/1995/36/affecting/ukpga/2002/38"
        "/modified/2022-03-30T14:23:33Z"
    )
    assert first.title == "Adoption and Children Act 2002 effect on Children (Scotland) Act 1995"
    assert first.updated == dt.datetime(2022, 3, 30, 14, 23, 33, tzinfo=UTC)
    assert first.author is None  # served as an empty <name/>
    effect = first.effect
    assert effect is not None
    assert effect.effect_id == "key-95dc8d93469fa331840501843fd2ab44"
    assert effect.type == "restricted by 1978 c. 28 s.53C (as inserted)"
    assert (effect.applied, effect.requires_applied, effect.row) == (True, True, 211)
    assert effect.affected_id == "ukpga/1995/36"
    assert effect.affecting_id == "ukpga/2002/38"
    assert effect.affected_title == "Children (Scotland) Act 1995"
    assert effect.affecting_title == "Adoption and Children Act 2002"
    assert effect.affected_provisions == "s. 55"
    assert [(p.text, p.ref) for p in effect.affected_provision_refs] == [("s. 55", "section-55")]
    assert effect.affecting_provisions == "Sch. 3 para. 30"
    assert [p.uri for p in effect.affecting_provision_refs] == [
        "http://www.legislation.gov.uk/id/ukpga/2002/38/schedule/3",
        "http://www.legislation.gov.uk/id/ukpga/2002/38/schedule/3/paragraph/30",
    ]
    assert effect.affecting_extent == "Same as affected"
    # a SectionRange keeps both ends and reads as printed
    saving_range = effect.savings[1]
    assert saving_range.text == "para. 6-8"
    assert (saving_range.ref, saving_range.end_ref) == (
        "schedule-4-paragraph-6",
        "schedule-4-paragraph-8",
    )
    assert saving_range.end_uri == (
        "http://www.legislation.gov.uk/id/ukpga/2002/38/schedule/4/paragraph/8"
    )
    assert [p.text for p in effect.commencement_authority] == ["s. 148(1)"]
    prospective, commenced = effect.in_force
    assert (prospective.prospective, prospective.date, prospective.qualification) == (
        True,
        None,
        None,
    )
    assert commenced.date == dt.date(2005, 12, 30)
    assert commenced.qualification == "wholly in force"
    assert commenced.commencing_uri == "http://www.legislation.gov.uk/id/ssi/2005/643"
    assert commenced.commencing_class == "ScottishStatutoryInstrument"
    assert [p.text for p in commenced.commencing_provisions] == ["art. 2(c)"]

    assert sum(1 for e in feed.effects() if e.applied is False) == 26
    assert len({e.effect_id for e in feed.effects()}) == 336
    two_titles = [e for e in feed.effects() if len(e.affected_titles) == 2]
    assert len(two_titles) == 8
    assert two_titles[0].affected_titles == (
        "Government of Wales Act 1998",
        "Government of Wales Act 1998 (c. 38)",
    )
    assert feed.entries[-1].title == (
        "Adoption and Children Act 2002 effect on Registration Service Act 1953"
    )


def test_changes_feed_for_the_data_protection_act() -> None:
    feed = read_feed(_feed_path(CHANGES_DPA))
    assert feed.id == (
        "http://www.legislation.gov.uk/changes/affected/ukpga/2018/12/data.feed"
        "?results-count=50&sort=modified"
    )
    assert (feed.total_results, feed.page, feed.more_pages, feed.total_pages) == (2270, 1, 45, 46)
    assert feed.link("next") == (
        "http://www.legislation.gov.uk/changes/affected/ukpga/2018/12/data.feed"
        "?results-count=50&sort=modified&page=2"
    )
    assert feed.link("alternate", "text/csv") == (
        "http://www.legislation.gov.uk/changes/affected/ukpga/2018/12/data.csv"
        "?results-count=50&sort=modified"
    )
    first = feed.entries[0]
    assert first.title == "Employment Rights Act 2025 effect on Data Protection Act 2018"
    assert first.author == "editorial.legislation.gov.uk"
    assert first.updated == dt.datetime(2026, 4, 9, 8, 1, 39, 305541, tzinfo=BST)
    # here the effect sits inside <content type="text/xml">, not directly in the entry
    effect = first.effect
    assert effect is not None
    assert effect.effect_id == "key-0c2113f4e7b5a353dbe5dfefe87ffae7"
    assert effect.type == "omitted"
    assert effect.affected_provisions == "Sch. 19 para. 191"
    assert effect.affecting_id == "ukpga/2025/36"
    # served verbatim: an "extent" that spells SAME AS AFFECTED
    assert effect.affecting_extent == "S+A+M+E+A+S+A+F+F+E+C+T+E+D"
    assert effect.modified == dt.datetime(2026, 3, 27, 16, 56, 2, tzinfo=UTC)
    assert effect.applied_modified == dt.datetime(2026, 4, 9, 8, 1, 39, 305541, tzinfo=BST)
    assert [(f.applied, f.date) for f in effect.in_force] == [
        (False, None),
        (True, dt.date(2026, 4, 7)),
    ]
    assert [p.text for p in effect.in_force[1].commencing_provisions] == [
        "reg. 4(1)",
        "reg. 4(55)(e)",
    ]
    assert {e.affected_id for e in feed.effects()} == {"ukpga/2018/12"}
    assert sum(1 for e in feed.effects() if not e.applied) == 5
    ranged = [p for e in feed.effects() for p in e.affected_provision_refs if p.end_ref]
    assert [(p.text, p.ref, p.end_ref) for p in ranged] == [("Pt. 5-7", "part-5", "part-7")]


def test_search_feed_ukpga_2018() -> None:
    feed = read_feed(_feed_path(SEARCH_2018))
    assert feed.id == "http://www.legislation.gov.uk/ukpga/2018/data.feed"
    assert feed.title == "Search Results"
    assert feed.updated == dt.datetime(2026, 4, 15, 23, 59, 59, tzinfo=UTC)
    assert (feed.total_results, feed.items_per_page, feed.start_index) == (34, 20, 1)
    assert (feed.page, feed.more_pages) == (1, 2)
    assert feed.link("next") == "http://www.legislation.gov.uk/ukpga/2018/data.feed?page=2"
    assert feed.effects() == []

    first = feed.entries[0]
    assert first.id == "http://www.legislation.gov.uk/id/ukpga/2018/34"
    assert first.title == "Homes (Fitness for Human Habitation) Act 2018"
    assert first.document_main_type == "UnitedKingdomPublicGeneralAct"
    assert (first.year, first.number, first.isbn) == ("2018", "34", "9780105700340")
    assert first.creation_date == dt.date(2018, 12, 20)
    assert first.published == dt.datetime(2018, 12, 20, 14, 48, 14, 321585, tzinfo=UTC)
    assert first.updated == dt.datetime(2024, 5, 4, 5, 12, 10, tzinfo=UTC)
    assert first.summary is not None
    assert first.summary.startswith("An Act to amend the Landlord and Tenant Act 1985")
    assert len(first.links) == 11
    assert first.link("self") == "http://www.legislation.gov.uk/id/ukpga/2018/34"
    assert first.link("alternate", "application/xml") == (
        "http://www.legislation.gov.uk/ukpga/2018/34/2019-03-20/data.xml"
    )
    # a link without rel is an alternate (RFC 4287)
    assert first.links[1].rel == "alternate"
    assert first.links[1].href == "http://www.legislation.gov.uk/ukpga/2018/34/2019-03-20"
    assert first.link("http://purl.org/dc/terms/tableOfContents") == (
        "http://www.legislation.gov.uk/ukpga/2018/34/contents"
    )
    assert first.effect is None
    assert [e.number for e in feed.entries] == [str(n) for n in range(34, 14, -1)]
    assert feed.entries[-1].title == "Nuclear Safeguards Act 2018"


def test_search_feed_without_total_results() -> None:
    feed = read_feed(_feed_path(SEARCH_PAGE1))
    assert feed.id == "http://www.legislation.gov.uk/ukpga/data.feed"
    # this page carries no openSearch:totalResults: absent, not zero
    assert feed.total_results is None
    assert (feed.items_per_page, feed.page, feed.more_pages) == (20, 1, 12)
    first = feed.entries[0]
    assert first.id == "http://www.legislation.gov.uk/id/ukpga/2026/14"
    assert first.title == "Industry and Exports (Financial Assistance) Act 2026"
    assert first.published == dt.datetime(2026, 3, 20, 16, 32, 59, 6018, tzinfo=UTC)
    assert first.link("alternate", "application/xml") == (
        "http://www.legislation.gov.uk/ukpga/2026/14/enacted/data.xml"
    )
    assert feed.entries[-1].title == "Border Security, Asylum and Immigration Act 2025"
    assert [(e.year, e.number) for e in feed.entries][13:15] == [("2026", "1"), ("2025", "36")]


def test_feeds_are_frozen() -> None:
    feed = read_feed(_feed_path(SEARCH_2018))
    with pytest.raises(ValidationError, match="frozen"):
        feed.title = "changed"
    effect = read_feed(_feed_path(CHANGES_DPA)).entries[0].effect
    assert effect is not None
    with pytest.raises(ValidationError, match="frozen"):
        effect.type = "repealed"


def test_read_any_dispatches_on_the_root_element() -> None:
    root = require_corpus()
    feed = read_any(_feed_path(CHANGES_DPA))
    assert isinstance(feed, Feed)
    assert len(feed.entries) == 50
    doc = read_any(root / "ukpga" / "2018" / "12.xml.gz")
    assert isinstance(doc, Document)
    assert doc.id == "ukpga/2018/12"
    assert doc.title == "Data Protection Act 2018"


def test_read_feed_refuses_a_clml_document_naming_the_file() -> None:
    path = require_corpus() / "ukpga" / "2018" / "12.xml.gz"
    with pytest.raises(NotCLMLError, match=r"not an Atom <feed>") as info:
        read_feed(path)
    assert info.value.path == str(path)
    assert str(path) in str(info.value)
    assert "Legislation" in str(info.value)


def test_read_feed_refuses_other_xml(tmp_path: Path) -> None:
    path = tmp_path / "foo.xml"
    path.write_bytes(b"<?xml version='1.0'?>\n<foo/>\n")
    with pytest.raises(NotCLMLError, match=r"root element is 'foo', not an Atom <feed>") as info:
        read_feed(path)
    assert info.value.path == str(path)
    assert info.value.line == 2
    with pytest.raises(NotCLMLError, match="foo"):
        read_any(path)


def test_a_feed_element_outside_the_atom_namespace_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(b"<feed><entry><id>x</id></entry></feed>")
    with pytest.raises(NotCLMLError, match=r"root element is 'feed', not an Atom <feed>"):
        read_feed(path)


def test_an_entry_without_an_id_is_refused() -> None:
    root = etree.fromstring(
        f'<feed xmlns="{ATOM}">\n<entry><title>t</title></entry>\n</feed>'.encode()
    )
    with pytest.raises(NotCLMLError, match=r"<feed>:2: an Atom <entry> has no <id>"):
        parse_feed(root, source="<feed>")


def test_unreadable_dates_and_numbers_become_none() -> None:
    root = etree.fromstring(
        f'<feed xmlns="{ATOM}" xmlns:os="http://a9.com/-/spec/opensearch/1.1/">'
        "<updated>yesterday</updated><os:totalResults>many</os:totalResults>"
        "<entry><id>e</id><updated>2024-13-45T00:00:00Z</updated></entry></feed>".encode()
    )
    feed = parse_feed(root)
    assert (feed.updated, feed.total_results, feed.source) == (None, None, None)
    assert feed.entries[0].updated is None
    assert feed.entries[0].id == "e"


def test_a_damaged_feed_file_is_malformed(tmp_path: Path) -> None:
    data = _feed_path(SEARCH_2018).read_bytes()
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(MalformedXMLError, match="damaged gzip stream"):
        read_feed(path)
