"""The reference-text reader: front matter, version basis, and the (1)/(a)/(i) structure.

Real copies are read from ../shared/statute-text (fail, never skip, without it). Bad input
is built in temporary folders from the real files' shapes; nothing is copied into the repo.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgraph.legislation.reference_text import (
    Completeness,
    DuplicateCopyError,
    FrontMatterError,
    IdentifierMismatchError,
    ReferenceCopy,
    ReferenceText,
    ReferenceTextError,
    TextBasis,
    load_reference_text,
    parse_reference_file,
)
from lawgraph.settings import REFERENCE_ENV, reference_text_dir


@pytest.fixture(scope="module")
def ref() -> ReferenceText:
    folder = reference_text_dir()
    if folder is None or not folder.is_dir():
        pytest.fail(f"../shared/statute-text not found; point {REFERENCE_ENV} at a copy")
    return load_reference_text(folder)


def _copy(ref: ReferenceText, name: str) -> ReferenceCopy:
    (copy,) = [c for c in ref.copies if c.name == name]
    return copy


def _text(ref: ReferenceText, identifier: str) -> str:
    (p,) = ref.provisions(identifier)
    return p.text


# -- front matter and what it says about the text ----------------------------------------


def test_front_matter_is_read_with_its_fields(ref: ReferenceText):
    s11 = _copy(ref, "ukpga-2004-31-section-11.md")
    assert s11.identifier == "ukpga/2004/31/section/11"
    assert s11.source_repo == "legalize-dev/legalize-uk"
    assert s11.source_path == "uk/ukpga-2004-31.md"
    assert s11.source_commit == "d26837259630aba2056313cc981df74c8e91e8e8"
    assert s11.source_offset.startswith("16000 (section lies within")
    assert s11.complete.startswith("yes (subsections (1)-(4)")
    assert (s11.line, s11.identifier_line) == (1, 2)
    assert (s11.basis, s11.completeness) == (TextBasis.CURRENT, Completeness.COMPLETE)


@pytest.mark.parametrize(
    ("name", "basis", "completeness"),
    [
        ("ukpga-2004-31-section-16H.md", TextBasis.AS_INSERTED, Completeness.COMPLETE),
        ("ukpga-2004-31-section-16LA.md", TextBasis.AS_INSERTED, Completeness.PARTIAL),
        ("ukpga-2004-31-section-16E.md", TextBasis.CURRENT, Completeness.AS_SHOWN),
        ("ukpga-2004-31-section-16E.as-inserted-2017.md", TextBasis.AS_INSERTED, None),
        ("ukpga-2000-36-schedule-1-paragraph-37B.md", TextBasis.AS_INSERTED, None),
        ("eur-2016-679-annex-1.md", TextBasis.AS_INSERTED, Completeness.PARTIAL),
        ("uksi-2018-789-schedule.md", TextBasis.AS_MADE, Completeness.COMPLETE),
        ("ukpga-2026-21-section-2.md", TextBasis.AS_MADE, Completeness.COMPLETE),
        ("ukpga-2026-21-section-78.md", TextBasis.CURRENT, Completeness.PARTIAL),
        ("eu-2016-679-article-9.md", TextBasis.EU_AS_ADOPTED, Completeness.COMPLETE),
        ("eur-2016-679-article-10.md", TextBasis.SECONDARY, Completeness.PARTIAL),
        ("ukpga-2000-36-schedule-1-part-3.md", TextBasis.CURRENT, Completeness.PARTIAL),
        ("ukpga-2000-36-schedule-1-part-5.md", TextBasis.CURRENT, Completeness.AS_SHOWN),
    ],
)
def test_the_basis_is_drawn_conservatively_from_the_front_matter(
    ref: ReferenceText, name: str, basis: TextBasis, completeness: Completeness | None
):
    copy = _copy(ref, name)
    assert copy.basis is basis
    if completeness is not None:
        assert copy.completeness is completeness
    assert copy.is_current is (basis is TextBasis.CURRENT)


def test_a_file_with_two_front_matter_blocks_holds_two_copies(ref: ReferenceText):
    first, second = parse_reference_file(ref.root / "eur-2016-679-article-5.ico-quotations.md")
    assert (first.identifier, first.line) == ("eur/2016/679/article/5/1/c", 1)
    assert (second.identifier, second.line) == ("eur/2016/679/article/5/1/d", 18)
    assert first.qualifier == "UK GDPR wording as quoted by the ICO"
    assert "identifier:" not in first.body and "accurate and" not in first.body
    assert "accurate and, where necessary, kept up to date" in second.body
    assert first.basis is second.basis is TextBasis.SECONDARY


def test_one_provision_may_have_a_current_and_an_as_inserted_copy(ref: ReferenceText):
    copies = ref.copies_for("ukpga/2004/31/section/16E/3/b")
    assert sorted(c.name for c in copies) == [
        "ukpga-2004-31-section-16E.as-inserted-2017.md",
        "ukpga-2004-31-section-16E.md",
    ]


# -- structure ---------------------------------------------------------------------------


def test_subsections_paragraphs_and_sub_paragraphs_are_addressable(ref: ReferenceText):
    (s11,) = ref.provisions("ukpga/2004/31/section/11/1")
    letters = "a b ba bb c d e f g h i ia j ja k l la m"
    assert " ".join(c.number or "" for c in s11.children) == letters
    assert [c.number for c in s11.children if c.omitted] == ["c", "e"]
    assert _text(ref, "ukpga/2004/31/section/11/1/ba") == "NHS England;"
    assert _text(ref, "ukpga/2004/31/section/11/2").startswith(
        "Each person and body to whom this section applies must make arrangements for "
        "ensuring that\u2014\n(a) their functions are discharged"
    )
    assert _text(ref, "ukpga/2004/31/section/10/4/a").startswith(
        "where the authority is a county council"
    )
    assert _text(ref, "ukpga/2004/31/section/10/5A/b").startswith("make contributions")
    assert _text(ref, "ukpga/1998/37/section/115/2/d/iii").startswith("in relation to Scotland")
    (heading,) = ref.provisions("ukpga/2004/31/section/11")
    assert heading.heading == "Arrangements to safeguard and promote welfare"


def test_roman_numerals_are_told_from_letters(ref: ReferenceText):
    # s.10(9)(c) ends with a dash, so (i) and (ii) are its sub-paragraphs
    assert ref.provisions("ukpga/2004/31/section/10/9/c/i")
    assert not ref.provisions("ukpga/2004/31/section/10/9/i")
    # s.11(1)(h) ends with a semicolon, so (i) is the next letter
    assert _text(ref, "ukpga/2004/31/section/11/1/i").startswith("the British Transport Police")
    assert not ref.provisions("ukpga/2004/31/section/11/1/h/i")


def test_words_after_sub_items_belong_to_the_item_that_holds_them(ref: ReferenceText):
    s17 = _text(ref, "ukpga/1989/41/section/17/1")
    assert s17.endswith(
        "by providing a range and level of services appropriate to those children\u2019s needs."
    )
    assert "by providing" not in _text(ref, "ukpga/1989/41/section/17/1/b")
    definitions = _text(ref, "ukpga/2004/31/section/10/11")
    assert definitions.startswith("In this section\u2014\n\u201cgoverning body\u201d")
    assert "\u201crelevant payment\u201d" in definitions


def test_page_renderings_with_run_together_numbers_and_note_markers(ref: ReferenceText):
    (s16e,) = [p for p in ref.provisions("ukpga/2004/31/section/16E") if p.heading]
    assert s16e.heading == "Local arrangements for safeguarding and promoting welfare of children"
    current = next(c for c in ref.copies_for("ukpga/2004/31/section/16E") if c.is_current)
    (icb,) = current.provisions("ukpga/2004/31/section/16E/3/b")[1:]
    assert icb.text.startswith("an integrated care board for an area")  # "F2" is gone
    # the definitions of 16E(3) letter their items twice: both are kept
    assert [p.text for p in current.provisions("ukpga/2004/31/section/16E/3/a")] == [
        "is specified in regulations made by the Secretary of State, and",
        "the local authority;",
    ]
    # annotation text of the page is not statute text
    assert all("crossheading inserted" not in p.text for p in current.root.walk())  # type: ignore[union-attr]
    assert _text(ref, "ukpga/2004/31/section/16LC/8/b").startswith(
        "it reasonably considers that finding it out would cause unreasonable delay"
    )
    assert _text(ref, "ukpga/2026/21/section/78/1/a/ii").startswith("in relation to the amend")
    art6 = _copy(ref, "eur-2016-679-article-6.md")
    (point_f,) = art6.provisions("eur/2016/679/article/6/1/f")
    assert point_f.text.startswith("processing is necessary for the purposes of the legitimate")
    (para1,) = art6.provisions("eur/2016/679/article/6/1")
    # "[F4Point (f)][F4Points (ea) and (f)] of the first subparagraph": brackets and
    # markers go, both wordings stay (the page shows both)
    assert "Point (f)Points (ea) and (f) of the first subparagraph" in para1.text
    # a point inserted by amendment opens inside its bracket, "[F3(ea)processing ...;]": it
    # is a point of its own between (e) and (f), not words of paragraph 1
    (point_ea,) = art6.provisions("eur/2016/679/article/6/1/ea")
    assert (
        point_ea.text
        == "processing is necessary for the purposes of a recognised legitimate interest;"
    )
    assert [c.id.rsplit("/", 1)[-1] for c in para1.children] == ["a", "b", "c", "d", "e", "ea", "f"]


def test_quoted_insertions_are_rooted_at_the_inserted_provision(ref: ReferenceText):
    s16h = _text(ref, "ukpga/2004/31/section/16H")
    assert s16h.startswith("(1) Any of the safeguarding partners")
    assert "After section 16G" not in s16h
    assert _text(ref, "ukpga/2004/31/section/16H/2") == (
        "The person or body to whom a request under this section is made must comply with "
        "the request."
    )
    # the 2021 copy quotes ss.49A and 49B; s.49A ends where s.49B begins
    assert "49B" not in _text(ref, "ukpga/2021/17/section/49A")
    assert _text(ref, "ukpga/2004/31/section/16LA/3").startswith(
        "But the duty imposed by subsection (2) does not apply"
    )
    assert ref.provisions("eur/2016/679/annex/1/paragraph/5/a")


def test_inserted_words_are_part_of_the_amending_provision_not_its_numbering(
    ref: ReferenceText,
):
    (s2,) = ref.provisions("ukpga/2026/21/section/2/2")
    assert [c.number for c in s2.children] == ["a", "b", "c"]
    assert _text(ref, "ukpga/2026/21/section/2/2/b") == (
        "after that paragraph insert\u2014\n(aa) those relevant agencies which are designated "
        "childcare or education agencies, and;"
    )
    assert not ref.provisions("ukpga/2026/21/section/2/2/aa")
    assert [c.number for c in ref.provisions("ukpga/2026/21/section/2")[0].children] == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]


def test_schedule_paragraphs_are_numbered_through_the_schedule(ref: ReferenceText):
    assert _text(ref, "ukpga/2000/36/schedule/1/paragraph/7/a").startswith("in England")
    (para7,) = ref.provisions("ukpga/2000/36/schedule/1/paragraph/7")
    assert para7.group == "England and Wales"
    (copy,) = ref.copies_for("ukpga/2000/36/schedule/1/paragraph/7")
    assert copy.name == "ukpga-2000-36-schedule-1-part-2.md"
    assert _text(ref, "uksi/2018/789/schedule/paragraph/26").startswith("A governor of a prison")
    assert _text(ref, "ukpga/2000/36/schedule/1/paragraph/40A") == "An NHS foundation trust."


def test_markdown_artefacts_are_not_part_of_the_words(ref: ReferenceText):
    s115 = _text(ref, "ukpga/1998/37/section/115/2")
    assert s115.startswith("In this section \u201crelevant authority\u201d means\u2014")
    assert "*" not in s115 and "- (" not in s115
    para23 = _text(ref, "uksi/2018/789/schedule/paragraph/23")
    assert "[^" not in para23 and "](" not in para23
    assert para23.endswith("(England) Regulations 2013/1394.")
    assert all(
        "#" not in p.text and not p.text.startswith("- ")
        for c in ref.copies
        if c.root is not None
        for p in c.root.walk()
    )


# -- bad input ---------------------------------------------------------------------------

GOOD = """---
identifier: "ukpga/2004/31/section/11"
source_repo: "legalize-dev/legalize-uk"
source_path: "uk/ukpga-2004-31.md"
source_commit: "d26837259630aba2056313cc981df74c8e91e8e8"
source_offset: "16000"
source_version: "revised text"
complete: "yes (subsections (1)-(4))"
notes: "test copy"
---
##### 11

