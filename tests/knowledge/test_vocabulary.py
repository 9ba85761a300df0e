"""The shared vocabulary resolver (issue 14, item 3): holders, purposes and categories
named as people write them, suggestions by meaning and spelling, and terms that name
no organisation. Everything here runs against the real ``data/``."""

from __future__ import annotations

import pytest

from lawgraph.knowledge import (
    Knowledge,
    NotAHolderError,
    UnknownCategoryError,
    UnknownHolderError,
    UnknownPurposeError,
    UnknownTermError,
)
from lawgraph.knowledge.vocabulary import (
    Kind,
    normalise_name,
    not_a_holder,
    resolve,
    search,
    suggest,
    terms,
)
from lawgraph.reasoning import Scenario, ScenarioError


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("safeguarding partners", "safeguarding-partners"),
        ("Safeguarding  Partners", "safeguarding-partners"),
        ("childrens social care", "local-authority-childrens-services"),
        ("children's social care", "local-authority-childrens-services"),
        ("Children\u2019s-Social-Care", "local-authority-childrens-services"),
        ("integrated care board", "integrated-care-board"),
        ("sixteen to nineteen academy", "sixteen-to-nineteen-academy"),
        ("Mayors Office for Policing and Crime", "local-policing-body"),
    ],
)
def test_names_normalise_case_spaces_hyphens_and_apostrophes(
    real: Knowledge, asked: str, expected: str
):
    assert real.holder(asked).id == expected
    assert resolve(real, Kind.HOLDER, asked) == expected


def test_an_id_read_as_words_gives_way_to_a_holder_named_so(real: Knowledge):
    # "special-health-authority" read as words is the *name* of another holder; the name
    # wins and the id still matches exactly, so loading the data does not fail.
    assert real.holder("special health authority").id == "nhs-special-health-authority"
    assert real.holder("special-health-authority").id == "special-health-authority"


@pytest.mark.parametrize(
    ("asked", "first", "also"),
    [
        ("hospital trust", "nhs-trust", {"nhs-foundation-trust"}),
        ("primary school", "school", {"maintained-school", "academy", "free-school"}),
        ("hospital", "independent-hospital", {"nhs-trust"}),
        ("school nurse", "health-professional", set()),
        ("council housing", "local-authority-housing", set()),
        ("shcool", "school", set()),
        # generic role words weigh half: the body is probation's, not any officer's
        ("probation officer", "probation-provider", {"probation-trust"}),
        ("social worker", "social-care-worker-wales", {"local-authority-childrens-services"}),
        ("safegaurding partners", "safeguarding-partners", set()),
    ],
)
def test_suggestions_rank_by_meaning_as_well_as_spelling(
    real: Knowledge, asked: str, first: str, also: set[str]
):
    found = suggest(real, Kind.HOLDER, asked)
    assert found[0] == first, found
    assert also <= set(found), found
    with pytest.raises(UnknownHolderError) as info:
        real.holder(asked)
    assert f"did you mean: {first}" in str(info.value)
    assert info.value.suggestions == tuple(found)


def test_primary_school_does_not_suggest_primary_care(real: Knowledge):
    assert "primary-care-provider" not in suggest(real, Kind.HOLDER, "primary school")


def test_nothing_near_gets_no_unrelated_suggestion(real: Knowledge):
    # difflib alone offered health-professional for "solicitor". A solicitor acting for a
    # person is now a holder (a private person, issue 13 item 4), so another word is used.
    assert real.holder("solicitor").id == "personal-representative"
    assert suggest(real, Kind.HOLDER, "plumber") == []
    with pytest.raises(UnknownHolderError) as info:
        real.holder("plumber")
    message = str(info.value)
    assert "did you mean" not in message
    assert "no holder is named or described like it" in message
    assert "lawgraph holders" in message


