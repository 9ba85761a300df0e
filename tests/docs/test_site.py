"""The docs site builds strictly, its internal links all resolve, and (where Chromium is
installed) its pages render. CI installs Chromium and runs scripts/check_site.py as well,
so the browser check is never skipped there."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_site", ROOT / "scripts" / "check_site.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_site"] = module
    spec.loader.exec_module(module)
    return module


check_site = _load()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    check_site.build_site(dest)
    return dest


@pytest.mark.corpus
def test_generated_reference_pages(site: Path) -> None:
    from lawgraph.knowledge import load_knowledge

    knowledge = load_knowledge(ROOT / "data")
    reference = site / "reference"
    assert len(list((reference / "gateways").glob("*/index.html"))) == len(knowledge.gateways)
    assert len(list((reference / "holders").glob("*/index.html"))) == len(knowledge.holders)
    assert len(list((reference / "conditions").glob("*/index.html"))) == len(knowledge.conditions)
    para18 = (reference / "conditions" / "dpa-sch1-para18" / "index.html").read_text()
    assert "protecting an individual from neglect" in para18  # held DPA text, quoted
    assert "https://www.legislation.gov.uk/ukpga/2018/12/schedule/1/paragraph/18/1/a" in para18


@pytest.mark.corpus
def test_decision_tables_page(site: Path) -> None:
    """'How an answer is decided' is generated from data/rules: every row of every table
    is on it, with its citations linked and its conditions linked to their pages."""
    from lawgraph.knowledge import load_knowledge

    knowledge = load_knowledge(ROOT / "data")
    assert knowledge.rules is not None
    page = (site / "reference" / "decision-tables" / "index.html").read_text()
    for table in knowledge.rules.tables.values():
        assert table.path in page
        for row in table.rows:
            assert f"<code>{row.id}</code>" in page
    assert "https://www.legislation.gov.uk/ukpga/2018/12/schedule/1/paragraph/36" in page
    assert 'href="../conditions/dpa-sch1-para36/"' in page
    assert "Not legal advice" in page
    index = (site / "reference" / "index.html").read_text()
    assert 'href="decision-tables/"' in index


@pytest.mark.corpus
def test_internal_links_resolve(site: Path) -> None:
    assert check_site.broken_links(site) == []


def test_link_checker_finds_broken_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>ok</p>")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a> <a href="https://example.org/x">external</a> <a href="#top">x</a>'
        '<a href="missing/">broken</a> <img src="img/none.png">'
    )
    assert check_site.broken_links(tmp_path) == [
        "index.html: broken link 'missing/'",
        "index.html: broken link 'img/none.png'",
    ]


@pytest.mark.corpus
@pytest.mark.skipif(not check_site.CHROMIUM.is_file(), reason="Chromium not installed")
def test_pages_render_in_chromium(site: Path, tmp_path: Path) -> None:
    with check_site.serve(site) as base:
        assert check_site.browse(base, tmp_path) == []
    assert len(list(tmp_path.glob("*.png"))) == len(check_site.PAGES)


def test_console_messages_are_read_from_chromium_logs() -> None:
    # two lines as Chromium 156 writes them with --enable-logging=stderr
    log = (
        '[1:1:1121/213146.928544:INFO:CONSOLE:1] "boom from page", source: http://x/a (1)\n'
        '[1:1:1121/213146.92:INFO:CONSOLE(12)] "Uncaught ReferenceError: f is not defined", '
        "source: http://x/a (12)\n"
        "[1:1:1121/213146.93:WARNING:other.cc(5)] not a console line\n"
    )
    found = check_site.console_messages(log)
    assert len(found) == 2
    assert found[0].startswith('"boom from page"')
    assert "Uncaught ReferenceError" in found[1]
