"""The fault matrix through the pipeline: every faulty source is recorded in words a user understands,
the good source is processed, and a second run loses and duplicates nothing."""

from __future__ import annotations

import gzip
import time
from dataclasses import replace
from pathlib import Path

from flows import pipeline
from flows.collect import Known
from flows.localserver import SiteServer
from flows.sources import Source
from storage import connect
from tests.test_fetch import answer
from tests.test_source_kinds import ARTICLE, RELEVANT, SETTINGS, rss

XXE_FEED = (
    b"<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY x SYSTEM 'file:///etc/passwd'>"
    b"<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
    b"<rss version='2.0'><channel><title>&x;&b;</title></channel></rss>"
)

FAULTS: dict[str, tuple[object, str]] = {
    # path: (how the server answers, words expected in the fetch record)
    "/timeout": (lambda h: (time.sleep(2.5), answer(200, b"late")(h)), "timed out"),
    "/e500": (answer(500), "HTTP 500"),
    "/e404": (answer(404), "HTTP 404"),
    "/e403": (answer(403), "HTTP 403"),
    "/e429": (answer(429, Retry_After="1"), "HTTP 429"),
    "/big": (answer(200, b"x" * 300_000), "larger than"),
    "/bomb": (answer(200, gzip.compress(b"0" * 5_000_000), Content_Encoding="gzip"), "larger than"),
    "/not-a-feed": (answer(200, b"this is not a feed at all", Content_Type="text/plain"), "not a readable feed"),
    "/loop": (answer(302, Location="/loop"), "redirect loop"),
    "/ftp": (answer(302, Location="ftp://files.example.test/x"), "not http(s)"),
}


def test_faulty_sources_are_recorded_and_the_good_one_is_processed(site: SiteServer, db_path: Path) -> None:
    site.put("/good-article", ARTICLE.format(t="g", canon=site.url("/good-article"), body=RELEVANT.format(n=640)))
    site.put("/good", rss(site, [site.url("/good-article")]), "application/rss+xml")
    site.put("/xxe", XXE_FEED, "application/rss+xml")
    for path, (respond, _) in FAULTS.items():
        site.on(path, respond)  # type: ignore[arg-type]
    sources = [Source("good", "rss", site.url("/good"), "es"), Source("xxe", "rss", site.url("/xxe"))]
    sources += [Source(path.strip("/"), "rss", site.url(path)) for path in FAULTS]
    settings = replace(SETTINGS, retries=1, timeout_seconds=1, max_bytes=100_000)

    for _ in range(2):  # the second run must add nothing and lose nothing
        results = [pipeline.collect(s, settings, _known(db_path)) for s in sources]
        pipeline.store(db_path, f"run-{time.monotonic()}", results)
        by_id = {r.source_id: r for r in results}
        for path, (_, words) in FAULTS.items():
            assert by_id[path.strip("/")].failed and words in (by_id[path.strip("/")].error or ""), path
        xxe = by_id["xxe"]  # a feed declaring entities parses, with nothing resolved or expanded
        assert not xxe.failed and all("root:" not in d.text and "aaaa" not in d.text for d in xxe.documents)
        with connect(db_path) as con:
            docs = con.execute("SELECT url FROM documents").fetchall()
            claims = con.execute("SELECT value FROM claims").fetchall()
            errors = dict(
                con.execute("SELECT source_id, max(error) FROM source_runs WHERE NOT ok GROUP BY ALL").fetchall()
            )
        assert docs == [(site.url("/good-article"),)] and claims == [(640,)]
        for path, (_, words) in FAULTS.items():
            assert words in errors.get(path.strip("/"), ""), (path, errors)


def _known(db: Path) -> Known:
    from storage import queries as q

    with connect(db) as con:
        return Known(q.http_cache(con), q.irrelevant_urls(con))
