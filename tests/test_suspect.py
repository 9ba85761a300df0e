"""Every file under suspect/ either reads into a model or fails with a lawgraph error.

suspect/ holds real legislation.gov.uk content that is not in the served ``/data.xml``
form (PROVENANCE.tsv says why, file by file). For each file the outcome is fixed here:

- *metadata-only* responses (body removed) and the hand-trimmed Housing Act sample keep
  a real root ``IdURI``/``DocumentURI`` and ``ukm:Metadata``, so they parse to a
  `Document`; the metadata-only ones have no provisions because the XML has no content
  element (checked against the raw XML, so nothing is being dropped);
- publishing-pipeline and legacy CLML, and CLML re-serialised by a third party, have no
  root ``IdURI``/``DocumentURI``: `NotCLMLError` (lawgraph cannot tell which item or
  version they are from the root, and served files always say);
- roots that are not a CLML ``<Legislation>`` (an explanatory-note ``<EN>``, a pipeline
  ``<Fragment>``, a ``<Legislation>`` in TSO's old namespace): `NotCLMLError`.

No other exception type is acceptable from any of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgraph.errors import MalformedXMLError, NotCLMLError, UnsafeXMLError
from lawgraph.legislation.feeds import read_any
from lawgraph.legislation.models import Document
from lawgraph.legislation.namespaces import LEG
from lawgraph.legislation.parser import parse_file
from lawgraph.legislation.reader import read_xml
from tests.conftest import require_corpus

_CONTENT = {f"{{{LEG}}}Primary", f"{{{LEG}}}Secondary", f"{{{LEG}}}EURetained"}

#: metadata-only files -> (document id, version)
METADATA_ONLY = {
    "clml-schema-samples/asp-2005-10-metadata.xml.gz": ("asp/2005/10", "2018-01-12"),
    "clml-schema-samples/mwa-2010-5-metadata.xml.gz": ("mwa/2010/5", "2016-04-06"),
    "clml-schema-samples/nisr-2019-1-metadata.xml.gz": ("nisr/2019/1", "2019-02-04"),
    "clml-schema-samples/ssi-2018-316-metadata.xml.gz": ("ssi/2018/316", "2019-07-01"),
    "clml-schema-samples/ukdsi-2012-9780111529799-metadata.xml.gz": (
        "ukdsi/2012/9780111529799",
        "2012-12-12",
    ),
    "clml-schema-samples/ukdsi-2012-9780111529935-metadata.xml.gz": (
        "ukdsi/2012/9780111529935",
        "2012-12-12",
    ),
    "clml-schema-samples/ukpga-1991-48-metadata.xml.gz": ("ukpga/1991/48", "enacted"),
    "clml-schema-samples/ukpga-2006-37-metadata.xml.gz": ("ukpga/2006/37", "2011-12-23"),
    "clml-schema-samples/ukpga-2007-29-metadata.xml.gz": ("ukpga/2007/29", "2020-12-31"),
    "clml-schema-samples/uksi-2013-572-metadata.xml.gz": ("uksi/2013/572", "2013-04-06"),
    "clml-schema-samples/uksi-2017-852-metadata.xml.gz": ("uksi/2017/852", "2018-05-20"),
    "clml-schema-samples/uksi-2019-1402-metadata.xml.gz": ("uksi/2019/1402", "2020-12-31"),
    "clml-schema-samples/uksi-2021-558-metadata.xml.gz": ("uksi/2021/558", "2021-06-01"),
    "lgu2/asp-2025-11-metadata.xml.gz": ("asp/2025/11", "2025-08-07"),
}
TRIMMED = "lex-graph/housing_act_sample.xml.gz"
#: files whose root element is not CLML <Legislation> -> the root tag named in the error
WRONG_ROOT = {
    "clml-schema-samples/ukpga_2006_35_notes-division-7.xml.gz": f"{{{LEG}}}EN",
    "clml-schema-samples/task-update-step-wsi-2020-1149-act-2020-11-08-high-level-amends"
    ".xml.gz": f"{{{LEG}}}Fragment",
    "clml-schema-samples/uksi_20180234_en.xml.gz": (
        "{http://www.tso.co.uk/assets/namespace/legislation}Legislation"
    ),
}
NO_ROOT_IDENTIFIER = "missing <ukm:Metadata> or the root DocumentURI/IdURI"


def _suspect_dir() -> Path:
    return require_corpus() / "suspect"


def _files() -> list[Path]:
    return sorted(_suspect_dir().rglob("*.xml.gz"))


def _rel(path: Path) -> str:
    return path.relative_to(_suspect_dir()).as_posix()


def test_the_suspect_folder_holds_what_this_test_expects() -> None:
    rels = [_rel(p) for p in _files()]
    assert len(rels) == 82
    # every file is gzip XML: nothing here escapes the parametrised checks below
    assert (
        sorted(
            p.relative_to(_suspect_dir()).as_posix()
            for p in _suspect_dir().rglob("*")
            if p.is_file()
        )
        == rels
    )
    known = set(METADATA_ONLY) | {TRIMMED} | set(WRONG_ROOT)
    assert known <= set(rels)
    no_identifier = [r for r in rels if r not in known]
    assert len(no_identifier) == 64
    assert sum(r.startswith("tna-mono/") for r in no_identifier) == 12


@pytest.mark.parametrize("path", _files(), ids=_rel)
def test_outcome_is_a_model_or_a_lawgraph_error(path: Path) -> None:
    """The exact outcome for each file; anything else (a crash) fails here."""
    rel = _rel(path)
    try:
        doc = parse_file(path)
    except (UnsafeXMLError, MalformedXMLError, NotCLMLError) as exc:
        outcome: Document | Exception = exc
    else:
        outcome = doc

    if rel in METADATA_ONLY:
        assert isinstance(outcome, Document), outcome
        assert (outcome.id, outcome.version) == METADATA_ONLY[rel]
        assert outcome.provisions == ()
        # empty because the file has no content element, not because anything was dropped
        assert not [c for c in read_xml(path) if c.tag in _CONTENT]
        assert outcome.title
    elif rel == TRIMMED:
        assert isinstance(outcome, Document), outcome
        assert outcome.id == "ukpga/2004/34"
        assert outcome.title == "Housing Act 2004"
        assert outcome.version == "2022-04-28"
        assert len(outcome.provisions) == 2
        assert len(list(outcome.walk())) == 19
    else:
        assert isinstance(outcome, NotCLMLError), outcome
        assert outcome.path == str(path)
        assert str(outcome).startswith(f"{path}:{read_xml(path).sourceline}: ")
        if rel in WRONG_ROOT:
            assert outcome.reason == (
                f"root element is {WRONG_ROOT[rel]!r}, "
                "not a legislation.gov.uk <Legislation> document"
            )
        else:
            root = read_xml(path)
            assert root.tag == f"{{{LEG}}}Legislation"
            assert root.get("IdURI") is None
            assert root.get("DocumentURI") is None
            assert NO_ROOT_IDENTIFIER in outcome.reason


@pytest.mark.parametrize("path", _files(), ids=_rel)
def test_read_any_agrees_with_parse_file(path: Path) -> None:
    """No suspect file is an Atom feed: read_any gives the parser's outcome."""
    try:
        expected: object = parse_file(path)
    except NotCLMLError as exc:
        with pytest.raises(NotCLMLError) as info:
            read_any(path)
        assert str(info.value) == str(exc)
        return
    got = read_any(path)
    assert isinstance(got, Document)
    assert isinstance(expected, Document)
    assert got.id == expected.id
    assert got.provision_ids() == expected.provision_ids()
    assert got.full_text() == expected.full_text()
