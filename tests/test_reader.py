"""Hostile and malformed input to `lawgraph.legislation.reader` (and `parse_file` on top).

Every case is built in ``tmp_path``. Each asserts the exact error type and the words of
its message, and where the danger is that something gets *resolved* (a local file, a
URL), it proves that nothing was: local targets are named pipes that record being
opened, and network targets are a loopback listener that records every connection.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lawgraph.errors import MalformedXMLError, NotCLMLError, UnsafeXMLError
from lawgraph.legislation.parser import parse_file
from lawgraph.legislation.reader import read_xml, xml_from_bytes
from tests.conftest import require_corpus

_REFUSED = re.escape("document type declarations (DTDs and entities) are refused")


# -- observers: did anything try to open a file or connect? -------------------------------


@dataclass
class _Listener:
    """A loopback TCP listener that records every connection made to it.

    libxml2 2.14 (lxml 6) is built without its own HTTP client, but a resolver written
    in Python (``etree.Resolver``) or an older libxml2 would connect: this catches both.
    """

    port: int
    connections: list[bytes] = field(default_factory=list)


@pytest.fixture
def listener() -> Iterator[_Listener]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.1)
    seen = _Listener(port=server.getsockname()[1])
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1.0)
                try:
                    seen.connections.append(conn.recv(4096))
                except OSError:
                    seen.connections.append(b"")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join(timeout=2)
        server.close()


@dataclass
class _Tripwire:
    """A named pipe: `opened` is set if anything opens it for reading."""

    path: Path
    opened: threading.Event


@pytest.fixture
def tripwire(tmp_path: Path) -> Iterator[_Tripwire]:
    path = tmp_path / "secret"
    os.mkfifo(path)
    opened = threading.Event()

    def writer() -> None:
        # blocks until some reader opens the pipe: that is the event we watch for
        with open(path, "wb") as pipe:
            if not done.is_set():
                opened.set()
            pipe.write(b"CANARY-SECRET")

    done = threading.Event()
    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        yield _Tripwire(path=path, opened=opened)
    finally:
        done.set()
        # release the writer by opening the read end ourselves
        with open(path, "rb") as release:
            release.read()
        thread.join(timeout=2)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _billion_laughs(encoding_decl: str = "") -> str:
    entities = ['  <!ENTITY lol0 "lol">']
    for i in range(1, 10):
        entities.append(f'  <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    return (
        f'<?xml version="1.0"{encoding_decl}?>\n<!DOCTYPE lolz [\n'
        + "\n".join(entities)
        + "\n]>\n<lolz>&lol9;</lolz>\n"
    )


# -- entities and DTDs ------------------------------------------------------------------


def test_billion_laughs_is_refused_before_expansion(tmp_path: Path) -> None:
    path = _write(tmp_path, "laughs.xml", _billion_laughs().encode())
    with pytest.raises(UnsafeXMLError, match=_REFUSED) as info:
        read_xml(path)
    assert info.value.path == str(path)
    assert info.value.line == 2
    assert str(info.value).startswith(f"{path}:2: ")
    # refused by the prolog check, before lxml ever saw the bytes
    assert info.value.__cause__ is None


def test_billion_laughs_in_a_gzip_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "laughs.xml.gz", gzip.compress(_billion_laughs().encode()))
    with pytest.raises(UnsafeXMLError, match=_REFUSED):
        parse_file(path)


def test_external_entity_to_etc_passwd_is_refused(tmp_path: Path) -> None:
    doc = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        "<foo>&xxe;</foo>\n"
    )
    path = _write(tmp_path, "xxe.xml", doc.encode())
    with pytest.raises(UnsafeXMLError, match=_REFUSED) as info:
        read_xml(path)
    assert info.value.line == 2
    assert "root:" not in str(info.value)


def test_external_entity_to_a_local_file_is_never_opened(
    tmp_path: Path, tripwire: _Tripwire
) -> None:
    doc = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file://{tripwire.path}">]>\n'
        "<foo>&xxe;</foo>\n"
    )
    path = _write(tmp_path, "xxe-local.xml", doc.encode())
    with pytest.raises(UnsafeXMLError, match=_REFUSED) as info:
        read_xml(path)
    assert "CANARY" not in str(info.value)
    assert not tripwire.opened.wait(0.3), "the entity's target file was opened"


def test_external_entity_to_port_9_is_refused(tmp_path: Path) -> None:
    doc = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/">]>\n'
        "<foo>&xxe;</foo>\n"
    )
    path = _write(tmp_path, "xxe-http9.xml", doc.encode())
    with pytest.raises(UnsafeXMLError, match=_REFUSED) as info:
        read_xml(path)
    assert info.value.line == 2
    assert info.value.__cause__ is None


def test_external_entity_over_http_is_never_fetched(tmp_path: Path, listener: _Listener) -> None:
    doc = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "http://127.0.0.1:{listener.port}/xxe">]>\n'
        "<foo>&xxe;</foo>\n"
    )
    path = _write(tmp_path, "xxe-http.xml", doc.encode())
    with pytest.raises(UnsafeXMLError, match=_REFUSED):
        read_xml(path)
    assert listener.connections == []


def test_external_dtd_is_never_fetched(tmp_path: Path, listener: _Listener) -> None:
    doc = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE Legislation SYSTEM "http://127.0.0.1:{listener.port}/legislation.dtd">\n'
        '<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation"/>\n'
    )
    path = _write(tmp_path, "dtd.xml", doc.encode())
    with pytest.raises(UnsafeXMLError, match=_REFUSED) as info:
        parse_file(path)
    assert info.value.line == 2
    assert listener.connections == []


def test_parameter_entities_are_never_resolved(
    tmp_path: Path, listener: _Listener, tripwire: _Tripwire
) -> None:
    doc = (
        '<?xml version="1.0"?>\n'
        "<!DOCTYPE foo [\n"
        f'  <!ENTITY % remote SYSTEM "http://127.0.0.1:{listener.port}/evil.dtd">\n'
        f'  <!ENTITY % local SYSTEM "file://{tripwire.path}">\n'
        "  %remote; %local;\n"
        "]>\n"
        "<foo/>\n"
    )
    path = _write(tmp_path, "param.xml", doc.encode())
    with pytest.raises(UnsafeXMLError, match=_REFUSED) as info:
        read_xml(path)
    assert info.value.line == 2
    assert listener.connections == []
    assert not tripwire.opened.wait(0.3)


def test_a_doctype_after_a_comment_is_still_refused(tmp_path: Path) -> None:
    doc = '<?xml version="1.0"?>\n<!-- harmless -->\n\n<!DOCTYPE foo [<!ENTITY a "b">]>\n<foo/>'
    path = _write(tmp_path, "late-doctype.xml", doc.encode())
    with pytest.raises(UnsafeXMLError, match=_REFUSED) as info:
        read_xml(path)
    assert info.value.line == 4


def test_utf16_external_entity_is_refused_and_not_fetched(
    tmp_path: Path, listener: _Listener
) -> None:
    doc = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        f'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "http://127.0.0.1:{listener.port}/u16">]>\n'
        "<foo>&xxe;</foo>\n"
    )
    path = _write(tmp_path, "utf16.xml", doc.encode("utf-16"))
    # the prolog is decoded from UTF-16 before the check, so it is refused before parsing
    with pytest.raises(UnsafeXMLError, match=r"utf16\.xml:2: document type declarations"):
        read_xml(path)
    assert listener.connections == []


def test_utf16_billion_laughs_is_reported_as_unsafe(tmp_path: Path) -> None:
    doc = _billion_laughs(' encoding="UTF-16"').encode("utf-16")
    path = _write(tmp_path, "laughs16.xml", doc)
    with pytest.raises(UnsafeXMLError):
        read_xml(path)


def test_an_undeclared_entity_is_malformed(tmp_path: Path) -> None:
    path = _write(tmp_path, "undeclared.xml", b"<foo>\n&xxe;</foo>")
    with pytest.raises(MalformedXMLError, match="Entity 'xxe' not defined") as info:
        read_xml(path)
    assert info.value.line == 2


def test_xinclude_is_not_processed(tmp_path: Path, tripwire: _Tripwire) -> None:
    doc = (
        '<foo xmlns:xi="http://www.w3.org/2001/XInclude">'
        f'<xi:include href="file://{tripwire.path}" parse="text"/></foo>'
    )
    root = read_xml(_write(tmp_path, "xinclude.xml", doc.encode()))
    assert "CANARY" not in "".join(str(t) for t in root.itertext())
    assert root[0].tag == "{http://www.w3.org/2001/XInclude}include"
    assert not tripwire.opened.wait(0.3)


# -- damaged and non-XML files ------------------------------------------------------------


def test_truncated_gzip(tmp_path: Path) -> None:
    data = (require_corpus() / "ukpga" / "1998" / "42.xml.gz").read_bytes()
    path = _write(tmp_path, "cut.xml.gz", data[: len(data) // 2])
    with pytest.raises(MalformedXMLError, match="damaged gzip stream: Compressed file ended"):
        parse_file(path)


def test_gzip_magic_followed_by_garbage(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.xml.gz", b"\x1f\x8b" + b"garbage" * 20)
    with pytest.raises(MalformedXMLError, match="damaged gzip stream") as info:
        read_xml(path)
    assert info.value.path == str(path)


def test_a_valid_gzip_of_garbage(tmp_path: Path) -> None:
    path = _write(tmp_path, "junk.xml.gz", gzip.compress(b"\x00\x01\x02 garbage, not XML"))
    with pytest.raises(MalformedXMLError, match="not well-formed XML") as info:
        parse_file(path)
    assert str(info.value).startswith(f"{path}:1: ")


def test_an_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "empty.xml", b"")
    with pytest.raises(MalformedXMLError, match="file is empty") as info:
        parse_file(path)
    assert str(info.value) == f"{path}: file is empty"


def test_a_gzip_of_nothing_is_empty(tmp_path: Path) -> None:
    path = _write(tmp_path, "empty.xml.gz", gzip.compress(b"  \n"))
    with pytest.raises(MalformedXMLError, match="file is empty"):
        read_xml(path)


def test_a_plain_text_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.xml", b"This is not XML at all.\nSecond line.\n")
    with pytest.raises(MalformedXMLError, match="Start tag expected") as info:
        parse_file(path)
    assert info.value.line == 1
    assert str(info.value).startswith(f"{path}:1: not well-formed XML")


def test_truncated_xml_names_the_file_and_line(tmp_path: Path) -> None:
    doc = '<?xml version="1.0"?>\n<Legislation>\n  <Body>\n    <Text>cut off here'
    path = _write(tmp_path, "truncated.xml", doc.encode())
    with pytest.raises(MalformedXMLError, match="Premature end of data") as info:
        parse_file(path)
    assert info.value.path == str(path)
    assert info.value.line == 4
    assert str(info.value).startswith(f"{path}:4: not well-formed XML")


def test_truncated_real_file_names_the_file_and_a_line(tmp_path: Path) -> None:
    xml = gzip.decompress((require_corpus() / "ukpga" / "1998" / "42.xml.gz").read_bytes())
    cut = xml[: len(xml) // 2]
    path = _write(tmp_path, "42-cut.xml", cut)
    with pytest.raises(MalformedXMLError, match="not well-formed XML") as info:
        parse_file(path)
    assert info.value.line is not None
    # the error is at (or just past) the last line present
    assert cut.count(b"\n") + 1 <= info.value.line <= cut.count(b"\n") + 2
    assert str(info.value).startswith(f"{path}:{info.value.line}: ")


def test_an_html_page_with_a_doctype(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html>\n<html lang='en'><head><title>Page not found</title></head>"
        "<body><p>Sorry<br></body></html>\n"
    )
    path = _write(tmp_path, "error-page.xml", page.encode())
    # what legislation.gov.uk's HTML pages start with; refused as a DTD, never parsed
    with pytest.raises(UnsafeXMLError, match=_REFUSED) as info:
        parse_file(path)
    assert info.value.line == 1


def test_an_html_page_without_a_doctype(tmp_path: Path) -> None:
    page = "<html><head><title>x</title></head>\n<body><p>Hi<br></body></html>"
    path = _write(tmp_path, "page.html", page.encode())
    with pytest.raises(MalformedXMLError, match="Opening and ending tag mismatch") as info:
        parse_file(path)
    assert info.value.line == 2


def test_well_formed_xhtml_is_not_clml(tmp_path: Path) -> None:
    page = '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hi</p></body></html>'
    path = _write(tmp_path, "page.xhtml", page.encode())
    with pytest.raises(
        NotCLMLError, match=r"root element is '\{http://www.w3.org/1999/xhtml\}html'"
    ):
        parse_file(path)


def test_well_formed_non_clml_is_not_clml(tmp_path: Path) -> None:
    path = _write(tmp_path, "foo.xml", b'<?xml version="1.0"?>\n<foo/>\n')
    with pytest.raises(NotCLMLError, match="root element is 'foo'") as info:
        parse_file(path)
    assert info.value.path == str(path)
    assert info.value.line == 2
    assert "<Legislation>" in str(info.value)


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.xml.gz"
    with pytest.raises(MalformedXMLError, match="cannot read file") as info:
        parse_file(path)
    assert info.value.path == str(path)


def test_bytes_are_labelled_when_there_is_no_file() -> None:
    with pytest.raises(MalformedXMLError, match=r"^<bytes>:1: not well-formed XML"):
        xml_from_bytes(b"<a>")


# -- the same file, compressed or not ----------------------------------------------------


def test_xml_and_xml_gz_of_the_same_file_give_the_same_document(tmp_path: Path) -> None:
    source = require_corpus() / "ukpga" / "1998" / "42.xml.gz"
    plain = _write(tmp_path, "42.xml", gzip.decompress(source.read_bytes()))
    zipped = tmp_path / "42.xml.gz"
    shutil.copyfile(source, zipped)
    a, b = parse_file(plain), parse_file(zipped)
    assert a.title == "Human Rights Act 1998"
    assert len(a.provision_ids()) > 100
    assert a.full_text() == b.full_text()
    assert a.provision_ids() == b.provision_ids()
    assert a.commentaries == b.commentaries
    assert a.model_copy(update={"source": None}) == b.model_copy(update={"source": None})
    assert (a.source, b.source) == (str(plain), str(zipped))


def test_gzip_is_recognised_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    source = require_corpus() / "ukpga" / "1998" / "42.xml.gz"
    data = source.read_bytes()
    misnamed_zip = _write(tmp_path, "gz-named.xml", data)
    misnamed_plain = _write(tmp_path, "plain-named.xml.gz", gzip.decompress(data))
    expected = parse_file(source).provision_ids()
    assert parse_file(misnamed_zip).provision_ids() == expected
    assert parse_file(misnamed_plain).provision_ids() == expected
