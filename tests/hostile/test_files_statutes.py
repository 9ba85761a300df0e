"""Issue 10, defects 4 and 6: one bad file in ``statutes/`` no longer stops everything.

Before: a FIFO named ``*.xml.gz`` hung every ``lawgraph show`` (the title scan opened
every file), and one damaged file crashed ``show``, ``check``, ``gateways`` and
``export`` with a traceback and exit 1. Now the file is named in one warning line on
stderr and left out: a copy of it in the reference corpus is read instead; without one
the document counts as not held (``check`` then exits 2, never 1).
"""

from __future__ import annotations

import gzip
import os
import warnings
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from lawgraph.errors import NotHeldError
from lawgraph.files import SkippedFileWarning
from lawgraph.legislation.corpus import Corpus
from lawgraph.legislation.reader import MAX_XML_BYTES_ENV
from tests.conftest import require_corpus
from tests.hostile.files_cli import assert_refused, run_lawgraph

VALID = Path(__file__).resolve().parents[1] / "knowledge" / "fixtures" / "valid"
# The valid fixture cites the Children Act 2004, which the reference corpus does not hold,
# and the DPA 2018, which it does.
CA2004 = Path("ukpga/2004/31.xml.gz")
DPA2018 = Path("ukpga/2018/12.xml.gz")
_CLML = (
    b'<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation" '
    b'IdURI="http://www.legislation.gov.uk/id/ukpga/2004/31">'
)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir()


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _truncated(path: Path) -> None:
    path.write_bytes(gzip.compress(_CLML + b"<Metadata/>" * 200)[:-40])


def _not_well_formed(path: Path) -> None:
    path.write_bytes(gzip.compress(_CLML + b"<Metadata>"))


