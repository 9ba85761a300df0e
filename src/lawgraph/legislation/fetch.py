"""Downloading legislation.gov.uk CLML into a local folder.

`Fetcher` GETs ``{base}/{identifier}[/{version}]/data.xml`` and stores the body,
gzip-compressed, at the path `lawgraph.legislation.store.path_for` gives. It is a polite
client:

- it stays well below the site's fair-use limit (3,000 requests per 5 minutes per IP)
  with a minimum interval between requests (5 a second by default);
- it revalidates what it already holds with ``If-None-Match`` / ``If-Modified-Since``,
  so an unchanged document costs a 304 and no body;
- it retries 429, 5xx and dropped connections with exponential back-off and jitter, and
  honours ``Retry-After``; a 404 is final and is not retried;
- it retries a 202 (the site's "still generating it" answer for some large Acts) the
  same way, and when the whole document is still not served, fetches the contents page
  and each top-level part and reads them as one document (`lawgraph.legislation.parts`);
- it gives each document a wall-clock deadline (retries and waits included) and a
  minimum transfer rate, so a silent or trickling server cannot hold it.

A file is only replaced once the whole body has arrived and has been checked: it must be
CLML that the parser reads, name the identifier asked for (root ``IdURI`` and
``dc:identifier``) and have content (provisions, or for a contents page, entries). The
replacement is atomic (temporary file, fsync, rename), so a reader never sees a partial
file; when the new body fails a check the copy already held is kept.

The library never prints: progress goes to an optional callback of `FetchEvent`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import gzip
import hashlib
import random
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, NoReturn, Self
from urllib.parse import urlsplit

import httpx
from lxml import etree
from pydantic import BaseModel, ConfigDict, ValidationError

from lawgraph.errors import FetchError, IdentifierError, LegislationError
from lawgraph.files import atomic_write, read_limited
from lawgraph.legislation.identifiers import LegislationId
from lawgraph.legislation.models import Document, ProvisionKind
from lawgraph.legislation.namespaces import DC, LEG, UKM, clark
from lawgraph.legislation.parser import parse_document
from lawgraph.legislation.parts import assemble, part_identifiers
from lawgraph.legislation.reader import max_xml_bytes, xml_from_bytes
from lawgraph.legislation.store import DEFAULT_BASE_URL, check_version, path_for, url_for

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MIN_RATE",
    "DEFAULT_RATE",
    "FAIR_USE_RATE",
    "FetchEvent",
    "FetchFailure",
    "FetchItem",
    "FetchResult",
    "FetchStatus",
    "FetchSummary",
    "Fetcher",
    "RateLimiter",
    "parse_retry_after",
    "user_agent",
]

#: legislation.gov.uk allows 3,000 requests per 5 minutes per IP address.
FAIR_USE_RATE = 3000 / 300
#: Half the fair-use rate, leaving room for anything else on the same address.
DEFAULT_RATE = 5.0
#: Documents larger than this are refused rather than held in memory.
MAX_BODY_BYTES = 256 * 1024 * 1024
#: Seconds one document may take, from its first request to its last byte, retries and
#: waits included (``lawgraph fetch --timeout``).
DEFAULT_DEADLINE = 120.0
#: A transfer slower than this many bytes a second (averaged over `DEFAULT_RATE_WINDOW`
#: seconds) is cut off and retried; the site sends megabytes a second.
DEFAULT_MIN_RATE = 1024.0
DEFAULT_RATE_WINDOW = 20.0

FetchStatus = Literal["downloaded", "not-modified", "cached"]
#: What `Fetcher.fetch_many` accepts: an identifier (or URL), or one with a version.
FetchItem = LegislationId | str | tuple[LegislationId | str, str | None]

_CACHE_DIR = ".cache"
_ROOT_TAG = clark(LEG, "Legislation")
_METADATA_TAG = clark(UKM, "Metadata")
_IDENTIFIER_TAG = clark(DC, "identifier")
# per socket operation; the per-document deadline bounds the whole
_DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
# provisions that frame a document rather than being its body
_FRAME_KINDS = frozenset(
    {ProvisionKind.INTRODUCTION, ProvisionKind.SIGNATURE, ProvisionKind.EXPLANATORY_NOTE}
)


def user_agent() -> str:
    """The User-Agent lawgraph sends, so the site's operators can tell who is calling."""
    try:
        version = metadata.version("lawgraph")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"lawgraph/{version} (+https://github.com/)"


