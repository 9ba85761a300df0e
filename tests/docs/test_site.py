"""The docs site builds strictly, its internal links all resolve, and (where Chromium is
installed) its pages render. CI installs Chromium and runs scripts/check_site.py as well,
so the browser check is never skipped there."""

from __future__ import annotations

import importlib.util
import json
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
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    dest = tmp_path_factory.mktemp("site")
    log = check_site.build_site(dest)
    return dest, log


@pytest.fixture(scope="module")
def site(built: tuple[Path, str]) -> Path:
    return built[0]


@pytest.mark.corpus
def test_build_lists_no_pages_outside_the_nav(built: tuple[Path, str]) -> None:
    """The build log carries no list of pages left out of the nav: the generated
    reference pages are named in ``not_in_nav`` and every hand-written page is in the nav."""
    site, log = built
    assert "Documentation built" in log
    assert check_site.pages_not_in_nav(log) == []
    assert (site / "reference" / "holders" / "school" / "index.html").is_file()


def test_not_in_nav_list_is_read_from_the_log() -> None:
    log = (
        "INFO    -  The following pages exist in the docs directory, but are not included "
        'in the "nav" configuration:\n  - reference/a.md\n  - b.md\n'
        "INFO    -  Documentation built\n"
    )
    assert check_site.pages_not_in_nav(log) == ["reference/a.md", "b.md"]
    assert check_site.pages_not_in_nav("INFO    -  Documentation built in 4 seconds\n") == []


@pytest.mark.corpus
def test_schemas_published_with_their_id(site: Path) -> None:
    """Each JSON schema is on the site at the address its ``$id`` names (site_url from
    mkdocs.yml), byte for byte what lawgraph generates and what ``schemas/`` holds, and
    the schemas page lists it."""
    import yaml

    from lawgraph.reasoning.schemas import SCHEMA_BASE_URL, schema_documents

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] + "schemas/" == SCHEMA_BASE_URL
    documents = schema_documents()
    assert set(documents) == {
        "scenario.schema.json",
        "determination.schema.json",
        "partnership.schema.json",
    }
    page = (site / "reference" / "schemas" / "index.html").read_text(encoding="utf-8")
    for name, text in documents.items():
        published = site / "schemas" / name
        assert published.read_text(encoding="utf-8") == text
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == text
        schema = json.loads(text)
        assert schema["$id"] == config["site_url"] + f"schemas/{name}"
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] in page
        assert f'href="../../schemas/{name}"' in page


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
    # one per page, and the whole of the partnership diagram's page
    assert len(list(tmp_path.glob("*.png"))) == len(check_site.PAGES) + 1
    assert (tmp_path / "start.png").is_file()
    assert (tmp_path / "partnership-diagram-full.png").stat().st_size > 50_000


def test_the_diagram_check_fails_a_page_without_the_picture() -> None:
    url = "http://h/guides/partnership-diagram/"
    assert check_site.diagram_problems("<article><p>no picture</p></article>", url) == [
        f"{url}: the diagram did not render (no inline SVG; is Graphviz installed?)"
    ]
    one_node = (
        '<div class="lawgraph-diagram">\n<svg><g id="node1" class="node">\n<title>academy'
        "</title></g></svg></div>"
    )
    assert check_site.diagram_problems(one_node, url) == [
        f"{url}: the diagram has 1 nodes, expected {check_site.DIAGRAM_BODIES}",
        f"{url}: the diagram has 0 arrows, expected at least 3",
        f"{url}: the diagram has no key",
    ]


def test_headings_and_recipe_links_read_from_a_rendered_page() -> None:
    dom = (
        '<nav><a href="../recipes/nav-only/">menu</a></nav><article><h1 id="x">Start here'
        '<a class="headerlink" href="#x">¶</a></h1><h2>I am a <em>GP</em></h2>'
        '<a href="../recipes/a/">a</a> <a href="../recipes/a/#step">again</a> '
        '<a href="../recipes/">all</a> <a href="https://example.org/recipes/b/">b</a></article>'
    )
    assert check_site.headings(dom) == ["Start here", "I am a GP"]
    assert check_site.recipe_links(dom, "http://h/start/") == [
        "http://h/recipes/a/",
        "https://example.org/recipes/b/",
    ]


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


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_output_markers_are_hidden_from_readers() -> None:
    hide = _hooks().hide_markers
    page = (
        "```text\n# output: first 1 line\nOutcome: x\n```\n\n"
        "```text\n# output abbreviated\n# exit 2\nlawgraph show: ...\n```\n\n"
        "```python\n# output abbreviated\n```\n"
    )
    assert hide(page) == (
        "```text\nOutcome: x\n...\n```\n\n"
        "```text\n# exit 2\nlawgraph show: ...\n```\n\n"
        "```python\n# output abbreviated\n```\n"
    )


@pytest.mark.corpus
def test_built_pages_show_no_test_markers(site: Path) -> None:
    pages = [*sorted((site / "recipes").glob("*/index.html")), site / "start" / "index.html"]
    assert len(pages) >= 15
    marked = [p.parent.name for p in pages if "# output" in p.read_text(encoding="utf-8")]
    assert marked == []
