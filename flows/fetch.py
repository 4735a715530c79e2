"""HTTP, politely and defensively: one client factory, conditional GET, retries for transient errors only,
a size cap, robots.txt, a per-host limit and interval, and no requests to private addresses."""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from flows.sources import Settings
from parsers.html import decode

TRANSIENT_STATUS = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER_SECONDS = 30.0
Resolver = Callable[[str], list[str]]


@dataclass(frozen=True, slots=True)
class Fetched:
    """What one GET gave: the body when it changed, or why there is none."""

    url: str
    outcome: str  # ok / not_modified / unchanged / error
    status: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    error: str | None = None
    elapsed_ms: int = 0
    retry_after: float | None = None
    final_url: str | None = None

    @property
    def text(self) -> str:
        return decode(self.body, self.encoding) if self.body is not None else ""


class AddressRefused(httpx.TransportError):
    """A request (or a redirect) aimed at an address the settings do not allow."""


def resolve(host: str) -> list[str]:
    return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})


def address_guard(settings: Settings, resolver: Resolver = resolve) -> Callable[[httpx.Request], None]:
    """A request hook refusing private, link-local and (unless allowed) loopback addresses, redirects
    included: a feed cannot make prisonwatch read the local network."""

    def check(request: httpx.Request) -> None:
        host = request.url.host
        try:
            addresses = [host] if _is_ip(host) else resolver(host)
        except OSError:
            return  # unresolvable: the connection itself will fail with a clear error
        for raw in addresses:
            ip = ipaddress.ip_address(raw.split("%")[0])
            if ip.is_loopback:
                if not settings.allow_loopback:
                    raise AddressRefused(f"refused: {host} is a loopback address (allow_loopback is off)")
            elif (
                ip.is_private or ip.is_link_local or ip.is_reserved or ip.is_multicast
            ) and not settings.allow_private:
                raise AddressRefused(f"refused: {host} is a private or link-local address ({ip})")

    return check


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class HostLimiter:
    """At most N requests at once per host, and a minimum interval between two requests to one host;
    shared by every task of a run (they are threads of one process)."""

    def __init__(
        self,
        concurrency: int,
        interval: float,
        intervals: dict[str, float] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.concurrency = max(1, concurrency)
        self.interval = interval
        self.intervals = intervals or {}
        self.clock, self.sleep = clock, sleep
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}

    def acquire(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self.concurrency))
        slot.acquire()
        with self._lock:
            now = self.clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.intervals.get(host, self.interval)
        if start > now:
            self.sleep(start - now)
        return slot


# GDELT asks for one call per 5 seconds at most.
HOST_INTERVALS = {"api.gdeltproject.org": 5.0}
_limiters: dict[tuple[int, float], HostLimiter] = {}
_limiters_lock = threading.Lock()


def limiter_for(settings: Settings) -> HostLimiter:
    key = (settings.per_host_concurrency, settings.per_host_interval_seconds)
    with _limiters_lock:
        if key not in _limiters:
            _limiters[key] = HostLimiter(*key, HOST_INTERVALS)
        return _limiters[key]


class Robots:
    """robots.txt per host, read once a day (a missing or unreadable robots.txt allows everything)."""

    TTL_SECONDS = 86_400

    def __init__(self) -> None:
        self._rules: dict[str, tuple[float, RobotFileParser | None]] = {}
        self._lock = threading.Lock()

    def allowed(self, client: httpx.Client, url: str, agent: str) -> bool:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            read_at, rules = self._rules.get(base, (0.0, None))
        if time.monotonic() - read_at > self.TTL_SECONDS or base not in self._rules:
            rules = self._read(client, base)
            with self._lock:
                self._rules[base] = (time.monotonic(), rules)
        return rules is None or rules.can_fetch(agent, url)

    @staticmethod
    def _read(client: httpx.Client, base: str) -> RobotFileParser | None:
        try:
            response = client.get(f"{base}/robots.txt", timeout=10)
        except httpx.HTTPError:
            return None
        if response.status_code != 200:
            return None
        parser = RobotFileParser()
        parser.parse(response.text[:500_000].splitlines())
        return parser


