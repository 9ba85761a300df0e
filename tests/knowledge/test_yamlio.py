"""Strict YAML: duplicate keys, anchors and aliases refused; dates stay strings; lines kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgraph.errors import LawgraphError
from lawgraph.knowledge.errors import DuplicateKeyError, KnowledgeError, YAMLSyntaxError
from lawgraph.knowledge.yamlio import LineDict, load_yaml, load_yaml_text


def test_dates_stay_strings_and_lines_are_recorded():
    doc = load_yaml_text("a: 1\nlist:\n  - id: x\n    when: 2018-06-29\n", "f.yaml")
    entry = doc["list"][0]
    assert isinstance(entry, LineDict)
    assert entry["when"] == "2018-06-29"
    assert entry.line == 3
    assert entry.line_of("when") == 4


def test_duplicate_key_names_file_and_both_lines():
    with pytest.raises(DuplicateKeyError) as info:
        load_yaml_text("id: a\nname: x\nname: y\n", "data/holders.yaml")
    err = info.value
    assert (err.path, err.line) == ("data/holders.yaml", 3)
    assert "duplicate key 'name'" in str(err)
    assert "first written on line 2" in str(err)
    assert str(err).startswith("data/holders.yaml:3: ")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: &x 1\nb: 2\n", "anchors (&x)"),
        ("a: [1]\nb: *x\n", "aliases"),
        ("a: [1, 2\n", "not valid YAML"),
    ],
)
def test_forbidden_or_broken_yaml(text: str, words: str):
    with pytest.raises(YAMLSyntaxError, match=words.replace("(", r"\(").replace(")", r"\)")):
        load_yaml_text(text, "f.yaml")


def test_errors_are_lawgraph_errors(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: \xff\n")
    with pytest.raises(YAMLSyntaxError, match="not UTF-8") as info:
        load_yaml(bad)
    assert isinstance(info.value, KnowledgeError)
    assert isinstance(info.value, LawgraphError)
