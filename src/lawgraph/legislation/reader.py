"""Reading XML files safely: bytes in, an lxml element out. No interpretation here.

Guarantees of `read_xml`:

1. ``.xml`` and ``.xml.gz`` are both accepted; gzip is recognised by its magic bytes, not
   by the file name.
2. A document type declaration is refused before parsing (`UnsafeXMLError`), so no
   entity is ever expanded and no DTD is ever fetched; the parser itself also runs with
   entity resolution, DTD loading and network access off.
3. Any other failure (empty, truncated, not gzip, not well-formed) raises
   `MalformedXMLError` naming the file and, where known, the line.
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path

from lxml import etree

from lawgraph.errors import MalformedXMLError, UnsafeXMLError

__all__ = ["read_bytes", "read_xml", "xml_from_bytes"]

_GZIP_MAGIC = b"\x1f\x8b"
# A DOCTYPE can only appear in the prolog, before the root element starts.
_PROLOG_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def read_bytes(path: Path) -> bytes:
    """The file's XML bytes, decompressed if gzip.

    Raises:
        MalformedXMLError: the file cannot be read or the gzip stream is damaged.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MalformedXMLError(f"cannot read file: {exc.strerror}", path=path) from exc
    if data[:2] == _GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise MalformedXMLError(f"damaged gzip stream: {exc}", path=path) from exc
    return data


def _prolog(data: bytes) -> bytes:
    """The bytes before the root element, as ASCII-compatible bytes for scanning.

    UTF-16 files (with or without a byte-order mark) are decoded first, so a DOCTYPE
    cannot hide between NUL bytes.
    """
    head = data[:65536]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:64]:
        for codec in ("utf-16", "utf-16-le", "utf-16-be"):
            try:
                head = head.decode(codec, errors="ignore").encode("utf-8", errors="ignore")
            except UnicodeError:
                continue
            if b"<" in head:
                break
    root_start = _ROOT_START.search(head)
    return head[: root_start.start()] if root_start else head


def xml_from_bytes(data: bytes, *, source: Path | str = "<bytes>") -> etree._Element:
    """Parse XML bytes into an element, refusing DTDs and entities.

    Raises:
        UnsafeXMLError: the document declares a DTD or entities.
        MalformedXMLError: the bytes are empty or not well-formed XML.
    """
    if not data.strip():
        raise MalformedXMLError("file is empty", path=source)
    prolog = _prolog(data)
    found = _PROLOG_DOCTYPE.search(prolog)
    if found:
        line = prolog[: found.start()].count(b"\n") + 1
        hint = ""
        if re.match(rb"<!DOCTYPE\s+html", prolog[found.start() :], re.IGNORECASE):
            hint = " (this looks like an HTML web page, not legislation XML)"
        raise UnsafeXMLError(
            "document type declarations (DTDs and entities) are refused; "
            f"legislation.gov.uk never serves them{hint}",
            path=source,
            line=line,
        )
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise MalformedXMLError(
            f"not well-formed XML: {exc.msg}", path=source, line=exc.lineno
        ) from exc
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or getattr(docinfo, "internalDTD", None) is not None:
        raise UnsafeXMLError("document type declarations are refused", path=source, line=1)
    return root


def read_xml(path: Path | str) -> etree._Element:
    """Read a ``.xml`` or ``.xml.gz`` file into its root element, safely.

    Raises:
        UnsafeXMLError: the file declares a DTD or entities.
        MalformedXMLError: the file cannot be read, is damaged, or is not well-formed.
    """
    path = Path(path)
    return xml_from_bytes(read_bytes(path), source=path)
