"""Issue 10, severe 1: every route to a DTD, entity or external reference is refused.

The old check looked for ``<!DOCTYPE`` only before the first ``<`` followed by a letter,
and only in the first 64 KiB, so a comment holding ``<a``, or a prolog padded past
64 KiB, reached libxml2, which then opened whatever an external parameter entity named
(``/dev/zero`` hung every command). Each case here is proved three ways where it
applies: the error is `UnsafeXMLError`; a named pipe named by the entity was never
opened; and it finishes inside a time bound in a child process, so a regression fails
rather than hangs the suite.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from lawgraph.errors import MalformedXMLError, UnsafeXMLError
from lawgraph.legislation.reader import read_xml, safe_parser, safe_pull_parser, xml_from_bytes
from lawgraph.legislation.titles import read_title
from tests.hostile.conftest import Tripwire

_ROOT = (
    '<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation" '
    'IdURI="http://www.legislation.gov.uk/id/ukpga/2018/12"/>'
)


def _doctype(target: str) -> str:
    return f'<!DOCTYPE L [<!ENTITY % p SYSTEM "{target}"> %p;]>'


def _variants(target: str) -> dict[str, bytes]:
    """The bypasses the issue names, each carrying an external parameter entity."""
    dtd = _doctype(target)
    return {
        "comment holding <a": f"<!-- <a -->{dtd}{_ROOT}".encode(),
        "comment after the declaration": f'<?xml version="1.0"?>\n<!-- x -->{dtd}{_ROOT}'.encode(),
        "processing instruction holding <a": f"<?pi <a?>{dtd}{_ROOT}".encode(),
        "prolog padded past 64 KiB": f"<!--{'x' * 70000}-->{dtd}{_ROOT}".encode(),
        "many comments past 64 KiB": (("<!-- <b -->" * 7000) + dtd + _ROOT).encode(),
        "UTF-16 with a BOM": f"<!-- <a -->{dtd}{_ROOT}".encode("utf-16"),
        "UTF-16LE without a BOM": f"<!-- <a -->{dtd}{_ROOT}".encode("utf-16-le"),
        "UTF-16BE without a BOM": f"<!-- <a -->{dtd}{_ROOT}".encode("utf-16-be"),
        "UTF-8 BOM": b"\xef\xbb\xbf" + f"<!-- <a -->{dtd}{_ROOT}".encode(),
        "external subset only": f'<!-- <a --><!DOCTYPE L SYSTEM "{target}">{_ROOT}'.encode(),
    }


_CASES = sorted(_variants("file:///x"))


@pytest.mark.parametrize("case", _CASES)
def test_each_bypass_is_refused_and_the_target_never_opened(
    case: str, tmp_path: Path, tripwire: Tripwire
) -> None:
    path = tmp_path / "12.xml"
    path.write_bytes(_variants(tripwire.url)[case])
    with pytest.raises(UnsafeXMLError) as info:
        read_xml(path)
    assert str(path) in str(info.value)
    assert not tripwire.opened.wait(0.2), f"{case}: the entity's target was opened"


@pytest.mark.parametrize("case", _CASES)
def test_the_title_scan_refuses_each_bypass(case: str, tmp_path: Path, tripwire: Tripwire) -> None:
    """The title scan (run over every held file by `lawgraph show`) has its own parser."""
    path = tmp_path / "12.xml.gz"
    path.write_bytes(gzip.compress(_variants(tripwire.url)[case]))
    with pytest.raises(UnsafeXMLError):
        read_title(path)
    assert not tripwire.opened.wait(0.2), f"{case}: the entity's target was opened"


@pytest.mark.parametrize("target", ["file:///dev/zero", "/dev/zero", "file:///dev/urandom"])
def test_the_219_byte_dev_zero_file_is_refused_quickly(tmp_path: Path, target: str) -> None:
    """The issue's reproduction, in a child process under a time bound."""
    path = tmp_path / "12.xml"
    path.write_bytes(f"<!-- <a -->{_doctype(target)}{_ROOT}".encode())
    code = (
        "import sys\nfrom lawgraph.errors import UnsafeXMLError\n"
        "from lawgraph.legislation.parser import parse_file\n"
        "from lawgraph.legislation.titles import read_title\n"
        "for read in (parse_file, read_title):\n"
        "    try:\n        read(sys.argv[1])\n    except UnsafeXMLError:\n        pass\n"
        "    else:\n        sys.exit(f'{read.__name__} accepted it')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr


def test_the_resolver_refuses_even_when_the_scan_is_bypassed(tripwire: Tripwire) -> None:
    """Depth: a declaration handed straight to lxml still opens nothing."""
    data = f"{_doctype(tripwire.url)}{_ROOT}".encode()
    with pytest.raises(UnsafeXMLError, match="external reference"):
        etree.fromstring(data, parser=safe_parser())
    assert not tripwire.opened.wait(0.2)


def test_the_pull_parser_opens_nothing_even_when_the_scan_is_bypassed(
    tripwire: Tripwire,
) -> None:
    for data in (_doctype(tripwire.url), f'<!DOCTYPE L SYSTEM "{tripwire.url}">'):
        parser = safe_pull_parser()
        parser.feed(f"{data}{_ROOT}".encode())
        parser.close()
    assert not tripwire.opened.wait(0.2)


@pytest.mark.parametrize("encoding", ["UTF-7", "EBCDIC-US", "UCS-4", "cp037"])
def test_an_encoding_the_scan_cannot_read_is_refused(encoding: str) -> None:
    data = f'<?xml version="1.0" encoding="{encoding}"?>{_ROOT}'.encode()
    with pytest.raises(UnsafeXMLError, match="declared encoding"):
        xml_from_bytes(data)


@pytest.mark.parametrize("encoding", ["UTF-8", "utf-8", "US-ASCII", "ISO-8859-1"])
def test_ordinary_encodings_are_read(encoding: str) -> None:
    root = xml_from_bytes(f'<?xml version="1.0" encoding="{encoding}"?>\n{_ROOT}'.encode())
    assert root.get("IdURI", "").endswith("ukpga/2018/12")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<!-- only a comment -->", "no root element"),
        (b'<?xml version="1.0"?>\n<!-- never closed', "unterminated comment"),
        (b"<?pi never closed", "unterminated processing instruction"),
    ],
)
def test_a_prolog_that_never_reaches_a_root_is_refused(data: bytes, words: str) -> None:
    with pytest.raises(MalformedXMLError, match=words):
        xml_from_bytes(data)


def test_cdata_or_other_markup_before_the_root_is_refused() -> None:
    with pytest.raises(UnsafeXMLError):
        xml_from_bytes(b"<![CDATA[x]]>" + _ROOT.encode())


def test_comments_and_pis_before_a_real_root_are_still_fine() -> None:
    data = f'<?xml version="1.0"?>\n<!-- a <b> comment -->\n<?pi x?>\n{_ROOT}'.encode()
    assert xml_from_bytes(data).tag.endswith("Legislation")
