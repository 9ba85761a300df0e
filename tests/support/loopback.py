"""A stand-in for legislation.gov.uk on 127.0.0.1, serving the reference corpus.

``GET /ukpga/2018/12/data.xml`` returns the gunzipped bytes of ``ukpga/2018/12.xml.gz``;
``/ukpga/2018/12/enacted/data.xml`` returns ``12.enacted.xml.gz``, and so on (files under
``corpus/`` are served at the same paths). Responses carry an ETag and a Last-Modified,
and conditional requests that match get 304.

Failures are scripted per path: ``server.script(path, Reply(500), Drop(1000))`` makes the
next two requests for ``path`` fail in those ways, then normal service resumes. Every
request is recorded in `LoopbackServer.requests` for assertions. `Trickle` and `Stall`
imitate a slow or silent server; both stop by themselves after a bounded time.

Only the loopback interface is ever bound; handler sockets time out, so nothing hangs.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import re
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

__all__ = ["Drop", "LoopbackServer", "Reply", "Seen", "Serve", "Stall", "Trickle"]

_VERSION_RE = re.compile(r"^(?:enacted|made|adopted|created|prospective|\d{4}-\d{2}-\d{2})$")
_HIDDEN = frozenset({"corpus", "suspect", "schema"})
_SOCKET_TIMEOUT = 5.0


@dataclass(frozen=True)
class Reply:
    """Answer with this status (and headers, body) instead of the document."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class Drop:
    """Start a 200 with the full Content-Length, send ``after`` bytes, then hang up."""

    after: int


@dataclass(frozen=True)
class Serve:
    """Answer 200 with this body instead of the document (no ETag)."""

    body: bytes
    content_type: str = "application/xml"


@dataclass(frozen=True)
class Trickle:
    """Send ``count`` bytes one at a time, ``interval`` seconds apart, then hang up.

    With ``in_headers`` the bytes are the start of the status line, so the headers never
    finish; otherwise a 200 announcing the full body is sent and the body trickles.
    """

    interval: float
    count: int
    in_headers: bool = False


@dataclass(frozen=True)
class Stall:
    """Read the request, say nothing for ``seconds``, then hang up."""

    seconds: float


Action = Reply | Drop | Serve | Trickle | Stall


