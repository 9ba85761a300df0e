"""The docs' hook that draws a ``lawgraph diagram`` marker into a page."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

HOOKS = Path(__file__).resolve().parents[2] / "docs" / "hooks.py"
MARKER = (
    '<!-- lawgraph diagram: academy "maintained school" --purpose safeguarding '
    "--as-at 2026-06-01 -->"
)


def _hooks():
    spec = importlib.util.spec_from_file_location("docs_hooks", HOOKS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_a_marker_becomes_the_picture_inline():
    page = _hooks().on_page_markdown(f"Before.\n\n{MARKER}\n\nAfter.\n")
    assert page.startswith('Before.\n\n<div class="lawgraph-diagram">\n<svg ')
    assert "<?xml" not in page and "<!--" not in page  # one HTML block, nothing else
    assert "\n\n" not in page.split("<svg", 1)[1].split("</div>", 1)[0]  # no blank line
    assert "Education (Pupil" in page and "<title>academy</title>" in page
    assert page.endswith("</div>\n\n\nAfter.\n")


def test_without_graphviz_the_page_says_so_and_shows_the_dot(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    page = _hooks().on_page_markdown(f"{MARKER}\n")
    assert page.startswith('!!! warning "The picture was not drawn"')
    assert "apt-get install graphviz" in page
    assert "```dot\ndigraph sharing {" in page