ROBOTS = Robots()


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default trust (certifi, or SSL_CERT_FILE / SSL_CERT_DIR), built once per process: loading the
    certificate store costs about 20 ms, and a run makes a client per batch of sources."""
    return httpx.create_ssl_context()


def make_client(settings: Settings, resolver: Resolver = resolve) -> httpx.Client:
    """The one place HTTP clients are made: timeouts, a descriptive User-Agent, bounded redirects, and
    the address guard on every request and redirect."""
    return httpx.Client(
        verify=_tls_context(),
        timeout=httpx.Timeout(settings.timeout_seconds),
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=True,
        max_redirects=5,
        event_hooks={"request": [address_guard(settings, resolver)]},
    )


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def fetch(
    client: httpx.Client,
    url: str,
    settings: Settings,
    cached: tuple[str | None, str | None, str | None] | None = None,
) -> Fetched:
    """GET with If-None-Match / If-Modified-Since; retry timeouts, dropped connections, 429 and 5xx."""
    if settings.respect_robots and not ROBOTS.allowed(client, url, settings.user_agent):
        return Fetched(url, "error", error="disallowed by the site's robots.txt")
    etag, last_modified, old_hash = cached or (None, None, None)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = time.monotonic()
    host = urlsplit(url).hostname or ""
    attempt = 0
    while True:
        attempt += 1
        slot = limiter_for(settings).acquire(host)
        try:
            result = _attempt(client, url, headers, settings, old_hash)
        finally:
            slot.release()
        if result.outcome != "error" or result.retry_after is None:
            return _done(result, started)
        if attempt > settings.retries:
            return _done(replace(result, retry_after=None), started)
        delay = result.retry_after or settings.retry_backoff_seconds * 2 ** (attempt - 1)
        time.sleep(min(delay, MAX_RETRY_AFTER_SECONDS))


def _attempt(
    client: httpx.Client, url: str, headers: dict[str, str], settings: Settings, old_hash: str | None
) -> Fetched:
    """One try; a transient failure comes back with retry_after set (0 means: use the backoff)."""
    try:
        return _get_once(client, url, headers, settings, old_hash)
    except AddressRefused as exc:
        return Fetched(url, "error", error=str(exc))
    except httpx.TimeoutException:
        return Fetched(url, "error", error=f"timed out after {settings.timeout_seconds:g}s", retry_after=0)
    except httpx.TooManyRedirects:
        return Fetched(url, "error", error="too many redirects (a redirect loop?)")
    except httpx.UnsupportedProtocol as exc:
        return Fetched(url, "error", error=f"redirected to an address that is not http(s): {exc}")
    except httpx.RemoteProtocolError as exc:
        return Fetched(
            url, "error", error=f"the server closed the connection mid-answer: {_reason(exc)}", retry_after=0
        )
    except httpx.DecodingError as exc:
        return Fetched(url, "error", error=f"the compressed body could not be read: {_reason(exc)}")
    except httpx.TransportError as exc:
        return Fetched(url, "error", error=f"could not connect: {_reason(exc)}", retry_after=0)


def _get_once(
    client: httpx.Client, url: str, headers: dict[str, str], settings: Settings, old_hash: str | None
) -> Fetched:
    with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        etag = response.headers.get("ETag")
        last_modified = response.headers.get("Last-Modified")
        final = str(response.url)
        if status == 304:
            return Fetched(
                url,
                "not_modified",
                status,
                etag=etag,
                last_modified=last_modified,
                content_hash=old_hash,
                final_url=final,
            )
        if status >= 400:
            reason = response.reason_phrase or "error"
            retry = _seconds(response.headers.get("Retry-After")) if status in TRANSIENT_STATUS else None
            if status in TRANSIENT_STATUS and retry is None:
                retry = 0.0
            return Fetched(url, "error", status, error=f"HTTP {status} {reason}", retry_after=retry)
        chunks = []
        size = 0
        for chunk in response.iter_bytes():  # decompressed: a gzip bomb hits the cap, not the memory
            size += len(chunk)
            if size > settings.max_bytes:
                return Fetched(url, "error", status, error=f"response larger than {settings.max_bytes} bytes")
            chunks.append(chunk)
        body = b"".join(chunks)
        digest = content_hash(body)
        outcome = "unchanged" if old_hash == digest else "ok"
        return Fetched(
            url,
            outcome,
            status,
            body if outcome == "ok" else None,
            response.headers.get("Content-Type"),
            response.charset_encoding,
            etag,
            last_modified,
            digest,
            final_url=final,
        )


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _done(result: Fetched, started: float) -> Fetched:
    return replace(result, elapsed_ms=int((time.monotonic() - started) * 1000), retry_after=None)


def _reason(exc: Exception) -> str:
    text = str(exc) or exc.__class__.__name__
    return text.splitlines()[0][:200]
