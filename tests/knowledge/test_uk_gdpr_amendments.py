"""UK GDPR anchors proved against the EU text only where the UK amendments leave the words alone.

No UK-consolidated copy of Articles 6(3), 9(2)(d)-(j) or 10 exists in ../shared/statute-text; the
folder has the EU text as adopted and the amending texts (S.I. 2019/419 Schedule 1 and DUAA 2025
ss.70-72). data/research/uk-gdpr-amendments.yaml records, as data, which EU words each amendment
replaces, omits or inserts beside. These tests check that record against both texts, and then
every anchor of data/bases/uk-gdpr-*.yaml: an anchor on EU words must be found in the EU text of
its provision and must not overlap words an amendment changes; an anchor on words an amendment
puts in must be found in that amendment, and the entry must cite the amending provision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from lawgraph.knowledge.proof import fold_text
from tests.conftest import require_corpus

ROOT = Path(__file__).resolve().parents[2]
AMENDMENTS = ROOT / "data" / "research" / "uk-gdpr-amendments.yaml"
BASES = sorted((ROOT / "data" / "bases").glob("uk-gdpr-*.yaml"))
EU = "eur/2016/679/"
KINDS = {
    "substitute",
    "omit",
    "insert-after",
    "omit-provision",
    "substitute-provision",
    "insert-provision",
    "renumber",
}
_PARAGRAPH = re.compile(r"^(\d+)\.\s+(.*)$")
_POINT = re.compile(r"^\(([a-z]+)\)$")


@pytest.fixture(scope="module")
def statute_text() -> Path:
    folder = require_corpus().parent / "statute-text"
    if not folder.is_dir():
        pytest.fail(f"{folder} not found: the statute text sits beside ../shared/legislation")
    return folder


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    data = yaml.safe_load(AMENDMENTS.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _quoted_words(text: str) -> str:
    """`fold_text`, and no space just inside quotation marks: the copied amending text
    prints substituted words as "“ domestic law ”", an artefact of the page it came from,
    which the reference-text reader (and so `lawgraph check`) does not keep."""
    parts = fold_text(text).split('"')
    return '"'.join(p.strip() if i % 2 else p for i, p in enumerate(parts))


def _body(path: Path) -> str:
    """The copied text of a statute-text file (after its front matter, or its last block)."""
    return path.read_text(encoding="utf-8").split("\n---\n")[-1]


def eu_provisions(article: str, body: str) -> dict[str, str]:
    """Provision identifier -> EU text, for the article, its paragraphs and their points.

    The EU copies put each paragraph on a line starting ``N.`` and each point's letter
    ``(x)`` on a line of its own, with the point's words on the next non-empty line.
    """
    out = {article: body}
    paragraph: str | None = None
    pending: str | None = None
    for line in (ln.strip() for ln in body.splitlines()):
        if not line:
            continue
        if pending is not None:
            out[pending] = line
            assert paragraph is not None
            out[paragraph] += "\n" + line
            pending = None
            continue
        m = _PARAGRAPH.match(line)
        if m:
            paragraph = f"{article}/{m.group(1)}"
            out[paragraph] = m.group(2)
            continue
        p = _POINT.match(line)
        if p and paragraph is not None:
            pending = f"{paragraph}/{p.group(1)}"
            continue
        if paragraph is not None:
            out[paragraph] += "\n" + line
    return out


@dataclass(frozen=True)
class Change:
    id: str
    by: str
    kind: str
    provision: str
    at: str | None
    occurrence: int
    new: str | None
    relied_on_by: tuple[str, ...]


def _changes(record: dict[str, Any]) -> list[Change]:
    return [
        Change(
            id=c["id"],
            by=c["by"],
            kind=c["kind"],
            provision=c["provision"],
            at=c.get("at"),
            occurrence=int(c.get("occurrence", 1)),
            new=c.get("new"),
            relied_on_by=tuple(c.get("relied_on_by", ())),
        )
        for c in record["changes"]
    ]


def _eu_text(record: dict[str, Any], folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for article, name in record["eu_text"].items():
        out.update(eu_provisions(article, _body(folder / name)))
    return out


def _spans(haystack: str, needle: str) -> list[tuple[int, int]]:
    h, n = fold_text(haystack), fold_text(needle)
    return [(m.start(), m.start() + len(n)) for m in re.finditer(re.escape(n), h)]


def _related(a: str, b: str) -> bool:
    """One provision is the other or contains it."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def touched(change: Change, identifier: str, anchor: str, eu: dict[str, str]) -> bool:
    """Does the anchor (cited at `identifier`) quote words that `change` alters?"""
    if not _related(change.provision, identifier) or change.kind == "renumber":
        return False
    if change.kind in ("omit-provision", "substitute-provision"):
        return identifier == change.provision or identifier.startswith(change.provision + "/")
    if change.kind == "insert-provision" or change.at is None:
        return False
    text = eu[change.provision]
    found = _spans(text, change.at)
    start, end = found[change.occurrence - 1]
    for a0, a1 in _spans(text, anchor):
        if change.kind == "insert-after" and a0 < end < a1:
            return True
        if change.kind in ("substitute", "omit") and a0 < end and start < a1:
            return True
    return False