def _bomb(path: Path) -> None:
    """64 MiB of white space in 64 KiB of gzip; the tests cap reads at 16 MiB (the
    largest reference file, the DPA 2018, is 6 MB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    with path.open("wb") as out:
        out.write(packer.compress(_CLML))
        for _ in range(64):
            out.write(packer.compress(b" " * (1 << 20)))
        out.write(packer.flush())


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "not a regular file (a named pipe)"),
    "link to /dev/zero": (_link_to_zero, "not a regular file (a device)"),
    "folder": (_folder, "not a regular file (a directory)"),
    "symlink loop": (_loop, "cannot read file"),
    "truncated gzip": (_truncated, "Compressed file ended before the end-of-stream marker"),
    "not well-formed": (_not_well_formed, "not well-formed XML"),
    "gzip bomb": (_bomb, "larger than 16,777,216 bytes"),
}


def _statutes(tmp_path: Path, name: Path, make: Callable[[Path], None]) -> tuple[Path, Path]:
    root = tmp_path / "statutes"
    bad = root / name
    bad.parent.mkdir(parents=True)
    make(bad)
    return root, bad


def _env(tmp_path: Path, statutes: Path) -> dict[str, str]:
    return {
        "LAWGRAPH_STATUTES": str(statutes),
        "LAWGRAPH_LEGISLATION": str(require_corpus()),
        "LAWGRAPH_DATA": str(VALID),
        "LAWGRAPH_CACHE": str(tmp_path / "cache"),
        MAX_XML_BYTES_ENV: str(16 << 20),
    }


def _warned(run_stderr: str, command: str, bad: Path, reason: str) -> None:
    lines = [
        line
        for line in run_stderr.splitlines()
        if line.startswith(f"lawgraph {command}: warning: {bad}") and reason in line
    ]
    assert len(lines) == 1, run_stderr
    assert lines[0].endswith("left out")


@pytest.mark.parametrize("case", list(CASES))
def test_check_reports_an_unreadable_statute_and_exits_2(case: str, tmp_path: Path) -> None:
    make, reason = CASES[case]
    statutes, bad = _statutes(tmp_path, CA2004, make)
    run = run_lawgraph("check", env=_env(tmp_path, statutes), cwd=tmp_path)
    assert_refused(run, "check", 2, "could not be read", "reported as not held")
    _warned(run.stderr, "check", bad, reason)
    # the other citations were still checked
    # 4 + the DPA 2018 s.7(1)(a) citation of each of the 6 holders (public_authority_basis)
    assert "verified              10" in run.stdout, run.stdout


@pytest.mark.parametrize("case", ["fifo", "truncated gzip"])
def test_show_gateways_and_export_carry_on_without_the_file(case: str, tmp_path: Path) -> None:
    make, reason = CASES[case]
    statutes, bad = _statutes(tmp_path, CA2004, make)
    env = _env(tmp_path, statutes)

    show = run_lawgraph("show", "s.8 DPA 2018", env=env, cwd=tmp_path)
    assert show.code == 0 and "Traceback" not in show.stderr, show.stderr
    assert "Data Protection Act 2018" in show.stdout
    _warned(show.stderr, "show", bad, reason)

    asked = run_lawgraph("show", "s.11 CA 2004", env=env, cwd=tmp_path)
    assert_refused(asked, "show", 2, "ukpga/2004/31: no held copy can be read", str(bad))

    listed = run_lawgraph("gateways", "--holder", "school", env=env, cwd=tmp_path)
    assert listed.code == 0 and "Traceback" not in listed.stderr, listed.stderr
    assert "demo-s11" in listed.stdout
    _warned(listed.stderr, "gateways", bad, reason)

    out = tmp_path / "graph.json"
    exported = run_lawgraph(
        "export", "--format", "jsonld", "--out", str(out), env=env, cwd=tmp_path
    )
    assert exported.code == 0 and "Traceback" not in exported.stderr, exported.stderr
    assert out.read_text(encoding="utf-8").startswith("{")
    _warned(exported.stderr, "export", bad, reason)


def test_a_damaged_copy_in_statutes_falls_back_to_the_reference(tmp_path: Path) -> None:
    statutes, bad = _statutes(tmp_path, DPA2018, _truncated)
    env = _env(tmp_path, statutes)
    run = run_lawgraph("check", env=env, cwd=tmp_path)
    # every citation the reference can check was checked: nothing was lost
    assert run.code == 0 and "Traceback" not in run.stderr, run.stderr
    assert "verified              10" in run.stdout  # 4 + s.7(1)(a) for 6 holders
    _warned(run.stderr, "check", bad, "damaged gzip stream")
    shown = run_lawgraph("show", "s.8 DPA 2018", env=env, cwd=tmp_path)
    assert shown.code == 0, shown.stderr
    assert "Data Protection Act 2018" in shown.stdout


def test_the_corpus_reads_the_reference_copy_and_says_why(tmp_path: Path) -> None:
    statutes, bad = _statutes(tmp_path, DPA2018, _truncated)
    corpus = Corpus([statutes, require_corpus()])
    with pytest.warns(SkippedFileWarning, match="damaged gzip stream") as seen:
        doc = corpus.document("ukpga/2018/12")
    assert doc.title == "Data Protection Act 2018"
    assert [str(w.message).split(": ")[0] for w in seen] == [str(bad)]
    assert corpus.problems() == [str(seen[0].message).removesuffix("; left out")]
    assert corpus.lost() == []


def test_a_document_whose_only_file_is_damaged_is_not_held(tmp_path: Path) -> None:
    statutes, bad = _statutes(tmp_path, CA2004, _not_well_formed)
    corpus = Corpus([statutes])
    with pytest.warns(SkippedFileWarning, match="not well-formed XML"):
        assert not corpus.holds("ukpga/2004/31")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # reported once, not on every look
        with pytest.raises(NotHeldError, match=f"no held copy can be read .*{bad.name}"):
            corpus.document("ukpga/2004/31")
        assert corpus.versions("ukpga/2004/31") == []
    assert len(corpus.lost()) == 1 and str(bad) in corpus.lost()[0]
