"""GraphML round trip and JSON-LD shape."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from lawgraph.graph import GatewayGraph, to_jsonld, write_graphml, write_jsonld


def test_graphml_round_trips(graph: GatewayGraph, tmp_path: Path):
    path = tmp_path / "g.graphml"
    write_graphml(graph, path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    node = back.nodes["gateway:ca2004-s16LC"]
    assert node["kind"] == "gateway"
    assert json.loads(node["article6"]) == ["c", "e"]


def test_jsonld_has_context_and_legislation_uris(graph: GatewayGraph, tmp_path: Path):
    path = tmp_path / "g.jsonld"
    write_jsonld(graph, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc == to_jsonld(graph)
    assert "@context" in doc and doc["@context"]["cites"]["@type"] == "@id"
    nodes = {n["@id"]: n for n in doc["@graph"]}
    assert len(nodes) == graph.number_of_nodes()
    para = nodes["https://www.legislation.gov.uk/id/ukpga/2018/12/schedule/1/paragraph/18"]
    assert para["@type"] == "Provision"
    cond = nodes["urn:lawgraph:condition:dpa-sch1-para18"]
    assert (
        "https://www.legislation.gov.uk/id/ukpga/2018/12/schedule/1/paragraph/18/1/a"
        in cond["cites"]
    )
    assert any(c["verified"] for c in cond["citation"])
    gateway = nodes["urn:lawgraph:gateway:ea2002-s175"]
    assert "urn:lawgraph:holder:sixteen-to-nineteen-academy" in gateway["held_by"]
