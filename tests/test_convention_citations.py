"""Convention rights cited the way practitioners write them (issue 14, item 6).

Every form the docs, the README and the knowledge files use is in `FORMS`, with the
identifier legislation.gov.uk gives the place in Schedule 1 to the Human Rights Act 1998
that holds it; `test_every_convention_form_the_docs_use_is_tested` fails when a page
gains a form this table lacks. The table of where each Article sits is checked against
the held XML of the Act.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lawgraph.errors import CitationError
from lawgraph.legislation.citations import format_citation, parse_citation
from lawgraph.legislation.convention import HRA, SCHEDULED_ARTICLES
from lawgraph.legislation.models import Document, ProvisionKind
from lawgraph.legislation.parser import parse_file

ROOT = Path(__file__).resolve().parents[1]
SCH1 = f"{HRA}/schedule/1"
ART8 = f"{SCH1}/part/I/chapter/7"

FORMS: dict[str, str] = {
    # the Convention named
    "Article 8 ECHR": ART8,
    "Art 8 ECHR": ART8,
    "Art. 8 ECHR": ART8,
    "Art 8 of the Convention": ART8,
    "Article 8 of the European Convention on Human Rights": ART8,
    "Article 8(2) of the European Convention on Human Rights": f"{ART8}/paragraph/2",
    "Art 8(2) ECHR": f"{ART8}/paragraph/2",
    "article 14 echr": f"{SCH1}/part/I/chapter/12",
    "Art 5(1) ECHR": f"{SCH1}/part/I/chapter/4/paragraph/1",
    # the Act named
    "Art 2 HRA 1998": f"{SCH1}/part/I/chapter/1",
    "Art 8 HRA 1998": ART8,
    "Art 8(2) HRA 1998": f"{ART8}/paragraph/2",
    "Art 8 HRA": ART8,
    "Article 8 of the Human Rights Act 1998": ART8,
    "HRA 1998 Sch 1 Art 8": ART8,
    "HRA 1998 Sch 1 Article 8": ART8,
    "HRA 1998 Sch 1, Article 8": ART8,
    "Sch 1 Pt 1 Art 8 HRA": ART8,
    "Human Rights Act 1998, Sch. 1, Pt. I, Art. 8(2)": f"{ART8}/paragraph/2",
    "Human Rights Act 1998, Sch. 1, Art. 8(2)": f"{ART8}/paragraph/2",
    "Article 8 ECHR, Sch 1 HRA 1998": ART8,
    # the Protocols
    "Art 1 of the First Protocol": f"{SCH1}/part/II/chapter/1",
    "Article 2 of Protocol No. 1": f"{SCH1}/part/II/chapter/2",
    "Art 2 Protocol 1 ECHR": f"{SCH1}/part/II/chapter/2",
    "A1P1": f"{SCH1}/part/II/chapter/1",
    "Sch 1 Pt 2 Art 2 HRA": f"{SCH1}/part/II/chapter/2",
    "Article 1 of the Thirteenth Protocol": f"{SCH1}/part/3",
    "Article 1 of the Sixth Protocol": f"{SCH1}/part/III/chapter/Article/1",
}

REFUSED: dict[str, str] = {
    "Article 13 ECHR": "Article 13 of the Convention is not among the Convention rights",
    "Art 1 of the Convention": "Article 1 of the Convention is not among",
    "Art 5(1)(a) ECHR": "cite the paragraph, Article 5(1)",
    "Sch 1 Pt 2 Art 8 HRA": "Article 8 of the First Protocol is not among",
    "Sch 1 Pt 1 Art 2 of the First Protocol": "Part 1 of Schedule 1 sets out the Convention",
    "Sch 2 Art 8 HRA": "the Convention rights are in Schedule 1",
    "Art 8 HRA 2000": "the Human Rights Act is of 1998",
    "Article 1(1) of the Thirteenth Protocol": "without numbered paragraphs",
}


@pytest.fixture(scope="module")
def hra(corpus_dir: Path) -> Document:
    return parse_file(corpus_dir / "ukpga/1998/42.xml.gz")


@pytest.mark.parametrize(("text", "identifier"), FORMS.items())
def test_convention_rights_resolve_from_the_forms_people_write(text: str, identifier: str) -> None:
    assert parse_citation(text).identifier == identifier


@pytest.mark.parametrize(("text", "why"), REFUSED.items())
def test_articles_schedule_1_does_not_hold_are_refused(text: str, why: str) -> None:
    with pytest.raises(CitationError, match=re.escape(why)):
        parse_citation(text)


def test_other_hra_and_article_citations_are_read_as_before() -> None:
    assert parse_citation("s.6 HRA 1998").identifier == f"{HRA}/section/6"
    assert parse_citation("Art 9(2)(g) UK GDPR").identifier == "eur/2016/679/article/9/2/g"
    assert parse_citation("Sch 1 HRA 1998").identifier == SCH1


@pytest.mark.parametrize("identifier", sorted(set(FORMS.values())))
def test_the_held_act_has_each_resolved_provision(hra: Document, identifier: str) -> None:
    assert hra.provision(identifier) is not None, identifier


def test_the_article_table_matches_the_held_act(hra: Document) -> None:
    """Each entry names the place whose printed number is the Article, in its Part."""
    part_headings = {
        0: "The Convention",
        1: "The First Protocol",
        6: "The Sixth Protocol",
        13: "ARTICLE 1 OF THE THIRTEENTH PROTOCOL",
    }
    for (instrument, article), path in SCHEDULED_ARTICLES.items():
        provision = hra.provision("/".join((HRA, *path)))
        assert provision is not None, path
        part_id = "/".join((HRA, *path[:4]))
        part = hra.provision(part_id)
        assert part is not None and part.heading == part_headings[instrument], part_id
        if instrument != 13:
            assert provision.kind is ProvisionKind.CHAPTER
            assert provision.number_text == f"Article {article}", path


def test_the_table_misses_no_article_the_act_sets_out(hra: Document) -> None:
    schedule = hra.provision(SCH1)
    assert schedule is not None
    held = {
        p.id
        for p in schedule.walk()
        if p.kind is ProvisionKind.CHAPTER and (p.number_text or "").startswith("Article")
    }
    tabled = {"/".join((HRA, *path)) for path in SCHEDULED_ARTICLES.values()}
    assert held == tabled - {f"{SCH1}/part/3"}


@pytest.mark.parametrize("identifier", sorted({*FORMS.values()}))
def test_output_cites_them_back_in_a_form_the_reader_reads(identifier: str) -> None:
    shown = format_citation(identifier)
    assert "Ch." not in shown
    assert parse_citation(shown).identifier == identifier


_CONVENTION_WORDS = re.compile(
    r"\b(?:ECHR|Convention|Protocol|HRA|Human Rights Act)\b|\bA\d+P\d+\b"
)
_ARTICLE = re.compile(r"\b(?:Art|Article)s?\b|\bA\d+P\d+\b")


def _convention_citations(text: str) -> set[str]:
    """Backticked or quoted citations of an Article alongside the Convention or the HRA."""
    found = set(re.findall(r"`([^`\n]+)`", text)) | set(re.findall(r'"([^"\n]{3,80})"', text))
    return {
        f
        for f in found
        if _ARTICLE.search(f)
        and _CONVENTION_WORDS.search(f)
        and "/" not in f
        and "lawgraph" not in f
    }


def test_every_convention_form_the_docs_use_is_tested() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    used = set()
    for page in pages:
        used |= _convention_citations(page.read_text(encoding="utf-8"))
    readme_show = re.findall(r'lawgraph show "([^"]+)"', (ROOT / "README.md").read_text())
    used |= {c for c in readme_show if _ARTICLE.search(c)}
    assert "Art 2 HRA 1998" in used
    missing = sorted(used - FORMS.keys() - REFUSED.keys())
    assert not missing, f"Convention citations in the docs with no case here: {missing}"
