"""The legislation layer on another client's genuine fixtures (../shared/peer-fixtures).

Each test names the fixture and what lawgraph used to make of it wrongly (issue 16):
in-force windows taken from two levels at once, changes that will never be applied
shown as pending, Welsh structural numbers left unstripped.
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lawgraph.changes.prospective import pending_effects
from lawgraph.cli import app, show_cmd  # noqa: F401  (registers the command)
from lawgraph.legislation.models import Document
from lawgraph.legislation.parser import parse_file
from lawgraph.settings import LEGISLATION_ENV, STATUTES_ENV
from tests.conftest import peer_clml_files, require_corpus, require_peer_fixtures, served_files


def _fixture(name: str) -> Document:
    return parse_file(require_peer_fixtures() / "cyanheads" / name)


# -- in-force windows ---------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(
    "path",
    served_files(require_corpus()) + peer_clml_files(),
    ids=lambda p: str(p).split("shared/")[-1],
)
def test_no_provision_has_an_empty_or_inverted_window(path: Path) -> None:
    inverted = [
        (p.id, p.start_date, p.end_date)
        for p in parse_file(path).walk()
        if p.start_date is not None and p.end_date is not None and p.end_date <= p.start_date
    ]
    assert inverted == []


def test_a_window_is_never_made_of_two_levels_dates() -> None:
    # the P1group states a start (2025-02-27); the root states an end (2019-03-29)
    reg = _fixture("uksi-2019-419-regulation-5-2019-03-01.xml").provision(
        "uksi/2019/419/regulation/5"
    )
    assert reg is not None
    assert (reg.start_date, reg.end_date) == (dt.date(2025, 2, 27), None)
    assert reg.date_conflict is not None and "2025-02-27 to 2019-03-29" in reg.date_conflict


def test_a_section_ending_as_its_heading_starts_is_flagged() -> None:
    # s.45 as at 2018-05-24: its P1group ends 2018-05-25, the day its cross-heading starts
    doc = _fixture("ukpga-2018-12-section-45-2018-05-24.xml")
    s45 = doc.provision("ukpga/2018/12/section/45")
    assert s45 is not None
    assert (s45.start_date, s45.end_date) == (None, dt.date(2018, 5, 25))
    assert s45.date_conflict is not None and "2018-05-25 to 2018-05-25" in s45.date_conflict
    # where the levels agree there is nothing to say
    heading = doc.provision("ukpga/2018/12/part/3/chapter/3")
    assert heading is not None and heading.date_conflict is None
    current = _fixture("ukpga-2018-12-section-45-2019-01-01.xml").provision(
        "ukpga/2018/12/section/45"
    )
    assert current is not None and current.date_conflict is None
    assert (current.start_date, current.end_date) == (dt.date(2018, 5, 25), dt.date(2020, 12, 31))


def test_show_says_when_the_dates_cannot_be_reconciled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fixture laid out as a one-file legislation folder
    held = tmp_path / "legislation/uksi/2019/419/regulation/5.2019-03-01.xml.gz"
    held.parent.mkdir(parents=True)
    source = require_peer_fixtures() / "cyanheads/uksi-2019-419-regulation-5-2019-03-01.xml"
    with source.open("rb") as src, gzip.open(held, "wb") as dst:
        shutil.copyfileobj(src, dst)
    monkeypatch.setenv(LEGISLATION_ENV, str(tmp_path / "legislation"))
    monkeypatch.setenv(STATUTES_ENV, str(tmp_path / "statutes"))
    res = CliRunner().invoke(
        app, ["show", "uksi/2019/419/regulation/5", "--as-at", "2025-03-01", "--json"]
    )
    assert res.exit_code == 0, res.output
    assert "dates for this text cannot be reconciled" in res.output
    assert '"confirmed": false' in res.output


# -- changes that will never be applied ------------------------------------------------


def test_an_effect_marked_never_to_apply_keeps_its_flag_and_notes() -> None:
    doc = _fixture("uksi-2019-419-contents.xml")
    never = [e for e in doc.unapplied_effects if not e.will_apply]
    assert len(never) == 3
    assert {e.affecting for e in never} == {"uksi/2019/485"}
    assert all(e.requires_applied is False for e in never)
    assert all(
        e.notes is not None and e.notes.startswith("This amendment not applied") for e in never
    )


def test_an_effect_that_will_never_apply_is_not_pending() -> None:
    doc = _fixture("uksi-2019-419-contents.xml")
    assert doc.unapplied_effects  # they are recorded ...
    assert pending_effects(doc, dt.date(2019, 1, 1)) == []  # ... but none will come


def test_a_change_never_to_apply_is_not_listed_against_any_citation() -> None:
    from lawgraph.changes.prospective import _pending_targets

    # whatever the date, the three revoked changes to SI 2019/419 Sch 2 para 102 stay out
    doc = _fixture("uksi-2019-419-contents.xml")
    assert _pending_targets(doc, dt.date.min) == []


def test_effects_still_to_come_are_pending() -> None:
    dpa = parse_file(require_corpus() / "ukpga/2018/12.xml.gz")
    pending = pending_effects(dpa, dt.date(2026, 4, 7))
    # every recorded change to the DPA 2018 as at 2026-04-07 awaits commencement
    assert len(pending) == len(dpa.unapplied_effects) > 0
    assert all(e.requires_applied is True for e in pending)


# -- Welsh-language texts -----------------------------------------------------------------


def test_welsh_part_numbers_are_stripped_like_english_ones() -> None:
    part = _fixture("anaw-2016-1-section-1-welsh.xml").provision("anaw/2016/1/part/1")
    assert part is not None
    assert (part.number, part.number_text, part.label) == ("1", "RHAN 1", "part 1")
