"""HTTP behaviour against a real local server: conditional GET, retries, errors, size cap."""

from __future__ import annotations

import pytest

from flows.fetch import fetch, make_client
from flows.localserver import SiteServer
from flows.sources import Settings

FAST = Settings(retries=2, retry_backoff_seconds=0, timeout_seconds=5, max_bytes=10_000)


def test_conditional_get_gives_304_and_keeps_the_hash(site: SiteServer) -> None:
    site.put("/a", "<p>hola</p>")
    with make_client(FAST) as client:
        first = fetch(client, site.url("/a"), FAST)
        second = fetch(client, site.url("/a"), FAST, (first.etag, first.last_modified, first.content_hash))
    assert first.outcome == "ok" and first.body == b"<p>hola</p>"
    assert second.outcome == "not_modified" and second.content_hash == first.content_hash
    assert [s for _, s in site.requests] == [200, 304]


def test_same_content_without_validators_is_unchanged(site: SiteServer) -> None:
    site.put("/a", "<p>hola</p>")
    with make_client(FAST) as client:
        first = fetch(client, site.url("/a"), FAST)
        again = fetch(client, site.url("/a"), FAST, (None, None, first.content_hash))
    assert again.outcome == "unchanged" and again.body is None


def test_500_then_success_is_retried(site: SiteServer) -> None:
    site.put("/a", "ok")
    site.fail("/a", 500)
    with make_client(FAST) as client:
        got = fetch(client, site.url("/a"), FAST)
    assert got.outcome == "ok" and [s for _, s in site.requests] == [500, 200]


@pytest.mark.parametrize("status", [404, 403])
def test_client_errors_are_not_retried(site: SiteServer, status: int) -> None:
    site.put("/a", "ok")
    site.fail("/a", status)
    with make_client(FAST) as client:
        got = fetch(client, site.url("/a"), FAST)
    assert got.outcome == "error" and got.status == status and f"HTTP {status}" in (got.error or "")
    assert len(site.requests) == 1


def test_connection_refused_is_recorded() -> None:
    with SiteServer() as dead:
        url = dead.url("/gone")
    with make_client(FAST) as client:
        got = fetch(client, url, FAST)
    assert got.outcome == "error" and "could not connect" in (got.error or "")


def test_body_over_the_cap_is_refused(site: SiteServer) -> None:
    site.put("/big", "x" * 20_000)
    with make_client(FAST) as client:
        got = fetch(client, site.url("/big"), FAST)
    assert got.outcome == "error" and "larger than" in (got.error or "")