- (2) Each person and body to whom this section applies must make arrangements.
"""


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "statute-text"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _error(tmp_path: Path, files: dict[str, str]) -> ReferenceTextError:
    with pytest.raises(ReferenceTextError) as info:
        load_reference_text(_folder(tmp_path, files))
    return info.value


def test_a_good_copy_loads(tmp_path: Path):
    ref = load_reference_text(_folder(tmp_path, {"ukpga-2004-31-section-11.md": GOOD}))
    assert _text(ref, "ukpga/2004/31/section/11/2").startswith("Each person and body")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD.replace("---\n", "", 1), 1, "no front matter"),
        ('---\nidentifier: "ukpga/2004/31/section/11"\n', 1, "not closed"),
        (GOOD.replace('notes: "test copy"', 'notes: "test copy'), 9, "not valid YAML"),
        (GOOD.replace('notes: "test copy"', 'notes: "x"\ncolour: "red"'), 10, "unknown"),
        (
            GOOD.replace('source_commit: "d26837259630aba2056313cc981df74c8e91e8e8"\n', ""),
            1,
            "lacks 'source_commit'",
        ),
        (
            GOOD.replace('complete: "yes (subsections (1)-(4))"', "complete: yes"),
            8,
            "must be a quoted string",
        ),
        (
            GOOD.replace('ukpga/2004/31/section/11"', 'not an identifier"'),
            2,
            "not a legislation.gov.uk identifier",
        ),
    ],
)
def test_broken_front_matter_names_file_and_line(tmp_path: Path, text: str, line: int, words: str):
    error = _error(tmp_path, {"ukpga-2004-31-section-11.md": text})
    assert isinstance(error, FrontMatterError)
    assert error.line == line, error
    assert words in error.reason
    assert str(error).startswith(f"{error.path}:{line}: ")
    assert error.path.endswith("ukpga-2004-31-section-11.md")


def test_an_identifier_that_does_not_match_its_file_name(tmp_path: Path):
    error = _error(tmp_path, {"ukpga-2004-31-section-10.md": GOOD})
    assert isinstance(error, IdentifierMismatchError)
    assert error.path.endswith("ukpga-2004-31-section-10.md") and error.line == 2
    assert "'ukpga/2004/31/section/11' does not match the file name" in error.reason


def test_a_duplicate_identifier_names_both_files(tmp_path: Path):
    error = _error(
        tmp_path,
        {"ukpga-2004-31-section-11.md": GOOD, "ukpga-2004-31-section-11.copy.md": GOOD},
    )
    assert isinstance(error, DuplicateCopyError)
    assert error.path.endswith("ukpga-2004-31-section-11.md") and error.line == 2
    assert "ukpga-2004-31-section-11.copy.md:2" in error.reason


def test_copies_differing_in_basis_are_not_duplicates(tmp_path: Path):
    as_inserted = GOOD.replace('complete: "yes', 'complete: "yes as inserted')
    ref = load_reference_text(
        _folder(
            tmp_path,
            {
                "ukpga-2004-31-section-11.md": GOOD,
                "ukpga-2004-31-section-11.as-inserted-2004.md": as_inserted,
            },
        )
    )
    assert sorted(c.basis.value for c in ref.copies) == ["as-inserted", "current"]


def test_file_names_allowed_for_descriptive_and_roman_forms(tmp_path: Path):
    part = GOOD.replace("ukpga/2004/31/section/11", "ukpga/2000/36/schedule/1/part/II")
    rng = GOOD.replace(
        "ukpga/2004/31/section/11", "uksi/2019/419/schedule/1/paragraph/1-10 (Arts 5-10)"
    )
    ref = load_reference_text(
        _folder(
            tmp_path,
            {
                "ukpga-2000-36-schedule-1-part-2.md": part,
                "uksi-2019-419-schedule-1-gdpr-arts-5-6-9-10.md": rng,
            },
        )
    )
    assert len(ref.copies) == 2
    # but a name that is another provision's is refused
    with pytest.raises(IdentifierMismatchError):
        parse_reference_file(
            _folder(tmp_path / "x", {"ukpga-2000-36-schedule-1-part-2-paragraph-9.md": part})
            / "ukpga-2000-36-schedule-1-part-2-paragraph-9.md"
        )


def test_a_missing_folder_is_an_error(tmp_path: Path):
    with pytest.raises(ReferenceTextError, match="does not exist"):
        load_reference_text(tmp_path / "nowhere")
