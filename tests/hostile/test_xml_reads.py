"""Issue 10, defects 3 and 4 at the reader: bounded reads, regular files only.

A 3 MB ``.xml.gz`` used to expand to 6 GB in memory (``gzip.decompress`` of the whole
file), and a named pipe or a device named ``*.xml.gz`` hung or exhausted memory. The
reader now refuses anything but a regular file before opening it, and decompresses as a
stream that stops at the cap.
"""

from __future__ import annotations

import gzip
import os
import resource
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from lawgraph.errors import MalformedXMLError
from lawgraph.legislation.reader import MAX_XML_BYTES_ENV, max_xml_bytes, read_bytes, read_xml
from lawgraph.legislation.titles import read_title

_ROOT = b'<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation"/>'


def _bomb(path: Path, megabytes: int) -> Path:
    """A gzip file of `megabytes` MiB of spaces after a root start tag, written in chunks."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (1 << 20)
    with path.open("wb") as out:
        out.write(packer.compress(b"<Legislation>"))
        for _ in range(megabytes):
            out.write(packer.compress(block))
        out.write(packer.compress(b"</Legislation>"))
        out.write(packer.flush())
    return path


def test_a_gzip_bomb_stops_at_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_XML_BYTES_ENV, str(4 << 20))
    path = _bomb(tmp_path / "12.xml.gz", 64)
    assert path.stat().st_size < 1 << 20
    with pytest.raises(MalformedXMLError, match="decompressed content is larger than 4,194,304"):
        read_bytes(path)
    with pytest.raises(MalformedXMLError, match=MAX_XML_BYTES_ENV):
        read_xml(path)


def test_a_file_over_the_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_XML_BYTES_ENV, "1000")
    path = tmp_path / "big.xml"
    path.write_bytes(_ROOT + b" " * 2000)
    with pytest.raises(MalformedXMLError, match="the file is larger than 1,000 bytes"):
        read_bytes(path)


def test_a_file_at_the_cap_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _ROOT + b" " * 100
    monkeypatch.setenv(MAX_XML_BYTES_ENV, str(len(data)))
    path = tmp_path / "fits.xml.gz"
    path.write_bytes(gzip.compress(data))
    assert read_bytes(path) == data


def test_a_bad_cap_setting_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_XML_BYTES_ENV, "lots")
    with pytest.raises(ValueError, match=f"{MAX_XML_BYTES_ENV} must be a positive number"):
        max_xml_bytes()


def test_concatenated_gzip_members_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "two.xml.gz"
    path.write_bytes(gzip.compress(_ROOT[:20]) + gzip.compress(_ROOT[20:]))
    assert read_bytes(path) == _ROOT


def test_a_truncated_gzip_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(gzip.compress(_ROOT * 50)[:-12])
    with pytest.raises(MalformedXMLError, match="damaged gzip stream"):
        read_bytes(path)


def test_the_default_cap_holds_memory_down_in_a_child_process(tmp_path: Path) -> None:
    """300 MiB of content (over the 256 MiB default) in a 1.5 GiB address space."""
    path = _bomb(tmp_path / "bomb.xml.gz", 300)
    code = (
        "import sys\nfrom lawgraph.errors import MalformedXMLError\n"
        "from lawgraph.legislation.reader import read_xml\n"
        "try:\n    read_xml(sys.argv[1])\nexcept MalformedXMLError as e:\n    print(e)\n"
    )

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 29, 3 << 29))

    env = {k: v for k, v in os.environ.items() if k != MAX_XML_BYTES_ENV}
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "larger than 268,435,456 bytes" in done.stdout


def _fifo(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("read", [read_bytes, read_xml, read_title])
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path, read: object) -> None:
    path = _fifo(tmp_path, "12.xml.gz")
    with pytest.raises(MalformedXMLError, match=r"not a regular file \(a named pipe\)"):
        read(path)  # type: ignore[operator]


@pytest.mark.parametrize("read", [read_bytes, read_xml, read_title])
def test_a_link_to_a_device_is_refused(tmp_path: Path, read: object) -> None:
    path = tmp_path / "12.xml.gz"
    path.symlink_to("/dev/zero")
    with pytest.raises(MalformedXMLError, match=r"not a regular file \(a device\)"):
        read(path)  # type: ignore[operator]


def test_a_directory_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "12.xml.gz"
    path.mkdir()
    with pytest.raises(MalformedXMLError, match=r"not a regular file \(a directory\)"):
        read_xml(path)


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(MalformedXMLError, match="cannot read file: No such file"):
        read_xml(tmp_path / "absent.xml")


def test_a_link_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.xml").symlink_to(tmp_path / "b.xml")
    (tmp_path / "b.xml").symlink_to(tmp_path / "a.xml")
    with pytest.raises(MalformedXMLError, match="cannot read file"):
        read_xml(tmp_path / "a.xml")
