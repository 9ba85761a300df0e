"""`build_graph`: typed nodes and edges from the real data and the reference corpus."""

from __future__ import annotations

import itertools
import json
from collections import Counter

from lawgraph.graph import EDGE_KINDS, NODE_KINDS, GatewayGraph, build_graph, model, node_key
from lawgraph.knowledge import Knowledge
from lawgraph.knowledge.models import Article6Basis

DPA = "ukpga/2018/12"
PARA18 = "ukpga/2018/12/schedule/1/paragraph/18"


def _edges(graph: GatewayGraph, kind: str) -> list[tuple[str, str, dict[str, object]]]:
    return [(u, v, d) for u, v, d in graph.edges(data=True) if d["kind"] == kind]


def test_every_node_and_edge_kind_occurs_and_no_other(graph: GatewayGraph):
    assert {d["kind"] for _, d in graph.nodes(data=True)} == set(NODE_KINDS)
    assert {d["kind"] for *_, d in graph.edges(data=True)} == set(EDGE_KINDS)


def test_one_node_per_knowledge_entry(graph: GatewayGraph, knowledge: Knowledge):
    kinds = Counter(d["kind"] for _, d in graph.nodes(data=True))
    # 41 + 7 added from the Children Acts text (s.16EA, s.16F, s.16G, s.16M, s.16N-2, Sch 2
    # para 4(1) and 4(2)) + 8 from the statute text of the other Acts + s.28 (Wales) (issue 11)
    assert kinds["gateway"] == len(knowledge.gateways) == 62
    assert kinds["holder"] == len(knowledge.holders) + 1  # plus "any person"
    assert kinds["condition"] == len(knowledge.conditions)
    assert kinds["purpose"] == len(knowledge.purposes)
    assert kinds["category"] == len(knowledge.categories)


def test_attributes_are_json_and_models_are_kept_aside(graph: GatewayGraph, knowledge: Knowledge):
    json.dumps([d for _, d in graph.nodes(data=True)])
    json.dumps([d for *_, d in graph.edges(data=True)])
    key = node_key("gateway", "ea2002-s175")
    assert model(graph, key) == knowledge.gateways["ea2002-s175"]
    assert all(not hasattr(v, "model_dump") for v in graph.nodes[key].values())


def test_held_document_contains_only_cited_provisions_and_ancestors(graph: GatewayGraph):
    assert graph.nodes[DPA]["held"] is True
    assert graph.nodes[DPA]["label"] == "Data Protection Act 2018"
    chain = [
        DPA,
        "ukpga/2018/12/schedules",
        "ukpga/2018/12/schedule/1",
        "ukpga/2018/12/schedule/1/part/2",
        "ukpga/2018/12/schedule/1/part/2/crossheading/"
        "safeguarding-of-children-and-of-individuals-at-risk",
        PARA18,
        PARA18 + "/1",
        PARA18 + "/1/a",
    ]
    for parent, child in itertools.pairwise(chain):
        assert graph.has_edge(parent, child, key="contains"), (parent, child)
    dpa_provisions = [n for n, d in graph.nodes(data=True) if d.get("document") == DPA]
    assert 100 < len(dpa_provisions) < 1000  # the Act has thousands
    assert all(graph.nodes[n]["held"] for n in dpa_provisions)


def test_citations_into_documents_not_held_make_unheld_provisions(graph: GatewayGraph):
    node = graph.nodes["ukpga/2004/31/section/16LA/1/b"]
    assert (node["kind"], node["held"], node["document"]) == ("provision", False, "ukpga/2004/31")
    assert graph.nodes["ukpga/2004/31"]["held"] is False
    # no structure is invented for a document that is not held
    assert not any(
        d["kind"] == "contains"
        for *_, d in graph.in_edges("ukpga/2004/31/section/16LA/1/b", data=True)
    )


def test_cites_edges_carry_anchor_and_proof(graph: GatewayGraph):
    cond = node_key("condition", "dpa-sch1-para18")
    cites = {v: d for u, v, d in _edges(graph, "cites") if u == cond and d["role"] == "citation"}
    first = cites[PARA18 + "/1/a"]
    assert first["anchor"] == (
        "protecting an individual from neglect or physical, mental or emotional harm"
    )
    assert first["verified"] is True
    unheld = [d for u, v, d in _edges(graph, "cites") if u == node_key("gateway", "ea2002-s175")]
    assert unheld and all(d["verified"] is False and d["outcome"] == "not-held" for d in unheld)


def test_gateway_edges_follow_the_data(graph: GatewayGraph, knowledge: Knowledge):
    for g in knowledge.gateways.values():
        key = node_key("gateway", g.id)
        out = {(v, d["kind"]) for _, v, d in graph.out_edges(key, data=True)}
        assert {node_key("holder", h) for h in g.holders} == {v for v, k in out if k == "held_by"}
        assert {node_key("holder", r) for r in g.recipients} == {
            v for v, k in out if k == "shares_with"
        }
        assert {node_key("purpose", p) for p in g.purposes} == {v for v, k in out if k == "serves"}
        assert {node_key("condition", f"uk-gdpr-art6-1-{a.value}") for a in g.article6} == {
            v for v, k in out if k == "supports_basis"
        }
    assert knowledge.gateways["ca2004-s16LC"].article6 == (Article6Basis.C, Article6Basis.E)


def test_a_gateway_is_conferred_by_its_own_act_not_the_commencing_one(graph: GatewayGraph):
    gw = node_key("gateway", "ca2004-s16LA")
    sources = {u for u, _, d in graph.in_edges(gw, data=True) if d["kind"] == "confers"}
    assert "ukpga/2004/31/section/16LA/2" in sources
    assert all(s.startswith("ukpga/2004/31/") for s in sources)
    cited = {v for _, v, d in graph.out_edges(gw, data=True) if d["kind"] == "cites"}
    assert "ukpga/2026/21/section/78/5" in cited


def test_requires_and_is_a(graph: GatewayGraph, knowledge: Knowledge):
    para1 = node_key("condition", "dpa-sch1-para1")
    assert {v for _, v, d in graph.out_edges(para1, data=True) if d["kind"] == "requires"} == {
        node_key("condition", c) for c in knowledge.conditions["dpa-sch1-para1"].requires
    }
    academy = node_key("holder", "academy")
    assert {v for _, v, d in graph.out_edges(academy, data=True) if d["kind"] == "is_a"} == {
        node_key("holder", h) for h in knowledge.holders["academy"].is_a
    }


def test_amendments_point_from_held_provisions_to_documents(graph: GatewayGraph):
    amends = _edges(graph, "amends")
    assert amends
    for u, v, d in amends:
        assert graph.nodes[u]["kind"] == "provision" and graph.nodes[u]["held"]
        assert graph.nodes[v]["kind"] == "document" and v != DPA
        assert d["commentaries"]


def test_without_a_corpus_nothing_is_held_or_verified(knowledge: Knowledge):
    bare = build_graph(knowledge)
    assert not any(d.get("held") for _, d in bare.nodes(data=True))
    assert not any(d.get("verified") for *_, d in bare.edges(data=True))
    assert not any(d["kind"] in ("contains", "amends") for *_, d in bare.edges(data=True))
