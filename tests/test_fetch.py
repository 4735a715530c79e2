"""HTTP against a misbehaving server on 127.0.0.1: each fault ends in a clear, recorded outcome."""

from __future__ import annotations

import gzip
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler

import pytest

from flows.fetch import HostLimiter, fetch, make_client
from flows.localserver import SiteServer
from flows.sources import Settings

FAST = Settings(
    retries=2,
    retry_backoff_seconds=0,
    timeout_seconds=2,
    max_bytes=100_000,
    allow_loopback=True,
    per_host_interval_seconds=0,
    respect_robots=False,
)


def get(site: SiteServer, path: str, settings: Settings = FAST, cached=None, resolver=None):  # type: ignore[no-untyped-def]
    kwargs = {"resolver": resolver} if resolver else {}
    with make_client(settings, **kwargs) as client:
        return fetch(client, site.url(path), settings, cached)


def answer(status: int, body: bytes = b"", **headers: str):  # type: ignore[no-untyped-def]
    def respond(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k.replace("_", "-"), v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return respond


def test_conditional_get_gives_304_and_keeps_the_hash(site: SiteServer) -> None:
    site.put("/a", "<p>hola</p>")
    first = get(site, "/a")
    second = get(site, "/a", cached=(first.etag, first.last_modified, first.content_hash))
    assert first.outcome == "ok" and first.body == b"<p>hola</p>"
    assert second.outcome == "not_modified" and second.content_hash == first.content_hash
    assert [s for _, s in site.requests] == [200, 304]


def test_same_content_without_validators_is_unchanged(site: SiteServer) -> None:
    site.put("/a", "<p>hola</p>")
    first = get(site, "/a")
    again = get(site, "/a", cached=(None, None, first.content_hash))
    assert again.outcome == "unchanged" and again.body is None


def test_500_then_success_is_retried(site: SiteServer) -> None:
    site.put("/a", "ok")
    site.fail("/a", 500)
    got = get(site, "/a")
    assert got.outcome == "ok" and [s for _, s in site.requests] == [500, 200]


@pytest.mark.parametrize("status", [404, 403])
def test_client_errors_are_not_retried(site: SiteServer, status: int) -> None:
    site.put("/a", "ok")
    site.fail("/a", status)
    got = get(site, "/a")
    assert got.outcome == "error" and got.status == status and f"HTTP {status}" in (got.error or "")
    assert len(site.requests) == 1


def test_429_retry_after_is_honoured(site: SiteServer) -> None:
    calls: list[float] = []

    def respond(h: BaseHTTPRequestHandler) -> None:
        calls.append(time.monotonic())
        if len(calls) == 1:
            answer(429, Retry_After="1")(h)
        else:
            answer(200, b"ok")(h)

    site.on("/a", respond)
    got = get(site, "/a")
    assert got.outcome == "ok" and len(calls) == 2
    assert calls[1] - calls[0] >= 0.9  # the server's Retry-After, not the zero backoff of these settings


def test_timeout_is_recorded(site: SiteServer) -> None:
    site.on("/slow", lambda h: (time.sleep(3), answer(200, b"late")(h)))
    got = get(site, "/slow", replace(FAST, retries=0, timeout_seconds=0.5))
    assert got.outcome == "error" and "timed out" in (got.error or "")


def test_connection_refused_is_recorded() -> None:
    with SiteServer() as dead:
        url = dead.url("/gone")
    with make_client(FAST) as client:
        got = fetch(client, url, replace(FAST, retries=0))
    assert got.outcome == "error" and "could not connect" in (got.error or "")


def test_truncated_body_is_recorded(site: SiteServer) -> None:
    def respond(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "5000")
        h.end_headers()
        h.wfile.write(b"<p>only the beginning")
        h.close_connection = True

    site.on("/cut", respond)
    got = get(site, "/cut", replace(FAST, retries=0))
    assert got.outcome == "error" and "closed the connection" in (got.error or "")


def test_body_over_the_cap_is_refused(site: SiteServer) -> None:
    site.put("/big", "x" * 200_000)
    got = get(site, "/big")
    assert got.outcome == "error" and "larger than" in (got.error or "")


def test_gzip_bomb_hits_the_cap_not_the_memory(site: SiteServer) -> None:
    bomb = gzip.compress(b"0" * 20_000_000)
    site.on("/bomb", answer(200, bomb, Content_Encoding="gzip", Content_Type="text/html"))
    got = get(site, "/bomb")
    assert len(bomb) < FAST.max_bytes
    assert got.outcome == "error" and "larger than" in (got.error or "")


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/html; charset=utf-8", "<p>Excarcelación de presos políticos</p>".encode("latin-1")),  # wrong charset
        ("text/html", '<meta charset="iso-8859-1"><p>Excarcelación de presos políticos</p>'.encode("latin-1")),
        ("text/html; charset=iso-8859-1", "<p>Excarcelación de presos políticos</p>".encode("latin-1")),
    ],
    ids=["declared-utf8-but-latin1", "no-header-charset-meta-latin1", "declared-latin1"],
)
def test_latin1_spanish_comes_out_right(site: SiteServer, content_type: str, body: bytes) -> None:
    site.on("/p", answer(200, body, Content_Type=content_type))
    assert "Excarcelación" in get(site, "/p").text


