"""Reading pages and feeds in worker processes: the same documents as reading them in the run's own process,
no process started when nothing needs reading, and a worker that dies costs nothing but time."""

from __future__ import annotations

import os

from flows import pipeline
from flows.collect import Known, inline
from flows.localserver import SiteServer
from flows.sources import Settings, Source

SETTINGS = Settings(
    retries=0, retry_backoff_seconds=0, timeout_seconds=5, allow_loopback=True, per_host_interval_seconds=0
)
PAGE = (
    "<html><head><title>Nota {i}</title><meta property='article:published_time' content='2026-02-0{d}'></head>"
    "<body><nav>menú</nav><article><p>Foro Penal informó que hay {n} presos políticos en Venezuela.</p>"
    "</article></body></html>"
)


def _publish(site: SiteServer) -> list[Source]:
    sources = []
    for i in range(4):
        site.put(f"/nota/{i}", PAGE.format(i=i, d=i + 1, n=700 + i))
        sources.append(Source(f"p{i}", "html", site.url(f"/nota/{i}"), "es"))
    items = "".join(
        f"<item><title>Foro Penal: {300 + i} excarcelaciones en Venezuela</title>"
        f"<link>{site.url(f'/item/{i}')}</link></item>"
        for i in range(3)
    )
    site.put(
        "/feed",
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>{items}</channel></rss>",
        "application/rss+xml",
    )
    sources.append(Source("f", "rss", site.url("/feed"), "es", follow=False))
    return sources


def _read(results: list[pipeline.SourceResult]) -> list[tuple[object, ...]]:
    return sorted(
        (d.url, d.title, d.published, d.text, d.relevant, tuple((c.metric, c.value, c.org) for c in d.claims))
        for r in results
        for d in r.documents
    )


def test_workers_read_what_the_run_itself_would(site: SiteServer) -> None:
    sources = _publish(site)
    expected = _read(pipeline.collect_batch(sources, SETTINGS, Known(), offload=inline))
    with pipeline.ParsePool(2) as pool:
        got = _read(pipeline.collect_batch(sources, SETTINGS, Known(), offload=pool))
        assert pool.started  # the pages really went to the workers
    assert got == expected
    assert len(expected) == 7 and all(claims for *_, claims in expected)


def test_no_worker_starts_when_nothing_changed(site: SiteServer) -> None:
    sources = _publish(site)
    first = pipeline.collect_batch(sources, SETTINGS, Known())
    cache = {f.url: (f.etag, f.last_modified, f.content_hash) for r in first for f in r.fetches}
    with pipeline.ParsePool(2) as pool:
        again = pipeline.collect_batch(sources, SETTINGS, Known(cache), offload=pool)
        assert not pool.started
    assert [f.outcome for r in again for f in r.fetches] == ["not_modified"] * len(sources)


def test_one_process_means_reading_in_the_run_itself() -> None:
    with pipeline.ParsePool(1) as pool:
        assert pool(os.getpid) == os.getpid()
        assert not pool.started


def _die_in_a_worker(parent: int) -> int:
    if os.getpid() != parent:
        os._exit(1)  # what a worker killed by the kernel (out of memory) looks like to the run
    return 42


def test_a_worker_that_dies_costs_a_read_in_the_run_not_the_run() -> None:
    with pipeline.ParsePool(2) as pool:
        assert pool(_die_in_a_worker, os.getpid()) == 42
        assert pool(_die_in_a_worker, os.getpid()) == 42  # later reads stay in the run's own process