class FetchResult(BaseModel):
    """What `Fetcher.fetch` did for one document.

    Attributes:
        identifier: the canonical identifier fetched, e.g. ``ukpga/2018/12``.
        version: the version fetched, or ``None`` for the current text.
        path: the ``.xml.gz`` file that now holds it.
        status: ``downloaded`` (new body stored), ``not-modified`` (the server answered
            304 to a conditional request) or ``cached`` (held copy is recent enough, so
            no request was made).
        bytes: size of the stored CLML XML, uncompressed.
    """

    model_config = ConfigDict(frozen=True)

    identifier: str
    version: str | None
    path: Path
    status: FetchStatus
    bytes: int


class FetchFailure(BaseModel):
    """One document `Fetcher.fetch_many` could not fetch, and why."""

    model_config = ConfigDict(frozen=True)

    identifier: str
    version: str | None
    message: str


class FetchSummary(BaseModel):
    """Everything `Fetcher.fetch_many` did, in request order."""

    model_config = ConfigDict(frozen=True)

    results: tuple[FetchResult, ...] = ()
    failures: tuple[FetchFailure, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every document was fetched or confirmed current."""
        return not self.failures


class FetchEvent(BaseModel):
    """A progress report from `Fetcher`, for a progress bar or a log.

    Attributes:
        kind: ``start`` (request about to be sent), ``progress`` (body bytes arriving),
            ``retry`` (waiting ``delay`` seconds before attempt ``attempt``), ``parts``
            (the whole document is not served, so it is being fetched in parts;
            ``detail`` says why), ``done`` (``result`` is set) or ``failed``
            (``detail`` says why; only from `Fetcher.fetch_many`).
        received: bytes received so far, as sent on the wire.
        total: the expected number of bytes, when the server said.
    """

    model_config = ConfigDict(frozen=True)

    kind: Literal["start", "progress", "retry", "parts", "done", "failed"]
    identifier: str
    version: str | None
    url: str
    received: int = 0
    total: int | None = None
    attempt: int = 0
    delay: float = 0.0
    detail: str = ""
    result: FetchResult | None = None


ProgressCallback = Callable[[FetchEvent], None]


class RateLimiter:
    """Spaces calls at least ``1 / per_second`` seconds apart.

    A minimum interval rather than a bursty token bucket: the site counts requests per
    window, and a steady pace can never exceed it.
    """

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Create a limiter.

        Raises:
            ValueError: the rate is not positive or exceeds the site's fair-use limit.
        """
        if not 0 < per_second <= FAIR_USE_RATE:
            raise ValueError(
                f"rate must be above 0 and at most {FAIR_USE_RATE:g} requests a second "
                "(legislation.gov.uk's fair-use limit)"
            )
        self.interval = 1.0 / per_second
        self._clock = clock
        self._sleep = sleep
        self._next: float | None = None

    def wait(self) -> None:
        """Block until the next call is allowed, then claim that slot."""
        now = self._clock()
        if self._next is not None and now < self._next:
            self._sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds to wait according to a ``Retry-After`` header, or ``None`` if unusable.

    Args:
        value: the header: delay-seconds (``"120"``) or an HTTP date.
        now: the current time (timezone-aware), to turn a date into a delay.
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


class _CacheRecord(BaseModel):
    """The validators last seen for a stored file, kept beside it under ``.cache/``."""

    model_config = ConfigDict(frozen=True)

    url: str
    etag: str | None = None
    last_modified: str | None = None
    checked_at: float
    sha256: str
    xml_bytes: int


class _Retryable(Exception):
    """An attempt failed in a way that may succeed later (429, 5xx, dropped connection)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _Pending(_Retryable):
    """The site answered 202: it accepted the request but is still preparing the body."""


class _StillPending(Exception):
    """Every attempt allowed was answered 202 (or the deadline came first)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Deadline:
    """The moment one document's fetch must be finished by."""

    def __init__(self, seconds: float, clock: Callable[[], float]) -> None:
        self.seconds = seconds
        self._clock = clock
        self._end = clock() + seconds

    def remaining(self) -> float:
        return self._end - self._clock()

    def passed(self, target: _Target) -> FetchError:
        return FetchError(
            f"GET {target.url}: no complete answer within {self.seconds:g} s "
            "(raise it with lawgraph fetch --timeout)"
        )


class _Watchdog:
    """Cuts the connection when an attempt's time is up, whatever the server is doing.

    httpx bounds each socket read, not a whole response, so a server that sends a byte
    just inside every read timeout (in the headers or the body) would hold a request for
    ever. The watchdog keeps the sockets of the connections it has seen opened (through
    httpcore's ``trace`` extension) and shuts them when a timer fires; the blocked read
    then fails at once. Requests are made one at a time, so only the one in flight (and
    idle pooled connections, which are simply reopened) can be affected.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: weakref.WeakSet[Any] = weakref.WeakSet()
        self.fired = threading.Event()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            if stream is not None:
                with self._lock:
                    self._streams.add(stream)

    def arm(self, seconds: float) -> threading.Timer:
        self.fired.clear()
        timer = threading.Timer(max(seconds, 0.0), self._cut)
        timer.daemon = True
        timer.start()
        return timer

    def _cut(self) -> None:
        self.fired.set()
        with self._lock:
            streams = list(self._streams)
        for stream in streams:
            sock = stream.get_extra_info("socket")
            with contextlib.suppress(OSError, AttributeError):
                sock.shutdown(socket.SHUT_RDWR)


class _Body(BaseModel):
    model_config = ConfigDict(frozen=True)

    content: bytes
    etag: str | None
    last_modified: str | None


class _Target(BaseModel):
    """One resolved request: identifier, version, URL and local file."""

    model_config = ConfigDict(frozen=True)

    identifier: str
    document: str
    version: str | None
    url: str
    path: Path
    whole: bool
    contents_page: bool


class Fetcher:
    """Downloads CLML from legislation.gov.uk (or a mirror) into a folder.

    Use as a context manager, or call `close` when done.

    Example:
        >>> with Fetcher(Path("statutes")) as fetcher:  # doctest: +SKIP
        ...     fetcher.fetch("ukpga/2004/31", "2023-01-01").path
        PosixPath('statutes/ukpga/2004/31.2023-01-01.xml.gz')
    """

    def __init__(
        self,
        dest: Path,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.BaseTransport | None = None,
        rate: float = DEFAULT_RATE,
        max_retries: int = 4,
        backoff: float = 0.5,
        max_delay: float = 60.0,
        max_age: float = 0.0,
        deadline: float = DEFAULT_DEADLINE,
        min_rate: float = DEFAULT_MIN_RATE,
        rate_window: float = DEFAULT_RATE_WINDOW,
        timeout: httpx.Timeout = _DEFAULT_TIMEOUT,
        progress: ProgressCallback | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        """Create a fetcher.

        Args:
            dest: the folder to store files in (created when needed).
            base_url: the site root; a loopback server in tests.
            transport: an httpx transport to use instead of the network (tests).
            rate: most requests per second; at most `FAIR_USE_RATE`.
            max_retries: retries after the first attempt for 202, 429, 5xx, network
                errors and too-slow transfers.
            backoff: the first back-off delay in seconds; it doubles per retry.
            max_delay: the longest single wait, for back-off and ``Retry-After`` alike.
            max_age: seconds for which a held, validated copy is used without asking the
                server again (status ``cached``); 0 always revalidates.
            deadline: seconds one document may take in all, retries and waits included
                (each part of a document fetched in parts has its own).
            min_rate: bytes a second below which a transfer is cut off and retried; 0
                turns the check off.
            rate_window: seconds over which the transfer rate is measured.
            timeout: httpx timeouts for each connect, read, write and pool wait (each
                also cut to what remains of ``deadline``).
            progress: called with each `FetchEvent`.
            sleep: waits the given seconds; tests pass a recorder.
            clock: a monotonic clock in seconds, for rate limiting, deadlines and the
                transfer rate.
            wall_clock: seconds since the epoch, for ``max_age`` and ``Retry-After`` dates.
            jitter: returns a float in [0, 1); scales each back-off delay.

        Raises:
            ValueError: a setting is out of range or the base URL is not http(s).
        """
        _check_base_url(base_url)
        if max_retries < 0 or backoff < 0 or max_delay < 0 or max_age < 0 or min_rate < 0:
            raise ValueError(
                "max_retries, backoff, max_delay, max_age and min_rate must not be negative"
            )
        if not deadline > 0 or not rate_window > 0:
            raise ValueError("deadline and rate_window must be above 0 seconds")
        self.dest = Path(dest)
        self.base_url = base_url.rstrip("/")
        self._max_retries = max_retries
        self._backoff = backoff
        self._max_delay = max_delay
        self._max_age = max_age
        self._deadline = deadline
        self._min_rate = min_rate
        self._rate_window = rate_window
        self._timeout = timeout
        self._watchdog = _Watchdog()
        self._clock = clock
        self._progress = progress
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._jitter = jitter
        self._limiter = RateLimiter(rate, clock=clock, sleep=sleep)
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": user_agent(), "Accept": "application/xml"},
            # the hook runs for every request, redirects included, so all are paced
            event_hooks={"request": [self._before_request]},
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def fetch(self, identifier: LegislationId | str, version: str | None = None) -> FetchResult:
        """Download one document or fragment, or confirm the held copy is current.

        Args:
            identifier: an identifier (``ukpga/2018/12``) or legislation.gov.uk URL. A
                version in the URL is used when ``version`` is not given.
            version: ``enacted``, ``made``, a point-in-time date, or ``None`` for the
                current revised text.

        Raises:
            IdentifierError: the identifier or version is not one the site uses.
            FetchError: the site does not hold it (404), refused it, kept failing after
                retries or past the deadline, or the body was not CLML naming the
                identifier asked for with content. Nothing is written then, and a copy
                already held is kept (the message says so).
        """
        target = self._target(identifier, version)
        record = self._record_for(target)
        if record is not None and self._fresh(record):
            return self._result(target, "cached", record.xml_bytes)
        self._emit("start", target)
        try:
            try:
                body = self._get_with_retries(target, record)
            except _StillPending as exc:
                if not target.whole:
                    raise FetchError(f"GET {target.url}: {exc.reason}; try again later") from exc
                self._emit("parts", target, detail=exc.reason)
                body = self._fetch_in_parts(target, exc.reason)
            if body is None:
                assert record is not None  # a 304 only answers a conditional request
                result = self._not_modified(target, record)
            else:
                result = self._store(target, body)
        except FetchError as exc:
            if target.path.is_file():
                raise FetchError(f"{exc}; kept the copy already held at {target.path}") from exc
            raise
        self._emit("done", target, result=result)
        return result

    def fetch_many(self, items: Iterable[FetchItem], *, keep_going: bool = True) -> FetchSummary:
        """Fetch several documents in order, at the configured pace.

        Every identifier is checked before the first request, so a typo costs nothing.

        Args:
            items: identifiers or URLs, or ``(identifier, version)`` pairs.
            keep_going: record a `FetchError` and carry on (True), or raise it (False).

        Raises:
            IdentifierError: an item is not a legislation.gov.uk identifier or version.
            FetchError: only when ``keep_going`` is False.
        """
        targets = [self._target(*_split_item(item)) for item in items]
        results: list[FetchResult] = []
        failures: list[FetchFailure] = []
        for target in targets:
            try:
                results.append(self.fetch(target.identifier, target.version))
            except FetchError as exc:
                if not keep_going:
                    raise
                self._emit("failed", target, detail=str(exc))
                failures.append(FetchFailure(**_key(target), message=str(exc)))
        return FetchSummary(results=tuple(results), failures=tuple(failures))

    def get_feed(self, url: str) -> bytes:
        """The body of one Atom feed page (a search), fetched politely.

        The same pace, retries (202, 429, 5xx, dropped connections), back-off and
        per-request deadline as `fetch`; the body is capped at
        `lawgraph.legislation.reader.max_xml_bytes`. Nothing is stored.

        Raises:
            FetchError: the site could not be reached, kept failing, answered another
                status, or sent too much; the message names the URL and why.
        """
        _check_base_url(url)
        deadline = _Deadline(self._deadline, self._clock)
        attempts = self._max_retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return self._feed_attempt(url, deadline)
            except _Retryable as exc:
                if attempt == attempts:
                    raise FetchError(
                        f"GET {url} failed after {attempts} attempt(s): {exc.reason}"
                    ) from exc
                delay = self._delay(attempt, exc.retry_after)
                if delay >= deadline.remaining():
                    raise FetchError(
                        f"GET {url}: {exc.reason}; waiting {delay:.3g} s more would pass "
                        f"the deadline of {self._deadline:g} s"
                    ) from exc
                self._sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")

    def _feed_attempt(self, url: str, deadline: _Deadline) -> bytes:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise FetchError(f"GET {url}: no complete answer within {self._deadline:g} s")
        timeout = httpx.Timeout(
            connect=_capped(self._timeout.connect, remaining),
            read=_capped(self._timeout.read, remaining),
            write=_capped(self._timeout.write, remaining),
            pool=_capped(self._timeout.pool, remaining),
        )
        cap = max_xml_bytes()
        headers = {"Accept": "application/atom+xml"}
        try:
            with self._client.stream("GET", url, headers=headers, timeout=timeout) as response:
                status = response.status_code
                if status in (202, 429) or status >= 500:
                    now = dt.datetime.fromtimestamp(self._wall_clock(), dt.UTC)
                    wait = parse_retry_after(response.headers.get("Retry-After"), now)
                    raise _Retryable(f"HTTP {status} {response.reason_phrase}".rstrip(), wait)
                if status != 200:
                    raise FetchError(f"GET {url}: HTTP {status} {response.reason_phrase}".rstrip())
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise FetchError(f"GET {url}: the feed exceeds {cap:,} bytes")
                    if deadline.remaining() <= 0:
                        raise FetchError(
                            f"GET {url}: no complete answer within {self._deadline:g} s"
                        )
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"GET {url}: too many redirects") from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise _Retryable(f"{type(exc).__name__}: {exc}") from exc

    # -- resolving ----------------------------------------------------------------------

    def _target(self, identifier: LegislationId | str, version: str | None) -> _Target:
        lid = (
            identifier if isinstance(identifier, LegislationId) else LegislationId.parse(identifier)
        )
        if version is not None and lid.version is not None and version != lid.version:
            raise IdentifierError(
                f"{identifier} names version {lid.version!r} but version {version!r} was asked"
            )
        version = version if version is not None else lid.version
        if version is not None:
            check_version(version)
        return _Target(
            identifier=str(lid),
            document=str(lid.document),
            version=version,
            url=url_for(lid, version, self.base_url),
            path=path_for(self.dest, lid, version),
            whole=lid.is_document,
            contents_page=lid.path == ("contents",),
        )

    def _result(self, target: _Target, status: FetchStatus, size: int) -> FetchResult:
        return FetchResult(**_key(target), path=target.path, status=status, bytes=size)

    # -- the cache record ---------------------------------------------------------------

    def _record_path(self, target: _Target) -> Path:
        relative = target.path.relative_to(self.dest)
        return self.dest / _CACHE_DIR / relative.with_name(relative.name + ".json")

    def _record_for(self, target: _Target) -> _CacheRecord | None:
        """The cache record, if it describes the file now on disk at the same URL."""
        try:
            # bounded, regular files only: a pipe or device left at either path must not
            # hang the fetch or fill memory (UnreadableFileError is an OSError)
            record = _CacheRecord.model_validate_json(read_limited(self._record_path(target)))
            held = read_limited(target.path, limit=max_xml_bytes())
        except (OSError, ValidationError):
            # the record is only an optimisation; without it we simply download again
            return None
        if record.url != target.url or hashlib.sha256(held).hexdigest() != record.sha256:
            return None
        return record

    def _fresh(self, record: _CacheRecord) -> bool:
        return self._max_age > 0 and self._wall_clock() - record.checked_at < self._max_age

    def _save_record(self, target: _Target, record: _CacheRecord) -> None:
        data = record.model_dump_json(indent=2).encode("utf-8")
        _atomic_write(self._record_path(target), data)

    # -- HTTP ---------------------------------------------------------------------------

    def _before_request(self, request: httpx.Request) -> None:
        self._limiter.wait()

    def _get_with_retries(self, target: _Target, record: _CacheRecord | None) -> _Body | None:
        headers = _conditional_headers(record)
        attempts = self._max_retries + 1
        deadline = _Deadline(self._deadline, self._clock)
        for attempt in range(1, attempts + 1):
            try:
                return self._attempt(target, headers, deadline)
            except _Retryable as exc:
                pending = isinstance(exc, _Pending)
                if attempt == attempts:
                    if pending:
                        raise _StillPending(f"{exc.reason} after {attempts} attempt(s)") from exc
                    raise FetchError(
                        f"GET {target.url} failed after {attempts} attempt(s): {exc.reason}"
                    ) from exc
                delay = self._delay(attempt, exc.retry_after)
                if delay >= deadline.remaining():
                    why = f"{exc.reason}; waiting {delay:.3g} s more would pass the deadline"
                    if pending:
                        raise _StillPending(why) from exc
                    raise FetchError(
                        f"GET {target.url}: {why} of {self._deadline:g} s "
                        "(raise it with lawgraph fetch --timeout)"
                    ) from exc
                self._emit("retry", target, attempt=attempt + 1, delay=delay, detail=exc.reason)
                self._sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")

    def _fetch_in_parts(self, target: _Target, reason: str) -> _Body:
        """The whole document assembled from its contents page and top-level parts."""
        lid = LegislationId.parse(target.identifier)
        contents = self._target(lid.child("contents"), target.version)
        page = self._get_part(contents, reason)
        contents_root = _check_clml(contents, page.content)
        size = len(page.content)
        parts = []
        for part_id in part_identifiers(contents_root, target.document):
            part = self._target(part_id, target.version)
            body = self._get_part(part, reason)
            size += len(body.content)
            if size > MAX_BODY_BYTES:
                raise FetchError(f"{target.identifier}: its parts exceed {MAX_BODY_BYTES} bytes")
            parts.append(_check_clml(part, body.content))
        return _Body(content=assemble(contents_root, parts), etag=None, last_modified=None)

    def _get_part(self, part: _Target, reason: str) -> _Body:
        try:
            body = self._get_with_retries(part, None)
        except _StillPending as exc:
            raise FetchError(
                f"{part.document} is not served whole ({reason}) and its part "
                f"{part.identifier} is not served either: GET {part.url}: {exc.reason}; "
                "try again later"
            ) from exc
        except FetchError as exc:
            raise FetchError(
                f"{part.document} is not served whole ({reason}), and fetching it in "
                f"parts failed: {exc}"
            ) from exc
        assert body is not None  # an unconditional request is never answered 304
        return body

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self._max_delay)
        # "equal jitter": at least half the exponential delay, so retries still back off,
        # plus a random half, so many clients do not retry in step
        ceiling = min(self._max_delay, self._backoff * 2.0 ** (attempt - 1))
        return ceiling * (0.5 + 0.5 * self._jitter())

    def _attempt(
        self, target: _Target, headers: dict[str, str], deadline: _Deadline
    ) -> _Body | None:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise deadline.passed(target)
        timeout = httpx.Timeout(
            connect=_capped(self._timeout.connect, remaining),
            read=_capped(self._timeout.read, remaining),
            write=_capped(self._timeout.write, remaining),
            pool=_capped(self._timeout.pool, remaining),
        )
        timer = self._watchdog.arm(remaining)
        try:
            with self._client.stream(
                "GET",
                target.url,
                headers=headers,
                timeout=timeout,
                extensions={"trace": self._watchdog.trace},
            ) as response:
                return self._handle(target, response, conditional=bool(headers), deadline=deadline)
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"GET {target.url}: too many redirects") from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            if self._watchdog.fired.is_set() or deadline.remaining() <= 0:
                raise deadline.passed(target) from exc
            raise _Retryable(f"{type(exc).__name__}: {exc}") from exc
        finally:
            timer.cancel()

    def _handle(
        self, target: _Target, response: httpx.Response, *, conditional: bool, deadline: _Deadline
    ) -> _Body | None:
        status = response.status_code
        if status == 200:
            return self._read_body(target, response, deadline)
        if status == 304 and conditional:
            return None
        if status == 202:
            now = dt.datetime.fromtimestamp(self._wall_clock(), dt.UTC)
            wait = parse_retry_after(response.headers.get("Retry-After"), now)
            raise _Pending("HTTP 202 Accepted (the site is still preparing it)", wait)
        if status in (404, 410):
            _not_on_site(target, status)
        if status == 429 or status >= 500:
            now = dt.datetime.fromtimestamp(self._wall_clock(), dt.UTC)
            wait = parse_retry_after(response.headers.get("Retry-After"), now)
            raise _Retryable(f"HTTP {status} {response.reason_phrase}".rstrip(), wait)
        raise FetchError(f"GET {target.url}: HTTP {status} {response.reason_phrase}".rstrip())

    def _read_body(self, target: _Target, response: httpx.Response, deadline: _Deadline) -> _Body:
        total = _content_length(response)
        if total is not None and total > MAX_BODY_BYTES:
            raise FetchError(f"GET {target.url}: body of {total} bytes is too large")
        chunks: list[bytes] = []
        size = 0
        # received bytes at the start of the current window
        window_start, window_received = self._clock(), response.num_bytes_downloaded
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise FetchError(f"GET {target.url}: body exceeds {MAX_BODY_BYTES} bytes")
            chunks.append(chunk)
            received = response.num_bytes_downloaded
            self._emit("progress", target, received=received, total=total)
            if deadline.remaining() <= 0:
                raise deadline.passed(target)
            # the rate is judged over a window, not per chunk: a pause between packets
            # is normal, a whole window at a trickle is not
            now = self._clock()
            if now - window_start >= self._rate_window:
                rate = (received - window_received) / (now - window_start)
                if rate < self._min_rate:
                    raise _Retryable(
                        f"transfer slower than {self._min_rate:g} bytes/s "
                        f"({rate:.0f} bytes/s over {now - window_start:.3g} s)"
                    )
                window_start, window_received = now, received
        return _Body(
            content=b"".join(chunks),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )

    # -- storing ------------------------------------------------------------------------

    def _store(self, target: _Target, body: _Body) -> FetchResult:
        _check_clml(target, body.content)
        packed = gzip.compress(body.content, compresslevel=6, mtime=0)
        _atomic_write(target.path, packed)
        record = _CacheRecord(
            url=target.url,
            etag=body.etag,
            last_modified=body.last_modified,
            checked_at=self._wall_clock(),
            sha256=hashlib.sha256(packed).hexdigest(),
            xml_bytes=len(body.content),
        )
        self._save_record(target, record)
        return self._result(target, "downloaded", len(body.content))

    def _not_modified(self, target: _Target, record: _CacheRecord) -> FetchResult:
        self._save_record(target, record.model_copy(update={"checked_at": self._wall_clock()}))
        return self._result(target, "not-modified", record.xml_bytes)

    def _emit(self, kind: str, target: _Target, **fields: object) -> None:
        if self._progress is not None:
            event = FetchEvent.model_validate(
                {"kind": kind, **_key(target), "url": target.url, **fields}
            )
            self._progress(event)


def _split_item(item: FetchItem) -> tuple[LegislationId | str, str | None]:
    if isinstance(item, tuple):
        return item
    return item, None


def _key(target: _Target) -> dict[str, str | None]:
    return {"identifier": target.identifier, "version": target.version}


def _check_base_url(base_url: str) -> None:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base URL {base_url!r} must be an http:// or https:// URL")


def _conditional_headers(record: _CacheRecord | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if record is None:
        return headers
    if record.etag:
        headers["If-None-Match"] = record.etag
    if record.last_modified:
        headers["If-Modified-Since"] = record.last_modified
    return headers


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("Content-Length", "")
    return int(value) if value.isdigit() else None


def _not_on_site(target: _Target, status: int) -> NoReturn:
    at = f" at version {target.version}" if target.version else ""
    raise FetchError(
        f"{target.identifier} is not on legislation.gov.uk{at} "
        f"(GET {target.url} returned HTTP {status})"
    )


def _capped(value: float | None, remaining: float) -> float:
    return remaining if value is None else min(value, remaining)


def _check_clml(target: _Target, content: bytes) -> etree._Element:
    """The parsed body, if it is a CLML document for the asked identifier with content.

    The checks are the ones a reader of the stored file relies on: the parser must read
    it (so ``lawgraph show`` cannot later trip over it), its root must name the asked
    document and its ``dc:identifier`` the asked document or part, and it must hold
    provisions (a contents page: entries), so a body cut off after its metadata, an
    empty ``<Legislation/>`` or another Act is never stored.

    Raises:
        FetchError: a check failed; the message says which, in one line.
    """
    try:
        root = xml_from_bytes(content, source=target.url)
    except LegislationError as exc:
        raise FetchError(f"GET {target.url} did not return legislation XML: {exc.reason}") from exc
    if root.tag != _ROOT_TAG:
        raise FetchError(
            f"GET {target.url} returned <{etree.QName(root).localname}>, "
            "not a CLML <Legislation> document"
        )
    named = root.get("IdURI") or root.get("DocumentURI")
    if not named:
        raise FetchError(
            f"GET {target.url} returned a <Legislation> naming no document (no IdURI or "
            f"DocumentURI), not {target.document}"
        )
    try:
        served = str(LegislationId.parse(named).document)
    except IdentifierError:
        served = repr(named)
    if served != target.document:
        raise FetchError(f"GET {target.url} returned {served}, not {target.document}")
    identifier = _dc_identifier(root)
    if identifier is None:
        raise FetchError(
            f"GET {target.url} returned a document with no dc:identifier in its metadata, "
            f"so it cannot be shown to be {target.identifier}"
        )
    item = _identifier_in(identifier)
    if item != target.identifier:
        raise FetchError(
            f"GET {target.url} returned {item or repr(identifier)}, not {target.identifier}"
        )
    try:
        document = parse_document(root, source=target.url)
    except LegislationError as exc:
        raise FetchError(
            f"GET {target.url} did not return a served CLML document: {exc.reason}"
        ) from exc
    if not _has_content(target, document):
        raise FetchError(
            f"GET {target.url} returned {target.identifier} without content: no provisions "
            "in <Primary>, <Secondary> or <EURetained> (a body cut off after its metadata?)"
        )
    return root


def _identifier_in(uri: str) -> str | None:
    try:
        return str(LegislationId.parse(uri))
    except IdentifierError:
        return None


def _dc_identifier(root: etree._Element) -> str | None:
    metadata = root.find(_METADATA_TAG)
    found = metadata.find(_IDENTIFIER_TAG) if metadata is not None else None
    text = (found.text or "").strip() if found is not None else ""
    return text or None


def _has_content(target: _Target, document: Document) -> bool:
    if target.contents_page:
        return bool(document.contents)
    if target.whole:
        # a whole document has a body or schedules, not only its introduction
        return any(p.kind not in _FRAME_KINDS for p in document.provisions)
    return bool(document.provisions)


def _atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so readers see the old file or the new, never part.

    The temporary file (``.NAME.xxxx.part`` in the same folder) does not end in
    ``.xml.gz``, so a loader scanning the folder never picks up a half-written file, and
    stale ones from a killed run are swept by `lawgraph.files.atomic_write`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data, durable=True)