@pytest.mark.parametrize(
    ("asked", "says"),
    [
        ("early help", "early help is a service"),
        ("Early-Help team", "early help is a service"),
        ("CAMHS", "CAMHS is a service, not an organisation"),
        ("LADO", "a post within the local authority"),
        ("child protection conference", "multi-agency meeting"),
        ("MASH", "context, not a legal person"),
    ],
)
def test_a_service_or_meeting_is_explained_not_suggested(real: Knowledge, asked: str, says: str):
    with pytest.raises(NotAHolderError) as info:
        real.holder(asked)
    assert f"{asked!r} is not a duty holder: " in str(info.value)
    assert says in str(info.value)
    assert isinstance(info.value, UnknownHolderError) and isinstance(info.value, LookupError)
    assert not_a_holder(real, asked) is not None


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("safeguarding", "safeguarding"),
        ("Early help", "early-help"),
        ("child protection enquiry", "child-protection-enquiry"),
        ("Notifying the police of female genital mutilation", "fgm-notification"),
    ],
)
def test_purposes_resolve_by_id_or_title(real: Knowledge, asked: str, expected: str):
    assert real.purpose(asked).id == expected


def test_an_unknown_purpose_gets_suggestions(real: Knowledge):
    with pytest.raises(UnknownPurposeError, match="did you mean: domestic-abuse-notification"):
        real.purpose("domestic abuse")
    with pytest.raises(UnknownPurposeError, match="did you mean: safeguarding"):
        real.purpose("safegarding")


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("health data", "health-data"),
        ("Data concerning health", "health-data"),
        ("criminal offence data", "criminal-offence-data"),
    ],
)
def test_categories_resolve_by_id_or_title(real: Knowledge, asked: str, expected: str):
    assert real.category(asked).id == expected


def test_an_unknown_category_gets_suggestions_by_meaning(real: Knowledge):
    with pytest.raises(UnknownCategoryError) as info:
        real.category("ethnicity")
    assert info.value.suggestions[0] == "racial-or-ethnic-origin-data"
    assert isinstance(info.value, UnknownTermError)


def test_search_filters_by_id_name_and_alias(real: Knowledge):
    found = [t.id for t in search(real, Kind.HOLDER, "ICB")]
    assert found == ["integrated-care-board"]
    schools = [t.id for t in search(real, Kind.HOLDER, "school")]
    assert schools[0] == "school"  # the one it names exactly comes first
    assert {"maintained-school", "free-school", "academy", "teacher"} <= set(schools)
    assert "nhs-trust" not in schools
    # nothing contains the words: the nearest by meaning instead
    assert [t.id for t in search(real, Kind.HOLDER, "hospital trust")][:1] == ["nhs-trust"]
    assert len(search(real, Kind.PURPOSE, "")) == len(real.purposes)


def test_terms_list_every_entry_with_its_names(real: Knowledge):
    holders = terms(real, Kind.HOLDER)
    assert [t.id for t in holders] == list(real.holders)
    csc = next(t for t in holders if t.id == "local-authority-childrens-services")
    assert "children's social care" in csc.aliases and csc.summary
    assert [t.id for t in terms(real, Kind.CATEGORY)] == list(real.categories)


def test_normal_form():
    assert normalise_name(" Children\u2019s  Social-Care ") == "childrens social care"
    assert normalise_name("16-19 Academy") == "16 19 academy"


def _scenario(**changes: object) -> Scenario:
    base: dict[str, object] = {
        "discloser": "maintained school",
        "recipient": "children's social care",
        "subject": "child",
        "categories": ["health-data"],
        "purpose": "safeguarding",
        "consent": "refused",
        "as_at": "2026-05-01",
    }
    base.update(changes)
    return Scenario.parse(base)


def test_scenario_resolve_uses_the_same_resolver(real: Knowledge):
    got = _scenario(
        recipient="childrens social care",
        categories=["Data concerning health", "criminal allegation data"],
        purpose="Early help",
    ).resolve(real)
    assert got.recipient == "local-authority-childrens-services"
    assert got.categories == ("health-data", "criminal-allegation-data")
    assert got.purpose == "early-help"


def test_scenario_resolve_explains_a_service_and_suggests_for_the_rest(real: Knowledge):
    with pytest.raises(ScenarioError, match="early help is a service"):
        _scenario(recipient="early help").resolve(real)
    with pytest.raises(ScenarioError, match="did you mean: health-data"):
        _scenario(categories=["health"]).resolve(real)
    with pytest.raises(ScenarioError, match="did you mean: domestic-abuse-notification"):
        _scenario(purpose="domestic abuse").resolve(real)
    with pytest.raises(ScenarioError, match="same category twice"):
        _scenario(categories=["health-data", "Health data"]).resolve(real)
