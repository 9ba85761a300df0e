"""Opening and writing the files lawgraph keeps, safely.

The folders lawgraph reads (``data/``, ``statutes/``, a records folder, a manifest) may
hold things that are not ordinary files: a named pipe (FIFO) blocks whoever opens it
until something writes to it, a device such as ``/dev/zero`` never ends, a folder or a
symlink loop can carry a file's name. So every read here:

1. refuses anything that is not a regular file, checked with ``stat`` *before* opening
   (opening a FIFO would block) and again on the open descriptor (in case the name was
   swapped in between);
2. refuses a file larger than the limit its caller gives, by its size and again while
   reading (in case it grows);
3. raises `UnreadableFileError`, one line naming the file and why.

Writes go through `atomic_write`: a temporary file in the same folder, renamed over the
target, so a reader sees the old file or the new one, never part of one. The temporary
name starts with a dot and ends in ``.part``, so no reader takes it for data, and a later
write of the same file removes the temporary files a killed run left behind.

Examples:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a.yaml", b"x: 1\\n")
    >>> read_limited(folder / "a.yaml", limit=100)
    b'x: 1\\n'
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
import warnings
from pathlib import Path
from typing import BinaryIO

from lawgraph.errors import LawgraphError

__all__ = [
    "DATA_FILE_LIMIT",
    "TEMP_SUFFIX",
    "SkippedFileWarning",
    "UnreadableFileError",
    "atomic_write",
    "check_regular",
    "is_temporary",
    "open_regular",
    "read_limited",
    "warn_skipped",
]

# The largest knowledge file (data/holders.yaml) is about 110 KB; a YAML, JSON or TOML
# file 80 times that is not a curated file, and the pure-Python YAML reader would need
# minutes and gigabytes for it.
DATA_FILE_LIMIT = 8 * 1024 * 1024
TEMP_SUFFIX = ".part"
# A temporary file older than this was left by a run that was killed while writing.
_STALE_AFTER_SECONDS = 3600
_CHUNK = 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


class UnreadableFileError(LawgraphError, OSError):
    """A file lawgraph will not or cannot read: not a regular file (a folder, FIFO,
    device, socket, symlink loop), missing, not permitted, or larger than the limit.

    Attributes:
        path: the file.
        reason: what is wrong with it, without the file name.
    """

    def __init__(self, reason: str, *, path: Path | str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class SkippedFileWarning(UserWarning):
    """A damaged or unreadable file was left out, and the work went on without it.

    The command line prints each as one line on stderr; a script can turn them into
    errors with ``warnings.simplefilter("error", SkippedFileWarning)``.
    """


def warn_skipped(problem: Exception | str) -> None:
    """Warn (`SkippedFileWarning`) that a file was left out because of `problem`."""
    warnings.warn(f"{problem}; left out", SkippedFileWarning, stacklevel=3)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not an ordinary file"


def _not_regular(path: Path, mode: int) -> UnreadableFileError:
    return UnreadableFileError(
        f"is {_kind(mode)}, not a regular file; lawgraph reads only regular files",
        path=path,
    )


def _os_problem(path: Path, exc: OSError) -> UnreadableFileError:
    if exc.errno == errno.ELOOP:
        reason = "is a symlink loop (a link that leads back to itself)"
    elif exc.errno == errno.ENOENT:
        reason = (
            "is a symlink to something that does not exist"
            if os.path.islink(path)
            else "does not exist"
        )
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "cannot be read: permission denied"
    elif exc.errno == errno.EISDIR:
        reason = "is a folder, not a regular file; lawgraph reads only regular files"
    else:
        reason = f"cannot be read: {exc.strerror or exc}"
    return UnreadableFileError(reason, path=path)


def check_regular(path: Path | str) -> os.stat_result:
    """The file's status, when it is a regular file (symlinks followed), without opening it.

    Raises:
        UnreadableFileError: it is missing, a symlink loop, or not a regular file.
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except OSError as exc:
        raise _os_problem(p, exc) from None
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(p, st.st_mode)
    return st


def _too_large(path: Path, size: int | None, limit: int) -> UnreadableFileError:
    have = f"{size:,} bytes" if size is not None else "more than that"
    return UnreadableFileError(
        f"is too large to read ({have}; the limit is {limit:,} bytes)", path=path
    )


def open_regular(path: Path | str, *, limit: int | None = None) -> BinaryIO:
    """Open a regular file for reading in binary, refusing anything else.

    The file is checked before it is opened, so a FIFO is never opened (which would
    block), and checked again on the open descriptor.

    Args:
        path: the file.
        limit: refuse a file larger than this many bytes (by its size on disk).

    Raises:
        UnreadableFileError: not a regular file, missing, not permitted, or too large.
    """
    p = Path(path)
    st = check_regular(p)
    if limit is not None and st.st_size > limit:
        raise _too_large(p, st.st_size, limit)
    try:
        fd = os.open(p, _OPEN_FLAGS)
    except OSError as exc:
        raise _os_problem(p, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(p, st.st_mode)
        if limit is not None and st.st_size > limit:
            raise _too_large(p, st.st_size, limit)
        if _OPEN_FLAGS & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path: Path | str, *, limit: int = DATA_FILE_LIMIT) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Raises:
        UnreadableFileError: not a regular file, missing, not permitted, or larger
            than `limit` (by its size, or by what reading it gave).
    """
    p = Path(path)
    with open_regular(p, limit=limit) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise _os_problem(p, exc) from None
    if len(data) > limit:
        raise _too_large(p, None, limit)
    return data


def is_temporary(path: Path | str) -> bool:
    """True for the name of a temporary file `atomic_write` makes (``.NAME.xxxx.part``)."""
    name = Path(path).name
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _sweep_stale(path: Path) -> None:
    """Remove temporary files of `path` that a killed run left behind."""
    now = time.time()
    for stray in path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            st = stray.lstat()
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > _STALE_AFTER_SECONDS:
                stray.unlink()


def _new_file_mode(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write(path: Path | str, data: bytes, *, durable: bool = False) -> None:
    """Replace `path` with `data` so a reader sees the old file or the new, never part.

    The data goes to a temporary file in the same folder (``.NAME.xxxx.part``), which
    is renamed over `path`; on any failure it is removed. Temporary files of the same
    name older than an hour (a run killed while writing) are removed first.

    Args:
        path: the file to write.
        data: its new content.
        durable: also flush the file and the folder entry to disk (``fsync``).

    Raises:
        OSError: the folder cannot be written.
    """
    target = Path(path)
    _sweep_stale(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain write would
        os.fchmod(fd, _new_file_mode(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable and os.name == "posix":
        with contextlib.suppress(OSError):
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