@dataclass(frozen=True)
class Seen:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    query: str = ""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: LoopbackServer

    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up on a deliberately dropped body is expected, not news."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = _SOCKET_TIMEOUT
    server: _HTTPServer

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""

    def do_GET(self) -> None:
        owner = self.server.owner
        parts = urlsplit(self.path)
        path = parts.path
        headers = {k.lower(): v for k, v in self.headers.items()}
        owner._record(Seen("GET", path, headers, parts.query))
        action = owner._next_action(path)
        if isinstance(action, Reply):
            self._send(action.status, action.body, action.headers)
        elif isinstance(action, Drop):
            self._drop(path, action.after)
        elif isinstance(action, Serve):
            self._send(200, action.body, {"Content-Type": action.content_type})
        elif isinstance(action, Trickle):
            self._trickle(path, action)
        elif isinstance(action, Stall):
            time.sleep(min(action.seconds, _SOCKET_TIMEOUT))
            self.close_connection = True
        else:
            self._serve(path, headers)

    def _trickle(self, path: str, action: Trickle) -> None:
        if action.in_headers:
            payload = b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nX-Padding: "
            payload += b"x" * action.count
        else:
            file = self.server.owner.resolve(path)
            body = gzip.decompress(file.read_bytes()) if file else b"x" * (action.count * 2)
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            payload = body
        try:
            for byte in payload[: action.count]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(action.interval)
        except OSError:
            pass  # the client gave up: what a trickle is meant to provoke
        self.close_connection = True

    def _serve(self, path: str, headers: dict[str, str]) -> None:
        owner = self.server.owner
        file = owner.resolve(path)
        if file is None:
            self._send(404, b"<html><body>Page not found</body></html>", {})
            return
        validators = owner.validators(file)
        if owner.is_fresh(file, headers):
            self._send(304, b"", validators, body_allowed=False)
            return
        if owner.gzip_encoding and "gzip" in headers.get("accept-encoding", ""):
            extra = {**validators, "Content-Encoding": "gzip"}
            self._send(200, file.read_bytes(), extra)
            return
        self._send(200, gzip.decompress(file.read_bytes()), validators)

    def _drop(self, path: str, after: int) -> None:
        file = self.server.owner.resolve(path)
        body = gzip.decompress(file.read_bytes()) if file else b"x" * (after * 2 + 2)
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:after])
        self.wfile.flush()
        # returning with close_connection set makes the server hang up mid-body
        self.close_connection = True

    def _send(
        self, status: int, body: bytes, headers: dict[str, str], *, body_allowed: bool = True
    ) -> None:
        self.send_response(status)
        if "Content-Type" not in headers and body_allowed:
            self.send_header("Content-Type", "application/xml" if status == 200 else "text/html")
        for name, value in headers.items():
            self.send_header(name, value)
        if body_allowed:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body_allowed:
            self.wfile.write(body)


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 (random port) serving legislation XML.

    Args:
        root: the reference legislation folder.
        etag: send ETag and honour If-None-Match.
        last_modified: send Last-Modified and honour If-Modified-Since.
        gzip_encoding: send the stored gzip bytes with ``Content-Encoding: gzip`` when
            the client accepts it, as a real web server might.
    """

    def __init__(
        self,
        root: Path,
        *,
        etag: bool = True,
        last_modified: bool = True,
        gzip_encoding: bool = False,
    ) -> None:
        self.root = root
        self.etag = etag
        self.last_modified = last_modified
        self.gzip_encoding = gzip_encoding
        self._lock = threading.Lock()
        self._scripts: dict[str, deque[Action]] = defaultdict(deque)
        self._seen: list[Seen] = []
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321``."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=_SOCKET_TIMEOUT)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- scripting and inspection ------------------------------------------------------

    def script(self, path: str, *actions: Action) -> None:
        """Queue ``actions`` for the next requests to ``path``, e.g. ``/ukpga/1998/42/data.xml``."""
        with self._lock:
            self._scripts[path].extend(actions)

    @property
    def requests(self) -> list[Seen]:
        """Every request so far, in order."""
        with self._lock:
            return list(self._seen)

    def requests_for(self, path: str) -> list[Seen]:
        """The requests so far for one path."""
        return [seen for seen in self.requests if seen.path == path]

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self._seen.append(seen)

    def _next_action(self, path: str) -> Action | None:
        with self._lock:
            queue = self._scripts.get(path)
            return queue.popleft() if queue else None

    # -- the site's URL space -----------------------------------------------------------

    def resolve(self, path: str) -> Path | None:
        """The stored file for a ``.../data.xml`` URL path, or None if not held."""
        if not path.startswith("/") or not path.endswith("/data.xml"):
            return None
        segments = path[1 : -len("/data.xml")].split("/")
        if any(s in ("", ".", "..") for s in segments) or segments[0] in _HIDDEN:
            return None
        version = segments.pop() if _VERSION_RE.match(segments[-1]) else None
        if len(segments) < 3:
            return None
        name = segments[-1] + (f".{version}" if version else "") + ".xml.gz"
        for base in (self.root, self.root / "corpus"):
            candidate = base.joinpath(*segments[:-1], name)
            if candidate.is_file():
                return candidate
        return None

    def validators(self, file: Path) -> dict[str, str]:
        """The ETag and Last-Modified headers for a stored file."""
        out: dict[str, str] = {}
        if self.etag:
            out["ETag"] = self.etag_of(file)
        if self.last_modified:
            out["Last-Modified"] = email.utils.formatdate(file.stat().st_mtime, usegmt=True)
        return out

    @staticmethod
    def etag_of(file: Path) -> str:
        """The strong ETag the server gives a file."""
        return '"' + hashlib.sha256(file.read_bytes()).hexdigest()[:16] + '"'

    def is_fresh(self, file: Path, headers: dict[str, str]) -> bool:
        """True when a conditional request matches the file (so the answer is 304)."""
        # RFC 9110: If-None-Match wins over If-Modified-Since when both are sent
        if "if-none-match" in headers:
            if not self.etag:
                return False
            tags = {t.strip().removeprefix("W/") for t in headers["if-none-match"].split(",")}
            return self.etag_of(file) in tags or "*" in tags
        since = headers.get("if-modified-since")
        if since is None or not self.last_modified:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False
        return int(file.stat().st_mtime) <= when
