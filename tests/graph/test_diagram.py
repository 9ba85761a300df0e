"""The sharing diagram: a node per organisation, an arrow per flow labelled by its
provision, styled by kind; DOT that does not change between runs; and the command."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

import lawgraph.cli.diagram_cmd  # noqa: F401  (registers the command)
from lawgraph.cli import app
from lawgraph.graph.diagram import DiagramFormat, diagram_source, render_diagram
from lawgraph.graph.flows import Flow, FlowKind, sharing_flows
from lawgraph.knowledge import Knowledge
from lawgraph.settings import DATA_ENV
from tests.graph.conftest import REAL_DATA

DAY = dt.date(2026, 6, 1)
PARTNERSHIP = [
    "local-authority-childrens-services",
    "integrated-care-board",
    "chief-officer-of-police",
    "nhs-trust",
    "maintained-school",
    "academy",
    "further-education-institution",
]
SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz's dot is not installed (apt-get install graphviz; .ci/run installs it)",
)


def _names(knowledge: Knowledge) -> dict[str, str]:
    return {h: knowledge.holders[h].name for h in PARTNERSHIP}


def _flows(knowledge: Knowledge) -> list[Flow]:
    return sharing_flows(knowledge, PARTNERSHIP, purposes=["safeguarding"], on=DAY)


def _svg(knowledge: Knowledge) -> etree._Element:
    picture = render_diagram(_flows(knowledge), "svg", holders=_names(knowledge))
    return etree.fromstring(picture, etree.XMLParser(resolve_entities=False, no_network=True))


def _groups(svg: etree._Element, kind: str) -> dict[str, etree._Element]:
    return {
        "".join(g.find(f"{SVG}title").itertext()): g
        for g in svg.iter(f"{SVG}g")
        if g.get("class") == kind
    }


def _texts(group: etree._Element) -> list[str]:
    return ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]


def _arrow_labels(svg: etree._Element) -> dict[str, list[str]]:
    """Each arrow's ``discloser->recipient`` with the label lines of every arrow so named
    (a pair joined by two kinds has two arrows)."""
    out: dict[str, list[str]] = {}
    for g in svg.iter(f"{SVG}g"):
        if g.get("class") == "edge":
            out.setdefault("".join(g.find(f"{SVG}title").itertext()), []).extend(_texts(g))
    return out


@needs_dot
def test_the_svg_has_a_node_for_each_organisation_with_its_name(knowledge):
    nodes = _groups(_svg(knowledge), "node")
    for holder in PARTNERSHIP:
        assert holder in nodes, holder
    school = " ".join(_texts(nodes["maintained-school"]))
    # its own function, named in its box: EA 2002 s.175(1), which names no recipient
    assert "Maintained school" in school and "Education Act 2002, s.175(1)" in school


@needs_dot
def test_the_svg_has_an_arrow_for_each_flow_labelled_by_its_provision(knowledge):
    labels = _arrow_labels(_svg(knowledge))
    flows = _flows(knowledge)
    drawn = [f for f in flows if f.kind is not FlowKind.FUNCTION and f.gateway != "ca2004-s16H"]
    assert len(drawn) >= 5
    for f in drawn:
        # an arrow with two heads is named once, either way round
        lines = labels.get(f"{f.discloser}->{f.recipient}", []) + labels.get(
            f"{f.recipient}->{f.discloser}", []
        )
        # a long citation wraps over lines of the label
        assert f.provision in " ".join(lines), (f, lines)
    assert labels["nhs-trust->local-authority-childrens-services"] == ["Children Act 1989, s.47(9)"]
    # wrapped, so the picture stays narrow enough to read on a page
    assert labels["chief-officer-of-police->academy"] == ["Domestic Abuse Act 2021,", "s.49A(1)"]


@needs_dot
def test_a_gateway_between_every_pair_is_written_once_in_the_key(knowledge):
    svg = _svg(knowledge)
    assert not any(
        "Children Act 2004, s.16H(1)" in t for lines in _arrow_labels(svg).values() for t in lines
    )
    key = " ".join(_texts(svg))  # the key is the picture's caption
    assert "Between any two of the bodies shown:" in key
    # the data marks the s.16H gateway's commencement uncertain: so the dagger
    assert "Children Act 2004, s.16H(1) \N{DAGGER} (a duty to comply with a request)" in key


@needs_dot
def test_the_line_style_follows_the_kind(knowledge):
    edges = _groups(_svg(knowledge), "edge")

    def stroke(edge: str) -> tuple[str | None, str | None]:
        path = edges[edge].find(f".//{SVG}path")
        return path.get("stroke"), path.get("stroke-dasharray")

    assert stroke("chief-officer-of-police->academy") == ("#0072b2", None)  # duty: solid
    assert stroke("nhs-trust->local-authority-childrens-services") == ("#d55e00", "1,5")
    power = [
        Flow(
            discloser="chief-officer-of-police", discloser_label="Chief officer of police",
            recipient="nhs-trust", recipient_label="NHS trust", gateway="cda1998-s115",
            kind=FlowKind.POWER, provision="Crime and Disorder Act 1998, s.115(1)",
        )
    ]  # fmt: skip
    svg = etree.fromstring(render_diagram(power, "svg"))
    path = _groups(svg, "edge")["chief-officer-of-police->nhs-trust"].find(f".//{SVG}path")
    assert (path.get("stroke"), path.get("stroke-dasharray")) == ("#009e73", "5,2")


def test_one_arrow_per_pair_and_kind_with_two_heads_when_it_runs_both_ways():
    def flow(a: str, b: str, provision: str, kind: FlowKind = FlowKind.POWER) -> Flow:
        return Flow(
            discloser=a, discloser_label=a.upper(), recipient=b, recipient_label=b.upper(),
            gateway=provision, kind=kind, provision=provision,
        )  # fmt: skip

    dot = diagram_source(
        [flow("a", "b", "X Act 2000, s.1"), flow("b", "a", "X Act 2000, s.1"),
         flow("a", "b", "Y Act 2001, s.2"), flow("a", "b", "Z Act 2002, s.3", FlowKind.DUTY)]
    )  # fmt: skip
    arrows = [line.strip() for line in dot.splitlines() if "->" in line and "key" not in line]
    assert len(arrows) == 3
    # a -> b carries two powers; b -> a only one, so the two do not merge
    assert any('label="X Act 2000, s.1\\nY Act 2001, s.2"' in a for a in arrows)
    both = diagram_source([flow("a", "b", "X Act 2000, s.1"), flow("b", "a", "X Act 2000, s.1")])
    [arrow] = [line for line in both.splitlines() if "a -> b" in line or "b -> a" in line]
    assert "dir=both" in arrow


def test_dot_is_the_same_bytes_every_run(knowledge):
    first = render_diagram(_flows(knowledge), "dot", holders=_names(knowledge), title="T")
    assert first == render_diagram(_flows(knowledge), "dot", holders=_names(knowledge), title="T")
    code = (
        "import sys, datetime as dt, lawgraph\n"
        "from lawgraph.graph.flows import sharing_flows\n"
        "k = lawgraph.load(sys.argv[1], parts=()).knowledge\n"
        "hs = sys.argv[2:]\n"
        "f = sharing_flows(k, hs, purposes=['safeguarding'], on=dt.date(2026, 6, 1))\n"
        "names = {h: k.holders[h].name for h in hs}\n"
        "sys.stdout.buffer.write(lawgraph.render_diagram(f, 'dot', holders=names, title='T'))\n"
    )
    for seed in ("1",):  # a hash seed other than this process's, whatever it is
        done = subprocess.run(
            [sys.executable, "-c", code, str(REAL_DATA), *PARTNERSHIP],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120,
            check=True,
        )
        assert done.stdout == first


def test_the_picture_says_it_is_not_legal_advice(knowledge):
    dot = diagram_source(_flows(knowledge), holders=_names(knowledge))
    assert "Not legal advice." in dot


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv(DATA_ENV, str(REAL_DATA))
    return CliRunner()


ARGS = ["diagram", "children's social care", "chief constable", "academy",
        "--purpose", "safeguarding", "--as-at", "2026-06-01"]  # fmt: skip


def test_cli_writes_dot_to_standard_output(runner):
    result = runner.invoke(app, [*ARGS, "--format", "dot"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("digraph sharing {")
    assert '"chief-officer-of-police" -> academy' in result.stdout
    assert "Gateways for safeguarding, in force on 2026-06-01 (England)" in result.stdout


@needs_dot
@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG\r\n\x1a\n")])
def test_cli_writes_svg_and_png_files(runner, tmp_path: Path, fmt: str, magic: bytes):
    out = tmp_path / f"partnership.{fmt}"
    result = runner.invoke(app, [*ARGS, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert f"wrote {out} ({fmt}): 3 organisations" in result.output


TWO = ["diagram", "academy", "nhs-trust"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["diagram", "academy", "shcool"],
            "HOLDER: no holder has the id or alias 'shcool'; did you mean: school",
        ),
        (["diagram", "academy", "MASH"], "'MASH' is not a duty holder"),
        (["diagram", "academy"], "name at least two organisations"),
        (["diagram", "academy", "academy"], "already among the holders"),
        (["diagram", "academy", "teacher"], "an individual, not an organisation"),
        ([*TWO, "--purpose", "safegarding"], "--purpose: no purpose"),
        ([*TWO, "--format", "gif"], "--format 'gif' is not known; use one of: svg, png, dot"),
        ([*TWO, "--format", "png"], "give the file to write with -o FILE"),
        ([*TWO, "--as-at", "2026-13-01"], "--as-at '2026-13-01' is not a date"),
        ([*TWO, "--jurisdiction", "mars"], "--jurisdiction 'mars' is not known"),
        (
            [*TWO, "--format", "dot", "-o", "/no/such/folder/x.dot"],
            "cannot write /no/such/folder/x.dot: No such file or directory",
        ),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(runner, args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_without_graphviz_says_how_to_install_it(runner, monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on the path
    result = runner.invoke(app, [*ARGS, "--format", "svg", "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 2, result.output
    assert "Graphviz's dot program was not found, so no SVG can be drawn" in result.output
    assert "apt-get install graphviz" in result.output
    assert not (tmp_path / "x.svg").exists()
    # DOT text needs no dot program
    assert runner.invoke(app, [*ARGS, "--format", "dot"]).exit_code == 0


def test_the_formats_are_those_the_command_offers():
    assert [f.value for f in DiagramFormat] == ["svg", "png", "dot"]


def test_a_gateway_joining_every_body_of_a_set_is_drawn_through_one_oval():
    """Three bodies under one duty to co-operate: six arrows would say it; one oval with
    a line with two heads to each says it once."""
    bodies = ["a", "b", "c", "d"]
    flows = [
        Flow(
            discloser=x, discloser_label=x.upper(), recipient=y, recipient_label=y.upper(),
            gateway="g", kind=FlowKind.POWER, provision="Care Act 2014, s.6(1)",
        )
        for x in bodies[:3]
        for y in bodies[:3]
        if x != y
    ]  # fmt: skip
    other = {"recipient": "d", "recipient_label": "D", "provision": "Other Act 2000, s.1"}
    flows.append(flows[0].model_copy(update=other))
    dot = diagram_source(flows)
    lines = [line.strip() for line in dot.splitlines() if "->" in line]
    assert '"via-1" [label="Care Act 2014, s.6(1)"' in dot
    # a, b and c give and receive through the oval; a -> d is another gateway's arrow
    assert [line.split(" [")[0] for line in lines] == [
        'a -> "via-1"', 'b -> "via-1"', 'c -> "via-1"', "a -> d"
    ]  # fmt: skip
    assert all("dir=both" in line for line in lines[:3])
    assert "An oval is one gateway joining several bodies" in dot