def _si_paragraph(body: str, number: str) -> str:
    parts = re.split(r"^###### (\d+)$", body, flags=re.M)
    sections = dict(zip(parts[1::2], parts[2::2], strict=True))
    return sections[number]


def _amending_text(folder: Path, identifier: str) -> str | None:
    """The statute-text words of an amending provision cited by an entry, if held."""
    si = re.fullmatch(r"uksi/2019/419/schedule/1/paragraph/(\d+)(/.*)?", identifier)
    if si:
        body = _body(folder / "uksi-2019-419-schedule-1-gdpr-arts-5-6-9-10.md")
        return _si_paragraph(body, si.group(1))
    duaa = re.fullmatch(r"ukpga/2025/18/section/(7[0-2])(/.*)?", identifier)
    if duaa:
        return _body(folder / f"ukpga-2025-18-section-{duaa.group(1)}.md")
    return None


def _conditions() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in BASES:
        out.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["conditions"])
    return out


# -- the record of the amendments ----------------------------------------------------------


def test_every_recorded_change_is_what_the_amending_text_says(
    record: dict[str, Any], statute_text: Path
) -> None:
    eu = _eu_text(record, statute_text)
    problems: list[str] = []
    for raw, change in zip(record["changes"], _changes(record), strict=True):
        if change.kind not in KINDS:
            problems.append(f"{change.id}: unknown kind {change.kind!r}")
            continue
        body = _body(statute_text / raw["file"])
        where = _si_paragraph(body, raw["paragraph"]) if "paragraph" in raw else body
        if fold_text(raw["says"]) not in fold_text(where):
            problems.append(f"{change.id}: {raw['says']!r} is not in {raw['file']}")
        if change.new is not None and fold_text(change.new) not in fold_text(body):
            problems.append(f"{change.id}: new words {change.new!r} are not in {raw['file']}")
        if change.kind in ("substitute", "omit", "insert-after"):
            if change.provision not in eu or change.at is None:
                problems.append(f"{change.id}: no EU text, or no 'at', for {change.provision}")
                continue
            count = len(_spans(eu[change.provision], change.at))
            if count < change.occurrence or (count > 1 and "occurrence" not in raw):
                problems.append(f"{change.id}: {change.at!r} occurs {count} times")
        elif change.kind in ("omit-provision", "substitute-provision", "renumber"):
            if change.provision not in eu:
                problems.append(f"{change.id}: {change.provision} is not in the EU text")
        elif change.new is None:
            problems.append(f"{change.id}: an inserted provision needs its new words")
    assert problems == []


def test_article_5_1_c_is_recorded_as_not_amended(record: dict[str, Any]) -> None:
    assert [n["provision"] for n in record["not_amended"]] == [f"{EU}article/5/1/c"]
    assert not any(_related(c.provision, f"{EU}article/5/1/c") for c in _changes(record))


