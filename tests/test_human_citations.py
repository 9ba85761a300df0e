"""Citations as an IG lead writes them, from identifiers: `format_citation`, the one
formatter every practitioner-facing output uses (`lawgraph ask`, the decision record,
`lawgraph gateways`, the reference pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgraph.knowledge import load_knowledge
from lawgraph.legislation.citations import format_citation, parse_citation

ROOT = Path(__file__).resolve().parents[1]

# identifier -> what a practitioner reads; each form also reads back (parse_citation)
ROUND_TRIPS = [
    ("ukpga/2004/31/section/11/2", "Children Act 2004, s.11(2)"),
    ("ukpga/2004/31/section/11/2/a", "Children Act 2004, s.11(2)(a)"),
    ("ukpga/2004/31/section/16H", "Children Act 2004, s.16H"),
    ("ukpga/1989/41/section/47/1", "Children Act 1989, s.47(1)"),
    ("ukpga/1989/41/schedule/2/paragraph/4/2/a", "Children Act 1989, Sch. 2, para. 4(2)(a)"),
    ("eur/2016/679/article/6/1/e", "UK GDPR, Art. 6(1)(e)"),
    ("eur/2016/679/article/6/1/ea", "UK GDPR, Art. 6(1)(ea)"),
    ("eur/2016/679/article/9/2/g", "UK GDPR, Art. 9(2)(g)"),
    ("eur/2016/679/article/10", "UK GDPR, Art. 10"),
    ("ukpga/2018/12/schedule/1/paragraph/18", "Data Protection Act 2018, Sch. 1, para. 18"),
    (
        "ukpga/2018/12/schedule/1/paragraph/18/1/a/ii",
        "Data Protection Act 2018, Sch. 1, para. 18(1)(a)(ii)",
    ),
    ("ukpga/2018/12/schedule/8/paragraph/4/3/c", "Data Protection Act 2018, Sch. 8, para. 4(3)(c)"),
    ("ukpga/2018/12/part/3", "Data Protection Act 2018, Pt. 3"),
    ("ukpga/2018/12/part/3/chapter/2", "Data Protection Act 2018, Pt. 3, Ch. 2"),
    ("ukpga/2018/12/section/8", "Data Protection Act 2018, s.8"),
    ("ukpga/1998/42/section/6", "Human Rights Act 1998, s.6"),
    ("ukpga/1998/37/section/115/2/d/i", "Crime and Disorder Act 1998, s.115(2)(d)(i)"),
    ("ukpga/2025/18/section/70/2/a", "Data (Use and Access) Act 2025, s.70(2)(a)"),
    ("ukpga/2008/25/section/94/1/c", "Education and Skills Act 2008, s.94(1)(c)"),
    (
        "uksi/2005/1437/regulation/9/3B",
        "Education (Pupil Information) (England) Regulations 2005, reg. 9(3B)",
    ),
    (
        "uksi/2014/3283/schedule/paragraph/7/b",
        "Education (Independent School Standards) Regulations 2014, Schedule, para. 7(b)",
    ),
    (
        "uksi/2018/789/regulation/18",
        "Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018, "
        "reg. 18",
    ),
    (
        "uksi/2024/208/regulation/13/1",
        "School Attendance (Pupil Registration) (England) Regulations 2024, reg. 13(1)",
    ),
    (
        "uksi/2019/419/schedule/1/paragraph/9/2",
        "Data Protection, Privacy and Electronic Communications (Amendments etc) (EU Exit) "
        "Regulations 2019, Sch. 1, para. 9(2)",
    ),
    ("uksi/2013/1/regulation/3", "SI 2013/1, reg. 3"),
    ("ukpga/2000/8/section/91", "2000 c. 8, s.91"),
    ("ukpga/2018/12", "Data Protection Act 2018"),
]

# The Convention rights, which the HRA holds as chapters of Schedule 1: shown as Articles.
CONVENTION = [
    ("ukpga/1998/42/schedule/1/part/I/chapter/7", "Human Rights Act 1998, Sch. 1, Art. 8"),
    (
        "ukpga/1998/42/schedule/1/part/I/chapter/7/paragraph/1",
        "Human Rights Act 1998, Sch. 1, Art. 8(1)",
    ),
    (
        "ukpga/1998/42/schedule/1/part/I/chapter/7/paragraph/2",
        "Human Rights Act 1998, Sch. 1, Art. 8(2)",
    ),
    ("ukpga/1998/42/schedule/1/part/I/chapter/1", "Human Rights Act 1998, Sch. 1, Art. 2"),
    ("ukpga/1998/42/schedule/1/part/I/chapter/12", "Human Rights Act 1998, Sch. 1, Art. 14"),
    (
        "ukpga/1998/42/schedule/1/part/II/chapter/2",
        "Human Rights Act 1998, Sch. 1, First Protocol, Art. 2",
    ),
    (
        "ukpga/1998/42/schedule/1/part/III/chapter/Article/1",
        "Human Rights Act 1998, Sch. 1, Sixth Protocol, Art. 1",
    ),
    (
        "ukpga/1998/42/schedule/1/part/3",
        "Human Rights Act 1998, Sch. 1, Thirteenth Protocol, Art. 1",
    ),
    # not a Convention Article: shown as the path it is
    ("ukpga/1998/42/schedule/1/part/I", "Human Rights Act 1998, Sch. 1, Pt. I"),
    ("ukpga/1998/42/schedule/1/part/I/chapter/99", "Human Rights Act 1998, Sch. 1, Pt. I, Ch. 99"),
]


@pytest.mark.parametrize(("identifier", "expected"), ROUND_TRIPS)
def test_human_citation_reads_back(identifier: str, expected: str) -> None:
    assert format_citation(identifier) == expected
    assert str(parse_citation(expected)) == identifier


@pytest.mark.parametrize(("identifier", "expected"), CONVENTION)
def test_convention_rights_are_shown_as_articles(identifier: str, expected: str) -> None:
    assert format_citation(identifier) == expected


def test_every_provision_the_data_cites_is_named_by_its_title() -> None:
    # an IG lead reads "Education and Skills Act 2008, s.94(1)(c)", never "2008 c. 25"
    knowledge = load_knowledge(ROOT / "data")
    cited = {
        c.id
        for e in (*knowledge.conditions.values(), *knowledge.gateways.values())
        for c in e.citations
    }
    untitled = sorted(
        i for i in cited if format_citation(i).split(",")[0].startswith(("SI ", "20", "19"))
    )
    assert untitled == []
