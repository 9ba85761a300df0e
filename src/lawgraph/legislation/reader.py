"""Reading XML files safely: bytes in, an lxml element out. No interpretation here.

Guarantees of `read_xml` (and of `xml_from_bytes` and `safe_parser` beneath it):

1. ``.xml`` and ``.xml.gz`` are both accepted; gzip is recognised by its magic bytes, not
   by the file name. Only regular files are opened (never a pipe, a device or a
   directory, whatever the name), and neither the file nor its decompressed content may
   exceed `max_xml_bytes` (``LAWGRAPH_MAX_XML_BYTES``, default 256 MiB): gzip is
   decompressed as a stream, so a small bomb is stopped at the cap, not in memory.
2. A document type declaration is refused before parsing (`UnsafeXMLError`). The prolog
   (everything before the root element) is scanned in full: the XML declaration,
   comments, processing instructions and white space are stepped over, anything else
   before the root is refused, and so is a document whose root is never found. Declared
   encodings outside UTF-8, UTF-16, ASCII and Latin-1 are refused, because the scan can
   only see through those.
3. Every parser lawgraph builds carries a resolver that refuses every external
   reference (DTD subsets, parameter and general entities), so even a declaration that
   slipped past the scan could not make libxml2 open a file. Entity resolution, DTD
   loading and network access are off as well, and the parsed tree is checked again
   for a DTD.
4. Any other failure (empty, truncated, not gzip, not well-formed) raises
   `MalformedXMLError` naming the file and, where known, the line.
"""

from __future__ import annotations

import os
import re
import stat
import zlib
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from lawgraph.errors import MalformedXMLError, UnsafeXMLError

__all__ = [
    "MAX_XML_BYTES_ENV",
    "check_prolog",
    "max_xml_bytes",
    "open_regular",
    "read_bytes",
    "read_xml",
    "safe_parser",
    "safe_pull_parser",
    "xml_from_bytes",
]

MAX_XML_BYTES_ENV = "LAWGRAPH_MAX_XML_BYTES"
#: The largest Act on legislation.gov.uk is well under this; fetch uses the same cap.
_DEFAULT_MAX_XML_BYTES = 256 * 1024 * 1024

