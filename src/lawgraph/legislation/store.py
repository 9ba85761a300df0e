"""Where downloaded legislation lives on disk, and which documents to download.

The layout is the one the reference corpus (``../shared/legislation``) uses, so a single
loader reads both folders:

- ``<type>/<year>/<number>.xml.gz``: a whole document, current revised text;
- ``<type>/<year>/<number>.<version>.xml.gz``: another version (``enacted``, ``made``,
  a point-in-time date such as ``2023-01-01``);
- ``<type>/<year>/<number>/<fragment path>.xml.gz``: a fragment (section, schedule, ...),
  with the version, if any, as a suffix of the last segment in the same way.

Files are gzip-compressed CLML exactly as legislation.gov.uk serves it.

The manifest (``statutes/manifest.toml``) lists the documents lawgraph loads by default;
`load_manifest` reads it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from lawgraph.errors import IdentifierError, LawgraphError
from lawgraph.files import DATA_FILE_LIMIT, UnreadableFileError, read_limited
from lawgraph.legislation.identifiers import LegislationId

__all__ = [
    "DEFAULT_BASE_URL",
    "SUFFIX",
    "ManifestEntry",
    "ManifestError",
    "check_version",
    "load_manifest",
    "path_for",
    "url_for",
]

DEFAULT_BASE_URL = "https://www.legislation.gov.uk"
SUFFIX = ".xml.gz"

# The version words legislation.gov.uk puts after an identifier, or a point-in-time date.
_VERSION_RE = re.compile(r"^(?:enacted|made|adopted|created|prospective|\d{4}-\d{2}-\d{2})$")


class ManifestError(LawgraphError, ValueError):
    """The manifest file is missing, not TOML, or has an entry lawgraph cannot use."""


def check_version(version: str) -> str:
    """Return ``version`` if legislation.gov.uk could serve it, else raise.

    Args:
        version: ``enacted``, ``made``, ``adopted``, ``created``, ``prospective`` or an
            ISO date (``YYYY-MM-DD``) naming a point in time.

    Raises:
        IdentifierError: the version is neither a version word nor a real calendar date.
    """
    if not _VERSION_RE.match(version):
        raise IdentifierError(
            f"{version!r} is not a legislation.gov.uk version; expected 'enacted', 'made' "
            "or a date such as '2023-01-01'"
        )
    if version[0].isdigit():
        try:
            dt.date.fromisoformat(version)
        except ValueError as exc:
            raise IdentifierError(f"{version!r} is not a real calendar date") from exc
    return version


def _as_id(identifier: LegislationId | str) -> LegislationId:
    return identifier if isinstance(identifier, LegislationId) else LegislationId.parse(identifier)


def path_for(root: Path, identifier: LegislationId | str, version: str | None = None) -> Path:
    """The file that holds ``identifier`` (at ``version``) under ``root``.

    Args:
        root: the legislation folder, e.g. ``statutes/``.
        identifier: a document or fragment identifier, or a legislation.gov.uk URL. A
            version inside a URL is ignored here: pass it as ``version``.
        version: ``None`` for the current text, else a version word or date.

    Returns:
        For example ``root/ukpga/2004/31.xml.gz`` or
        ``root/ukpga/2004/31/section/16H.2023-01-01.xml.gz``.

    Raises:
        IdentifierError: the identifier or version is not one legislation.gov.uk uses.

    Examples:
        >>> path_for(Path("s"), "ukpga/2018/12", "enacted").as_posix()
        's/ukpga/2018/12.enacted.xml.gz'
    """
    lid = _as_id(identifier)
    # Identifier segments are validated by the parser (no "..", no separators), so
    # joining them cannot escape root.
    parts = [lid.type, *lid.year.split("/"), lid.number, *lid.path]
    stem = parts[-1] if version is None else f"{parts[-1]}.{check_version(version)}"
    return root.joinpath(*parts[:-1], stem + SUFFIX)


def url_for(
    identifier: LegislationId | str, version: str | None = None, base: str = DEFAULT_BASE_URL
) -> str:
    """The CLML URL of ``identifier`` (at ``version``) on legislation.gov.uk or a mirror.

    Examples:
        >>> url_for("ukpga/2018/12", "2023-01-01")
        'https://www.legislation.gov.uk/ukpga/2018/12/2023-01-01/data.xml'
    """
    lid = _as_id(identifier)
    tail = "" if version is None else f"/{check_version(version)}"
    return f"{base.rstrip('/')}/{lid}{tail}/data.xml"


class ManifestEntry(BaseModel):
    """One document the library loads by default.

    Attributes:
        identifier: the canonical legislation.gov.uk identifier, e.g. ``ukpga/2004/31``.
        title: the short title, for people reading the manifest and the CLI output.
        version: ``None`` for the current revised text, else a version word or date.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    identifier: str
    title: str
    version: str | None = None

    @field_validator("identifier")
    @classmethod
    def _canonical(cls, value: str) -> str:
        lid = LegislationId.parse(value)
        if lid.version is not None:
            raise ValueError("put the version in the 'version' key, not in the identifier")
        return str(lid)

    @field_validator("title")
    @classmethod
    def _non_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("title is empty")
        return value.strip()

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: object) -> object:
        # TOML has a native date type; accept `version = 2023-01-01` unquoted too.
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, str):
            return check_version(value)
        return value

    @property
    def id(self) -> LegislationId:
        """The identifier as a value object."""
        return LegislationId.parse(self.identifier)


