"""Issue 12, item 4: typed seams. What comes in as text (flags, files) is a date or an
enum member once it is a `Scenario`; what goes out in a `Determination` names closed
sets by their enums, so the published schema lists the values a caller can rely on."""

from __future__ import annotations

import datetime as dt
import json

import lawgraph
from lawgraph.knowledge.applicability import Role
from lawgraph.knowledge.models import Jurisdiction, Nature
from lawgraph.reasoning import Scenario
from lawgraph.reasoning.scenario import ConsentStatus, Context, Necessity, Subject
from lawgraph.reasoning.schemas import schema_documents

RAW = {
    "discloser": "maintained school",
    "recipient": "children's social care",
    "subject": "child",
    "categories": ["health-data"],
    "purpose": "safeguarding",
    "context": "mash-referral",
    "consent": "refused",
    "necessity": "necessary",
    "as_at": "2026-05-01",
}


def test_a_scenario_read_from_text_holds_dates_and_enum_members() -> None:
    scenario = Scenario.parse(RAW)
    assert scenario.as_at == dt.date(2026, 5, 1)
    assert scenario.subject is Subject.CHILD
    assert scenario.context is Context.MASH_REFERRAL
    assert scenario.consent is ConsentStatus.REFUSED
    assert scenario.necessity is Necessity.NECESSARY
    assert scenario.jurisdiction is Jurisdiction.ENGLAND


def test_an_applicable_gateway_names_its_nature_and_role_by_enum() -> None:
    det = lawgraph.ask(Scenario.parse(RAW))
    assert det.gateways, "the school's s.175 / s.11 gateways apply"
    assert all(isinstance(g.nature, Nature) and isinstance(g.role, Role) for g in det.gateways)
    # the JSON is unchanged: the values, not the member names
    dumped = det.model_dump(mode="json")["gateways"][0]
    assert dumped["nature"] in {n.value for n in Nature}
    assert dumped["role"] in {r.value for r in Role}


def test_the_published_schema_lists_the_natures_and_roles() -> None:
    schema = json.loads(schema_documents()["determination.schema.json"])
    assert schema["$defs"]["Nature"]["enum"] == [n.value for n in Nature]
    assert schema["$defs"]["Role"]["enum"] == [r.value for r in Role]
