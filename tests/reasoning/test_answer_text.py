"""The text answer an IG lead reads (issue 14, item 4), for every scenario the tests hold.

Each answer opens with the outcome in a sentence, cites the law as people write it, says
what the law settles and what must be judged, gives the seven golden rules and the
not-legal-advice notice; it shows no identifiers or statute quotes unless asked
(``verbose``), and never a curator's note (`notes`, `status_reason` in data/).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from lawgraph.knowledge import Knowledge, load_knowledge
from lawgraph.reasoning import Scenario, ScenarioError, ask
from lawgraph.reasoning.answer import outcome_sentence, render_answer
from lawgraph.reasoning.determination import NOT_LEGAL_ADVICE, Determination, Outcome
from lawgraph.reasoning.labels import Labels

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "tests/reasoning/scenarios").glob("*.yaml"))
_IDENTIFIER = re.compile(r"\b(?:ukpga|uksi|eur|asp|wsi|nisr|ssi)/\d{4}/")
# words only curators use about their sources
_CURATION_WORDS = re.compile(
    r"research notes|the research|data/|verbatim|query variant|\banchor|protocol|not read\b",
    re.I,
)
_WINDOW = 8  # words: a run this long copied from a note would be the note leaking


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(ROOT / "data")


def _answers(knowledge: Knowledge) -> list[tuple[str, Determination]]:
    out = []
    for path in SCENARIOS:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        try:
            out.append((path.stem, ask(knowledge, Scenario.parse(doc["scenario"]))))
        except ScenarioError:
            continue  # a scenario that is refused has no answer to render
    return out


def _entries(knowledge: Knowledge) -> list[Any]:
    return [
        *knowledge.conditions.values(),
        *knowledge.gateways.values(),
        *knowledge.holders.values(),
        *knowledge.purposes.values(),
        *knowledge.categories.values(),
        *knowledge.list_gaps,
    ]


def _notes(knowledge: Knowledge) -> list[str]:
    return [t for e in _entries(knowledge) for t in (e.notes, e.status_reason) if t]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _public(knowledge: Knowledge) -> list[str]:
    """Everything the data says outside its notes (titles, summaries, conditions ...)."""
    exclude = {"notes", "status_reason"}
    return [s for e in _entries(knowledge) for s in _strings(e.model_dump(exclude=exclude))]


def _windows(text: str) -> set[str]:
    words = re.findall(r"[\w'\u2019()-]+", text.casefold())
    return {" ".join(words[i : i + _WINDOW]) for i in range(len(words) - _WINDOW + 1)}


def test_every_scenario_is_answered_for_a_practitioner(knowledge: Knowledge) -> None:
    labels = Labels.of(knowledge)
    answers = _answers(knowledge)
    assert len(answers) >= 70  # nearly every scenario file answers
    # a run of words a note shares with the public text of the data (a statutory list,
    # a title) is not the note leaking
    public = set().union(*(_windows(t) for t in _public(knowledge)))
    note_windows = set().union(*(_windows(n) for n in _notes(knowledge))) - public
    for name, det in answers:
        for verbose in (False, True):
            text = render_answer(det, labels, verbose=verbose)
            where = f"{name} (verbose={verbose})"
            assert text.splitlines()[0].startswith(outcome_sentence(det, labels)[:40]), where
            assert "WHAT THE LAW SETTLES" in text and "WHAT YOU MUST JUDGE" in text, where
            assert " ".join(NOT_LEGAL_ADVICE.split()) in " ".join(text.split()), where
            assert len(re.findall(r"^  [1-7]\. ", text, re.M)) >= 7, where
            assert not _CURATION_WORDS.search(text), (where, _CURATION_WORDS.search(text))
            leaked = _windows(text) & note_windows
            assert not leaked, (where, sorted(leaked)[:3])
            assert "\x1b[" not in text, where
            if not verbose:
                assert not _IDENTIFIER.search(text), (where, _IDENTIFIER.search(text))
                assert "“" not in text, where  # no statute quotes


def test_each_judgement_is_a_checklist_item(knowledge: Knowledge) -> None:
    labels = Labels.of(knowledge)
    for name, det in _answers(knowledge):
        text = render_answer(det, labels)
        boxes = text.count("\n  [ ] ")
        assert boxes == sum(1 for st in det.steps if st.judgement), name


def test_outcome_sentences_name_both_parties(knowledge: Knowledge) -> None:
    labels = Labels.of(knowledge)
    seen: set[Outcome] = set()
    for _, det in _answers(knowledge):
        sentence = outcome_sentence(det, labels)
        seen.add(det.outcome)
        assert labels(det.scenario.discloser).casefold() in sentence.casefold()
        assert labels(det.scenario.recipient).casefold() in sentence.casefold()
        assert det.scenario.discloser not in sentence.split() or "-" not in det.scenario.discloser
        assert det.scenario.recipient not in sentence
    assert seen == set(Outcome)


def test_colour_is_only_added(knowledge: Knowledge) -> None:
    labels = Labels.of(knowledge)
    _, det = _answers(knowledge)[0]
    plain = render_answer(det, labels)
    coloured = render_answer(det, labels, colour=True)
    assert "\x1b[1m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
