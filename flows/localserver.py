"""Small real HTTP servers on 127.0.0.1: a site serving pages and feeds (with ETag and
Last-Modified), and a webhook receiver that records what chat would have received.
Used by `prisonwatch demo` and by the tests."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class _Resource:
    body: bytes
    content_type: str
    etag: str
    last_modified: str


class _Quiet(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the base class
        return


class _Listener(ThreadingHTTPServer):
    """A listen backlog like a real web server's (socketserver's default is 5): with more clients connecting at
    once the kernel drops their SYNs, and each one dropped waits a second to retry."""

    request_queue_size = 1024


class _Server:
    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = _Listener(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> _Server:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> _Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class SiteServer(_Server):
    """Serves whatever pages it is given, honouring If-None-Match and If-Modified-Since."""

    def __init__(self) -> None:
        super().__init__(_SiteHandler)
        self._lock = threading.Lock()
        self._pages: dict[str, _Resource] = {}
        self._faults: dict[str, list[int]] = {}
        self._custom: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.requests: list[tuple[str, int]] = []

    def on(self, path: str, respond: Callable[[BaseHTTPRequestHandler], None]) -> None:
        """Answer `path` with a function of the request handler (a misbehaving server, for tests)."""
        with self._lock:
            self._custom[path] = respond

    def custom(self, path: str) -> Callable[[BaseHTTPRequestHandler], None] | None:
        with self._lock:
            return self._custom.get(path)

    def fail(self, path: str, *statuses: int) -> None:
        """Answer the next requests for `path` with these statuses before serving it normally."""
        with self._lock:
            self._faults[path] = list(statuses)

    def take_fault(self, path: str) -> int | None:
        with self._lock:
            queue = self._faults.get(path)
            return queue.pop(0) if queue else None

    def put(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        with self._lock:
            self._pages[path] = _Resource(data, content_type, etag, formatdate(usegmt=True))

    def url(self, path: str) -> str:
        return self.base_url + path

    def get(self, path: str) -> _Resource | None:
        """The page at this path, with its query string or, like most sites, ignoring it."""
        with self._lock:
            return self._pages.get(path) or self._pages.get(path.split("?", 1)[0])


class _SiteHandler(_Quiet):
    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        site: SiteServer = self.server.owner  # type: ignore[attr-defined]
        respond = site.custom(self.path)
        if respond is not None:
            site.requests.append((self.path, 0))
            respond(self)
            return
        fault = site.take_fault(self.path)
        if fault is not None:
            site.requests.append((self.path, fault))
            self.send_response(fault)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        res = site.get(self.path)
        if res is None:
            site.requests.append((self.path, 404))
            self.send_error(404, "Not Found")
            return
        if self.headers.get("If-None-Match") == res.etag or (
            self.headers.get("If-Modified-Since") == res.last_modified and not self.headers.get("If-None-Match")
        ):
            site.requests.append((self.path, 304))
            self.send_response(304)
            self.send_header("ETag", res.etag)
            self.end_headers()
            return
        site.requests.append((self.path, 200))
        self.send_response(200)
        self.send_header("Content-Type", res.content_type)
        self.send_header("Content-Length", str(len(res.body)))
        self.send_header("ETag", res.etag)
        self.send_header("Last-Modified", res.last_modified)
        self.end_headers()
        self.wfile.write(res.body)


@dataclass
class Received:
    path: str
    body: dict[str, Any] | str
    headers: dict[str, str] = field(default_factory=dict)


class WebhookReceiver(_Server):
    """Records every POST; `fail_next(n)` makes the next n answers HTTP 500 (a chat outage), and
    `stall(record=...)` holds the next answer until `release()` (a chat that is slow to answer), after
    recording the message or without it. `arrived` is set when a stalled request comes in."""

    def __init__(self) -> None:
        super().__init__(_HookHandler)
        self.received: list[Received] = []
        self._fail = 0
        self._stall: bool | None = None  # None: answer at once; True/False: stall, recording or not
        self.arrived = threading.Event()
        self._released = threading.Event()
        self._lock = threading.Lock()

    def stall(self, record: bool) -> None:
        with self._lock:
            self._stall = record
            self.arrived.clear()
            self._released.clear()

    def release(self) -> None:
        with self._lock:
            self._stall = None
        self._released.set()

    def _take_stall(self) -> bool | None:
        with self._lock:
            mode, self._stall = self._stall, None
            return mode

    def fail_next(self, n: int) -> None:
        with self._lock:
            self._fail = n

    def url(self, path: str = "/hook") -> str:
        """The apprise URL that posts JSON here."""
        host, port = self.httpd.server_address[:2]
        return f"json://{host}:{port}{path}"

    def _take_failure(self) -> bool:
        with self._lock:
            if self._fail > 0:
                self._fail -= 1
                return True
            return False


class _HookHandler(_Quiet):
    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        hook: WebhookReceiver = self.server.owner  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", errors="replace")
        if hook._take_failure():
            self.send_response(500)
            self.end_headers()
            return
        try:
            body: dict[str, Any] | str = json.loads(raw)
        except json.JSONDecodeError:
            body = raw
        stall = hook._take_stall()
        if stall is not None:
            if stall:
                hook.received.append(Received(self.path, body, dict(self.headers)))
            hook.arrived.set()
            hook._released.wait(60)
            self.send_response(200 if stall else 500)
            self.end_headers()
            return
        hook.received.append(Received(self.path, body, {**dict(self.headers), "X-Received-At": str(time.time())}))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")
