"""``lawgraph protocol``: the lawful-basis section of a partnership's information sharing
agreement (issue 15, items 3 and 4).

The golden file is the example partnership's agreement as the docs site shows it;
regenerate it with the one command the guide documents::

    .venv/bin/lawgraph protocol examples/partnership-anytown.yaml \\
        --output docs/guides/agreement-anytown.md
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from lawgraph.changes.impact import affected_records
from lawgraph.cli import register_commands
from lawgraph.disclaimer import NOT_LEGAL_ADVICE
from lawgraph.embedded import embedded
from lawgraph.knowledge import load_knowledge
from lawgraph.knowledge.loader import Knowledge
from lawgraph.reasoning import Scenario, ask
from lawgraph.reasoning.agreement import Agreement, build_agreement
from lawgraph.reasoning.agreement_render import SETTLED_VS_JUDGEMENT, to_docx, to_html, to_markdown
from lawgraph.reasoning.claims import Verdict
from lawgraph.reasoning.partnership import PartnershipFileError, load_partnership, read_partnership
from lawgraph.settings import DATA_ENV, data_dir

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "partnership-anytown.yaml"
GOLDEN = ROOT / "docs" / "guides" / "agreement-anytown.md"
app = register_commands()


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(data_dir())


@pytest.fixture(scope="module")
def agreement(knowledge: Knowledge) -> Agreement:
    return build_agreement(knowledge, load_partnership(EXAMPLE, knowledge))


def _stable(text: str) -> str:
    # the data fingerprint and version change with every data edit; what they say does not
    text = re.sub(r"sha256 [0-9a-f]{64}", "sha256 <fingerprint>", text)
    text = re.sub(r'"dataFingerprint":"[0-9a-f]{64}"', '"dataFingerprint":"<fingerprint>"', text)
    text = re.sub(r"lawgraph \d+\.\d+\.\d+\S*", "lawgraph <version>", text)
    return re.sub(r'"lawgraphVersion":"[^"]*"', '"lawgraphVersion":"<version>"', text)


def test_the_example_agreement_matches_the_golden_file(
    agreement: Agreement, knowledge: Knowledge
) -> None:
    assert _stable(to_markdown(agreement, knowledge)) == _stable(
        GOLDEN.read_text(encoding="utf-8")
    ), "regenerate: lawgraph protocol examples/partnership-anytown.yaml -o " + str(
        GOLDEN.relative_to(ROOT)
    )


def test_every_flow_is_the_reasoners_answer(agreement: Agreement, knowledge: Knowledge) -> None:
    p = agreement.partnership
    assert len(agreement.flows) == 10 * 9 * 2 * 2
    for flow in agreement.flows:
        assert flow.basis is not None, flow
        purpose = next(
            x for x in p.purposes if x.purpose == flow.purpose and x.context.value == flow.context
        )
        det = ask(
            knowledge,
            Scenario(
                discloser=flow.discloser_holder,
                recipient=flow.recipient_holder,
                subject=p.subject,
                categories=[flow.category],
                purpose=flow.purpose,
                context=purpose.context,
                consent=p.consent,
                in_confidence=p.in_confidence,
                as_at=p.as_at,
                jurisdiction=p.jurisdiction,
            ),
        )
        basis = agreement.basis(flow.basis)
        assert basis.outcome is det.outcome
        assert [g.id for g in basis.gateways] == [g.id for g in det.gateways]
        assert [r.condition for r in basis.article6] == [b.condition for b in det.article6]


def test_parties_are_read_from_the_holder_data(agreement: Agreement) -> None:
    police = next(x for x in agreement.parties if x.holder == "chief-officer-of-police")
    assert police.public_authority is True and police.competent_authority is True
    assert police.public_authority_citations == (
        "ukpga/2018/12/section/7/1/a",
        "ukpga/2000/36/schedule/1/paragraph/59",
    )
    assert police.competent_authority_citations == (
        "ukpga/2018/12/schedule/7/paragraph/5",
        "ukpga/2018/12/schedule/7/paragraph/6",
        "ukpga/2018/12/schedule/7/paragraph/7",
    )
    gp = next(x for x in agreement.parties if x.holder == "gp-practice")
    assert gp.public_authority == "depends" and gp.competent_authority is False


def test_duties_to_comply_and_policy_documents_are_shown(agreement: Agreement) -> None:
    # CA 1989 s.47(9): an NHS trust must help a local authority's s.47 enquiry
    nhs = next(
        f
        for f in agreement.flows
        if f.discloser_holder == "nhs-trust"
        and f.recipient_holder == "local-authority-childrens-services"
        and f.purpose == "child-protection-enquiry"
        and f.category == "health-data"
    )
    basis = agreement.basis(nhs.basis or 0)
    assert "duty to comply with a request" in basis.kinds
    assert "ca1989-s47-9" in [g.id for g in basis.gateways]
    assert basis.policy_document  # Sch 1 para 18 needs an appropriate policy document
    assert any(r.startswith("Golden rule 7:") for r in basis.record)


def test_schools_under_section_11_are_flagged_with_the_duty_that_applies(
    agreement: Agreement,
) -> None:
    by_member = {c.claim.member: c for c in agreement.claims}
    school = by_member["maintained-school"]
    assert school.verdict is Verdict.NOT_GIVEN and school.flagged
    assert [g.id for g in school.recorded] == ["ca2004-s11"]
    assert "do not include the holder" in school.recorded[0].reasons[0]
    assert [g.id for g in school.instead] == ["ea2002-s175"]
    assert school.instead[0].citations == (
        "ukpga/2002/32/section/175/1",
        "ukpga/2002/32/section/175/2",
        "ukpga/2002/32/section/175/3",
        "ukpga/2002/32/section/175/3A",
        "ukpga/2002/32/section/175/4",
    )
    academy = by_member["academy"]
    assert academy.verdict is Verdict.NOT_GIVEN
    assert [g.id for g in academy.instead] == ["iss2014-sch-para7"]
    assert academy.instead[0].citations[0] == "uksi/2014/3283/schedule/paragraph/7"
    trust = by_member["nhs-foundation-trust"]
    assert trust.verdict is Verdict.CONFIRMED and not trust.flagged
    assert trust.citations[0] == "ukpga/2004/31/section/11/1"


def test_every_format_carries_the_notice_and_settled_vs_judgement(
    agreement: Agreement, knowledge: Knowledge
) -> None:
    md, page = to_markdown(agreement, knowledge), to_html(agreement, knowledge)
    for text in (md, page):
        assert NOT_LEGAL_ADVICE in text
        assert SETTLED_VS_JUDGEMENT.replace("'", "&#x27;") in text or SETTLED_VS_JUDGEMENT in text
        block = embedded(text)
        assert block is not None and block["citations"] == list(agreement.review_provisions)
    document = docx.Document(io.BytesIO(to_docx(agreement, knowledge)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == [
        "Information sharing agreement: lawful basis. Anytown Safeguarding Children Partnership",
        "What is settled and what needs judgement",
        "Parties",
        "Flows",
    ]
    texts = [p.text for p in document.paragraphs]
    assert NOT_LEGAL_ADVICE in texts and SETTLED_VS_JUDGEMENT in texts
    last = document.paragraphs[-1].runs[0]
    assert last.font.hidden and embedded(last.text) == agreement.machine_readable()
    parties = document.tables[0]
    assert [c.text for c in parties.rows[0].cells] == [
        "Party",
        "Kind of body",
        "Public authority (DPA 2018 s.7)",
        "Competent authority (DPA 2018 Part 3)",
    ]
    assert [r.cells[0].text for r in parties.rows[1:4]] == [
        "Anytown Council (children's services)",
        "NHS Anytown Integrated Care Board",
        "Chief Constable of Anytown Police",
    ]


# -- bad input: one message naming file, line and reason; exit 2 ------------------------

_GOOD = EXAMPLE.read_text(encoding="utf-8")


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[int, str]:
    monkeypatch.setenv(DATA_ENV, str(data_dir()))
    path = tmp_path / "partnership.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["protocol", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "needle", "reason"),
    [
        (
            "  - holder: gp practice",
            "  - holder: hospital trustee board",
            "hospital trustee board",
            "member 6: no holder has the id or alias 'hospital trustee board'; did you mean:",
        ),
        (
            "  - holder: gp practice",
            "  - holder: member of the public",
            "member of the public",
            "member 6: 'member of the public' (member-of-the-public) is a person acting "
            "privately, not an organisation",
        ),
        (
            "date: '2026-11-21'",
            "date: '2021-06-30'",
            "  - holder: integrated care board",
            "member 2: 'integrated care board' (integrated-care-board) did not exist on "
            "2021-06-30, the partnership's date: it exists in law from 2022-07-01",
        ),
        (
            "date: '2026-11-21'",
            "date: '2017-01-01'",
            "date: '2017-01-01'",
            "date 2017-01-01 is before the data-protection law lawgraph applies was in force",
        ),
        (
            "subject: child\n",
            "subject: child\nsubject: parent\n",
            "subject: parent",
            "duplicate key 'subject' (first written on line",
        ),
    ],
    ids=["unknown-body", "individual", "before-member-existed", "before-dpa-2018", "duplicate-key"],
)
def test_bad_partnership_files(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    old: str,
    new: str,
    needle: str,
    reason: str,
) -> None:
    text = _GOOD.replace(old, new, 1)
    assert text != _GOOD
    code, out = _run(tmp_path, monkeypatch, text)
    assert code == 2
    assert "Traceback" not in out
    lines = [x for x in out.splitlines() if x.strip()]
    assert len(lines) == 1, out
    where = f"lawgraph protocol: {tmp_path / 'partnership.yaml'}:{_line(text, needle)}: "
    assert lines[0].startswith(where), (lines[0], where)
    assert reason in lines[0]


def test_an_unknown_body_gets_suggestions(knowledge: Knowledge) -> None:
    text = _GOOD.replace("  - holder: gp practice", "  - holder: doctors surgery", 1)
    with pytest.raises(PartnershipFileError) as err:
        read_partnership(text, "p.yaml", knowledge)
    assert err.value.line == _line(text, "doctors surgery")
    assert "gp-practice" in err.value.reason


# -- lawgraph diff --records flags a generated agreement --------------------------------


def test_diff_records_flags_a_generated_agreement(
    tmp_path: Path, agreement: Agreement, knowledge: Knowledge
) -> None:
    from lawgraph.changes.diff import diff_documents
    from lawgraph.legislation.corpus import Corpus
    from tests.conftest import require_corpus

    corpus = Corpus([require_corpus()])
    old = corpus.document("ukpga/2018/12", "2023-01-01")
    new = corpus.document("ukpga/2018/12", "2026-04-07")
    (tmp_path / "agreement.md").write_text(to_markdown(agreement, knowledge), encoding="utf-8")
    (tmp_path / "agreement.html").write_text(to_html(agreement, knowledge), encoding="utf-8")
    (tmp_path / "agreement.docx").write_bytes(to_docx(agreement, knowledge))
    (tmp_path / "notes.md").write_text("# Notes\n\nNo record here.\n", encoding="utf-8")
    found = affected_records(tmp_path, diff_documents(old, new))
    assert [r.path.name for r in found] == ["agreement.docx", "agreement.html", "agreement.md"]
    assert all(set(r.citations) <= set(agreement.review_provisions) for r in found)


def test_the_example_fits_the_published_schema() -> None:
    import yaml

    from lawgraph.reasoning.partnership import PartnershipFile

    data = yaml.safe_load(_GOOD)
    data["date"] = str(data["date"])
    assert PartnershipFile.model_validate(data).name == "Anytown Safeguarding Children Partnership"


def test_a_broken_word_file_is_reported_not_skipped(tmp_path: Path) -> None:
    from lawgraph.changes.impact import RecordError, read_document_record

    broken = tmp_path / "agreement.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RecordError, match=r"agreement\.docx: not a Word document"):
        read_document_record(broken)


def test_two_members_of_one_kind_are_listed_with_the_reasoners_reason(
    knowledge: Knowledge,
) -> None:
    text = _GOOD.replace(
        "  - holder: academy\n    label: Riverside Academy\n",
        "  - holder: academy\n    label: Riverside Academy\n"
        "  - holder: academy\n    label: Hilltop Academy\n",
        1,
    )
    agreement = build_agreement(knowledge, read_partnership(text, "p.yaml", knowledge))
    between = [
        f
        for f in agreement.flows
        if {f.discloser, f.recipient} == {"Riverside Academy", "Hilltop Academy"}
    ]
    assert len(between) == 2 * 2 * 2
    for flow in between:
        assert flow.basis is None
        assert flow.not_asked is not None
        assert flow.not_asked.startswith("both parties are Academy in lawgraph's data")
        assert "the recipient 'academy' is the discloser" in flow.not_asked
