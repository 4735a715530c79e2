"""Every source kind against a local server with fixtures written for these tests, through the plain
pipeline functions (collect, store): what is stored, what is followed, what is never fetched."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from flows import pipeline
from flows.collect import Known
from flows.localserver import SiteServer
from flows.sources import KINDS, Settings, Source, parse_config
from storage import connect

SETTINGS = Settings(
    retries=0, retry_backoff_seconds=0, timeout_seconds=5, allow_loopback=True, per_host_interval_seconds=0
)
ARTICLE = (
    "<html><head><title>{t}</title><link rel='canonical' href='{canon}'></head><body><nav>menu</nav>"
    "<article><p>{body}</p></article></body></html>"
)
RELEVANT = "Foro Penal informó que hay {n} presos políticos en Venezuela."


def rss(site: SiteServer, links: list[str], atom: bool = False) -> str:
    if atom:
        entries = "".join(f"<entry><title>{u}</title><link href='{u}'/><id>{u}</id></entry>" for u in links)
        return f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>{entries}</feed>"
    items = "".join(f"<item><title>{u}</title><link>{u}</link></item>" for u in links)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>"


def run(db: Path, sources: list[Source], settings: Settings = SETTINGS) -> list:  # type: ignore[type-arg]
    known = Known()
    with connect(db) as con:
        from storage import queries as q

        known = Known(q.http_cache(con), q.irrelevant_urls(con))
    results = [pipeline.collect(s, settings, known) for s in sources]
    pipeline.store(db, "run", results)
    return results


def stored(db: Path) -> list[tuple]:  # type: ignore[type-arg]
    with connect(db) as con:
        return con.execute("SELECT url, relevant, text IS NOT NULL FROM documents ORDER BY url").fetchall()


def test_every_kind_has_a_test() -> None:
    tested = {"rss", "atom", "wordpress", "google_news", "gdelt", "html"}
    assert set(KINDS) == tested


def test_rss_and_atom_items_are_followed(site: SiteServer, db_path: Path) -> None:
    for i in (1, 2):
        site.put(f"/a{i}", ARTICLE.format(t=f"a{i}", canon=site.url(f"/a{i}"), body=RELEVANT.format(n=300 + i)))
    site.put("/rss", rss(site, [site.url("/a1")]), "application/rss+xml")
    site.put("/atom", rss(site, [site.url("/a2")], atom=True), "application/atom+xml")
    run(db_path, [Source("r", "rss", site.url("/rss"), "es"), Source("a", "atom", site.url("/atom"), "es")])
    assert [u for u, *_ in stored(db_path)] == [site.url("/a1"), site.url("/a2")]


def test_wordpress_falls_back_to_the_listing_page(site: SiteServer, db_path: Path) -> None:
    site.put("/reports/may", ARTICLE.format(t="r", canon=site.url("/reports/may"), body=RELEVANT.format(n=880)))
    site.put(
        "/",
        "<html><body><a href='/reports/may'>Reporte sobre la represión en Venezuela, mayo</a>"
        "<a href='/contacto'>Contacto</a></body></html>",
    )
    source = Source(
        "fp", "wordpress", site.url("/feed/"), "es", fallback_url=site.url("/"), title_match="Reporte sobre la represi"
    )
    (result,) = run(db_path, [source])
    assert not result.failed
    assert [u for u, *_ in stored(db_path)] == [site.url("/reports/may")]
    assert ("/contacto", 200) not in site.requests


def test_google_news_items_are_documents_and_links_are_never_followed(site: SiteServer, db_path: Path) -> None:
    feed = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>t</title><item>"
        "<title>Foro Penal: hay 640 presos políticos en Venezuela - El Diario</title>"
        "<link>https://news.google.com/rss/articles/opaque123</link>"
        "<description>Foro Penal contabilizó 640 presos políticos en Venezuela</description>"
        "<source url='https://eldiario.example'>El Diario</source></item></channel></rss>"
    )
    site.put("/gn", feed, "application/rss+xml")
    run(db_path, [Source("gn", "google_news", site.url("/gn"), "es", follow=False)])
    with connect(db_path) as con:
        values = con.execute("SELECT value FROM claims").fetchall()
    assert values == [(640,)]
    assert [p for p, _ in site.requests if p != "/robots.txt"] == ["/gn"]


def test_gdelt_articles_are_followed_and_errors_are_recorded(site: SiteServer, db_path: Path) -> None:
    site.put("/art", ARTICLE.format(t="x", canon=site.url("/art"), body=RELEVANT.format(n=700)))
    answer = {
        "articles": [
            {
                "url": site.url("/art") + "?utm_source=gdelt",
                "title": "x",
                "seendate": "20260201T1200Z",
                "domain": "127.0.0.1",
            }
        ]
    }
    site.put("/gdelt", json.dumps(answer), "application/json")
    site.put("/gdelt-error", "Your search contained no keywords.", "text/plain")
    ok, bad = run(db_path, [Source("g", "gdelt", site.url("/gdelt")), Source("e", "gdelt", site.url("/gdelt-error"))])
    assert not ok.failed and [u for u, *_ in stored(db_path)] == [site.url("/art")]
    assert bad.failed and "GDELT answered with an error: Your search contained no keywords." in (bad.error or "")


def test_html_selector_picks_the_part_that_matters(site: SiteServer, db_path: Path) -> None:
    site.put(
        "/page",
        "<html><body><div class='aside'>Hay 999 presos políticos en Cuba.</div>"
        "<div class='balance'>Foro Penal: hay 712 presos políticos en Venezuela.</div></body></html>",
    )
    run(db_path, [Source("h", "html", site.url("/page"), "es", selector=".balance")])
    with connect(db_path) as con:
        assert con.execute("SELECT value FROM claims").fetchall() == [(712,)]


def test_irrelevant_documents_are_kept_as_seen_and_not_fetched_again(site: SiteServer, db_path: Path) -> None:
    site.put("/sports", ARTICLE.format(t="s", canon=site.url("/sports"), body="El equipo ganó 3 a 1 el domingo."))
    site.put("/rss", rss(site, [site.url("/sports")]), "application/rss+xml")
    source = Source("r", "rss", site.url("/rss"), "es")
    run(db_path, [source])
    assert stored(db_path) == [(site.url("/sports"), False, False)]
    site.put("/rss", rss(site, [site.url("/sports"), site.url("/sports")]) + " ", "application/rss+xml")
    run(db_path, [source])
    assert [p for p, _ in site.requests].count("/sports") == 1


def test_the_same_story_through_two_sources_is_stored_once(site: SiteServer, db_path: Path) -> None:
    site.put("/story", ARTICLE.format(t="x", canon=site.url("/story"), body=RELEVANT.format(n=650)))
    site.put("/rss", rss(site, [site.url("/story") + "?utm_medium=rss&utm_source=feed"]), "application/rss+xml")
    answer = {"articles": [{"url": site.url("/story") + "?fbclid=abc", "title": "x", "seendate": "20260201"}]}
    site.put("/gdelt", json.dumps(answer), "application/json")
    run(db_path, [Source("r", "rss", site.url("/rss"), "es"), Source("g", "gdelt", site.url("/gdelt"), "es")])
    assert [u for u, *_ in stored(db_path)] == [site.url("/story")]
    with connect(db_path) as con:
        assert con.execute("SELECT count(*) FROM claims").fetchone() == (1,)


def test_run_budget_stops_following_items(site: SiteServer, db_path: Path) -> None:
    site.put("/a", ARTICLE.format(t="a", canon=site.url("/a"), body=RELEVANT.format(n=1)))
    site.put("/rss", rss(site, [site.url("/a")]), "application/rss+xml")
    (result,) = run(db_path, [Source("r", "rss", site.url("/rss"), "es")], replace(SETTINGS, run_budget_seconds=0))
    assert result.documents == [] and not result.failed


def test_per_source_interval_skips_a_source_that_is_not_due(db_path: Path) -> None:
    config = parse_config(
        {
            "source": [
                {"id": "slow", "kind": "rss", "url": "https://x.test/feed", "interval_minutes": 60},
                {"id": "fast", "kind": "rss", "url": "https://y.test/feed"},
            ]
        }
    )
    with connect(db_path) as con:
        from storage import queries as q

        q.record_source_runs(con, "r0", [q.SourceRun(s, True, None, 0, 0, 0) for s in ("slow", "fast")])
    _, due, skipped = pipeline.prepare(db_path, config)
    assert [s.id for s in due] == ["fast"] and skipped == ["slow"]


def test_malformed_html_still_gives_its_text(site: SiteServer, db_path: Path) -> None:
    site.put(
        "/broken",
        "<html><body><div><p>Foro Penal: hay 333 presos políticos en Venezuela<div><p>"
        "<b>sin cerrar <i>nada</table></span>",
    )
    (result,) = run(db_path, [Source("h", "html", site.url("/broken"), "es")])
    assert not result.failed and [c.value for c in result.documents[0].claims] == [333]


def test_malformed_feed_keeps_the_items_it_can_read(site: SiteServer, db_path: Path) -> None:
    site.put("/a", ARTICLE.format(t="a", canon=site.url("/a"), body=RELEVANT.format(n=222)))
    truncated = rss(site, [site.url("/a")]).replace("</channel></rss>", "<item><title>cut")
    site.put("/rss", truncated, "application/rss+xml")
    (result,) = run(db_path, [Source("r", "rss", site.url("/rss"), "es")])
    assert not result.failed and [d.url for d in result.documents] == [site.url("/a")]


def test_sources_are_batched_into_a_bounded_number_of_tasks() -> None:
    many = [Source(f"s{i:04d}", "html", f"https://x.test/{i}") for i in range(1000)]
    groups = pipeline.batches(many)
    assert len(groups) <= pipeline.MAX_TASKS and [s for g in groups for s in g] == many
    few = many[:5]
    assert pipeline.batches(few) == [[s] for s in few]  # few sources: one task each, visible in the UI