def test_redirect_loop_is_recorded(site: SiteServer) -> None:
    site.on("/a", answer(302, Location=site.url("/b")))
    site.on("/b", answer(302, Location=site.url("/a")))
    got = get(site, "/a")
    assert got.outcome == "error" and "redirect loop" in (got.error or "")


def test_redirect_to_a_non_http_scheme_is_refused(site: SiteServer) -> None:
    site.on("/a", answer(302, Location="ftp://files.example.test/report.pdf"))
    got = get(site, "/a")
    assert got.outcome == "error" and "not http(s)" in (got.error or "")


def test_redirect_to_a_private_address_is_refused(site: SiteServer) -> None:
    """The resolver is a stand-in (internal.test -> 10.1.2.3): nothing ever goes to a private address."""
    site.on("/a", answer(302, Location="http://internal.test/admin"))
    resolver = {"internal.test": ["10.1.2.3"]}.get
    got = get(site, "/a", resolver=lambda host: resolver(host) or ["127.0.0.1"])
    assert got.outcome == "error" and "private" in (got.error or "")


def test_loopback_is_refused_unless_allowed(site: SiteServer) -> None:
    site.put("/a", "ok")
    got = get(site, "/a", replace(FAST, allow_loopback=False))
    assert got.outcome == "error" and "loopback" in (got.error or "") and site.requests == []


def test_robots_txt_is_honoured(site: SiteServer) -> None:
    site.put("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.put("/private/page", "secret")
    site.put("/public/page", "ok")
    polite = replace(FAST, respect_robots=True)
    assert get(site, "/private/page", polite).error == "disallowed by the site's robots.txt"
    assert get(site, "/public/page", polite).outcome == "ok"
    assert ("/private/page", 200) not in site.requests


def test_host_limiter_spaces_requests_to_one_host() -> None:
    """With a fake clock: the second request to a host waits the interval, another host does not."""
    slept: list[float] = []
    limiter = HostLimiter(2, 5.0, clock=lambda: 100.0, sleep=slept.append)
    for host in ("a.test", "a.test", "b.test"):
        limiter.acquire(host).release()
    assert slept == [5.0]


def test_clients_share_one_tls_context() -> None:
    """Each batch of a run makes its own client: the certificate store is loaded once, not per client."""
    with make_client(FAST) as a, make_client(FAST) as b:
        assert a._transport._pool._ssl_context is b._transport._pool._ssl_context  # type: ignore[attr-defined]


def test_site_server_backlog_takes_a_burst_of_connections(site: SiteServer) -> None:
    """The test and bench server queues as many pending connections as a real web server: with socketserver's
    5, concurrent clients had SYNs dropped and waited a second each to retry."""
    assert site.httpd.request_queue_size >= 128
