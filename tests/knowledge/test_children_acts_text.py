"""The Children Acts and SI 2018/789 data against the verbatim statute text (issue 11).

The Children Act 1989 and 2004 and the 2018 Regulations are not held as CLML. Their text
is in ``../shared/statute-text`` (one Markdown file per provision; INDEX.tsv names them).
These tests read it directly: every anchor cited into those documents occurs in the copy
of its provision, and every item of the statutory lists the gateways rest on (CA 2004
s.10(4), s.11(1); CA 1989 s.27(3), s.47(11); the SI 2018/789 Schedule as made) is cited by
a holder, with the item's words, and that holder holds the gateway.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest

from lawgraph.knowledge import Knowledge
from lawgraph.knowledge.proof import fold_text
from tests.conftest import require_corpus

DOCUMENTS = ("ukpga/1989/41", "ukpga/2004/31", "uksi/2018/789", "ukpga/2026/21")
# Cited provisions with no copy in the folder; their entries rest on earlier readings.
NOT_IN_FOLDER = {
    "ukpga/2004/31/section/16A",
    "ukpga/2004/31/section/16B",
    "ukpga/2004/31/section/16C",
}


@pytest.fixture(scope="module")
def statute_text() -> Path:
    return require_corpus().parent / "statute-text"


@pytest.fixture(scope="module")
def copies(statute_text: Path) -> dict[str, str]:
    """Identifier -> folded text of every copy of it (as-inserted and revised joined)."""
    out: dict[str, str] = {}
    with (statute_text / "INDEX.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            path = statute_text / row["file"]
            if row["file"] in ("", "(none)") or not path.is_file():
                continue
            body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
            out[row["identifier"]] = out.get(row["identifier"], "") + " " + _fold(body)
    return out


def _fold(text: str) -> str:
    # Markdown list and quotation markers are layout, not words.
    text = re.sub(r"(?m)^[\s>]*(?:- |\d+\. )?", " ", unicodedata.normalize("NFC", text))
    return fold_text(text).lower()


def _copy_for(identifier: str, copies: dict[str, str]) -> str | None:
    best = max(
        (k for k in copies if identifier == k or identifier.startswith(k + "/")),
        key=len,
        default=None,
    )
    return None if best is None else copies[best]


def test_every_anchor_into_the_children_acts_occurs_in_the_statute_text(
    real: Knowledge, copies: dict[str, str]
) -> None:
    missing, unread = [], set()
    for kind, entry in real.entries():
        for c in entry.citations:
            if c.document not in DOCUMENTS:
                continue
            text = _copy_for(c.id, copies)
            if text is None:
                unread.add("/".join(c.id.split("/")[:5]))
                continue
            if c.anchor is not None and _fold(c.anchor) not in text:
                missing.append((kind, entry.id, c.id, c.anchor))
    assert missing == []
    assert unread == NOT_IN_FOLDER


def _items(markdown: str, subsection: str) -> dict[str, str]:
    """The lettered items of one numbered subsection of a legalize-format section copy."""
    lines = markdown.split("\n---\n", 1)[1].splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(f"- ({subsection}) "))
    items: dict[str, str] = {}
    for ln in lines[start + 1 :]:
        m = re.match(r"^- \(([0-9A-Z]+|[a-z]+)\) (.*)$", ln)
        if not m:
            continue
        label, text = m.groups()
        if label[0].isdigit():
            break
        if not re.fullmatch(r"[. ]+;?", text):  # ". . . ." marks a repealed item
            items[label] = text
    return items


def _schedule(markdown: str) -> dict[str, str]:
    body = markdown.split("\n---\n", 1)[1]
    return dict(re.findall(r"(?m)^###### (\d+)\n\n(.+)$", body))


LISTS = [
    ("ukpga-2004-31-section-10.md", "ukpga/2004/31/section/10/4", "4", "ca2004-s10-5", 14),
    ("ukpga-2004-31-section-11.md", "ukpga/2004/31/section/11/1", "1", "ca2004-s11", 16),
    ("ukpga-1989-41-section-27.md", "ukpga/1989/41/section/27/3", "3", "ca1989-s27-2", 6),
    ("ukpga-1989-41-section-47.md", "ukpga/1989/41/section/47/11", "11", "ca1989-s47-9", 5),
    (
        "uksi-2018-789-schedule.md",
        "uksi/2018/789/schedule/paragraph",
        None,
        "csprr2018-schedule",
        38,
    ),
]


@pytest.mark.parametrize(("file", "base", "subsection", "gateway", "count"), LISTS)
def test_every_list_item_maps_to_a_holder_of_its_gateway(
    real: Knowledge,
    statute_text: Path,
    file: str,
    base: str,
    subsection: str | None,
    gateway: str,
    count: int,
) -> None:
    markdown = (statute_text / file).read_text(encoding="utf-8")
    items = _items(markdown, subsection) if subsection else _schedule(markdown)
    assert len(items) == count, sorted(items)
    holders = real.gateways[gateway].holders
    for label, text in items.items():
        ident = f"{base}/{label}"
        citing = [
            h
            for h in real.holders.values()
            for c in h.citations
            if c.id == ident and c.anchor and _fold(c.anchor) in _fold(text)
        ]
        assert citing, f"no holder cites {ident} with the item's words: {text}"
        for h in citing:
            assert h.id in holders or set(real.ancestors(h.id)) & set(holders), (ident, h.id)


def test_the_request_duties_read_from_the_text_are_verified(real: Knowledge) -> None:
    # s.16H(2) and s.16N(2) "must comply with the request"; s.47(9) duty to assist.
    for gid in ("ca2004-s16H", "ca2004-s16N-2", "ca1989-s47-9", "ca1989-s27-2"):
        g = real.gateways[gid]
        assert g.status.value == "verified" and g.nature.value == "duty_to_comply_with_request"
    assert real.gateways["ca2004-s16H"].holders == ("any",)
    assert any(
        "unreasonable in all the circumstances" in e
        for e in real.gateways["ca1989-s47-9"].exceptions
    )
    # CWSA 2026: only regulation-making powers are in force (s.78(1)(a)); the rest waits (s.78(5))
    for gid in ("ca2004-s16LA", "ca2004-s16EA", "ca2004-s16E-1-aa", "ca2004-s16LD"):
        assert real.gateways[gid].commencement.value == "prospective"
    assert real.gateways["ca2004-s16LC"].commencement.value == "partly_in_force"