_GZIP_MAGIC = b"\x1f\x8b"
_REFUSED = (
    "document type declarations (DTDs and entities) are refused; "
    "legislation.gov.uk never serves them"
)
# Encodings whose bytes the prolog scan reads correctly. Anything else (UTF-7, EBCDIC,
# UCS-4, ...) could spell "<!DOCTYPE" in bytes the scan does not recognise.
_SCANNABLE_ENCODINGS = frozenset(
    {
        "utf-8",
        "utf8",
        "utf-16",
        "utf16",
        "utf-16le",
        "utf-16be",
        "us-ascii",
        "ascii",
        "iso-8859-1",
        "latin-1",
        "latin1",
    }
)
_XML_DECL = re.compile(rb"<\?xml(?=[\s?])[^>]*?\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_SPACE = re.compile(rb"[ \t\r\n]+")
_NAME_START = re.compile(rb"<[A-Za-z_:\x80-\xff]")


def max_xml_bytes() -> int:
    """The most bytes lawgraph reads from one XML file (after decompression).

    ``LAWGRAPH_MAX_XML_BYTES`` overrides the default of 256 MiB.

    Raises:
        ValueError: the variable is set but is not a positive whole number.
    """
    raw = os.environ.get(MAX_XML_BYTES_ENV)
    if raw is None or not raw.strip():
        return _DEFAULT_MAX_XML_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{MAX_XML_BYTES_ENV} must be a positive number of bytes, not {raw!r}")
    return value


class _RefuseExternal(etree.Resolver):
    """Refuses every external reference libxml2 asks to load.

    Without it, libxml2 opens a local path named by an external DTD subset or parameter
    entity even with ``load_dtd=False`` and ``resolve_entities=False``. Raising here
    stops the load before anything is opened; lxml re-raises the error from the parse.
    """

    def resolve(self, system_url: str, public_id: str, context: object = None) -> None:
        raise UnsafeXMLError(f"an external reference to {system_url!r} was refused, unopened")


def safe_parser() -> etree.XMLParser:
    """An lxml parser that never resolves an entity, loads a DTD or opens a reference."""
    parser = etree.XMLParser(
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )
    parser.resolvers.add(_RefuseExternal())
    return parser


def safe_pull_parser() -> etree.XMLPullParser:
    """An incremental parser (start and end events) with the refusals of `safe_parser`.

    Feed it bytes only after `check_prolog` has passed on them.
    """
    parser = etree.XMLPullParser(
        events=("start", "end"),
        remove_comments=True,
        remove_pis=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )
    parser.resolvers.add(_RefuseExternal())
    return parser


def open_regular(path: Path) -> BinaryIO:
    """Open `path` for reading only if it is a regular file (following symbolic links).

    A named pipe is opened without blocking, so a FIFO given a legislation file's name is
    refused at once instead of hanging; devices and directories are refused before any
    open.

    Raises:
        MalformedXMLError: the file is missing, unreadable, or not a regular file.
    """
    try:
        before = os.stat(path)
    except OSError as exc:
        raise MalformedXMLError(f"cannot read file: {exc.strerror}", path=path) from exc
    if not stat.S_ISREG(before.st_mode):
        raise MalformedXMLError(f"not a regular file ({_kind(before.st_mode)})", path=path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise MalformedXMLError(f"cannot read file: {exc.strerror}", path=path) from exc
    after = os.fstat(fd)
    if not stat.S_ISREG(after.st_mode):  # swapped between the two looks
        os.close(fd)
        raise MalformedXMLError(f"not a regular file ({_kind(after.st_mode)})", path=path)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def read_bytes(path: Path, *, limit: int | None = None) -> bytes:
    """The file's XML bytes, decompressed if gzip, never more than `limit` bytes.

    Args:
        path: the file.
        limit: the cap on the file and on its decompressed content (default:
            `max_xml_bytes`).

    Raises:
        MalformedXMLError: the file cannot be read, is not a regular file, exceeds the
            cap, or its gzip stream is damaged.
    """
    cap = max_xml_bytes() if limit is None else limit
    with open_regular(path) as f:
        try:
            data = f.read(cap + 1)
        except OSError as exc:
            raise MalformedXMLError(f"cannot read file: {exc.strerror}", path=path) from exc
    if len(data) > cap:
        raise MalformedXMLError(_too_large(cap, "the file"), path=path)
    if data[:2] == _GZIP_MAGIC:
        data = _gunzip(data, cap, path)
    return data


def _too_large(cap: int, what: str) -> str:
    return (
        f"{what} is larger than {cap:,} bytes, the most lawgraph reads from one XML file "
        f"(set {MAX_XML_BYTES_ENV} to raise it)"
    )


def _gunzip(data: bytes, cap: int, path: Path) -> bytes:
    """Decompress one or more gzip members, stopping as soon as the output passes `cap`."""
    out: list[bytes] = []
    size = 0
    rest = data
    try:
        while rest:
            inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            chunk = inflater.decompress(rest, cap + 1 - size)
            while True:
                size += len(chunk)
                out.append(chunk)
                if size > cap:
                    raise MalformedXMLError(_too_large(cap, "the decompressed content"), path=path)
                if inflater.eof or not inflater.unconsumed_tail:
                    break
                chunk = inflater.decompress(inflater.unconsumed_tail, cap + 1 - size)
            if not inflater.eof:
                raise MalformedXMLError(
                    "damaged gzip stream: Compressed file ended before the end-of-stream "
                    "marker was reached",
                    path=path,
                )
            # concatenated members are valid gzip; trailing zero padding is tolerated
            rest = inflater.unused_data.lstrip(b"\x00")
    except zlib.error as exc:
        raise MalformedXMLError(f"damaged gzip stream: {exc}", path=path) from exc
    return b"".join(out)


def _decoded_prolog(data: bytes) -> bytes:
    """The document as ASCII-compatible bytes for the prolog scan.

    UTF-16 (with or without a byte-order mark) is decoded, so a DOCTYPE cannot hide
    between NUL bytes; a UTF-8 byte-order mark is dropped.
    """
    if data[:3] == b"\xef\xbb\xbf":
        return data[3:]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    if data[:2] == b"<\x00":
        return data.decode("utf-16-le", errors="replace").encode("utf-8", errors="replace")
    if data[:2] == b"\x00<":
        return data.decode("utf-16-be", errors="replace").encode("utf-8", errors="replace")
    return data


def check_prolog(data: bytes, *, source: Path | str = "<bytes>") -> None:
    """Refuse a document whose prolog holds anything but the XML declaration, comments,
    processing instructions and white space before its root element.

    The scan has no length limit and no blind spot: it walks the prolog token by token
    to the root element, and a document whose root is never reached is refused.

    Raises:
        UnsafeXMLError: a DTD, an entity declaration or any other ``<!`` markup before
            the root, or a declared encoding the scan cannot read through.
        MalformedXMLError: the prolog never reaches a root element.
    """
    text = _decoded_prolog(data)
    pos = 0
    declaration = _XML_DECL.match(text)
    if declaration:
        encoding = _ENCODING.search(declaration.group(0))
        if encoding and encoding.group(1).decode("ascii").lower() not in _SCANNABLE_ENCODINGS:
            raise UnsafeXMLError(
                f"the declared encoding {encoding.group(1).decode('ascii')!r} is refused: "
                "legislation.gov.uk serves UTF-8",
                path=source,
                line=1,
            )
        pos = declaration.end()
    while True:
        space = _SPACE.match(text, pos)
        if space:
            pos = space.end()
        if text.startswith(b"<!--", pos):
            end = text.find(b"-->", pos + 4)
            if end < 0:
                raise MalformedXMLError("unterminated comment before the root element", path=source)
            pos = end + 3
        elif text.startswith(b"<?", pos):
            end = text.find(b"?>", pos + 2)
            if end < 0:
                raise MalformedXMLError(
                    "unterminated processing instruction before the root element", path=source
                )
            pos = end + 2
        elif text.startswith(b"<!", pos):
            line = text[:pos].count(b"\n") + 1
            hint = ""
            if re.match(rb"<!DOCTYPE\s+html", text[pos : pos + 32], re.IGNORECASE):
                hint = " (this looks like an HTML web page, not legislation XML)"
            raise UnsafeXMLError(f"{_REFUSED}{hint}", path=source, line=line)
        elif _NAME_START.match(text, pos):
            return
        elif pos >= len(text):
            raise MalformedXMLError("no root element: the document ends in its prolog", path=source)
        else:
            # Text before the root: libxml2 stops at its first character with a message
            # naming the line, before it could reach any later markup.
            return


def xml_from_bytes(data: bytes, *, source: Path | str = "<bytes>") -> etree._Element:
    """Parse XML bytes into an element, refusing DTDs, entities and external references.

    Raises:
        UnsafeXMLError: the document declares a DTD or entities, or refers to anything
            outside itself.
        MalformedXMLError: the bytes are empty or not well-formed XML.
    """
    if not data.strip():
        raise MalformedXMLError("file is empty", path=source)
    check_prolog(data, source=source)
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except UnsafeXMLError as exc:
        raise UnsafeXMLError(exc.reason, path=source) from None
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
        MalformedXMLError: the file cannot be read, is damaged, too large, not a regular
            file, or not well-formed.
    """
    path = Path(path)
    return xml_from_bytes(read_bytes(path), source=path)