def load_manifest(path: Path | str) -> list[ManifestEntry]:
    """Read the manifest of documents to fetch and load.

    The file holds an array of tables named ``document``, each with ``identifier``,
    ``title`` and optionally ``version``.

    Raises:
        ManifestError: the file cannot be read (not a regular file, larger than
            `lawgraph.files.DATA_FILE_LIMIT`, not UTF-8), is not TOML (or nests too
            deeply), or an entry is invalid or repeated. The message names the file and
            the entry.
    """
    path = Path(path)
    table = _read_toml(path)
    unknown = sorted(set(table) - {"document"})
    if unknown:
        raise ManifestError(f"{path}: unknown top-level key(s) {unknown}; expected [[document]]")
    raw = table.get("document")
    if not isinstance(raw, list) or not raw:
        raise ManifestError(f"{path}: no [[document]] entries")
    entries = [_entry(path, n, item) for n, item in enumerate(raw, start=1)]
    _refuse_duplicates(path, entries)
    return entries


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = read_limited(path, limit=DATA_FILE_LIMIT).decode("utf-8")
    except UnreadableFileError as exc:
        raise ManifestError(f"{path}: cannot read manifest: {exc.reason}") from None
    except UnicodeDecodeError as exc:
        raise ManifestError(f"{path}: cannot read manifest: not UTF-8 text: {exc.reason}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ManifestError(f"{path}: not valid TOML: nested too deeply to read") from None
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits (CVE-2020-10735)
        raise ManifestError(f"{path}: not valid TOML: an integer is too long to read") from None


def _entry(path: Path, n: int, item: object) -> ManifestEntry:
    where = f"{path}: document {n}"
    if not isinstance(item, dict):
        raise ManifestError(f"{where}: expected a table, got {type(item).__name__}")
    label = item.get("identifier")
    if isinstance(label, str):
        where += f" ({label})"
    try:
        return ManifestEntry.model_validate(item)
    except ValidationError as exc:
        raise ManifestError(f"{where}: {_first_problem(exc)}") from exc


def _first_problem(exc: ValidationError) -> str:
    error = exc.errors()[0]
    field = ".".join(str(p) for p in error["loc"]) or "entry"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{field}: {message}"


def _refuse_duplicates(path: Path, entries: list[ManifestEntry]) -> None:
    seen: dict[tuple[str, str | None], int] = {}
    for n, entry in enumerate(entries, start=1):
        key = (entry.identifier, entry.version)
        if key in seen:
            raise ManifestError(
                f"{path}: document {n} ({entry.identifier}) repeats document {seen[key]}"
            )
        seen[key] = n
