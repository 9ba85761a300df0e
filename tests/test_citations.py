"""Citations as people write them, read into legislation.gov.uk identifiers."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from lawgraph.errors import CitationError, NotCLMLError, UnsafeXMLError
from lawgraph.legislation.citations import Citation, format_citation, parse_citation
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.titles import TitleEntry, TitleTable, clean_title, read_title, title_key
from lawgraph.settings import reference_corpus_dir
from tests.conftest import HOW_TO_GET

# -- every form, with the identifier legislation.gov.uk gives it --------------------

FORMS = [
    # the forms the brief names
    ("s.16H CA 2004", "ukpga/2004/31/section/16H"),
    ("section 115 of the Crime and Disorder Act 1998", "ukpga/1998/37/section/115"),
    ("Children Act 1989, s.47(9)", "ukpga/1989/41/section/47/9"),
    ("Sch 1 para 18 DPA 2018", "ukpga/2018/12/schedule/1/paragraph/18"),
    ("DPA 2018 Sch. 1, Pt. 2, para. 18(2)(c)", "ukpga/2018/12/schedule/1/paragraph/18/2/c"),
    ("Art 9(2)(g) UK GDPR", "eur/2016/679/article/9/2/g"),
    ("reg 18 SI 2018/789", "uksi/2018/789/regulation/18"),
    ("Article 6(1)(e) of the UK GDPR", "eur/2016/679/article/6/1/e"),
    ("s 11(1)(a) Children Act 2004", "ukpga/2004/31/section/11/1/a"),
    ("ss. 10 CA 1989", "ukpga/1989/41/section/10"),
    ("section 17 CA 1989", "ukpga/1989/41/section/17"),
    ("Part 3 DPA 2018", "ukpga/2018/12/part/3"),
    ("Schedule 8 DPA 2018", "ukpga/2018/12/schedule/8"),
    ("HRA 1998 Sch 1", "ukpga/1998/42/schedule/1"),
    (
        "paragraph 4 of Schedule 8 to the Data Protection Act 2018",
        "ukpga/2018/12/schedule/8/paragraph/4",
    ),
    ("S.I. 2018/789 reg. 3", "uksi/2018/789/regulation/3"),
    ("2018 c. 12 s. 8", "ukpga/2018/12/section/8"),
    ("ukpga/2004/31/section/11", "ukpga/2004/31/section/11"),
    (
        "https://www.legislation.gov.uk/ukpga/2004/31/section/11/2023-01-01",
        "ukpga/2004/31/section/11",
    ),
    # spelling variants of each kind word
    ("s 17 CA 1989", "ukpga/1989/41/section/17"),
    ("sec 17 CA 1989", "ukpga/1989/41/section/17"),
    ("Section 17 of the Children Act 1989", "ukpga/1989/41/section/17"),
    ("Sch. 1 DPA 2018", "ukpga/2018/12/schedule/1"),
    ("para. 18 of Sch 1 to the DPA 2018", "ukpga/2018/12/schedule/1/paragraph/18"),
    ("paras 18 Sch 1 DPA 2018", "ukpga/2018/12/schedule/1/paragraph/18"),
    ("paragraph 18 Schedule 1 DPA 2018", "ukpga/2018/12/schedule/1/paragraph/18"),
    ("Art. 6 GDPR", "eur/2016/679/article/6"),
    ("Article 6 General Data Protection Regulation", "eur/2016/679/article/6"),
    ("Article 6 of Regulation (EU) 2016/679", "eur/2016/679/article/6"),
    ("reg. 18 SI 2018/789", "uksi/2018/789/regulation/18"),
    ("regulation 18 of SI 2018/789", "uksi/2018/789/regulation/18"),
    ("Pt 3 DPA 2018", "ukpga/2018/12/part/3"),
    ("Pt. 3 DPA 2018", "ukpga/2018/12/part/3"),
    ("Part 3, Chapter 2 DPA 2018", "ukpga/2018/12/part/3/chapter/2"),
    ("s.47(1)(a)(ii) CA 1989", "ukpga/1989/41/section/47/1/a/ii"),
    # how the document is named
    ("s.8 of the Data Protection Act 2018", "ukpga/2018/12/section/8"),
    ("s 8 DPA", "ukpga/2018/12/section/8"),
    ("the data protection act 2018, s 8", "ukpga/2018/12/section/8"),
    ("s 1 Police, Crime, Sentencing & Courts Act 2022", "ukpga/2022/32/section/1"),
    ("s 1 Police Crime Sentencing and Courts Act 2022", "ukpga/2022/32/section/1"),
    ("s 1 Data (Use and Access) Act 2025", "ukpga/2025/18/section/1"),
    ("Counter-Terrorism and Security Act 2015 s 26", "ukpga/2015/6/section/26"),
    ("s 26 CTSA 2015", "ukpga/2015/6/section/26"),
    ("s 175 EA 2002", "ukpga/2002/32/section/175"),
    ("s 7 EA 1996", "ukpga/1996/56/section/7"),
    ("s 42 Care Act 2014", "ukpga/2014/23/section/42"),
    ("SI 2018 No. 789, reg 3", "uksi/2018/789/regulation/3"),
    ("SSI 2019/12 reg 2", "ssi/2019/12/regulation/2"),
    ("eur/2016/679, Art. 9", "eur/2016/679/article/9"),
    ("Art 5 Regulation (EC) No 1234/2007", "eur/2007/1234/article/5"),
    ("Directive 95/46/EC, Art 2", "eudr/1995/46/article/2"),
    ("2010 asp 13 s 5", "asp/2010/13/section/5"),
    # a whole document, and odd spacing and punctuation
    ("Data Protection Act 2018", "ukpga/2018/12"),
    ("the UK GDPR", "eur/2016/679"),
    ("  s.16H\u00a0CA   2004.", "ukpga/2004/31/section/16H"),
    (
        "https://www.legislation.gov.uk/id/ukpga/2018/12/section/8/data.xml",
        "ukpga/2018/12/section/8",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_parses(text: str, expected: str) -> None:
    citation = parse_citation(text)
    assert str(citation) == expected
    assert citation.identifier == expected
    assert citation.text == text


def test_citation_fields() -> None:
    citation = parse_citation("Children Act 1989, s.47(9)")
    assert citation.document == "ukpga/1989/41"
    assert citation.path == ("section", "47", "9")
    assert citation.legislation_id == LegislationId.parse("ukpga/1989/41/section/47/9")
    assert citation.model_dump()["identifier"] == "ukpga/1989/41/section/47/9"
    with pytest.raises(ValidationError):
        citation.document = "ukpga/2004/31"  # type: ignore[misc]


def test_citation_refuses_a_provision_as_document() -> None:
    with pytest.raises(ValidationError, match="names a provision"):
        Citation(document="ukpga/2004/31/section/1")


# -- errors ------------------------------------------------------------------------

UNPARSEABLE = [
    ("", "names no document"),
    ("s.16H", "names no document"),
    ("hello world", "neither a provision nor a document"),
]


@pytest.mark.parametrize(("text", "reason"), UNPARSEABLE)
def test_unparseable_lists_accepted_forms(text: str, reason: str) -> None:
    with pytest.raises(CitationError) as info:
        parse_citation(text)
    message = str(info.value)
    assert repr(text) in message
    assert reason in message
    assert "Accepted forms" in message
    for example in ("s.16H CA 2004", "reg 18 SI 2018/789", "2018 c. 12 s. 8", "ukpga/2004/31"):
        assert example in message


@pytest.mark.parametrize(
    ("text", "keywords"),
    [
        ("s 17 Childrens Act 1989", ["unknown title", "'Childrens Act 1989'", "Children Act 1989"]),
        ("Data Protection Act 2019 s 8", ["unknown title", "Data Protection Act 2018"]),
        ("s 5 Transport Act 2000", ["unknown title", "no close match"]),
        ("s 5 CA", ["ambiguous", "Children Act 1989 (ukpga/1989/41)", "ukpga/2004/31"]),
        ("s 5 EA", ["ambiguous", "ukpga/1996/56", "ukpga/2002/32"]),
        ("s.5 s.6 CA 2004", ["more than one section"]),
        ("s.5 Sch 1 CA 2004", ["more than one provision"]),
        ("Sch 1(2) DPA 2018", ["no subdivisions"]),
        ("ukpga/2004/31/section/!!", ["not a valid identifier segment"]),
        ("foo/2004/31/section/1", ["not a legislation.gov.uk identifier"]),
        ("s 1 ukpga/2004/31/section/2", ["is a provision"]),
    ],
)
def test_error_messages(text: str, keywords: list[str]) -> None:
    with pytest.raises(CitationError) as info:
        parse_citation(text)
    message = str(info.value)
    assert repr(text) in message
    for keyword in keywords:
        assert keyword in message


def test_citation_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_citation("nonsense")


# -- the title table ----------------------------------------------------------------

CURATED = [
    ("Children Act 1989", "ukpga/1989/41"),
    ("CA 1989", "ukpga/1989/41"),
    ("Children Act 2004", "ukpga/2004/31"),
    ("CA 2004", "ukpga/2004/31"),
    ("DPA 2018", "ukpga/2018/12"),
    ("DPA", "ukpga/2018/12"),
    ("HRA 1998", "ukpga/1998/42"),
    ("HRA", "ukpga/1998/42"),
    ("UK GDPR", "eur/2016/679"),
    ("GDPR", "eur/2016/679"),
    ("General Data Protection Regulation", "eur/2016/679"),
    ("Regulation (EU) 2016/679", "eur/2016/679"),
    ("EA 2002", "ukpga/2002/32"),
    ("EA 1996", "ukpga/1996/56"),
    ("CDA 1998", "ukpga/1998/37"),
    ("DAA 2021", "ukpga/2021/17"),
    ("HSCA 2012", "ukpga/2012/7"),
    ("Care Act 2014", "ukpga/2014/23"),
    ("DEA 2017", "ukpga/2017/30"),
    ("CJA 2003", "ukpga/2003/44"),
    ("FGMA 2003", "ukpga/2003/31"),
    ("CTSA 2015", "ukpga/2015/6"),
    ("PCSCA 2022", "ukpga/2022/32"),
    ("DUAA 2025", "ukpga/2025/18"),
    ("Domestic Abuse Act 2021", "ukpga/2021/17"),
    ("Female Genital Mutilation Act 2003", "ukpga/2003/31"),
    ("Criminal Justice Act 2003", "ukpga/2003/44"),
]


@pytest.mark.parametrize(("name", "expected"), CURATED)
def test_curated_titles(name: str, expected: str) -> None:
    assert TitleTable.curated().lookup(name) == expected


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("The Children Act 1989", "children act 1989"),
        (
            "Police, Crime, Sentencing & Courts Act 2022",
            "police crime sentencing and courts act 2022",
        ),
        ("Election Act 1707(repealed)", "election act 1707"),
        ("Disabled People\u2019s Right to Control", "disabled peoples right to control"),
        ("Regulation (EU) 2016/679", "regulation eu 2016/679"),
    ],
)
def test_title_key(title: str, key: str) -> None:
    assert title_key(title) == key


def test_clean_title_drops_status_notes() -> None:
    assert clean_title("Sale of Offices Act 1809 (repealed)") == "Sale of Offices Act 1809"
    assert clean_title("Foo  Regulations\n 2010 (revoked)") == "Foo Regulations 2010"


def test_clashing_alias_is_ambiguous() -> None:
    table = TitleTable(
        [
            TitleEntry("Children Act 1989", "ukpga/1989/41", ("CA",)),
            TitleEntry("Courts Act 2003", "ukpga/2003/39", ("CA",)),
        ]
    )
    with pytest.raises(CitationError, match=r"'CA' is ambiguous.*ukpga/1989/41.*ukpga/2003/39"):
        table.lookup("CA")
    with pytest.raises(CitationError, match="ambiguous"):
        parse_citation("s 1 CA", titles=table)
    assert parse_citation("s 1 Courts Act 2003", titles=table).document == "ukpga/2003/39"


def test_tables_combine_and_the_left_title_is_shown() -> None:
    extra = TitleTable.from_pairs(
        [("Courts Act 2003", "ukpga/2003/39"), ("CA 2004", "ukpga/2004/31")]
    )
    table = TitleTable.curated() | extra
    assert table.lookup("courts act 2003") == "ukpga/2003/39"
    assert table.title_of("ukpga/2004/31/section/11") == "Children Act 2004"
    assert len(table) == len(TitleTable.curated()) + 1


def test_entry_must_be_a_document() -> None:
    with pytest.raises(ValueError, match="names a provision"):
        TitleEntry("Children Act 2004", "ukpga/2004/31/section/1")


def test_from_documents(corpus_dir: Path) -> None:
    from lawgraph.legislation.parser import parse_file

    document = parse_file(corpus_dir / "ukpga" / "2018" / "12.xml.gz")
    table = TitleTable.from_documents([document])
    assert table.lookup("Data Protection Act 2018") == "ukpga/2018/12"


def test_from_corpus_dir_reads_the_reference_corpus() -> None:
    corpus = reference_corpus_dir()
    if corpus is None or not corpus.is_dir():
        pytest.fail(HOW_TO_GET)
    table = TitleTable.from_corpus_dir(corpus)
    assert table.lookup("Human Rights Act 1998") == "ukpga/1998/42"
    assert table.lookup("Union with Scotland Act 1706") == "aep/Ann/6/11"
    assert table.lookup("Financial Services and Markets Act 2023") == "ukpga/2023/29"
    # "(repealed)" is dropped from the title
    assert table.lookup("Election Act 1707") == "aosp/1707/8"
    assert str(parse_citation("s 1 Union with Scotland Act 1706", titles=table)) == (
        "aep/Ann/6/11/section/1"
    )
    # suspect/ is skipped: its schema samples name documents the served corpus lacks
    assert "Carers Strategies (Wales) Measure 2010" not in table


def _write_gz(path: Path, xml: bytes) -> Path:
    path.write_bytes(gzip.compress(xml))
    return path


def test_read_title_refuses_a_dtd(tmp_path: Path) -> None:
    xml = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    with pytest.raises(UnsafeXMLError):
        read_title(_write_gz(tmp_path / "evil.xml.gz", xml))


def test_read_title_refuses_other_xml(tmp_path: Path) -> None:
    with pytest.raises(NotCLMLError):
        read_title(_write_gz(tmp_path / "other.xml.gz", b"<html><title>x</title></html>"))


def test_read_title_of_plain_xml(tmp_path: Path) -> None:
    xml = (
        b'<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation" '
        b'IdURI="http://www.legislation.gov.uk/id/ukpga/2004/31">'
        b'<ukm:Metadata xmlns:ukm="http://www.legislation.gov.uk/namespaces/metadata" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Children  Act 2004</dc:title>'
        b"</ukm:Metadata></Legislation>"
    )
    path = tmp_path / "31.xml"
    path.write_bytes(xml)
    assert read_title(path) == ("Children Act 2004", "ukpga/2004/31")


# -- formatting and round trips ----------------------------------------------------


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("ukpga/2004/31/section/16H/1", "Children Act 2004, s.16H(1)"),
        (
            "ukpga/2018/12/schedule/1/paragraph/18/2/c",
            "Data Protection Act 2018, Sch. 1, para. 18(2)(c)",
        ),
        ("ukpga/2018/12/part/3/chapter/2", "Data Protection Act 2018, Pt. 3, Ch. 2"),
        ("eur/2016/679/article/9/2/g", "UK GDPR, Art. 9(2)(g)"),
        ("uksi/2013/1/regulation/3", "SI 2013/1, reg. 3"),
        ("ukpga/2000/8/section/91", "2000 c. 8, s.91"),
        ("aep/Ann/6/11/section/1", "aep/Ann/6/11, s.1"),
        ("ukpga/1998/42", "Human Rights Act 1998"),
    ],
)
def test_format_citation_reads_back(identifier: str, expected: str) -> None:
    assert format_citation(identifier) == expected
    assert str(parse_citation(expected)) == identifier


_DOCUMENTS = st.sampled_from(
    ["ukpga/2004/31", "ukpga/1989/41", "ukpga/2018/12", "ukpga/2000/8", "uksi/2018/789"]
)
_SECTION_NUMBERS = st.builds(
    lambda n, suffix: f"{n}{suffix}",
    st.integers(min_value=1, max_value=999),
    st.sampled_from(["", "A", "B", "H", "ZA", "AA"]),
)
_SUBDIVISIONS = st.lists(
    st.one_of(
        st.integers(min_value=1, max_value=30).map(str),
        st.sampled_from([*"abcdefghjk", "za", "i", "ii", "iv"]),
    ),
    max_size=3,
)


@given(_DOCUMENTS, _SECTION_NUMBERS, _SUBDIVISIONS)
def test_identifiers_round_trip(document: str, number: str, subdivisions: list[str]) -> None:
    identifier = LegislationId.parse(document).child("section", number, *subdivisions)
    assert parse_citation(str(identifier)).legislation_id == identifier
    assert parse_citation(format_citation(identifier)).legislation_id == identifier


# -- forms another client's tests use (issue 16) --------------------------------------

# (citation, identifier): each checked against legislation.gov.uk's own identifiers
# (the peer fixtures' feeds give wsi/2002/808 for S.I. 2002/808, ukpga/Eliz2/3-4/19 for
# the Air Force Act 1955)
PEER_FORMS = [
    # EU instruments without "No": the year is the part that can be one (issue defect 6)
    ("Regulation (EC) 1907/2006", "eur/2006/1907"),
    ("Regulation (EEC) 1408/71", "eur/1971/1408"),
    ("Regulation (EC) No 1907/2006", "eur/2006/1907"),
    ("Directive 95/46/EC", "eudr/1995/46"),
    ("Directive 2011/83/EU", "eudr/2011/83"),
    # real forms that were refused (defect 7)
    ("S.I. 2002/808 (W. 89)", "wsi/2002/808"),
    ("SI 2018/625 (C. 49)", "uksi/2018/625"),
    ("2010 nawm 1", "mwa/2010/1"),
    ("asp 2020/13", "asp/2020/13"),
    ("s 2 asp 2020/13", "asp/2020/13/section/2"),
    (
        "https://www.legislation.gov.uk/ukpga/2018/12/section/8?view=plain",
        "ukpga/2018/12/section/8",
    ),
    (
        "https://www.legislation.gov.uk/ukpga/2018/12/section/8#commentary-c1",
        "ukpga/2018/12/section/8",
    ),
    ("/ukpga/2018/12/section/8", "ukpga/2018/12/section/8"),
    ("UKPGA/2018/12/section/8", "ukpga/2018/12/section/8"),
    (
        "https://www.legislation.gov.uk/ukpga/1998/42/section/1/england+wales",
        "ukpga/1998/42/section/1",
    ),
    # a pre-1963 identifier the site gives in calendar form (a TNA sample in ../shared)
    ("ukpga/1911/34", "ukpga/1911/34"),
    ("ukpga/Eliz2/3-4/19/section/1", "ukpga/Eliz2/3-4/19/section/1"),
]


@pytest.mark.parametrize(("text", "expected"), PEER_FORMS)
def test_peer_client_forms(text: str, expected: str) -> None:
    assert str(parse_citation(text)) == expected


# Refused on purpose: each could only be read by guessing, or names no real law.
REFUSED = [
    # number and year cannot be told apart, or neither part is a year of the EU's
    ("Regulation (EC) 2006/1907", "has no year"),
    ("Regulation (EC) 1234/1235", "has no year"),
    # impossible years (defect 8)
    ("3000 c. 1", "still to come"),
    ("ukpga/3000/1", "still to come"),
    ("2010 anaw 1", "date from 2012-2020"),
    ("asp/Eliz2/1/1", "not by regnal year"),
    # a chapter number before 1963 names an Act only with its session
    ("1955 c. 19", "before 1963"),
    ("s 3 1955 c. 19", "Eliz2/3-4/19"),
    # paths no legislation.gov.uk item has
    ("ukpga/2018/12/foo/1", "'foo' is not a kind of provision"),
    ("ukpga/2018/12/section", "'section' needs a number"),
    ("ukpga/2018/12/introduction/2", "'introduction' is a view of the whole document"),
    ("ukpga/2018/12/part/3/crossheading", "'crossheading' needs its name"),
    ("ukpga/2018/12/contents/part/1", "'contents' is a view of the whole document"),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refused_rather_than_read_as_another_law(text: str, reason: str) -> None:
    with pytest.raises(CitationError) as info:
        parse_citation(text)
    assert reason in str(info.value)
    assert repr(text) in str(info.value)


# -- titles beyond the curated table (defect 9) -----------------------------------------


def test_titles_of_the_legislation_that_amends_what_is_held() -> None:
    # the Civil Partnership Act 2004 amends the FSMA 2000; its contents page names it
    table = TitleTable.from_corpus_dir(reference_corpus_dir() or Path(HOW_TO_GET))
    assert "Civil Partnership Act 2004" not in TitleTable.curated()
    assert str(parse_citation("s 1 Civil Partnership Act 2004", titles=table)) == (
        "ukpga/2004/33/section/1"
    )
    # a document's own title outranks what another document calls it
    assert table.lookup("Human Rights Act 1998") == "ukpga/1998/42"


def test_titles_from_a_held_feed_and_a_manifest(tmp_path: Path) -> None:
    peer = (reference_corpus_dir() or Path(HOW_TO_GET)).parent / "peer-fixtures/cyanheads"
    folder = tmp_path / "statutes"
    folder.mkdir()
    (folder / "number-ukpga-1955-19.feed").write_bytes(
        (peer / "number-ukpga-1955-19.feed").read_bytes()
    )
    (folder / "manifest.toml").write_text(
        '[[document]]\nidentifier = "ukpga/Geo5/1-2/13"\ntitle = "Parliament Act 1911"\n',
        encoding="utf-8",
    )
    table = TitleTable.held([folder])
    # the feed's entries: "Air Force Act 1955 (repealed)" is read without its note
    assert str(parse_citation("s 1 Air Force Act 1955", titles=table)) == (
        "ukpga/Eliz2/3-4/19/section/1"
    )
    assert table.lookup("Friendly Societies Act 1955") == "ukpga/Eliz2/4-5/19"
    assert table.lookup("Parliament Act 1911") == "ukpga/Geo5/1-2/13"
    # curated names still win
    assert table.lookup("CA 2004") == "ukpga/2004/31"


def test_a_title_seen_nowhere_is_refused() -> None:
    # there is no look-up on the internet: a title not held anywhere is not guessed
    with pytest.raises(CitationError, match="unknown title 'Parliament Act 1911'"):
        parse_citation("s 2 Parliament Act 1911")