# -- the overlap rule itself -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifier", "anchor", "expected"),
    [
        # Art 9(2)(g): "Union or Member State law" became "domestic law" (S.I. 2019/419 Sch 1
        # para 9(4)), and the DUAA inserts words after it (s.72(4)(a)).
        (f"{EU}article/9/2/g", "on the basis of Union or Member State law", True),
        (f"{EU}article/9/2/g", "processing is necessary for reasons of substantial public", False),
        # Art 6(1)(e): DUAA s.70(2)(a) inserts "a task carried out" after "or".
        (f"{EU}article/6/1/e", "in the public interest or in the exercise", True),
        (f"{EU}article/6/1/e", "in the exercise of official authority vested in the", False),
        # Art 6(4) is omitted altogether (DUAA s.71(4)).
        (f"{EU}article/6/4", "any link between the purposes", True),
        # Art 5(1)(b): words substituted by DUAA s.71(2)(c).
        (f"{EU}article/5/1/b", "not be considered to be incompatible with the initial", True),
    ],
)
def test_an_anchor_on_changed_words_is_caught(
    record: dict[str, Any], statute_text: Path, identifier: str, anchor: str, expected: bool
) -> None:
    eu = _eu_text(record, statute_text)
    assert fold_text(anchor) in fold_text(eu[identifier])
    assert any(touched(c, identifier, anchor, eu) for c in _changes(record)) is expected


# -- the anchors of data/bases/uk-gdpr-*.yaml -------------------------------------------------


def test_every_uk_gdpr_anchor_is_proved_and_untouched_by_an_amendment(
    record: dict[str, Any], statute_text: Path
) -> None:
    eu = _eu_text(record, statute_text)
    changes = _changes(record)
    annex = fold_text(_body(statute_text / "eur-2016-679-annex-1.md"))
    problems: list[str] = []
    proved = 0
    for entry in _conditions():
        cited = {c["id"] for c in entry["citations"]}
        for c in entry["citations"]:
            identifier, anchor = c["id"], c["anchor"]
            if anchor is None:
                continue
            where = f"{entry['id']} {identifier}"
            amending = _amending_text(statute_text, identifier)
            if amending is not None:
                if _quoted_words(anchor) not in _quoted_words(amending):
                    problems.append(f"{where}: anchor not in the amending text")
                proved += 1
                continue
            if not identifier.startswith(EU):
                continue  # DPA 2018 and others: proved against the held XML by lawgraph check
            if identifier.startswith(f"{EU}annex/1"):
                if fold_text(anchor) not in annex:
                    problems.append(f"{where}: anchor not in eur-2016-679-annex-1.md")
                proved += 1
                continue
            if identifier in eu and fold_text(anchor) in fold_text(eu[identifier]):
                hits = [ch.id for ch in changes if touched(ch, identifier, anchor, eu)]
                if hits:
                    problems.append(f"{where}: anchor overlaps words changed by {hits}")
                proved += 1
                continue
            inserted = [
                ch
                for ch in changes
                if _related(ch.provision, identifier)
                and ch.new is not None
                and fold_text(anchor) in fold_text(ch.new)
            ]
            if not inserted:
                problems.append(f"{where}: anchor in neither the EU text nor an amendment")
            elif not any(ch.by in cited for ch in inserted):
                problems.append(f"{where}: inserted words, but {inserted[0].by} is not cited")
            proved += 1
    assert problems == []
    assert proved >= 30


def test_entries_relying_on_changed_words_cite_the_amending_provision(
    record: dict[str, Any],
) -> None:
    by_id = {c["id"]: c for c in _conditions()}
    missing = [
        (change.id, entry)
        for change in _changes(record)
        for entry in change.relied_on_by
        if change.by not in {c["id"] for c in by_id[entry]["citations"]}
    ]
    assert missing == []
    assert any(ch.relied_on_by for ch in _changes(record))


def test_a_verified_uk_gdpr_entry_has_every_eu_anchor(record: dict[str, Any]) -> None:
    for entry in _conditions():
        if entry["status"] == "verified":
            assert all(c["anchor"] for c in entry["citations"]), entry["id"]
