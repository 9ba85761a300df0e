"""What did a DPA 2018 provision say, and was it in force, on a date?

The three versions held (as enacted; as at 2022-12-05; as at 2026-04-07) show real
substitutions (GDPR -> UK GDPR, 31 December 2020), omissions (words in s.8 omitted by the
Data (Use and Access) Act 2025 from 5 February 2026) and insertions (s.9A).
"""

from __future__ import annotations

import datetime as dt

import pytest

from lawgraph.errors import NotHeldError
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.pointintime import InForce, provision_on
from tests.conftest import require_corpus

S8 = "ukpga/2018/12/section/8"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus([require_corpus()])


def test_corpus_holds_three_dpa_versions_oldest_first(corpus: Corpus):
    versions = corpus.versions("ukpga/2018/12")
    assert [d.version for d in versions] == ["enacted", "2023-01-01", "2026-04-07"]
    assert [d.version_date for d in versions] == [
        None,
        dt.date(2022, 12, 5),
        dt.date(2026, 4, 7),
    ]
    assert versions[0].enactment_date == dt.date(2018, 5, 23)


def test_before_enactment_there_is_no_version(corpus: Corpus):
    answer = provision_on(corpus, S8, dt.date(2017, 1, 1))
    assert answer.status is InForce.NO_VERSION_HELD
    assert answer.provision is None
    assert "enacted on 2018-05-23" in answer.explanation


def test_2019_uses_the_enacted_wording_not_not_in_force(corpus: Corpus):
    answer = provision_on(corpus, S8, dt.date(2019, 1, 1))
    assert answer.status is InForce.AS_ENACTED
    assert answer.version == "enacted"
    assert answer.provision is not None
    assert "Article 6(1) of the GDPR" in answer.provision.text
    assert "wording changed on 2020-12-31" in answer.explanation


def test_2025_uses_the_2022_text_with_words_later_omitted(corpus: Corpus):
    answer = provision_on(corpus, S8, dt.date(2025, 1, 1))
    assert answer.status is InForce.IN_FORCE
    assert answer.version == "2023-01-01"
    assert not answer.confirmed
    assert answer.provision is not None
    assert "the controller's official authority" in answer.provision.text


def test_2026_text_shows_the_omission_and_is_confirmed(corpus: Corpus):
    answer = provision_on(corpus, S8, dt.date(2026, 3, 1))
    assert answer.status is InForce.IN_FORCE
    assert answer.confirmed
    assert answer.version == "2026-04-07"
    assert answer.provision is not None
    assert answer.provision.start_date == dt.date(2026, 2, 5)
    assert "exercise of ... official authority" in answer.provision.text


def test_inserted_section_is_not_yet_in_force_before_its_start(corpus: Corpus):
    before = provision_on(corpus, "ukpga/2018/12/section/9A", dt.date(2024, 1, 1))
    assert before.status is InForce.NOT_YET_IN_FORCE
    assert "2025-06-19" in before.explanation
    after = provision_on(corpus, "ukpga/2018/12/section/9A", dt.date(2025, 9, 1))
    assert after.status is InForce.IN_FORCE


def test_a_document_not_held_says_how_to_fetch_it(corpus: Corpus):
    with pytest.raises(NotHeldError, match="lawgraph fetch ukpga/2004/31"):
        provision_on(corpus, "ukpga/2004/31/section/11", dt.date(2026, 1, 1))


def test_fragments_answer_when_the_whole_act_is_not_held(corpus: Corpus):
    p = corpus.provision("ukpga/2000/8/section/91")
    assert p.kind.value == "section"
    assert p.number == "91"
