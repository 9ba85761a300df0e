"""`lawgraph map`: an organisation's sharing map agrees, cell by cell, with `ask`.

The golden map (``tests/reasoning/golden/map-academy-safeguarding.json``) is the JSON of
``lawgraph map academy --purpose safeguarding --category health-data --direction in
--as-at 2026-11-21 --format json``: everyone who may or must tell an academy about a
child's health for safeguarding. After a deliberate change to the data or the reasoner,
regenerate it with one command and review the diff:

    .venv/bin/python -m tests.reasoning.test_sharing_map
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import lawgraph
import lawgraph.cli.map_cmd
from lawgraph.cli import app
from lawgraph.disclaimer import NOT_LEGAL_ADVICE
from lawgraph.knowledge.loader import Knowledge, load_knowledge
from lawgraph.reasoning import Outcome, ask
from lawgraph.reasoning.scenario import LawNotInForceError, law_in_force_from
from lawgraph.reasoning.sharing_map import (
    Direction,
    GatewayKind,
    MapCell,
    NotAnOrganisationError,
    SharingMap,
    cell_of,
    sharing_map,
)
from lawgraph.settings import DATA_ENV, data_dir

AS_AT = dt.date(2026, 11, 21)
GOLDEN = Path(__file__).parent / "golden" / "map-academy-safeguarding.json"
GOLDEN_ARGS = [
    "map",
    "academy",
    "--purpose",
    "safeguarding",
    "--category",
    "health-data",
    "--direction",
    "in",
    "--as-at",
    AS_AT.isoformat(),
    "--format",
    "json",
]


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(data_dir())


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv(DATA_ENV, str(data_dir()))
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


def _asked(knowledge: Knowledge, cell: MapCell) -> MapCell:
    """The cell rebuilt from a fresh, independent `ask` of its own question (with the
    grouping expansion a plain ``lawgraph ask`` does)."""
    det = ask(knowledge, cell.question.scenario(AS_AT))
    fresh = cell_of(knowledge, det, cell.direction)
    # expanding a grouping adds a judgement step naming its members; the map leaves
    # members to their own rows, so that step is the only difference allowed
    return fresh.model_copy(
        update={"judgements": tuple(j for j in fresh.judgements if j != "grouping")}
    )


@pytest.mark.parametrize(
    "holder",
    ["local-authority-childrens-services", "nhs-trust", "chief-officer-of-police", "academy"],
)
def test_every_cell_agrees_with_ask(knowledge: Knowledge, holder: str) -> None:
    # a statutory purpose and one answered from the general bases only
    m = sharing_map(
        knowledge,
        holder,
        as_at=AS_AT,
        purposes=["safeguarding", "legal-claims"],
        include_no_basis=True,
    )
    assert m.cells, holder
    for cell in m.cells:
        assert _asked(knowledge, cell) == cell, cell.question
    # every counterparty that existed is asked about in both directions, for each
    # purpose and category, in no particular setting at least
    plain = {
        (c.direction, c.counterparty, c.question.purpose, c.question.category)
        for c in m.cells
        if c.question.context.value == "other"
    }
    gone = {h for h, _ in m.not_in_existence}
    for other in knowledge.holders.values():
        if other.id == holder or other.id in gone:
            continue
        for purpose in m.purposes:
            for category in m.categories:
                assert (Direction.IN, other.id, purpose, category) in plain
                if not other.practitioner:
                    assert (Direction.OUT, other.id, purpose, category) in plain
    assert m.no_basis == sum(c.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED for c in m.cells)


@pytest.mark.parametrize(
    ("holder", "purposes", "categories", "direction"),
    [
        # the duties to comply with a request under CA 1989 s.27 and s.47(9), both ways
        ("nhs-trust", ["child-in-need-assessment", "child-protection-enquiry"],
         ["health-data"], Direction.OUT),
        ("local-authority-childrens-services",
         ["child-in-need-assessment", "child-protection-enquiry"], ["health-data"],
         Direction.IN),
        # every data category
        ("academy", ["safeguarding"], [], Direction.OUT),
    ],
)  # fmt: skip
def test_request_settings_and_every_category_agree_with_ask(
    knowledge: Knowledge,
    holder: str,
    purposes: list[str],
    categories: list[str],
    direction: Direction,
) -> None:
    m = sharing_map(
        knowledge,
        holder,
        as_at=AS_AT,
        purposes=purposes,
        categories=categories or list(knowledge.categories),
        direction=direction,
        include_no_basis=True,
    )
    for cell in m.cells:
        assert _asked(knowledge, cell) == cell, cell.question
    if purposes != ["safeguarding"]:
        settings = {c.question.context.value for c in m.cells}
        assert {"section-17-assessment", "section-47-enquiry"} <= settings


def test_default_view_counts_no_basis_cells_without_listing_them(knowledge: Knowledge) -> None:
    full = sharing_map(
        knowledge, "nhs-trust", as_at=AS_AT, purposes=["legal-claims"], include_no_basis=True
    )
    shown = sharing_map(knowledge, "nhs-trust", as_at=AS_AT, purposes=["legal-claims"])
    assert shown.no_basis == full.no_basis > 0
    assert not any(c.outcome is Outcome.NO_LAWFUL_BASIS_IDENTIFIED for c in shown.cells)
    assert len(shown.cells) + shown.no_basis == len(full.cells)


def _cell(m: SharingMap, direction: Direction, other: str, category: str) -> MapCell:
    found = [
        c
        for c in m.cells
        if c.direction is direction
        and c.counterparty == other
        and c.question.category == category
        and c.question.context.value == "other"
    ]
    assert len(found) == 1, (other, category)
    return found[0]


def _cited(knowledge: Knowledge, gateway: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.id for c in knowledge.gateways[gateway].citations))


@pytest.mark.parametrize(
    ("holder", "direction", "other", "gateway", "kind"),
    [
        # a maintained school's safeguarding arrangements, EA 2002 s.175
        ("maintained-school", Direction.OUT, "local-authority-childrens-services",
         "ea2002-s175", GatewayKind.FUNCTION),
        # an academy's: the independent school standard (ESA 2008 s.94), EA 2002 s.157
        # being the Welsh route (s.158, s.171)
        ("academy", Direction.OUT, "local-authority-childrens-services",
         "iss2014-sch-para7", GatewayKind.FUNCTION),
        # police to a school about domestic abuse, DA Act 2021 s.49A, seen from the school
        ("academy", Direction.IN, "chief-officer-of-police", "daa2021-s49a", GatewayKind.DUTY),
    ],
)  # fmt: skip
def test_known_cells_cite_the_provision_in_the_data(
    knowledge: Knowledge,
    holder: str,
    direction: Direction,
    other: str,
    gateway: str,
    kind: GatewayKind,
) -> None:
    m = sharing_map(
        knowledge,
        holder,
        as_at=AS_AT,
        purposes=["safeguarding"],
        categories=["personal-data"],
        direction=direction,
    )
    cell = _cell(m, direction, other, "personal-data")
    found = {g.id: g for g in cell.gateways}
    assert gateway in found, [g.id for g in cell.gateways]
    assert found[gateway].kind is kind
    assert found[gateway].citations == _cited(knowledge, gateway)
    assert found[gateway].conditions == tuple(knowledge.gateways[gateway].conditions)


def test_a_request_power_and_the_duty_on_request_are_shown(knowledge: Knowledge) -> None:
    m = sharing_map(
        knowledge,
        "academy",
        as_at=AS_AT,
        purposes=["safeguarding"],
        categories=["personal-data"],
        direction=Direction.OUT,
    )
    on_request = [
        c
        for c in m.cells
        if c.counterparty == "local-authority-childrens-services"
        and c.question.context.value == "s16h-request"
    ]
    assert len(on_request) == 1
    cell = on_request[0]
    assert cell.outcome is Outcome.SHARE_ON_DUTY
    kinds = {g.id: g.kind for g in cell.gateways}
    assert kinds["ca2004-s16H"] is GatewayKind.DUTY_ON_REQUEST
    powers = [g for g in cell.requested_under if g.kind is GatewayKind.REQUEST]
    assert powers and all(
        "local-authority-childrens-services" in knowledge.gateways[g.id].holders for g in powers
    )


def test_practitioner_and_private_person_are_refused(knowledge: Knowledge) -> None:
    practitioner = next(h.id for h in knowledge.holders.values() if h.practitioner)
    person = next(h.id for h in knowledge.holders.values() if h.private_person)
    for holder in (practitioner, person):
        with pytest.raises(NotAnOrganisationError, match="not an organisation"):
            sharing_map(knowledge, holder, as_at=AS_AT, purposes=["safeguarding"])


def test_the_facade_gives_the_same_map(knowledge: Knowledge) -> None:
    lg = lawgraph.load(parts=())
    assert lg.map(
        "chief constable", as_at=AS_AT, purposes=["safeguarding"], direction="out"
    ) == sharing_map(
        knowledge, "chief-officer-of-police", as_at=AS_AT, purposes=["safeguarding"],
        direction=Direction.OUT,
    )  # fmt: skip


# --- the command line -----------------------------------------------------------------

_SMALL = ["--purpose", "safeguarding", "--category", "health-data", "--as-at", "2026-11-21"]


def test_text_is_readable_and_says_what_is_settled(runner: CliRunner) -> None:
    result = runner.invoke(app, ["map", "maintained school", *_SMALL, "--direction", "out"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Sharing map: Maintained school (maintained-school)" in out
    assert "Education Act 2002, s.175(1)" in out
    assert "Settled by law" in out and "judgement" in out
    assert NOT_LEGAL_ADVICE in out
    other = runner.invoke(app, ["map", "nhs-trust", "--purpose", "legal-claims", "--as-at",
                                "2026-11-21", "--direction", "out"])  # fmt: skip
    assert other.exit_code == 0, other.output
    assert "gave no lawful basis identified and are left out (--all lists them)" in other.output


def test_markdown_csv_and_json(runner: CliRunner, knowledge: Knowledge) -> None:
    args = ["map", "academy", *_SMALL, "--direction", "in"]
    md = runner.invoke(app, [*args, "--format", "markdown"])
    assert md.exit_code == 0, md.output
    assert md.output.startswith("# Sharing map: Academy")
    assert "| With | Purpose |" in md.output and NOT_LEGAL_ADVICE in md.output
    assert "Domestic Abuse Act 2021, s.49A(1)" in md.output
    table = runner.invoke(app, [*args, "--format", "csv"])
    assert table.exit_code == 0, table.output
    rows = list(csv.reader(io.StringIO(table.output)))
    assert rows[0][:3] == ["direction", "discloser", "recipient"]
    police = [r for r in rows[1:-1] if r[1] == "chief-officer-of-police"]
    assert police and "daa2021-s49a" in police[0][8]
    assert NOT_LEGAL_ADVICE in rows[-1][0]
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).output)
    m = SharingMap.model_validate(data)
    assert m == sharing_map(
        knowledge, "academy", as_at=AS_AT, purposes=["safeguarding"],
        categories=["health-data"], direction=Direction.IN,
    )  # fmt: skip
    assert data["not_legal_advice"] == NOT_LEGAL_ADVICE


def test_unknown_holder_gets_suggestions(runner: CliRunner) -> None:
    result = runner.invoke(app, ["map", "hospital trust", *_SMALL])
    assert result.exit_code == 2
    assert "lawgraph map:" in result.output and "nhs-trust" in result.output
    assert "Traceback" not in result.output


def test_bad_direction_and_format_are_refused(runner: CliRunner) -> None:
    result = runner.invoke(app, ["map", "academy", "--direction", "sideways"])
    assert result.exit_code == 2
    assert "--direction 'sideways' is not allowed; use one of: out, in, both" in result.output
    result = runner.invoke(app, ["map", "academy", "--format", "pdf"])
    assert result.exit_code == 2 and "--format 'pdf'" in result.output


def test_a_date_before_the_law_is_refused_as_ask_refuses_it(
    runner: CliRunner, knowledge: Knowledge
) -> None:
    before = law_in_force_from(knowledge).date - dt.timedelta(days=1)
    with pytest.raises(LawNotInForceError):
        sharing_map(knowledge, "academy", as_at=before, purposes=["safeguarding"])
    result = runner.invoke(app, ["map", "academy", "--as-at", before.isoformat()])
    assert result.exit_code == 2
    assert f"cannot answer for {before}" in result.output
    bad = runner.invoke(app, ["map", "academy", "--as-at", "21/11/2026"])
    assert bad.exit_code == 2 and "is not a date" in bad.output


def test_a_body_that_no_longer_existed_is_refused(runner: CliRunner, knowledge: Knowledge) -> None:
    gone = next(h for h in knowledge.holders if (end := knowledge.lifespan(h).end) and end < AS_AT)
    result = runner.invoke(app, ["map", gone, "--as-at", AS_AT.isoformat()])
    assert result.exit_code == 2
    assert f"the organisation {gone!r} no longer existed on {AS_AT}" in result.output


def test_golden_map(runner: CliRunner) -> None:
    result = runner.invoke(app, GOLDEN_ARGS)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(GOLDEN.read_text(encoding="utf-8")), (
        "the academy's map changed; if intended, regenerate it: "
        ".venv/bin/python -m tests.reasoning.test_sharing_map"
    )


def _regenerate() -> None:
    result = CliRunner().invoke(app, GOLDEN_ARGS)
    if result.exit_code != 0:
        sys.exit(result.output)
    GOLDEN.write_text(result.output, encoding="utf-8")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    _regenerate()


def test_a_map_leaves_the_garbage_collector_as_it_found_it() -> None:
    """The map pauses cyclic collection while it builds (speed), and puts it back, off
    or on, even when it refuses the holder."""
    import gc

    from lawgraph.knowledge import UnknownHolderError, load_knowledge
    from lawgraph.settings import data_dir

    k = load_knowledge(data_dir())
    assert gc.isenabled()
    sharing_map(k, "academy", purposes=["safeguarding"])
    assert gc.isenabled()
    with pytest.raises(UnknownHolderError):
        sharing_map(k, "no such body at all")
    assert gc.isenabled()
    gc.disable()
    try:
        sharing_map(k, "academy", purposes=["safeguarding"])
        assert not gc.isenabled()
    finally:
        gc.enable()
