"""HTTP: one client factory, conditional GET, retries for transient errors only, a size cap."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, replace

import httpx

from flows.sources import Settings

TRANSIENT_STATUS = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER_SECONDS = 30.0


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

    @property
    def text(self) -> str:
        if self.body is None:
            return ""
        return self.body.decode(self.encoding or "utf-8", errors="replace")


def make_client(settings: Settings) -> httpx.Client:
    """The one place HTTP clients are made: timeouts, a descriptive User-Agent, bounded redirects."""
    return httpx.Client(
        timeout=httpx.Timeout(settings.timeout_seconds),
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=True,
        max_redirects=5,
    )


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def fetch(
    client: httpx.Client,
    url: str,
    settings: Settings,
    cached: tuple[str | None, str | None, str | None] | None = None,
) -> Fetched:
    """GET with If-None-Match / If-Modified-Since; retry timeouts, connection errors, 429 and 5xx."""
    etag, last_modified, old_hash = cached or (None, None, None)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = time.monotonic()
    attempt = 0
    while True:
        attempt += 1
        try:
            result = _get_once(client, url, headers, settings, old_hash)
        except httpx.TimeoutException:
            result = Fetched(url, "error", error=f"timed out after {settings.timeout_seconds:g}s")
            retry_after = None
        except httpx.TooManyRedirects:
            return _done(Fetched(url, "error", error="too many redirects (a redirect loop?)"), started)
        except httpx.UnsupportedProtocol as exc:
            return _done(Fetched(url, "error", error=f"redirected to an unsupported address: {exc}"), started)
        except httpx.TransportError as exc:
            result = Fetched(url, "error", error=f"could not connect: {_reason(exc)}")
            retry_after = None
        else:
            if result.outcome != "error" or result.status not in TRANSIENT_STATUS:
                return _done(result, started)
            retry_after = result.retry_after
        if attempt > settings.retries:
            return _done(result, started)
        delay = retry_after if retry_after is not None else settings.retry_backoff_seconds * 2 ** (attempt - 1)
        time.sleep(min(delay, MAX_RETRY_AFTER_SECONDS))


def _get_once(
    client: httpx.Client, url: str, headers: dict[str, str], settings: Settings, old_hash: str | None
) -> Fetched:
    with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        etag = response.headers.get("ETag")
        last_modified = response.headers.get("Last-Modified")
        if status == 304:
            return Fetched(url, "not_modified", status, etag=etag, last_modified=last_modified, content_hash=old_hash)
        if status >= 400:
            reason = response.reason_phrase or "error"
            return Fetched(
                url,
                "error",
                status,
                error=f"HTTP {status} {reason}",
                retry_after=_seconds(response.headers.get("Retry-After")),
            )
        chunks = []
        size = 0
        for chunk in response.iter_bytes():
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
        )


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _done(result: Fetched, started: float) -> Fetched:
    return replace(result, elapsed_ms=int((time.monotonic() - started) * 1000))


def _reason(exc: Exception) -> str:
    text = str(exc) or exc.__class__.__name__
    return text.splitlines()[0][:200]
